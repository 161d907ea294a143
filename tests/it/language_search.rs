//! Search on a multilingual site (issue 23): one index per language, each
//! stemmed and stop-worded for its language, loaded by that language's
//! pages with the browser's stemmer for it.

use crate::harness::{snapshot, Fixture};
use serde_json::{json, Value};

fn built() -> Fixture {
    let f = Fixture::new("languages");
    f.build(&[]).ok();
    f
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
