//! Erasure on request: every place a community member's handle appears
//! (authors, askers, answer authors, idea authors and owners, voters,
//! history notes, `@handle` mentions in bodies, answer files named after
//! them) is replaced by a stable pseudonym. Vote counts and accepted
//! answers stay intact because the pseudonym takes the handle's place.
//!
//! Pages without `authors:` take their authors from git history, which is
//! not rewritten: instead `.mailmap` maps the person's commits (by e-mail) to
//! the pseudonym, and townhall reads history through it. Plain-text mentions
//! in prose are not rewritten (a name in a sentence may be anyone's), but the
//! plan lists where they are.

use std::path::{Path, PathBuf};

pub(crate) use crate::content::edit::Place;
use crate::content::edit::{is_handle_char, replace_handle};
pub(crate) use crate::slug::pseudonym;

/// Whole-word, case-insensitive mentions of any of `names` in the body of
/// `text` that `replace` leaves alone (not `@handle`).
pub(crate) fn prose_mentions(path: &Path, text: &str, names: &[String]) -> Vec<Place> {
    let mut places = Vec::new();
    // the closing line too: only the body is prose
    let skip = crate::content::front_matter::region(text).map_or(0, |r| r.closing_line + 1);
    for (index, line) in text.lines().enumerate().skip(skip) {
        let lower = line.to_lowercase();
        let found = names.iter().filter(|n| !n.is_empty()).any(|name| {
            let name = name.to_lowercase();
            lower.match_indices(&name).any(|(pos, _)| {
                let prev = lower.get(..pos).and_then(|b| b.chars().last());
                let next = lower.get(pos + name.len()..).and_then(|a| a.chars().next());
                prev != Some('@')
                    && !prev.is_some_and(is_handle_char)
                    && !next.is_some_and(|c| is_handle_char(c) && c != '.')
            })
        });
        if found {
            places.push(Place {
                path: path.to_path_buf(),
                line: index + 1,
                text: line.trim().to_string(),
            });
        }
    }
    places
}

/// A git author to map to the pseudonym in `.mailmap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MailmapEntry {
    pub name: String,
    pub email: String,
    /// The line to add: `Pseudonym <pseudonym@erased.invalid> <email>`.
    pub line: String,
}

/// What erasing `handle` under `root` changes: (file, new text) pairs, files
/// to rename, `.mailmap` lines, every place found, and the prose mentions
/// left for a person to edit.
pub(crate) struct Plan {
    pub edits: Vec<(PathBuf, String)>,
    pub renames: Vec<(PathBuf, PathBuf)>,
    pub places: Vec<Place>,
    /// The `.mailmap` file (at the top of the git work tree) and the entries it needs.
    pub mailmap: Option<(PathBuf, Vec<MailmapEntry>)>,
    pub prose: Vec<Place>,
}

/// Whether a git author is the member `handle`: the same name, the e-mail's
/// local part, or GitHub's `12345+handle@users.noreply.github.com`.
pub(crate) fn is_person(handle: &str, name: &str, email: &str) -> bool {
    let handle = handle.trim_start_matches('@').to_lowercase();
    let email = email.to_lowercase();
    let local = email.split('@').next().unwrap_or("");
    let noreply = email.ends_with("@users.noreply.github.com")
        && local.rsplit('+').next() == Some(handle.as_str());
    !handle.is_empty() && (name.trim().to_lowercase() == handle || local == handle || noreply)
}

/// The `.mailmap` entries that map `handle`'s commits to the pseudonym,
/// leaving out those `existing` (the file's text) already has.
fn mailmap_entries(
    handle: &str,
    identities: &[crate::load::history::Identity],
    existing: &str,
) -> Vec<MailmapEntry> {
    let with = pseudonym(handle);
    let mut entries: Vec<MailmapEntry> = Vec::new();
    for id in identities {
        let matches = is_person(handle, &id.name, &id.email)
            || is_person(handle, &id.mapped_name, &id.mapped_email);
        if !matches || id.email.is_empty() || id.mapped_name == with {
            continue;
        }
        let line = format!("{with} <{with}@erased.invalid> <{}>", id.email);
        if existing.lines().any(|l| l.trim() == line) || entries.iter().any(|e| e.line == line) {
            continue;
        }
        entries.push(MailmapEntry {
            name: id.name.clone(),
            email: id.email.clone(),
            line,
        });
    }
    entries
}

pub(crate) fn plan(root: &Path, handle: &str) -> std::io::Result<Plan> {
    let with = pseudonym(handle);
    let bare = handle.trim_start_matches('@');
    let mut plan = Plan {
        edits: Vec::new(),
        renames: Vec::new(),
        places: Vec::new(),
        mailmap: None,
        prose: Vec::new(),
    };
    // git authors: the people to map, and their names to look for in prose
    let mut names = vec![bare.to_string()];
    if let Some(top) = crate::load::history::toplevel(root) {
        let identities = crate::load::history::identities(root);
        let file = top.join(".mailmap");
        let existing = std::fs::read_to_string(&file).unwrap_or_default();
        for id in &identities {
            if is_person(bare, &id.name, &id.email)
                || is_person(bare, &id.mapped_name, &id.mapped_email)
            {
                names.push(id.name.clone());
            }
        }
        let entries = mailmap_entries(bare, &identities, &existing);
        if !entries.is_empty() {
            plan.mailmap = Some((file, entries));
        }
    }
    names.sort();
    names.dedup();
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
            let (new, places) = replace_handle(&rel, &text, bare, &with);
            plan.prose.extend(prose_mentions(&rel, &new, &names));
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

pub(crate) fn apply(root: &Path, plan: &Plan) -> std::io::Result<()> {
    if let Some((file, entries)) = &plan.mailmap {
        let mut text = std::fs::read_to_string(file).unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for entry in entries {
            text.push_str(&entry.line);
            text.push('\n');
        }
        std::fs::write(file, text)?;
    }
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
        let (out, places) = replace_handle(Path::new("x.md"), text, "ann", "X");
        assert_eq!(out, "---\nauthor: X\nvoters: {up: [anna, X, bo]}\n---\nThanks @X! Ann and annie stay. ann too.\n");
        let lines: Vec<usize> = places.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn prose_mentions_are_listed_not_changed() {
        let text = "---\nauthor: X\n---\nThanks @X. Omar Ali wrote this; omar.\nRomario and omarkets stay.\n";
        let places = prose_mentions(Path::new("g.md"), text, &["omar".into(), "Omar Ali".into()]);
        assert_eq!(places.len(), 1);
        assert_eq!(places[0].line, 4);
    }

    #[test]
    fn git_authors_are_matched_by_name_email_or_noreply() {
        assert!(is_person("omar", "Omar", "o@acme.io"));
        assert!(is_person("omar", "Omar Ali", "omar@acme.io"));
        assert!(is_person("@omar", "O", "123+omar@users.noreply.github.com"));
        assert!(!is_person("omar", "Omar Ali", "o.ali@acme.io"));
        assert!(!is_person("omar", "Romar", "romar@acme.io"));
    }

    #[test]
    fn mailmap_lines_map_each_email_once() {
        use crate::load::history::Identity;
        let id = |name: &str, email: &str| Identity {
            name: name.into(),
            email: email.into(),
            mapped_name: name.into(),
            mapped_email: email.into(),
        };
        let ids = [
            id("Omar Ali", "omar@acme.io"),
            id("omar", "omar@acme.io"),
            id("Bo", "bo@acme.io"),
        ];
        let with = pseudonym("omar");
        let entries = mailmap_entries("omar", &ids, "");
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].line,
            format!("{with} <{with}@erased.invalid> <omar@acme.io>")
        );
        // already in the file: nothing to add
        assert!(mailmap_entries("omar", &ids, &entries[0].line).is_empty());
    }
}
