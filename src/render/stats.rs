//! `/stats/`: community insights with inline SVG charts and a data table
//! beside each chart. The figures come from `resolve::stats`; this module
//! only words and draws them.

use super::chart::{bar_chart, Bar};
use super::views::LinkView;
use super::{display_date, PageJob, Renderer};
use crate::clock::parse_date;
use crate::resolve::stats::{self, Durations, Leaderboards, Stats};
use serde_json::{json, Value};

/// "67%" (whole percent), "—" without a denominator.
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(s) => format!("{}%", (s * 100.0).round()),
        None => "—".into(),
    }
}

/// "1 day", "2.5 days", "—".
pub fn days(value: Option<f64>) -> String {
    match value {
        Some(1.0) => "1 day".into(),
        Some(d) if d.fract() == 0.0 => format!("{d:.0} days"),
        Some(d) => format!("{d:.1} days"),
        None => "—".into(),
    }
}

/// A bar labelled `label` whose tooltip counts `value` things.
fn counted_bar(label: &str, value: usize, one: &str, many: &str) -> Bar {
    Bar {
        label: label.to_string(),
        value,
        tooltip: format!("{label}: {}", plural(value, one, many)),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn date(text: &str) -> String {
    parse_date(text).map_or_else(|| text.to_string(), display_date)
}

fn durations(label: &str, d: &Durations) -> Value {
    json!({
        "label": label,
        "count": d.count,
        "median": days(d.median_days),
        "p90": days(d.p90_days.map(|v| v as f64)),
    })
}

/// The chart's description: what it shows, its range and its total.
fn describe(what: &str, bars: &[Bar]) -> String {
    let total: usize = bars.iter().map(|b| b.value).sum();
    match (bars.first(), bars.last()) {
        (Some(first), Some(last)) if bars.len() > 1 => format!(
            "{what}, {} to {}: {total} in all. The table below lists every value.",
            first.label, last.label
        ),
        (Some(first), _) => format!("{what}, {}: {total}.", first.label),
        _ => format!("{what}: none yet."),
    }
}

/// A chart of `bars`, or `None` when every bar is 0 (the page says so in words).
fn chart(id: &str, title: &str, what: &str, bars: &[Bar]) -> Option<String> {
    bars.iter()
        .any(|b| b.value > 0)
        .then(|| bar_chart(id, title, &describe(what, bars), bars))
}

impl Renderer<'_> {
    fn boards_view(&self, title: &str, boards: &Leaderboards) -> Value {
        let list = |label: &str, rows: &[stats::Leaderboard]| {
            json!({
                "label": label,
                "rows": rows.iter().map(|r| json!({"handle": r.handle, "count": r.count})).collect::<Vec<_>>(),
            })
        };
        json!({
            "title": title,
            "from": boards.from.as_deref().map(date),
            "boards": [
                list("Accepted answers", &boards.accepted_answers),
                list("Answers", &boards.answers),
                list("Guides", &boards.guides),
                list("Shipped ideas", &boards.shipped_ideas),
            ],
        })
    }

    pub(super) fn stats_job(&self, s: &Stats) -> PageJob {
        let site = self.site;
        let q = &s.questions;
        let i = &s.ideas;
        let g = &s.guides;
        let p = &s.people;

        let month_bars: Vec<Bar> = q
            .per_month
            .iter()
            .map(|m| counted_bar(&m.month, m.asked, "question", "questions"))
            .collect();
        let bucket_bars: Vec<Bar> = q
            .first_answer_distribution
            .iter()
            .map(|b| counted_bar(&b.label, b.questions, "question", "questions"))
            .collect();
        let cohort_bars: Vec<Bar> = i
            .cohorts
            .iter()
            .map(|c| counted_bar(&c.cohort, c.submitted, "idea", "ideas"))
            .collect();
        let newcomer_bars: Vec<Bar> = p
            .new_per_month
            .iter()
            .map(|m| {
                counted_bar(
                    &m.month,
                    m.contributors,
                    "new contributor",
                    "new contributors",
                )
            })
            .collect();

        let mut attention = Vec::new();
        if q.waiting_over_7_days > 0 {
            attention.push(json!({"url": "#waiting", "text": format!(
                "{} waiting for an answer for more than {} days ({} for more than {})",
                plural(q.waiting_over_7_days, "question", "questions"),
                stats::WAITING_DAYS, q.waiting_over_30_days, stats::LONG_WAITING_DAYS)}));
        }
        if !g.stale.is_empty() {
            attention.push(json!({"url": "#stale", "text": format!(
                "{} not updated for more than {} days",
                plural(g.stale.len(), "guide", "guides"), g.stale_after_days)}));
        }
        if !g.gaps.is_empty() {
            attention.push(json!({"url": "#gaps", "text": format!(
                "{} with questions but no guide",
                plural(g.gaps.len(), "topic", "topics"))}));
        }
        if let Some(close) = i.closest_to_threshold.first() {
            attention.push(json!({"url": "#closest", "text": format!(
                "“{}” needs {} more to reach the vote threshold",
                close.title, plural(close.votes_needed.max(0) as usize, "vote", "votes"))}));
        }

        let page = json!({
            "title": "Community insights",
            "today": display_date(site.options.today),
            "today_iso": s.today,
            "json_url": site.href("/stats.json"),
            "attention": attention,
            "summary": [
                {"label": "Questions answered", "value": percent(q.answered_share),
                 "note": format!("{} of {}", q.answered, plural(q.asked - q.duplicates, "question", "questions"))},
                {"label": "Median time to first answer", "value": days(q.first_answer.median_days),
                 "note": format!("90% within {}", days(q.first_answer.p90_days.map(|v| v as f64)))},
                {"label": "Ideas that reached the threshold", "value": percent(i.adoption_rate),
                 "note": format!("{} of {}", i.reached_threshold, plural(i.submitted - i.duplicates, "idea", "ideas"))},
                {"label": "Guides up to date", "value": percent(stats::math::share(g.total - g.stale.len(), g.total)),
                 "note": format!("{} stale of {}", g.stale.len(), g.total)},
                {"label": "Active contributors", "value": p.active_recently.to_string(),
                 "note": format!("in the last {} days; {} in all", p.window_days, p.contributors)},
            ],
            "questions": {
                "asked": q.asked,
                "duplicates": q.duplicates,
                "answered": q.answered,
                "unanswered": q.unanswered,
                "accepted": q.accepted,
                "answered_share": percent(q.answered_share),
                "accepted_share": percent(q.accepted_share),
                "durations": [durations("First answer", &q.first_answer), durations("Accepted answer", &q.accepted_answer)],
                "months": q.per_month,
                "months_chart": chart("chart-questions", "Questions asked per month", "Questions asked per month", &month_bars),
                "months_chart_title": "Questions asked per month",
                "distribution": q.first_answer_distribution,
                "distribution_chart": chart("chart-first-answer", "Time to first answer", "Answered questions by days from asking to the first answer", &bucket_bars),
                "distribution_chart_title": "Time to first answer",
                "waiting": q.waiting.iter().map(|w| json!({
                    "title": w.title, "url": site.href(&w.path), "asked": date(&w.asked), "asked_iso": w.asked,
                    "age_days": w.age_days, "long": w.age_days > stats::LONG_WAITING_DAYS,
                })).collect::<Vec<_>>(),
                "waiting_days": stats::WAITING_DAYS,
            },
            "ideas": {
                "threshold": i.vote_threshold,
                "submitted": i.submitted,
                "duplicates": i.duplicates,
                "reached": i.reached_threshold,
                "shipped": i.shipped,
                "archived": i.archived,
                "declined": i.declined,
                "adoption_rate": percent(i.adoption_rate),
                "ship_rate": percent(i.ship_rate),
                "archive_rate": percent(i.archive_rate),
                "by_status": i.by_status,
                "cohorts": i.cohorts.iter().map(|c| json!({
                    "cohort": c.cohort, "submitted": c.submitted, "open": c.open,
                    "reached": c.reached_threshold, "adoption_rate": percent(c.adoption_rate),
                    "archived": c.archived, "archive_rate": percent(c.archive_rate),
                    "shipped": c.shipped, "ship_rate": percent(c.ship_rate),
                    "declined": c.declined, "duplicates": c.duplicates,
                })).collect::<Vec<_>>(),
                "cohorts_chart": chart("chart-cohorts", "Ideas submitted per monthly cohort", "Ideas submitted per monthly cohort", &cohort_bars),
                "cohorts_chart_title": "Ideas submitted per monthly cohort",
                "durations": [durations("To a decision", &i.to_decision), durations("To shipped", &i.to_shipped)],
                "closest": i.closest_to_threshold.iter().map(|c| json!({
                    "title": c.title, "url": site.href(&c.path), "net": c.net,
                    "votes_needed": c.votes_needed, "days_left": c.days_left,
                })).collect::<Vec<_>>(),
            },
            "guides": {
                "total": g.total,
                "stale_after_days": g.stale_after_days,
                "sections": g.sections.iter().map(|s| json!({
                    "title": s.title, "url": site.href(&s.path), "guides": s.guides,
                })).collect::<Vec<_>>(),
                "stale": g.stale.iter().map(|s| json!({
                    "title": s.title, "url": site.href(&s.path), "updated": date(&s.updated),
                    "updated_iso": s.updated, "days": s.days_since_update,
                })).collect::<Vec<_>>(),
                "undated": g.undated.iter().map(|u| LinkView { title: u.title.clone(), url: site.href(&u.path) }).collect::<Vec<_>>(),
                "tags": g.tags.iter().map(|t| json!({
                    "tag": t.tag, "url": site.tags.contains_key(&t.tag).then(|| site.href(&site.tag_url(&t.tag))),
                    "guides": t.guides, "questions": t.questions, "ideas": t.ideas,
                    "gap": t.questions > 0 && t.guides == 0,
                })).collect::<Vec<_>>(),
                "gaps": g.gaps,
            },
            "people": {
                "window_days": p.window_days,
                "contributors": p.contributors,
                "active": p.active_recently,
                "windows": [self.boards_view(&format!("Last {} days", p.window_days), &p.last_90_days),
                            self.boards_view("All time", &p.period)],
                "newcomers": p.new_per_month,
                "newcomers_chart": chart("chart-newcomers", "New contributors per month", "People whose first contribution falls in each month", &newcomer_bars),
                "newcomers_chart_title": "New contributors per month",
            },
        });
        PageJob {
            template: "stats.html",
            path: "stats/index.html".into(),
            meta: self.meta(
                "Community insights",
                &format!(
                    "How the {} community is doing: answers, ideas, guides and contributors",
                    site.config.title
                ),
                "/stats/",
                "website",
                "stats",
            ),
            page,
            breadcrumbs: self.trail(&[("Community insights", "/stats/")]),
            nav: None,
            json_ld: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_worded_for_people() {
        assert_eq!(percent(Some(0.6667)), "67%");
        assert_eq!(percent(Some(1.0)), "100%");
        assert_eq!(percent(None), "—");
        assert_eq!(days(Some(1.0)), "1 day");
        assert_eq!(days(Some(0.0)), "0 days");
        assert_eq!(days(Some(2.5)), "2.5 days");
        assert_eq!(days(None), "—");
    }
}
