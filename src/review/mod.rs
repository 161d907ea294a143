//! `check --base REF`: reviews a change against a git ref: what changed,
//! idea status changes against the workflow and the vote rule, vote pull
//! requests that must touch nothing but votes, likely duplicates of new
//! ideas and questions, and leaked secrets or personal data in the lines the
//! change adds. It sits above the pipeline (like a command) and reads git.

mod comment;
pub(crate) mod secrets;
pub(crate) mod similar;
mod status;
pub(crate) mod votes;

pub(crate) use comment::summary;
use status::{review_answer_votes, review_idea_change};
pub(crate) use votes::{Reviewer, VoteChange};

use crate::diag::{Code, Diagnostic, Span};
use crate::load::Source;
use crate::parse::{content_kind, parse_one, Idea, Parsed, Status};
use crate::resolve::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    Added,
    Modified,
    Removed,
}

impl ChangeKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Modified => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
    /// guide, section, home, question, answer, idea or other.
    pub content: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct Transition {
    pub path: PathBuf,
    pub from: Status,
    pub to: Status,
    pub net: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Duplicate {
    pub title: String,
    /// (title of the similar page, its URL, score)
    pub similar: Vec<(String, String, f64)>,
}

#[derive(Debug, Default)]
pub(crate) struct Review {
    pub base: String,
    pub changes: Vec<Change>,
    pub transitions: Vec<Transition>,
    pub duplicates: Vec<Duplicate>,
    /// Every vote and vote-count change, for the summary.
    pub votes: Vec<VoteChange>,
    pub diagnostics: Vec<Diagnostic>,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The files under content/ and ideas/ that differ between `base` and the
/// working tree (untracked files included).
fn changes(root: &Path, base: &str) -> Result<Vec<Change>, String> {
    let inside = git(root, &["rev-parse", "--is-inside-work-tree"])
        .map_err(|_| format!("{} is not in a git repository", root.display()))?;
    if inside.trim() != "true" {
        return Err(format!("{} is not in a git repository", root.display()));
    }
    if git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    )
    .is_err()
    {
        let shallow = git(root, &["rev-parse", "--is-shallow-repository"]).unwrap_or_default();
        let hint = if shallow.trim() == "true" {
            format!(
                " (this is a shallow clone: fetch it, e.g. `git fetch --depth=1 origin {}`)",
                base.trim_start_matches("origin/")
            )
        } else {
            String::new()
        };
        return Err(format!(
            "the base `{base}` is not a commit in this repository{hint}"
        ));
    }
    let diff = git(
        root,
        &[
            "diff",
            "--relative",
            "--name-status",
            "--no-renames",
            base,
            "--",
            "content",
            "ideas",
        ],
    )?;
    let mut changes = Vec::new();
    for line in diff.lines() {
        let mut parts = line.split('\t');
        let (Some(status), Some(path)) = (parts.next(), parts.next()) else {
            continue;
        };
        let kind = match status.chars().next() {
            Some('A') => ChangeKind::Added,
            Some('D') => ChangeKind::Removed,
            _ => ChangeKind::Modified,
        };
        changes.push(Change {
            path: PathBuf::from(path),
            kind,
            content: content_kind(Path::new(path)),
        });
    }
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            "content",
            "ideas",
        ],
    )?;
    for path in untracked.lines().filter(|l| !l.is_empty()) {
        changes.push(Change {
            path: PathBuf::from(path),
            kind: ChangeKind::Added,
            content: content_kind(Path::new(path)),
        });
    }
    changes.retain(|c| c.path.extension().is_some_and(|e| e == "md"));
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// Line numbers (1-based) that the change adds to `path`.
fn added_lines(root: &Path, base: &str, change: &Change) -> Result<Vec<usize>, String> {
    if change.kind == ChangeKind::Added {
        let text = std::fs::read_to_string(root.join(&change.path)).unwrap_or_default();
        return Ok((1..=text.lines().count()).collect());
    }
    let path = change.path.to_string_lossy();
    let diff = git(
        root,
        &["diff", "--relative", "-U0", "--no-color", base, "--", &path],
    )?;
    let mut lines = Vec::new();
    for hunk in diff.lines().filter(|l| l.starts_with("@@")) {
        // @@ -a,b +c,d @@
        let Some(plus) = hunk.split(' ').find(|p| p.starts_with('+')) else {
            continue;
        };
        let mut nums = plus.trim_start_matches('+').split(',');
        let start: usize = nums.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let count: usize = nums.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        lines.extend(start..start + count);
    }
    Ok(lines)
}

fn base_source(root: &Path, base: &str, path: &Path) -> Option<Source> {
    let spec = format!("{base}:./{}", path.to_string_lossy());
    let text = git(root, &["show", &spec]).ok()?;
    Some(Source {
        path: path.to_path_buf(),
        text: crate::load::decode(text.into_bytes()).ok()?.into(),
    })
}

fn parsed_idea(source: &Source) -> Option<(Idea, serde_yaml_ng::Mapping, String)> {
    let (parsed, _) = parse_one(source);
    let Some(Parsed::Idea(idea)) = parsed else {
        return None;
    };
    let split = crate::parse::front_matter::split(&source.path, &source.text).ok()?;
    Some((
        idea,
        split.front_matter.mapping().clone(),
        split.body.to_string(),
    ))
}

pub(crate) fn review(
    root: &Path,
    base: &str,
    site: &Site,
    reviewer: &Reviewer,
) -> Result<Review, String> {
    let mut review = Review {
        base: base.to_string(),
        changes: changes(root, base)?,
        ..Review::default()
    };
    let ideas: BTreeMap<&Path, &crate::resolve::IdeaPage> = site
        .ideas
        .iter()
        .map(|p| (p.idea.path.as_path(), p))
        .collect();
    for change in review.changes.clone() {
        if change.kind != ChangeKind::Removed {
            scan_added_lines(
                root,
                base,
                &change,
                &site.config.check.allow,
                &mut review.diagnostics,
            )?;
        }
        match (change.content, change.kind) {
            ("idea", ChangeKind::Modified) => {
                if let (Some(head), Some(before)) = (
                    ideas.get(change.path.as_path()),
                    base_source(root, base, &change.path),
                ) {
                    let now = Source {
                        path: change.path.clone(),
                        text: std::fs::read_to_string(root.join(&change.path))
                            .unwrap_or_default()
                            .into(),
                    };
                    review_idea_change(site, head, &before, &now, reviewer, &mut review);
                }
            }
            ("idea", ChangeKind::Added) => {
                if let Some(head) = ideas.get(change.path.as_path()) {
                    // a new idea may carry its author's own vote, and no counts
                    let text = std::fs::read_to_string(root.join(&change.path)).unwrap_or_default();
                    let idea_change = votes::IdeaChange {
                        path: &change.path,
                        old: None,
                        new: &head.idea,
                        text: &text,
                        window_end: head.facts.window_end,
                        today: site.options.today,
                    };
                    votes::review(
                        &idea_change,
                        reviewer,
                        &mut review.diagnostics,
                        &mut review.votes,
                    );
                    let text = format!("{} {}", head.idea.title, head.idea.body.plain());
                    let candidates = site
                        .ideas
                        .iter()
                        .filter(|p| p.idea.path != change.path)
                        .map(|p| {
                            (
                                p.url.as_str(),
                                format!("{} {}", p.idea.title, p.idea.body.plain()),
                            )
                        });
                    note_duplicates(
                        site,
                        &change.path,
                        &head.idea.title,
                        &text,
                        candidates,
                        &mut review,
                    );
                }
            }
            ("answer", ChangeKind::Added | ChangeKind::Modified) => {
                review_answer_votes(root, base, &change, reviewer, &mut review);
            }
            ("question", ChangeKind::Added) => {
                if let Some(q) = site
                    .questions
                    .iter()
                    .find(|q| q.question.path == change.path)
                {
                    let text = format!("{} {}", q.question.title, q.question.body.plain());
                    let candidates = site
                        .questions
                        .iter()
                        .filter(|p| p.question.path != change.path)
                        .map(|p| {
                            (
                                p.url.as_str(),
                                format!("{} {}", p.question.title, p.question.body.plain()),
                            )
                        });
                    note_duplicates(
                        site,
                        &change.path,
                        &q.question.title,
                        &text,
                        candidates,
                        &mut review,
                    );
                }
            }
            _ => {}
        }
    }
    Ok(review)
}

fn scan_added_lines(
    root: &Path,
    base: &str,
    change: &Change,
    allow: &[String],
    out: &mut Vec<Diagnostic>,
) -> Result<(), String> {
    let Ok(text) = std::fs::read_to_string(root.join(&change.path)) else {
        return Ok(());
    };
    let lines: Vec<&str> = text.lines().collect();
    for number in added_lines(root, base, change)? {
        let Some(line) = lines.get(number.saturating_sub(1)) else {
            continue;
        };
        if line.contains("townhall:allow") {
            continue;
        }
        for finding in secrets::scan_line(line, allow) {
            let span = Span::new(number, finding.column, finding.matched.chars().count());
            let d = match finding.kind {
                secrets::Kind::Secret => Diagnostic::error(Code::SECRET, &change.path, format!("{} in public content: `{}`", finding.what, secrets::masked(&finding.matched)))
                    .hint("remove it and revoke it: anything pushed to a public branch must be treated as leaked"),
                secrets::Kind::Personal => Diagnostic::warning(Code::PERSONAL_DATA, &change.path, format!("{} in public content: `{}`", finding.what, secrets::masked(&finding.matched)))
                    .hint("remove it unless its owner wants it public; to accept it, add it to [check] allow in site.toml or put `townhall:allow` on the line"),
            };
            out.push(d.at(span));
        }
    }
    Ok(())
}

fn note_duplicates<'a>(
    site: &Site,
    path: &Path,
    title: &str,
    text: &str,
    candidates: impl Iterator<Item = (&'a str, String)>,
    review: &mut Review,
) {
    let similar = similar::most_similar(text, candidates);
    if similar.is_empty() {
        return;
    }
    let titles: BTreeMap<&str, &str> = site
        .ideas
        .iter()
        .map(|p| (p.url.as_str(), p.idea.title.as_str()))
        .chain(
            site.questions
                .iter()
                .map(|p| (p.url.as_str(), p.question.title.as_str())),
        )
        .collect();
    let list: Vec<(String, String, f64)> = similar
        .iter()
        .map(|(url, score)| {
            (
                titles.get(url).copied().unwrap_or(url).to_string(),
                site.absolute(url),
                *score,
            )
        })
        .collect();
    let names: Vec<String> = list
        .iter()
        .map(|(t, _, s)| format!("“{t}” ({s:.2})"))
        .collect();
    // for an idea, the command that merges it into the closest match
    let merge_into = similar.first().and_then(|(url, _)| {
        site.ideas
            .iter()
            .find(|p| p.url == *url)
            .map(|p| p.idea.slug.as_str())
    });
    let duplicate_slug = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let hint = match (merge_into, duplicate_slug) {
        (Some(into), Some(dup)) => format!(
            "if it is the same idea, merge it and its votes: `townhall ideas merge {dup} {into}`"
        ),
        _ => "if it is the same, mark it `duplicate_of: <slug>`".to_string(),
    };
    review.diagnostics.push(
        Diagnostic::warning(
            Code::LIKELY_DUPLICATE,
            path,
            format!("“{title}” resembles {}", names.join(", ")),
        )
        .at(Span::new(2, 1, 5))
        .hint(hint),
    );
    review.duplicates.push(Duplicate {
        title: title.to_string(),
        similar: list,
    });
}
