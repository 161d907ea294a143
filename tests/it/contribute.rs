//! Writers' tools: `townhall new` and `townhall erase`.

use crate::harness::Fixture;

#[test]
fn new_creates_each_kind_at_the_right_path_and_refuses_to_overwrite() {
    let f = Fixture::new("qa");
    let run = |args: &[&str]| {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--author", "ann", "--today", "2026-11-25"]);
        f.run(&all)
    };
    let out = run(&["guide", "Partial refunds: how?", "--section", "billing"]);
    out.ok();
    assert_eq!(
        out.stdout.trim(),
        "content/guides/billing/partial-refunds-how.md"
    );
    let out = run(&["question", "Where is my invoice?"]);
    assert_eq!(
        out.stdout.trim(),
        "content/questions/where-is-my-invoice/index.md"
    );
    let out = run(&[
        "answer",
        "Look under Billing.",
        "--question",
        "where-is-my-invoice",
    ]);
    assert_eq!(
        out.stdout.trim(),
        "content/questions/where-is-my-invoice/answers/ann.md"
    );
    let again = run(&[
        "answer",
        "Also in the e-mail.",
        "--question",
        "where-is-my-invoice",
    ]);
    assert_eq!(
        again.stdout.trim(),
        "content/questions/where-is-my-invoice/answers/ann-2.md"
    );
    let out = run(&["idea", "Invoices in Swedish"]);
    assert_eq!(out.stdout.trim(), "ideas/invoices-in-swedish.md");
    let idea = f.file("ideas/invoices-in-swedish.md");
    assert!(
        idea.contains("submitted: 2026-11-25\nauthor: \"ann\""),
        "{idea}"
    );
    let clash = run(&["idea", "Invoices in Swedish"]);
    assert_eq!(clash.code, 2);
    assert!(clash.stderr.contains("already exists"), "{}", clash.stderr);
    let orphan = run(&["answer", "x", "--question", "nope"]);
    assert_eq!(orphan.code, 2);
    // everything created builds
    f.build(&[]).ok();
    assert!(f.exists("questions/where-is-my-invoice/index.html"));
    assert!(f.exists("guides/billing/partial-refunds-how/index.html"));
}

#[test]
fn erase_lists_then_replaces_every_trace_and_keeps_votes_and_accepted_answers() {
    let f = Fixture::new("ideas");
    // the same member asks, answers (accepted), votes, owns and is mentioned
    f.write(
        "content/questions/q/index.md",
        "---\ntitle: Q\nasked: 2026-01-01\nasked_by: gus\naccepted: gus\n---\nHi.\n",
    );
    f.write("content/questions/q/answers/gus.md", "---\nauthor: gus\ndate: 2026-01-02\nvotes: 3\n---\nAnswering myself; thanks @gus-fan and @gus.\n");
    f.write("content/guides/s/_index.md", "---\ntitle: S\n---\n");
    f.write(
        "content/guides/s/g.md",
        "---\ntitle: G\nauthors: [gus, mira]\n---\nWritten by @gus.\n",
    );
    let before: serde_json::Value = {
        f.build(&[]).ok();
        serde_json::from_str(&f.read("ideas.json")).unwrap()
    };
    let list = f.run(&["erase", "gus"]);
    list.ok();
    assert!(
        list.stdout
            .contains("content/questions/q/index.md:4: asked_by: gus"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout
            .contains("ideas/bulk-export.md:12:   up: [cy, di, ed, fa, gus, hal]"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout
            .contains("content/questions/q/answers/gus.md: file name"),
        "{}",
        list.stdout
    );
    f.run(&["erase", "gus", "--apply"]).ok();
    let pseudonym = {
        let out = f.run(&["erase", "gus"]);
        assert!(
            out.stdout.contains("no trace of `gus` found"),
            "{}",
            out.stdout
        );
        let text = f.file("content/questions/q/index.md");
        text.lines()
            .find(|l| l.starts_with("asked_by: "))
            .unwrap()
            .trim_start_matches("asked_by: ")
            .to_string()
    };
    assert!(pseudonym.starts_with("deleted-user-"));
    for entry in walkdir::WalkDir::new(f.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .collect();
        assert!(
            !words.contains(&"gus"),
            "{} still names gus",
            entry.path().display()
        );
    }
    assert!(std::fs::read_to_string(
        f.root()
            .join("content/questions/q/answers/".to_string() + &pseudonym + ".md")
    )
    .unwrap()
    .contains("@gus-fan"));
    f.build(&[]).ok();
    let after: serde_json::Value = serde_json::from_str(&f.read("ideas.json")).unwrap();
    let net = |v: &serde_json::Value| {
        v["ideas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["net"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(net(&before), net(&after), "vote counts unchanged");
    let q = f.page("questions/q/index.html");
    assert_eq!(q.texts(".answer-accepted .handle"), [pseudonym]);
}
