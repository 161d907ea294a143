//! Search: the browser runtime (run in Node) and `townhall search` return
//! the same lists; known queries find their page in the top three.

use crate::harness::Fixture;
use serde_json::{json, Value};

fn rust_search(f: &Fixture, q: &Value) -> Value {
    let mut args = vec![
        "search".to_string(),
        q["query"].as_str().unwrap().to_string(),
        "--format".into(),
        "json".into(),
    ];
    for key in ["kind", "tag", "status"] {
        if let Some(v) = q[key].as_str() {
            args.push(format!("--{key}"));
            args.push(v.to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = f.run(&args);
    out.ok();
    let hits: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    Value::Array(
        hits.into_iter()
            .map(|h| json!({"title": h["title"], "url": h["url"], "kind": h["kind"], "tags": h["tags"], "status": h["status"]}))
            .collect(),
    )
}

const PARITY_QUERIES: &[&str] = &[
    "refund",
    "refunds",
    "ref",
    "re",
    "r",
    "invoice",
    "invo",
    "invoices csv",
    "export",
    "exp",
    "export data",
    "password",
    "pass",
    "reset password",
    "forgotten",
    "locked out",
    "two factor",
    "two-factor",
    "sign",
    "sign-in",
    "dark mode",
    "dark",
    "mobile",
    "offline",
    "single sign",
    "webhooks",
    "web",
    "api",
    "api version",
    "billing",
    "café",
    "cafe",
    "Café-Rechnungen",
    "übersicht",
    "STRASSE",
    "日本語",
    "請求書",
    "naïve",
    "résumé",
    "the",
    "how to",
    "how do i export",
    "what is",
    "a",
    "zzzz",
    "qwertyuiop",
    "refund zzzz",
    "  ",
    "2fa",
    "partial refunds ",
    "full",
    "tax",
    "tax rules",
    "zebra",
    "fax",
    "blockchain",
    "print",
    "csv import",
    "team roles",
];

#[test]
fn browser_runtime_and_cli_agree() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let mut queries: Vec<Value> = PARITY_QUERIES.iter().map(|q| json!({"query": q})).collect();
    queries.push(json!({"query": "invoice", "kind": "idea"}));
    queries.push(json!({"query": "invoice", "kind": "guide"}));
    queries.push(json!({"query": "refund", "tag": "billing"}));
    queries.push(json!({"query": "mode", "status": "open"}));
    queries.push(json!({"query": "sign", "kind": "idea", "status": "in-progress"}));
    assert!(queries.len() >= 50);
    let file = f.root().join("queries.json");
    std::fs::write(&file, serde_json::to_string(&queries).unwrap()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/parity.cjs");
    let node = std::process::Command::new("node")
        .arg(script)
        .arg(f.out())
        .arg(&file)
        .output()
        .expect("node is needed for the search parity test");
    assert!(
        node.status.success(),
        "{}",
        String::from_utf8_lossy(&node.stderr)
    );
    let browser: Vec<Value> = serde_json::from_slice(&node.stdout).unwrap();
    let mut non_empty = 0;
    for (q, js) in queries.iter().zip(&browser) {
        let rust = rust_search(&f, q);
        assert_eq!(&rust, js, "query {q}");
        non_empty += usize::from(!js.as_array().unwrap().is_empty());
    }
    assert!(non_empty > 40, "most queries find something ({non_empty})");
}

/// (query, URL expected in the top three)
const RELEVANCE: &[(&str, &str)] = &[
    ("refunds", "/guides/billing/refunds/"),
    ("refund original payment", "/guides/billing/refunds/"),
    ("partial refund", "/guides/billing/refunds/"),
    ("refund twice", "/questions/refund-twice/"),
    ("invoices", "/guides/billing/invoices/"),
    ("reading an invoice", "/guides/billing/invoices/"),
    ("export invoices csv", "/questions/no-answers/"),
    ("bulk export", "/ideas/bulk-export/"),
    ("export data", "/guides/help/exports/"),
    ("scheduling exports", "/guides/help/exports/"),
    ("reset password", "/guides/help/passwords/"),
    ("forgotten password", "/guides/help/passwords/"),
    ("locked", "/guides/help/passwords/"),
    ("two-factor", "/guides/accounts/two-factor/"),
    ("two factor sign", "/guides/accounts/two-factor/"),
    ("tax", "/guides/billing/advanced/tax/"),
    ("tax rules", "/guides/billing/advanced/tax/"),
    ("zebra", "/guides/billing/zebra/"),
    ("dark mode", "/ideas/dark-mode/"),
    ("offline", "/ideas/offline-mode/"),
    ("single sign-on", "/ideas/sso/"),
    ("webhooks", "/ideas/webhooks-v2/"),
    ("api version", "/questions/tie-votes/"),
    ("fax", "/ideas/old-request/"),
    ("blockchain receipts", "/ideas/blockchain/"),
    ("print", "/ideas/printing/"),
    ("csv import", "/ideas/csv-import/"),
    ("team roles", "/ideas/team-roles/"),
    ("café", "/guides/help/unicode/"),
    ("日本語", "/guides/help/unicode/"),
    ("zahlungs", "/guides/help/unicode/"),
    ("one refund per order", "/questions/refund-twice/"),
];

#[test]
fn known_queries_rank_their_page_in_the_top_three() {
    let f = Fixture::new("search");
    let mut misses = Vec::new();
    for (query, expected) in RELEVANCE {
        let hits = rust_search(&f, &json!({"query": query}));
        let urls: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|h| h["url"].as_str().unwrap())
            .collect();
        if !urls.contains(expected) {
            misses.push(format!("{query:?}: expected {expected} in {urls:?}"));
        }
    }
    assert!(RELEVANCE.len() >= 30);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn ranking_rules() {
    let f = Fixture::new("search");
    let first = |q: &str| {
        rust_search(&f, &json!({"query": q}))[0]["url"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // a title match outranks a body match
    f.write(
        "content/guides/help/mentions.md",
        "---\ntitle: Unrelated page\n---\nThis page mentions invoices in passing.\n",
    );
    assert_eq!(first("invoices"), "/guides/billing/invoices/");
    // exact words outrank prefixes: "tax" is a word in "Tax rules", a prefix of "taxes" elsewhere
    f.write(
        "content/guides/help/taxes.md",
        "---\ntitle: Taxes overview\n---\nOverview.\n",
    );
    assert_eq!(first("tax"), "/guides/billing/advanced/tax/");
    // an accepted answer outranks a better-voted one: only the accepted answer says "official"
    f.write("content/questions/refund-twice/answers/official.md", "---\nauthor: support\ndate: 2026-03-04\nvotes: 0\n---\nThe documented rule: one refund per order.\n");
    f.write(
        "content/questions/other/index.md",
        "---\ntitle: Another thread\nasked: 2026-03-01\nasked_by: x\n---\nQ.\n",
    );
    f.write(
        "content/questions/other/answers/popular.md",
        "---\nauthor: y\ndate: 2026-03-02\nvotes: 99\n---\nThe documented rule says otherwise.\n",
    );
    assert_eq!(first("documented rule"), "/questions/refund-twice/");
}

#[test]
fn index_files_are_content_hashed_and_public_only() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let manifest: Value = serde_json::from_str(&f.read("search/manifest.json")).unwrap();
    assert_eq!(manifest["version"], 1);
    for file in manifest["shards"]
        .as_object()
        .unwrap()
        .values()
        .chain(manifest["chunks"].as_array().unwrap())
    {
        let name = file.as_str().unwrap();
        assert!(
            name.len() > 20 && f.exists(&format!("search/{name}")),
            "{name}"
        );
    }
    // drafts, internal pages and duplicates are not indexed
    let docs: String = manifest["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| f.read(&format!("search/{}", c.as_str().unwrap())))
        .collect();
    assert!(!docs.contains("Draft guide"));
    assert!(!docs.contains("Staff only"));
    assert!(!docs.contains("Is a second refund possible?"));
    assert!(!docs.contains("Use the app without network"));
}
