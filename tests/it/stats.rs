//! Community insights: `/stats/`, `stats.json` and `townhall stats`.
//!
//! The `stats` fixture, as of 2026-11-25 (the harness's today), figured by hand:
//!
//! Questions (asked, asker, answers as author/date, accepted):
//! - refund        2026-09-01 bo   first ann 09-01 (accepted), second cy 09-03 -> first 0 d, accepted 0 d
//! - token         2026-09-10 cy   quick ann 09-12, official dan 09-20 (accepted) -> first 2 d, accepted 10 d
//! - mobile-crash  2026-10-01 ed   restart ann 10-06 -> first 5 d
//! - mobile-sync   2026-10-20 fay  none -> waiting 36 d (over 30)
//! - login         2026-11-10 gus  none -> waiting 15 d
//! - new-card      2026-11-22 hal  none -> 3 d, not yet waiting
//! - refund-again  2026-11-01 bo   duplicate of refund: counted as asked, left out of the rest
//! - old-invoice   2025-06-15 ann  late cy 2025-07-25 (accepted) -> first 40 d, accepted 40 d
//! - from-the-future 2026-12-01 zed: after today, does not exist yet
//!
//! asked 8, duplicates 1, considered 7, answered 4 (4/7 = 0.5714), accepted 3 (0.4286),
//! unanswered 3. First answer [0, 2, 5, 40]: median (2+5)/2 = 3.5, p90 rank ⌈3.6⌉ = 4 -> 40.
//! Accepted [0, 10, 40]: median 10, p90 rank ⌈2.7⌉ = 3 -> 40.
//! Distribution: same day 1, 1 day 0, 2–3 1, 4–7 1, 8–14 0, 15–30 0, over 30 1.
//! Months 2025-06 .. 2026-11 = 18; 2025-06 1/1/1, 2026-09 2/2/2, 2026-10 2/1/0, 2026-11 2/0/0.
//!
//! Ideas (threshold 10, window 30 days):
//! - dark-mode    2026-01 ann shipped; under-review 01-20 (15 d), shipped 04-15 (100 d)
//! - dark-theme   2026-01 fay duplicate
//! - csv-export   2026-01 bo  archived (no decision)
//! - sso          2026-02 cy  declined after under-review 02-12 (10 d): reached the threshold
//! - widgets      2026-02 ann declined 02-20 (5 d): did not reach it
//! - fast-search  2026-03 bo  shipped; under-review 03-05 (4 d), shipped 09-10 (193 d)
//! - api-v2       2026-11 dan open, net 8 (2 needed), window ends 11-30: 6 days left
//! - emoji        2026-11 ed  open, net 3 (7 needed), 15 days left
//! - offline      2026-11 gus open, net 8 (2 needed), 25 days left
//!
//! submitted 9, duplicates 1, n 8: reached 3 (0.375), shipped 2 (0.25), archived 1
//! (0.125), declined 2. Cohort 2026-01: 3 submitted, 1 dup, reached/archived/shipped 1 each
//! of 2 (0.5). To decision [4, 5, 10, 15]: median 7.5, p90 15. To shipped [100, 193]:
//! median 146.5, p90 193. Closest: api-v2 (2, 6 d), offline (2, 25 d), emoji (7).
//!
//! Guides (stale after 180 days): refunds 2026-11-01 mira; invoices 2025-01-10 mira+jonas
//! (684 d, stale); tokens 2026-05-20 jonas (189 d, stale); limits undated, no author.
//! Sections API 2, Billing 2. Tags: accounts 0 guides/1 question, api 2/1 (1 idea),
//! billing 2/3 (the duplicate is left out), mobile 0/2 (2 ideas). Gaps: mobile 2, accounts 1.
//!
//! People, last 90 days = 2026-08-28 .. 2026-11-25:
//! accepted ann 1, dan 1; answers ann 3, cy 1, dan 1; guides mira 1; shipped bo 1.
//! All time: accepted ann, cy, dan 1 each (tie: by handle); answers ann 3, cy 2, dan 1;
//! guides jonas 2, mira 2 (tie); shipped ann 1, bo 1. Contributors 10 (zed is in the
//! future), active in 90 days 9 (all but jonas). First contributions: jonas and mira
//! 2025-01, ann 2025-06, cy 2025-07, bo and fay 2026-01, dan 2026-09, ed 2026-10, gus and
//! hal 2026-11.

use crate::harness::Fixture;
use serde_json::{json, Value};

fn stats_json(f: &Fixture) -> Value {
    serde_json::from_str(&f.read("stats.json")).unwrap()
}

fn cli(f: &Fixture, args: &[&str]) -> crate::harness::Outcome {
    let mut all = vec!["stats", "--color", "never"];
    all.extend_from_slice(args);
    f.run(&all)
}

/// Each row of the matching table rows as its cells' texts, space-separated.
fn rows(page: &crate::harness::Page, css: &str) -> Vec<String> {
    let cell = scraper::Selector::parse("th, td, li").unwrap();
    page.select(css)
        .iter()
        .map(|tr| {
            tr.select(&cell)
                .map(|c| {
                    c.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn board(value: &Value) -> Vec<(String, u64)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["handle"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(h, n)| (h.to_string(), *n)).collect()
}

#[test]
fn stats_json_holds_every_figure_computed_by_hand() {
    let f = Fixture::new("stats");
    f.build(&[]).ok();
    let s = stats_json(&f);
    assert_eq!(s["version"], 1);
    assert_eq!(s["today"], "2026-11-25");
    assert_eq!(s["since"], Value::Null);

    let q = &s["questions"];
    for (key, n) in [
        ("asked", 8),
        ("duplicates", 1),
        ("answered", 4),
        ("unanswered", 3),
        ("accepted", 3),
        ("waiting_over_7_days", 2),
        ("waiting_over_30_days", 1),
    ] {
        assert_eq!(q[key], n, "questions.{key}");
    }
    assert_eq!(q["answered_share"], 0.5714);
    assert_eq!(q["accepted_share"], 0.4286);
    assert_eq!(
        q["first_answer"],
        json!({"count": 4, "median_days": 3.5, "p90_days": 40})
    );
    assert_eq!(
        q["accepted_answer"],
        json!({"count": 3, "median_days": 10.0, "p90_days": 40})
    );
    let buckets: Vec<u64> = q["first_answer_distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["questions"].as_u64().unwrap())
        .collect();
    assert_eq!(buckets, [1, 0, 1, 1, 0, 0, 1]);
    let months = q["per_month"].as_array().unwrap();
    assert_eq!(months.len(), 18);
    assert_eq!(
        months[0],
        json!({"month": "2025-06", "asked": 1, "answered": 1, "accepted": 1})
    );
    assert_eq!(
        months[15..],
        [
            json!({"month": "2026-09", "asked": 2, "answered": 2, "accepted": 2}),
            json!({"month": "2026-10", "asked": 2, "answered": 1, "accepted": 0}),
            json!({"month": "2026-11", "asked": 2, "answered": 0, "accepted": 0}),
        ]
    );
    let waiting: Vec<(&str, i64)> = q["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["slug"].as_str().unwrap(), w["age_days"].as_i64().unwrap()))
        .collect();
    assert_eq!(waiting, [("mobile-sync", 36), ("login", 15)]);
    assert_eq!(
        q["waiting"][0]["url"],
        "https://stats.example.com/questions/mobile-sync/"
    );

    let i = &s["ideas"];
    for (key, n) in [
        ("submitted", 9),
        ("duplicates", 1),
        ("reached_threshold", 3),
        ("shipped", 2),
        ("archived", 1),
        ("declined", 2),
        ("vote_threshold", 10),
    ] {
        assert_eq!(i[key], n, "ideas.{key}");
    }
    assert_eq!(
        (&i["adoption_rate"], &i["ship_rate"], &i["archive_rate"]),
        (&json!(0.375), &json!(0.25), &json!(0.125))
    );
    let statuses: Vec<(&str, u64)> = i["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["status"].as_str().unwrap(), s["ideas"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("open", 3),
            ("under-review", 0),
            ("planned", 0),
            ("in-progress", 0),
            ("shipped", 2),
            ("declined", 2),
            ("archived", 1),
            ("duplicate", 1)
        ]
    );
    let cohorts = i["cohorts"].as_array().unwrap();
    assert_eq!(cohorts.len(), 11, "2026-01 .. 2026-11");
    assert_eq!(
        cohorts[0],
        json!({"cohort": "2026-01", "submitted": 3, "duplicates": 1, "open": 0,
               "reached_threshold": 1, "archived": 1, "shipped": 1, "declined": 0,
               "adoption_rate": 0.5, "archive_rate": 0.5, "ship_rate": 0.5})
    );
    assert_eq!(cohorts[1]["declined"], 2);
    assert_eq!(cohorts[1]["adoption_rate"], 0.5);
    assert_eq!(cohorts[2]["adoption_rate"], 1.0);
    assert_eq!(cohorts[5]["adoption_rate"], Value::Null, "an empty cohort");
    assert_eq!(cohorts[10]["open"], 3);
    assert_eq!(
        i["to_decision"],
        json!({"count": 4, "median_days": 7.5, "p90_days": 15})
    );
    assert_eq!(
        i["to_shipped"],
        json!({"count": 2, "median_days": 146.5, "p90_days": 193})
    );
    let closest: Vec<(&str, i64, i64)> = i["closest_to_threshold"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["slug"].as_str().unwrap(),
                c["votes_needed"].as_i64().unwrap(),
                c["days_left"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        closest,
        [("api-v2", 2, 6), ("offline", 2, 25), ("emoji", 7, 15)]
    );

    let g = &s["guides"];
    assert_eq!(
        (&g["total"], &g["stale_after_days"]),
        (&json!(4), &json!(180))
    );
    let sections: Vec<(&str, u64)> = g["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["title"].as_str().unwrap(), s["guides"].as_u64().unwrap()))
        .collect();
    assert_eq!(sections, [("API", 2), ("Billing", 2)]);
    assert_eq!(
        g["stale"],
        json!([
            {"title": "Invoices", "url": "https://stats.example.com/guides/billing/invoices/", "updated": "2025-01-10", "days_since_update": 684},
            {"title": "API tokens", "url": "https://stats.example.com/guides/api/tokens/", "updated": "2026-05-20", "days_since_update": 189},
        ])
    );
    assert_eq!(g["undated"][0]["title"], "Rate limits");
    assert_eq!(
        g["tags"],
        json!([
            {"tag": "accounts", "guides": 0, "questions": 1, "ideas": 0},
            {"tag": "api", "guides": 2, "questions": 1, "ideas": 1},
            {"tag": "billing", "guides": 2, "questions": 3, "ideas": 0},
            {"tag": "mobile", "guides": 0, "questions": 2, "ideas": 2},
        ])
    );
    assert_eq!(
        g["gaps"],
        json!([{"tag": "mobile", "questions": 2}, {"tag": "accounts", "questions": 1}])
    );

    let p = &s["people"];
    assert_eq!(
        (&p["contributors"], &p["active_recently"], &p["window_days"]),
        (&json!(10), &json!(9), &json!(90))
    );
    let recent = &p["last_90_days"];
    assert_eq!(recent["from"], "2026-08-28");
    assert_eq!(
        board(&recent["accepted_answers"]),
        pairs(&[("ann", 1), ("dan", 1)])
    );
    assert_eq!(
        board(&recent["answers"]),
        pairs(&[("ann", 3), ("cy", 1), ("dan", 1)])
    );
    assert_eq!(board(&recent["guides"]), pairs(&[("mira", 1)]));
    assert_eq!(board(&recent["shipped_ideas"]), pairs(&[("bo", 1)]));
    let all = &p["period"];
    assert_eq!(all["from"], Value::Null);
    assert_eq!(
        board(&all["accepted_answers"]),
        pairs(&[("ann", 1), ("cy", 1), ("dan", 1)]),
        "ties are ordered by handle"
    );
    assert_eq!(
        board(&all["answers"]),
        pairs(&[("ann", 3), ("cy", 2), ("dan", 1)])
    );
    assert_eq!(board(&all["guides"]), pairs(&[("jonas", 2), ("mira", 2)]));
    assert_eq!(
        board(&all["shipped_ideas"]),
        pairs(&[("ann", 1), ("bo", 1)])
    );
    let newcomers: Vec<(&str, u64)> = p["new_per_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["contributors"].as_u64().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        newcomers,
        [
            ("2025-01", 2),
            ("2025-06", 1),
            ("2025-07", 1),
            ("2026-01", 2),
            ("2026-09", 1),
            ("2026-10", 1),
            ("2026-11", 2)
        ]
    );
    assert_eq!(p["new_per_month"].as_array().unwrap().len(), 23);
    assert!(
        !f.read("stats.json").contains("zed"),
        "future contributions do not count"
    );
}

#[test]
fn the_page_shows_the_figures_with_accessible_charts_and_tables() {
    let f = Fixture::new("stats");
    f.build(&[]).ok();
    let page = f.page("stats/index.html");
    assert_eq!(page.texts("h1"), ["Community insights"]);
    let summary = page.texts(".stat");
    assert_eq!(summary[0], "Questions answered 57% 4 of 7 questions");
    assert_eq!(
        summary[1],
        "Median time to first answer 3.5 days 90% within 40 days"
    );
    assert_eq!(
        summary[2],
        "Ideas that reached the threshold 38% 3 of 8 ideas"
    );
    assert_eq!(summary[3], "Guides up to date 50% 2 stale of 4");
    assert_eq!(
        summary[4],
        "Active contributors 9 in the last 90 days; 10 in all"
    );
    let attention = page.texts(".stats-attention li");
    assert_eq!(
        attention,
        [
            "2 questions waiting for an answer for more than 7 days (1 for more than 30)",
            "2 guides not updated for more than 180 days",
            "2 topics with questions but no guide",
            "“API v2” needs 2 votes more to reach the vote threshold",
        ]
    );

    // four charts, each an image named by its title and description
    let titles = page.texts("svg.chart > title");
    assert_eq!(
        titles,
        [
            "Questions asked per month",
            "Time to first answer",
            "Ideas submitted per monthly cohort",
            "New contributors per month"
        ]
    );
    for svg in page.select("svg.chart") {
        assert_eq!(svg.value().attr("role"), Some("img"));
        let ids: Vec<&str> = svg
            .value()
            .attr("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        assert_eq!(ids.len(), 2);
        assert!(ids[1].ends_with("-desc"));
    }
    assert_eq!(
        page.texts("#chart-questions-desc"),
        ["Questions asked per month, 2025-06 to 2026-11: 7 in all. The table below lists every value."]
    );
    let bar_titles = page.texts("#chart-first-answer-title ~ g > title");
    assert_eq!(
        bar_titles,
        [
            "same day: 1 question",
            "1 day: 0 questions",
            "2–3 days: 1 question",
            "4–7 days: 1 question",
            "8–14 days: 0 questions",
            "15–30 days: 0 questions",
            "over 30 days: 1 question"
        ]
    );
    assert_eq!(page.select("svg.chart rect").len(), 18 + 7 + 11 + 23);

    // the data tables beside the charts
    let months = rows(&page, "#table-questions tbody tr");
    assert_eq!(months.len(), 18);
    assert_eq!(months[15], "2026-09 2 2 2");
    assert_eq!(
        rows(&page, "#table-answer-times tbody tr"),
        [
            "First answer 4 3.5 days 40 days",
            "Accepted answer 3 10 days 40 days"
        ]
    );
    assert_eq!(
        rows(&page, "#table-cohorts tbody tr")[0],
        "2026-01 3 0 1 (50%) 1 (50%) 1 (50%) 0"
    );
    assert_eq!(
        rows(&page, "#table-idea-times tbody tr"),
        [
            "To a decision 4 7.5 days 15 days",
            "To shipped 2 146.5 days 193 days"
        ]
    );
    assert_eq!(
        rows(&page, "#table-sections tr"),
        ["Section Guides", "API 2", "Billing 2", "All sections 4"]
    );
    assert_eq!(
        rows(&page, "#table-tags tbody tr"),
        [
            "accounts no guide 0 1 0",
            "api 2 1 1",
            "billing 2 3 0",
            "mobile no guide 0 2 2"
        ]
    );
    assert_eq!(rows(&page, "#table-newcomers tbody tr").len(), 23);

    // lists link to the pages that need attention
    let waiting = page.attrs("#waiting + p + ul a", "href");
    assert_eq!(waiting, ["/questions/mobile-sync/", "/questions/login/"]);
    assert_eq!(
        page.attrs("#stale + p + ul a", "href"),
        ["/guides/billing/invoices/", "/guides/api/tokens/"]
    );
    assert_eq!(
        page.texts("#closest + ol li a"),
        ["API v2", "Offline mode", "Emoji reactions"]
    );
    assert_eq!(
        rows(&page, ".leaderboard ol"),
        [
            "ann 1 dan 1",
            "ann 3 cy 1 dan 1",
            "mira 1",
            "bo 1",
            "ann 1 cy 1 dan 1",
            "ann 3 cy 2 dan 1",
            "jonas 2 mira 2",
            "ann 1 bo 1",
        ]
    );

    // linked from the footer of every page, and listed in the sitemap
    for rel in [
        "index.html",
        "guides/api/tokens/index.html",
        "stats/index.html",
    ] {
        assert_eq!(
            f.page(rel)
                .attrs(".site-footer a", "href")
                .iter()
                .filter(|h| *h == "/stats/")
                .count(),
            1,
            "{rel}"
        );
    }
    assert!(f
        .read("sitemap.xml")
        .contains("<loc>https://stats.example.com/stats/</loc>"));
}

#[test]
fn the_command_prints_the_same_figures_as_json_csv_and_text() {
    let f = Fixture::new("stats");
    f.build(&[]).ok();
    let out = cli(&f, &["--today", "2026-11-25", "--format", "json"]);
    out.ok();
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(printed, stats_json(&f), "json is the stats.json document");

    let csv = cli(&f, &["--today", "2026-11-25", "--format", "csv"]);
    csv.ok();
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines[0], "section,metric,key,value");
    assert!(lines.iter().all(|l| l.split(',').count() == 4), "{lines:?}");
    for expected in [
        "period,today,,2026-11-25",
        "period,since,,",
        "questions,asked,,8",
        "questions,answered_share,,0.5714",
        "questions,first_answer_median_days,,3.5",
        "questions,first_answer_p90_days,,40",
        "questions,first_answer_distribution,2–3 days,1",
        "questions,asked_per_month,2026-09,2",
        "questions,waiting_age_days,mobile-sync,36",
        "ideas,cohort_adoption_rate,2026-01,0.5",
        "ideas,cohort_adoption_rate,2026-05,",
        "ideas,to_shipped_median_days,,146.5",
        "ideas,closest_votes_needed,api-v2,2",
        "guides,section_guides,api,2",
        "guides,stale_days_since_update,/guides/billing/invoices/,684",
        "guides,gap_questions,mobile,2",
        "people,last_90_days.answers,ann,3",
        "people,period.guides,jonas,2",
        "people,new_contributors,2026-11,2",
    ] {
        assert!(lines.contains(&expected), "missing {expected}");
    }

    let text = cli(&f, &["--today", "2026-11-25"]);
    text.ok();
    let t = &text.stdout;
    assert!(t.starts_with("Community insights, all time to 2026-11-25\n"));
    assert!(t.contains(
        "QUESTIONS  8 asked, 1 duplicates, 4 answered (57%), 3 accepted (43%), 3 unanswered\n"
    ));
    assert!(t.contains(
        "  days to          questions  median  p90\n  first answer             4     3.5   40\n"
    ));
    assert!(t.contains("  mobile-sync  2026-10-20    36\n"));
    assert!(t.contains("  api-v2     8       2          6\n"));
    assert!(
        t.contains("  mobile          0          2      2  gap\n")
            || t.contains("  mobile         0          2      2  gap\n"),
        "{t}"
    );
}

#[test]
fn since_limits_the_period_and_one_day_windows_work() {
    let f = Fixture::new("stats");
    let out = cli(
        &f,
        &[
            "--today",
            "2026-11-25",
            "--since",
            "2026-09-01",
            "--format",
            "json",
        ],
    );
    out.ok();
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(s["since"], "2026-09-01");
    // refund, token, mobile-crash, mobile-sync, login, new-card + the duplicate
    assert_eq!(s["questions"]["asked"], 7);
    assert_eq!(s["questions"]["answered"], 3);
    assert_eq!(s["questions"]["accepted"], 2);
    assert_eq!(s["questions"]["per_month"].as_array().unwrap().len(), 3);
    // only api-v2, emoji, offline were submitted since
    assert_eq!(s["ideas"]["submitted"], 3);
    assert_eq!(s["ideas"]["adoption_rate"], 0.0);
    assert_eq!(
        s["guides"]["tags"][2],
        json!({"tag": "billing", "guides": 2, "questions": 2, "ideas": 0})
    );
    // people who contributed before September are not new
    assert_eq!(
        s["people"]["new_per_month"],
        json!([
            {"month": "2026-09", "contributors": 1},
            {"month": "2026-10", "contributors": 1},
            {"month": "2026-11", "contributors": 2},
        ])
    );
    assert_eq!(
        board(&s["people"]["period"]["answers"]),
        pairs(&[("ann", 3), ("cy", 1), ("dan", 1)])
    );
    assert_eq!(
        s["people"]["period"]["guides"],
        json!([{"handle": "mira", "count": 1}])
    );

    // a one-day window: new-card was asked on 2026-11-22, and nothing else happened
    let out = cli(
        &f,
        &[
            "--today",
            "2026-11-22",
            "--since",
            "2026-11-22",
            "--format",
            "json",
        ],
    );
    out.ok();
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    let q = &s["questions"];
    assert_eq!((&q["asked"], &q["unanswered"]), (&json!(1), &json!(1)));
    assert_eq!(q["answered_share"], 0.0);
    assert_eq!(q["first_answer"]["median_days"], Value::Null);
    assert_eq!(
        q["per_month"],
        json!([{"month": "2026-11", "asked": 1, "answered": 0, "accepted": 0}])
    );
    assert_eq!(q["waiting"], json!([]));
    assert_eq!(s["ideas"]["submitted"], 0);
    assert_eq!(s["ideas"]["cohorts"], json!([]));
    assert_eq!(s["people"]["contributors"], 1);
    assert_eq!(s["people"]["last_90_days"]["from"], "2026-11-22");
    assert_eq!(
        s["people"]["new_per_month"],
        json!([{"month": "2026-11", "contributors": 1}])
    );

    // --since after today, or not a date: usage errors
    let late = cli(&f, &["--today", "2026-11-22", "--since", "2026-11-23"]);
    assert_eq!(late.code, 2, "{}", late.stderr);
    assert!(late.stderr.contains("is after today"));
    assert_eq!(cli(&f, &["--since", "last week"]).code, 2);
}

#[test]
fn sites_without_questions_answers_or_ideas_say_so() {
    let f = Fixture::new("stats");
    std::fs::remove_dir_all(f.root().join("ideas")).unwrap();
    std::fs::remove_dir_all(f.root().join("content/questions")).unwrap();
    f.build(&[]).ok();
    let s = stats_json(&f);
    assert_eq!(s["questions"]["asked"], 0);
    assert_eq!(s["questions"]["answered_share"], Value::Null);
    assert_eq!(s["questions"]["per_month"], json!([]));
    assert_eq!(s["ideas"]["submitted"], 0);
    assert_eq!(s["ideas"]["adoption_rate"], Value::Null);
    assert_eq!(s["guides"]["gaps"], json!([]));
    assert_eq!(s["guides"]["total"], 4);
    let page = f.page("stats/index.html");
    assert_eq!(
        page.texts("svg.chart > title"),
        ["New contributors per month"],
        "only people have data"
    );
    let empty = page.texts(".empty");
    assert!(
        empty.contains(&"No questions asked yet.".to_string()),
        "{empty:?}"
    );
    assert!(empty.contains(&"No ideas submitted yet.".to_string()));
    assert_eq!(page.texts(".stat-value")[0], "—");

    // questions, but no answers at all
    let f = Fixture::new("stats");
    for entry in walkdir::WalkDir::new(f.root().join("content/questions")) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() && entry.file_name() == "answers" {
            std::fs::remove_dir_all(entry.path()).ok();
        }
    }
    for q in ["refund", "token", "old-invoice"] {
        let path = f.root().join(format!("content/questions/{q}/index.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("accepted:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
    }
    let out = cli(&f, &["--today", "2026-11-25", "--format", "json"]);
    out.ok();
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(s["questions"]["answered"], 0);
    assert_eq!(s["questions"]["answered_share"], 0.0);
    assert_eq!(
        s["questions"]["first_answer"],
        json!({"count": 0, "median_days": null, "p90_days": null})
    );
    assert_eq!(s["people"]["period"]["answers"], json!([]));
    f.build(&[]).ok();
    let page = f.page("stats/index.html");
    assert!(page
        .texts(".empty")
        .contains(&"No question has an answer yet.".to_string()));
    assert!(!page
        .texts("svg.chart > title")
        .contains(&"Time to first answer".to_string()));
}

#[test]
fn stats_false_removes_the_page_its_link_its_sitemap_entry_and_the_json() {
    let f = Fixture::new("stats");
    let toml = f.file("site.toml");
    f.write(
        "site.toml",
        &toml.replace("repository", "stats = false\nrepository"),
    );
    f.build(&[]).ok();
    assert!(!f.exists("stats/index.html"));
    assert!(!f.exists("stats.json"));
    assert!(!f.read("sitemap.xml").contains("/stats/"));
    assert!(!f.read("index.html").contains("/stats/"));
    assert!(f.exists("questions.json"));
    // maintainers still have the command
    cli(&f, &["--today", "2026-11-25"]).ok();
}

#[test]
fn same_input_same_bytes_and_content_errors_end_the_command() {
    let f = Fixture::new("stats");
    f.build(&[]).ok();
    let (json1, page1) = (f.read("stats.json"), f.read("stats/index.html"));
    f.build(&[]).ok();
    assert_eq!(json1, f.read("stats.json"));
    assert_eq!(page1, f.read("stats/index.html"));
    let csv1 = cli(&f, &["--today", "2026-11-25", "--format", "csv"]).stdout;
    assert_eq!(
        csv1,
        cli(&f, &["--today", "2026-11-25", "--format", "csv"]).stdout
    );

    f.write(
        "content/questions/broken/index.md",
        "---\ntitle: Broken\nasked: someday\nasked_by: x\n---\nBody\n",
    );
    let out = cli(&f, &["--today", "2026-11-25"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("content/questions/broken/index.md"));
    assert!(out.stdout.is_empty());
}

fn git(f: &Fixture, user: &str, args: &[&str]) {
    crate::harness::git_as(
        f.root(),
        (user, "x@example.com"),
        "2026-10-01T12:00:00Z",
        args,
    );
}

#[test]
fn erased_members_appear_as_their_pseudonym_even_where_only_git_knows_them() {
    let f = Fixture::new("stats");
    // the rate-limits guide has no `authors:`, so git credits its committer, dan
    git(&f, "dan", &["init", "-q"]);
    git(&f, "dan", &["add", "."]);
    git(&f, "dan", &["commit", "-q", "-m", "site"]);
    let before = cli(&f, &["--today", "2026-11-25", "--format", "json"]);
    before.ok();
    let s: Value = serde_json::from_str(&before.stdout).unwrap();
    assert!(board(&s["people"]["period"]["guides"]).contains(&("dan".to_string(), 1)));

    f.run(&["erase", "dan", "--apply"]).ok();
    let out = cli(&f, &["--today", "2026-11-25", "--format", "json"]);
    out.ok();
    let s: Value = serde_json::from_str(&out.stdout).unwrap();
    let people = s["people"].to_string();
    assert!(!people.contains("\"dan\""), "{people}");
    let pseudonym = "deleted-user-";
    let answers = board(&s["people"]["period"]["answers"]);
    assert!(answers[2].0.starts_with(pseudonym), "{answers:?}");
    let guides = board(&s["people"]["period"]["guides"]);
    let erased = &answers[2].0;
    assert!(guides.contains(&(erased.clone(), 1)), "{guides:?}");
    f.build(&[]).ok();
    let page = f.read("stats/index.html");
    assert!(!page.contains(">dan<"));
    assert!(page.contains(erased.as_str()));
}

#[test]
fn long_lists_show_the_oldest_hundred_and_point_to_the_json() {
    let f = Fixture::new("stats");
    // 120 more stale guides, a day apart; invoices (2025-01-10) is the oldest
    for i in 0..120 {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap() + chrono::Days::new(i);
        f.write(
            &format!("content/guides/billing/old-{i:03}.md"),
            &format!("---\ntitle: Old {i:03}\nupdated: {day}\n---\nOld.\n"),
        );
    }
    f.build(&[]).ok();
    let stale = stats_json(&f)["guides"]["stale"].as_array().unwrap().len();
    assert_eq!(stale, 122, "every stale guide stays in stats.json");
    let page = f.page("stats/index.html");
    let listed = page.texts("#stale ~ .stats-list li a");
    assert_eq!(listed.len(), 100);
    assert_eq!(listed[0], "Invoices");
    assert_eq!(listed[1], "Old 000");
    assert_eq!(listed[99], "Old 098");
    let more = page.texts("#stale ~ p.muted");
    assert_eq!(
        more,
        ["22 more are not shown here; every one is listed in stats.json."]
    );
    assert_eq!(
        page.attrs("#stale ~ p.muted a", "href"),
        page.attrs(".lead a[href$='stats.json']", "href")
    );
}
