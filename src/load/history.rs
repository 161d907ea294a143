//! Last-updated dates and contributors of content files from git, read in
//! one `git log` pass for the whole site (never one process per file).
//! Outside a git repository, in a shallow clone, or without git, there is
//! simply no history: front matter and the build date stand in.
//!
//! Authors are read through the repository's `.mailmap` (`%aN`), so a
//! person erased with `townhall erase` appears under their pseudonym.

use crate::clock::{parse_date, Date};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHistory {
    /// Date of the last commit that touched the file.
    pub updated: Option<Date>,
    /// Commit authors, most commits first (then by name).
    pub authors: Vec<String>,
    /// How recent the last commit that touched the file is among the
    /// commits that touched content: 0 is the newest. Orders two files'
    /// last changes within one day, which `updated` cannot.
    pub newest_commit: Option<usize>,
}

pub(crate) type History = BTreeMap<PathBuf, FileHistory>;

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// History of every file under `content/` and `ideas/`, keyed by path relative to `root`.
pub(crate) fn read(root: &Path) -> History {
    if git(root, &["rev-parse", "--is-inside-work-tree"]).is_none_or(|s| s.trim() != "true") {
        return History::new();
    }
    if git(root, &["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true") {
        return History::new();
    }
    let Some(log) = git(
        root,
        &[
            "log",
            "--relative",
            "--no-renames",
            "--name-only",
            "--use-mailmap",
            "--format=%x00%cs%x00%aN",
            "--",
            "content",
            "ideas",
        ],
    ) else {
        return History::new();
    };
    parse_log(&log)
}

/// A commit author as recorded, and as `.mailmap` shows them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Identity {
    pub name: String,
    pub email: String,
    pub mapped_name: String,
    pub mapped_email: String,
}

/// The top folder of the git work tree holding `root`, where `.mailmap` lives.
pub(crate) fn toplevel(root: &Path) -> Option<PathBuf> {
    git(root, &["rev-parse", "--show-toplevel"])
        .map(|s| PathBuf::from(s.trim()))
        .filter(|p| !p.as_os_str().is_empty())
}

/// Every distinct author of the commits that touched `content/` and `ideas/`.
pub(crate) fn identities(root: &Path) -> Vec<Identity> {
    let Some(log) = git(
        root,
        &[
            "log",
            "--format=%an%x00%ae%x00%aN%x00%aE",
            "--",
            "content",
            "ideas",
        ],
    ) else {
        return Vec::new();
    };
    let mut all: Vec<Identity> = log
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\0').map(str::trim);
            Some(Identity {
                name: parts.next()?.to_string(),
                email: parts.next()?.to_string(),
                mapped_name: parts.next()?.to_string(),
                mapped_email: parts.next()?.to_string(),
            })
        })
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Parses `git log --name-only --format=%x00%cs%x00%aN` output (newest commit first).
pub(crate) fn parse_log(log: &str) -> History {
    let mut updated: BTreeMap<PathBuf, Date> = BTreeMap::new();
    let mut newest: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut commit = 0;
    let mut seen_commit = false;
    let mut commits: BTreeMap<PathBuf, BTreeMap<String, usize>> = BTreeMap::new();
    let mut date = None;
    let mut author = String::new();
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix('\0') {
            if seen_commit {
                commit += 1;
            }
            seen_commit = true;
            let mut parts = rest.splitn(2, '\0');
            date = parts.next().and_then(parse_date);
            author = parts.next().unwrap_or("").trim().to_string();
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let path = PathBuf::from(line);
        newest.entry(path.clone()).or_insert(commit);
        if let Some(d) = date {
            updated.entry(path.clone()).or_insert(d);
        }
        if !author.is_empty() {
            *commits
                .entry(path)
                .or_default()
                .entry(author.clone())
                .or_default() += 1;
        }
    }
    let mut history = History::new();
    for (path, counts) in commits {
        let mut authors: Vec<(String, usize)> = counts.into_iter().collect();
        authors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        history.insert(
            path.clone(),
            FileHistory {
                updated: updated.get(&path).copied(),
                authors: authors.into_iter().map(|(a, _)| a).collect(),
                newest_commit: newest.get(&path).copied(),
            },
        );
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_and_authors_by_commit_count() {
        let log = "\x002026-03-02\0Mira\n\ncontent/guides/a.md\ncontent/guides/b.md\n\x002026-02-01\0Jonas\n\ncontent/guides/a.md\n\x002026-01-01\0Mira\n\ncontent/guides/a.md\n";
        let h = parse_log(log);
        let a = &h[Path::new("content/guides/a.md")];
        assert_eq!(a.updated, parse_date("2026-03-02"));
        assert_eq!(a.authors, ["Mira", "Jonas"]);
        assert_eq!(h[Path::new("content/guides/b.md")].authors, ["Mira"]);
    }

    #[test]
    fn newest_commit_orders_changes_within_a_day() {
        // newest first: b changed after a on the same day
        let log = "\x002026-03-02\0Mira\n\ncontent/b.md\n\x002026-03-02\0Mira\n\ncontent/a.md\ncontent/b.md\n";
        let h = parse_log(log);
        assert_eq!(h[Path::new("content/b.md")].newest_commit, Some(0));
        assert_eq!(h[Path::new("content/a.md")].newest_commit, Some(1));
        assert_eq!(
            h[Path::new("content/a.md")].updated,
            h[Path::new("content/b.md")].updated
        );
    }

    #[test]
    fn outside_a_repository_there_is_no_history() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(dir.path()).is_empty());
    }
}
