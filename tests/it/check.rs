use crate::harness::Fixture;

#[test]
fn check_passes_a_clean_site_and_writes_nothing() {
    let f = Fixture::new("guides");
    let out = f.run(&["check", "--today", "2026-11-25"]);
    out.ok();
    assert!(out.stdout.contains("check passed"), "{}", out.stdout);
    assert!(!f.out().exists());
}

#[test]
fn check_reports_every_problem_in_each_format() {
    let f = Fixture::new("invalid/many");
    let out = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("check failed: 5 errors"),
        "{}",
        out.stderr
    );
    let gh = f.run(&["check", "--today", "2026-11-25", "--format", "github"]);
    assert_eq!(gh.code, 1);
    let lines: Vec<&str> = gh
        .stderr
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(lines.len(), 5, "{}", gh.stderr);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::error file=content/guides/s/b.md,line=5,col=5,title=TH0203::")));
    let json = f.run(&["check", "--today", "2026-11-25", "--format", "json"]);
    assert!(json.stderr.is_empty(), "{}", json.stderr);
    let parsed: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), 5);
    assert!(parsed
        .iter()
        .all(|d| d["severity"] == "error" && d["path"].is_string()));
}

#[test]
fn check_includes_internal_pages_by_default() {
    let f = Fixture::new("guides");
    f.write(
        "content/guides/accounts/staff-only.md",
        "---\ntitle: Staff\nvisibility: internal\n---\n[broken](nope.md)\n",
    );
    let out = f.run(&["check", "--today", "2026-11-25"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("TH0203"));
}

#[test]
fn json_goes_to_stdout_so_it_can_be_redirected() {
    let f = Fixture::new("invalid/many");
    let out = f.run(&["check", "--today", "2026-11-25", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    // JSON Lines: every line one complete object
    assert_eq!(out.stdout.lines().count(), 5, "{}", out.stdout);
    for line in out.stdout.lines() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(d["code"].as_str().unwrap().starts_with("TH"));
    }
}

#[test]
fn files_from_new_that_still_hold_the_placeholder_fail() {
    let f = Fixture::new("guides");
    f.run(&[
        "new",
        "guide",
        "Partial refunds",
        "--section",
        "billing",
        "--author",
        "ann",
        "--today",
        "2026-11-25",
    ])
    .ok();
    f.run(&[
        "new",
        "idea",
        "Dark mode",
        "--author",
        "ann",
        "--today",
        "2026-11-25",
    ])
    .ok();
    let out = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[TH0704]: still holds the placeholder text `Write the guide here.` of a new file"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("content/guides/billing/partial-refunds.md:7:1"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`Describe the problem this idea solves, and for whom.`"),
        "{}",
        out.stderr
    );
    f.write(
        "content/guides/billing/partial-refunds.md",
        "---\ntitle: Partial refunds\n---\nRefund part of an order from the order page.\n",
    );
    f.write(
        "ideas/dark-mode.md",
        "---\ntitle: Dark mode\nsubmitted: 2026-11-25\nauthor: ann\nstatus: open\n---\nThe app is too bright at night.\n",
    );
    f.run(&["check", "--today", "2026-11-25"]).ok();
}

#[test]
fn a_closed_stdout_ends_quietly_with_success() {
    let f = Fixture::new("guides");
    for args in [
        &["check", "--today", "2026-11-25"][..],
        &["search", "refund"][..],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_townhall"))
            .args(args)
            .current_dir(f.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // the reader goes away at once, like `| head -0`
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// The site's "ask", "answer" and "propose" links prefill the same text as
/// `townhall new`, so a contribution that keeps the placeholder fails too.
#[test]
fn files_from_the_sites_contribution_links_that_keep_the_placeholder_fail() {
    let f = Fixture::new("qa");
    f.build(&[]).ok();
    let page = f.page("questions/refund-twice/index.html");
    let answer_link = page
        .attrs("a", "href")
        .into_iter()
        .find(|h| h.contains("/new/") && h.contains("answers"))
        .expect("an answer link");
    let decoded = percent_encoding::percent_decode_str(&answer_link)
        .decode_utf8_lossy()
        .into_owned();
    assert!(
        decoded.contains("filename=content/questions/refund-twice/answers/your-handle.md"),
        "{decoded}"
    );
    assert!(decoded.contains("Write your answer here."), "{decoded}");
    f.write(
        "content/questions/refund-twice/answers/kim.md",
        "---\nauthor: kim\ndate: 2026-03-09\nvotes: 0\n---\nWrite your answer here.\n",
    );
    let out = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error[TH0704]: still holds the placeholder text `Write your answer here.` of a new file"
        ),
        "{}",
        out.stderr
    );
}

/// The problems of a run, severity left out (`check` enforces some of
/// `build`'s warnings as errors): each diagnostic's code, message and place.
fn problems(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("error")
                .or_else(|| l.strip_prefix("warning"))
                .filter(|rest| rest.starts_with('['))
                .map(str::to_string)
                .or_else(|| {
                    l.trim_start()
                        .starts_with("--> ")
                        .then(|| l.trim().to_string())
                })
        })
        .collect();
    out.sort();
    out
}

#[test]
fn check_reports_exactly_what_a_build_of_everything_reports() {
    // `check` leaves out the work that cannot report a problem (the search
    // index, feeds, colouring code); every fixture with problems must still
    // get the same diagnostics from both.
    let fixtures = crate::harness::fixtures();
    let mut names = vec![
        "realworld".to_string(),
        "search".to_string(),
        "languages".to_string(),
    ];
    for entry in std::fs::read_dir(fixtures.join("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // placeholders left by `new` are a problem `check` alone reports
        if path.join("site.toml").exists() && name != "TH0704" {
            names.push(format!("invalid/{name}"));
        }
    }
    assert!(names.len() > 20, "{names:?}");
    for name in names {
        let f = Fixture::new(&name);
        let common = ["--today", "2026-11-25", "--color", "never"];
        let check = f.run(&[&["check"][..], &common].concat());
        let build = f.run(&[&["build", "--profile", "internal"][..], &common].concat());
        assert_eq!(problems(&check.stderr), problems(&build.stderr), "{name}");
    }
}
