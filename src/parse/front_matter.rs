//! Splitting `---` YAML front matter from the body, keeping line numbers, and
//! reading typed fields out of it. Every problem is a diagnostic at the key's
//! line; all keys of a file are checked, not just the first bad one.
//!
//! (Over 600 lines only with its unit tests: one per key shape and error.)

use crate::clock::{parse_date, Date};
use crate::content::front_matter::{opening, region};
use crate::diag::{closest, Code, Diagnostic, Span};
use serde_yaml_ng::{Mapping, Value};
use std::path::{Path, PathBuf};

/// The front matter of one file, with the diagnostics its fields raised.
pub(crate) struct FrontMatter {
    path: PathBuf,
    yaml: String,
    /// File line of the first YAML line (the line after the opening `---`).
    first_line: usize,
    map: Mapping,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file split into front matter and body.
pub(crate) struct Split<'a> {
    pub front_matter: FrontMatter,
    pub body: &'a str,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
}

/// Splits `text` into front matter and body. A file without front matter
/// gets an empty mapping (required keys then report as missing).
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if opening(text).is_none() {
        let trimmed = text.trim_start();
        if trimmed.starts_with("---") && !text.starts_with("---") {
            let offset = text.len() - trimmed.len();
            return Err(Diagnostic::error(
                Code::YAML_SYNTAX,
                path,
                "front matter must start on the first line",
            )
            .at(Span::at_offset(text, offset, 3))
            .hint("remove the blank lines or spaces before the opening `---`"));
        }
        return Ok(Split {
            front_matter: FrontMatter::empty(path),
            body: text,
            body_offset: 0,
        });
    }
    let Some(found) = region(text) else {
        return Err(
            Diagnostic::error(Code::UNTERMINATED, path, "front matter is never closed")
                .at(Span::new(1, 1, 3))
                .hint("add a line with `---` after the last front-matter key"),
        );
    };
    let yaml = found.yaml(text);
    let map = parse_yaml(path, yaml, 2)?;
    Ok(Split {
        front_matter: FrontMatter {
            path: path.to_path_buf(),
            yaml: yaml.to_string(),
            first_line: 2,
            map,
            diagnostics: Vec::new(),
        },
        body: found.body(text),
        body_offset: found.body_start,
    })
}

/// Where the body of `text` starts even when its front matter is not
/// valid YAML: its other problems can still be found. `None` when the
/// front matter is never closed.
pub(crate) fn body_offset(text: &str) -> Option<usize> {
    match opening(text) {
        Some(_) => region(text).map(|r| r.body_start),
        None => Some(0),
    }
}

fn parse_yaml(path: &Path, yaml: &str, first_line: usize) -> Result<Mapping, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(Diagnostic::error(
            Code::YAML_SYNTAX,
            path,
            "front matter must be a mapping of `key: value` lines",
        )
        .at(Span::new(first_line, 1, 1))),
        Err(e) => {
            let span = e.location().map_or(Span::new(first_line, 1, 1), |loc| {
                Span::new(
                    first_line + loc.line().saturating_sub(1),
                    loc.column().max(1),
                    1,
                )
            });
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            let at_line = |index: usize| Span::new(first_line + index, 1, 3);
            if message.contains("more than one document") {
                // serde_yaml_ng has no position for this one
                let index = yaml
                    .lines()
                    .position(|l| l.starts_with("---") || l.starts_with("..."));
                return Err(Diagnostic::error(
                    Code::YAML_SYNTAX,
                    path,
                    "front matter holds a second YAML document",
                )
                .at(index.map_or(span, at_line))
                .hint("front matter is one YAML mapping between two `---` lines; remove the extra `---`"));
            }
            if message.contains("end of stream") || message.contains("quoted scalar") {
                let unclosed = yaml.lines().position(|l| {
                    let value = l.split_once(": ").map_or("", |(_, v)| v).trim_start();
                    (value.starts_with('"') && value.matches('"').count() % 2 == 1)
                        || (value.starts_with('\'') && value.matches('\'').count() % 2 == 1)
                });
                if let Some(index) = unclosed {
                    return Err(Diagnostic::error(
                        Code::YAML_SYNTAX,
                        path,
                        "invalid YAML: a quoted value is never closed",
                    )
                    .at(at_line(index))
                    .hint("close the quote at the end of the value"));
                }
            }
            if let Some(key) = message
                .strip_prefix("duplicate entry with key \"")
                .and_then(|rest| rest.strip_suffix('"'))
            {
                let mut lines = yaml.lines().enumerate().filter(|(_, l)| {
                    l.strip_prefix(key)
                        .is_some_and(|rest| rest.trim_start().starts_with(':'))
                });
                let second = lines.nth(1).map(|(index, _)| index);
                return Err(Diagnostic::error(
                    Code::YAML_SYNTAX,
                    path,
                    format!("front-matter key `{key}` is given twice"),
                )
                .at(second.map_or(span, at_line))
                .hint("keep one of the two lines"));
            }
            Err(
                Diagnostic::error(Code::YAML_SYNTAX, path, format!("invalid YAML: {message}"))
                    .at(span)
                    .hint("front matter is YAML: `key: value` per line; quote values that contain `: ` or start with a special character"),
            )
        }
    }
}

impl FrontMatter {
    fn empty(path: &Path) -> Self {
        FrontMatter {
            path: path.to_path_buf(),
            yaml: String::new(),
            first_line: 1,
            map: Mapping::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Reports every key not in `allowed` (keys under `extra:` are free).
    pub(crate) fn check_keys(&mut self, allowed: &[&str]) {
        let mut unknown = Vec::new();
        for key in self.map.keys() {
            match key.as_str() {
                Some(k) if allowed.contains(&k) => {}
                Some(k) => unknown.push(k.to_string()),
                None => self.diagnostics.push(
                    Diagnostic::error(
                        Code::BAD_VALUE,
                        &self.path,
                        "front-matter keys must be words",
                    )
                    .at(Span::new(self.first_line, 1, 1)),
                ),
            }
        }
        for key in unknown {
            let mut d = Diagnostic::error(
                Code::UNKNOWN_KEY,
                &self.path,
                format!("unknown front-matter key `{key}`"),
            )
            .at(self.key_span(&key));
            d = match closest(&key, allowed.iter().copied()) {
                Some(best) => d.hint(format!(
                    "did you mean `{best}`? (free-form data goes under `extra:`)"
                )),
                None => d.hint(format!(
                    "allowed keys: {}; free-form data goes under `extra:`",
                    allowed.join(", ")
                )),
            };
            self.diagnostics.push(d);
        }
    }

    /// The span of `key:` at the top level of the YAML, or the opening line.
    pub(crate) fn key_span(&self, key: &str) -> Span {
        for (index, line) in self.yaml.lines().enumerate() {
            let unquoted = line.strip_prefix(key);
            let quoted = line
                .strip_prefix('"')
                .or_else(|| line.strip_prefix('\''))
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(['"', '\'']));
            if unquoted
                .or(quoted)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
            {
                return Span::new(self.first_line + index, 1, key.chars().count());
            }
        }
        Span::new(self.first_line.saturating_sub(1).max(1), 1, 3)
    }

    /// The span of `needle` at or after the line of `key` (a list item, say).
    pub(crate) fn value_span(&self, key: &str, needle: &str) -> Span {
        let key_span = self.key_span(key);
        let skip = key_span.line.saturating_sub(self.first_line);
        for (index, line) in self.yaml.lines().enumerate().skip(skip) {
            if let Some(byte) = line.find(needle) {
                let column = line.get(..byte).map_or(0, |s| s.chars().count()) + 1;
                return Span::new(self.first_line + index, column, needle.chars().count());
            }
        }
        key_span
    }

    /// The span of the `nth` occurrence of `needle` at or after `key`'s line.
    pub(crate) fn nth_value_span(&self, key: &str, needle: &str, nth: usize) -> Span {
        let key_span = self.key_span(key);
        let skip = key_span.line.saturating_sub(self.first_line);
        let mut seen = 0;
        for (index, line) in self.yaml.lines().enumerate().skip(skip) {
            let mut from = 0;
            while let Some(byte) = line
                .get(from..)
                .and_then(|rest| rest.find(needle))
                .map(|b| b + from)
            {
                let before = line.get(..byte).and_then(|s| s.chars().last());
                let after = line
                    .get(byte + needle.len()..)
                    .and_then(|s| s.chars().next());
                let whole = !before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
                if whole {
                    if seen == nth {
                        let column = line.get(..byte).map_or(0, |s| s.chars().count()) + 1;
                        return Span::new(self.first_line + index, column, needle.chars().count());
                    }
                    seen += 1;
                }
                from = byte + needle.len().max(1);
            }
        }
        key_span
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The whole front matter, for comparing two versions of a file.
    pub(crate) fn mapping(&self) -> &Mapping {
        &self.map
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    pub(crate) fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn missing(&mut self, key: &str, what: &str) {
        let line = if self.yaml.is_empty() {
            1
        } else {
            self.first_line - 1
        };
        self.diagnostics.push(
            Diagnostic::error(
                Code::MISSING_KEY,
                &self.path,
                format!("required key `{key}` is missing"),
            )
            .at(Span::new(line, 1, 3))
            .hint(format!("add `{key}: {what}` to the front matter")),
        );
    }

    pub(crate) fn wrong(&mut self, key: &str, message: String, hint: &str) {
        let span = self.key_span(key);
        self.diagnostics.push(
            Diagnostic::error(Code::BAD_VALUE, &self.path, message)
                .at(span)
                .hint(hint),
        );
    }

    fn required<T>(&mut self, key: &str, what: &str, value: Option<T>) -> Option<T> {
        if value.is_none() && !self.has(key) {
            if self.map.get(key).is_some_and(Value::is_null) {
                // `title:` or `title: null`: present, at its own line
                self.wrong(
                    key,
                    format!("`{key}` has no value"),
                    &format!("write `{key}: {what}`"),
                );
            } else {
                self.missing(key, what);
            }
        }
        value
    }

    /// The value of a top-level `key: value` line as written in the file,
    /// when it is a plain one-line scalar (so `title: 1e3` stays `1e3`).
    fn written_scalar(&self, key: &str) -> Option<String> {
        let span = self.key_span(key);
        let line = self
            .yaml
            .lines()
            .nth(span.line.checked_sub(self.first_line)?)?;
        let (_, value) = line.split_once(':')?;
        let value = match value.find(" #") {
            Some(comment) => value.get(..comment)?,
            None => value,
        };
        let value = value.trim();
        (!value.is_empty() && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']))
            .then(|| value.to_string())
    }

    /// A string; numbers and booleans are taken as written.
    pub(crate) fn string(&mut self, key: &str) -> Option<String> {
        let value = self.raw(key)?;
        if value.is_number() {
            if let Some(written) = self.written_scalar(key) {
                return Some(written);
            }
        }
        match scalar_string(value) {
            Some(s) => Some(s),
            None => {
                self.wrong(
                    key,
                    format!("`{key}` must be text, found {}", kind(value)),
                    "write a single line of text, quoted if it contains `: `",
                );
                None
            }
        }
    }

    pub(crate) fn required_string(&mut self, key: &str) -> Option<String> {
        let value = self.string(key);
        let value = value.filter(|s| !s.trim().is_empty());
        if value.is_none()
            && self.has(key)
            && self.diagnostics.iter().all(|d| d.code != Code::BAD_VALUE)
        {
            self.wrong(key, format!("`{key}` must not be empty"), "write a value");
            return None;
        }
        self.required(key, "…", value)
    }

    pub(crate) fn date(&mut self, key: &str) -> Option<Date> {
        let value = self.raw(key)?.clone();
        let text = scalar_string(&value).unwrap_or_default();
        match parse_date(&text) {
            Some(d) => Some(d),
            None => {
                let span = self.key_span(key);
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::BAD_DATE,
                        &self.path,
                        format!("`{key}` is not a valid date: `{}`", text.trim()),
                    )
                    .at(span)
                    .hint("write dates as YYYY-MM-DD, for example 2026-03-01"),
                );
                None
            }
        }
    }

    pub(crate) fn required_date(&mut self, key: &str) -> Option<Date> {
        let value = self.date(key);
        self.required(key, "YYYY-MM-DD", value)
    }

    pub(crate) fn int(&mut self, key: &str) -> Option<i64> {
        let value = self.raw(key)?;
        match value.as_i64() {
            Some(n) => Some(n),
            None => {
                let found = kind(value);
                self.wrong(
                    key,
                    format!("`{key}` must be a whole number, found {found}"),
                    "write a number such as 10",
                );
                None
            }
        }
    }

    pub(crate) fn bool(&mut self, key: &str) -> Option<bool> {
        let value = self.raw(key)?;
        match value.as_bool() {
            Some(b) => Some(b),
            None => {
                let found = kind(value);
                self.wrong(
                    key,
                    format!("`{key}` must be true or false, found {found}"),
                    "write `true` or `false`",
                );
                None
            }
        }
    }

    /// A list of strings with the span of each item (for precise errors).
    pub(crate) fn strings(&mut self, key: &str) -> Vec<(String, Span)> {
        let Some(value) = self.raw(key) else {
            return Vec::new();
        };
        let items: Option<Vec<String>> = match value {
            Value::Sequence(seq) => seq.iter().map(scalar_string).collect(),
            _ => None,
        };
        match items {
            Some(items) => items
                .into_iter()
                .map(|item| {
                    let span = self.value_span(key, &item);
                    (item, span)
                })
                .collect(),
            None => {
                let found = kind(value);
                self.wrong(
                    key,
                    format!("`{key}` must be a list of text values, found {found}"),
                    &format!("write `{key}: [first, second]`"),
                );
                Vec::new()
            }
        }
    }

    /// One of `choices`.
    pub(crate) fn choice(&mut self, key: &str, choices: &[&str]) -> Option<String> {
        let value = self.string(key)?;
        if choices.contains(&value.as_str()) {
            return Some(value);
        }
        let hint = match closest(&value, choices.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? one of: {}", choices.join(", ")),
            None => format!("one of: {}", choices.join(", ")),
        };
        self.wrong(
            key,
            format!("`{key}` has an unknown value `{value}`"),
            &hint,
        );
        None
    }

    /// Free-form data, handed to templates as JSON.
    pub(crate) fn extra(&mut self) -> serde_json::Value {
        match self.raw("extra") {
            None => serde_json::Value::Null,
            Some(value) => match serde_json::to_value(value) {
                Ok(json) => json,
                Err(_) => {
                    self.wrong(
                        "extra",
                        "`extra` holds a value that cannot be handed to templates".into(),
                        "use plain text, numbers, lists and maps",
                    );
                    serde_json::Value::Null
                }
            },
        }
    }

    pub(crate) fn require(&mut self, key: &str, what: &str) {
        if !self.has(key) {
            self.missing(key, what);
        }
    }
}

pub(crate) fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        split(Path::new("a.md"), text)
            .map(|s| s.front_matter)
            .unwrap()
    }

    #[test]
    fn scalars_keep_their_source_text() {
        let mut f = fm("---\ntitle: 1e3\nweight: 2\ndescription: 0.10 # ten cents\n---\n");
        assert_eq!(f.string("title").as_deref(), Some("1e3"));
        assert_eq!(f.string("description").as_deref(), Some("0.10"));
        let mut f = fm("---\ntitle: \"1e3\"\n---\n");
        assert_eq!(f.string("title").as_deref(), Some("1e3"));
    }

    #[test]
    fn null_title_is_reported_at_its_line() {
        let mut f = fm("---\nweight: 1\ntitle: null\n---\n");
        assert_eq!(f.required_string("title"), None);
        assert_eq!(f.diagnostics.len(), 1, "{:?}", f.diagnostics);
        assert_eq!(f.diagnostics[0].span.map(|s| s.line), Some(3));
        let mut f = fm("---\ntitle:\n---\n");
        assert_eq!(f.required_string("title"), None);
        assert_eq!(f.diagnostics[0].span.map(|s| s.line), Some(2));
    }

    #[test]
    fn duplicate_key_is_reported_at_its_line() {
        let err = split(
            Path::new("a.md"),
            "---\ntitle: A\nweight: 1\ntitle: B\n---\n",
        )
        .err()
        .unwrap();
        assert_eq!(err.code, Code::YAML_SYNTAX);
        assert_eq!(err.span.map(|s| s.line), Some(4), "{err:?}");
        assert!(err.message.contains("title"), "{}", err.message);
    }

    #[test]
    fn a_second_document_is_an_error() {
        let err = split(
            Path::new("a.md"),
            "---\ntitle: A\n--- !x\nmore: 1\n---\nbody\n",
        )
        .err()
        .unwrap();
        assert_eq!(err.code, Code::YAML_SYNTAX);
        assert_eq!(err.span.map(|s| s.line), Some(3), "{err:?}");
    }

    #[test]
    fn split_keeps_body_offset() {
        let text = "---\ntitle: A\n---\nbody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn no_front_matter_is_an_empty_mapping() {
        let s = split(Path::new("a.md"), "just text").unwrap();
        assert_eq!(s.body, "just text");
        assert!(!s.front_matter.has("title"));
    }

    #[test]
    fn unterminated_front_matter_is_reported() {
        let err = split(Path::new("a.md"), "---\ntitle: A\nbody\n")
            .err()
            .unwrap();
        assert_eq!(err.code, Code::UNTERMINATED);
    }

    #[test]
    fn yaml_error_points_into_the_file() {
        let err = split(Path::new("a.md"), "---\ntitle: A\ntags: [a\n---\n")
            .err()
            .unwrap();
        assert_eq!(err.code, Code::YAML_SYNTAX);
        assert!(err.span.unwrap().line >= 3, "{:?}", err.span);
    }

    #[test]
    fn duplicate_keys_are_a_yaml_error() {
        let err = split(Path::new("a.md"), "---\ntitle: A\ntitle: B\n---\n")
            .err()
            .unwrap();
        assert_eq!(err.code, Code::YAML_SYNTAX);
    }

    #[test]
    fn unknown_keys_all_reported_with_lines_and_suggestions() {
        let mut f = fm("---\ntitel: A\nwieght: 3\nextra: {x: 1}\n---\n");
        f.check_keys(&["title", "weight", "extra"]);
        let found: Vec<_> = f
            .diagnostics
            .iter()
            .map(|d| (d.span.unwrap().line, d.hint.clone().unwrap()))
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 2);
        assert!(found[0].1.contains("`title`"));
        assert_eq!(found[1].0, 3);
        assert!(found[1].1.contains("`weight`"));
    }

    #[test]
    fn typed_fields_report_wrong_types() {
        let mut f =
            fm("---\ntitle: [a]\nweight: heavy\ndraft: maybe\nupdated: 2026-13-01\ntags: x\n---\n");
        assert_eq!(f.string("title"), None);
        assert_eq!(f.int("weight"), None);
        assert_eq!(f.bool("draft"), None);
        assert_eq!(f.date("updated"), None);
        assert!(f.strings("tags").is_empty());
        let codes: Vec<_> = f
            .diagnostics
            .iter()
            .map(|d| (d.code, d.span.unwrap().line))
            .collect();
        assert_eq!(
            codes,
            vec![
                (Code::BAD_VALUE, 2),
                (Code::BAD_VALUE, 3),
                (Code::BAD_VALUE, 4),
                (Code::BAD_DATE, 5),
                (Code::BAD_VALUE, 6)
            ]
        );
    }

    #[test]
    fn missing_required_key() {
        let mut f = fm("---\nweight: 1\n---\n");
        assert_eq!(f.required_string("title"), None);
        assert_eq!(f.diagnostics[0].code, Code::MISSING_KEY);
    }

    #[test]
    fn list_items_have_their_own_lines() {
        let mut f = fm("---\ntags:\n  - api\n  - billing\n---\n");
        let tags = f.strings("tags");
        assert_eq!(tags[1].0, "billing");
        assert_eq!(tags[1].1, Span::new(4, 5, 7));
    }

    #[test]
    fn alias_bomb_does_not_expand_forever() {
        let mut yaml = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            yaml.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        yaml.push_str("---\n");
        // Either an error or a bounded value; never a hang or a panic.
        let _ = split(Path::new("a.md"), &yaml);
    }
}
