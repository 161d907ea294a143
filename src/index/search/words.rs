//! Words: what text becomes before it is indexed or looked up. A word is a
//! run of letters and digits, lowercased, in NFC. Scripts written without
//! spaces between words (Han, Hiragana, Katakana, Hangul) have no runs to
//! cut at, so their text becomes overlapping pairs of characters
//! (`請求書` is `請求` and `求書`; a lone character is a word of its own):
//! a query's pairs are then found wherever the text holds them, whatever
//! the site's language. `search.js` cuts text the same way.

use std::ops::Range;

/// The words of `text`, in order.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, |word| words.push(word.to_string()));
    words
}

/// `tokenize` without allocating a String per word: most text is already
/// NFC (checked quickly) and mostly ASCII.
pub(super) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    for_each_word_span(&crate::slug::nfc(text), |_, word| f(word));
}

/// The words of an NFC `text` with their byte range in it, in the order
/// they start. The pairs of a run of CJK characters overlap by one
/// character.
pub fn for_each_word_span(text: &str, mut f: impl FnMut(Range<usize>, &str)) {
    let mut word = String::new();
    let mut start = 0;
    // the CJK run being read: its last character, where that starts, and
    // whether the run is longer than that one character
    let mut cjk: Option<(char, usize, bool)> = None;
    let mut pair = String::new();
    // a run of one CJK character is a word of its own
    fn end_cjk(cjk: &mut Option<(char, usize, bool)>, f: &mut impl FnMut(Range<usize>, &str)) {
        if let Some((c, at, false)) = cjk.take() {
            let mut one = [0; 4];
            f(at..at + c.len_utf8(), c.encode_utf8(&mut one));
        }
    }
    for (i, c) in text.char_indices() {
        if !(c.is_alphabetic() || c.is_numeric()) {
            if !word.is_empty() {
                f(start..i, &word);
                word.clear();
            }
            end_cjk(&mut cjk, &mut f);
        } else if !c.is_ascii() && is_cjk(c) {
            if !word.is_empty() {
                f(start..i, &word);
                word.clear();
            }
            if let Some((previous, at, _)) = cjk {
                pair.clear();
                pair.push(previous);
                pair.push(c);
                f(at..i + c.len_utf8(), &pair);
            }
            cjk = Some((c, i, cjk.is_some()));
        } else {
            end_cjk(&mut cjk, &mut f);
            if word.is_empty() {
                start = i;
            }
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        }
    }
    if !word.is_empty() {
        f(start..text.len(), &word);
    }
    end_cjk(&mut cjk, &mut f);
}

/// Characters of the scripts written without spaces: Hangul Jamo; the CJK
/// blocks from U+3000 to U+9FFF (symbols with the iteration marks,
/// Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, the enclosed and
/// compatibility forms, the ideographs and extension A); Hangul; the
/// compatibility ideographs; halfwidth Katakana and Hangul; the Kana
/// supplements; the ideographs' extensions B to H. Only the letters and
/// digits among them make words. `search.js` has the same ranges.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3000}'..='\u{9FFF}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FFDC}'
        | '\u{1B000}'..='\u{1B16F}'
        | '\u{20000}'..='\u{323AF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        for_each_word_span(text, |range, word| out.push((range, word.to_string())));
        out
    }

    #[test]
    fn tokenize_normalises_and_lowercases_beyond_ascii() {
        // "é" written as e + combining accent is the same word as "é"
        assert_eq!(tokenize("Cafe\u{301} ÉTÉ İx"), ["café", "été", "i\u{307}x"]);
    }

    #[test]
    fn tokenize_folds_case_and_splits_on_punctuation() {
        assert_eq!(
            tokenize("Partial-Refunds, café 2FA!"),
            ["partial", "refunds", "café", "2fa"]
        );
        assert_eq!(tokenize("cafe\u{301}"), ["café"]);
        assert!(tokenize("  ").is_empty());
        assert_eq!(tokenize("l'équipe"), ["l", "équipe"]);
        assert_eq!(tokenize("المبالغ المستردة"), ["المبالغ", "المستردة"]);
    }

    #[test]
    fn cjk_text_becomes_overlapping_pairs() {
        assert_eq!(tokenize("請求書"), ["請求", "求書"]);
        assert_eq!(
            tokenize("日本語の請求書"),
            ["日本", "本語", "語の", "の請", "請求", "求書"]
        );
        // a lone character is its own word; Hangul and Katakana pair too
        assert_eq!(tokenize("書 は"), ["書", "は"]);
        assert_eq!(tokenize("환불 요청"), ["환불", "요청"]);
        assert_eq!(tokenize("カード"), ["カー", "ード"]);
        assert_eq!(tokenize("ㄅㄆㄇ"), ["ㄅㄆ", "ㄆㄇ"]);
        // CJK punctuation cuts runs like any other
        assert_eq!(tokenize("請求、書。"), ["請求", "書"]);
        // beside other letters, in one run: the CJK part pairs, the rest is a word
        assert_eq!(tokenize("PDF請求書v2"), ["pdf", "請求", "求書", "v2"]);
        assert_eq!(tokenize("a書b"), ["a", "書", "b"]);
        // outside the BMP (CJK extension B) too
        assert_eq!(tokenize("𠀋𠀍"), ["𠀋𠀍"]);
        assert_eq!(tokenize("Refunds 日本"), ["refunds", "日本"]);
    }

    #[test]
    fn spans_of_pairs_overlap_and_come_in_text_order() {
        let s = spans("ab 請求書 x");
        let words: Vec<&str> = s.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(words, ["ab", "請求", "求書", "x"]);
        assert_eq!(s[1].0, 3..9);
        assert_eq!(s[2].0, 6..12);
        assert_eq!(s[3].0, 13..14);
        assert_eq!(spans("書")[0].0, 0..3);
        assert!(s.windows(2).all(|w| w[0].0.start < w[1].0.start));
    }
}
