use crate::harness::{built, Fixture};

#[test]
fn open_ideas_by_net_votes_with_progress() {
    let f = built("ideas");
    let page = f.page("ideas/index.html");
    assert_eq!(
        page.texts(".idea-title"),
        [
            "Bulk export of invoices",
            "Dark mode for the mobile app",
            "Fax support"
        ]
    );
    assert_eq!(page.texts(".idea-votes strong"), ["100", "38", "7"]);
    let progress = page.attrs(".idea-progress progress", "value");
    assert_eq!(progress, ["100", "38", "7"]);
    assert!(
        page.texts(".idea-progress .muted")[1].starts_with("66 days left"),
        "{:?}",
        page.texts(".idea-progress .muted")
    );
    // tabs are real pages per status
    let tabs = page.attrs(".tabs a", "href");
    for status in [
        "under-review",
        "planned",
        "in-progress",
        "shipped",
        "declined",
        "archived",
        "duplicate",
    ] {
        let url = format!("/ideas/status/{status}/");
        assert!(tabs.contains(&url), "{url}");
        assert!(f.exists(&format!("ideas/status/{status}/index.html")));
    }
    assert_eq!(
        f.page("ideas/status/shipped/index.html")
            .select(".idea-card")
            .len(),
        4
    );
    assert_eq!(
        f.page("ideas/cohort/2026-11/index.html")
            .texts(".idea-title"),
        ["Dark mode for the mobile app"]
    );
    assert_eq!(
        f.page("ideas/tag/api/index.html").texts(".idea-title"),
        ["Webhooks v2", "Bulk export of invoices"]
    );
}

#[test]
fn idea_page_shows_status_votes_window_and_timeline() {
    let f = built("ideas");
    let page = f.page("ideas/dark-mode/index.html");
    assert_eq!(page.texts(".idea-status .badge"), ["Open for votes"]);
    let facts = page.texts(".idea-facts dd");
    assert_eq!(facts[0], "38 net (40 up, 2 down)");
    assert_eq!(facts[1], "29 January 2027 (66 days left)");
    assert_eq!(
        page.texts(".progress-block label"),
        ["38 of 100 net votes — 62 more needed for review"]
    );
    assert_eq!(
        page.one_attr(".idea-status a.button", "href"),
        "https://github.com/acme/community/edit/main/ideas/dark-mode.md"
    );
    assert_eq!(
        page.attrs(
            "link[type='application/atom+xml'][href$='dark-mode/atom.xml']",
            "href"
        ),
        ["/ideas/dark-mode/atom.xml"]
    );
    let sso = f.page("ideas/sso/index.html");
    assert_eq!(
        sso.texts(".timeline .badge"),
        ["Open for votes", "Under review", "Planned", "In progress"]
    );
    assert!(sso.texts(".idea-facts").join(" ").contains("mira"));
    assert!(
        sso.select(".idea-status a.button").is_empty(),
        "no voting once decided"
    );
    let dup = f.page("ideas/no-network/index.html");
    assert_eq!(
        dup.attrs(".banner-duplicate a", "href"),
        ["/ideas/offline-mode/"]
    );
    assert_eq!(
        f.page("ideas/offline-mode/index.html")
            .texts("#dupes-title ~ ul a"),
        ["Use the app without network"]
    );
}

#[test]
fn roadmap_columns_and_recently_shipped_window() {
    let f = built("ideas");
    let page = f.page("roadmap/index.html");
    let column = |status: &str| page.texts(&format!(".column-{status} .idea-title"));
    assert_eq!(column("under-review"), ["Webhooks v2"]);
    assert_eq!(column("planned"), ["Offline mode"]);
    assert_eq!(column("in-progress"), ["Single sign-on"]);
    // shipped within 90 days of 2026-11-25, newest first; older ones fall off
    assert_eq!(column("shipped"), ["CSV import", "Team roles"]);
}

#[test]
fn changelog_groups_by_release_newest_first() {
    let f = built("ideas");
    let page = f.page("changelog/index.html");
    assert_eq!(
        page.texts(".release h2"),
        ["1.2 10 October 2026", "1.1 1 August 2026", "1.0 1 May 2025"]
    );
    assert_eq!(
        page.texts(".release:first-of-type li a"),
        ["CSV import", "Team roles"]
    );
}

fn feed(f: &Fixture, path: &str) -> scraper::Html {
    let text = f.read(path);
    assert!(text.starts_with("<?xml"));
    scraper::Html::parse_fragment(&text)
}

#[test]
fn ideas_feeds_have_one_entry_per_status_change() {
    let f = built("ideas");
    let all = feed(&f, "ideas/atom.xml");
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let entries: Vec<_> = all.select(&sel("entry")).collect();
    // history entries per fixture idea
    let history_total: usize = [1, 0, 1, 2, 3, 4, 5, 5, 5, 5, 2, 2, 2].iter().sum();
    assert_eq!(entries.len(), history_total);
    let updated: Vec<String> = all
        .select(&sel("entry updated"))
        .map(|e| e.inner_html())
        .collect();
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted, "newest first");
    assert_eq!(updated[0], "2026-11-01T00:00:00Z");
    let one = feed(&f, "ideas/sso/atom.xml");
    let titles: Vec<String> = one
        .select(&sel("entry title"))
        .map(|e| e.inner_html())
        .collect();
    assert_eq!(
        titles,
        [
            "Single sign-on: In progress",
            "Single sign-on: Planned",
            "Single sign-on: Under review",
            "Single sign-on: Open for votes"
        ]
    );
    let ids: Vec<String> = one
        .select(&sel("entry id"))
        .map(|e| e.inner_html())
        .collect();
    assert!(ids
        .iter()
        .all(|id| id.starts_with("https://ideas.example.com/ideas/sso/#status-")));
}

#[test]
fn ideas_json_export() {
    let f = built("ideas");
    let value: serde_json::Value = serde_json::from_str(&f.read("ideas.json")).unwrap();
    assert_eq!(value["version"], 1);
    let ideas = value["ideas"].as_array().unwrap();
    assert_eq!(ideas.len(), 13);
    let bulk = ideas.iter().find(|i| i["slug"] == "bulk-export").unwrap();
    assert_eq!(bulk["votes"], serde_json::json!({"up": 101, "down": 1}));
    assert_eq!(bulk["net"], 100);
    assert_eq!(bulk["cohort"], "2026-10");
    assert_eq!(bulk["window_end"], "2026-12-29");
    assert_eq!(bulk["days_left"], 35);
    let dup = ideas.iter().find(|i| i["slug"] == "no-network").unwrap();
    assert_eq!(dup["duplicate_of"], "offline-mode");
    for key in ["status", "owner", "release", "history", "url"] {
        assert!(bulk.get(key).is_some(), "{key}");
    }
}

#[test]
fn triage_lists_due_transitions() {
    let f = Fixture::new("ideas");
    let out = f.run(&[
        "ideas",
        "triage",
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]);
    out.ok();
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let transitions = value["transitions"].as_array().unwrap();
    let summary: Vec<(String, String, bool)> = transitions
        .iter()
        .map(|t| {
            (
                t["slug"].as_str().unwrap().to_string(),
                t["to"].as_str().unwrap().to_string(),
                t["needs_owner"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("bulk-export".to_string(), "under-review".to_string(), true),
            ("old-request".to_string(), "archived".to_string(), false)
        ]
    );
    let text = f.run(&["ideas", "triage", "--today", "2026-11-25"]);
    assert!(text.stdout.contains("bulk-export: open -> under-review (100 net votes, window ends 2026-12-29): reached 100 net votes in 56 days [needs an owner]"), "{}", text.stdout);
}

#[test]
fn triage_apply_changes_only_status_and_appends_history() {
    let f = Fixture::new("ideas");
    let before = f.file("ideas/bulk-export.md");
    f.run(&["ideas", "triage", "--today", "2026-11-25", "--apply"])
        .ok();
    let after = f.file("ideas/bulk-export.md");
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(removed, ["status: open   # voting"]);
    assert_eq!(
        added,
        [
            "status: under-review   # voting",
            "  - date: 2026-11-25",
            "    status: under-review",
            "    note: \"Reached 100 net votes in 56 days\"",
        ]
    );
    assert_eq!(after.lines().count(), before.lines().count() + 3);
    // applying again changes nothing: nothing is due any more
    let again = f.run(&["ideas", "triage", "--today", "2026-11-25", "--apply"]);
    again.ok();
    assert!(
        again.stdout.contains("no transitions due"),
        "{}",
        again.stdout
    );
    assert_eq!(after, f.file("ideas/bulk-export.md"));
    // the site still builds, with a warning for the missing owner
    let out = f.build(&[]);
    out.ok();
    assert!(out.stderr.contains("warning[TH0605]"), "{}", out.stderr);
    let archived = f.file("ideas/old-request.md");
    assert!(archived.contains("status: archived\nvotes: {up: 10, down: 3}\nhistory:\n  - {date: 2026-11-25, status: archived, note: \"Voting window closed on 2026-10-29 (day 90) with 7 of 100 net votes\"}\n---"), "{archived}");
}

#[test]
fn idea_rule_violations_are_errors_at_their_lines() {
    let f = Fixture::new("ideas");
    f.write("ideas/twice.md", "---\ntitle: T\nsubmitted: 2026-11-01\nauthor: a\nstatus: open\nvoters:\n  up: [zed, amy]\n  down: [zed]\n---\nx\n");
    f.write(
        "ideas/no-owner.md",
        "---\ntitle: T\nsubmitted: 2026-01-01\nauthor: a\nstatus: planned\n---\nx\n",
    );
    f.write(
        "ideas/no-release.md",
        "---\ntitle: T\nsubmitted: 2026-01-01\nauthor: a\nstatus: shipped\nowner: o\n---\nx\n",
    );
    f.write("ideas/bad-jump.md", "---\ntitle: T\nsubmitted: 2026-01-01\nauthor: a\nstatus: shipped\nowner: o\nrelease: '1'\nhistory:\n  - {date: 2026-01-01, status: open, note: S}\n  - {date: 2026-02-01, status: shipped, note: S}\n---\nx\n");
    f.write("ideas/backwards.md", "---\ntitle: T\nsubmitted: 2026-01-01\nauthor: a\nstatus: declined\nhistory:\n  - {date: 2026-03-01, status: open, note: S}\n  - {date: 2026-02-01, status: declined, note: S}\n---\nx\n");
    f.write("ideas/mismatch.md", "---\ntitle: T\nsubmitted: 2026-01-01\nauthor: a\nstatus: declined\nhistory:\n  - {date: 2026-01-01, status: open, note: S}\n---\nx\n");
    f.write("ideas/dup-loop.md", "---\ntitle: T\nsubmitted: 2026-01-01\nauthor: a\nstatus: duplicate\nduplicate_of: dup-loop\n---\nx\n");
    let out = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert_eq!(out.code, 1);
    for (code, at) in [
        ("TH0601", "ideas/twice.md:8:10"),
        ("TH0602", "ideas/no-owner.md:5:1"),
        ("TH0602", "ideas/no-release.md:5:1"),
        ("TH0604", "ideas/bad-jump.md:10:"),
        ("TH0603", "ideas/backwards.md:8:"),
        ("TH0603", "ideas/mismatch.md:7:"),
        ("TH0504", "ideas/dup-loop.md:6:15"),
    ] {
        assert!(
            out.stderr.contains(&format!("error[{code}]")),
            "{code}:\n{}",
            out.stderr
        );
        assert!(out.stderr.contains(at), "{at}:\n{}", out.stderr);
    }
}

#[test]
fn a_timeline_that_skips_steps_is_published_with_a_warning() {
    let f = Fixture::new("ideas");
    f.write("ideas/imported.md", "---\ntitle: Imported\nsubmitted: 2026-01-01\nauthor: a\nstatus: shipped\nowner: o\nrelease: '2'\nhistory:\n  - {date: 2026-01-01, status: open, note: S}\n  - {date: 2026-02-01, status: shipped, note: S}\n---\nx\n");
    let out = f.build(&[]);
    out.ok();
    assert!(out.stderr.contains("warning[TH0604]"), "{}", out.stderr);
    assert!(f.exists("ideas/imported/index.html"));
    let check = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("error[TH0604]"), "{}", check.stderr);
}
