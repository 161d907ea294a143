use crate::harness::{fixtures, Fixture, Outcome};
use std::path::Path;

/// Builds `invalid/<name>` and returns its stderr after checking the exit code.
fn fails(name: &str) -> String {
    let f = Fixture::new(&format!("invalid/{name}"));
    let out = f.build(&[]);
    assert_eq!(
        out.code, 1,
        "{name}: expected content error\n{}",
        out.stderr
    );
    assert!(!f.out().exists(), "{name}: nothing is written");
    out.stderr
}

fn assert_diag(stderr: &str, code: &str, location: &str) {
    assert!(
        stderr.contains(&format!("error[{code}]")),
        "missing {code}:\n{stderr}"
    );
    assert!(stderr.contains(location), "missing {location}:\n{stderr}");
}

#[test]
fn not_utf8() {
    assert_diag(&fails("TH0001"), "TH0001", "content/guides/s/latin1.md:4:4");
}

#[test]
fn yaml_syntax() {
    let err = fails("TH0101");
    assert_diag(&err, "TH0101", "content/guides/s/a.md:");
}

#[test]
fn unknown_key_suggests_the_closest() {
    let err = fails("TH0102");
    assert_diag(&err, "TH0102", "content/guides/s/a.md:3:1");
    assert!(err.contains("did you mean `weight`?"), "{err}");
    assert!(err.contains("wieght: 3"), "shows the source line:\n{err}");
    assert!(err.contains("^^^^^^"), "draws a caret:\n{err}");
}

#[test]
fn missing_required_key() {
    assert_diag(&fails("TH0103"), "TH0103", "content/guides/s/a.md:1:1");
}

#[test]
fn wrong_type() {
    assert_diag(&fails("TH0104"), "TH0104", "content/guides/s/a.md:3:1");
}

#[test]
fn bad_date() {
    assert_diag(&fails("TH0105"), "TH0105", "content/guides/s/a.md:3:1");
}

#[test]
fn unterminated_front_matter() {
    assert_diag(&fails("TH0106"), "TH0106", "content/guides/s/a.md:1:1");
}

#[test]
fn tag_outside_taxonomy_suggests_the_closest() {
    let err = fails("TH0201");
    assert_diag(&err, "TH0201", "content/guides/s/a.md:3:8");
    assert!(err.contains("did you mean `billing`?"), "{err}");
}

#[test]
fn two_files_one_url_names_both() {
    let err = fails("TH0202");
    assert!(err.contains("error[TH0202]"), "{err}");
    assert!(
        err.contains("Refunds.md") && err.contains("refunds.md"),
        "{err}"
    );
}

#[test]
fn broken_link_at_its_column() {
    let err = fails("TH0203");
    assert_diag(&err, "TH0203", "content/guides/s/a.md:6:15");
}

#[test]
fn broken_anchor_suggests_headings() {
    let err = fails("TH0204");
    assert_diag(&err, "TH0204", "content/guides/s/a.md:6:9");
    assert!(err.contains("#somewhere"), "{err}");
}

#[test]
fn bad_site_toml() {
    let err = fails("TH0301");
    assert_diag(&err, "TH0301", "site.toml:3:1");
    assert!(err.contains("did you mean `minify`?"), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let err = fails("many");
    for (code, at) in [
        ("TH0102", "s/a.md:2:1"),
        ("TH0103", "s/a.md:1:1"),
        ("TH0201", "s/b.md:3:8"),
        ("TH0203", "s/b.md:5:5"),
        ("TH0105", "s/c.md:3:1"),
    ] {
        assert_diag(&err, code, at);
    }
    assert!(err.contains("5 errors"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let f = Fixture::new("guides");
    f.build(&[]).ok();
    let before = f.read("guides/billing/refunds/index.html");
    f.write(
        "content/guides/billing/refunds.md",
        "---\ntitle: [broken\n---\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("previous output"), "{}", out.stderr);
    assert_eq!(before, f.read("guides/billing/refunds/index.html"));
}

#[test]
fn json_and_github_formats() {
    let f = Fixture::new("invalid/TH0102");
    let out = f.build(&["--format", "json"]);
    let line = out.stderr.lines().find(|l| l.starts_with('{')).unwrap();
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(value["code"], "TH0102");
    assert_eq!(value["span"]["line"], 3);
    assert_eq!(value["path"], "content/guides/s/a.md");
    let out = f.build(&["--format", "github"]);
    assert!(out.stderr.contains("::error file=content/guides/s/a.md,line=3,col=1,title=TH0102::unknown front-matter key `wieght`"), "{}", out.stderr);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let f = Fixture::new("guides");
    f.write(
        "content/guides/billing/crlf.md",
        "\u{feff}---\r\ntitle: Windows file\r\n---\r\nBody line one.\r\n\r\n## Heading\r\n",
    );
    f.build(&[]).ok();
    let page = f.page("guides/billing/crlf/index.html");
    assert_eq!(page.texts("h1"), ["Windows file"]);
    assert_eq!(page.attrs(".prose h2", "id"), ["heading"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_leaving_the_site_is_refused() {
    let f = Fixture::new("guides");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        f.root().join("content/guides/billing/secret.md"),
    )
    .unwrap();
    let out = f.build(&[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error[TH0002]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("content/guides/billing/secret.md"),
        "{}",
        out.stderr
    );
}

/// Every `error[CODE]` of a rendered report with the `path` after its `-->`.
fn problems(stderr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("error[") else {
            continue;
        };
        let code = rest.split(']').next().unwrap_or("").to_string();
        let path = lines
            .peek()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
            .map(|l| l.split(':').next().unwrap_or("").to_string())
            .unwrap_or_default();
        out.push((code, path));
    }
    out.sort();
    out
}

#[test]
fn a_file_name_without_letters_gives_no_url() {
    let err = fails("TH0208");
    assert_diag(&err, "TH0208", "content/guides/s/🎉.md:1:1");
}

#[test]
fn an_answer_file_name_must_be_a_slug() {
    let err = fails("TH0209");
    assert_diag(
        &err,
        "TH0209",
        "content/questions/q/answers/Bo's answer.md:1:1",
    );
    assert!(err.contains("rename it to `bos-answer.md`"), "{err}");
}

#[test]
fn a_broken_file_causes_no_errors_elsewhere_and_still_shows_its_own() {
    let err = fails("unbuilt");
    let expected: Vec<(String, String)> = [
        ("TH0101", "content/guides/s/broken.md"),
        ("TH0102", "content/guides/s/bad-key.md"),
        ("TH0102", "content/questions/q/index.md"),
        ("TH0104", "content/questions/r/answers/cy.md"),
        ("TH0203", "content/guides/s/bad-key.md"),
        ("TH0203", "content/guides/s/broken.md"),
    ]
    .iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    assert_eq!(problems(&err), expected, "{err}");
    // within a file, the front-matter error comes first
    let yaml = err.find("broken.md:2").unwrap();
    let link = err.find("broken.md:5").unwrap();
    assert!(yaml < link, "{err}");
}

#[test]
fn every_site_toml_problem_and_the_content_problems_in_one_run() {
    let err = fails("config-all");
    let found = problems(&err);
    let config: Vec<_> = found.iter().filter(|(_, p)| p == "site.toml").collect();
    assert_eq!(config.len(), 6, "{err}");
    for needle in [
        "unknown field `minfy`",
        "did you mean `minify`?",
        "unknown field `taxonomi`",
        "a tag name is empty",
        "tag `billing` is listed twice",
        "voting_window_days must be at least 1",
    ] {
        assert!(err.contains(needle), "missing {needle}:\n{err}");
    }
    // the content is still checked against the usable part of the config
    assert_diag(&err, "TH0201", "content/guides/s/a.md:3:8");
    assert!(err.contains("did you mean `billing`?"), "{err}");
    assert_diag(&err, "TH0203", "content/guides/s/a.md:5:");
}

#[test]
fn colliding_tag_slugs_name_both_and_offer_an_override() {
    let f = Fixture::new("invalid/TH0301");
    f.write(
        "site.toml",
        "title = \"A\"\nbase_url = \"https://a.example.com\"\n[taxonomy]\ntags = [\"Wi-Fi\", \"wi fi\"]\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("tags `Wi-Fi` and `wi fi` both get the URL /tags/wi-fi/"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("[taxonomy.slugs]"), "{}", out.stderr);
    f.write(
        "site.toml",
        "title = \"A\"\nbase_url = \"https://a.example.com\"\n[taxonomy]\ntags = [\"Wi-Fi\", \"wi fi\"]\n[taxonomy.slugs]\n\"wi fi\" = \"wifi\"\n",
    );
    f.build(&[]).ok();
}

#[test]
fn a_section_and_a_page_with_one_url_name_both() {
    let f = Fixture::new("invalid/TH0203");
    f.write(
        "content/guides/s/collide.md",
        "---\ntitle: Collide\n---\nx\n",
    );
    f.write(
        "content/guides/s/collide/inner.md",
        "---\ntitle: Inner\n---\nx\n",
    );
    let out = f.build(&[]);
    assert!(
        out.stderr.contains("error[TH0202]")
            && out.stderr.contains("content/guides/s/collide.md")
            && out.stderr.contains("content/guides/s/collide"),
        "{}",
        out.stderr
    );
}

/// Whether a folder name is a diagnostic code (`TH` and four digits).
fn is_code(name: &str) -> bool {
    name.len() == 6 && name.starts_with("TH") && name[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The folders of tests/fixtures/invalid/ named like a code, sorted.
fn code_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| is_code(name))
        .collect();
    names.sort();
    names
}

/// The fixture `invalid/<code>` made ready as its README says: a copy of
/// the site, or for a change a git repository (`base/` committed as `main`,
/// `head/` over it on a branch); and the arguments of `check` for it.
fn code_fixture(code: &str) -> (Fixture, Vec<String>) {
    let dir = fixtures().join("invalid").join(code);
    let mut args: Vec<String> = ["check", "--today", "2026-11-25", "--color", "never"]
        .map(String::from)
        .to_vec();
    let extra = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    args.extend(
        extra
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from),
    );
    if dir.join("base").is_dir() {
        let f = Fixture::committed(&format!("invalid/{code}/base"));
        f.change(&dir.join("head"));
        args.extend(["--base".into(), "main".into()]);
        (f, args)
    } else {
        (Fixture::new(&format!("invalid/{code}")), args)
    }
}

fn check_in(f: &Fixture, args: &[String], format: &str) -> Outcome {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    args.extend(["--format", format]);
    f.run(&args)
}

#[test]
fn every_code_is_documented_and_has_a_fixture_that_raises_it() {
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guides/reference/diagnostics.md"),
    )
    .unwrap();
    let fixtures = code_fixtures();
    let mut problems = Vec::new();
    for (code, _) in townhall::diag::CATALOGUE {
        let code = code.0;
        if !reference.contains(&format!("\n| `{code}` |")) {
            problems.push(format!(
                "{code}: no row in the table of content/guides/reference/diagnostics.md"
            ));
        }
        if !fixtures.iter().any(|f| f == code) {
            problems.push(format!("{code}: no fixture tests/fixtures/invalid/{code}/"));
            continue;
        }
        let (f, args) = code_fixture(code);
        let out = check_in(&f, &args, "human");
        if !out.stderr.contains(&format!("[{code}]")) {
            problems.push(format!(
                "{code}: its fixture does not raise it (exit {}):\n{}{}",
                out.code, out.stdout, out.stderr
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_code_fixture_is_a_code_in_the_catalogue() {
    let known: Vec<&str> = townhall::diag::CATALOGUE.iter().map(|(c, _)| c.0).collect();
    let fixtures = code_fixtures();
    assert!(fixtures.len() >= known.len(), "{fixtures:?}");
    let strays: Vec<&String> = fixtures
        .iter()
        .filter(|f| !known.contains(&f.as_str()))
        .collect();
    assert!(
        strays.is_empty(),
        "fixtures for codes not in the catalogue: {strays:?}"
    );
    assert!(is_code("TH0203") && !is_code("TH02") && !is_code("THxxxx") && !is_code("many"));
}

/// The rendered report of every code fixture in the three formats: the
/// human one with its source line and caret, GitHub annotations, and JSON
/// Lines. A change in wording, layout or position shows as a snapshot diff
/// (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).
#[test]
fn rendered_diagnostics_match_their_snapshots() {
    for code in code_fixtures() {
        let (f, args) = code_fixture(&code);
        let mut text = String::new();
        for format in ["human", "github", "json"] {
            let out = check_in(&f, &args, format);
            // JSON Lines go to stdout; the other formats to stderr
            let report = if format == "json" {
                &out.stdout
            } else {
                &out.stderr
            };
            text.push_str(&format!("--- {format} (exit {})\n{report}", out.code));
        }
        let root = f.root().to_string_lossy().into_owned();
        assert!(!text.contains(&root), "{code}: absolute path in\n{text}");
        assert!(!text.contains('\u{1b}'), "{code}: colour codes in\n{text}");
        insta::assert_snapshot!(code.as_str(), text);
    }
}
