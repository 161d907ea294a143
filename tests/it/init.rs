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

#[test]
fn init_starter_has_a_question_and_an_idea_with_today_s_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_townhall"))
        .args(["init", "s"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert!(out.status.success());
    let idea = std::fs::read_to_string(dir.path().join("s/ideas/dark-mode.md")).unwrap();
    assert!(idea.contains("submitted: 2026-01-01"), "{idea}");
    let site = dir.path().join("s");
    run_in(&site, &["build", "--today", "2026-01-02"]).ok();
    assert!(site
        .join("public/questions/reset-password/index.html")
        .exists());
    assert!(site.join("public/ideas/dark-mode/index.html").exists());
    let triage = run_in(&site, &["ideas", "triage", "--today", "2026-01-02"]);
    assert!(
        triage.stdout.contains("no transitions due"),
        "{}",
        triage.stdout
    );
}

#[test]
fn init_scaffolds_a_workflow_whose_townhall_steps_are_valid_commands() {
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "s"]).ok();
    let site = dir.path().join("s");
    for file in [".github/PULL_REQUEST_TEMPLATE.md", ".github/CODEOWNERS"] {
        assert!(site.join(file).exists(), "{file}");
    }
    let text = std::fs::read_to_string(site.join(".github/workflows/townhall.yml")).unwrap();
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let jobs = workflow["jobs"].as_mapping().unwrap();
    let names: Vec<&str> = jobs.keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(names, ["check", "deploy", "triage"]);
    let mut commands = Vec::new();
    for (_, job) in jobs {
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(run) = step["run"].as_str() {
                for line in run
                    .lines()
                    .filter(|l| l.trim_start().starts_with("townhall "))
                {
                    let line = line.replace("${{ github.base_ref }}", "main");
                    let words: Vec<&str> = line.split_whitespace().collect();
                    townhall::cli::Cli::try_parse_from(&words)
                        .unwrap_or_else(|e| panic!("{line}: {e}"));
                    commands.push(words[1].to_string());
                }
            }
        }
    }
    assert_eq!(commands, ["check", "build", "ideas"]);
    assert!(
        text.contains("--base origin/")
            && text.contains("--format github")
            && text.contains("--summary")
    );
    assert!(text.contains("townhall ideas triage --apply"));
}
