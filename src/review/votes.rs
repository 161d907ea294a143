//! Vote pull requests: a vote is one person's own. A change may add exactly
//! one handle under `voters:`, the pull request author's, and only on an
//! idea that is open and inside its voting window; a voter may withdraw only
//! their own vote; legacy `votes: {up, down}` counts change only in a
//! maintainer change. Every vote change is recorded for the summary.

use crate::clock::Date;
use crate::diag::{Code, Diagnostic, Span};
use crate::parse::{Idea, Status};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Who made the change under review.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reviewer {
    /// The pull request author's handle, when known.
    pub author: Option<String>,
    /// Where `author` came from (`--author`, `GITHUB_ACTOR`, …), for messages.
    pub author_source: &'static str,
    /// The change is marked as a maintainer change (`check --maintainer`).
    pub maintainer: bool,
}

/// One vote change, as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VoteChange {
    pub path: PathBuf,
    pub title: String,
    /// The voter's handle, or `votes` for the legacy counts.
    pub who: String,
    /// What changed: `+1 up`, `withdrew up`, `up → down`, `up 12 → 512`, …
    pub what: String,
    pub net_before: i64,
    pub net_after: i64,
}

/// The same handle whatever its case or a leading `@`.
pub(crate) fn normalize(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

/// handle (normalised) -> (side, handle as written, span).
fn ballots(idea: Option<&Idea>) -> BTreeMap<String, (&'static str, String, Span)> {
    let mut map = BTreeMap::new();
    if let Some(idea) = idea {
        let sides = idea
            .voters_up
            .iter()
            .map(|v| ("up", v))
            .chain(idea.voters_down.iter().map(|v| ("down", v)));
        for (side, (handle, span)) in sides {
            map.entry(normalize(handle))
                .or_insert((side, handle.clone(), *span));
        }
    }
    map
}

/// The span of the first front-matter line that starts with `key:`.
pub(crate) fn key_span(text: &str, key: &str) -> Span {
    let prefix = format!("{key}:");
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| l.trim_end() != "---")
        .find(|(_, l)| l.starts_with(&prefix))
        .map_or(Span::new(1, 1, 3), |(i, _)| Span::new(i + 1, 1, key.len()))
}

/// Context of one idea change: the idea at the base (`None` for a new idea),
/// the idea now, the text now, and its voting window.
pub(crate) struct IdeaChange<'a> {
    pub path: &'a Path,
    pub old: Option<&'a Idea>,
    pub new: &'a Idea,
    pub text: &'a str,
    pub window_end: Date,
    pub today: Date,
}

/// Reviews the votes of one changed idea: pushes problems to `out` and the
/// changes to `changes`. Returns whether any vote or count changed.
pub(crate) fn review(
    change: &IdeaChange,
    reviewer: &Reviewer,
    out: &mut Vec<Diagnostic>,
    changes: &mut Vec<VoteChange>,
) -> bool {
    let IdeaChange {
        path,
        old,
        new,
        text,
        window_end,
        today,
    } = *change;
    let before = ballots(old);
    let after = ballots(Some(new));
    // (handle as written, what, span)
    let mut added: Vec<(String, String, Span)> = Vec::new();
    for (key, (side, handle, span)) in &after {
        match before.get(key) {
            None => added.push((handle.clone(), format!("+1 {side}"), *span)),
            Some((old_side, _, _)) if old_side != side => {
                added.push((handle.clone(), format!("{old_side} → {side}"), *span));
            }
            Some(_) => {}
        }
    }
    added.sort_by_key(|(_, _, span)| (span.line, span.column));
    let removed: Vec<(String, &'static str)> = before
        .iter()
        .filter(|(key, _)| !after.contains_key(*key))
        .map(|(_, (side, handle, _))| (handle.clone(), *side))
        .collect();
    let counts_before = old.map_or((0, 0), |o| (o.votes_up, o.votes_down));
    let counts_after = (new.votes_up, new.votes_down);
    if added.is_empty() && removed.is_empty() && counts_before == counts_after {
        return false;
    }
    let net_before = old.map_or(0, Idea::net);
    let net_after = new.net();
    let record = |who: &str, what: String| VoteChange {
        path: path.to_path_buf(),
        title: new.title.clone(),
        who: who.to_string(),
        what,
        net_before,
        net_after,
    };
    for (handle, what, _) in &added {
        changes.push(record(handle, what.clone()));
    }
    for (handle, side) in &removed {
        changes.push(record(handle, format!("withdrew {side}")));
    }
    if counts_before != counts_after {
        let mut parts = Vec::new();
        if counts_before.0 != counts_after.0 {
            parts.push(format!("up {} → {}", counts_before.0, counts_after.0));
        }
        if counts_before.1 != counts_after.1 {
            parts.push(format!("down {} → {}", counts_before.1, counts_after.1));
        }
        changes.push(record("votes", parts.join(", ")));
    }
    if reviewer.maintainer {
        // a maintainer change (a merge, a sync, a correction) is listed, not limited
        return true;
    }
    if counts_before != counts_after {
        out.push(
            Diagnostic::error(
                Code::VOTE_COUNTS,
                path,
                format!(
                    "the vote counts changed ({}) in a change not marked as a maintainer's",
                    changes.last().map_or(String::new(), |c| c.what.clone())
                ),
            )
            .at(key_span(text, "votes"))
            .hint("`votes:` holds counts synced from elsewhere; only a maintainer changes them (CI passes `--maintainer` for pull requests with the maintainer label). To vote, add your handle under `voters:`"),
        );
    }
    let author = reviewer.author.as_deref().map(normalize);
    if added.len() > 1 {
        let names: Vec<&str> = added.iter().map(|(h, _, _)| h.as_str()).collect();
        out.push(
            Diagnostic::error(
                Code::VOTE_AUTHOR,
                path,
                format!(
                    "this change adds {} votes ({}); a vote pull request adds exactly one handle",
                    added.len(),
                    names.join(", ")
                ),
            )
            .at(added
                .iter()
                .find(|(h, _, _)| author.as_deref() != Some(normalize(h).as_str()))
                .map_or(added[1].2, |(_, _, span)| *span))
            .hint("each member votes in a pull request of their own, adding only their own handle"),
        );
    } else if let Some((handle, _, span)) = added.first() {
        match &author {
            Some(author) if *author != normalize(handle) => out.push(
                Diagnostic::error(
                    Code::VOTE_AUTHOR,
                    path,
                    format!(
                        "this change adds a vote for `{handle}`, but the pull request is by `{}`",
                        reviewer.author.as_deref().unwrap_or(author)
                    ),
                )
                .at(*span)
                .hint("a vote is your own: add your own handle, and let others vote in their own pull requests"),
            ),
            Some(_) => {}
            None => out.push(
                Diagnostic::warning(
                    Code::VOTER_UNVERIFIED,
                    path,
                    format!("cannot verify that `{handle}` is the author of this change: no author was given"),
                )
                .at(*span)
                .hint("pass `--author HANDLE` (in GitHub Actions townhall reads the pull request's author from GITHUB_EVENT_PATH or GITHUB_ACTOR)"),
            ),
        }
    }
    let status = old.map_or(new.status, |o| o.status);
    if let Some((handle, _, span)) = added.first() {
        let closed = if status != Status::Open {
            Some(format!(
                "`{handle}` votes on an idea that is `{}`; only open ideas take votes",
                status.as_str()
            ))
        } else if today > window_end {
            Some(format!(
                "`{handle}` votes after the voting window closed on {window_end}"
            ))
        } else {
            None
        };
        if let Some(message) = closed {
            out.push(
                Diagnostic::error(Code::VOTE_CLOSED, path, message)
                    .at(*span)
                    .hint("votes count only while an idea is open and inside its voting window; propose a new idea to reopen the question"),
            );
        }
    }
    let foreign: Vec<&str> = removed
        .iter()
        .map(|(h, _)| h.as_str())
        .filter(|h| author.as_deref() != Some(normalize(h).as_str()))
        .collect();
    if !foreign.is_empty() {
        let span = after
            .values()
            .next()
            .map_or_else(|| key_span(text, "voters"), |(_, _, s)| *s);
        out.push(
            Diagnostic::error(
                Code::VOTE_PR,
                path,
                format!("this change removes votes of {}", foreign.join(", ")),
            )
            .at(span)
            .hint(if author.is_some() {
                "only a voter may withdraw a vote, in a pull request of their own"
            } else {
                "only a voter may withdraw a vote, in a pull request of their own; pass `--author HANDLE` so townhall can tell"
            }),
        );
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;
    use crate::parse::{parse_one, Parsed};

    fn idea(voters: &str, votes: &str, status: &str) -> Idea {
        let text = format!(
            "---\ntitle: T\nsubmitted: 2026-11-01\nauthor: a\nstatus: {status}\n{votes}{voters}---\nBody.\n"
        );
        let source = Source {
            path: PathBuf::from("ideas/t.md"),
            text: text.into(),
        };
        match parse_one(&source).0 {
            Some(Parsed::Idea(i)) => i,
            other => panic!("{other:?}"),
        }
    }

    fn run(
        old: Option<&Idea>,
        new: &Idea,
        author: Option<&str>,
        maintainer: bool,
    ) -> (Vec<Diagnostic>, Vec<VoteChange>) {
        let reviewer = Reviewer {
            author: author.map(str::to_string),
            author_source: "--author",
            maintainer,
        };
        let today = crate::clock::parse_date("2026-11-25").unwrap();
        let end = crate::clock::parse_date("2027-01-29").unwrap();
        let change = IdeaChange {
            path: Path::new("ideas/t.md"),
            old,
            new,
            text: "",
            window_end: end,
            today,
        };
        let (mut d, mut c) = (Vec::new(), Vec::new());
        review(&change, &reviewer, &mut d, &mut c);
        (d, c)
    }

    fn codes(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.code.0).collect()
    }

    #[test]
    fn own_vote_passes_and_is_listed() {
        let old = idea("voters: {up: [bo]}\n", "", "open");
        let new = idea("voters: {up: [bo, Cy]}\n", "", "open");
        let (d, c) = run(Some(&old), &new, Some("@cy"), false);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].who.as_str(), c[0].what.as_str()), ("Cy", "+1 up"));
        assert_eq!((c[0].net_before, c[0].net_after), (1, 2));
    }

    #[test]
    fn someone_elses_vote_and_many_votes_are_errors() {
        let old = idea("", "", "open");
        let one = idea("voters: {up: [cy]}\n", "", "open");
        assert_eq!(
            codes(&run(Some(&old), &one, Some("mallory"), false).0),
            ["TH0608"]
        );
        let many = idea("voters: {up: [mallory, f1, f2]}\n", "", "open");
        let (d, c) = run(Some(&old), &many, Some("mallory"), false);
        assert_eq!(codes(&d), ["TH0608"]);
        assert!(d[0].message.contains("adds 3 votes"), "{}", d[0].message);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn no_author_is_a_warning_not_silence() {
        let old = idea("", "", "open");
        let new = idea("voters: {down: [cy]}\n", "", "open");
        let (d, _) = run(Some(&old), &new, None, false);
        assert_eq!(codes(&d), ["TH0611"]);
        assert!(!d[0].is_error());
    }

    #[test]
    fn withdrawing_only_your_own() {
        let old = idea("voters: {up: [bo, cy]}\n", "", "open");
        let new = idea("voters: {up: [bo]}\n", "", "open");
        assert!(run(Some(&old), &new, Some("cy"), false).0.is_empty());
        assert_eq!(
            codes(&run(Some(&old), &new, Some("bo"), false).0),
            ["TH0607"]
        );
        assert_eq!(codes(&run(Some(&old), &new, None, false).0), ["TH0607"]);
    }

    #[test]
    fn counts_change_only_for_maintainers() {
        let old = idea("", "votes: {up: 12, down: 0}\n", "open");
        let new = idea("", "votes: {up: 512, down: 0}\n", "open");
        let (d, c) = run(Some(&old), &new, Some("x"), false);
        assert_eq!(codes(&d), ["TH0609"]);
        assert_eq!(c[0].what, "up 12 → 512");
        assert_eq!((c[0].net_before, c[0].net_after), (12, 512));
        assert!(run(Some(&old), &new, None, true).0.is_empty());
    }

    #[test]
    fn closed_ideas_take_no_votes() {
        let old = idea("", "", "shipped\nowner: o\nrelease: '1'");
        let new = idea(
            "voters: {up: [cy]}\n",
            "",
            "shipped\nowner: o\nrelease: '1'",
        );
        let (d, _) = run(Some(&old), &new, Some("cy"), false);
        assert_eq!(codes(&d), ["TH0610"]);
        // a new idea may carry its author's own vote, but no counts
        let fresh = idea("voters: {up: [a]}\n", "votes: {up: 3, down: 0}\n", "open");
        assert_eq!(codes(&run(None, &fresh, Some("a"), false).0), ["TH0609"]);
    }
}
