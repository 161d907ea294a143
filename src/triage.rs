//! `ideas triage`: the transitions the vote rule says are due, and applying
//! them by editing the idea files so that only the `status:` value changes
//! and one `history` entry is appended. Every other byte (comments, key
//! order, quoting, the body) stays as it was.

use crate::clock::Date;
use crate::load::Source;
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

/// The file text with the transition applied, or why it cannot be.
pub fn apply(text: &str, transition: &Transition, today: Date) -> Result<String, String> {
    let fm_end = front_matter_end(text).ok_or("the file has no front matter")?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();

    // 1. the status value, keeping indentation, quoting style and trailing comment
    let status_line = (1..fm_end)
        .find(|&i| lines.get(i).is_some_and(|l| l.starts_with("status:")))
        .ok_or("no top-level `status:` line")?;
    let line = lines.get(status_line).copied().unwrap_or("");
    let old = transition.from.as_str();
    let position = line
        .find(old)
        .ok_or("the `status:` line does not hold the expected status")?;
    let replaced = format!(
        "{}{}{}",
        line.get(..position).unwrap_or(""),
        transition.to.as_str(),
        line.get(position + old.len()..).unwrap_or("")
    );
    if let Some(slot) = out.get_mut(status_line) {
        *slot = replaced;
    }

    // 2. one history entry, in the style of the existing ones
    let note = serde_json::to_string(&capitalise(&transition.reason)).unwrap_or_default();
    let flow_entry = format!(
        "{{date: {today}, status: {}, note: {note}}}",
        transition.to.as_str()
    );
    let history_line =
        (1..fm_end).find(|&i| lines.get(i).is_some_and(|l| l.starts_with("history:")));
    match history_line {
        None => {
            let insert = format!("history:\n  - {flow_entry}\n");
            out.insert(fm_end, insert);
        }
        Some(h) => {
            let head = lines.get(h).copied().unwrap_or("");
            let after_key = head.trim_start_matches("history:").trim();
            if after_key.starts_with('[') {
                // flow list on one line: insert before the closing bracket
                let close = head
                    .rfind(']')
                    .ok_or("`history:` flow list is not closed on its line")?;
                let inner = head
                    .get(head.find('[').unwrap_or(0) + 1..close)
                    .unwrap_or("")
                    .trim();
                let sep = if inner.is_empty() { "" } else { ", " };
                let new = format!(
                    "{}{sep}{flow_entry}{}",
                    head.get(..close).unwrap_or(""),
                    head.get(close..).unwrap_or("")
                );
                if let Some(slot) = out.get_mut(h) {
                    *slot = new;
                }
            } else if !after_key.is_empty() && !after_key.starts_with('#') {
                return Err("`history:` has a value style triage cannot extend".into());
            } else {
                // block list: find its last line and the item style
                let mut last = h;
                let mut item_indent: Option<String> = None;
                let mut block_style = false;
                for i in h + 1..fm_end {
                    let l = lines.get(i).copied().unwrap_or("");
                    let trimmed = l.trim_start();
                    let indent = &l[..l.len() - trimmed.len()];
                    if trimmed.trim().is_empty() {
                        continue;
                    }
                    if indent.is_empty() && !trimmed.starts_with('-') {
                        break;
                    }
                    if trimmed.starts_with("- ") || trimmed.trim() == "-" {
                        item_indent = Some(indent.to_string());
                        block_style = !trimmed.trim_start_matches("- ").starts_with('{');
                    }
                    last = i;
                }
                let indent = item_indent.unwrap_or_else(|| "  ".to_string());
                let entry = if block_style {
                    format!(
                        "{indent}- date: {today}\n{indent}  status: {}\n{indent}  note: {note}\n",
                        transition.to.as_str()
                    )
                } else {
                    format!("{indent}- {flow_entry}\n")
                };
                // the last line may lack a newline only at the end of the file, which is not inside front matter
                out.insert(last + 1, entry);
            }
        }
    }
    let result: String = out.concat();
    verify(&result, transition)?;
    Ok(result)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Index of the closing `---` line of the front matter.
fn front_matter_end(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .position(|l| l.trim_end() == "---" || l.trim_end() == "...")
        .map(|p| p + 1)
}

/// The edited file must parse, with the new status and history.
fn verify(text: &str, transition: &Transition) -> Result<(), String> {
    let source = Source {
        path: transition.path.clone(),
        text: text.into(),
    };
    let (parsed, diagnostics) = crate::parse::parse_one(&source);
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!("the edited file would not be valid: {}", d.message));
    }
    match parsed {
        Some(Parsed::Idea(idea)) if idea.status == transition.to => Ok(()),
        _ => Err("the edited file does not have the new status".into()),
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
