//! `check --base REF`: reviews a change against a git ref: what changed,
//! idea status changes against the workflow and the vote rule, vote pull
//! requests that must touch nothing but votes, likely duplicates of new
//! ideas and questions, and leaked secrets or personal data in the lines the
//! change adds. It sits above the pipeline (like a command) and reads git.

pub mod secrets;
pub mod similar;
pub mod votes;

pub use votes::{Reviewer, VoteChange};

use crate::diag::{Code, Diagnostic, Span};
use crate::load::Source;
use crate::parse::{content_kind, parse_one, Idea, Parsed, Status};
use crate::resolve::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Modified,
    Removed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Modified => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
    /// guide, section, home, question, answer, idea or other.
    pub content: &'static str,
}

#[derive(Debug, Clone)]
pub struct Transition {
    pub path: PathBuf,
    pub from: Status,
    pub to: Status,
    pub net: i64,
}

#[derive(Debug, Clone)]
pub struct Duplicate {
    pub path: PathBuf,
    pub title: String,
    /// (title of the similar page, its URL, score)
    pub similar: Vec<(String, String, f64)>,
}

#[derive(Debug, Default)]
pub struct Review {
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

pub fn review(root: &Path, base: &str, site: &Site, reviewer: &Reviewer) -> Result<Review, String> {
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
                    let text = format!("{} {}", head.idea.title, head.idea.body.plain);
                    let candidates = site
                        .ideas
                        .iter()
                        .filter(|p| p.idea.path != change.path)
                        .map(|p| {
                            (
                                p.url.as_str(),
                                format!("{} {}", p.idea.title, p.idea.body.plain),
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
                    let text = format!("{} {}", q.question.title, q.question.body.plain);
                    let candidates = site
                        .questions
                        .iter()
                        .filter(|p| p.question.path != change.path)
                        .map(|p| {
                            (
                                p.url.as_str(),
                                format!("{} {}", p.question.title, p.question.body.plain),
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
        path: path.to_path_buf(),
        title: title.to_string(),
        similar: list,
    });
}

/// An answer's `votes` is a count a maintainer keeps (or an import
/// brings); a contributor's change may not set it.
fn review_answer_votes(
    root: &Path,
    base: &str,
    change: &Change,
    reviewer: &Reviewer,
    review: &mut Review,
) {
    let votes = |source: &Source| match parse_one(source).0 {
        Some(Parsed::Answer(a)) => Some(a.votes),
        _ => None,
    };
    let text = std::fs::read_to_string(root.join(&change.path)).unwrap_or_default();
    let Some(after) = votes(&Source {
        path: change.path.clone(),
        text: text.as_str().into(),
    }) else {
        return;
    };
    let before = if change.kind == ChangeKind::Added {
        0
    } else {
        match base_source(root, base, &change.path)
            .as_ref()
            .and_then(votes)
        {
            Some(v) => v,
            None => return,
        }
    };
    if before == after {
        return;
    }
    review.votes.push(VoteChange {
        path: change.path.clone(),
        title: "answer".into(),
        who: "votes".into(),
        what: format!("{before} → {after}"),
        net_before: before,
        net_after: after,
    });
    if !reviewer.maintainer {
        review.diagnostics.push(
            Diagnostic::error(
                Code::VOTE_COUNTS,
                &change.path,
                format!("the answer's vote count changed ({before} → {after}) in a change not marked as a maintainer's"),
            )
            .at(votes::key_span(&text, "votes"))
            .hint("an answer's `votes` is kept by the maintainers (or comes from an import); leave it out of a new answer"),
        );
    }
}

/// Keys of an idea's front matter that a vote may change.
const VOTE_KEYS: &[&str] = &["voters"];

fn review_idea_change(
    site: &Site,
    head: &crate::resolve::IdeaPage,
    before: &Source,
    now: &Source,
    reviewer: &Reviewer,
    review: &mut Review,
) {
    let (Some((old, old_map, old_body)), Some((new, new_map, new_body))) =
        (parsed_idea(before), parsed_idea(now))
    else {
        return;
    };
    let path = &head.idea.path;
    // A vote: voters changed. Nothing else may change, unless a maintainer
    // changes it (a merge, a correction).
    if old_map.get("voters") != new_map.get("voters") && !reviewer.maintainer {
        let strip = |m: &serde_yaml_ng::Mapping| -> serde_yaml_ng::Mapping {
            m.iter()
                .filter(|(k, _)| !VOTE_KEYS.contains(&k.as_str().unwrap_or("")))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        if strip(&old_map) != strip(&new_map) || old_body != new_body {
            let span = new
                .voters_up
                .first()
                .or(new.voters_down.first())
                .map_or(Span::new(1, 1, 3), |(_, s)| *s);
            review.diagnostics.push(
                Diagnostic::error(Code::VOTE_PR, path, "this change adds votes and also edits the idea")
                    .at(span)
                    .hint("a vote is a pull request that only adds your handle under `voters:`; propose other edits separately"),
            );
        }
    }
    let idea_change = votes::IdeaChange {
        path,
        old: Some(&old),
        new: &new,
        text: &now.text,
        window_end: head.facts.window_end,
        today: site.options.today,
    };
    votes::review(
        &idea_change,
        reviewer,
        &mut review.diagnostics,
        &mut review.votes,
    );
    if old.status == new.status {
        return;
    }
    review.transitions.push(Transition {
        path: path.clone(),
        from: old.status,
        to: new.status,
        net: head.facts.net,
    });
    let status_span = new.status_span;
    let resubmitted = old.status == Status::Archived
        && new.status == Status::Open
        && new.submitted > old.submitted;
    if !old.status.can_move_to(new.status) || (old.status == Status::Archived && !resubmitted) {
        review
            .diagnostics
            .push(crate::ideas::status::transition_error(
                path,
                status_span,
                old.status,
                new.status,
                new.submitted,
            ));
    }
    let overridden = new
        .extra
        .get("triage_override")
        .is_some_and(|v| !v.is_null());
    let rule_broken = crate::ideas::rule::broken_by(
        old.status,
        new.status,
        &head.facts,
        &site.config.ideas,
        site.options.today,
    );
    if let (Some(message), false) = (rule_broken, overridden) {
        review.diagnostics.push(
            Diagnostic::error(Code::IDEA_RULE, path, message)
                .at(status_span)
                .hint("follow the vote rule, or record why under `extra: {triage_override: \"reason\"}`"),
        );
    }
    let entry_added = new.history.len() == old.history.len() + 1
        && new.history.last().is_some_and(|h| h.status == new.status);
    if !entry_added {
        review.diagnostics.push(
            Diagnostic::error(
                Code::IDEA_HISTORY,
                path,
                format!(
                    "the status changed to `{}` without one new `history` entry for it",
                    new.status.as_str()
                ),
            )
            .at(status_span)
            .hint("append `- {date: YYYY-MM-DD, status: <new status>, note: why}` to history"),
        );
    }
}

/// The review as Markdown, meant to be posted as the pull request's comment.
pub fn summary(review: &Review, diagnostics: &[Diagnostic]) -> String {
    let mut md = String::from("## townhall review\n\n");
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    md.push_str(&match (errors, warnings) {
        (0, 0) => "✅ No problems found.\n\n".to_string(),
        (0, w) => format!("⚠️ {w} warning(s), no errors.\n\n"),
        (e, w) => format!("❌ {e} error(s), {w} warning(s).\n\n"),
    });
    md.push_str(&format!("### What changed (against `{}`)\n\n", review.base));
    if review.changes.is_empty() {
        md.push_str("No content files changed.\n\n");
    } else {
        md.push_str("| change | kind | file |\n|---|---|---|\n");
        for c in &review.changes {
            md.push_str(&format!(
                "| {} | {} | `{}` |\n",
                c.kind.label(),
                c.content,
                c.path.display()
            ));
        }
        md.push('\n');
    }
    if !review.transitions.is_empty() {
        md.push_str("### Idea status changes\n\n");
        for t in &review.transitions {
            md.push_str(&format!(
                "- `{}`: {} → {} ({} net votes)\n",
                t.path.display(),
                t.from.as_str(),
                t.to.as_str(),
                t.net
            ));
        }
        md.push('\n');
    }
    if !review.votes.is_empty() {
        md.push_str("### Votes\n\n| idea | who | change | net votes |\n|---|---|---|---|\n");
        for v in &review.votes {
            md.push_str(&format!(
                "| `{}` {} | {} | {} | {} → {} |\n",
                v.path.display(),
                v.title.replace('|', "\\|"),
                v.who.replace('|', "\\|"),
                v.what,
                v.net_before,
                v.net_after
            ));
        }
        md.push('\n');
    }
    if !review.duplicates.is_empty() {
        md.push_str(&format!(
            "### Possible duplicates (trigram similarity ≥ {:.2})\n\n",
            similar::THRESHOLD
        ));
        for d in &review.duplicates {
            let list: Vec<String> = d
                .similar
                .iter()
                .map(|(t, u, s)| format!("[{t}]({u}) ({s:.2})"))
                .collect();
            md.push_str(&format!("- “{}” resembles {}\n", d.title, list.join(", ")));
        }
        md.push('\n');
    }
    if !diagnostics.is_empty() {
        md.push_str("### Problems\n\n");
        for d in diagnostics {
            let at = d.span.map_or(String::new(), |s| format!(":{}", s.line));
            let hint = d
                .hint
                .as_deref()
                .map_or(String::new(), |h| format!(" — {h}"));
            let level = if d.is_error() { "error" } else { "warning" };
            md.push_str(&format!(
                "- **{level}** `{}` `{}{at}`: {}{hint}\n",
                d.code,
                d.path.display(),
                d.message
            ));
        }
    }
    md
}
