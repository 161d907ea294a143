//! Fuzz targets as property tests (proptest, stable Rust): front matter,
//! the Markdown -> sanitised HTML path, the idea workflow with `triage
//! --apply`, and the search index writer -> browser reader round trip.
//!
//! Each target first replays its corpus (real files: every fixture site's
//! Markdown, plus reproducers in `tests/fixtures/fuzz/`), then generates
//! inputs until its time budget is spent: `TOWNHALL_FUZZ_SECONDS`, 2 s by
//! default so `cargo test` stays quick; CI runs each for 60 s. A failure is
//! shrunk by proptest, its seed saved in `tests/it/fuzz.proptest-regressions`
//! (replayed first on every later run), and the minimal input printed: keep
//! it as a file in `tests/fixtures/fuzz/<target>/`.

use crate::harness::{fixtures, snapshot};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use townhall::diag::Severity;
use townhall::load::Source;

fn budget() -> Duration {
    let seconds = std::env::var("TOWNHALL_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(seconds)
}

/// Runs `test` on values of `strategy` in rounds of `round` cases (each
/// round from a fresh random seed) until the budget is spent.
fn fuzz<S: Strategy>(
    name: &str,
    round: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let deadline = Instant::now() + budget();
    let mut cases = 0;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: round,
            source_file: Some(file!()),
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
                "proptest-regressions",
            ))),
            ..Config::default()
        });
        if let Err(failure) = runner.run(&strategy, &test) {
            panic!("fuzz target {name} failed: {failure}");
        }
        cases += round;
        if Instant::now() >= deadline {
            break;
        }
    }
    eprintln!("fuzz {name}: {cases} generated cases passed");
}

/// Every Markdown file of the fixture sites and the reproducers for `target`.
fn corpus(target: &str) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = walkdir::WalkDir::new(fixtures())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| {
            let p = e.path().to_string_lossy();
            !p.contains("/fuzz/") || p.contains(&format!("/fuzz/{target}/"))
        })
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            Some((
                e.path().to_path_buf(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        })
        .collect();
    assert!(files.len() > 50, "the corpus is the fixture Markdown");
    files.sort();
    files
}

const KIND_PATHS: &[&str] = &[
    "content/guides/billing/page.md",
    "content/questions/how-to/index.md",
    "content/questions/how-to/answers/ann.md",
    "ideas/an-idea.md",
    "content/_index.md",
];

// ---------------------------------------------------------------- front matter

fn yaml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "(title|description|tags|weight|draft|visibility|updated|aliases|authors|asked|author|accepted|duplicate_of|votes|date|submitted|status|owner|history|voters|extra): [^\n]{0,24}",
        "[a-z_]{1,8}: \\[[^\n\\]]{0,16}\\]",
        "  - [^\n]{0,16}",
        "  - \\{date: 20[0-9]{2}-[0-9]{2}-[0-9]{2}, status: [a-z-]{0,12}, note: [^\n]{0,8}\\}",
        "[a-z]{1,6}: &[a-z] \\[\\*[a-z], \\*[a-z]\\]",
        "votes: \\{up: -?[0-9]{1,20}, down: -?[0-9]{1,20}\\}",
        "[\\PC\t\u{0}\r]{0,30}",
        Just("---".to_string()),
        Just("...".to_string()),
    ]
}

fn front_matter_file() -> impl Strategy<Value = (usize, String)> {
    (
        0..KIND_PATHS.len(),
        prop_oneof![Just(""), Just("\u{feff}"), Just(" ")],
        any::<bool>(),
        prop::collection::vec(yaml_line(), 0..14),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        any::<bool>(),
        "[\\PC\n]{0,80}",
    )
        .prop_map(|(kind, bom, open, lines, eol, close, body)| {
            let mut text = String::from(bom);
            if open {
                text.push_str("---");
                text.push_str(eol);
            }
            for line in lines {
                text.push_str(&line);
                text.push_str(eol);
            }
            if close {
                text.push_str("---");
                text.push_str(eol);
            }
            text.push_str(&body);
            (kind, text)
        })
}

/// Parsing never panics, and every diagnostic points inside the file.
fn check_parse(path: &str, text: &str) -> Result<(), TestCaseError> {
    let source = Source {
        path: PathBuf::from(path),
        text: text.into(),
    };
    let (_, diagnostics) = townhall::parse::parse_one(&source);
    let lines = text.split(['\n', '\r']).count() + 1;
    for d in &diagnostics {
        prop_assert_eq!(&d.path, &source.path);
        if let Some(span) = d.span {
            prop_assert!(
                span.line >= 1 && span.line <= lines,
                "{:?} in {:?}",
                d,
                text
            );
            prop_assert!(span.column >= 1, "{:?}", d);
        }
        prop_assert!(!d.message.is_empty());
    }
    Ok(())
}

#[test]
fn fuzz_front_matter() {
    for (file, text) in corpus("front_matter") {
        for path in KIND_PATHS {
            check_parse(path, &text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
    }
    fuzz("front_matter", 256, front_matter_file(), |(kind, text)| {
        check_parse(KIND_PATHS[kind], &text)
    });
}

// ---------------------------------------------------------------- markdown

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Title".to_string()),
        Just("## Part {#custom}".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](JaVa\tScRiPt:alert(1))".to_string()),
        Just("[x](  javascript&#58;alert(1))".to_string()),
        Just("<a href=\"java&#x09;script:alert(1)\">a</a>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<svg><g onload=alert(1)></g></svg>".to_string()),
        Just("<iframe src=\"https://x.test\"></iframe>".to_string()),
        Just("<style>body{}</style>".to_string()),
        Just("<form action=x><input></form>".to_string()),
        Just("![i](data:text/html,<script>x</script>)".to_string()),
        Just("![i](vbscript:x)".to_string()),
        Just("<div style=\"background:url(javascript:x)\">d</div>".to_string()),
        Just("<details open ontoggle=alert(1)><summary>s</summary></details>".to_string()),
        Just("```js\nlet a = '<script>';\n```".to_string()),
        Just("```\nplain\n```".to_string()),
        Just("> [!WARNING]\n> careful".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
        Just("- [ ] task\n- [x] done".to_string()),
        Just("Text[^1].\n\n[^1]: The note.".to_string()),
        Just("[ref]\n\n[ref]: javascript:alert(1)".to_string()),
        Just("<https://example.com/a?b=<c>>".to_string()),
        Just("~~gone~~ *em* **strong** `code`".to_string()),
        "[a-z <>&\"'=:/()\\[\\]!#*_`-]{0,40}",
        "[\\PC]{0,20}",
    ]
}

fn markdown_body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            markdown_piece(),
            prop_oneof![Just("\n\n"), Just("\n"), Just(" ")],
        ),
        0..12,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, sep)| p + sep).collect())
}

/// Renders `body` as public content and as a guide; no script, no event
/// attribute and no dangerous URL may come out.
fn check_markdown(body: &str) -> Result<(), TestCaseError> {
    use townhall::render::markdown::{to_html, RenderInput};
    use townhall::render::sanitize::{is_dangerous_url, Policy};
    let path = Path::new("content/questions/q/index.md");
    let (scanned, _) = townhall::parse::markdown::scan(path, &std::sync::Arc::from(body), 0);
    // Link rewriting as the resolver does it: links into the site become
    // page URLs (from the site's own tables); anything else stays as written
    // and is the renderer's to filter.
    let links: BTreeMap<String, String> = scanned
        .links
        .iter()
        .filter(|l| !townhall::resolve::links::is_external(l.dest.trim()))
        .map(|l| (l.dest.clone(), "/guides/page/".to_string()))
        .collect();
    for policy in [Policy::Public, Policy::Guide] {
        let html = to_html(&RenderInput {
            text: body,
            headings: &scanned.headings,
            links: &links,
            policy,
            highlight: true,
            words: &Default::default(),
        });
        let doc = scraper::Html::parse_fragment(&html);
        for node in doc.root_element().descendants() {
            let Some(element) = node.value().as_element() else {
                continue;
            };
            let name = element.name();
            prop_assert!(
                !["script", "iframe", "object", "embed", "style", "form", "base", "meta"]
                    .contains(&name),
                "<{}> got through ({:?}): {}",
                name,
                policy,
                html
            );
            for (attr, value) in element.attrs() {
                prop_assert!(
                    !attr.to_ascii_lowercase().starts_with("on"),
                    "event attribute {} ({:?}): {}",
                    attr,
                    policy,
                    html
                );
                if ["href", "src", "action", "formaction", "xlink:href"].contains(&attr) {
                    prop_assert!(
                        !is_dangerous_url(value, name == "img" && attr == "src"),
                        "dangerous {}={:?} ({:?}): {}",
                        attr,
                        value,
                        policy,
                        html
                    );
                }
                prop_assert!(attr != "style" || policy == Policy::Guide || !value.contains("url("));
            }
        }
    }
    Ok(())
}

#[test]
fn fuzz_markdown_render_and_sanitise() {
    for (file, text) in corpus("markdown") {
        check_markdown(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    fuzz("markdown", 128, markdown_body(), |body| {
        check_markdown(&body)
    });
}

// ---------------------------------------------------------------- workflow

const STATUSES: &[&str] = &[
    "open",
    "under-review",
    "planned",
    "in-progress",
    "shipped",
    "declined",
    "archived",
];

#[derive(Debug, Clone)]
struct IdeaCase {
    submitted: (i32, u32, u32),
    status: usize,
    up: i64,
    down: i64,
    voters_up: Vec<String>,
    history_style: u8,
    owner: bool,
}

fn idea_case() -> impl Strategy<Value = IdeaCase> {
    (
        (2024..2028i32, 1..13u32, 1..29u32),
        prop_oneof![4 => Just(0usize), 1 => 0..STATUSES.len()],
        prop_oneof![-5i64..300, any::<i64>().prop_map(|v| v / 4)],
        prop_oneof![0i64..50, any::<i64>().prop_map(|v| v / 4)],
        prop::collection::btree_set("[a-z][a-z0-9]{0,5}", 0..8),
        0..4u8,
        any::<bool>(),
    )
        .prop_map(
            |(submitted, status, up, down, voters, history_style, owner)| IdeaCase {
                submitted,
                status,
                up,
                down,
                voters_up: voters.into_iter().collect(),
                history_style,
                owner,
            },
        )
}

impl IdeaCase {
    fn text(&self) -> String {
        let (y, m, d) = self.submitted;
        let date = format!("{y:04}-{m:02}-{d:02}");
        let status = STATUSES[self.status];
        let mut t = format!(
            "---\ntitle: An idea\nsubmitted: {date}\nauthor: ann\nstatus: {status}\nvotes: {{up: {}, down: {}}}\n",
            self.up, self.down
        );
        if !self.voters_up.is_empty() {
            t.push_str(&format!(
                "voters: {{up: [{}]}}\n",
                self.voters_up.join(", ")
            ));
        }
        if self.owner || status != "open" {
            t.push_str("owner: olga\n");
        }
        match self.history_style {
            0 => {}
            1 => t.push_str(&format!(
                "history: [{{date: {date}, status: open, note: Submitted}}]\n"
            )),
            2 => t.push_str(&format!(
                "history:\n  - {{date: {date}, status: open, note: Submitted}}\n"
            )),
            _ => t.push_str(&format!(
                "history:\n- date: {date}\n  status: open\n  note: Submitted # a comment\n"
            )),
        }
        t.push_str("---\nWhat the idea is.\n");
        t
    }
}

fn workflow_site() -> impl Strategy<Value = (Vec<IdeaCase>, (i32, u32, u32), u32, i64)> {
    (
        prop::collection::vec(idea_case(), 1..6),
        (2024..2029i32, 1..13u32, 1..29u32),
        prop_oneof![Just(90u32), 1..400u32],
        prop_oneof![Just(100i64), 1..500i64],
    )
}

fn triage_once(root: &Path, today: townhall::clock::Date) -> Result<Vec<String>, String> {
    use townhall::resolve::{BuildOptions, Profile};
    let options = BuildOptions {
        today,
        drafts: true,
        profile: Profile::Internal,
        base_url: None,
    };
    let (site, diagnostics) =
        townhall::pipeline::resolve_only(root, options).map_err(|d| format!("{d:?}"))?;
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err("errors".into());
    }
    let mut applied = Vec::new();
    for t in townhall::ideas::triage::due(&site) {
        let path = root.join(&t.path);
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let new = townhall::ideas::triage::apply(&text, &t, today)?;
        std::fs::write(&path, new).map_err(|e| e.to_string())?;
        applied.push(t.slug);
    }
    Ok(applied)
}

/// Arbitrary ideas never panic the workflow, and applying triage twice
/// changes nothing the second time; an applied site still resolves cleanly.
fn check_workflow(
    (ideas, today, window, threshold): (Vec<IdeaCase>, (i32, u32, u32), u32, i64),
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        format!("title = \"Fuzz\"\nbase_url = \"https://fuzz.test\"\n\n[ideas]\nvote_threshold = {threshold}\nvoting_window_days = {window}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("ideas")).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    for (i, idea) in ideas.iter().enumerate() {
        std::fs::write(root.join(format!("ideas/idea-{i}.md")), idea.text()).unwrap();
    }
    let today =
        townhall::clock::parse_date(&format!("{:04}-{:02}-{:02}", today.0, today.1, today.2))
            .unwrap();
    let before = snapshot(&root.join("ideas"));
    match triage_once(root, today) {
        // Content the checks refuse (the generator makes some on purpose) is
        // not triaged; what matters is that it did not panic.
        Err(e) if e == "errors" => return Ok(()),
        Ok(applied) if !applied.is_empty() => {
            TRIAGED.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => return Err(TestCaseError::fail(format!("first triage: {e}"))),
        Ok(_) => {}
    }
    let once = snapshot(&root.join("ideas"));
    let again = triage_once(root, today).map_err(|e| {
        let show = |files: &[(String, Vec<u8>)]| {
            files
                .iter()
                .map(|(path, bytes)| format!("{path}:\n{}", String::from_utf8_lossy(bytes)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        TestCaseError::fail(format!(
            "second triage: {e}\n{}\nfrom\n{}",
            show(&once),
            show(&before)
        ))
    })?;
    prop_assert!(again.is_empty(), "second triage applied {:?}", again);
    prop_assert_eq!(once, snapshot(&root.join("ideas")));
    Ok(())
}

static TRIAGED: AtomicUsize = AtomicUsize::new(0);

#[test]
fn fuzz_idea_workflow_and_triage_idempotence() {
    // Not vacuous: many generated sites were valid and had transitions due.
    // A loaded machine gets through fewer cases in the budget, so the
    // target runs again (a few times at most) until enough were triaged.
    for _ in 0..6 {
        fuzz("workflow", 32, workflow_site(), check_workflow);
        if TRIAGED.load(Ordering::Relaxed) >= 5 {
            break;
        }
    }
    let triaged = TRIAGED.load(Ordering::Relaxed);
    assert!(
        triaged >= 5,
        "only {triaged} generated sites had transitions applied"
    );
}

// ---------------------------------------------------------------- search

#[derive(Debug, Clone)]
struct ShardCase {
    /// Per document, its title length and body length class.
    docs: Vec<(u32, u32)>,
    postings: BTreeMap<String, BTreeSet<u32>>,
}

fn shard_case() -> impl Strategy<Value = ShardCase> {
    let doc = (0..300u32, 0..90u32);
    prop::collection::vec(doc, 1..40).prop_flat_map(|docs| {
        let n = docs.len() as u32;
        let term = ("[THBCDE]", "[\\p{L}\\p{N}]{1,14}").prop_map(|(f, t)| f + &t);
        // ids spread far apart too, so deltas take several bytes
        let id = prop_oneof![0..n, (0..n).prop_map(|i| i * 40_000)];
        (
            Just(docs),
            prop::collection::btree_map(term, prop::collection::btree_set(id, 1..8), 0..60),
        )
            .prop_map(|(docs, postings)| ShardCase { docs, postings })
    })
}

/// Encodes every case as a shard and a document table and decodes them with
/// the browser runtime (search.js, in node) and with townhall's reader:
/// terms, posting lists and each document's statistics must survive.
fn check_search_round_trip(cases: Vec<ShardCase>) -> Result<(), TestCaseError> {
    use townhall::index::search::{decode_shard, decode_table, encode_shard, encode_table};
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let lists: Vec<(String, Vec<u32>)> = case
            .postings
            .iter()
            .map(|(t, ids)| (t.clone(), ids.iter().copied().collect()))
            .collect();
        let pairs: Vec<(&str, &[u32])> = lists
            .iter()
            .map(|(t, ids)| (t.as_str(), ids.as_slice()))
            .collect();
        let shard = encode_shard(&pairs);
        let table = encode_table(&case.docs);
        let terms: BTreeMap<String, Vec<u32>> = lists.into_iter().collect();
        prop_assert_eq!(decode_shard(&shard), Ok(terms.clone()));
        prop_assert_eq!(decode_table(&table), Ok(case.docs.clone()));
        std::fs::write(dir.path().join(format!("{i}.bin")), shard).unwrap();
        std::fs::write(dir.path().join(format!("{i}.table")), table).unwrap();
        let docs: Vec<[u32; 2]> = case.docs.iter().map(|&(n, c)| [n, c]).collect();
        expected.push(serde_json::json!({"terms": terms, "docs": docs}));
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/decode.cjs");
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(dir.path())
        .arg(cases.len().to_string())
        .output()
        .expect("node is needed for the search round-trip target");
    prop_assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoded: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    for (i, (want, got)) in expected.iter().zip(&decoded).enumerate() {
        prop_assert_eq!(want, got, "shard {}: {:?}", i, cases[i]);
    }
    Ok(())
}

#[test]
fn fuzz_search_index_round_trip() {
    // Many shards per node run: starting node dominates otherwise.
    fuzz(
        "search",
        4,
        prop::collection::vec(shard_case(), 50),
        check_search_round_trip,
    );
}
