//! `check --base`: reviewing a change in a real git repository.

use crate::harness::Fixture;
use std::process::Command;

/// The ideas fixture committed as `main`.
fn repo() -> Fixture {
    Fixture::committed("ideas")
}

fn check(f: &Fixture, format: &str) -> crate::harness::Outcome {
    check_with(f, format, &[])
}

fn check_with(f: &Fixture, format: &str, extra: &[&str]) -> crate::harness::Outcome {
    let mut args = vec![
        "check",
        "--base",
        "main",
        "--today",
        "2026-11-25",
        "--format",
        format,
        "--color",
        "never",
        "--summary",
        "summary.md",
    ];
    args.extend_from_slice(extra);
    f.run(&args)
}

fn summary(f: &Fixture) -> String {
    f.file("summary.md")
}

#[test]
fn a_clean_vote_passes_and_is_listed() {
    let f = repo();
    f.edit(
        "ideas/dark-mode.md",
        "votes: {up: 40, down: 2}\n",
        "votes: {up: 40, down: 2}\nvoters: {up: [newfan]}\n",
    );
    let out = check_with(&f, "human", &["--author", "NewFan"]);
    out.ok();
    assert!(
        out.stdout.contains("changed  idea     ideas/dark-mode.md"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("vote ideas/dark-mode.md: newfan +1 up (net 38 -> 39)"),
        "{}",
        out.stdout
    );
    let summary = summary(&f);
    assert!(
        summary.contains("| changed | idea | `ideas/dark-mode.md` |"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "| `ideas/dark-mode.md` Dark mode for the mobile app | newfan | +1 up | 38 → 39 |"
        ),
        "{summary}"
    );
    assert!(summary.contains("No problems found"), "{summary}");
}

#[test]
fn a_vote_for_someone_else_or_for_many_is_an_error_on_its_line() {
    let f = repo();
    f.edit(
        "ideas/dark-mode.md",
        "votes: {up: 40, down: 2}\n",
        "votes: {up: 40, down: 2}\nvoters: {up: [newfan]}\n",
    );
    let out = check_with(&f, "human", &["--author", "mallory"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[TH0608]: this change adds a vote for `newfan`, but the pull request is by `mallory`"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("ideas/dark-mode.md:8:15"),
        "{}",
        out.stderr
    );
    // mallory and seven friends
    f.edit(
        "ideas/dark-mode.md",
        "up: [newfan]",
        "up: [mallory, f1, f2, f3, f4, f5, f6, f7]",
    );
    let out = check_with(&f, "github", &["--author", "mallory"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("::error file=ideas/dark-mode.md,line=8,")
            && out.stderr.contains(
                "title=TH0608::this change adds 8 votes (mallory, f1, f2, f3, f4, f5, f6, f7)"
            ),
        "{}",
        out.stderr
    );
    let summary = summary(&f);
    assert!(summary.contains("| f7 | +1 up | 38 → 46 |"), "{summary}");
}

/// Runs the check with a CI environment instead of `--author`.
fn check_in_ci(f: &Fixture, env: &[(&str, &str)]) -> crate::harness::Outcome {
    let args = [
        "check",
        "--base",
        "main",
        "--today",
        "2026-11-25",
        "--color",
        "never",
    ];
    crate::harness::run_with_env(f.root(), &args, env)
}

#[test]
fn the_author_comes_from_the_ci_environment_or_a_warning_says_it_cannot() {
    let f = repo();
    f.edit(
        "ideas/dark-mode.md",
        "votes: {up: 40, down: 2}\n",
        "votes: {up: 40, down: 2}\nvoters: {down: [newfan]}\n",
    );
    let out = check_in_ci(&f, &[("GITHUB_ACTOR", "newfan")]);
    out.ok();
    assert!(
        out.stderr
            .contains("votes checked against the author `newfan` (from GITHUB_ACTOR)"),
        "{}",
        out.stderr
    );
    let out = check_in_ci(&f, &[("GITHUB_ACTOR", "someone")]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // the pull request's author in the event payload wins over the actor
    let event = f.root().join("event.json");
    std::fs::write(
        &event,
        r#"{"action": "opened", "pull_request": {"number": 7, "user": {"login": "newfan"}}}"#,
    )
    .unwrap();
    let out = check_in_ci(
        &f,
        &[
            ("GITHUB_ACTOR", "someone"),
            ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
        ],
    );
    out.ok();
    assert!(
        out.stderr.contains("from the pull request event"),
        "{}",
        out.stderr
    );
    // no author at all: a warning, not silence
    let out = check_in_ci(&f, &[]);
    out.ok();
    assert!(
        out.stderr
            .contains("warning[TH0611]: cannot verify that `newfan` is the author of this change"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_voter_withdraws_only_their_own_vote() {
    let f = repo();
    f.edit(
        "ideas/bulk-export.md",
        "up: [cy, di, ed, fa, gus, hal]",
        "up: [cy, di, ed, fa, gus]",
    );
    check_with(&f, "human", &["--author", "hal"]).ok();
    assert!(
        summary(&f).contains("| hal | withdrew up |"),
        "{}",
        summary(&f)
    );
    let out = check_with(&f, "human", &["--author", "cy"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("removes votes of hal"),
        "{}",
        out.stderr
    );
}

#[test]
fn legacy_counts_change_only_in_a_maintainer_change() {
    let f = repo();
    f.edit(
        "ideas/dark-mode.md",
        "votes: {up: 40, down: 2}",
        "votes: {up: 512, down: 2}",
    );
    let out = check_with(&f, "human", &["--author", "mallory"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("error[TH0609]: the vote counts changed (up 40 → 512)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("ideas/dark-mode.md:7:1"),
        "{}",
        out.stderr
    );
    assert!(
        summary(&f).contains("| votes | up 40 → 512 | 38 → 510 |"),
        "{}",
        summary(&f)
    );
    let out = check_with(&f, "human", &["--author", "priya", "--maintainer"]);
    out.ok();
    assert!(
        summary(&f).contains("| votes | up 40 → 512 |"),
        "{}",
        summary(&f)
    );
}

#[test]
fn votes_on_closed_ideas_or_after_the_window_are_errors() {
    let f = repo();
    f.edit(
        "ideas/csv-import.md",
        "votes: {up: 150, down: 1}\n",
        "votes: {up: 150, down: 1}\nvoters: {up: [newfan]}\n",
    );
    // Fax support: open, but its window closed on 2026-10-29
    f.edit(
        "ideas/old-request.md",
        "votes: {up: 10, down: 3}\n",
        "votes: {up: 10, down: 3}\nvoters: {up: [newfan]}\n",
    );
    let out = check_with(&f, "human", &["--author", "newfan"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[TH0610]: `newfan` votes on an idea that is `shipped`; only open ideas take votes"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error[TH0610]: `newfan` votes after the voting window closed on 2026-10-29"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_vote_that_edits_the_idea_is_an_error() {
    let f = repo();
    f.edit(
        "ideas/dark-mode.md",
        "votes: {up: 40, down: 2}\n",
        "votes: {up: 400, down: 2}\nvoters: {up: [newfan]}\n",
    );
    let out = check(&f, "github");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("::error file=ideas/dark-mode.md,line=8,col=15,title=TH0607::this change adds votes and also edits the idea"), "{}", out.stderr);
    let json = check(&f, "json");
    let codes: Vec<String> = json
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(codes.contains(&"TH0607".to_string()), "{codes:?}");
}

#[test]
fn removing_someone_elses_vote_is_an_error() {
    let f = repo();
    f.edit(
        "ideas/bulk-export.md",
        "up: [cy, di, ed, fa, gus, hal]",
        "up: [cy, di, ed, fa, gus]",
    );
    let out = check(&f, "human");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("removes votes of hal"),
        "{}",
        out.stderr
    );
}

#[test]
fn allowed_transition_with_history_passes() {
    let f = repo();
    f.edit(
        "ideas/offline-mode.md",
        "status: planned",
        "status: in-progress",
    );
    f.edit("ideas/offline-mode.md", "  - {date: 2026-07-01, status: planned, note: Scheduled for Q1}\n", "  - {date: 2026-07-01, status: planned, note: Scheduled for Q1}\n  - {date: 2026-11-20, status: in-progress, note: Started}\n");
    let out = check(&f, "human");
    out.ok();
    assert!(
        out.stdout
            .contains("idea ideas/offline-mode.md: planned -> in-progress"),
        "{}",
        out.stdout
    );
}

#[test]
fn forbidden_transition_and_missing_history_are_errors() {
    let f = repo();
    f.edit(
        "ideas/offline-mode.md",
        "status: planned",
        "status: shipped\nrelease: '9'",
    );
    let out = check(&f, "human");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("`planned` → `shipped` is not an allowed status change"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("without one new `history` entry"),
        "{}",
        out.stderr
    );
}

#[test]
fn review_below_the_threshold_needs_an_override() {
    let f = repo();
    f.edit(
        "ideas/dark-mode.md",
        "status: open",
        "status: under-review\nowner: priya",
    );
    f.edit("ideas/dark-mode.md", "  - {date: 2026-11-01, status: open, note: Submitted}\n", "  - {date: 2026-11-01, status: open, note: Submitted}\n  - {date: 2026-11-24, status: under-review, note: Fast-tracked}\n");
    let out = check(&f, "human");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "error[TH0606]: moved to review with 38 net votes, below the threshold of 100"
        ),
        "{}",
        out.stderr
    );
    f.edit(
        "ideas/dark-mode.md",
        "status: under-review",
        "extra: {triage_override: \"requested by the accessibility team\"}\nstatus: under-review",
    );
    check(&f, "human").ok();
}

#[test]
fn new_ideas_get_likely_duplicates_with_scores() {
    let f = repo();
    f.write("ideas/night-theme.md", "---\ntitle: Dark mode for the mobile app at night\nsubmitted: 2026-11-20\nauthor: zoe\nstatus: open\n---\nThe app is too bright at night; a dark mode please.\n");
    let out = check(&f, "human");
    out.ok();
    assert!(out.stderr.contains("warning[TH0703]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("“Dark mode for the mobile app”"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`townhall ideas merge night-theme dark-mode`"),
        "{}",
        out.stderr
    );
    let summary = f.file("summary.md");
    assert!(summary.contains("### Possible duplicates"), "{summary}");
    assert!(
        summary
            .contains("[Dark mode for the mobile app](https://ideas.example.com/ideas/dark-mode/)"),
        "{summary}"
    );
}

#[test]
fn secrets_are_errors_and_personal_data_warnings_on_added_lines_only() {
    let f = repo();
    // an e-mail already in the base is not reported again
    f.write("content/guides/a/_index.md", "---\ntitle: A\n---\n");
    f.write("content/guides/a/leak.md", "---\ntitle: Leak\n---\nOur key: AKIAIOSFODNN7EXAMPLE\n\nMail jane.doe@gmail.com or call +1 415 555 2671.\n\nPress: press@acme.io townhall:allow\n");
    let out = check(&f, "human");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("error[TH0701]: AWS access key in public content: `AKIA…LE`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("content/guides/a/leak.md:4:10"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("warning[TH0702]: e-mail address"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("warning[TH0702]: phone number"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("press@"),
        "allowed line skipped: {}",
        out.stderr
    );
    // annotations and the summary (posted publicly) mask the value
    let gh = check(&f, "github");
    assert!(!gh.stderr.contains("AKIAIOSFODNN7EXAMPLE"), "{}", gh.stderr);
    let summary = f.file("summary.md");
    assert!(
        !summary.contains("AKIAIOSFODNN7EXAMPLE") && summary.contains("AKIA…LE"),
        "{summary}"
    );
}

#[test]
fn bad_refs_and_non_repositories_are_clear_errors() {
    let f = repo();
    let out = f.run(&["check", "--base", "no-such-branch", "--today", "2026-11-25"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("the base `no-such-branch` is not a commit in this repository"),
        "{}",
        out.stderr
    );
    let plain = Fixture::new("ideas");
    let out = plain.run(&["check", "--base", "main", "--today", "2026-11-25"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is not in a git repository"),
        "{}",
        out.stderr
    );
}

#[test]
fn guides_take_dates_and_contributors_from_git_in_one_pass() {
    let f = Fixture::new("guides");
    f.git(&["init", "-q"]);
    f.git(&["add", "."]);
    f.git(&["commit", "-q", "-m", "base"]);
    // a second author edits one guide later
    f.edit(
        "content/guides/billing/zebra.md",
        "Same weight",
        "The same weight",
    );
    crate::harness::git_as(
        f.root(),
        ("Zed Writer", "zed@example.com"),
        "2026-02-03T09:00:00Z",
        &["commit", "-q", "-am", "edit"],
    );
    f.build(&[]).ok();
    let zebra = f.page("guides/billing/zebra/index.html");
    assert_eq!(zebra.one_attr(".page-meta time", "datetime"), "2026-02-03");
    assert!(
        zebra
            .texts(".page-meta")
            .join(" ")
            .contains("Base Author, Zed Writer"),
        "{:?}",
        zebra.texts(".page-meta")
    );
    // front matter wins over git
    let refunds = f.page("guides/billing/refunds/index.html");
    assert_eq!(
        refunds.one_attr(".page-meta time", "datetime"),
        "2026-03-01"
    );
    assert!(refunds
        .texts(".page-meta")
        .join(" ")
        .contains("mira, jonas"));
    // a shallow clone has no history: no dates, no error
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", f.root().display());
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url, "site"])
        .current_dir(clone.path())
        .status()
        .unwrap();
    assert!(status.success());
    let out = crate::harness::run_in(
        &clone.path().join("site"),
        &["build", "--today", "2026-11-25"],
    );
    out.ok();
    let html = std::fs::read_to_string(
        clone
            .path()
            .join("site/public/guides/billing/zebra/index.html"),
    )
    .unwrap();
    assert!(!html.contains("2026-02-03"));
}

#[test]
fn the_review_leaves_out_old_warnings_in_untouched_files() {
    let f = repo();
    // an old warning (an answer dated before its question) in the base
    f.write(
        "content/questions/q/index.md",
        "---\ntitle: How?\nasked: 2026-03-01\nasked_by: ann\n---\nHow do I do it?\n",
    );
    f.write(
        "content/questions/q/answers/bo.md",
        "---\nauthor: bo\ndate: 2026-02-01\n---\nLike this.\n",
    );
    f.git(&["add", "."]);
    f.git(&["commit", "-q", "-m", "old warning"]);
    let plain = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert!(plain.stderr.contains("warning[TH0505]"), "{}", plain.stderr);
    // the change touches another file only
    f.write("content/questions/q2/index.md", "---\ntitle: Where is the invoice list?\nasked: 2026-03-01\nasked_by: ann\n---\nI cannot find it.\n");
    f.write(
        "content/questions/q2/answers/cy.md",
        "---\nauthor: cy\ndate: 2026-01-01\n---\nUnder Billing.\n",
    );
    let out = check_with(&f, "human", &["--author", "ann"]);
    out.ok();
    assert!(
        out.stderr.contains("content/questions/q2/answers/cy.md"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("content/questions/q/answers/bo.md"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("1 warnings in files this change does not touch are not shown"),
        "{}",
        out.stderr
    );
    // an error the change causes elsewhere is still reported: removing a
    // page that an untouched guide links to
    f.write("content/guides/a/_index.md", "---\ntitle: A\n---\n");
    f.write(
        "content/guides/a/one.md",
        "---\ntitle: One\n---\nSee [two](two.md).\n",
    );
    f.write("content/guides/a/two.md", "---\ntitle: Two\n---\nTwo.\n");
    f.git(&["add", "."]);
    f.git(&["commit", "-q", "-m", "guides"]);
    std::fs::remove_file(f.root().join("content/guides/a/two.md")).unwrap();
    let out = check_with(&f, "human", &["--author", "ann"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("error[TH0203]") && out.stderr.contains("content/guides/a/one.md"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_common_secret_shapes_and_uk_phone_numbers_are_caught_in_a_change() {
    let f = repo();
    f.write("content/guides/a/_index.md", "---\ntitle: A\n---\n");
    f.write(
        "content/guides/a/setup.md",
        "---\ntitle: Setup\n---\n\
         ```ini\n\
         aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\
         AWS_SECRET_ACCESS_KEY=h2Kd9Lq+Zx7Vb1Nm4Pr6Ts8Wy0Ac3Ef5Gi7Jk9Mo\n\
         key=9f8Xq2LmZ7vB4nK1sT6w\n\
         -----BEGIN OPENSSH PRIVATE KEY-----\n\
         slack = xoxb-1234567890-abcdefghijkl\n\
         stripe = sk_live_4eC39HqLyjWDarjtT1zdp7dc\n\
         maps = AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY\n\
         ```\n\n\
         Call 020 7946 0958 or +44 20 7946 0958; write to help@support.example.com.\n\n\
         Use `api_key = YOUR_API_KEY` and `token: <your token>`.\n",
    );
    let out = check_with(&f, "json", &["--author", "ann"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let found: Vec<(String, u64)> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["path"] == "content/guides/a/setup.md")
        .map(|d| {
            (
                format!(
                    "{} {}",
                    d["code"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                ),
                d["span"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = [
        (5, "TH0701 AWS secret access key"),
        (6, "TH0701 AWS secret access key"),
        (7, "TH0701 secret value"),
        (8, "TH0701 private key"),
        (9, "TH0701 Slack token"),
        (10, "TH0701 Stripe key"),
        (11, "TH0701 Google API key"),
        (14, "TH0702 phone number"),
        (14, "TH0702 phone number"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (line, start) in expect {
        assert!(
            found
                .iter()
                .any(|(m, l)| *l == line && m.starts_with(start)),
            "{start} on line {line}: {found:#?}"
        );
    }
    // nothing printed repeats a secret
    assert!(!out.stdout.contains("wJalrXUtnFEMI"), "{}", out.stdout);
}

#[test]
fn answer_vote_counts_change_only_in_a_maintainer_change() {
    let f = repo();
    f.write(
        "content/questions/q/index.md",
        "---\ntitle: How do refunds work?\nasked: 2026-03-01\nasked_by: ann\n---\nHow?\n",
    );
    f.write(
        "content/questions/q/answers/bo.md",
        "---\nauthor: bo\ndate: 2026-03-02\nvotes: 3\n---\nFrom the order page.\n",
    );
    f.git(&["add", "."]);
    f.git(&["commit", "-q", "-m", "q"]);
    f.edit(
        "content/questions/q/answers/bo.md",
        "votes: 3",
        "votes: 300",
    );
    let out = check_with(&f, "human", &["--author", "bo"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("error[TH0609]: the answer's vote count changed (3 → 300)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("content/questions/q/answers/bo.md:4:1"),
        "{}",
        out.stderr
    );
    check_with(&f, "human", &["--author", "priya", "--maintainer"]).ok();
    assert!(
        summary(&f).contains("| votes | 3 → 300 |"),
        "{}",
        summary(&f)
    );
}
