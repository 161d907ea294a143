//! Result snippets: the passage of a page that matched a query, with the
//! query's words marked.
//!
//! At build time each page is cut into **passages**: the text before its
//! first heading, then one per heading (its anchor, its text and the start of
//! the text under it), and for a question one per answer. Each passage keeps
//! only its first [`PASSAGE_CHARS`] characters and a page at most
//! [`MAX_PASSAGES`] of them, so the per-document file a result needs stays
//! small. At query time the passage that holds the most query words wins
//! (then the one whose heading holds the most, then the first); its words
//! whose stems matched the query are wrapped in `<mark>`.
//!
//! The browser runtime (`themes/default/static/search.js`) chooses and marks
//! the same way; the parity test compares both, snippet by snippet.

use super::search::for_each_word_span;
use super::stem::Stemming;
use crate::parse::markdown::{options, Markdown};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Characters kept of a passage's text (cut at a word, then `…`).
pub(crate) const PASSAGE_CHARS: usize = 200;
/// Passages kept of one page.
pub(crate) const MAX_PASSAGES: usize = 10;

/// `[anchor, heading, text]` in the per-document file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage(pub String, pub String, pub String);

impl Passage {
    pub fn anchor(&self) -> &str {
        &self.0
    }
    pub fn heading(&self) -> &str {
        &self.1
    }
    pub fn text(&self) -> &str {
        &self.2
    }
}

/// Whitespace collapsed, NFC, at most `max` characters cut at a word.
pub(crate) fn clip(text: &str, max: usize) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::parse::markdown::summarize(&nfc(&words), max)
}

/// `text` in NFC; most text already is, which a quick check tells without
/// the cost of normalizing it.
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Adds the passages of a Markdown body to `out` and returns all its text
/// (headings and code included), a space between blocks, for the index.
/// `under`: for an answer, the anchor and label every passage of it gets
/// (its own headings are not anchors on the question page); otherwise each
/// heading's id and text.
pub(crate) fn passages(
    body: &Markdown,
    under: Option<(&str, &str)>,
    out: &mut Vec<Passage>,
) -> String {
    // a body that cannot be read is reported by its page's render
    let body_text = body.text_or_empty();
    let mut plain = String::with_capacity(body_text.len());
    let mut heading_ids = body.headings.iter().map(|h| h.id.as_str());
    let (mut anchor, mut label) = match under {
        Some((a, l)) => (a.to_string(), l.to_string()),
        None => (String::new(), String::new()),
    };
    let mut heading_text = String::new();
    let mut text = String::new();
    let mut in_heading = false;
    let mut in_code = 0usize;
    for event in Parser::new_ext(&body_text, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                plain.push('\n');
                in_heading = true;
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                plain.push('\n');
                in_heading = false;
                let id = heading_ids.next().unwrap_or("");
                if under.is_none() {
                    flush(&anchor, &label, &mut text, out);
                    label = std::mem::take(&mut heading_text);
                    anchor = id.to_string();
                } else {
                    // an answer's own heading reads as part of its text
                    text.push(' ');
                    text.push_str(&heading_text);
                    text.push(' ');
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => {
                in_code = in_code.saturating_sub(1);
                plain.push('\n');
                text.push(' ');
            }
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(&t);
                if in_code > 0 {
                    continue;
                }
                if in_heading {
                    heading_text.push_str(&t);
                } else if text.len() <= PASSAGE_CHARS * 8 {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                plain.push('\n');
                text.push(' ');
            }
            _ => {}
        }
    }
    flush(&anchor, &label, &mut text, out);
    plain
}

/// Adds the passage collected so far, if it says anything and the page has
/// room for it.
fn flush(anchor: &str, label: &str, text: &mut String, out: &mut Vec<Passage>) {
    let clipped = clip(text, PASSAGE_CHARS);
    text.clear();
    if (clipped.is_empty() && label.is_empty()) || out.len() >= MAX_PASSAGES {
        return;
    }
    out.push(Passage(anchor.into(), clip(label, PASSAGE_CHARS), clipped));
}

/// Per matched vocabulary word (a stem), the query words it matched, as a
/// bit set over the query's word positions.
pub(crate) type Matched = BTreeMap<String, u32>;

/// The query words `text`'s words match, as a bit set.
fn words_in(text: &str, matched: &Matched, stemming: Stemming) -> u32 {
    let mut found = 0;
    for_each_word_span(text, |_, word| {
        found |= matched
            .get(stemming.stem(word).as_ref())
            .copied()
            .unwrap_or(0);
    });
    found
}

/// The snippet of a result: its passage's anchor and heading, and the HTML
/// of its text with the matched words marked. Without a passage that holds
/// a query word, the document's excerpt with no anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Snippet {
    pub anchor: String,
    pub heading: String,
    pub html: String,
}

pub(crate) fn choose(
    passages: &[Passage],
    excerpt: &str,
    matched: &Matched,
    stemming: Stemming,
) -> Snippet {
    let mut best: Option<(&Passage, (u32, u32))> = None;
    for p in passages {
        let in_heading = words_in(p.heading(), matched, stemming);
        let all = in_heading | words_in(p.text(), matched, stemming);
        let rank = (all.count_ones(), in_heading.count_ones());
        if rank.0 > 0 && best.is_none_or(|(_, r)| rank > r) {
            best = Some((p, rank));
        }
    }
    match best {
        Some((p, _)) => Snippet {
            anchor: p.anchor().into(),
            heading: p.heading().into(),
            html: mark(p.text(), matched, stemming),
        },
        None => Snippet {
            anchor: String::new(),
            heading: String::new(),
            html: mark(excerpt, matched, stemming),
        },
    }
}

/// `text` as HTML, its words whose stem matched wrapped in `<mark>`. Words
/// that overlap or touch (the character pairs of CJK text) share one mark.
pub(crate) fn mark(text: &str, matched: &Matched, stemming: Stemming) -> String {
    let text = nfc(text);
    let mut html = String::with_capacity(text.len() + 16);
    let mut last = 0;
    let mut open: Option<Range<usize>> = None;
    for_each_word_span(&text, |range, word| {
        if !matched.contains_key(stemming.stem(word).as_ref()) {
            return;
        }
        match open.as_mut() {
            Some(o) if range.start <= o.end => o.end = o.end.max(range.end),
            _ => {
                if let Some(done) = open.replace(range) {
                    mark_into(&text, &mut last, done, &mut html);
                }
            }
        }
    });
    if let Some(done) = open {
        mark_into(&text, &mut last, done, &mut html);
    }
    escape_into(text.get(last..).unwrap_or(""), &mut html);
    html
}

/// Adds the text from `last` to `range` and `range` in a mark.
fn mark_into(text: &str, last: &mut usize, range: Range<usize>, html: &mut String) {
    escape_into(text.get(*last..range.start).unwrap_or(""), html);
    html.push_str("<mark>");
    escape_into(text.get(range.clone()).unwrap_or(""), html);
    html.push_str("</mark>");
    *last = range.end;
}

fn escape_into(text: &str, html: &mut String) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn body(text: &str) -> Markdown {
        crate::parse::markdown::scan(Path::new("a.md"), &Arc::from(text), 0).0
    }

    fn matched(words: &[(&str, u32)]) -> Matched {
        words.iter().map(|(w, m)| (w.to_string(), *m)).collect()
    }

    #[test]
    fn a_page_is_cut_at_its_headings() {
        let md = body("Intro text.\n\n## Keep it cold\n\nA fridge *keeps* beer.\n\n```\ncode here\n```\n\n## Other {#x}\n\nMore.\n");
        let mut out = Vec::new();
        let plain = passages(&md, None, &mut out);
        assert_eq!(
            plain.split_whitespace().collect::<Vec<_>>().join(" "),
            "Intro text. Keep it cold A fridge keeps beer. code here Other More."
        );
        assert_eq!(
            out,
            [
                Passage("".into(), "".into(), "Intro text.".into()),
                Passage(
                    "keep-it-cold".into(),
                    "Keep it cold".into(),
                    "A fridge keeps beer.".into()
                ),
                Passage("x".into(), "Other".into(), "More.".into()),
            ]
        );
    }

    #[test]
    fn an_answer_is_one_anchor_and_long_text_is_clipped() {
        let long = "word ".repeat(200);
        let md = body(&format!("## Inside\n\n{long}\n"));
        let mut out = Vec::new();
        passages(&md, Some(("answer-a", "Answer by x")), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].anchor(), "answer-a");
        assert!(out[0].text().starts_with("Inside word word"));
        assert!(out[0].text().ends_with('…'));
        assert!(out[0].text().chars().count() <= PASSAGE_CHARS);
    }

    #[test]
    fn the_passage_with_most_query_words_wins_and_is_marked() {
        let ps = [
            Passage("".into(), "".into(), "Beer & wine.".into()),
            Passage("cold".into(), "Fridges".into(), "Keep beer <cold>.".into()),
        ];
        let m = matched(&[("beer", 1), ("fridg", 2)]);
        let s = choose(&ps, "excerpt", &m, Stemming::English);
        assert_eq!(s.anchor, "cold");
        assert_eq!(s.html, "Keep <mark>beer</mark> &lt;cold&gt;.");
        let none = choose(
            &ps,
            "An excerpt",
            &matched(&[("zzz", 1)]),
            Stemming::English,
        );
        assert_eq!(none.anchor, "");
        assert_eq!(none.html, "An excerpt");
    }

    #[test]
    fn overlapping_cjk_pairs_share_one_mark() {
        let m = matched(&[("請求", 1), ("求書", 2)]);
        assert_eq!(
            mark("日本語の請求書です", &m, Stemming::English),
            "日本語の<mark>請求書</mark>です"
        );
        let first = matched(&[("請求", 1)]);
        assert_eq!(
            mark("請求書と請求", &first, Stemming::English),
            "<mark>請求</mark>書と<mark>請求</mark>"
        );
        // words apart keep marks apart
        let beer = matched(&[("beer", 1), ("cold", 2)]);
        assert_eq!(
            mark("beer, cold beer", &beer, Stemming::English),
            "<mark>beer</mark>, <mark>cold</mark> <mark>beer</mark>"
        );
    }
}
