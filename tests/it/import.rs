//! `townhall import` and `townhall ideas merge`.

use crate::harness::{fixtures, Fixture, Outcome};
use std::path::PathBuf;

fn export(rel: &str) -> String {
    fixtures()
        .join("import")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn site() -> Fixture {
    Fixture::new("import/site")
}

impl Fixture {
    /// Every file under the site root except the build output, with its text.
    fn texts(&self) -> Vec<(String, String)> {
        crate::harness::snapshot(self.root())
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("public/"))
            .map(|(rel, bytes)| (rel, String::from_utf8_lossy(&bytes).into_owned()))
            .collect()
    }
}

const SE_URL: &str = "https://cooking.stackexchange.com";

fn import_se(f: &Fixture, extra: &[&str]) -> Outcome {
    let dump = export("stackexchange/dump");
    let mut args = vec!["import", "stackexchange", &dump, "--source-url", SE_URL];
    args.extend_from_slice(extra);
    f.run(&args)
}

/// The summary row of one kind: [new, updated, unchanged, conflict, held back].
fn row(out: &Outcome, kind: &str) -> Vec<usize> {
    let line = out
        .stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(kind))
        .unwrap_or_else(|| panic!("no `{kind}` row in:\n{}", out.stdout));
    line.split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect()
}

const Q1: &str = "content/questions/how-do-i-boil-an-egg-keep-it-soft/index.md";

#[test]
fn stack_exchange_dump_becomes_questions_answers_and_an_attribution_page() {
    let f = site();
    let out = import_se(&f, &[]);
    out.ok();
    assert_eq!(row(&out, "questions"), [4, 0, 0, 0, 0], "{}", out.stdout);
    assert_eq!(row(&out, "answers"), [3, 0, 0, 0, 0]);
    assert_eq!(row(&out, "pages"), [1, 0, 0, 0, 0]);
    assert!(
        out.stdout.contains("skipped 2 items of the export:"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("  answer whose question is not in the dump: 1 (a9)"));
    assert!(out
        .stdout
        .contains("  tag wiki excerpt (PostTypeId 4): 1 (8)"));
    assert!(out
        .stdout
        .contains("site.toml: adds 4 tags to the taxonomy: baking, boiling, bread, python"));
    assert!(
        out.stdout
            .contains("wrote 8 files\nthe site passes the checks of `townhall build`\n"),
        "{}",
        out.stdout
    );

    // the question: front matter, converted body, attribution
    let q = f.file(Q1);
    let (front, body) = q.trim_start_matches("---\n").split_once("\n---\n").unwrap();
    let front: Vec<&str> = front.lines().collect();
    assert_eq!(
        front[..7],
        [
            "title: \"How do I boil an egg & keep it soft?\"",
            "asked: 2010-07-09",
            "asked_by: ann-baker",
            "tags: [eggs, boiling]",
            "accepted: \"3\"",
            "aliases: [/questions/1/, /questions/1/how-do-i-boil-an-egg-keep-it-soft/, /q/1/, /a/2/, /a/3/]",
            "extra:",
        ]
    );
    assert_eq!(
        front[7],
        "  imported_from: \"https://cooking.stackexchange.com/q/1\""
    );
    assert!(front[8].starts_with("  import_digest: \""));
    assert_eq!(front[9..], ["  score: 12", "  views: 1500"]);
    assert_eq!(
        body,
        "I want the yolk *soft* & the white firm — what's the trick?\n\n\
         > My aunt says:\n>\n> > Never boil an egg for more than 6 minutes.\n\n\
         *Asked by [Ann Baker](https://cooking.stackexchange.com/users/5) on [cooking.stackexchange.com](https://cooking.stackexchange.com/q/1), licensed under [CC BY-SA 2.5](https://creativecommons.org/licenses/by-sa/2.5/).*\n"
    );

    // answers: votes, dates, authors (a deleted one keeps its shown name), code language
    let accepted = f.file("content/questions/how-do-i-boil-an-egg-keep-it-soft/answers/3.md");
    assert!(
        accepted.starts_with("---\nauthor: zoë\ndate: 2010-07-10\nvotes: 15\n"),
        "{accepted}"
    );
    assert!(accepted.contains("```py\nimport time\ntime.sleep(6 * 60)  # <- six minutes\n```\n\n1. Boil water\n2. Add eggs\n\n*Answered by [Zoë](https://cooking.stackexchange.com/users/7) on"), "{accepted}");
    let deleted = f.file("content/questions/how-do-i-boil-an-egg-keep-it-soft/answers/2.md");
    assert!(
        deleted.starts_with("---\nauthor: deleted-user\ndate: 2010-07-09\nvotes: 3\n"),
        "{deleted}"
    );
    assert!(deleted.contains("*Answered by Old Chef on [cooking.stackexchange.com](https://cooking.stackexchange.com/a/2)"), "{deleted}");
    let gone = f.file("content/questions/egg-timer-script-prints-nothing/answers/7.md");
    assert!(
        gone.contains("author: deleted-user\ndate: 2018-06-02\nvotes: -2\n"),
        "{gone}"
    );
    assert!(gone.contains("```python\nprint(\"eggs\")\n```"), "{gone}");
    assert!(gone.contains("*Answered by gone-user on"), "{gone}");
    let community = f.file("content/questions/egg-timer-script-prints-nothing/index.md");
    assert!(
        community.contains("asked_by: community\ntags: [python, eggs]\n"),
        "{community}"
    );

    // non-ASCII title, second "zoë" disambiguated by user id, newer tag format
    let ru = f.file("content/questions/почему-хлеб-черствеет/index.md");
    assert!(ru.contains("title: \"Почему хлеб черствеет?\"\nasked: 2019-03-01\nasked_by: zoë-9\ntags: [bread, baking]\naliases: [/questions/4/, /q/4/]\n"), "{ru}");
    // the duplicate link
    let dup = f.file("content/questions/soft-boiled-eggs/index.md");
    assert!(
        dup.contains("\nduplicate_of: how-do-i-boil-an-egg-keep-it-soft\n"),
        "{dup}"
    );

    let page = f.file("content/guides/attribution-cooking-stackexchange-com.md");
    assert!(
        page.contains("title: \"Content from cooking.stackexchange.com\""),
        "{page}"
    );
    assert!(
        page.contains("Imported: 4 questions and 3 answers by 6 contributors."),
        "{page}"
    );

    let config = f.file("site.toml");
    assert!(config.contains("tags = [\"eggs\", \"roadmap\", \"api\", \"integrations\", \"ui\", \"baking\", \"boiling\", \"bread\", \"python\"] # extended by imports\n"), "{config}");
    assert!(!f.root().read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".townhall-import")));
}

#[test]
fn imported_site_passes_check_builds_and_redirects_old_urls() {
    let f = site();
    import_se(&f, &[]).ok();
    let check = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    check.ok();
    f.build(&[]).ok();
    let page = f.page("questions/how-do-i-boil-an-egg-keep-it-soft/index.html");
    assert_eq!(
        page.attrs("article.answer", "id")[0],
        "answer-3",
        "the accepted answer comes first"
    );
    for old in [
        "questions/1/index.html",
        "questions/1/how-do-i-boil-an-egg-keep-it-soft/index.html",
        "q/1/index.html",
        "a/3/index.html",
    ] {
        assert_eq!(
            f.page(old).one_attr("link[rel=canonical]", "href"),
            "https://community.example.com/questions/how-do-i-boil-an-egg-keep-it-soft/",
            "{old}"
        );
    }
    assert!(f.exists("guides/attribution-cooking-stackexchange-com/index.html"));
}

#[test]
fn a_second_import_changes_nothing_and_a_newer_export_updates_only_what_changed() {
    let f = site();
    import_se(&f, &[]).ok();
    let before = f.texts();
    let again = import_se(&f, &[]);
    again.ok();
    assert_eq!(
        row(&again, "questions"),
        [0, 0, 4, 0, 0],
        "{}",
        again.stdout
    );
    assert_eq!(row(&again, "answers"), [0, 0, 3, 0, 0]);
    assert!(again.stdout.contains("wrote 0 files"));
    assert!(!again.stdout.contains("site.toml"));
    assert_eq!(f.texts(), before);

    // a newer dump: one answer's score changed and a question was retitled
    let newer = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(&fixtures().join("import/stackexchange/dump"), newer.path());
    let posts = newer.path().join("Posts.xml");
    let text = std::fs::read_to_string(&posts).unwrap();
    let text = text.replace("Score=\"15\"", "Score=\"16\"").replace(
        "Title=\"Soft-boiled eggs?\"",
        "Title=\"Why do soft-boiled eggs crack?\"",
    );
    std::fs::write(&posts, text).unwrap();
    let out = f.run(&[
        "import",
        "stackexchange",
        newer.path().to_str().unwrap(),
        "--source-url",
        SE_URL,
    ]);
    out.ok();
    assert_eq!(row(&out, "questions"), [0, 1, 3, 0, 0], "{}", out.stdout);
    assert_eq!(row(&out, "answers"), [0, 1, 2, 0, 0]);
    assert!(f
        .file("content/questions/how-do-i-boil-an-egg-keep-it-soft/answers/3.md")
        .contains("votes: 16\n"));
    // the retitled question keeps its folder (and URL)
    assert!(f
        .file("content/questions/soft-boiled-eggs/index.md")
        .contains("title: \"Why do soft-boiled eggs crack?\""));
    assert!(!f
        .root()
        .join("content/questions/why-do-soft-boiled-eggs-crack")
        .exists());
}

#[test]
fn human_files_conflict_and_nothing_is_written() {
    let f = site();
    f.write(
        Q1,
        "---\ntitle: Mine\nasked: 2026-01-01\nasked_by: me\n---\nMy own question.\n",
    );
    let before = f.texts();
    let out = import_se(&f, &[]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "conflict: {Q1}: a file not written by import is in the way"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error: 1 conflicting file; nothing was written"),
        "{}",
        out.stderr
    );
    assert_eq!(f.texts(), before);

    // --skip-conflicts writes the rest, holding back the question's answers
    let out = import_se(&f, &["--skip-conflicts"]);
    out.ok();
    assert_eq!(row(&out, "questions"), [3, 0, 0, 1, 0], "{}", out.stdout);
    assert_eq!(row(&out, "answers"), [1, 0, 0, 0, 2]);
    assert_eq!(
        f.file(Q1),
        "---\ntitle: Mine\nasked: 2026-01-01\nasked_by: me\n---\nMy own question.\n"
    );
    assert!(!f
        .root()
        .join("content/questions/how-do-i-boil-an-egg-keep-it-soft/answers")
        .exists());
}

#[test]
fn edits_made_after_an_import_are_kept() {
    let f = site();
    import_se(&f, &[]).ok();
    let path = "content/questions/soft-boiled-eggs/index.md";
    let edited = f
        .file(path)
        .replace("keep cracking.", "keep cracking (fixed a typo).");
    f.write(path, &edited);
    // same export: the edit stays, reported as unchanged
    let out = import_se(&f, &[]);
    out.ok();
    assert_eq!(row(&out, "questions"), [0, 0, 4, 0, 0], "{}", out.stdout);
    assert_eq!(f.file(path), edited);
    // an export that changed the same page: a conflict, not an overwrite
    let newer = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(&fixtures().join("import/stackexchange/dump"), newer.path());
    let posts = newer.path().join("Posts.xml");
    let text = std::fs::read_to_string(&posts).unwrap().replace(
        "Score=\"0\" ViewCount=\"20\"",
        "Score=\"2\" ViewCount=\"20\"",
    );
    std::fs::write(&posts, text).unwrap();
    let out = f.run(&[
        "import",
        "stackexchange",
        newer.path().to_str().unwrap(),
        "--source-url",
        SE_URL,
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("edited since the last import, and the export changed it too"),
        "{}",
        out.stderr
    );
    assert_eq!(f.file(path), edited);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let f = site();
    let before = f.texts();
    let out = import_se(&f, &["--dry-run"]);
    out.ok();
    assert_eq!(row(&out, "questions"), [4, 0, 0, 0, 0]);
    assert!(out.stdout.contains("site.toml: would add 4 tags"));
    assert!(out.stdout.contains("dry run: nothing was written"));
    assert_eq!(f.texts(), before);
}

#[test]
fn truncated_dump_is_an_error_naming_file_and_line_and_writes_nothing() {
    let f = site();
    let before = f.texts();
    let dump = export("stackexchange/truncated");
    let out = f.run(&["import", "stackexchange", &dump, "--source-url", SE_URL]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let posts = PathBuf::from(&dump).join("Posts.xml");
    assert!(
        out.stderr
            .starts_with(&format!("error: {}: line 7: invalid XML", posts.display())),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nothing was written"));
    assert_eq!(f.texts(), before);

    // a row without its required attributes
    let bad = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(&fixtures().join("import/stackexchange/dump"), bad.path());
    let posts = bad.path().join("Posts.xml");
    let text = std::fs::read_to_string(&posts)
        .unwrap()
        .replace("Title=\"Soft-boiled eggs?\" ", "");
    std::fs::write(&posts, text).unwrap();
    let out = f.run(&[
        "import",
        "stackexchange",
        bad.path().to_str().unwrap(),
        "--source-url",
        SE_URL,
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("Posts.xml: line 7 (row Id=5): the row has no `Title` attribute"),
        "{}",
        out.stderr
    );
    assert_eq!(f.texts(), before);

    // no --source-url
    let out = f.run(&["import", "stackexchange", &export("stackexchange/dump")]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("pass --source-url"), "{}", out.stderr);
}

#[test]
fn tag_map_renames_and_drops_tags() {
    let f = site();
    f.write(
        "tags.toml",
        "# source = site\nbaking = \"oven\"\nboiling = \"eggs\"\nbread = \"\"\n",
    );
    let out = import_se(&f, &["--tag-map", "tags.toml"]);
    out.ok();
    assert!(
        out.stdout
            .contains("adds 2 tags to the taxonomy: oven, python"),
        "{}",
        out.stdout
    );
    assert!(f.file(Q1).contains("\ntags: [eggs]\n"));
    assert!(f
        .file("content/questions/почему-хлеб-черствеет/index.md")
        .contains("\ntags: [oven]\n"));
    f.write("bad.toml", "c# = \"x\"\n");
    let out = import_se(&f, &["--tag-map", "bad.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.toml: line 1:"), "{}", out.stderr);
}

fn ideas_site() -> Fixture {
    let f = site();
    f.write(
        "ideas/dark-mode.md",
        "---\ntitle: Dark mode\nsubmitted: 2026-11-01\nauthor: ann\nstatus: open # voting\nvotes: {up: 5, down: 1}\nvoters:\n  up: [ann, bo]\n  down: [cy]\nhistory:\n  - {date: 2026-11-01, status: open, note: Submitted}\n---\nA dark theme.\n",
    );
    f.write(
        "ideas/dark-theme.md",
        "---\ntitle: Dark theme please\nsubmitted: 2026-11-03\nauthor: dee\nstatus: open\nvotes: {up: 3}\nvoters: {up: [bo, dee], down: [eve]}\naliases: [/posts/7/dark-theme/]\n---\nSame thing.\n",
    );
    f.write(
        "ideas/printing.md",
        "---\ntitle: Printing\nsubmitted: 2026-01-01\nauthor: ann\nstatus: archived\n---\nPrint.\n",
    );
    f
}

#[test]
fn merge_moves_voters_once_and_redirects_the_duplicate() {
    let f = ideas_site();
    let out = f.run(&[
        "ideas",
        "merge",
        "dark-theme",
        "ideas/dark-mode.md",
        "--today",
        "2026-11-25",
    ]);
    out.ok();
    // (5 + 2) - (1 + 1) = 5 before; bo voted on both and counts once:
    // (5 + 3 + 3) - (1 + 2) = 8 after
    assert_eq!(
        out.stdout,
        "merged ideas/dark-theme.md into ideas/dark-mode.md: 2 voters moved; 1 had voted on both and count once (bo); net votes 5 -> 8\n"
    );
    assert_eq!(
        f.file("ideas/dark-mode.md"),
        "---\ntitle: Dark mode\nsubmitted: 2026-11-01\nauthor: ann\nstatus: open # voting\nvotes: {up: 8, down: 1}\nvoters: {up: [ann, bo, dee], down: [cy, eve]}\nhistory:\n  - {date: 2026-11-01, status: open, note: Submitted}\naliases: [/posts/7/dark-theme/, /ideas/dark-theme/]\n---\nA dark theme.\n"
    );
    assert_eq!(
        f.file("ideas/dark-theme.md"),
        "---\ntitle: Dark theme please\nsubmitted: 2026-11-03\nauthor: dee\nstatus: duplicate\nduplicate_of: dark-mode\nhistory:\n  - {date: 2026-11-25, status: duplicate, note: \"Merged into dark-mode\"}\n---\nSame thing.\n"
    );
    f.run(&["check", "--today", "2026-11-25"]).ok();
    f.build(&[]).ok();
    for old in [
        "ideas/dark-theme/index.html",
        "posts/7/dark-theme/index.html",
    ] {
        assert_eq!(
            f.page(old).one_attr("meta[http-equiv=refresh]", "content"),
            "0; url=https://community.example.com/ideas/dark-mode/",
            "{old}"
        );
    }
}

#[test]
fn merge_refuses_nonsense() {
    let f = ideas_site();
    let cases = [
        (["dark-mode", "dark-mode"], "cannot merge ideas/dark-mode.md into itself"),
        (["nope", "dark-mode"], "cannot read ideas/nope.md"),
        (["dark-theme", "printing"], "ideas/printing.md is `archived`: votes merged into it would count for nothing"),
        (["printing", "dark-mode"], "ideas/printing.md is `archived`, and only an `open` or `under-review` idea can become a duplicate"),
    ];
    for (args, message) in cases {
        let out = f.run(&["ideas", "merge", args[0], args[1], "--today", "2026-11-25"]);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
    }
    f.run(&[
        "ideas",
        "merge",
        "dark-theme",
        "dark-mode",
        "--today",
        "2026-11-25",
    ])
    .ok();
    let out = f.run(&[
        "ideas",
        "merge",
        "dark-theme",
        "dark-mode",
        "--today",
        "2026-11-25",
    ]);
    assert!(
        out.stderr
            .contains("ideas/dark-theme.md is already a duplicate of `dark-mode`"),
        "{}",
        out.stderr
    );
    let out = f.run(&[
        "ideas",
        "merge",
        "printing",
        "dark-theme",
        "--today",
        "2026-11-25",
    ]);
    assert!(
        out.stderr
            .contains("is itself a duplicate; merge into `dark-mode` instead"),
        "{}",
        out.stderr
    );
    // --dry-run writes nothing
    let f = ideas_site();
    let before = f.texts();
    let out = f.run(&[
        "ideas",
        "merge",
        "dark-theme",
        "dark-mode",
        "--dry-run",
        "--today",
        "2026-11-25",
    ]);
    out.ok();
    assert!(out.stdout.starts_with("would merge"));
    assert_eq!(f.texts(), before);
}

#[test]
fn fider_posts_become_ideas_with_mapped_statuses_owners_and_history() {
    let f = site();
    let posts = export("fider/posts.json");
    let out = f.run(&["import", "fider", &posts]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("posts.json: post #5 (item 5 of the array): the idea is `in-progress` but Fider names no owner; pass --owner HANDLE"), "{}", out.stderr);
    assert!(!f.root().join("ideas").exists());

    let args = [
        "import",
        "fider",
        &posts,
        "--owner",
        "jon-snow",
        "--source-url",
        "https://feedback.example.com/",
    ];
    let out = f.run(&args);
    out.ok();
    assert_eq!(row(&out, "ideas"), [5, 0, 0, 0, 0], "{}", out.stdout);
    assert!(out.stdout.contains("  deleted post: 1 (#4)"));
    let open = f.file("ideas/dark-mode.md");
    assert!(open.starts_with("---\ntitle: \"Dark mode\"\nsubmitted: 2024-01-05\nauthor: arya-stark\ntags: [ui, mobile]\nstatus: open\nvotes: {up: 12, down: 0}\nhistory:\n  - {date: 2024-01-05, status: open, note: \"Submitted on Fider\"}\naliases: [/posts/1/, /posts/1/dark-mode/]\nextra:\n  imported_from: \"https://feedback.example.com/posts/1\"\n"), "{open}");
    assert!(
        open.contains("> Our users ask for it\n> > every week\n\n```css\n"),
        "{open}"
    );
    let shipped = f.file("ideas/export-to-csv.md");
    assert!(shipped.contains("status: shipped\nvotes: {up: 40, down: 0}\nowner: jon-snow\nrelease: \"not recorded in Fider\"\nhistory:\n  - {date: 2024-03-10, status: shipped, note: \"Shipped in the March release!\"}\n"), "{shipped}");
    let dup = f.file("ideas/dark-theme.md");
    assert!(dup.contains("author: arya-stark-4\n"), "{dup}");
    assert!(
        dup.contains("status: duplicate\nvotes: {up: 2, down: 0}\nduplicate_of: dark-mode\n"),
        "{dup}"
    );
    assert!(f
        .file("ideas/émoji-réactions.md")
        .contains("  - {date: 2024-02-20, status: declined, note: \"Not for now.\"}\n"));
    assert!(f
        .file("ideas/offline-mode.md")
        .contains("status: in-progress\nvotes: {up: 7, down: 0}\nowner: jon-snow\n"));
    f.run(&["check", "--today", "2024-06-01"]).ok();
    f.build(&[]).ok();
    assert_eq!(
        f.page("posts/1/dark-mode/index.html")
            .one_attr("link[rel=canonical]", "href"),
        "https://community.example.com/ideas/dark-mode/"
    );
    // idempotent
    let before = f.texts();
    let again = f.run(&args);
    again.ok();
    assert_eq!(row(&again, "ideas"), [0, 0, 5, 0, 0]);
    assert_eq!(f.texts(), before);
}

#[test]
fn fider_bad_input_names_file_and_record() {
    let f = site();
    let out = f.run(&["import", "fider", &export("fider/truncated.json")]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("truncated.json: line "),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("invalid JSON: EOF while parsing"),
        "{}",
        out.stderr
    );
    let unknown = export("fider/unknown-status.json");
    let out = f.run(&["import", "fider", &unknown, "--owner", "jon"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unknown-status.json: post #6 (item 6 of the array): unknown status `pending` (known: open, planned, started, completed, declined, duplicate); map it with --status-map"), "{}", out.stderr);
    assert!(!f.root().join("ideas").exists());
    f.write("statuses.toml", "pending = \"under-review\"\n");
    f.run(&[
        "import",
        "fider",
        &unknown,
        "--owner",
        "jon",
        "--status-map",
        "statuses.toml",
    ])
    .ok();
    assert!(f
        .file("ideas/émoji-réactions.md")
        .contains("status: under-review\n"));
}

#[test]
fn canny_csv_becomes_ideas_by_column_name() {
    let f = site();
    let out = f.run(&["import", "canny", &export("canny/posts.csv")]);
    out.ok();
    assert_eq!(row(&out, "ideas"), [4, 0, 0, 0, 0], "{}", out.stdout);
    assert!(out
        .stdout
        .contains("adds 2 tags to the taxonomy: mobile, theme"));
    let review = f.file("ideas/dark-mode.md");
    assert!(review.starts_with("---\ntitle: \"Dark mode\"\nsubmitted: 2024-01-05\nauthor: ann\ntags: [ui, mobile, theme]\nstatus: under-review\nvotes: {up: 25, down: 0}\nhistory:\n  - {date: 2024-01-05, status: open, note: \"Submitted on Canny\"}\n  - {date: 2024-02-01, status: under-review, note: \"Marked under review on Canny\"}\naliases: [/feature-requests/p/dark-mode/]\n"), "{review}");
    assert!(
        review.ends_with("---\nPlease add \"dark\" mode,\nfor night work.\n"),
        "{review}"
    );
    // the other Ann (another e-mail) gets her own handle; no address is written
    let other = f.file("ideas/ünïcode-names.md");
    assert!(other.contains("author: ann-"), "{other}");
    for file in [
        "ideas/dark-mode.md",
        "ideas/ünïcode-names.md",
        "ideas/slack-integration.md",
    ] {
        assert!(!f.file(file).contains("example.com"), "{file}");
    }
    assert!(f.file("ideas/slack-integration.md").contains("status: shipped\nvotes: {up: 7, down: 0}\nowner: jon-snow\nrelease: \"not recorded in Canny\"\n"));
    assert!(f
        .file("ideas/crash-on-login.md")
        .contains("author: deleted-user\nstatus: declined\n"));
    f.run(&["check", "--today", "2024-06-01"]).ok();
    let again = f.run(&["import", "canny", &export("canny/posts.csv")]);
    assert_eq!(row(&again, "ideas"), [0, 0, 4, 0, 0]);
}

#[test]
fn canny_wrong_columns_unknown_status_and_short_rows_are_errors() {
    let f = site();
    let before = f.texts();
    for (file, message) in [
        (
            "canny/wrong-columns.csv",
            "wrong-columns.csv: line 1 (the header): no `status` column",
        ),
        (
            "canny/unknown-status.csv",
            "unknown-status.csv: record at line 3: unknown status `Needs info`",
        ),
        (
            "canny/short-row.csv",
            "short-row.csv: record at line 3: the record has 2 fields, the header 4",
        ),
    ] {
        let out = f.run(&["import", "canny", &export(file)]);
        assert_eq!(out.code, 1, "{file}");
        assert!(out.stderr.contains(message), "{file}: {}", out.stderr);
        assert!(out.stderr.contains("nothing was written"));
    }
    assert_eq!(f.texts(), before);
}

#[test]
fn github_discussions_become_questions_and_ideas() {
    let f = site();
    let file = export("github/discussions.json");
    let out = f.run(&["import", "github", &file]);
    out.ok();
    assert_eq!(row(&out, "questions"), [1, 0, 0, 0, 0], "{}", out.stdout);
    assert_eq!(row(&out, "answers"), [2, 0, 0, 0, 0]);
    assert_eq!(row(&out, "ideas"), [2, 0, 0, 0, 0]);
    assert!(
        out.stdout
            .contains("skipped 1 item of the export:\n  category `General`: 1 (#13)\n"),
        "{}",
        out.stdout
    );
    // `api` is in the taxonomy already
    assert!(!out.stdout.contains("site.toml"), "{}", out.stdout);
    let q = f.file("content/questions/how-do-i-reset-my-api-key/index.md");
    assert!(q.starts_with("---\ntitle: \"How do I reset my API key?\"\nasked: 2025-02-01\nasked_by: octo-cat\ntags: [api]\naccepted: \"5002\"\n"), "{q}");
    assert!(f
        .file("content/questions/how-do-i-reset-my-api-key/answers/5001.md")
        .starts_with("---\nauthor: deleted-user\ndate: 2025-02-01\nvotes: 0\n"));
    assert!(f
        .file("content/questions/how-do-i-reset-my-api-key/answers/5002.md")
        .starts_with("---\nauthor: maintainer\ndate: 2025-02-02\nvotes: 9\n"));
    assert!(f
        .file("ideas/webhooks-for-invoices.md")
        .contains("status: open\nvotes: {up: 17, down: 0}\n"));
    assert!(f
        .file("ideas/fax-support.md")
        .contains("author: deleted-user\nstatus: archived\n"));
    f.run(&["check", "--today", "2025-04-01"]).ok();
    f.build(&[]).ok();
    let again = f.run(&["import", "github", &file]);
    assert_eq!(row(&again, "answers"), [0, 0, 2, 0, 0]);
}

#[test]
fn discourse_solved_topics_become_questions_and_a_category_ideas() {
    let f = site();
    let dir = export("discourse");
    let args = [
        "import",
        "discourse",
        &dir,
        "--ideas-category",
        "Feature Requests",
    ];
    let out = f.run(&args);
    out.ok();
    assert_eq!(row(&out, "questions"), [1, 0, 0, 0, 0], "{}", out.stdout);
    assert_eq!(row(&out, "answers"), [2, 0, 0, 0, 0]);
    assert_eq!(row(&out, "ideas"), [1, 0, 0, 0, 0]);
    assert!(out.stdout.contains("  listed topic without its /t/<id>.json: 1 (104)\n  topic without an accepted answer, outside the ideas category: 1 (103)\n"), "{}", out.stdout);
    let q = f.file("content/questions/how-do-i-rotate-my-api-token/index.md");
    assert!(q.starts_with("---\ntitle: \"How do I rotate my API token?\"\nasked: 2024-05-01\nasked_by: josé-m\ntags: [api]\naccepted: \"3\"\naliases: [/t/how-do-i-rotate-my-api-token/101/, /t/101/]\nextra:\n  imported_from: \"discourse:/t/101\"\n"), "{q}");
    assert!(q.ends_with("---\nMy token leaked & I need a new one.\n\n> Tokens never expire\n>\n> > says the FAQ\n"), "{q}");
    let a = f.file("content/questions/how-do-i-rotate-my-api-token/answers/3.md");
    assert!(
        a.starts_with("---\nauthor: sam\ndate: 2024-05-02\nvotes: 7\n"),
        "{a}"
    );
    assert!(a.contains("```ruby\nclient.rotate_token!\n```"), "{a}");
    assert!(f
        .file("content/questions/how-do-i-rotate-my-api-token/answers/2.md")
        .starts_with("---\nauthor: deleted-user\ndate: 2024-05-01\nvotes: 1\n"));
    let idea = f.file("ideas/dark-mode.md");
    assert!(
        idea.contains("author: sam\ntags: [ui]\nstatus: open\nvotes: {up: 31, down: 0}\n"),
        "{idea}"
    );
    f.run(&["check", "--today", "2024-06-01"]).ok();
    f.build(&[]).ok();
    assert_eq!(
        f.page("t/how-do-i-rotate-my-api-token/101/index.html")
            .one_attr("link[rel=canonical]", "href"),
        "https://community.example.com/questions/how-do-i-rotate-my-api-token/"
    );
    let again = f.run(&args);
    assert_eq!(row(&again, "questions"), [0, 0, 1, 0, 0]);

    // a file that is no Discourse JSON
    let out = f.run(&["import", "discourse", &export("fider/posts.json")]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("posts.json: neither a topic (/t/<id>.json)"),
        "{}",
        out.stderr
    );
}

const DIY_URL: &str = "https://diy.stackexchange.com";
const BREAKER: &str = "content/questions/why-does-my-breaker-trip-when-the-dryer-starts";
const WIRE: &str = "content/questions/what-size-wire-for-a-30-amp-dryer";

fn import_linked(f: &Fixture) -> Outcome {
    let dump = export("stackexchange/linked");
    f.run(&["import", "stackexchange", &dump, "--source-url", DIY_URL])
}

#[test]
fn dump_without_users_xml_credits_display_names_and_user_ids() {
    let f = site();
    let out = import_linked(&f);
    out.ok();
    assert_eq!(row(&out, "questions"), [2, 0, 0, 0, 0], "{}", out.stdout);
    assert_eq!(row(&out, "answers"), [3, 0, 0, 0, 0]);
    // a living member known only by id: a stable `user<Id>`, linked to the profile
    let breaker = f.file(&format!("{BREAKER}/index.md"));
    assert!(breaker.contains("\nasked_by: user21\n"), "{breaker}");
    assert!(breaker.contains("*Asked by [user21](https://diy.stackexchange.com/users/21) on [diy.stackexchange.com](https://diy.stackexchange.com/q/10), licensed under [CC BY-SA 3.0](https://creativecommons.org/licenses/by-sa/3.0/).*"), "{breaker}");
    assert!(f
        .file(&format!("{WIRE}/index.md"))
        .contains("\nasked_by: user21\n"));
    // the display name a post shows, for a member with an id
    let sparky = f.file(&format!("{BREAKER}/answers/11.md"));
    assert!(sparky.starts_with("---\nauthor: sparky\n"), "{sparky}");
    assert!(
        sparky.contains("*Answered by [Sparky](https://diy.stackexchange.com/users/23) on"),
        "{sparky}"
    );
    assert!(f
        .file(&format!("{WIRE}/answers/13.md"))
        .contains("*Answered by [user22](https://diy.stackexchange.com/users/22) on"));
    // a post without an owner id keeps the name it shows
    let old = f.file(&format!("{WIRE}/answers/14.md"));
    assert!(old.starts_with("---\nauthor: deleted-user\n"), "{old}");
    assert!(old.contains("*Answered by Old Timer on"), "{old}");
    for (file, text) in f.texts() {
        assert!(!text.contains("a deleted user"), "{file}");
    }
    // user 21 asked both questions: four people, not five
    let page = f.file("content/guides/attribution-diy-stackexchange-com.md");
    assert!(
        page.contains("Imported: 2 questions and 3 answers by 4 contributors."),
        "{page}"
    );
}

#[test]
fn links_to_the_old_site_lead_to_the_imported_pages_and_answers() {
    let f = site();
    import_linked(&f).ok();
    let breaker = f.file(&format!("{BREAKER}/index.md"));
    let body = breaker.split("\n---\n").nth(1).unwrap();
    assert!(body.starts_with(
        "The 30 A breaker trips a few seconds after the dryer starts. The wire run is the one from [my earlier question](../what-size-wire-for-a-30-amp-dryer/index.md), and [this answer](../what-size-wire-for-a-30-amp-dryer/index.md#answer-13) says it is fine.\n\n\
         Related: [What size wire for a 30 amp dryer?](../what-size-wire-for-a-30-amp-dryer/index.md)\n\n\
         Not the same as [this deleted one](https://diy.stackexchange.com/q/99) or [inrush on EE](https://electronics.stackexchange.com/questions/12/inrush-current).\n\n"
    ), "{body}");
    // from an answer file, one folder deeper; an answer permalink and a share link
    let sparky = f.file(&format!("{BREAKER}/answers/11.md"));
    assert!(sparky.contains("see [the wire gauge answer](../../what-size-wire-for-a-30-amp-dryer/index.md#answer-13) and [the question itself](../../why-does-my-breaker-trip-when-the-dryer-starts/index.md)."), "{sparky}");
    // query and comment fragment dropped; a bare /questions/<id>
    assert!(f
        .file(&format!("{WIRE}/index.md"))
        .contains("(The breaker question is [here](../why-does-my-breaker-trip-when-the-dryer-starts/index.md).)"));
    assert!(f.file(&format!("{WIRE}/answers/13.md")).contains(
        "Details in [the breaker question](../../why-does-my-breaker-trip-when-the-dryer-starts/index.md); see also [the other answer](../../what-size-wire-for-a-30-amp-dryer/index.md#answer-14)."
    ));

    // the build checks them, and they land on the right page and answer
    f.run(&["check", "--today", "2026-11-25", "--color", "never"])
        .ok();
    f.build(&[]).ok();
    let page = f.page("questions/why-does-my-breaker-trip-when-the-dryer-starts/index.html");
    let hrefs = page.attrs("article a", "href");
    assert!(
        hrefs.contains(&"/questions/what-size-wire-for-a-30-amp-dryer/#answer-13".to_string()),
        "{hrefs:?}"
    );
    let wire = f.page("questions/what-size-wire-for-a-30-amp-dryer/index.html");
    let ids = wire.attrs("article.answer", "id");
    assert!(ids.contains(&"answer-13".to_string()), "{ids:?}");
    assert!(ids.contains(&"answer-14".to_string()), "{ids:?}");
}

#[test]
fn source_url_without_a_scheme_is_refused_before_anything_is_written() {
    let f = site();
    let before = f.texts();
    let dump = export("stackexchange/dump");
    let out = f.run(&[
        "import",
        "stackexchange",
        &dump,
        "--source-url",
        "cooking.stackexchange.com",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: --source-url `cooking.stackexchange.com` is not an http(s) address\n  = help: write the scheme too, e.g. --source-url https://cooking.stackexchange.com\n"
    );
    assert_eq!(out.stdout, "");
    assert_eq!(f.texts(), before);
    // the same for every source
    let out = f.run(&[
        "import",
        "fider",
        &export("fider/posts.json"),
        "--source-url",
        "feedback.example.com/",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(f.texts(), before);
}

const META_URL: &str = "https://meta.diy.stackexchange.com";

fn import_meta(f: &Fixture, extra: &[&str]) -> Outcome {
    let dump = export("stackexchange/meta");
    let mut args = vec![
        "import",
        "stackexchange",
        &dump,
        "--source-url",
        META_URL,
        "--as",
        "ideas",
    ];
    args.extend_from_slice(extra);
    f.run(&args)
}

#[test]
fn meta_feature_requests_become_ideas_with_status_tags_and_net_score() {
    let f = site();
    // shipped and planned ideas need an owner, which a dump does not name
    let out = import_meta(&f, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("Posts.xml: line 3 (row Id=100): the idea is `shipped` but meta.diy.stackexchange.com names no owner; pass --owner HANDLE"),
        "{}",
        out.stderr
    );
    assert!(!f.root().join("ideas").exists());

    let out = import_meta(&f, &["--owner", "jane-moderator"]);
    out.ok();
    assert_eq!(row(&out, "ideas"), [9, 0, 0, 0, 0], "{}", out.stdout);
    assert!(out.stdout.contains("skipped 3 items of the export:\n  answer (ideas carry no answers): 2 (a109, a111)\n  question not tagged feature-request: 1 (106)\n"), "{}", out.stdout);
    // feature-request and the status tags are not topics
    assert!(
        out.stdout
            .contains("site.toml: adds 3 tags to the taxonomy: comments, editor, tags\n"),
        "{}",
        out.stdout
    );
    let shipped = f.file("ideas/let-us-preview-a-post-before-it-is-published.md");
    assert!(shipped.starts_with("---\ntitle: \"Let us preview a post before it is published\"\nsubmitted: 2013-04-02\nauthor: jane-moderator\ntags: [editor]\nstatus: shipped\nvotes: {up: 25, down: 0}\nowner: jane-moderator\nrelease: \"not recorded in meta.diy.stackexchange.com\"\naliases: [/questions/100/, /questions/100/let-us-preview-a-post-before-it-is-published/, /q/100/]\nextra:\n  imported_from: \"https://meta.diy.stackexchange.com/q/100\"\n"), "{shipped}");
    // a link to another feature request leads to its idea
    assert!(shipped.contains("See also [the tag wiki idea](show-the-tag-wiki-when-hovering-a-tag.md).\n\n*Proposed by [Jane Moderator](https://meta.diy.stackexchange.com/users/3) on [meta.diy.stackexchange.com](https://meta.diy.stackexchange.com/q/100), licensed under [CC BY-SA 3.0]"), "{shipped}");
    // a negative score is down votes
    assert!(f
        .file("ideas/remove-the-reputation-requirement-for-comments.md")
        .contains("\nstatus: declined\nvotes: {up: 0, down: 4}\n"));
    for (file, front) in [
        ("allow-images-in-comments", "tags: [comments]\nstatus: planned\nvotes: {up: 12, down: 0}\nowner: jane-moderator\n"),
        ("add-a-wiring-diagram-tool", "tags: [editor]\nstatus: under-review\nvotes: {up: 8, down: 0}\n"),
        ("sort-answers-by-date-by-default", "author: deleted-user\nstatus: declined\nvotes: {up: 2, down: 0}\n"),
        ("offline-mode-for-the-app", "status: archived\nvotes: {up: 6, down: 0}\n"),
        ("show-the-tag-wiki-when-hovering-a-tag", "tags: [tags]\nstatus: open\nvotes: {up: 3, down: 0}\nhistory:\n  - {date: 2014-02-01, status: open, note: \"Submitted on meta.diy.stackexchange.com\"}\n"),
        // closed as a duplicate (PostLinks.xml), closed without a status tag
        ("tag-wiki-popups", "status: duplicate\nduplicate_of: show-the-tag-wiki-when-hovering-a-tag\nhistory:\n  - {date: 2015-08-01, status: open, note: \"Submitted on meta.diy.stackexchange.com\"}\n  - {date: 2015-08-02, status: duplicate, note: \"Marked duplicate on meta.diy.stackexchange.com\"}\n"),
        ("make-the-site-purple", "status: declined\nvotes: {up: 0, down: 2}\nhistory:\n  - {date: 2015-09-01, status: open, note: \"Submitted on meta.diy.stackexchange.com\"}\n  - {date: 2015-09-03, status: declined, note: \"Closed on meta.diy.stackexchange.com\"}\n"),
    ] {
        let text = f.file(&format!("ideas/{file}.md"));
        assert!(text.contains(front), "{file}:\n{text}");
    }
    assert!(!f.root().join("content/questions").exists());
    let page = f.file("content/guides/attribution-meta-diy-stackexchange-com.md");
    assert!(
        page.contains("Imported: 9 feature requests (as ideas) by 5 contributors."),
        "{page}"
    );

    f.run(&["check", "--today", "2026-11-25"]).ok();
    f.build(&[]).ok();
    assert_eq!(
        f.page("q/100/index.html")
            .one_attr("link[rel=canonical]", "href"),
        "https://community.example.com/ideas/let-us-preview-a-post-before-it-is-published/"
    );
    // idempotent
    let before = f.texts();
    let again = import_meta(&f, &["--owner", "jane-moderator"]);
    again.ok();
    assert_eq!(row(&again, "ideas"), [0, 0, 9, 0, 0], "{}", again.stdout);
    assert_eq!(f.texts(), before);
}

#[test]
fn meta_status_tags_outside_the_table_need_a_status_map() {
    let f = site();
    let dump = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(&fixtures().join("import/stackexchange/meta"), dump.path());
    let posts = dump.path().join("Posts.xml");
    let text = std::fs::read_to_string(&posts)
        .unwrap()
        .replace("&lt;status-deferred&gt;", "&lt;status-wontfix&gt;");
    std::fs::write(&posts, text).unwrap();
    let dir = dump.path().to_str().unwrap();
    let args = [
        "import",
        "stackexchange",
        dir,
        "--source-url",
        META_URL,
        "--as",
        "ideas",
        "--owner",
        "jane-moderator",
    ];
    let out = f.run(&args);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("(row Id=110): unknown status `status-wontfix` (known: status-completed, status-planned, status-review, status-declined, status-bydesign, status-norepro, status-deferred); map it with --status-map"), "{}", out.stderr);
    assert!(!f.root().join("ideas").exists());
    f.write("statuses.toml", "\"status-wontfix\" = \"declined\"\n");
    let mut with_map = args.to_vec();
    with_map.extend(["--status-map", "statuses.toml"]);
    f.run(&with_map).ok();
    assert!(f
        .file("ideas/offline-mode-for-the-app.md")
        .contains("\nstatus: declined\n"));

    // --as ideas is for Stack Exchange only
    let out = f.run(&[
        "import",
        "fider",
        &export("fider/posts.json"),
        "--as",
        "ideas",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: --as ideas is for Stack Exchange meta sites"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_dumps_tags_arrive_as_they_are() {
    // Tag names as a dump has them; the taxonomy takes them as names and
    // derives their URLs, so the imported site checks and builds.
    let f = site();
    f.write("tags.toml", "\"wi-fi\" = \"Wi-Fi\"\n");
    let dump = export("stackexchange/tags");
    let out = f.run(&[
        "import",
        "stackexchange",
        &dump,
        "--source-url",
        "https://raspberrypi.stackexchange.com",
        "--tag-map",
        "tags.toml",
    ]);
    out.ok();
    assert!(
        out.stdout.contains(
            "site.toml: adds 6 tags to the taxonomy: .net, 3.2-beer, Wi-Fi, c, c++, node.js\n"
        ),
        "{}",
        out.stdout
    );
    assert!(f
        .file("content/questions/interop-between-c-net-and-nodejs/index.md")
        .contains("\ntags: [\"c++\", \".net\", node.js, \"3.2-beer\"]\n"));
    assert!(f
        .file("content/questions/is-c-a-subset-of-c/index.md")
        .contains("\ntags: [c, \"c++\", Wi-Fi]\n"));
    assert!(f.file("site.toml").contains(
        "tags = [\"eggs\", \"roadmap\", \"api\", \"integrations\", \"ui\", \".net\", \"3.2-beer\", \"Wi-Fi\", \"c\", \"c++\", \"node.js\"] # extended by imports\n"
    ));
    f.run(&["build", "--today", "2026-11-25"]).ok();
    assert!(f.root().join("public/tags/c-plus-plus/index.html").exists());
    assert!(f.root().join("public/tags/3-2-beer/index.html").exists());
}

/// Copies an export (a file or a folder) to a temporary folder, with
/// `from` replaced by `to` in the file `name`.
fn edited_export(rel: &str, name: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = fixtures().join("import").join(rel);
    if source.is_dir() {
        crate::harness::copy_dir(&source, dir.path());
    } else {
        std::fs::copy(&source, dir.path().join(name)).unwrap();
    }
    let file = dir.path().join(name);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{name} has no `{from}`");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    dir
}

/// A malformed export: exit code 1, the one error line, nothing written.
fn refused(f: &Fixture, args: &[&str]) -> String {
    let before = f.texts();
    let out = f.run(args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(f.texts(), before);
    out.stderr
}

#[test]
fn stack_exchange_attribute_of_the_wrong_type_names_the_attribute_and_row() {
    let f = site();
    let dump = edited_export(
        "stackexchange/dump",
        "Posts.xml",
        "Score=\"12\"",
        "Score=\"12.5\"",
    );
    let dir = dump.path().to_str().unwrap();
    let err = refused(
        &f,
        &["import", "stackexchange", dir, "--source-url", SE_URL],
    );
    assert!(
        err.contains("Posts.xml: line 3 (row Id=1): Score: `12.5` is not a whole number"),
        "{err}"
    );
    let users = edited_export("stackexchange/dump", "Users.xml", "Id=\"5\"", "Id=\"five\"");
    let dir = users.path().to_str().unwrap();
    let err = refused(
        &f,
        &["import", "stackexchange", dir, "--source-url", SE_URL],
    );
    assert!(
        err.contains("Users.xml: line ") && err.contains(": Id: `five` is not a whole number"),
        "{err}"
    );
    let date = edited_export(
        "stackexchange/dump",
        "Posts.xml",
        "CreationDate=\"2010-07-09T19:12:12.613\"",
        "CreationDate=\"last week\"",
    );
    let dir = date.path().to_str().unwrap();
    let err = refused(
        &f,
        &["import", "stackexchange", dir, "--source-url", SE_URL],
    );
    assert!(
        err.contains("(row Id=1): CreationDate: `last week` is not a date"),
        "{err}"
    );
}

#[test]
fn fider_field_of_the_wrong_type_names_its_path_and_post() {
    let f = site();
    let posts = edited_export(
        "fider/posts.json",
        "posts.json",
        "\"votesCount\": 40,",
        "\"votesCount\": \"40\",",
    );
    let file = posts.path().join("posts.json");
    let err = refused(
        &f,
        &["import", "fider", file.to_str().unwrap(), "--owner", "jon"],
    );
    assert!(
        err.contains("posts.json: post #2 (item 2 of the array): votesCount: invalid type: string \"40\", expected i64"),
        "{err}"
    );
    // a nested field: the path leads to it
    let posts = edited_export(
        "fider/posts.json",
        "posts.json",
        "\"user\": {\"id\": 1, \"name\": \"Jon Snow\"}, \"original\"",
        "\"user\": {\"id\": [1], \"name\": \"Jon Snow\"}, \"original\"",
    );
    let file = posts.path().join("posts.json");
    let err = refused(
        &f,
        &["import", "fider", file.to_str().unwrap(), "--owner", "jon"],
    );
    assert!(
        err.contains("(item 3 of the array): response.user.id: invalid type: sequence, expected a whole number or a string"),
        "{err}"
    );
}

#[test]
fn canny_cell_of_the_wrong_type_names_its_column_and_record() {
    let f = site();
    let csv = edited_export(
        "canny/posts.csv",
        "posts.csv",
        "for night work.\",under review,25,",
        "for night work.\",under review,lots,",
    );
    let file = csv.path().join("posts.csv");
    let err = refused(&f, &["import", "canny", file.to_str().unwrap()]);
    assert!(
        err.contains("posts.csv: record at line 2: column `Votes`: `lots` is not a whole number"),
        "{err}"
    );
}

#[test]
fn github_field_of_the_wrong_type_names_its_path_and_discussion() {
    let f = site();
    let json = edited_export(
        "github/discussions.json",
        "discussions.json",
        "\"upvoteCount\": 17,",
        "\"upvoteCount\": \"17\",",
    );
    let file = json.path().join("discussions.json");
    let err = refused(&f, &["import", "github", file.to_str().unwrap()]);
    assert!(
        err.contains("discussions.json: discussion #20: upvoteCount: invalid type: string \"17\", expected i64"),
        "{err}"
    );
    // in a comment: the path leads to it
    let json = edited_export(
        "github/discussions.json",
        "discussions.json",
        "\"createdAt\": \"2025-02-02T08:00:00Z\"",
        "\"createdAt\": \"soon\"",
    );
    let file = json.path().join("discussions.json");
    let err = refused(&f, &["import", "github", file.to_str().unwrap()]);
    assert!(
        err.contains(
            "discussions.json: discussion #12: comments.nodes[1].createdAt: `soon` is not a date"
        ),
        "{err}"
    );
}

#[test]
fn discourse_field_of_the_wrong_type_names_its_path_and_topic() {
    let f = site();
    let dir = edited_export(
        "discourse",
        "t/101.json",
        "\"post_number\": 3, \"post_type\": 1,",
        "\"post_number\": 3, \"post_type\": \"1\",",
    );
    let err = refused(&f, &["import", "discourse", dir.path().to_str().unwrap()]);
    assert!(
        err.contains("101.json: topic 101: post_stream.posts[2].post_type: invalid type: string \"1\", expected i64"),
        "{err}"
    );
    // `null` is taken for missing: a reply without its date
    let dir = edited_export(
        "discourse",
        "t/101.json",
        "\"created_at\": \"2024-05-02T09:00:00.000Z\"",
        "\"created_at\": null",
    );
    let err = refused(&f, &["import", "discourse", dir.path().to_str().unwrap()]);
    assert!(
        err.contains("101.json: topic 101: post 3: no `created_at`"),
        "{err}"
    );
    let dir = edited_export(
        "discourse",
        "t/101.json",
        "\"username\": null",
        "\"username\": 12",
    );
    let err = refused(&f, &["import", "discourse", dir.path().to_str().unwrap()]);
    assert!(
        err.contains("topic 101: post_stream.posts[1].username: invalid type: integer `12`, expected a string"),
        "{err}"
    );
    let dir = edited_export("discourse", "latest.json", "\"tags\": [", "\"tags\": [7, ");
    let err = refused(&f, &["import", "discourse", dir.path().to_str().unwrap()]);
    assert!(
        err.contains("latest.json: topic_list.topics[0].tags[0]: invalid type: integer `7`, expected a tag name or an object with a `name`"),
        "{err}"
    );
}
