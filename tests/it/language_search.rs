//! Search on a multilingual site (issue 23): one index per language, each
//! stemmed and stop-worded for its language, searched by `townhall search
//! --lang` and by the browser on that language's pages with the same
//! results.

use crate::harness::{snapshot, Fixture};
use crate::search::compare_with_browser;
use serde_json::{json, Value};

fn built() -> Fixture {
    let f = Fixture::new("languages");
    f.build(&[]).ok();
    f
}

fn search(f: &Fixture, query: &str, lang: &str) -> Vec<Value> {
    let out = f.run(&["search", query, "--lang", lang, "--format", "json"]);
    out.ok();
    serde_json::from_str(&out.stdout).unwrap()
}

fn urls(hits: &[Value]) -> Vec<&str> {
    hits.iter().map(|h| h["url"].as_str().unwrap()).collect()
}

#[test]
fn each_language_has_its_stemmer_and_stop_words_in_its_manifest() {
    let f = built();
    let manifest = |path: &str| -> Value { serde_json::from_str(&f.read(path)).unwrap() };
    let en = manifest("search/manifest.json");
    let fr = manifest("fr/search/manifest.json");
    let ar = manifest("ar/search/manifest.json");
    assert_eq!(en["stem"], "en");
    assert_eq!(fr["stem"], "fr");
    assert_eq!(ar["stem"], "ar");
    let stop = |m: &Value, word: &str| m["stop"].as_array().unwrap().contains(&json!(word));
    assert!(stop(&en, "the") && !stop(&en, "les"));
    assert!(stop(&fr, "les") && stop(&fr, "qu") && !stop(&fr, "the"));
    assert!(stop(&ar, "في") && !stop(&ar, "the"));
}

#[test]
fn pages_load_the_browser_stemmer_of_their_language_only() {
    let f = built();
    let scripts = |path: &str| f.page(path).attrs("script[src]", "src");
    let stemmer = |path: &str| -> Vec<String> {
        scripts(path)
            .into_iter()
            .filter(|s| s.contains("/stem-"))
            .collect()
    };
    assert_eq!(
        stemmer("guides/billing/refunds/index.html"),
        Vec::<String>::new()
    );
    let fr = stemmer("fr/guides/billing/refunds/index.html");
    assert_eq!(fr.len(), 1);
    assert!(fr[0].starts_with("/assets/stem-fr.js?v="), "{fr:?}");
    assert_eq!(stemmer("fr/search/index.html"), fr);
    let ar = stemmer("ar/index.html");
    assert_eq!(ar.len(), 1);
    assert!(ar[0].starts_with("/assets/stem-ar.js?v="), "{ar:?}");
    // after search.js, which it registers with, and before the search box
    let all = scripts("fr/index.html");
    let at = |name: &str| all.iter().position(|s| s.contains(name)).unwrap();
    assert!(at("/search.js") < at("/stem-fr.js") && at("/stem-fr.js") < at("/search-ui.js"));
    assert!(f.exists("assets/stem-fr.js") && f.exists("assets/stem-ar.js"));
    // an English site ships neither
    let english = Fixture::new("search");
    english.build(&[]).ok();
    assert!(english.exists("assets/search.js"));
    assert!(!english.exists("assets/stem-fr.js") && !english.exists("assets/stem-ar.js"));
}

#[test]
fn inflected_french_and_arabic_queries_find_their_pages_by_stem() {
    use townhall::index::search::tokenize;
    let f = built();
    for (lang, query, url, source) in [
        // "we refund": the page says "remboursement(s)"
        (
            "fr",
            "remboursons",
            "/fr/guides/billing/refunds/",
            "content/guides/billing/refunds.fr.md",
        ),
        // "forgotten" in the plural: the question says "oublié"
        (
            "fr",
            "oubliés",
            "/fr/questions/reset-password/",
            "content/questions/reset-password/index.fr.md",
        ),
        // "amounts" without the article: the title says "المبالغ"
        (
            "ar",
            "مبالغ",
            "/ar/guides/billing/refunds/",
            "content/guides/billing/refunds.ar.md",
        ),
        // "refunded" in the masculine: the title says "المستردة"
        (
            "ar",
            "مسترد",
            "/ar/guides/billing/refunds/",
            "content/guides/billing/refunds.ar.md",
        ),
    ] {
        // no word of the page is the query or starts with it: only the
        // stemmer joins them
        let words = tokenize(&f.file(source));
        assert!(
            !words.iter().any(|w| w.starts_with(query)),
            "{query} is in {source}"
        );
        let hits = search(&f, query, lang);
        assert_eq!(urls(&hits).first(), Some(&url), "{lang} {query}: {hits:?}");
    }
    // the English index is not French: the same query finds nothing there
    assert!(search(&f, "remboursons", "en").is_empty());
    assert_eq!(
        urls(&search(&f, "refunded", "en")).first(),
        Some(&"/guides/billing/refunds/")
    );
}

#[test]
fn the_browser_on_a_languages_pages_and_search_lang_agree() {
    let f = built();
    let mut queries = Vec::new();
    for q in [
        "remboursons",
        "remboursements",
        "rembourser",
        "remb",
        "délais",
        "délai ",
        "mot de passe",
        "oubliés",
        "mode sombre",
        "sombres",
        "jours",
        "facturation",
        "factures",
        "les",
        "refunds",
        "l'aide",
    ] {
        queries.push(json!({"query": q, "lang": "fr", "base": "/fr/"}));
    }
    for q in [
        "مبالغ",
        "المبالغ المستردة",
        "مسترد",
        "الفواتير",
        "استرداد",
        "مساعدة",
        "في",
        "يوم",
        "30",
    ] {
        queries.push(json!({"query": q, "lang": "ar", "base": "/ar/"}));
    }
    for q in ["refunded", "invoice", "timing"] {
        queries.push(json!({"query": q, "lang": "en"}));
    }
    let (non_empty, _) = compare_with_browser(&f, &queries);
    assert!(
        non_empty * 4 > queries.len() * 3,
        "most queries find something ({non_empty} of {})",
        queries.len()
    );
}

#[test]
fn an_unknown_language_is_a_usage_error_that_lists_the_sites() {
    let f = built();
    let out = f.run(&["search", "refund", "--lang", "de"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out
        .stderr
        .contains("`de` is not one of this site's languages"));
    assert!(
        out.stderr.contains("en, ar, fr") || out.stderr.contains("en, fr, ar"),
        "{}",
        out.stderr
    );
    // a single-language site has the one
    let single = Fixture::new("search");
    let out = single.run(&["search", "refund", "--lang", "fr"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("search one of: en"), "{}", out.stderr);
    let en = single.run(&["search", "refund", "--lang", "en", "--format", "json"]);
    en.ok();
    let plain = single.run(&["search", "refund", "--format", "json"]);
    assert_eq!(en.stdout, plain.stdout);
}

#[test]
fn other_languages_leave_the_english_index_as_it_is() {
    let multi = built();
    // the same site in English only: no languages, no translations
    let single = Fixture::new("languages");
    let config = single.file("site.toml");
    let (english, rest) = config.split_once("\n[languages.fr]").unwrap();
    let taxonomy = &rest[rest.find("\n[taxonomy]").unwrap()..];
    std::fs::write(
        single.root().join("site.toml"),
        format!("{english}{taxonomy}"),
    )
    .unwrap();
    for entry in walkdir::WalkDir::new(single.root()).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".fr.md") || name.ends_with(".ar.md") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    single.build(&[]).ok();
    // the index's files, not the search page (whose head links the languages)
    let index = |f: &Fixture| -> Vec<(String, Vec<u8>)> {
        snapshot(&f.out().join("search"))
            .into_iter()
            .filter(|(path, _)| !path.ends_with(".html"))
            .collect()
    };
    let (a, b) = (index(&multi), index(&single));
    assert!(a.len() > 3);
    assert_eq!(a, b, "the English index is byte for byte the same");
}
