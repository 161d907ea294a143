//! The HTML sanitiser policy. Questions, answers and ideas come from the
//! public and are always cleaned; guides are cleaned when they contain raw
//! HTML, unless `site.toml` says `guide_html = "trusted"`.

use ammonia::Builder;
use std::collections::HashSet;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// A guide whose raw HTML passes the allow-list.
    Guide,
    /// A guide whose raw HTML is kept as written (`guide_html = "trusted"`).
    Trusted,
    /// Public content: allow-list, and links get `rel="nofollow ugc noopener"`.
    Public,
}

fn builder(public: bool) -> Builder<'static> {
    let mut b = Builder::default();
    b.add_tags([
        "div",
        "span",
        "pre",
        "code",
        "details",
        "summary",
        "input",
        "figure",
        "figcaption",
        "mark",
        "kbd",
        "sup",
        "sub",
        "section",
    ]);
    b.add_generic_attributes([
        "class",
        "id",
        "aria-label",
        "aria-hidden",
        "role",
        "data-lang",
        "title",
    ]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tag_attributes("img", ["width", "height", "loading"]);
    b.add_tag_attributes("ol", ["start"]);
    b.add_tag_attributes("td", ["align", "style"]);
    b.add_tag_attributes("th", ["align", "style"]);
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        // task-list checkboxes only; no text fields to phish with
        ("input", "type") => (value == "checkbox").then_some(value.into()),
        // table alignment is the only inline style pulldown-cmark writes
        ("td" | "th", "style") => value
            .strip_prefix("text-align: ")
            .filter(|v| matches!(v.trim_end_matches(';'), "left" | "right" | "center"))
            .map(|_| value.into()),
        _ => Some(value.into()),
    });
    let schemes: HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
    b.url_schemes(schemes);
    if public {
        b.link_rel(Some("nofollow ugc noopener"));
    } else {
        b.link_rel(None);
    }
    b
}

static GUIDE: LazyLock<Builder<'static>> = LazyLock::new(|| builder(false));
static PUBLIC: LazyLock<Builder<'static>> = LazyLock::new(|| builder(true));

pub fn clean(html: &str, policy: Policy) -> String {
    match policy {
        Policy::Trusted => html.to_string(),
        Policy::Guide => only_checkboxes(GUIDE.clean(html).to_string()),
        Policy::Public => only_checkboxes(PUBLIC.clean(html).to_string()),
    }
}

/// A serialised `<input>` start tag (values are double-quoted by then).
static INPUT: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"<input\b(?:[^>"]|"[^"]*")*>"#)
        .unwrap_or_else(|e| unreachable!("the input pattern is valid: {e}"))
});

/// Task-list checkboxes are the only inputs a page keeps: any other
/// `<input>` (a text field to phish with, or one the allow-list stripped
/// bare) is removed.
fn only_checkboxes(html: String) -> String {
    if !html.contains("<input") {
        return html;
    }
    INPUT
        .replace_all(&html, |m: &regex::Captures<'_>| {
            let tag = m.get(0).map_or("", |m| m.as_str());
            if tag.contains("type=\"checkbox\"") {
                tag.to_string()
            } else {
                String::new()
            }
        })
        .into_owned()
}

/// URLs that can run code or smuggle documents: `javascript:`, `vbscript:`,
/// `file:` and `data:` (except raster images in `<img>`). Browsers ignore
/// whitespace and control characters inside a scheme, so this does too.
pub fn is_dangerous_url(url: &str, image: bool) -> bool {
    let folded: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, rest)) = folded.split_once(':') else {
        return false;
    };
    if scheme.contains(['/', '?', '#']) {
        return false;
    }
    match scheme {
        "javascript" | "vbscript" | "file" | "livescript" | "mocha" => true,
        "data" => {
            !(image
                && ["image/png", "image/jpeg", "image/gif", "image/webp"]
                    .iter()
                    .any(|t| rest.starts_with(t)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_urls() {
        for url in [
            "javascript:alert(1)",
            " JaVa\tScript:x",
            "vbscript:x",
            "data:text/html,x",
            "java\u{0}script:x",
        ] {
            assert!(is_dangerous_url(url, false), "{url:?}");
        }
        for url in ["https://x.test", "/a", "a.md", "mailto:x@y.z", "a/b:c"] {
            assert!(!is_dangerous_url(url, false), "{url:?}");
        }
        assert!(!is_dangerous_url("data:image/png;base64,AAA", true));
        assert!(is_dangerous_url("data:image/svg+xml,<svg>", true));
    }

    #[test]
    fn public_policy_marks_links_and_strips_scripts() {
        let html = clean(
            "<a href=\"https://x.test\" onclick=\"y()\">x</a><script>z()</script><input type=\"text\">",
            Policy::Public,
        );
        assert!(html.contains("rel=\"nofollow ugc noopener\""), "{html}");
        assert!(
            !html.contains("onclick") && !html.contains("script"),
            "{html}"
        );
        assert!(!html.contains("type=\"text\""), "{html}");
        assert!(!html.contains("<input"), "a bare input is removed: {html}");
        let html = clean(
            "<input name=\"q\" value=\"a>b\"><input type=\"checkbox\" disabled=\"\"> done",
            Policy::Guide,
        );
        assert_eq!(html, "<input type=\"checkbox\" disabled=\"\"> done");
    }

    #[test]
    fn generated_markup_survives() {
        let html = "<h2 id=\"a\">A<a class=\"anchor\" href=\"#a\" aria-label=\"Link to this section\">#</a></h2><pre class=\"code hl\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-source\">x</span></code></pre><div class=\"callout callout-note\" role=\"note\" aria-label=\"Note\"><p class=\"callout-title\">Note</p></div><input disabled=\"\" type=\"checkbox\" checked=\"\">";
        let cleaned = clean(html, Policy::Guide);
        for needle in [
            "id=\"a\"",
            "class=\"anchor\"",
            "data-lang=\"rust\"",
            "hl-source",
            "role=\"note\"",
            "type=\"checkbox\"",
        ] {
            assert!(cleaned.contains(needle), "{needle} missing from {cleaned}");
        }
    }
}
