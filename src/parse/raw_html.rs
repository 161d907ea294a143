//! The attributes of raw HTML written in Markdown that matter to the rest
//! of the site: ids (and legacy `<a name>`) are link targets, `href` and
//! `src` are links to check and rewrite like Markdown links. A tolerant
//! scanner, not a parser: whatever it does not recognise is left alone,
//! and the sanitiser still sees every byte.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A start tag, or a comment (skipped so a commented-out tag is not read).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?s)<!--.*?-->|<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"#,
    )
    .unwrap_or_else(|e| unreachable!("the tag pattern is valid: {e}"))
});

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
        .unwrap_or_else(|e| unreachable!("the attribute pattern is valid: {e}"))
});

/// One attribute of one start tag, with byte ranges into the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    /// The element, lowercase.
    pub element: String,
    /// The attribute name, lowercase.
    pub name: String,
    /// The value as written (entities not decoded).
    pub value: String,
    /// The whole `name="value"`.
    pub range: Range<usize>,
    /// The value alone, inside any quotes.
    pub value_range: Range<usize>,
    /// Index of the start tag in the text (attributes of one tag share it).
    pub tag: usize,
}

impl Attribute {
    /// The value with the few entities a URL or id is likely to hold decoded.
    pub(crate) fn decoded(&self) -> String {
        if !self.value.contains('&') {
            return self.value.clone();
        }
        self.value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// An id or a legacy `<a name>`: a target for `page.md#that`.
    pub(crate) fn is_anchor(&self) -> bool {
        self.name == "id" || (self.name == "name" && self.element == "a")
    }

    /// `href` of a link or `src` of an embedded file: a URL the site
    /// rewrites and checks. `Some(true)` for an image-like embed.
    pub(crate) fn url_kind(&self) -> Option<bool> {
        match (self.element.as_str(), self.name.as_str()) {
            ("a" | "area", "href") => Some(false),
            ("img" | "source" | "video" | "audio" | "track", "src") | ("video", "poster") => {
                Some(true)
            }
            _ => None,
        }
    }
}

/// Every attribute of every start tag in `html`, in order.
pub(crate) fn attributes(html: &str) -> Vec<Attribute> {
    if !html.contains('<') {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (tag_index, tag) in TAG.captures_iter(html).enumerate() {
        let (Some(element), Some(attrs)) = (tag.get(1), tag.get(2)) else {
            continue; // a comment
        };
        let element = element.as_str().to_ascii_lowercase();
        for attr in ATTRIBUTE.captures_iter(attrs.as_str()) {
            let (Some(whole), Some(name)) = (attr.get(0), attr.get(1)) else {
                continue;
            };
            let value = attr.get(2).or(attr.get(3)).or(attr.get(4));
            let offset = attrs.start();
            let value_range = match value {
                Some(v) => offset + v.start()..offset + v.end(),
                None => offset + whole.end()..offset + whole.end(),
            };
            out.push(Attribute {
                element: element.clone(),
                name: name.as_str().to_ascii_lowercase(),
                value: value.map_or(String::new(), |v| v.as_str().to_string()),
                range: offset + whole.start()..offset + whole.end(),
                value_range,
                tag: tag_index,
            });
        }
    }
    out
}

/// Escapes a value for a double-quoted attribute.
pub(crate) fn escape_value(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_names_and_urls() {
        let html = r#"<div id="top" class=x><a name='legacy'></a><img src=img/pic.png alt="a > b"><!-- <a href="gone.md"> --><a href="other.md#x" id=y>"#;
        let attrs = attributes(html);
        let anchors: Vec<_> = attrs
            .iter()
            .filter(|a| a.is_anchor())
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(anchors, ["top", "legacy", "y"]);
        let urls: Vec<_> = attrs
            .iter()
            .filter_map(|a| a.url_kind().map(|image| (a.value.as_str(), image)))
            .collect();
        assert_eq!(urls, [("img/pic.png", true), ("other.md#x", false)]);
        for a in &attrs {
            assert_eq!(&html[a.value_range.clone()], a.value);
        }
    }

    #[test]
    fn name_on_other_elements_is_not_an_anchor() {
        let attrs = attributes(r#"<input name="q"><meta name="x">"#);
        assert!(attrs.iter().all(|a| !a.is_anchor()));
    }

    #[test]
    fn entities_in_urls_are_decoded() {
        let attrs = attributes(r#"<a href="a.md?x=1&amp;y=2">"#);
        assert_eq!(attrs[0].decoded(), "a.md?x=1&y=2");
    }

    #[test]
    fn text_without_tags_has_no_attributes() {
        assert!(attributes("a < b and c > d").is_empty());
        assert!(attributes("</div>").is_empty());
    }
}
