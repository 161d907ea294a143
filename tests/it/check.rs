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
    let parsed: Vec<serde_json::Value> = json
        .stderr
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
