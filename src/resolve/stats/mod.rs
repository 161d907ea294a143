//! Community insights: the health figures of `/stats/`, `stats.json` and
//! `townhall stats`, computed from the resolved `Site` and "today".
//!
//! Everything is "as of today": a question, answer, idea or history entry
//! dated after today does not exist yet. The period runs from `since`
//! (inclusive; the beginning when `None`) to today (inclusive). Every list
//! is sorted with a total order, so the same input gives the same output.
//! The meaning of each figure is documented in the reference guide
//! `content/guides/reference/stats.md`; this module is its implementation.

pub(crate) mod math;
mod people;
mod translations;

use super::site::Site;
use crate::clock::Date;
use crate::parse::Status;
use math::{days, distribution, month, months, share};
pub(crate) use math::{Bucket, Durations};
pub(crate) use people::{Leaderboard, Leaderboards, NewContributors, PeopleStats};
use serde::Serialize;
use std::collections::BTreeMap;
pub(crate) use translations::TranslationStats;

/// Schema version of `stats.json`; changes when a field is removed or changes meaning.
pub(crate) const STATS_VERSION: u32 = 1;
/// Unanswered questions older than this many days are listed.
pub(crate) const WAITING_DAYS: i64 = 7;
/// ... and those older than this are counted apart as long-waiting.
pub(crate) const LONG_WAITING_DAYS: i64 = 30;
/// How many open ideas the "closest to the threshold" list shows.
pub(crate) const CLOSEST_IDEAS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub version: u32,
    /// The last day of the period (`--today`), `YYYY-MM-DD`.
    pub today: String,
    /// The first day of the period (`--since`), `None` for all time.
    pub since: Option<String>,
    pub questions: QuestionStats,
    pub ideas: IdeaStats,
    pub guides: GuideStats,
    pub people: PeopleStats,
    /// A multilingual site's translation coverage per language (absent
    /// from `stats.json` on a single-language site).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<TranslationStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionStats {
    /// Questions asked in the period, duplicates included.
    pub asked: usize,
    /// Of those, marked `duplicate_of` (left out of every figure below).
    pub duplicates: usize,
    /// With at least one answer by today.
    pub answered: usize,
    /// With no answer yet (`asked - duplicates - answered`).
    pub unanswered: usize,
    /// With an accepted answer.
    pub accepted: usize,
    /// `answered / (asked - duplicates)`.
    pub answered_share: Option<f64>,
    /// `accepted / (asked - duplicates)`.
    pub accepted_share: Option<f64>,
    /// Days from `asked` to the earliest answer, over answered questions.
    pub first_answer: Durations,
    /// Days from `asked` to the accepted answer's date.
    pub accepted_answer: Durations,
    pub first_answer_distribution: Vec<Bucket>,
    /// Every month of the period from the first question on.
    pub per_month: Vec<QuestionMonth>,
    /// Unanswered questions older than 7 days.
    pub waiting_over_7_days: usize,
    /// Unanswered questions older than 30 days (a subset of the above).
    pub waiting_over_30_days: usize,
    /// The unanswered questions older than 7 days, oldest first (then slug).
    pub waiting: Vec<WaitingQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionMonth {
    pub month: String,
    /// Asked that month (duplicates excluded).
    pub asked: usize,
    /// Of those, answered by today.
    pub answered: usize,
    /// Of those, with an accepted answer.
    pub accepted: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitingQuestion {
    pub slug: String,
    pub title: String,
    pub url: String,
    #[serde(skip)]
    pub path: String,
    pub asked: String,
    pub age_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdeaStats {
    pub vote_threshold: i64,
    /// Ideas submitted in the period, duplicates included.
    pub submitted: usize,
    /// Of those, marked `duplicate` (left out of the rates).
    pub duplicates: usize,
    /// Current status of the ideas submitted in the period, every status listed.
    pub by_status: Vec<StatusCount>,
    pub reached_threshold: usize,
    pub shipped: usize,
    pub archived: usize,
    pub declined: usize,
    /// `reached_threshold / (submitted - duplicates)`.
    pub adoption_rate: Option<f64>,
    pub archive_rate: Option<f64>,
    pub ship_rate: Option<f64>,
    /// Every monthly cohort of the period from the first submission on.
    pub cohorts: Vec<Cohort>,
    /// Days from `submitted` to the first decision in `history`.
    pub to_decision: Durations,
    /// Days from `submitted` to the `shipped` entry in `history`.
    pub to_shipped: Durations,
    /// Open ideas still in their window, fewest votes needed first.
    pub closest_to_threshold: Vec<CloseIdea>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub ideas: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub cohort: String,
    pub submitted: usize,
    pub duplicates: usize,
    /// Still `open` (voting).
    pub open: usize,
    pub reached_threshold: usize,
    pub archived: usize,
    pub shipped: usize,
    pub declined: usize,
    pub adoption_rate: Option<f64>,
    pub archive_rate: Option<f64>,
    pub ship_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloseIdea {
    pub slug: String,
    pub title: String,
    pub url: String,
    #[serde(skip)]
    pub path: String,
    pub net: i64,
    pub votes_needed: i64,
    pub days_left: i64,
    pub window_end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuideStats {
    pub stale_after_days: u32,
    /// Published guides (a snapshot of today; `since` does not apply).
    pub total: usize,
    /// Sections with guides of their own, in tree order; the counts add up to `total`.
    pub sections: Vec<SectionCount>,
    /// Guides whose last update is more than `stale_after_days` before today, oldest first.
    pub stale: Vec<StaleGuide>,
    /// Guides with no date at all (no `updated`, no git history).
    pub undated: Vec<PageRef>,
    /// Every tag of the vocabulary, by name.
    pub tags: Vec<TagCoverage>,
    /// Tags with questions in the period but no guide, most questions first (then tag).
    pub gaps: Vec<TagGap>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionCount {
    pub section: String,
    pub title: String,
    pub url: String,
    #[serde(skip)]
    pub path: String,
    pub guides: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleGuide {
    pub title: String,
    pub url: String,
    #[serde(skip)]
    pub path: String,
    pub updated: String,
    pub days_since_update: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRef {
    pub title: String,
    pub url: String,
    #[serde(skip)]
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagCoverage {
    pub tag: String,
    pub guides: usize,
    /// Questions asked in the period with the tag (duplicates excluded).
    pub questions: usize,
    /// Ideas submitted in the period with the tag (duplicates excluded).
    pub ideas: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagGap {
    pub tag: String,
    pub questions: usize,
}

/// The figures of `site` for the period from `since` to the build's today.
pub(crate) fn compute(site: &Site, since: Option<Date>) -> Stats {
    let today = site.options.today;
    let period = Period { since, today };
    Stats {
        version: STATS_VERSION,
        today: today.to_string(),
        since: since.map(|d| d.to_string()),
        questions: questions(site, &period),
        ideas: ideas(site, &period),
        guides: guides(site, &period),
        people: people::people(site, &period),
        translations: translations::translations(site),
    }
}

/// The days the figures cover.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub since: Option<Date>,
    pub today: Date,
}

impl Period {
    pub(crate) fn contains(&self, date: Date) -> bool {
        date <= self.today && self.since.is_none_or(|s| date >= s)
    }

    /// Months from the earliest date (or `since`, if later) to today's month.
    fn months(&self, dates: impl Iterator<Item = Date>) -> Vec<String> {
        match dates.min() {
            Some(first) => months(self.since.map_or(first, |s| first.max(s)), self.today),
            None => Vec::new(),
        }
    }
}

fn questions(site: &Site, period: &Period) -> QuestionStats {
    let today = period.today;
    let in_period: Vec<_> = site
        .questions
        .iter()
        .filter(|q| period.contains(q.question.asked))
        .collect();
    let duplicates = in_period
        .iter()
        .filter(|q| q.question.duplicate_of.is_some())
        .count();
    let considered: Vec<_> = in_period
        .iter()
        .filter(|q| q.question.duplicate_of.is_none())
        .collect();
    let mut first = Vec::new();
    let mut accepted_days = Vec::new();
    let mut per_month: BTreeMap<String, QuestionMonth> = period
        .months(considered.iter().map(|q| q.question.asked))
        .into_iter()
        .map(|m| {
            let row = QuestionMonth {
                month: m.clone(),
                asked: 0,
                answered: 0,
                accepted: 0,
            };
            (m, row)
        })
        .collect();
    let mut waiting = Vec::new();
    for page in &considered {
        let asked = page.question.asked;
        let first_answer = page
            .answers
            .iter()
            .map(|a| a.date)
            .filter(|d| *d <= today)
            .min();
        let accepted = page.accepted().map(|a| a.date).filter(|d| *d <= today);
        let row = per_month.get_mut(&month(asked));
        if let Some(row) = row {
            row.asked += 1;
            row.answered += usize::from(first_answer.is_some());
            row.accepted += usize::from(accepted.is_some());
        }
        if let Some(date) = first_answer {
            first.push(days(asked, date).max(0));
        }
        if let Some(date) = accepted {
            accepted_days.push(days(asked, date).max(0));
        }
        let age = days(asked, today);
        if first_answer.is_none() && age > WAITING_DAYS {
            waiting.push(WaitingQuestion {
                slug: page.question.slug.clone(),
                title: page.question.title.clone(),
                url: site.absolute(&page.url),
                path: page.url.clone(),
                asked: asked.to_string(),
                age_days: age,
            });
        }
    }
    waiting.sort_by(|a, b| b.age_days.cmp(&a.age_days).then(a.slug.cmp(&b.slug)));
    let answered = first.len();
    let accepted = accepted_days.len();
    let n = considered.len();
    QuestionStats {
        asked: in_period.len(),
        duplicates,
        answered,
        unanswered: n - answered,
        accepted,
        answered_share: share(answered, n),
        accepted_share: share(accepted, n),
        first_answer_distribution: distribution(&first),
        first_answer: Durations::of(first),
        accepted_answer: Durations::of(accepted_days),
        per_month: per_month.into_values().collect(),
        waiting_over_7_days: waiting.len(),
        waiting_over_30_days: waiting
            .iter()
            .filter(|w| w.age_days > LONG_WAITING_DAYS)
            .count(),
        waiting,
    }
}

/// Whether an idea reached the vote threshold: it went (or is due to go)
/// to review, or moved past it in the workflow.
fn reached_threshold(page: &super::IdeaPage, threshold: i64, today: Date) -> bool {
    let status = page.idea.status;
    matches!(
        status,
        Status::UnderReview | Status::Planned | Status::InProgress | Status::Shipped
    ) || page
        .idea
        .history
        .iter()
        .any(|h| h.status == Status::UnderReview && h.date <= today)
        || (status == Status::Open && page.facts.net >= threshold)
}

/// The first decision in an idea's history: review, or straight to
/// planned / in progress / shipped / declined.
fn decision_date(page: &super::IdeaPage, today: Date) -> Option<Date> {
    page.idea
        .history
        .iter()
        .filter(|h| {
            matches!(
                h.status,
                Status::UnderReview
                    | Status::Planned
                    | Status::InProgress
                    | Status::Shipped
                    | Status::Declined
            ) && h.date <= today
        })
        .map(|h| h.date)
        .min()
}

/// The date an idea shipped, from its history.
pub(crate) fn shipped_date(page: &super::IdeaPage, today: Date) -> Option<Date> {
    page.idea
        .history
        .iter()
        .filter(|h| h.status == Status::Shipped && h.date <= today)
        .map(|h| h.date)
        .min()
}

fn ideas(site: &Site, period: &Period) -> IdeaStats {
    let today = period.today;
    let threshold = site.config.ideas.vote_threshold;
    let in_period: Vec<_> = site
        .ideas
        .iter()
        .filter(|i| period.contains(i.idea.submitted))
        .collect();
    let mut cohorts: BTreeMap<String, Cohort> = period
        .months(in_period.iter().map(|i| i.idea.submitted))
        .into_iter()
        .map(|m| {
            let cohort = Cohort {
                cohort: m.clone(),
                submitted: 0,
                duplicates: 0,
                open: 0,
                reached_threshold: 0,
                archived: 0,
                shipped: 0,
                declined: 0,
                adoption_rate: None,
                archive_rate: None,
                ship_rate: None,
            };
            (m, cohort)
        })
        .collect();
    let mut to_decision = Vec::new();
    let mut to_shipped = Vec::new();
    let mut closest = Vec::new();
    for page in &in_period {
        let Some(c) = cohorts.get_mut(&month(page.idea.submitted)) else {
            continue;
        };
        c.submitted += 1;
        let status = page.idea.status;
        if status == Status::Duplicate {
            c.duplicates += 1;
            continue;
        }
        c.open += usize::from(status == Status::Open);
        c.archived += usize::from(status == Status::Archived);
        c.shipped += usize::from(status == Status::Shipped);
        c.declined += usize::from(status == Status::Declined);
        c.reached_threshold += usize::from(reached_threshold(page, threshold, today));
        if let Some(date) = decision_date(page, today) {
            to_decision.push(days(page.idea.submitted, date).max(0));
        }
        if let Some(date) = shipped_date(page, today) {
            to_shipped.push(days(page.idea.submitted, date).max(0));
        }
        if status == Status::Open && page.facts.days_left > 0 {
            closest.push(CloseIdea {
                slug: page.idea.slug.clone(),
                title: page.idea.title.clone(),
                url: site.absolute(&page.url),
                path: page.url.clone(),
                net: page.facts.net,
                votes_needed: page.facts.votes_needed,
                days_left: page.facts.days_left,
                window_end: page.facts.window_end.to_string(),
            });
        }
    }
    closest.sort_by(|a, b| {
        a.votes_needed
            .cmp(&b.votes_needed)
            .then(a.days_left.cmp(&b.days_left))
            .then(a.slug.cmp(&b.slug))
    });
    closest.truncate(CLOSEST_IDEAS);
    let mut cohorts: Vec<Cohort> = cohorts.into_values().collect();
    for c in &mut cohorts {
        let n = c.submitted - c.duplicates;
        c.adoption_rate = share(c.reached_threshold, n);
        c.archive_rate = share(c.archived, n);
        c.ship_rate = share(c.shipped, n);
    }
    let sum = |f: fn(&Cohort) -> usize| cohorts.iter().map(f).sum::<usize>();
    let (submitted, duplicates) = (sum(|c| c.submitted), sum(|c| c.duplicates));
    let (reached, shipped) = (sum(|c| c.reached_threshold), sum(|c| c.shipped));
    let (archived, declined) = (sum(|c| c.archived), sum(|c| c.declined));
    let n = submitted - duplicates;
    IdeaStats {
        vote_threshold: threshold,
        submitted,
        duplicates,
        by_status: Status::ALL
            .into_iter()
            .map(|s| StatusCount {
                status: s.as_str(),
                ideas: in_period.iter().filter(|i| i.idea.status == s).count(),
            })
            .collect(),
        reached_threshold: reached,
        shipped,
        archived,
        declined,
        adoption_rate: share(reached, n),
        archive_rate: share(archived, n),
        ship_rate: share(shipped, n),
        cohorts,
        to_decision: Durations::of(to_decision),
        to_shipped: Durations::of(to_shipped),
        closest_to_threshold: closest,
    }
}

fn guides(site: &Site, period: &Period) -> GuideStats {
    let today = period.today;
    let stale_after = i64::from(site.config.guides.stale_after_days);
    let sections = site
        .sections
        .iter()
        .filter(|s| !s.guides.is_empty())
        .map(|s| SectionCount {
            section: s.key.clone(),
            title: s.title.clone(),
            url: site.absolute(&s.url),
            path: s.url.clone(),
            guides: s.guides.len(),
        })
        .collect();
    let page_ref = |g: &super::GuidePage| PageRef {
        title: g.guide.title.clone(),
        url: site.absolute(&g.url),
        path: g.url.clone(),
    };
    let mut stale: Vec<StaleGuide> = site
        .guides
        .iter()
        .filter_map(|g| {
            let updated = g.guide.updated?;
            let age = days(updated, today);
            (age > stale_after).then(|| StaleGuide {
                title: g.guide.title.clone(),
                url: site.absolute(&g.url),
                path: g.url.clone(),
                updated: updated.to_string(),
                days_since_update: age,
            })
        })
        .collect();
    stale.sort_by(|a, b| {
        b.days_since_update
            .cmp(&a.days_since_update)
            .then(a.path.cmp(&b.path))
    });
    let mut undated: Vec<PageRef> = site
        .guides
        .iter()
        .filter(|g| g.guide.updated.is_none())
        .map(page_ref)
        .collect();
    undated.sort_by(|a, b| a.path.cmp(&b.path));

    let mut tags: BTreeMap<String, TagCoverage> = BTreeMap::new();
    let vocabulary = site.config.taxonomy.tags.iter().chain(site.tags.keys());
    for tag in vocabulary {
        tags.entry(tag.clone()).or_insert_with(|| TagCoverage {
            tag: tag.clone(),
            guides: 0,
            questions: 0,
            ideas: 0,
        });
    }
    for (tag, pages) in &site.tags {
        let Some(row) = tags.get_mut(tag) else {
            continue;
        };
        row.guides = pages.guides.len();
        row.questions = pages
            .questions
            .iter()
            .filter_map(|&i| site.questions.get(i))
            .filter(|q| q.question.duplicate_of.is_none() && period.contains(q.question.asked))
            .count();
        row.ideas = pages
            .ideas
            .iter()
            .filter_map(|&i| site.ideas.get(i))
            .filter(|i| i.idea.status != Status::Duplicate && period.contains(i.idea.submitted))
            .count();
    }
    let tags: Vec<TagCoverage> = tags.into_values().collect();
    let mut gaps: Vec<TagGap> = tags
        .iter()
        .filter(|t| t.questions > 0 && t.guides == 0)
        .map(|t| TagGap {
            tag: t.tag.clone(),
            questions: t.questions,
        })
        .collect();
    gaps.sort_by(|a, b| b.questions.cmp(&a.questions).then(a.tag.cmp(&b.tag)));
    GuideStats {
        stale_after_days: site.config.guides.stale_after_days,
        total: site.guides.len(),
        sections,
        stale,
        undated,
        tags,
        gaps,
    }
}
