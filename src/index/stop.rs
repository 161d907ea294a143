//! Stop words: the common words of a language (`the`, `les`, `في`) that are
//! left out of headings and text and dropped from queries unless nothing
//! else remains. Each index's manifest ships its list, so the browser skips
//! the same words.
//!
//! The lists are checked against the tokenizer's words, before stemming:
//! lowercased, NFC, split at anything that is not a letter or a digit (so
//! French elisions arrive as `l`, `d`, `qu`). A language without a list of
//! its own uses the English one: technical text in any language is full of
//! English words, and that is what such sites have always had.

use super::stem::Stemming;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

pub(crate) const ENGLISH: &[&str] = &[
    "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "get", "go", "goes", "got", "had", "has",
    "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
    "or", "our", "should", "so", "some", "than", "that", "the", "then", "there", "this", "to",
    "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you",
    "your",
];

pub(crate) const FRENCH: &[&str] = &[
    "a", "ai", "au", "aux", "avec", "c", "ce", "ces", "cette", "comment", "d", "dans", "de", "des",
    "du", "elle", "en", "est", "et", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "lui",
    "m", "ma", "mais", "me", "mes", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "où",
    "par", "pas", "peut", "peux", "pour", "pourquoi", "qu", "quand", "que", "quel", "quelle",
    "qui", "quoi", "s", "sa", "se", "ses", "si", "son", "sont", "sur", "t", "ta", "te", "tes",
    "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "à",
];

pub(crate) const ARABIC: &[&str] = &[
    "أن",
    "أو",
    "أي",
    "أين",
    "إذا",
    "إلى",
    "إن",
    "التي",
    "الذي",
    "الذين",
    "تلك",
    "ثم",
    "حتى",
    "ذلك",
    "على",
    "عن",
    "عند",
    "في",
    "قد",
    "كان",
    "كانت",
    "كل",
    "كما",
    "كيف",
    "لا",
    "لم",
    "لماذا",
    "لن",
    "له",
    "لها",
    "ما",
    "ماذا",
    "متى",
    "مع",
    "من",
    "هذا",
    "هذه",
    "هل",
    "هو",
    "هي",
    "و",
    "يا",
];

/// A list as a set, with the byte length of its longest word: most words
/// are ruled out by length alone, and a hash probe beats a binary search's
/// string comparisons on the rest.
struct Set {
    words: FxHashSet<&'static str>,
    longest: usize,
}

impl Set {
    fn of(list: &'static [&'static str]) -> Set {
        Set {
            words: list.iter().copied().collect(),
            longest: list.iter().map(|w| w.len()).max().unwrap_or(0),
        }
    }
}

/// The stop words of the language an index is stemmed for.
pub(crate) fn words(stemming: Stemming) -> &'static [&'static str] {
    match stemming {
        Stemming::French => FRENCH,
        Stemming::Arabic => ARABIC,
        Stemming::English | Stemming::None => ENGLISH,
    }
}

pub(crate) fn is_stop_word(word: &str, stemming: Stemming) -> bool {
    static SETS: LazyLock<[Set; 3]> =
        LazyLock::new(|| [Set::of(ENGLISH), Set::of(FRENCH), Set::of(ARABIC)]);
    let set = match stemming {
        Stemming::French => &SETS[1],
        Stemming::Arabic => &SETS[2],
        Stemming::English | Stemming::None => &SETS[0],
    };
    word.len() <= set.longest && set.words.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::search::tokenize;

    #[test]
    fn lists_are_sorted_and_are_words_the_tokenizer_makes() {
        for list in [ENGLISH, FRENCH, ARABIC] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            for word in list {
                assert_eq!(tokenize(word), [*word]);
            }
        }
    }

    #[test]
    fn each_language_skips_its_own_words() {
        for (stemming, list) in [
            (Stemming::English, ENGLISH),
            (Stemming::French, FRENCH),
            (Stemming::Arabic, ARABIC),
            (Stemming::None, ENGLISH),
        ] {
            assert_eq!(words(stemming), list);
            assert!(list.iter().all(|w| is_stop_word(w, stemming)));
            assert!(!is_stop_word("", stemming));
        }
        assert!(
            !is_stop_word("them", Stemming::English) && !is_stop_word("The", Stemming::English)
        );
        assert!(is_stop_word("pourquoi", Stemming::French));
        assert!(!is_stop_word("the", Stemming::French) && !is_stop_word("les", Stemming::English));
        assert!(!is_stop_word("remboursement", Stemming::French));
        assert!(is_stop_word("الذين", Stemming::Arabic) && !is_stop_word("في", Stemming::French));
        assert!(!is_stop_word("المبالغ", Stemming::Arabic));
    }
}
