//! Byte-preserving edits of front matter: each changes exactly the lines
//! it is about and leaves every other byte (comments, key order, quoting,
//! the body) as it was. `verify` parses an edited file, so a command never
//! writes a file townhall itself would reject.

use super::front_matter::{region, Region};
use crate::load::Source;
use crate::parse::{parse_one, Parsed};
use std::path::{Path, PathBuf};

/// A line an edit changed or found, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub text: String,
}

fn front_matter(text: &str) -> Result<Region, String> {
    match region(text) {
        Some(region) => Ok(region),
        None if super::front_matter::opening(text).is_some() => {
            Err("the front matter is not closed".into())
        }
        None => Err("the file has no front matter".into()),
    }
}

/// Replaces the top-level `key:` (with its indented or `- ` continuation
/// lines) by `key: value`, appends it at the end of the front matter when
/// missing, or removes it when `value` is `None`.
pub(crate) fn set_key(text: &str, key: &str, value: Option<&str>) -> Result<String, String> {
    let end = front_matter(text)?.closing_line;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let prefix = format!("{key}:");
    let start = (1..end).find(|&i| lines.get(i).is_some_and(|l| l.starts_with(&prefix)));
    let new_line = value.map(|v| format!("{key}: {v}\n"));
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match start {
        Some(start) => {
            let mut stop = start + 1;
            while stop < end
                && lines
                    .get(stop)
                    .is_some_and(|l| l.starts_with([' ', '\t', '-']) || l.trim().is_empty())
            {
                stop += 1;
            }
            out.splice(start..stop, new_line);
        }
        None => {
            if let Some(line) = new_line {
                out.insert(end, line);
            }
        }
    }
    Ok(out.concat())
}

/// Replaces the value `old` of the top-level `key:` line by `new`, keeping
/// its indentation, quoting style and trailing comment.
pub(crate) fn replace_value(text: &str, key: &str, old: &str, new: &str) -> Result<String, String> {
    let end = front_matter(text)?.closing_line;
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let prefix = format!("{key}:");
    let index = (1..end)
        .find(|&i| lines.get(i).is_some_and(|l| l.starts_with(&prefix)))
        .ok_or_else(|| format!("no top-level `{key}:` line"))?;
    let line = lines.get(index).cloned().unwrap_or_default();
    let position = line
        .get(prefix.len()..)
        .and_then(|rest| rest.find(old))
        .map(|p| p + prefix.len())
        .ok_or_else(|| format!("the `{key}:` line does not hold `{old}`"))?;
    let replaced = format!(
        "{}{new}{}",
        line.get(..position).unwrap_or(""),
        line.get(position + old.len()..).unwrap_or("")
    );
    if let Some(slot) = lines.get_mut(index) {
        *slot = replaced;
    }
    Ok(lines.concat())
}

/// Appends one `history` entry (`date`, `status`, `note`) in the style of
/// the existing ones: to a one-line flow list, as a flow or block item of
/// a block list, or as a new `history:` list at the end of the front matter.
pub(crate) fn append_history(
    text: &str,
    date: &str,
    status: &str,
    note: &str,
) -> Result<String, String> {
    let fm_end = front_matter(text)?.closing_line;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let note = serde_json::to_string(note).unwrap_or_default();
    let flow_entry = format!("{{date: {date}, status: {status}, note: {note}}}");
    let history_line =
        (1..fm_end).find(|&i| lines.get(i).is_some_and(|l| l.starts_with("history:")));
    match history_line {
        None => {
            let insert = format!("history:\n  - {flow_entry}\n");
            out.insert(fm_end, insert);
        }
        Some(h) => {
            let head = lines.get(h).copied().unwrap_or("");
            let after_key = head.trim_start_matches("history:").trim();
            if after_key.starts_with('[') {
                // flow list on one line: insert before the closing bracket
                let close = head
                    .rfind(']')
                    .ok_or("`history:` flow list is not closed on its line")?;
                let inner = head
                    .get(head.find('[').unwrap_or(0) + 1..close)
                    .unwrap_or("")
                    .trim();
                let sep = if inner.is_empty() { "" } else { ", " };
                let new = format!(
                    "{}{sep}{flow_entry}{}",
                    head.get(..close).unwrap_or(""),
                    head.get(close..).unwrap_or("")
                );
                if let Some(slot) = out.get_mut(h) {
                    *slot = new;
                }
            } else if !after_key.is_empty() && !after_key.starts_with('#') {
                return Err("`history:` has a value style that cannot be extended".into());
            } else {
                // block list: find its last line and the item style
                let mut last = h;
                let mut item_indent: Option<String> = None;
                let mut block_style = false;
                for i in h + 1..fm_end {
                    let l = lines.get(i).copied().unwrap_or("");
                    let trimmed = l.trim_start();
                    let indent = l.get(..l.len() - trimmed.len()).unwrap_or("");
                    if trimmed.trim().is_empty() {
                        continue;
                    }
                    if indent.is_empty() && !trimmed.starts_with('-') {
                        break;
                    }
                    if trimmed.starts_with("- ") || trimmed.trim() == "-" {
                        item_indent = Some(indent.to_string());
                        block_style = !trimmed.trim_start_matches("- ").starts_with('{');
                    }
                    last = i;
                }
                let indent = item_indent.unwrap_or_else(|| "  ".to_string());
                let entry = if block_style {
                    format!(
                        "{indent}- date: {date}\n{indent}  status: {status}\n{indent}  note: {note}\n"
                    )
                } else {
                    format!("{indent}- {flow_entry}\n")
                };
                // the last line may lack a newline only at the end of the
                // file, which is not inside front matter
                out.insert(last + 1, entry);
            }
        }
    }
    Ok(out.concat())
}

/// Whether `c` can be part of a handle.
pub(crate) fn is_handle_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// Replaces whole-word occurrences of `handle` (in front matter) or
/// `@handle` (in the body) in `text`. Returns the new text and the places.
pub(crate) fn replace_handle(
    path: &Path,
    text: &str,
    handle: &str,
    with: &str,
) -> (String, Vec<Place>) {
    let handle = handle.trim_start_matches('@');
    let front_matter_lines = region(text).map_or(0, |r| r.closing_line);
    let mut out = String::with_capacity(text.len());
    let mut places = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let delimiter = index == 0 || index == front_matter_lines;
        if front_matter_lines > 0 && delimiter {
            out.push_str(line);
            continue;
        }
        let in_front_matter = index < front_matter_lines;
        let mut new = String::with_capacity(line.len());
        let mut rest = line;
        let mut changed = false;
        while let Some(pos) = rest.find(handle) {
            let before = rest.get(..pos).unwrap_or("");
            let after = rest.get(pos + handle.len()..).unwrap_or("");
            let prev = before.chars().last();
            let next = after.chars().next();
            let bounded = !prev.is_some_and(is_handle_char)
                && !next.is_some_and(|c| is_handle_char(c) && c != '.');
            let allowed = bounded && (in_front_matter || prev == Some('@'));
            new.push_str(before);
            if allowed {
                new.push_str(with);
                changed = true;
            } else {
                new.push_str(handle);
            }
            rest = after;
        }
        new.push_str(rest);
        if changed {
            places.push(Place {
                path: path.to_path_buf(),
                line: index + 1,
                text: line.trim_end().to_string(),
            });
        }
        out.push_str(&new);
    }
    (out, places)
}

/// The edited file as townhall reads it; `Err` when the edit made it
/// invalid, so it is never written.
pub(crate) fn verify(path: &Path, text: &str) -> Result<Parsed, String> {
    let source = Source {
        path: path.to_path_buf(),
        text: text.into(),
    };
    let (parsed, diagnostics) = parse_one(&source);
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("the edited file would not be valid: {}", d.message));
    }
    parsed.ok_or_else(|| "the edited file is not content townhall reads".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_key_replaces_inserts_and_removes_blocks() {
        let text =
            "---\ntitle: A\nvoters:\n  up: [a]\n  down: []\nstatus: open # keep\n---\nBody\n";
        assert_eq!(
            set_key(text, "voters", Some("{up: [a, b]}")).unwrap(),
            "---\ntitle: A\nvoters: {up: [a, b]}\nstatus: open # keep\n---\nBody\n"
        );
        assert_eq!(
            set_key(text, "voters", None).unwrap(),
            "---\ntitle: A\nstatus: open # keep\n---\nBody\n"
        );
        assert_eq!(
            set_key(text, "aliases", Some("[/x/]")).unwrap(),
            "---\ntitle: A\nvoters:\n  up: [a]\n  down: []\nstatus: open # keep\naliases: [/x/]\n---\nBody\n"
        );
        assert!(set_key("no front matter", "a", Some("b")).is_err());
    }

    #[test]
    fn replace_value_keeps_quotes_and_comments() {
        let text = "---\nstatus: \"open\" # voting\n---\nstatus: open\n";
        assert_eq!(
            replace_value(text, "status", "open", "archived").unwrap(),
            "---\nstatus: \"archived\" # voting\n---\nstatus: open\n"
        );
        assert!(replace_value(text, "status", "shipped", "archived").is_err());
    }

    #[test]
    fn handles_are_replaced_in_front_matter_and_as_mentions() {
        let text = "---\nauthor: ann\nvoters: {up: [anna, ann, bo]}\n---\nThanks @ann! Ann and annie stay. ann too.\n";
        let (out, places) = replace_handle(Path::new("a.md"), text, "ann", "X");
        assert_eq!(
            out,
            "---\nauthor: X\nvoters: {up: [anna, X, bo]}\n---\nThanks @X! Ann and annie stay. ann too.\n"
        );
        assert_eq!(places.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3, 5]);
    }
}
