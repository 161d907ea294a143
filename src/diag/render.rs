//! Drawing diagnostics: rustc-style for people (codespan-reporting), JSON
//! lines for tools, and GitHub workflow commands for pull-request annotations.

use super::{Diagnostic, Severity, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style, optionally coloured.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// `::error file=…,line=…,col=…::message` workflow commands.
    Github,
}

/// Renders `diagnostics` as text. `root` is where relative paths are read
/// from, to show the offending source line.
pub fn render(diagnostics: &[Diagnostic], root: &Path, format: Format, color: bool) -> String {
    match format {
        Format::Human => render_human(diagnostics, root, color),
        Format::Json => diagnostics
            .iter()
            .filter_map(|d| serde_json::to_string(d).ok())
            .map(|line| line + "\n")
            .collect(),
        Format::Github => diagnostics.iter().map(render_github).collect(),
    }
}

fn render_github(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = format!("file={}", escape_property(&d.path.to_string_lossy()));
    if let Some(span) = d.span {
        props.push_str(&format!(",line={},col={}", span.line, span.column));
    }
    props.push_str(&format!(",title={}", escape_property(d.code.0)));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhelp: ");
        message.push_str(hint);
    }
    format!("::{kind} {props}::{}\n", escape_data(&message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn render_human(diagnostics: &[Diagnostic], root: &Path, color: bool) -> String {
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<std::path::PathBuf, Option<usize>> = BTreeMap::new();
    let mut file_id = |path: &Path, files: &mut SimpleFiles<String, String>| -> Option<usize> {
        *ids.entry(path.to_path_buf()).or_insert_with(|| {
            let text = std::fs::read(root.join(path)).ok()?;
            let text = String::from_utf8_lossy(&text).replace("\r\n", "\n");
            Some(files.add(path.display().to_string(), text))
        })
    };
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    // A page with thousands of the same mistake shows the first few; the
    // rest are counted, so the output stays readable (and fast).
    const PER_FILE_AND_CODE: usize = 20;
    let mut shown: BTreeMap<(&Path, super::Code), usize> = BTreeMap::new();
    let mut hidden: BTreeMap<(&Path, super::Code), usize> = BTreeMap::new();
    let config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    for d in diagnostics {
        let count = shown.entry((d.path.as_path(), d.code)).or_insert(0);
        *count += 1;
        if *count > PER_FILE_AND_CODE {
            *hidden.entry((d.path.as_path(), d.code)).or_insert(0) += 1;
            continue;
        }
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity)
            .with_code(d.code.0)
            .with_message(&d.message);
        let mut notes = Vec::new();
        let mut labels = Vec::new();
        let file = file_id(&d.path, &mut files);
        // very long lines (minified or generated text) are not drawn
        let drawable = |id: usize, line: usize| {
            files
                .get(id)
                .ok()
                .and_then(|f| {
                    f.source()
                        .lines()
                        .nth(line.saturating_sub(1))
                        .map(|l| l.len() <= 400)
                })
                .unwrap_or(false)
        };
        match (d.span, file) {
            (Some(span), Some(id)) if drawable(id, span.line) => {
                let range = byte_range(files.get(id).ok().map(|f| f.source().as_str()), span);
                labels.push(Label::primary(id, range));
            }
            (Some(span), _) => notes.push(format!(
                "--> {}:{}:{}",
                d.path.display(),
                span.line,
                span.column
            )),
            (None, _) => notes.push(format!("--> {}", d.path.display())),
        }
        for related in &d.related {
            match file_id(&related.path, &mut files) {
                Some(id) => {
                    let range = byte_range(
                        files.get(id).ok().map(|f| f.source().as_str()),
                        related.span,
                    );
                    labels.push(Label::secondary(id, range).with_message(&related.message));
                }
                None => notes.push(format!(
                    "{}: {}:{}",
                    related.message,
                    related.path.display(),
                    related.span.line
                )),
            }
        }
        if let Some(hint) = &d.hint {
            notes.push(format!("help: {hint}"));
        }
        cs = cs.with_labels(labels).with_notes(notes);
        if term::emit_to_write_style(&mut buffer, &config, &files, &cs).is_err() {
            // The file changed under us; fall back to the plain one-line form.
            let line = match d.span {
                Some(s) => format!("{}:{}:{}", d.path.display(), s.line, s.column),
                None => d.path.display().to_string(),
            };
            let text = format!("{}[{}]: {}\n  --> {line}\n", kind(d), d.code, d.message);
            std::io::Write::write_all(&mut buffer, text.as_bytes()).ok();
        }
    }
    let mut text = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    for ((path, code), n) in hidden {
        text.push_str(&format!(
            "note: {n} more {code} in {} not shown\n\n",
            path.display()
        ));
    }
    text
}

fn kind(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Byte range in `source` of a 1-based line/column span (columns count characters).
fn byte_range(source: Option<&str>, span: Span) -> std::ops::Range<usize> {
    let Some(source) = source else { return 0..0 };
    let mut offset = 0;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        if index + 1 == span.line {
            let content = line.trim_end_matches('\n');
            let start = content
                .char_indices()
                .nth(span.column.saturating_sub(1))
                .map_or(content.len(), |(i, _)| i);
            let rest = content.get(start..).unwrap_or("");
            let len: usize = rest.chars().take(span.len.max(1)).map(char::len_utf8).sum();
            return offset + start..offset + start + len;
        }
        offset += line.len();
    }
    source.len()..source.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn human_output_shows_path_line_caret_and_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "---\ntitel: x\n---\n").unwrap();
        let d = Diagnostic::error(Code::UNKNOWN_KEY, "a.md", "unknown key `titel`")
            .at(Span::new(2, 1, 5))
            .hint("did you mean `title`?");
        let out = render(&[d], dir.path(), Format::Human, false);
        assert!(out.contains("error[TH0102]: unknown key `titel`"), "{out}");
        assert!(out.contains("a.md:2:1"), "{out}");
        assert!(out.contains("titel: x"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn repeated_problems_are_capped_and_long_lines_not_drawn() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), format!("{}\n", "x".repeat(5000))).unwrap();
        let many: Vec<Diagnostic> =
            (0..50)
                .map(|i| {
                    Diagnostic::error(Code::BROKEN_ANCHOR, "a.md", format!("bad {i}"))
                        .at(Span::new(1, i + 1, 1))
                })
                .collect();
        let out = render(&many, dir.path(), Format::Human, false);
        assert_eq!(out.matches("error[TH0204]").count(), 20);
        assert!(
            out.contains("note: 30 more TH0204 in a.md not shown"),
            "{out}"
        );
        assert!(
            !out.contains("xxxxxxxxxx"),
            "the 5000-character line is not drawn"
        );
        assert!(out.contains("--> a.md:1:1"), "{out}");
    }

    #[test]
    fn github_format_escapes_properties() {
        let d = Diagnostic::warning(Code::UNKNOWN_TAG, "a,b.md", "bad\nthing").at_line(3, 4);
        let out = render(&[d], Path::new("."), Format::Github, false);
        assert_eq!(
            out,
            "::warning file=a%2Cb.md,line=3,col=4,title=TH0201::bad%0Athing\n"
        );
    }

    #[test]
    fn byte_range_handles_out_of_range_positions() {
        assert_eq!(byte_range(Some("ab\ncd"), Span::new(2, 2, 1)), 4..5);
        assert_eq!(byte_range(Some("ab\ncd"), Span::new(9, 9, 1)), 5..5);
        assert_eq!(byte_range(Some("ab"), Span::new(1, 9, 3)), 2..2);
    }
}
