//! Word stemming for the search index: Snowball's English stemmer (Porter2,
//! from the `rust-stemmers` crate), applied the same way to indexed text and
//! to queries, so `refunds`, `refunded` and `refunding` all find `refund`.
//!
//! The browser runtime (`themes/default/static/search.js`) carries a port of
//! the same algorithm; a test stems a large word list with both and compares.
//! Only words made of the letters `a`-`z` are stemmed: the algorithm is
//! defined for English letters, and a word with digits or other scripts
//! (`2fa`, `café`, `請求書`) is kept as it is.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Which stemmer a site's index uses, from its `language` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    /// English (Porter2), for `language = "en"` and its regional variants.
    English,
    /// Words are indexed as they are.
    None,
}

impl Stemming {
    /// English for `en`, `en-GB`, `en_US`...; none for every other language.
    pub fn for_language(language: &str) -> Self {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary == "en" {
            Stemming::English
        } else {
            Stemming::None
        }
    }

    /// The name the manifest records for the browser runtime.
    pub fn name(self) -> &'static str {
        match self {
            Stemming::English => "en",
            Stemming::None => "",
        }
    }

    /// The stem of a lowercased word (see the module docs for which words
    /// are stemmed).
    pub fn stem(self, word: &str) -> Cow<'_, str> {
        static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
        match self {
            Stemming::English
                if !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                ENGLISH.stem(word)
            }
            _ => Cow::Borrowed(word),
        }
    }
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
    fn other_words_and_languages_are_kept() {
        let s = Stemming::English;
        for word in ["2fa", "café", "請求書", "", "v2s", "Refunds"] {
            assert_eq!(s.stem(word), word);
        }
        assert_eq!(Stemming::None.stem("refunds"), "refunds");
    }

    #[test]
    fn language_tags_pick_the_stemmer() {
        assert_eq!(Stemming::for_language("en"), Stemming::English);
        assert_eq!(Stemming::for_language("en-GB"), Stemming::English);
        assert_eq!(Stemming::for_language("EN_us"), Stemming::English);
        assert_eq!(Stemming::for_language("de"), Stemming::None);
        assert_eq!(Stemming::for_language(""), Stemming::None);
        assert_eq!(Stemming::for_language("eng"), Stemming::None);
    }
}
