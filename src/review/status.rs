//! Status and vote changes a pull request makes by hand: an idea's status
//! move against the workflow and the vote rule, and answer votes that only
//! a maintainer may change.

use super::*;

/// An answer's `votes` is a count a maintainer keeps (or an import
/// brings); a contributor's change may not set it.
pub(super) fn review_answer_votes(
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

pub(super) fn review_idea_change(
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
