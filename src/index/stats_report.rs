//! The community figures for the terminal (aligned tables) and for
//! spreadsheets (one long CSV table: `section,metric,key,value`). The JSON
//! form is `exports::stats_json`; all three carry the same numbers.

use crate::resolve::stats::{Durations, Leaderboards, Stats};
use std::fmt::Write;

fn share(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{}%", (v * 100.0).round()))
}

fn days(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| v.to_string())
}

/// A CSV field: quoted when it holds a comma, quote or line break, and
/// prefixed with `'` when a spreadsheet would read it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

struct Csv(String);

impl Csv {
    fn row(&mut self, section: &str, metric: &str, key: &str, value: impl ToString) {
        let _ = writeln!(
            self.0,
            "{section},{metric},{},{}",
            field(key),
            value.to_string()
        );
    }

    fn durations(&mut self, section: &str, name: &str, d: &Durations) {
        self.row(section, &format!("{name}_count"), "", d.count);
        self.row(
            section,
            &format!("{name}_median_days"),
            "",
            days_csv(d.median_days),
        );
        self.row(
            section,
            &format!("{name}_p90_days"),
            "",
            days_csv(d.p90_days.map(|v| v as f64)),
        );
    }

    fn boards(&mut self, window: &str, b: &Leaderboards) {
        for (name, rows) in [
            ("accepted_answers", &b.accepted_answers),
            ("answers", &b.answers),
            ("guides", &b.guides),
            ("shipped_ideas", &b.shipped_ideas),
        ] {
            for r in rows {
                self.row("people", &format!("{window}.{name}"), &r.handle, r.count);
            }
        }
    }
}

fn days_csv(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

/// One row per figure: `section,metric,key,value`. `key` names the month,
/// cohort, bucket, tag, section, question, idea or person a row is about
/// (empty for totals); a value without a denominator is empty.
pub(crate) fn csv(s: &Stats) -> String {
    let mut c = Csv(String::from("section,metric,key,value\n"));
    c.row("period", "today", "", &s.today);
    c.row("period", "since", "", s.since.as_deref().unwrap_or(""));
    let q = &s.questions;
    for (metric, value) in [
        ("asked", q.asked),
        ("duplicates", q.duplicates),
        ("answered", q.answered),
        ("unanswered", q.unanswered),
        ("accepted", q.accepted),
        ("waiting_over_7_days", q.waiting_over_7_days),
        ("waiting_over_30_days", q.waiting_over_30_days),
    ] {
        c.row("questions", metric, "", value);
    }
    c.row("questions", "answered_share", "", share(q.answered_share));
    c.row("questions", "accepted_share", "", share(q.accepted_share));
    c.durations("questions", "first_answer", &q.first_answer);
    c.durations("questions", "accepted_answer", &q.accepted_answer);
    for b in &q.first_answer_distribution {
        c.row(
            "questions",
            "first_answer_distribution",
            &b.label,
            b.questions,
        );
    }
    for m in &q.per_month {
        c.row("questions", "asked_per_month", &m.month, m.asked);
        c.row("questions", "answered_per_month", &m.month, m.answered);
        c.row("questions", "accepted_per_month", &m.month, m.accepted);
    }
    for w in &q.waiting {
        c.row("questions", "waiting_age_days", &w.slug, w.age_days);
    }
    let i = &s.ideas;
    c.row("ideas", "vote_threshold", "", i.vote_threshold);
    for (metric, value) in [
        ("submitted", i.submitted),
        ("duplicates", i.duplicates),
        ("reached_threshold", i.reached_threshold),
        ("shipped", i.shipped),
        ("archived", i.archived),
        ("declined", i.declined),
    ] {
        c.row("ideas", metric, "", value);
    }
    c.row("ideas", "adoption_rate", "", share(i.adoption_rate));
    c.row("ideas", "archive_rate", "", share(i.archive_rate));
    c.row("ideas", "ship_rate", "", share(i.ship_rate));
    for st in &i.by_status {
        c.row("ideas", "status", st.status, st.ideas);
    }
    for k in &i.cohorts {
        for (metric, value) in [
            ("cohort_submitted", k.submitted),
            ("cohort_duplicates", k.duplicates),
            ("cohort_open", k.open),
            ("cohort_reached_threshold", k.reached_threshold),
            ("cohort_shipped", k.shipped),
            ("cohort_archived", k.archived),
            ("cohort_declined", k.declined),
        ] {
            c.row("ideas", metric, &k.cohort, value);
        }
        c.row(
            "ideas",
            "cohort_adoption_rate",
            &k.cohort,
            share(k.adoption_rate),
        );
        c.row(
            "ideas",
            "cohort_archive_rate",
            &k.cohort,
            share(k.archive_rate),
        );
        c.row("ideas", "cohort_ship_rate", &k.cohort, share(k.ship_rate));
    }
    c.durations("ideas", "to_decision", &i.to_decision);
    c.durations("ideas", "to_shipped", &i.to_shipped);
    for k in &i.closest_to_threshold {
        c.row("ideas", "closest_votes_needed", &k.slug, k.votes_needed);
    }
    let g = &s.guides;
    c.row("guides", "total", "", g.total);
    c.row("guides", "stale_after_days", "", g.stale_after_days);
    c.row("guides", "stale", "", g.stale.len());
    c.row("guides", "undated", "", g.undated.len());
    for sec in &g.sections {
        c.row("guides", "section_guides", &sec.section, sec.guides);
    }
    for st in &g.stale {
        c.row(
            "guides",
            "stale_days_since_update",
            &st.path,
            st.days_since_update,
        );
    }
    for t in &g.tags {
        c.row("guides", "tag_guides", &t.tag, t.guides);
        c.row("guides", "tag_questions", &t.tag, t.questions);
        c.row("guides", "tag_ideas", &t.tag, t.ideas);
    }
    for gap in &g.gaps {
        c.row("guides", "gap_questions", &gap.tag, gap.questions);
    }
    let p = &s.people;
    c.row("people", "contributors", "", p.contributors);
    c.row("people", "active_last_90_days", "", p.active_recently);
    c.boards("last_90_days", &p.last_90_days);
    c.boards("period", &p.period);
    for m in &p.new_per_month {
        c.row("people", "new_contributors", &m.month, m.contributors);
    }
    c.0
}

/// Columns padded to their widest cell; all but the first right-aligned.
fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let width = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
            .chain(headers.get(i).map(|h| h.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |cells: Vec<&str>| {
        let mut text = String::from(" ");
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i == 0 {
                let _ = write!(text, " {cell:<w$}");
            } else {
                let _ = write!(text, "  {cell:>w$}");
            }
        }
        text.trim_end().to_string() + "\n"
    };
    out.push_str(&line(headers.to_vec()));
    if rows.is_empty() {
        out.push_str("  (none)\n");
    }
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
}

fn duration_row(label: &str, d: &Durations) -> Vec<String> {
    vec![
        label.to_string(),
        d.count.to_string(),
        days(d.median_days),
        days(d.p90_days.map(|v| v as f64)),
    ]
}

/// The figures as aligned tables for the terminal.
pub(crate) fn text(s: &Stats) -> String {
    let mut o = String::new();
    let period = match &s.since {
        Some(since) => format!("from {since} to {}", s.today),
        None => format!("all time to {}", s.today),
    };
    let _ = writeln!(o, "Community insights, {period}\n");
    let q = &s.questions;
    let _ = writeln!(
        o,
        "QUESTIONS  {} asked, {} duplicates, {} answered ({}), {} accepted ({}), {} unanswered",
        q.asked,
        q.duplicates,
        q.answered,
        percent(q.answered_share),
        q.accepted,
        percent(q.accepted_share),
        q.unanswered
    );
    let rows = vec![
        duration_row("first answer", &q.first_answer),
        duration_row("accepted answer", &q.accepted_answer),
    ];
    table(&mut o, &["days to", "questions", "median", "p90"], &rows);
    o.push('\n');
    let rows: Vec<Vec<String>> = q
        .per_month
        .iter()
        .map(|m| {
            vec![
                m.month.clone(),
                m.asked.to_string(),
                m.answered.to_string(),
                m.accepted.to_string(),
            ]
        })
        .collect();
    table(&mut o, &["month", "asked", "answered", "accepted"], &rows);
    o.push('\n');
    let rows: Vec<Vec<String>> = q
        .first_answer_distribution
        .iter()
        .map(|b| vec![b.label.clone(), b.questions.to_string()])
        .collect();
    table(&mut o, &["first answer", "questions"], &rows);
    let _ = writeln!(
        o,
        "\n  waiting over 7 days: {} (over 30 days: {})",
        q.waiting_over_7_days, q.waiting_over_30_days
    );
    let rows: Vec<Vec<String>> = q
        .waiting
        .iter()
        .map(|w| vec![w.slug.clone(), w.asked.clone(), w.age_days.to_string()])
        .collect();
    table(&mut o, &["question", "asked", "days"], &rows);

    let i = &s.ideas;
    let _ = writeln!(
        o,
        "\nIDEAS  {} submitted, {} duplicates, {} reached {} net votes ({}), {} shipped ({}), {} archived ({}), {} declined",
        i.submitted, i.duplicates, i.reached_threshold, i.vote_threshold, percent(i.adoption_rate),
        i.shipped, percent(i.ship_rate), i.archived, percent(i.archive_rate), i.declined
    );
    let rows: Vec<Vec<String>> = i
        .cohorts
        .iter()
        .map(|c| {
            vec![
                c.cohort.clone(),
                c.submitted.to_string(),
                c.open.to_string(),
                format!("{} {}", c.reached_threshold, percent(c.adoption_rate)),
                format!("{} {}", c.shipped, percent(c.ship_rate)),
                format!("{} {}", c.archived, percent(c.archive_rate)),
                c.declined.to_string(),
            ]
        })
        .collect();
    let headers = [
        "cohort",
        "submitted",
        "open",
        "reached",
        "shipped",
        "archived",
        "declined",
    ];
    table(&mut o, &headers, &rows);
    o.push('\n');
    let rows = vec![
        duration_row("decision", &i.to_decision),
        duration_row("shipped", &i.to_shipped),
    ];
    table(&mut o, &["days to", "ideas", "median", "p90"], &rows);
    o.push_str("\n  closest to the threshold\n");
    let rows: Vec<Vec<String>> = i
        .closest_to_threshold
        .iter()
        .map(|c| {
            vec![
                c.slug.clone(),
                c.net.to_string(),
                c.votes_needed.to_string(),
                c.days_left.to_string(),
            ]
        })
        .collect();
    table(&mut o, &["idea", "net", "needed", "days left"], &rows);

    let g = &s.guides;
    let _ = writeln!(
        o,
        "\nGUIDES  {} published, {} stale (not updated for over {} days), {} undated",
        g.total,
        g.stale.len(),
        g.stale_after_days,
        g.undated.len()
    );
    let rows: Vec<Vec<String>> = g
        .sections
        .iter()
        .map(|s| vec![s.title.clone(), s.guides.to_string()])
        .collect();
    table(&mut o, &["section", "guides"], &rows);
    o.push('\n');
    let rows: Vec<Vec<String>> = g
        .stale
        .iter()
        .map(|s| {
            vec![
                s.path.clone(),
                s.updated.clone(),
                s.days_since_update.to_string(),
            ]
        })
        .collect();
    table(&mut o, &["stale guide", "updated", "days"], &rows);
    o.push('\n');
    let rows: Vec<Vec<String>> = g
        .tags
        .iter()
        .map(|t| {
            let gap = if t.questions > 0 && t.guides == 0 {
                "gap"
            } else {
                ""
            };
            vec![
                t.tag.clone(),
                t.guides.to_string(),
                t.questions.to_string(),
                t.ideas.to_string(),
                gap.to_string(),
            ]
        })
        .collect();
    table(&mut o, &["tag", "guides", "questions", "ideas", ""], &rows);

    let p = &s.people;
    let _ = writeln!(
        o,
        "\nPEOPLE  {} contributors, {} active in the last {} days",
        p.contributors, p.active_recently, p.window_days
    );
    for (title, b) in [("last 90 days", &p.last_90_days), ("all time", &p.period)] {
        for (name, rows) in [
            ("accepted answers", &b.accepted_answers),
            ("answers", &b.answers),
            ("guides", &b.guides),
            ("shipped ideas", &b.shipped_ideas),
        ] {
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| vec![r.handle.clone(), r.count.to_string()])
                .collect();
            let _ = writeln!(o, "\n  {name}, {title}");
            table(&mut o, &["handle", "count"], &rows);
        }
    }
    o.push('\n');
    let rows: Vec<Vec<String>> = p
        .new_per_month
        .iter()
        .map(|m| vec![m.month.clone(), m.contributors.to_string()])
        .collect();
    table(&mut o, &["month", "new contributors"], &rows);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("@bo"), "'@bo");
    }

    #[test]
    fn tables_align_columns() {
        let mut out = String::new();
        let rows = vec![
            vec!["a".to_string(), "1".to_string()],
            vec!["longer".to_string(), "10".to_string()],
        ];
        table(&mut out, &["name", "n"], &rows);
        assert_eq!(out, "  name     n\n  a        1\n  longer  10\n");
    }
}
