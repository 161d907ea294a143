//! `ideas merge`: one idea is a duplicate of another. The survivor gets the
//! duplicate's voters (a handle that already voted on the survivor keeps
//! that vote and is not counted twice), its synced `votes` counts, its
//! `aliases` and its URL; the duplicate becomes `duplicate` with
//! `duplicate_of`, a history entry, and no votes of its own, so every vote
//! counts exactly once. Front-matter keys not involved keep their bytes.

use crate::clock::Date;
use crate::content::edit::set_key;
use crate::content::yaml::scalar;
use crate::load::Source;
use crate::parse::{Idea, Parsed, Status};
use std::path::{Path, PathBuf};

/// The edited files and the vote arithmetic, for the summary.
#[derive(Debug)]
pub(crate) struct Merge {
    pub duplicate: PathBuf,
    pub into: PathBuf,
    pub duplicate_text: String,
    pub into_text: String,
    /// Handles moved onto the survivor.
    pub moved: usize,
    /// Handles that had voted on both; their survivor vote stands.
    pub overlapping: Vec<String>,
    /// Net votes of the survivor before and after.
    pub net_before: i64,
    pub net_after: i64,
}

/// `dark-mode`, `ideas/dark-mode.md` or `dark-mode.md` -> `ideas/dark-mode.md`.
pub(crate) fn idea_path(arg: &str) -> PathBuf {
    let name = Path::new(arg)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| arg.to_string());
    crate::content::kinds::path_for(&crate::content::kinds::Kind::Idea(name)).unwrap_or_default()
}

fn load(root: &Path, path: &Path) -> Result<(String, Idea), String> {
    let text = std::fs::read_to_string(root.join(path))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let idea = parse(path, &text)?;
    Ok((text, idea))
}

fn parse(path: &Path, text: &str) -> Result<Idea, String> {
    let source = Source {
        path: path.to_path_buf(),
        text: text.into(),
    };
    let (parsed, diagnostics) = crate::parse::parse_one(&source);
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("{}: {}", path.display(), d.message));
    }
    match parsed {
        Some(Parsed::Idea(idea)) => Ok(idea),
        _ => Err(format!("{} is not an idea", path.display())),
    }
}

pub(crate) fn plan(root: &Path, duplicate: &str, into: &str, today: Date) -> Result<Merge, String> {
    let dup_path = idea_path(duplicate);
    let into_path = idea_path(into);
    if dup_path == into_path {
        return Err(format!("cannot merge {} into itself", dup_path.display()));
    }
    let (dup_text, dup) = load(root, &dup_path)?;
    let (into_text, survivor) = load(root, &into_path)?;
    match survivor.status {
        Status::Duplicate => {
            let of = survivor.duplicate_of.as_ref().map_or("?", |(s, _)| s.as_str());
            return Err(format!(
                "{} is itself a duplicate; merge into `{of}` instead",
                into_path.display()
            ));
        }
        Status::Archived | Status::Declined => {
            return Err(format!(
                "{} is `{}`: votes merged into it would count for nothing; reopen it or merge the other way",
                into_path.display(),
                survivor.status.as_str()
            ))
        }
        _ => {}
    }

    if dup.status == Status::Duplicate {
        let of = dup.duplicate_of.as_ref().map_or("?", |(s, _)| s.as_str());
        return Err(format!(
            "{} is already a duplicate of `{of}`",
            dup_path.display()
        ));
    }
    if !dup.status.can_move_to(Status::Duplicate) {
        return Err(format!(
            "{} is `{}`, and only an `open` or `under-review` idea can become a duplicate",
            dup_path.display(),
            dup.status.as_str()
        ));
    }
    // voters: the survivor's votes stand, the duplicate's are added once
    let key = |h: &str| h.trim_start_matches('@').to_lowercase();
    let voted: std::collections::BTreeSet<String> = survivor
        .voters_up
        .iter()
        .chain(&survivor.voters_down)
        .map(|(h, _)| key(h))
        .collect();
    let mut up: Vec<String> = survivor.voters_up.iter().map(|(h, _)| h.clone()).collect();
    let mut down: Vec<String> = survivor
        .voters_down
        .iter()
        .map(|(h, _)| h.clone())
        .collect();
    let mut overlapping = Vec::new();
    let mut moved = 0;
    for (list, side) in [(&mut up, &dup.voters_up), (&mut down, &dup.voters_down)] {
        for (handle, _) in side {
            if voted.contains(&key(handle)) {
                overlapping.push(handle.clone());
            } else {
                list.push(handle.clone());
                moved += 1;
            }
        }
    }
    let votes_up = survivor.votes_up.saturating_add(dup.votes_up);
    let votes_down = survivor.votes_down.saturating_add(dup.votes_down);
    let mut aliases: Vec<String> = survivor.aliases.iter().map(|(a, _)| a.clone()).collect();
    for alias in dup
        .aliases
        .iter()
        .map(|(a, _)| a.clone())
        .chain([format!("/ideas/{}/", dup.slug)])
    {
        if !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }

    let mut new_into = into_text.clone();
    if votes_up != 0 || votes_down != 0 {
        new_into = set_key(
            &new_into,
            "votes",
            Some(&format!("{{up: {votes_up}, down: {votes_down}}}")),
        )?;
    }
    if !up.is_empty() || !down.is_empty() {
        new_into = set_key(
            &new_into,
            "voters",
            Some(&format!("{{up: {}, down: {}}}", flow(&up), flow(&down))),
        )?;
    }
    new_into = set_key(&new_into, "aliases", Some(&flow(&aliases)))?;

    let mut new_dup = set_key(&dup_text, "duplicate_of", Some(&scalar(&survivor.slug)))?;
    new_dup = set_key(&new_dup, "votes", None)?;
    new_dup = set_key(&new_dup, "voters", None)?;
    new_dup = set_key(&new_dup, "aliases", None)?;
    let transition = super::triage::Transition {
        slug: dup.slug.clone(),
        path: dup_path.clone(),
        from: dup.status,
        to: Status::Duplicate,
        net: dup.net(),
        window_end: today,
        reason: format!("merged into {}", survivor.slug),
        needs_owner: false,
    };
    let new_dup = super::triage::apply(&new_dup, &transition, today)?;

    let after = parse(&into_path, &new_into)?;
    Ok(Merge {
        duplicate: dup_path,
        into: into_path,
        duplicate_text: new_dup,
        into_text: new_into,
        moved,
        overlapping,
        net_before: survivor.net(),
        net_after: after.net(),
    })
}

fn flow(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", inner.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idea_paths_from_slugs_or_paths() {
        assert_eq!(idea_path("dark-mode"), PathBuf::from("ideas/dark-mode.md"));
        assert_eq!(
            idea_path("ideas/dark-mode.md"),
            PathBuf::from("ideas/dark-mode.md")
        );
    }
}
