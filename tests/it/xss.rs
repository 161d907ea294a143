//! The XSS corpus (`tests/fixtures/xss/payloads.json`), planted in every
//! content kind's title, handles, history notes and bodies by the `xss`
//! fixture; nothing may survive into any output. The browser suite loads the
//! same pages in Chromium and checks that no script runs.

use crate::harness::Fixture;

/// The fixture site where every public field of every kind carries payloads.
pub fn hostile_site() -> Fixture {
    let f = Fixture::new("xss");
    let payloads: Vec<String> = serde_json::from_str(&f.file("payloads.json")).unwrap();
    assert!(payloads.len() >= 30, "the corpus has at least 30 payloads");
    f
}

fn assert_clean_html(file: &str, html: &str) {
    let doc = scraper::Html::parse_document(html);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    for script in doc.select(&sel("script")) {
        let kind = script.value().attr("type").unwrap_or("");
        let src = script.value().attr("src").unwrap_or("");
        let own = kind == "application/ld+json"
            || src.starts_with("/assets/")
            || script.inner_html().starts_with("try{var t=localStorage");
        assert!(own, "{file}: foreign script {}", script.html());
        if kind == "application/ld+json" {
            let parsed: Result<serde_json::Value, _> = serde_json::from_str(&script.inner_html());
            assert!(parsed.is_ok(), "{file}: JSON-LD broken");
        }
    }
    for tag in [
        "iframe",
        "object",
        "embed",
        "form:not(.site-search):not(.search-form):not(.hero-search)",
        "style",
        "base",
        // the only pictures in main are the build-time charts of /stats/
        "main svg:not(.chart)",
        "main math",
        "body meta",
        "main link",
        "video",
    ] {
        assert!(
            doc.select(&sel(tag)).next().is_none(),
            "{file}: <{tag}> survived"
        );
    }
    assert!(
        file == "stats/index.html" || doc.select(&sel("svg.chart")).next().is_none(),
        "{file}: a chart outside /stats/"
    );
    for element in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{file}: event attribute {name}");
            let folded: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                assert!(!folded.starts_with(scheme), "{file}: {name}={value}");
            }
            if name == "style" {
                assert!(
                    !folded.contains("expression") && !folded.contains("url("),
                    "{file}: style {value}"
                );
            }
        }
    }
}

#[test]
fn no_payload_survives_in_any_output() {
    let f = hostile_site();
    f.build(&[]).ok();
    let mut checked = 0;
    for file in f.files() {
        if file.ends_with(".bin") {
            // search shards hold only letters and digits of the text
            let bytes = std::fs::read(f.out().join(&file)).unwrap();
            assert!(
                !bytes.windows(7).any(|w| w.eq_ignore_ascii_case(b"<script")),
                "{file}"
            );
            continue;
        }
        let text = f.read(&file);
        if file.ends_with(".html") {
            assert_clean_html(&file, &text);
            checked += 1;
        } else if file.ends_with(".xml") {
            // feeds and sitemap: escaped text, never live markup
            assert!(!text.contains("<script"), "{file}");
            assert!(!text.contains("<img"), "{file}");
        } else if file.ends_with(".json") {
            let value: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            drop(value);
        }
    }
    assert!(checked > 40 * 3, "checked {checked} pages");
}

#[test]
fn fixture_xss_answer_is_sanitised_and_code_still_highlighted() {
    let f = Fixture::new("qa");
    f.build(&[]).ok();
    let page = f.page("questions/xss-answer/index.html");
    assert!(page.select(".answer iframe").is_empty());
    assert!(page.select(".answer pre.code.hl").len() == 1);
    let out_link = page.select(".answer a[href='https://evil.example']");
    assert_eq!(out_link.len(), 1);
    assert_eq!(
        out_link[0].value().attr("rel"),
        Some("nofollow ugc noopener")
    );
    assert!(out_link[0].value().attr("onclick").is_none());
}
