//! `/stats/`: community insights with inline SVG charts and a data table
//! beside each chart. The figures come from `resolve::stats`; this module
//! shapes them into typed views, and the `stats.html` template words them
//! (every sentence, label and chart title is the theme's).

use super::views::LinkView;
use super::{PageJob, Renderer};
use crate::clock::parse_date;
use crate::resolve::stats::{self, Durations, Leaderboards, Stats};
use serde::Serialize;

impl Renderer<'_> {
    /// "67%" (whole percent, as the language writes it), "—" without a
    /// denominator.
    fn percent(&self, share: Option<f64>) -> String {
        match share {
            Some(s) => self.text_with("percent", &[("n", &format!("{}", (s * 100.0).round()))]),
            None => "—".into(),
        }
    }

    /// "1 day", "2.5 days" (the language's decimal mark), "—".
    fn days(&self, value: Option<f64>) -> String {
        match value {
            Some(1.0) => self.text("one_day").to_string(),
            Some(d) => {
                let n = if d.fract() == 0.0 {
                    format!("{d:.0}")
                } else {
                    format!("{d:.1}").replace('.', self.text("decimal_mark"))
                };
                self.text_with("n_days", &[("n", &n)])
            }
            None => "—".into(),
        }
    }

    /// A `YYYY-MM-DD` date as the language writes it.
    fn date_text(&self, text: &str) -> String {
        parse_date(text).map_or_else(|| text.to_string(), |d| self.date(d))
    }

    /// A bucket of the time-to-first-answer distribution, in words.
    fn bucket_label(&self, bucket: &stats::Bucket) -> String {
        let (min, max) = (bucket.min_days.to_string(), bucket.max_days);
        match max {
            Some(0) => self.text("same_day").to_string(),
            Some(max) if max == bucket.min_days => self.days(Some(max as f64)),
            Some(max) => self.text_with("days_range", &[("min", &min), ("max", &max.to_string())]),
            None => {
                let last = (bucket.min_days - 1).to_string();
                self.text_with("over_n_days", &[("n", &last)])
            }
        }
    }
}

/// One bar of the time-to-first-answer distribution, labelled.
/// The most pages a list of the stats page shows (waiting questions,
/// stale and undated guides, oldest first); `stats.json` has all of them.
/// A site of 100,000 pages can have 50,000 stale guides: one page listing
/// them all would weigh megabytes.
const LISTED: usize = 100;

#[derive(Serialize)]
struct BucketView {
    label: String,
    questions: usize,
}

/// How many there are, and how long they took (in words: "2.5 days").
#[derive(Serialize)]
struct DurationsView {
    count: usize,
    median: String,
    p90: String,
}

impl DurationsView {
    fn new(d: &Durations, words: &Renderer<'_>) -> DurationsView {
        DurationsView {
            count: d.count,
            median: words.days(d.median_days),
            p90: words.days(d.p90_days.map(|v| v as f64)),
        }
    }
}

/// What a chart draws; the template words it and draws it with the
/// `bar_chart` function (see `chart::tera_bar_chart`).
#[derive(Serialize)]
struct ChartView {
    bars: Vec<BarView>,
    /// The sum of the values: 0 means there is nothing to draw.
    total: usize,
}

#[derive(Serialize)]
pub(super) struct BarView {
    pub(super) label: String,
    pub(super) value: usize,
}

impl ChartView {
    fn new<'a>(bars: impl Iterator<Item = (&'a str, usize)>) -> ChartView {
        let bars: Vec<BarView> = bars
            .map(|(label, value)| BarView {
                label: label.to_string(),
                value,
            })
            .collect();
        ChartView {
            total: bars.iter().map(|b| b.value).sum(),
            bars,
        }
    }
}

/// One line of "Needs attention"; the template words each kind.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Attention {
    Waiting {
        questions: usize,
        long_waiting: usize,
        days: i64,
        long_days: i64,
    },
    Stale {
        guides: usize,
        days: u32,
    },
    Gaps {
        topics: usize,
    },
    Closest {
        title: String,
        votes: i64,
    },
}

#[derive(Serialize)]
struct Board<'a> {
    handle: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct BoardsView<'a> {
    /// The last days (`true`) or all time.
    recent: bool,
    from: Option<String>,
    accepted_answers: Vec<Board<'a>>,
    answers: Vec<Board<'a>>,
    guides: Vec<Board<'a>>,
    shipped_ideas: Vec<Board<'a>>,
}

fn boards_view<'s>(recent: bool, boards: &'s Leaderboards, words: &Renderer<'_>) -> BoardsView<'s> {
    fn rows(rows: &[stats::Leaderboard]) -> Vec<Board<'_>> {
        rows.iter()
            .map(|r| Board {
                handle: &r.handle,
                count: r.count,
            })
            .collect()
    }
    BoardsView {
        recent,
        from: boards.from.as_deref().map(|d| words.date_text(d)),
        accepted_answers: rows(&boards.accepted_answers),
        answers: rows(&boards.answers),
        guides: rows(&boards.guides),
        shipped_ideas: rows(&boards.shipped_ideas),
    }
}

/// The headline figures at the top of the page.
#[derive(Serialize)]
struct Headline {
    answered_share: String,
    answered: usize,
    /// Questions that count (duplicates left out).
    questions: usize,
    first_answer_median: String,
    first_answer_p90: String,
    adoption_rate: String,
    reached: usize,
    /// Ideas that count (duplicates left out).
    ideas: usize,
    guides_fresh_share: String,
    stale: usize,
    guides: usize,
    active: usize,
    window_days: i64,
    contributors: usize,
}

#[derive(Serialize)]
struct WaitingView {
    title: String,
    url: String,
    asked: String,
    asked_iso: String,
    age_days: i64,
    long: bool,
}

#[derive(Serialize)]
struct QuestionsView<'s> {
    asked: usize,
    duplicates: usize,
    answered: usize,
    unanswered: usize,
    accepted: usize,
    answered_share: String,
    accepted_share: String,
    first_answer: DurationsView,
    accepted_answer: DurationsView,
    months: &'s [stats::QuestionMonth],
    months_chart: ChartView,
    distribution: Vec<BucketView>,
    distribution_chart: ChartView,
    waiting: Vec<WaitingView>,
    /// How many more wait than `waiting` lists.
    waiting_more: usize,
    waiting_days: i64,
    long_waiting_days: i64,
}

#[derive(Serialize)]
struct CohortView<'s> {
    cohort: &'s str,
    submitted: usize,
    open: usize,
    reached: usize,
    adoption_rate: String,
    archived: usize,
    archive_rate: String,
    shipped: usize,
    ship_rate: String,
    declined: usize,
    duplicates: usize,
}

#[derive(Serialize)]
struct CloseView {
    title: String,
    url: String,
    net: i64,
    votes_needed: i64,
    days_left: i64,
}

#[derive(Serialize)]
struct IdeasView<'s> {
    threshold: i64,
    submitted: usize,
    duplicates: usize,
    reached: usize,
    shipped: usize,
    archived: usize,
    declined: usize,
    adoption_rate: String,
    ship_rate: String,
    archive_rate: String,
    by_status: &'s [stats::StatusCount],
    cohorts: Vec<CohortView<'s>>,
    cohorts_chart: ChartView,
    to_decision: DurationsView,
    to_shipped: DurationsView,
    closest: Vec<CloseView>,
}

#[derive(Serialize)]
struct SectionView {
    title: String,
    url: String,
    guides: usize,
}

#[derive(Serialize)]
struct StaleView {
    title: String,
    url: String,
    updated: String,
    updated_iso: String,
    days: i64,
}

#[derive(Serialize)]
struct TagView<'s> {
    tag: &'s str,
    url: Option<String>,
    guides: usize,
    questions: usize,
    ideas: usize,
    gap: bool,
}

#[derive(Serialize)]
struct GuidesView<'s> {
    total: usize,
    stale_after_days: u32,
    sections: Vec<SectionView>,
    stale: Vec<StaleView>,
    stale_more: usize,
    undated: Vec<LinkView>,
    undated_more: usize,
    tags: Vec<TagView<'s>>,
    gaps: &'s [stats::TagGap],
}

#[derive(Serialize)]
struct PeopleView<'s> {
    window_days: i64,
    contributors: usize,
    active: usize,
    windows: [BoardsView<'s>; 2],
    newcomers: &'s [stats::NewContributors],
    newcomers_chart: ChartView,
}

#[derive(Serialize)]
struct StatsView<'s> {
    today: String,
    today_iso: &'s str,
    json_url: String,
    attention: Vec<Attention>,
    headline: Headline,
    questions: QuestionsView<'s>,
    ideas: IdeasView<'s>,
    guides: GuidesView<'s>,
    people: PeopleView<'s>,
    /// Translation coverage per language; empty on a single-language site.
    translations: Vec<TranslationView>,
}

/// One language's translation coverage, worded.
#[derive(Serialize)]
struct TranslationView {
    code: String,
    name: String,
    pages: usize,
    translated: usize,
    untranslated: usize,
    translated_share: String,
    stale: Vec<StaleTranslationView>,
}

/// A translation that fell behind its source, linked in its language.
#[derive(Serialize)]
struct StaleTranslationView {
    title: String,
    url: String,
    changed: String,
    changed_iso: String,
}

impl Renderer<'_> {
    /// The coverage of each language, its stale pages linked in that language.
    fn translation_views(&self, s: &Stats) -> Vec<TranslationView> {
        let Some(languages) = self.site.languages.as_deref() else {
            return Vec::new();
        };
        s.translations
            .iter()
            .map(|t| TranslationView {
                code: t.code.clone(),
                name: t.name.clone(),
                pages: t.pages,
                translated: t.translated,
                untranslated: t.pages - t.translated,
                translated_share: self.percent(t.translated_share),
                stale: t
                    .stale
                    .iter()
                    .map(|page| StaleTranslationView {
                        title: page.title.clone(),
                        url: languages.href(&t.code, &page.path),
                        changed: self.date_text(&page.source_changed),
                        changed_iso: page.source_changed.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    pub(super) fn stats_job(&self, s: &Stats) -> PageJob {
        let site = self.site;
        let q = &s.questions;
        let i = &s.ideas;
        let g = &s.guides;
        let p = &s.people;

        let mut attention = Vec::new();
        if q.waiting_over_7_days > 0 {
            attention.push(Attention::Waiting {
                questions: q.waiting_over_7_days,
                long_waiting: q.waiting_over_30_days,
                days: stats::WAITING_DAYS,
                long_days: stats::LONG_WAITING_DAYS,
            });
        }
        if !g.stale.is_empty() {
            attention.push(Attention::Stale {
                guides: g.stale.len(),
                days: g.stale_after_days,
            });
        }
        if !g.gaps.is_empty() {
            attention.push(Attention::Gaps {
                topics: g.gaps.len(),
            });
        }
        if let Some(close) = i.closest_to_threshold.first() {
            attention.push(Attention::Closest {
                title: close.title.clone(),
                votes: close.votes_needed.max(0),
            });
        }

        let distribution: Vec<BucketView> = q
            .first_answer_distribution
            .iter()
            .map(|b| BucketView {
                label: self.bucket_label(b),
                questions: b.questions,
            })
            .collect();
        let view = StatsView {
            today: self.date(site.options.today),
            today_iso: &s.today,
            json_url: site.href("/stats.json"),
            attention,
            headline: Headline {
                answered_share: self.percent(q.answered_share),
                answered: q.answered,
                questions: q.asked - q.duplicates,
                first_answer_median: self.days(q.first_answer.median_days),
                first_answer_p90: self.days(q.first_answer.p90_days.map(|v| v as f64)),
                adoption_rate: self.percent(i.adoption_rate),
                reached: i.reached_threshold,
                ideas: i.submitted - i.duplicates,
                guides_fresh_share: self
                    .percent(stats::math::share(g.total - g.stale.len(), g.total)),
                stale: g.stale.len(),
                guides: g.total,
                active: p.active_recently,
                window_days: p.window_days,
                contributors: p.contributors,
            },
            questions: QuestionsView {
                asked: q.asked,
                duplicates: q.duplicates,
                answered: q.answered,
                unanswered: q.unanswered,
                accepted: q.accepted,
                answered_share: self.percent(q.answered_share),
                accepted_share: self.percent(q.accepted_share),
                first_answer: DurationsView::new(&q.first_answer, self),
                accepted_answer: DurationsView::new(&q.accepted_answer, self),
                months: &q.per_month,
                months_chart: ChartView::new(
                    q.per_month.iter().map(|m| (m.month.as_str(), m.asked)),
                ),
                distribution_chart: ChartView::new(
                    distribution.iter().map(|b| (b.label.as_str(), b.questions)),
                ),
                distribution,
                waiting: q
                    .waiting
                    .iter()
                    .take(LISTED)
                    .map(|w| WaitingView {
                        title: w.title.clone(),
                        url: site.href(&w.path),
                        asked: self.date_text(&w.asked),
                        asked_iso: w.asked.clone(),
                        age_days: w.age_days,
                        long: w.age_days > stats::LONG_WAITING_DAYS,
                    })
                    .collect(),
                waiting_more: q.waiting.len().saturating_sub(LISTED),
                waiting_days: stats::WAITING_DAYS,
                long_waiting_days: stats::LONG_WAITING_DAYS,
            },
            ideas: IdeasView {
                threshold: i.vote_threshold,
                submitted: i.submitted,
                duplicates: i.duplicates,
                reached: i.reached_threshold,
                shipped: i.shipped,
                archived: i.archived,
                declined: i.declined,
                adoption_rate: self.percent(i.adoption_rate),
                ship_rate: self.percent(i.ship_rate),
                archive_rate: self.percent(i.archive_rate),
                by_status: &i.by_status,
                cohorts: i
                    .cohorts
                    .iter()
                    .map(|c| CohortView {
                        cohort: &c.cohort,
                        submitted: c.submitted,
                        open: c.open,
                        reached: c.reached_threshold,
                        adoption_rate: self.percent(c.adoption_rate),
                        archived: c.archived,
                        archive_rate: self.percent(c.archive_rate),
                        shipped: c.shipped,
                        ship_rate: self.percent(c.ship_rate),
                        declined: c.declined,
                        duplicates: c.duplicates,
                    })
                    .collect(),
                cohorts_chart: ChartView::new(
                    i.cohorts.iter().map(|c| (c.cohort.as_str(), c.submitted)),
                ),
                to_decision: DurationsView::new(&i.to_decision, self),
                to_shipped: DurationsView::new(&i.to_shipped, self),
                closest: i
                    .closest_to_threshold
                    .iter()
                    .map(|c| CloseView {
                        title: c.title.clone(),
                        url: site.href(&c.path),
                        net: c.net,
                        votes_needed: c.votes_needed,
                        days_left: c.days_left,
                    })
                    .collect(),
            },
            guides: GuidesView {
                total: g.total,
                stale_after_days: g.stale_after_days,
                sections: g
                    .sections
                    .iter()
                    .map(|s| SectionView {
                        title: s.title.clone(),
                        url: site.href(&s.path),
                        guides: s.guides,
                    })
                    .collect(),
                stale: g
                    .stale
                    .iter()
                    .take(LISTED)
                    .map(|s| StaleView {
                        title: s.title.clone(),
                        url: site.href(&s.path),
                        updated: self.date_text(&s.updated),
                        updated_iso: s.updated.clone(),
                        days: s.days_since_update,
                    })
                    .collect(),
                stale_more: g.stale.len().saturating_sub(LISTED),
                undated: g
                    .undated
                    .iter()
                    .take(LISTED)
                    .map(|u| LinkView {
                        title: u.title.clone(),
                        url: site.href(&u.path),
                    })
                    .collect(),
                undated_more: g.undated.len().saturating_sub(LISTED),
                tags: g
                    .tags
                    .iter()
                    .map(|t| TagView {
                        tag: &t.tag,
                        url: site
                            .tags
                            .contains_key(&t.tag)
                            .then(|| site.href(&site.tag_url(&t.tag))),
                        guides: t.guides,
                        questions: t.questions,
                        ideas: t.ideas,
                        gap: t.questions > 0 && t.guides == 0,
                    })
                    .collect(),
                gaps: &g.gaps,
            },
            people: PeopleView {
                window_days: p.window_days,
                contributors: p.contributors,
                active: p.active_recently,
                windows: [
                    boards_view(true, &p.last_90_days, self),
                    boards_view(false, &p.period, self),
                ],
                newcomers: &p.new_per_month,
                newcomers_chart: ChartView::new(
                    p.new_per_month
                        .iter()
                        .map(|m| (m.month.as_str(), m.contributors)),
                ),
            },
            translations: self.translation_views(s),
        };
        PageJob {
            template: "stats.html",
            path: "stats/index.html".into(),
            meta: self.meta(
                self.text("community_insights"),
                &self.text_with("stats_description", &[("site", &site.config.title)]),
                "/stats/",
                "website",
                "stats",
            ),
            page: super::json(&view),
            breadcrumbs: self.trail(&[(self.text("community_insights"), "/stats/")]),
            nav: None,
            json_ld: Vec::new(),
        }
    }
}
