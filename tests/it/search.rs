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
    if let Some(lang) = q["lang"].as_str() {
        args.push("--lang".into());
        args.push(lang.to_string());
    }
    if let Some(limit) = q["limit"].as_u64() {
        args.push("--limit".into());
        args.push(limit.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = f.run(&args);
    out.ok();
    let hits: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    Value::Array(
        hits.into_iter()
            .map(|h| {
                json!({
                    "title": h["title"], "url": h["url"], "kind": h["kind"], "tags": h["tags"],
                    "status": h["status"], "score": h["score"], "link": h["link"],
                    "heading": h["heading"], "snippet": h["snippet"],
                })
            })
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
    // stemming: other forms of indexed words
    "refunding",
    "refunded orders",
    "invoicing",
    "exported",
    "exporting",
    "passwords",
    "resetting",
    "taxes",
    "printing",
    "roles",
    "modes",
    // typos: one edit (two from eight letters)
    "refnd",
    "invoise",
    "pasword reset",
    "exprot",
    "webhoks",
    "notifcations",
    "accomodation",
    // the fallback: some words match, not all
    "refund blockchain",
    "dark mode printing",
    "how long does a refund take to arrive",
    "can I get my money back",
    "export invoices to csv and print them",
    // prefixes of stems, words that are stop words only in part
    "refu",
    "invoic",
    "constructor",
    "__proto__",
];

/// The relevance suite: (query, URL that must be in the top three).
fn relevance_suite() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/relevance.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (q, url) = l.split_once('\t').unwrap();
            (q.to_string(), url.to_string())
        })
        .collect()
}

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
    queries.push(json!({"query": "refund blockchain", "kind": "idea"}));
    assert!(queries.len() >= 50);
    assert_parity(&f, &queries);
}

#[test]
fn browser_runtime_and_cli_agree_on_the_relevance_suite() {
    let f = Fixture::new("search-relevance");
    f.build(&[]).ok();
    let mut queries: Vec<Value> = relevance_suite()
        .into_iter()
        .map(|(q, _)| json!({"query": q}))
        .collect();
    queries.push(json!({"query": "fridge", "kind": "question", "limit": 50}));
    queries.push(json!({"query": "fridg", "tag": "food", "limit": 50}));
    queries.push(json!({"query": "app", "status": "open"}));
    // long lists: the order past the proximity rerank (the first eight) too
    queries.push(json!({"query": "fridge", "limit": 50}));
    queries.push(json!({"query": "water filter fridge", "limit": 50}));
    queries.push(json!({"query": "warranty refund app", "limit": 50}));
    assert_parity(&f, &queries);
}

/// Runs `queries` through search.js (in node) and `townhall search`: the
/// lists (in ranking order), scores, links and snippets must be identical;
/// most queries find something, and a third at least find three pages.
fn assert_parity(f: &Fixture, queries: &[Value]) {
    let (non_empty, ordered) = compare_with_browser(f, queries);
    assert!(
        ordered * 3 > queries.len(),
        "most lists have an order to check"
    );
    assert!(
        non_empty * 4 > queries.len() * 3,
        "most queries find something ({non_empty} of {})",
        queries.len()
    );
}

/// `assert_parity`'s comparison: how many lists had a page, and how many
/// three or more. A query's `lang` is passed to `townhall search --lang`,
/// its `base` (that language's folder) to the browser runtime.
pub(crate) fn compare_with_browser(f: &Fixture, queries: &[Value]) -> (usize, usize) {
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
    assert_eq!(browser.len(), queries.len());
    let mut non_empty = 0;
    let mut ordered = 0;
    for (q, js) in queries.iter().zip(&browser) {
        let rust = rust_search(f, q);
        // whole lists compared: the same pages in the same order
        assert_eq!(&rust, js, "query {q}");
        let hits = js.as_array().unwrap();
        non_empty += usize::from(!hits.is_empty());
        ordered += usize::from(hits.len() >= 3);
    }
    (non_empty, ordered)
}

#[test]
fn the_relevance_suite_finds_each_page_in_the_top_three() {
    let f = Fixture::new("search-relevance");
    let suite = relevance_suite();
    assert!(suite.len() >= 60);
    let mut misses = Vec::new();
    for (query, expected) in &suite {
        let hits = rust_search(&f, &json!({"query": query}));
        let urls: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|h| h["url"].as_str().unwrap())
            .collect();
        if !urls.contains(&expected.as_str()) {
            misses.push(format!("{query:?}: expected {expected} in {urls:?}"));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} missed:\n{}",
        misses.len(),
        suite.len(),
        misses.join("\n")
    );
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
    // typos: "githb pages" finds GitHub Pages, through a one-edit match
    f.write(
        "content/guides/help/github-pages.md",
        "---\ntitle: Publishing on GitHub Pages\n---\nPush the site to a gh-pages branch.\n",
    );
    assert_eq!(first("githb pages"), "/guides/help/github-pages/");
    assert_eq!(first("githb"), "/guides/help/github-pages/");
    // stems: any form of a word finds the others
    assert_eq!(first("publishes"), "/guides/help/github-pages/");
    // the fallback: no page has both words, so pages with either follow,
    // the rarer word's page first
    let urls = |q: &str| -> Vec<String> {
        rust_search(&f, &json!({"query": q}))
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["url"].as_str().unwrap().to_string())
            .collect()
    };
    let both = urls("zebra invoices");
    assert_eq!(both[0], "/guides/billing/zebra/", "{both:?}");
    assert!(both.contains(&"/guides/billing/invoices/".to_string()));
    // a heading match outranks a body match of the same word
    f.write(
        "content/guides/help/heading.md",
        "---\ntitle: Heading page\n---\n## Quokka care\n\nText.\n",
    );
    f.write(
        "content/guides/help/body.md",
        "---\ntitle: Body page\n---\nA quokka is mentioned here.\n",
    );
    assert_eq!(first("quokka"), "/guides/help/heading/");
    let hit = &rust_search(&f, &json!({"query": "quokka"}))[0];
    assert_eq!(hit["link"], "/guides/help/heading/#quokka-care");
    assert_eq!(hit["heading"], "Quokka care");
}

#[test]
fn index_files_are_content_hashed_and_public_only() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let manifest: Value = serde_json::from_str(&f.read("search/manifest.json")).unwrap();
    assert_eq!(manifest["version"], 4);
    assert_eq!(manifest["avg"].as_array().map(Vec::len), Some(2));
    assert_eq!(manifest["stem"], "en");
    // one shard per key, numbered in the key list's order, in a folder
    // named after all of them
    let shards = manifest["shards"].as_str().unwrap();
    assert!(shards.starts_with("s.") && shards.len() == 18, "{shards}");
    let keys = manifest["keys"].as_array().unwrap();
    assert!(keys.len() > 20);
    for (i, key) in keys.iter().enumerate() {
        let bytes = std::fs::read(f.out().join(format!("search/{shards}/{i}.bin"))).unwrap();
        let terms = townhall::index::search::decode_shard(&bytes).unwrap();
        let key = key.as_str().unwrap();
        assert!(
            terms.keys().all(|t| t[1..].starts_with(key)),
            "{key}: {terms:?}"
        );
    }
    assert!(!f.exists(&format!("search/{shards}/{}.bin", keys.len())));
    for name in [&manifest["table"], &manifest["facets"]] {
        let name = name.as_str().unwrap();
        assert!(
            name.len() > 20 && f.exists(&format!("search/{name}")),
            "{name}"
        );
    }
    // one file per document, in a folder named after all of them
    let folder = manifest["folder"].as_str().unwrap();
    assert!(folder.starts_with("p.") && folder.len() == 18, "{folder}");
    let count = manifest["docs"].as_u64().unwrap() as usize;
    assert!(count > 20);
    let docs: Vec<Value> = (0..count)
        .map(|id| serde_json::from_str(&f.read(&format!("search/{folder}/{id}.json"))).unwrap())
        .collect();
    assert!(!f.exists(&format!("search/{folder}/{count}.json")));
    let text = serde_json::to_string(&docs).unwrap();
    // drafts, internal pages and duplicates are not indexed
    assert!(!text.contains("Draft guide"));
    assert!(!text.contains("Staff only"));
    assert!(!text.contains("Is a second refund possible?"));
    assert!(!text.contains("Use the app without network"));
    // passages: [anchor, heading, text], short
    let refunds = docs
        .iter()
        .find(|d| d["u"] == "/guides/billing/refunds/")
        .unwrap();
    let passages = refunds["p"].as_array().unwrap();
    assert!(passages.len() >= 2, "{passages:?}");
    assert!(passages
        .iter()
        .any(|p| p[0] == "partial-refunds" && p[1] == "Partial refunds"));
    for p in docs.iter().flat_map(|d| d["p"].as_array().unwrap()) {
        assert!(p[2].as_str().unwrap().chars().count() <= 200, "{p}");
    }
    // a different text renames the folder; the same text keeps it
    f.build(&[]).ok();
    let again: Value = serde_json::from_str(&f.read("search/manifest.json")).unwrap();
    assert_eq!(again["folder"], manifest["folder"]);
    f.write(
        "content/guides/help/new-page.md",
        "---\ntitle: New page\n---\nNew words.\n",
    );
    f.build(&[]).ok();
    let changed: Value = serde_json::from_str(&f.read("search/manifest.json")).unwrap();
    assert_ne!(changed["folder"], manifest["folder"]);
}

/// Damaged index files are errors in both readers (townhall's and the
/// browser's), never a crash or a silently wrong list; a manifest of
/// another format is refused by the browser with its format in the message.
#[test]
fn damaged_index_files_are_reported_by_both_readers() {
    use std::collections::BTreeMap;
    use townhall::index::search::{decode_shard, decode_table, encode_shard, encode_table};
    let ids: Vec<u32> = vec![1, 300, 70_000];
    let shard = encode_shard(&[("Brefund", &ids[..]), ("Trefund", &[2][..])]);
    let table = encode_table(&[(2, 14), (300, 17), (1, 0)]);
    let dir = tempfile::tempdir().unwrap();
    let mut expect_ok = Vec::new();
    let mut write = |name: String, bytes: &[u8], ok: bool| {
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        if ok {
            expect_ok.push(name);
        }
    };
    write("whole.bin".into(), &shard, true);
    write("whole.table".into(), &table, true);
    for end in 0..shard.len() {
        assert!(decode_shard(&shard[..end]).is_err(), "shard cut at {end}");
        write(format!("cut{end:02}.bin"), &shard[..end], false);
    }
    for end in 0..table.len() {
        assert!(decode_table(&table[..end]).is_err(), "table cut at {end}");
        write(format!("cut{end:02}.table"), &table[..end], false);
    }
    let mut longer = shard.clone();
    longer.push(0);
    assert!(decode_shard(&longer).is_err());
    write("longer.bin".into(), &longer, false);
    let mut bad_utf8 = shard.clone();
    bad_utf8[6] = 0xff; // the first byte of the first term
    assert!(decode_shard(&bad_utf8).is_err());
    write("utf8.bin".into(), &bad_utf8, false);
    write("old.bin".into(), b"tinysearch\x02\x00", false);
    assert!(decode_shard(b"tinysearch\x02\x00").is_err());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/corrupt.cjs");
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(dir.path())
        .output()
        .expect("node runs the browser runtime");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: BTreeMap<String, String> = serde_json::from_slice(&out.stdout).unwrap();
    for (name, result) in &results {
        if expect_ok.contains(name) {
            assert_eq!(result, "ok", "{name}");
        } else if name == "manifest" {
            assert!(
                result.contains("format 3") && result.contains("format 4"),
                "{result}"
            );
        } else {
            assert!(result.starts_with("search: "), "{name}: {result}");
        }
    }
    assert_eq!(
        results.len(),
        expect_ok.len() + shard.len() + table.len() + 4
    );
}

/// A group of words too large for one shard is split by three characters;
/// exact words, prefixes of two and three characters and typos (which look
/// through the whole group) still give the browser the command's results.
#[test]
fn browser_and_cli_agree_on_a_split_shard() {
    const WORDS: [&str; 40] = [
        "refund", "return", "record", "release", "remote", "repair", "reply", "report", "request",
        "reset", "resolve", "result", "retry", "review", "revoke", "reward", "rebuild", "recover",
        "redirect", "reduce", "refresh", "region", "register", "reject", "relay", "reload",
        "remove", "rename", "render", "reorder", "repeat", "replace", "replica", "repo", "require",
        "rescue", "reserve", "resize", "restore", "retain",
    ];
    let f = Fixture::new("search");
    for i in 0..800usize {
        let body: Vec<String> = (0..15)
            .map(|k| {
                let word = WORDS[(i * 7 + k * k * 3) % WORDS.len()];
                // some words more than once, for the body's count classes
                vec![word; 1 + (i + k) % 4].join(" ")
            })
            .collect();
        f.write(
            &format!("content/guides/help/bulk-{i}.md"),
            &format!(
                "---\ntitle: Bulk {} {}\ntags: [{}]\n---\n{}.\n",
                WORDS[i % WORDS.len()],
                WORDS[(i / 3) % WORDS.len()],
                ["billing", "accounts", "api", "mobile"][i % 4],
                body.join(" and ")
            ),
        );
    }
    f.build(&[]).ok();
    let manifest: Value = serde_json::from_str(&f.read("search/manifest.json")).unwrap();
    let split = manifest["split"].as_array().unwrap();
    assert!(split.contains(&json!("re")), "{split:?}");
    let queries: Vec<Value> = [
        "refund",
        "ref",
        "re",
        "re ",
        "r",
        "restor",
        "refnud",
        "regoin",
        "recovr",
        // typos in the third character: the word is in another file of the group
        "revund",
        "rekord",
        "render release",
        "request reset ",
        "repo",
        "rep",
        "reward bulk",
        "xyzzy refund",
    ]
    .iter()
    .map(|q| json!({"query": q}))
    .chain([
        json!({"query": "refund", "tag": "api"}),
        json!({"query": "rel", "limit": 50}),
    ])
    .collect();
    assert_parity(&f, &queries);
}
