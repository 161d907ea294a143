//! `ideas triage`: the transitions the vote rule says are due, and applying
//! them by editing the idea files so that only the `status:` value changes
//! and one `history` entry is appended. Every other byte (comments, key
//! order, quoting, the body) stays as it was.

use crate::clock::Date;
use crate::content::edit;
use crate::parse::{Parsed, Status};
use crate::resolve::Site;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct Transition {
    pub slug: String,
    pub path: PathBuf,
    pub from: Status,
    pub to: Status,
    pub net: i64,
    pub window_end: Date,
    pub reason: String,
    /// Ideas moving to review have no owner yet: someone must take them on.
    pub needs_owner: bool,
}

/// Every transition due today, by slug.
pub fn due(site: &Site) -> Vec<Transition> {
    site.ideas
        .iter()
        .filter_map(|page| {
            let due = page.facts.due.as_ref()?;
            Some(Transition {
                slug: page.idea.slug.clone(),
                path: page.idea.path.clone(),
                from: due.from,
                to: due.to,
                net: page.facts.net,
                window_end: page.facts.window_end,
                reason: due.reason.clone(),
                needs_owner: due.to == Status::UnderReview && page.idea.owner.is_none(),
            })
        })
        .collect()
}

/// The file text with the transition applied, or why it cannot be: the
/// `status:` value changes and one `history` entry is appended, nothing else.
pub fn apply(text: &str, transition: &Transition, today: Date) -> Result<String, String> {
    let text = edit::replace_value(
        text,
        "status",
        transition.from.as_str(),
        transition.to.as_str(),
    )?;
    let text = edit::append_history(
        &text,
        &today.to_string(),
        transition.to.as_str(),
        &capitalise(&transition.reason),
    )?;
    match edit::verify(&transition.path, &text)? {
        Parsed::Idea(idea) if idea.status == transition.to => Ok(text),
        _ => Err("the edited file does not have the new status".into()),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_date;

    fn transition(from: Status, to: Status) -> Transition {
        Transition {
            slug: "x".into(),
            path: "ideas/x.md".into(),
            from,
            to,
            net: 104,
            window_end: parse_date("2026-03-31").unwrap(),
            reason: "reached 104 net votes in 61 days".into(),
            needs_owner: true,
        }
    }

    const HEAD: &str = "---\ntitle: X\nsubmitted: 2026-01-01\nauthor: a\n";

    #[test]
    fn flow_history_gets_a_flow_entry() {
        let text = format!("{HEAD}status: open # voting\nhistory:\n  - {{date: 2026-01-01, status: open, note: Submitted}}\n---\nBody\n");
        let out = apply(
            &text,
            &transition(Status::Open, Status::UnderReview),
            parse_date("2026-03-02").unwrap(),
        )
        .unwrap();
        assert_eq!(
            out,
            format!("{HEAD}status: under-review # voting\nhistory:\n  - {{date: 2026-01-01, status: open, note: Submitted}}\n  - {{date: 2026-03-02, status: under-review, note: \"Reached 104 net votes in 61 days\"}}\n---\nBody\n")
        );
    }

    #[test]
    fn block_history_gets_a_block_entry() {
        let text = format!("{HEAD}status: \"open\"\nhistory:\n- date: 2026-01-01\n  status: open\n  note: Submitted\nvotes: {{up: 104}}\n---\n");
        let out = apply(
            &text,
            &transition(Status::Open, Status::UnderReview),
            parse_date("2026-03-02").unwrap(),
        )
        .unwrap();
        assert!(out.contains("status: \"under-review\"\n"), "{out}");
        assert!(out.contains("  note: Submitted\n- date: 2026-03-02\n  status: under-review\n  note: \"Reached 104 net votes in 61 days\"\nvotes:"), "{out}");
    }

    #[test]
    fn missing_history_is_added_at_the_end_of_the_front_matter() {
        let text = format!("{HEAD}status: open\n---\nBody\n");
        let out = apply(
            &text,
            &transition(Status::Open, Status::Archived),
            parse_date("2026-04-01").unwrap(),
        )
        .unwrap();
        assert!(out.ends_with("status: archived\nhistory:\n  - {date: 2026-04-01, status: archived, note: \"Reached 104 net votes in 61 days\"}\n---\nBody\n"), "{out}");
    }

    #[test]
    fn inline_flow_list_is_extended() {
        let text = format!(
            "{HEAD}status: open\nhistory: [{{date: 2026-01-01, status: open, note: S}}]\n---\n"
        );
        let out = apply(
            &text,
            &transition(Status::Open, Status::Archived),
            parse_date("2026-04-01").unwrap(),
        )
        .unwrap();
        assert!(out.contains("history: [{date: 2026-01-01, status: open, note: S}, {date: 2026-04-01, status: archived, note: "), "{out}");
    }
}
