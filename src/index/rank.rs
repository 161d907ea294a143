//! The ranking model of search, a BM25F-style score (see the search
//! reference page for the reader's version):
//!
//! - each query word scores `idf × tf × (K1 + 1) / (tf + K1)`, where `idf`
//!   is the word's rarity in the index (`ln(1 + (N - df + ½) / (df + ½))`,
//!   `N` documents, `df` of them matching the word), and `tf` sums the
//!   fields the word matched in, each with its weight ([`FIELDS`]), the
//!   match's quality (exact, prefix, typo) and, for the title and the body,
//!   the field's length against the index's average ([`B_TITLE`],
//!   [`B_BODY`]);
//! - body words carry their count in the page, in four classes (the field
//!   letter `B`, `C`, `D` or `E` of the indexed term), so the index stays
//!   lists of documents per term;
//! - a page whose title's every word was matched gets [`WHOLE_TITLE`] more;
//! - among the first [`RERANK`] results, a page where query words stand
//!   next to each other, in the query's order, in its title or a heading
//!   ([`NEAR_HEADING`]) or in a passage's text ([`NEAR_TEXT`]) gets that
//!   share more.
//!
//! Pages matching more of the query's words rank first; the score orders
//! pages that match as many.
//!
//! Everything here is plain IEEE arithmetic (`+ - × ÷` and comparisons;
//! `ln` is computed from those), so the browser runtime
//! (`themes/default/static/search.js`) computes bit-identical scores. The
//! constants were chosen with `bench/relevance.py`.

/// Term-frequency saturation.
pub(crate) const K1: f64 = 1.2;
/// How much a title's length (in words) against the average counts.
pub(crate) const B_TITLE: f64 = 0.5;
/// How much a body's length against the average counts.
pub(crate) const B_BODY: f64 = 0.3;
/// Score factor of a prefix match, and of a typo match, against an exact one.
pub(crate) const PREFIX: f64 = 0.7;
pub(crate) const TYPO: f64 = 0.5;
/// Extra share of the score when every word of the title was matched.
pub(crate) const WHOLE_TITLE: f64 = 0.3;
/// Extra share of the score for query words next to each other in the
/// title or a heading, and in a passage's text.
pub(crate) const NEAR_HEADING: f64 = 0.5;
pub(crate) const NEAR_TEXT: f64 = 0.2;
/// How many of the first results the proximity bonus may reorder: the
/// search box shows eight, so it fetches no document it would not show.
pub(crate) const RERANK: usize = 8;

/// A field of the index: its term prefix letter, its weight and the term
/// count it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Field {
    pub letter: char,
    pub weight: f64,
    /// For body classes, a typical count of the class (1 for other fields).
    pub count: f64,
    pub kind: FieldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Title,
    /// Headings, tags, an idea's status, a question's accepted answer.
    Heading,
    Body,
}

/// The fields, in the order their contributions are added.
pub(crate) const FIELDS: [Field; 6] = [
    field('T', 6.0, 1.0, FieldKind::Title),
    field('H', 4.0, 1.0, FieldKind::Heading),
    field('B', 1.0, 1.0, FieldKind::Body),
    field('C', 1.0, 1.7, FieldKind::Body),
    field('D', 1.0, 2.5, FieldKind::Body),
    field('E', 1.0, 4.0, FieldKind::Body),
];

const fn field(letter: char, weight: f64, count: f64, kind: FieldKind) -> Field {
    Field {
        letter,
        weight,
        count,
        kind,
    }
}

/// The body field letter for a word used `count` times in a page's body.
pub(crate) fn body_letter(count: u32) -> char {
    match count {
        0 | 1 => 'B',
        2 | 3 => 'C',
        4..=9 => 'D',
        _ => 'E',
    }
}

/// A body of `words` words as a length class: `floor(2 log2(words + 1))`.
pub(crate) fn length_class(words: usize) -> u32 {
    let n = (words as u64).saturating_add(1);
    let square = n.saturating_mul(n);
    (u64::BITS - square.leading_zeros()).saturating_sub(1)
}

/// The length a class stands for: `√2^class`.
pub(crate) fn class_length(class: u32) -> f64 {
    let mut length = 1.0;
    for _ in 0..class.min(80) {
        length *= std::f64::consts::SQRT_2;
    }
    length
}

/// `ln(x)` for `x >= 1` from `+ - × ÷` alone (the same bits in JavaScript):
/// halve to `[1, 2)`, then the `atanh` series.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 1.0 {
        return 0.0;
    }
    let mut m = x;
    let mut e = 0.0;
    while m >= 2.0 {
        m /= 2.0;
        e += 1.0;
    }
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut term = t;
    let mut sum = 0.0;
    let mut k = 1.0;
    while k < 30.0 {
        sum += term / k;
        term *= t2;
        k += 2.0;
    }
    e * std::f64::consts::LN_2 + 2.0 * sum
}

/// A word's rarity: `ln(1 + (N - df + 0.5) / (df + 0.5))`.
pub(crate) fn idf(docs: usize, df: usize) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    ln(1.0 + (n - df + 0.5).max(0.0) / (df + 0.5))
}

/// Length normalisation of a field: `1 - b + b × length / average`.
pub(crate) fn norm(b: f64, length: f64, average: f64) -> f64 {
    if average <= 0.0 {
        return 1.0;
    }
    1.0 - b + b * length / average
}

/// A word's score from its weighted frequency `tf`.
pub(crate) fn saturate(idf: f64, tf: f64) -> f64 {
    if tf <= 0.0 {
        return 0.0;
    }
    idf * tf * (K1 + 1.0) / (tf + K1)
}

/// A score as the integer results carry: thousandths, rounded.
pub(crate) fn points(score: f64) -> u32 {
    (score * 1000.0 + 0.5).floor().clamp(0.0, u32::MAX as f64) as u32
}

/// The share of a query's adjacent word pairs (`i`, `i + 1`) that stand
/// next to each other, in that order, in `tokens` (each token the bit set
/// of the query words it matched; stop words already left out).
pub(crate) fn near_share(tokens: &[u32], words: usize) -> f64 {
    if words < 2 {
        return 0.0;
    }
    let mut pairs = 0u32;
    for pair in tokens.windows(2) {
        if let [a, b] = pair {
            // pair i found when word i is in a and word i + 1 in b
            pairs |= a & (b >> 1);
        }
    }
    let mask = if words > 32 {
        u32::MAX
    } else {
        (1u32 << (words - 1)) - 1
    };
    f64::from((pairs & mask).count_ones()) / (words - 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_agrees_with_the_library_to_many_digits() {
        for x in [1.0, 1.5, 2.0, 2.5, 10.0, 123.456, 1e6, 9.9e9] {
            let ours = ln(x);
            assert!(
                (ours - x.ln()).abs() < 1e-12 * x.ln().max(1.0),
                "{x}: {ours}"
            );
        }
        assert_eq!(ln(0.5), 0.0);
        assert_eq!(ln(f64::NAN), 0.0);
    }

    #[test]
    fn rarer_words_weigh_more_and_no_word_weighs_less_than_nothing() {
        assert!(idf(1000, 1) > idf(1000, 10));
        assert!(idf(1000, 10) > idf(1000, 500));
        assert!(idf(1000, 1000) > 0.0);
        assert!(idf(10, 50) >= 0.0);
    }

    #[test]
    fn body_counts_fall_into_four_classes() {
        let letters: String = [1, 2, 3, 4, 9, 10, 500].map(body_letter).iter().collect();
        assert_eq!(letters, "BCCDDEE");
    }

    #[test]
    fn length_classes_grow_by_half_powers_of_two() {
        assert_eq!(length_class(0), 0);
        assert_eq!(length_class(1), 2);
        assert_eq!(length_class(3), 4);
        assert_eq!(length_class(1000), 19);
        assert_eq!(class_length(2), 2.0000000000000004);
        assert!((class_length(20) - 1024.0).abs() < 1e-9);
    }

    #[test]
    fn frequency_saturates() {
        let one = saturate(1.0, 1.0);
        let ten = saturate(1.0, 10.0);
        assert!(ten > one && ten < (K1 + 1.0));
        assert_eq!(saturate(2.0, 0.0), 0.0);
    }

    #[test]
    fn adjacent_query_words_are_counted_in_order() {
        // query "a b c": tokens a b x c -> pair (a, b) found, (b, c) not
        assert_eq!(near_share(&[0b001, 0b010, 0, 0b100], 3), 0.5);
        assert_eq!(near_share(&[0b001, 0b010, 0b100], 3), 1.0);
        // reversed order does not count
        assert_eq!(near_share(&[0b010, 0b001], 2), 0.0);
        assert_eq!(near_share(&[0b1], 1), 0.0);
    }

    #[test]
    fn points_round_to_thousandths() {
        assert_eq!(points(1.2345), 1235);
        assert_eq!(points(0.0), 0);
    }
}
