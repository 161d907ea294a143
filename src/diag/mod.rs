//! The one error currency of every command: a `Diagnostic` names a file, a
//! position, a stable code, a message and (when the fix is obvious) a hint.
//! Content problems are collected into `Diagnostics`, never thrown, so a
//! writer sees every problem of a run at once.
//!
//! This module depends on no pipeline stage; every stage depends on it.

mod codes;
mod render;

pub use codes::{Code, CATALOGUE};
pub use render::{render, Format};

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file. Lines and columns are 1-based; `len` is the
/// number of characters to underline (at least one is drawn).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, Default,
)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl Span {
    pub fn new(line: usize, column: usize, len: usize) -> Self {
        Span { line, column, len }
    }

    /// The span of byte `offset` in `text` (1-based line and column, counted in characters).
    pub fn at_offset(text: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(text, offset);
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Span { line, column, len }
    }
}

/// Spans for many offsets into one text, in increasing order, in linear
/// total time (a page with 10,000 links must not rescan the file each time).
pub struct SpanCursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> SpanCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        SpanCursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    pub fn span(&mut self, offset: usize, len: usize) -> Span {
        let offset = floor_char_boundary(self.text, offset);
        if offset < self.offset {
            *self = SpanCursor::new(self.text);
        }
        let passed = self.text.get(self.offset..offset).unwrap_or("");
        match passed.rfind('\n') {
            Some(last) => {
                self.line += passed.bytes().filter(|b| *b == b'\n').count();
                self.column = passed[last + 1..].chars().count() + 1;
            }
            None => self.column += passed.chars().count(),
        }
        self.offset = offset;
        Span {
            line: self.line,
            column: self.column,
            len,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A related place shown under the main one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: PathBuf,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Path relative to the site root (or as given, for files outside it).
    pub path: PathBuf,
    pub span: Option<Span>,
    pub message: String,
    pub hint: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn error(code: Code, path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.as_ref().to_path_buf(),
            span: None,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: Code, path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_line(self, line: usize, column: usize) -> Self {
        self.at(Span::new(line, column, 1))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn related(
        mut self,
        path: impl AsRef<Path>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            path: path.as_ref().to_path_buf(),
            span,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, Option<Span>, Code, &str) {
        (&self.path, self.span, self.code, &self.message)
    }
}

/// The collector every stage writes into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Makes every error with `code` a warning (a site's own choice of
    /// severity, such as `[check] broken_links = "warn"`).
    pub fn downgrade(&mut self, code: Code) {
        for d in self.items.iter_mut().filter(|d| d.code == code) {
            d.severity = Severity::Warning;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Diagnostics in a stable order (path, position, code), so output does
    /// not depend on thread scheduling.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// "did you mean …?" for a misspelt key, tag or slug.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| is_close(word, c))
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Close enough to be the word meant: a few typing slips apart (one edit
/// per four characters, at least one) and alike in shape. A shared prefix
/// alone (`getting-started.md` for `getting-paid.md`) is not enough.
fn is_close(word: &str, candidate: &str) -> bool {
    let longest = word.chars().count().max(candidate.chars().count());
    let allowed = (longest / 4).max(1);
    strsim::damerau_levenshtein(word, candidate) <= allowed
        && strsim::jaro_winkler(word, candidate) > 0.8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_at_offset_counts_lines_and_chars() {
        let text = "ab\ncdé\nfg";
        assert_eq!(Span::at_offset(text, 0, 1), Span::new(1, 1, 1));
        assert_eq!(Span::at_offset(text, 4, 1), Span::new(2, 2, 1));
        // 'f' is after a two-byte é and a newline
        assert_eq!(Span::at_offset(text, 8, 1), Span::new(3, 1, 1));
        // offsets past the end or inside a char do not panic
        assert_eq!(Span::at_offset(text, 99, 1).line, 3);
        assert_eq!(Span::at_offset(text, 6, 1), Span::new(2, 3, 1));
    }

    #[test]
    fn cursor_agrees_with_at_offset() {
        let text = "ab\ncdé\nfg\n\nxyz";
        let mut cursor = SpanCursor::new(text);
        for offset in [0, 1, 4, 6, 8, 9, 12, 3, 13] {
            assert_eq!(
                cursor.span(offset, 1),
                Span::at_offset(text, offset, 1),
                "{offset}"
            );
        }
        // every offset in order, inside a character too
        let mut cursor = SpanCursor::new(text);
        for offset in 0..=text.len() + 1 {
            assert_eq!(
                cursor.span(offset, 1),
                Span::at_offset(text, offset, 1),
                "{offset}"
            );
        }
    }

    #[test]
    fn closest_suggests_a_near_word_only() {
        assert_eq!(closest("titel", ["title", "tags", "weight"]), Some("title"));
        assert_eq!(closest("zzzz", ["title", "tags"]), None);
        assert_eq!(closest("biling", ["billing", "accounts"]), Some("billing"));
        // a shared prefix is not a typo
        assert_eq!(closest("getting-paid.md", ["getting-started.md"]), None);
        assert_eq!(closest("intro.md", ["index.md"]), None);
        assert_eq!(
            closest("refund.md", ["refunds.md", "invoices.md"]),
            Some("refunds.md")
        );
    }

    #[test]
    fn sorted_orders_by_path_then_position() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(Code::UNKNOWN_KEY, "b.md", "x").at_line(1, 1));
        d.push(Diagnostic::error(Code::UNKNOWN_KEY, "a.md", "x").at_line(9, 1));
        d.push(Diagnostic::error(Code::UNKNOWN_KEY, "a.md", "x").at_line(2, 1));
        let paths: Vec<_> = d
            .sorted()
            .into_iter()
            .map(|d| (d.path, d.span.map(|s| s.line)))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("a.md".into(), Some(2)),
                ("a.md".into(), Some(9)),
                ("b.md".into(), Some(1))
            ]
        );
    }
}
