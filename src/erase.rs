//! Erasure on request: every place a community member's handle appears
//! (authors, askers, answer authors, idea authors and owners, voters,
//! history notes, `@handle` mentions in bodies, answer files named after
//! them) is replaced by a stable pseudonym. Vote counts and accepted
//! answers stay intact because the pseudonym takes the handle's place.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub text: String,
}

pub use crate::slug::pseudonym;

fn is_handle_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// Replaces whole-word occurrences of `handle` (in front matter) or
/// `@handle` (in the body) in `text`. Returns the new text and the places.
pub fn replace(path: &Path, text: &str, handle: &str, with: &str) -> (String, Vec<Place>) {
    let handle = handle.trim_start_matches('@');
    let mut out = String::with_capacity(text.len());
    let mut places = Vec::new();
    let mut in_front_matter = text.starts_with("---");
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if index > 0 && in_front_matter && line.trim_end() == "---" {
            in_front_matter = false;
            out.push_str(line);
            continue;
        }
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

/// What erasing `handle` under `root` changes: (file, new text) pairs, files
/// to rename, and every place found.
pub struct Plan {
    pub edits: Vec<(PathBuf, String)>,
    pub renames: Vec<(PathBuf, PathBuf)>,
    pub places: Vec<Place>,
}

pub fn plan(root: &Path, handle: &str) -> std::io::Result<Plan> {
    let with = pseudonym(handle);
    let bare = handle.trim_start_matches('@');
    let mut plan = Plan {
        edits: Vec::new(),
        renames: Vec::new(),
        places: Vec::new(),
    };
    for dir in ["content", "ideas"] {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let text = std::fs::read_to_string(entry.path())?;
            let (new, places) = replace(&rel, &text, bare, &with);
            if !places.is_empty() {
                plan.edits.push((rel.clone(), new));
                plan.places.extend(places);
            }
            // answers named after the handle: answers/<handle>.md
            let is_answer = rel
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|n| n == "answers");
            if is_answer && rel.file_stem().is_some_and(|s| s.to_string_lossy() == bare) {
                plan.renames
                    .push((rel.clone(), rel.with_file_name(format!("{with}.md"))));
                plan.places.push(Place {
                    path: rel.clone(),
                    line: 0,
                    text: "file name".into(),
                });
            }
        }
    }
    Ok(plan)
}

pub fn apply(root: &Path, plan: &Plan) -> std::io::Result<()> {
    for (path, text) in &plan.edits {
        std::fs::write(root.join(path), text)?;
    }
    for (from, to) in &plan.renames {
        std::fs::rename(root.join(from), root.join(to))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable() {
        assert_eq!(pseudonym("ann"), pseudonym("@Ann"));
        assert_ne!(pseudonym("ann"), pseudonym("bo"));
        assert!(pseudonym("ann").starts_with("deleted-user-"));
    }

    #[test]
    fn replaces_handles_in_front_matter_and_mentions_in_the_body() {
        let text = "---\nauthor: ann\nvoters: {up: [anna, ann, bo]}\n---\nThanks @ann! Ann and annie stay. ann too.\n";
        let (out, places) = replace(Path::new("x.md"), text, "ann", "X");
        assert_eq!(out, "---\nauthor: X\nvoters: {up: [anna, X, bo]}\n---\nThanks @X! Ann and annie stay. ann too.\n");
        let lines: Vec<usize> = places.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }
}
