//! Word stemming for the search index: Snowball's stemmers (from the
//! `rust-stemmers` crate) for English (Porter2), French and Arabic, applied
//! the same way to indexed text and to queries, so `refunds`, `refunded` and
//! `refunding` all find `refund`, `remboursements` finds `remboursement`, and
//! `المبالغ` finds `مبالغ`.
//!
//! The browser runtime carries ports of the same algorithms: English inside
//! `themes/default/static/search.js`, French and Arabic in `stem-fr.js` and
//! `stem-ar.js`, which only pages in those languages load. A test stems
//! large word lists with both and compares.
//!
//! Which words are stemmed: those made only of the letters the algorithm is
//! written for, so a word in another script, or with digits, is kept as it is
//! (`2fa`, `café` on an English site, `請求書` on any):
//! - English: `a`-`z`;
//! - French: `a`-`z` and `àâæçéèêëîïôœùûüÿ`;
//! - Arabic: the Arabic block (U+0600-U+06FF: letters, marks, Arabic-Indic
//!   digits) and the Arabic presentation forms (U+FB50-U+FDFF,
//!   U+FE70-U+FEFF), which the stemmer maps to plain letters.
//!
//! Each set has a twin in the browser's port (a regular expression beside
//! the stemmer), and the word list test covers both sides of each boundary.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Which stemmer a site's index uses, from its `language` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    /// English (Porter2), for `language = "en"` and its regional variants.
    English,
    /// French, for `fr`, `fr-CA`...
    French,
    /// Arabic, for `ar`, `ar-EG`...
    Arabic,
    /// Words are indexed as they are.
    None,
}

impl Stemming {
    /// The stemmer of a language tag's primary language (`en`, `en-GB`,
    /// `fr_CA`, `AR`); none for the languages without one.
    pub fn for_language(language: &str) -> Self {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Stemming::English,
            "fr" => Stemming::French,
            "ar" => Stemming::Arabic,
            _ => Stemming::None,
        }
    }

    /// The name the manifest records for the browser runtime, which picks
    /// its stemmer by it: English is built into `search.js`, the others are
    /// the theme's `stem-<name>.js`, which the pages of that language load
    /// (`render` finds the file by the language's primary subtag, the same
    /// name).
    pub fn name(self) -> &'static str {
        match self {
            Stemming::English => "en",
            Stemming::French => "fr",
            Stemming::Arabic => "ar",
            Stemming::None => "",
        }
    }

    /// The stem of a lowercased word (see the module docs for which words
    /// are stemmed).
    pub fn stem(self, word: &str) -> Cow<'_, str> {
        static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
        static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));
        static ARABIC: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Arabic));
        if word.is_empty() {
            return Cow::Borrowed(word);
        }
        let (stemmer, slot) = match self {
            Stemming::English if word.bytes().all(|b| b.is_ascii_lowercase()) => (&*ENGLISH, 0),
            Stemming::French if word.chars().all(is_french_letter) => (&*FRENCH, 1),
            Stemming::Arabic if word.chars().all(is_arabic) => (&*ARABIC, 2),
            _ => return Cow::Borrowed(word),
        };
        let known = MEMO.with_borrow(|memo| memo[slot].get(word).cloned());
        let stem = known.unwrap_or_else(|| {
            let stem = match stemmer.stem(word) {
                Cow::Borrowed(_) => None,
                Cow::Owned(stem) => Some(Box::from(stem)),
            };
            MEMO.with_borrow_mut(|memo| {
                if memo[slot].len() >= MEMO_WORDS {
                    memo[slot].clear();
                }
                memo[slot].insert(Box::from(word), stem.clone());
            });
            stem
        });
        match stem {
            Some(stem) => Cow::Owned(stem.into()),
            None => Cow::Borrowed(word),
        }
    }
}

/// Words whose stems one thread remembers, per stemmer, before it starts over.
const MEMO_WORDS: usize = 1 << 16;

/// A stem per word: None when the stem is the word itself.
type Memo = rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>;

thread_local! {
    /// Stems this thread already worked out, per stemmer (English, French,
    /// Arabic). A site repeats a few thousand words over and over, and
    /// stemming each occurrence again was about a fifteenth of a build's
    /// CPU time.
    static MEMO: std::cell::RefCell<[Memo; 3]> = std::cell::RefCell::default();
}

fn is_french_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "àâæçéèêëîïôœùûüÿ".contains(c)
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_lose_their_inflections() {
        let s = Stemming::English;
        for (word, stem) in [
            ("refunds", "refund"),
            ("refunded", "refund"),
            ("refunding", "refund"),
            ("invoices", "invoic"),
            ("invoice", "invoic"),
            ("pages", "page"),
            ("keeping", "keep"),
            ("generously", "generous"),
            ("skies", "sky"),
            ("dying", "die"),
            ("happy", "happi"),
            ("yelling", "yell"),
        ] {
            assert_eq!(s.stem(word), stem, "{word}");
        }
    }

    #[test]
    fn french_words_lose_their_inflections() {
        let s = Stemming::French;
        for (word, stem) in [
            ("remboursements", "rembours"),
            ("rembourser", "rembours"),
            ("remboursé", "rembours"),
            ("factures", "factur"),
            ("facturation", "factur"),
            ("chevaux", "cheval"),
            ("généralement", "général"),
            ("délais", "del"),
            ("délai", "del"),
            ("œuvres", "œuvr"),
        ] {
            assert_eq!(s.stem(word), stem, "{word}");
        }
    }

    #[test]
    fn arabic_words_lose_their_article_and_endings() {
        let s = Stemming::Arabic;
        for (word, stem) in [
            ("المبالغ", "مبالغ"),
            ("مبالغ", "مبالغ"),
            ("المستردة", "مسترد"),
            ("الفواتير", "فواتير"),
            // the tanwin (a mark) goes with the ending
            ("يومًا", "يوم"),
            // Arabic-Indic digits become digits
            ("٣٠", "30"),
        ] {
            assert_eq!(s.stem(word), stem, "{word}");
        }
    }

    #[test]
    fn other_words_and_languages_are_kept() {
        let s = Stemming::English;
        for word in ["2fa", "café", "請求書", "", "v2s", "Refunds"] {
            assert_eq!(s.stem(word), word);
        }
        assert_eq!(Stemming::None.stem("refunds"), "refunds");
        // a French site stems English words by the French rules, and keeps
        // words with digits or other scripts
        for word in ["2fa", "請求書", "المبالغ", "straße", "Remboursements", ""] {
            assert_eq!(Stemming::French.stem(word), word, "{word}");
        }
        for word in ["refunds", "2fa", "請求書", "remboursements", "مبالغ2"] {
            assert_eq!(Stemming::Arabic.stem(word), word, "{word}");
        }
    }

    #[test]
    fn language_tags_pick_the_stemmer() {
        assert_eq!(Stemming::for_language("en"), Stemming::English);
        assert_eq!(Stemming::for_language("en-GB"), Stemming::English);
        assert_eq!(Stemming::for_language("EN_us"), Stemming::English);
        assert_eq!(Stemming::for_language("fr"), Stemming::French);
        assert_eq!(Stemming::for_language("fr-CA"), Stemming::French);
        assert_eq!(Stemming::for_language("ar"), Stemming::Arabic);
        assert_eq!(Stemming::for_language("ar_EG"), Stemming::Arabic);
        assert_eq!(Stemming::for_language("de"), Stemming::None);
        assert_eq!(Stemming::for_language(""), Stemming::None);
        assert_eq!(Stemming::for_language("eng"), Stemming::None);
        assert_eq!(Stemming::for_language("fra"), Stemming::None);
    }
}
