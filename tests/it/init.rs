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
    crate::harness::run_with_env(
        dir.path(),
        &["init", "s"],
        &[("SOURCE_DATE_EPOCH", "1767225600")],
    )
    .ok();
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

/// Parses one `townhall …` line of the scaffolded workflow as the CLI
/// would, with the workflow's expressions filled in as GitHub would for a
/// pull request from `ann` carrying the `maintainer` label.
fn parse_townhall_line(line: &str) -> Vec<String> {
    use clap::Parser;
    let line = line
        .replace("${{ github.base_ref }}", "main")
        .replace("${{ github.event.pull_request.user.login }}", "ann")
        .replace(
            "${{ contains(github.event.pull_request.labels.*.name, 'maintainer') && '--maintainer' || '' }}",
            "--maintainer",
        )
        .replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://ann.github.io/s",
        )
        .replace("$RUNNER_TEMP", "/tmp")
        .replace('"', "");
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    townhall::cli::Cli::try_parse_from(&words).unwrap_or_else(|e| panic!("{line}: {e}"));
    words
}

#[test]
fn init_scaffolds_a_workflow_whose_townhall_steps_are_valid_commands() {
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
                    commands.push(parse_townhall_line(line)[1].clone());
                }
            }
        }
    }
    assert_eq!(commands, ["check", "build", "ideas"]);
    let check = commands_text(&text, "townhall check");
    assert!(
        check.contains("--base origin/${{ github.base_ref }} --format github")
            && check.contains("--author ${{ github.event.pull_request.user.login }}")
            && check.contains("'maintainer') && '--maintainer'"),
        "{check}"
    );
    assert!(text.contains("$GITHUB_STEP_SUMMARY"));
    assert!(text.contains("--base-url \"${{ steps.pages.outputs.base_url }}/\""));
    assert!(text.contains("townhall ideas triage --apply"));
}

#[test]
fn init_workflow_installs_the_version_that_wrote_it_without_compiling() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "s"]).ok();
    let text =
        std::fs::read_to_string(dir.path().join("s/.github/workflows/townhall.yml")).unwrap();
    assert!(!text.contains("{townhall_"), "{text}");
    assert!(!text.contains("cargo"), "{text}");
    let repository = env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .unwrap();
    let action = format!("{repository}@v{}", env!("CARGO_PKG_VERSION"));
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    for (name, job) in workflow["jobs"].as_mapping().unwrap() {
        let steps = job["steps"].as_sequence().unwrap();
        let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
        assert!(uses.contains(&action.as_str()), "{name:?}: {uses:?}");
        // every third-party action is pinned to a major version
        assert!(uses.iter().all(|u| u.contains("@v")), "{uses:?}");
    }
    // daily, so voting windows close on their day
    let cron = workflow["on"]["schedule"][0]["cron"].as_str().unwrap();
    assert!(cron.ends_with(" * * *"), "{cron}");
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(deploy["permissions"]["id-token"].as_str(), Some("write"));
    assert!(deploy["concurrency"]["group"].as_str().is_some());
    let deploy_uses: Vec<&str> = deploy["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    for official in [
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(
            deploy_uses.iter().any(|u| u.starts_with(official)),
            "{official}"
        );
    }
    let triage_uses = format!("{:?}", workflow["jobs"]["triage"]["steps"]);
    assert!(triage_uses.contains("peter-evans/create-pull-request@"));
}

#[test]
fn init_writes_a_gitignore_for_the_output_and_caches() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "s"]).ok();
    let site = dir.path().join("s");
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let lines: Vec<&str> = ignore.lines().collect();
    assert!(lines.contains(&"/public/"), "{ignore}");
    assert!(lines.contains(&"/.townhall/"), "{ignore}");
    assert!(!site.join("gitignore").exists());
}

#[test]
fn new_guide_in_a_section_without_an_index_creates_the_section() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "s"]).ok();
    let site = dir.path().join("s");
    let out = run_in(
        &site,
        &[
            "new",
            "guide",
            "Partial refunds",
            "--section",
            "billing-and-plans/refunds",
            "--author",
            "ann",
        ],
    );
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "content/guides/billing-and-plans/_index.md",
            "content/guides/billing-and-plans/refunds/_index.md",
            "content/guides/billing-and-plans/refunds/partial-refunds.md",
        ]
    );
    let index =
        std::fs::read_to_string(site.join("content/guides/billing-and-plans/_index.md")).unwrap();
    assert!(index.contains("title: \"Billing and plans\""), "{index}");
    let build = run_in(&site, &["build", "--today", "2026-11-25"]);
    build.ok();
    assert!(
        site.join("public/guides/billing-and-plans/refunds/partial-refunds/index.html")
            .exists(),
        "{}",
        build.stderr
    );
    // an existing section is left alone
    let out = run_in(
        &site,
        &[
            "new",
            "guide",
            "Second",
            "--section",
            "billing-and-plans/refunds",
            "--author",
            "ann",
        ],
    );
    out.ok();
    assert_eq!(
        out.stdout.trim(),
        "content/guides/billing-and-plans/refunds/second.md"
    );
    // a section outside content/guides/ is refused
    let out = run_in(
        &site,
        &[
            "new",
            "guide",
            "Escape",
            "--section",
            "../../etc",
            "--author",
            "ann",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("folder names under content/guides/"),
        "{}",
        out.stderr
    );
}

/// The `run:` text of the step whose command starts with `prefix`, folded
/// onto one line as YAML reads it.
fn commands_text(workflow: &str, prefix: &str) -> String {
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(workflow).unwrap();
    for (_, job) in value["jobs"].as_mapping().unwrap() {
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(run) = step["run"].as_str() {
                if let Some(line) = run.lines().find(|l| l.trim_start().starts_with(prefix)) {
                    return line.to_string();
                }
            }
        }
    }
    panic!("no `{prefix}` step");
}
