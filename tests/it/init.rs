use crate::harness::run_in;

#[test]
fn init_creates_a_site_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    run_in(dir.path(), &["init", "my-site"]).ok();
    assert!(site.join("site.toml").exists());
    let out = run_in(&site, &["build", "--today", "2026-11-25"]);
    out.ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert!(site
        .join("public/guides/getting-started/quick-start/index.html")
        .exists());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = run_in(dir.path(), &["init", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    run_in(dir.path(), &["init", ".", "--force"]).ok();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["--version"]);
    out.ok();
    assert!(out.stdout.starts_with("townhall "));
    for cmd in ["init", "build"] {
        let out = run_in(dir.path(), &[cmd, "--help"]);
        out.ok();
        assert!(out.stdout.contains("Examples:"), "{cmd}");
    }
    let out = run_in(dir.path(), &["build", "--today", "yesterday"]);
    assert_eq!(out.code, 2);
}
