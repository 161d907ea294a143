//! The vote rule, stated once, as pure functions of (idea, settings,
//! today): `facts` (with what is `due`) for `resolve` and `triage`, and
//! `broken_by` for the review of a status change someone made by hand.
//!
//! The voting window: day 1 is the `submitted` date, and the last day to
//! vote is day `voting_window_days` (submitted + window − 1). On the day
//! after, an idea still `open` below the threshold is due to be archived.
//! An open idea at or above a net `vote_threshold` is due for review.

use crate::clock::Date;
use crate::config::IdeasConfig;
use crate::diag::Code;
use crate::parse::{Idea, Status};
use chrono::{Datelike, Duration};
use serde::Serialize;

/// Workflow problems `build` publishes with a warning (the site still
/// shows the idea's recorded timeline) and `check`, the reviewer's tool,
/// enforces as errors.
pub(crate) const ENFORCED_BY_CHECK: [Code; 2] = [Code::IDEA_HISTORY, Code::IDEA_TRANSITION];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub from: Status,
    pub to: Status,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    pub up: i64,
    pub down: i64,
    pub net: i64,
    /// `YYYY-MM` of `submitted`.
    pub cohort: String,
    /// The last day votes count.
    pub window_end: Date,
    /// Days left to vote, today included (0 once the window has closed).
    pub days_left: i64,
    /// Net votes still needed to reach the threshold (0 when reached).
    pub votes_needed: i64,
    /// Progress toward the threshold, 0–100.
    pub progress: u8,
    pub due: Option<Due>,
}

pub(crate) fn cohort(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

pub(crate) fn window_end(submitted: Date, config: &IdeasConfig) -> Date {
    let days = i64::from(config.voting_window_days.max(1)) - 1;
    submitted
        .checked_add_signed(Duration::days(days))
        .unwrap_or(submitted)
}

pub(crate) fn facts(idea: &Idea, config: &IdeasConfig, today: Date) -> Facts {
    let net = idea.net();
    let end = window_end(idea.submitted, config);
    let days_left = if today > end {
        0
    } else {
        (end - today)
            .num_days()
            .saturating_add(1)
            .min(i64::from(config.voting_window_days))
    };
    let threshold = config.vote_threshold.max(1);
    let votes_needed = threshold.saturating_sub(net).max(0);
    let progress = (net.clamp(0, threshold) * 100 / threshold) as u8;
    let due = due(idea, net, end, config, today);
    Facts {
        up: idea.up(),
        down: idea.down(),
        net,
        cohort: cohort(idea.submitted),
        window_end: end,
        days_left,
        votes_needed,
        progress,
        due,
    }
}

fn due(idea: &Idea, net: i64, end: Date, config: &IdeasConfig, today: Date) -> Option<Due> {
    if idea.status != Status::Open || today < idea.submitted {
        return None;
    }
    let day = (today - idea.submitted).num_days() + 1;
    if net >= config.vote_threshold {
        let elapsed = (today.min(end) - idea.submitted).num_days() + 1;
        return Some(Due {
            from: Status::Open,
            to: Status::UnderReview,
            reason: format!("reached {net} net votes in {elapsed} days"),
        });
    }
    if today > end {
        return Some(Due {
            from: Status::Open,
            to: Status::Archived,
            reason: format!(
                "voting window closed on {end} (day {}) with {net} of {} net votes",
                config.voting_window_days, config.vote_threshold
            ),
        })
        .filter(|_| day > i64::from(config.voting_window_days));
    }
    None
}

/// Why moving an idea from `from` to `to`, with these `facts`, breaks the
/// vote rule; `None` when the rule allows it. Review may move an idea only
/// at or above the threshold, and the rule archives an open idea only once
/// its window has closed below it.
pub(crate) fn broken_by(
    from: Status,
    to: Status,
    facts: &Facts,
    config: &IdeasConfig,
    today: Date,
) -> Option<String> {
    let threshold = config.vote_threshold;
    match to {
        Status::UnderReview if facts.net < threshold => Some(format!(
            "moved to review with {} net votes, below the threshold of {threshold}",
            facts.net
        )),
        Status::Archived if from == Status::Open => {
            (today <= facts.window_end && facts.net < threshold).then(|| {
                format!(
                    "archived while its voting window is still open (until {})",
                    facts.window_end
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_date;
    use crate::diag::Span;
    use crate::parse::markdown::Markdown;

    fn idea(submitted: &str, up: i64, down: i64, voters_up: &[&str], voters_down: &[&str]) -> Idea {
        let handles = |list: &[&str]| {
            list.iter()
                .map(|h| (h.to_string(), Span::default()))
                .collect()
        };
        Idea {
            path: "ideas/x.md".into(),
            slug: "x".into(),
            title: "X".into(),
            submitted: parse_date(submitted).unwrap(),
            author: "a".into(),
            tags: vec![],
            status: Status::Open,
            status_span: Span::default(),
            votes_up: up,
            votes_down: down,
            voters_up: handles(voters_up),
            voters_down: handles(voters_down),
            owner: None,
            release: None,
            duplicate_of: None,
            history: vec![],
            aliases: vec![],
            extra: serde_json::Value::Null,
            body: Markdown::default(),
        }
    }

    fn day(submitted: &str, n: i64) -> Date {
        parse_date(submitted).unwrap() + Duration::days(n - 1)
    }

    #[test]
    fn window_days_89_90_91() {
        let config = IdeasConfig::default();
        let i = idea("2026-01-10", 50, 0, &[], &[]);
        let f89 = facts(&i, &config, day("2026-01-10", 89));
        assert_eq!((f89.days_left, f89.due.clone()), (2, None));
        let f90 = facts(&i, &config, day("2026-01-10", 90));
        assert_eq!(
            (f90.days_left, f90.due.clone()),
            (1, None),
            "day 90 is the last day to vote"
        );
        assert_eq!(f90.window_end, parse_date("2026-04-09").unwrap());
        let f91 = facts(&i, &config, day("2026-01-10", 91));
        assert_eq!(f91.days_left, 0);
        assert_eq!(f91.due.unwrap().to, Status::Archived);
    }

    #[test]
    fn threshold_edges() {
        let config = IdeasConfig::default();
        let today = day("2026-01-10", 30);
        let below = facts(&idea("2026-01-10", 99, 0, &[], &[]), &config, today);
        assert_eq!(
            (below.due, below.votes_needed, below.progress),
            (None, 1, 99)
        );
        let at = facts(&idea("2026-01-10", 100, 0, &[], &[]), &config, today);
        assert_eq!(at.due.unwrap().to, Status::UnderReview);
        assert_eq!(at.votes_needed, 0);
        let above = facts(&idea("2026-01-10", 101, 0, &[], &[]), &config, today);
        let due = above.due.unwrap();
        assert_eq!(due.to, Status::UnderReview);
        assert_eq!(due.reason, "reached 101 net votes in 30 days");
        assert_eq!(above.progress, 100);
    }

    #[test]
    fn votes_and_voters_both_count() {
        let config = IdeasConfig::default();
        let i = idea(
            "2026-01-10",
            98,
            3,
            &["ann", "bo", "cy", "di", "ed"],
            &["fa"],
        );
        let f = facts(&i, &config, day("2026-01-10", 5));
        assert_eq!((f.up, f.down, f.net), (103, 4, 99));
        assert_eq!(f.due, None);
    }

    #[test]
    fn leap_years() {
        let config = IdeasConfig::default();
        // 2028 is a leap year: 90 days from 2028-01-01 end on 2028-03-30
        assert_eq!(
            window_end(parse_date("2028-01-01").unwrap(), &config),
            parse_date("2028-03-30").unwrap()
        );
        assert_eq!(
            window_end(parse_date("2027-01-01").unwrap(), &config),
            parse_date("2027-03-31").unwrap()
        );
        assert_eq!(cohort(parse_date("2028-02-29").unwrap()), "2028-02");
    }

    #[test]
    fn only_open_ideas_have_transitions_due() {
        let config = IdeasConfig::default();
        let mut i = idea("2026-01-10", 500, 0, &[], &[]);
        i.status = Status::Planned;
        assert_eq!(facts(&i, &config, day("2026-01-10", 200)).due, None);
    }

    #[test]
    fn future_submissions_are_not_due() {
        let config = IdeasConfig::default();
        let i = idea("2026-05-01", 0, 0, &[], &[]);
        assert_eq!(
            facts(&i, &config, parse_date("2026-04-01").unwrap()).due,
            None
        );
    }
}
