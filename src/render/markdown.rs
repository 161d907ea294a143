//! Markdown -> HTML for one body: links rewritten through the resolved link
//! table, heading ids with anchor links, GitHub alerts as callouts, code
//! highlighted at build time. Dangerous URL schemes never reach the output;
//! raw HTML goes through the sanitiser unless the site trusts it.

use super::highlight;
use super::sanitize::{self, Policy};
use crate::parse::markdown::{options, Heading};
use crate::parse::raw_html;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

pub struct RenderInput<'a> {
    pub text: &'a str,
    pub headings: &'a [Heading],
    /// Destination as written -> href (already carrying the base path).
    pub links: &'a BTreeMap<String, String>,
    pub policy: Policy,
    /// Colour code blocks (`check` skips it: it cannot fail).
    pub highlight: bool,
    /// The interface text of the page's language, for the words the
    /// renderer adds (callout titles, the checkbox and anchor labels).
    pub words: &'a super::theme::Texts,
}

impl RenderInput<'_> {
    fn word<'k>(&'k self, key: &'k str) -> &'k str {
        self.words.get(key).map_or(key, String::as_str)
    }
}

pub fn to_html(input: &RenderInput<'_>) -> String {
    let mut events = Vec::new();
    let mut headings = input.headings.iter();
    let mut code: Option<(String, String)> = None;
    let mut heading_id = String::new();
    let mut has_raw_html = false;
    let mut raw = RawHtmlRewriter {
        links: input.links,
        headings: input.headings,
        seen_ids: None,
    };
    // Lines of one HTML block, rewritten together (a tag may span lines).
    let mut html_block = String::new();
    let mut in_table_cell = false;
    for event in Parser::new_ext(input.text, options()) {
        if let Event::Html(html) = &event {
            html_block.push_str(html);
            has_raw_html = true;
            continue;
        }
        if !html_block.is_empty() {
            events.push(Event::Html(raw.rewrite(&html_block).into()));
            html_block.clear();
        }
        if let Some((lang, buffer)) = code.as_mut() {
            match event {
                Event::Text(text) => buffer.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(lang, buffer, input.highlight);
                    events.push(Event::Html(html.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::TableCell) => {
                in_table_cell = true;
                events.push(event);
            }
            Event::End(TagEnd::TableCell) => {
                in_table_cell = false;
                events.push(event);
            }
            Event::Code(text) if in_table_cell => {
                events.push(Event::InlineHtml(table_code(&text).into()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_id = escape_attr(headings.next().map_or("", |h| h.id.as_str()));
                events.push(Event::Html(format!("<{level} id=\"{heading_id}\">").into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::Html(
                    format!(
                        "<a class=\"anchor\" href=\"#{heading_id}\" aria-label=\"{}\">#</a></{level}>",
                        escape_attr(input.word("link_to_section"))
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let class = alert_class(kind);
                let label = escape_attr(input.word(&format!("callout_{class}")));
                events.push(Event::Html(
                    format!(
                        "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-title\">{label}</p>"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>".into())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(input.links, dest_url, false);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(input.links, dest_url, true);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::TaskListMarker(done) => {
                // a named checkbox: screen readers announce the state, not "unlabelled"
                let (checked, label) = if done {
                    (" checked", escape_attr(input.word("task_done")))
                } else {
                    ("", escape_attr(input.word("task_not_done")))
                };
                events.push(Event::InlineHtml(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
                        .into(),
                ));
            }
            Event::InlineHtml(html) => {
                has_raw_html = true;
                events.push(Event::InlineHtml(raw.rewrite(&html).into()));
            }
            other => events.push(other),
        }
    }
    if !html_block.is_empty() {
        events.push(Event::Html(raw.rewrite(&html_block).into()));
    }
    let mut html = String::with_capacity(input.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Output built from Markdown alone is safe by construction (escaped text,
    // filtered URLs); raw HTML and all public content go through the sanitiser.
    let needs_cleaning = match input.policy {
        Policy::Trusted => false,
        Policy::Guide => has_raw_html,
        Policy::Public => true,
    };
    if needs_cleaning {
        html = sanitize::clean(&html, input.policy);
    }
    html
}

/// Inline code in a table cell, breakable only where a reader expects a
/// break: at spaces, after `/`, `|`, `,` and `=`, and before a `.` inside a
/// long name. Each piece between those points is kept on one line, so an
/// option never splits as `--`/`force` nor a file name as `site.tom`/`l`.
fn table_code(code: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2 + 16);
    html.push_str("<code>");
    for (i, token) in code.split(' ').enumerate() {
        if i > 0 {
            html.push(' ');
        }
        let long = token.chars().count() > 12;
        let mut pieces: Vec<&str> = Vec::new();
        let mut start = 0;
        for (at, c) in token.char_indices() {
            let end = at + c.len_utf8();
            let after = matches!(c, '/' | '|' | ',' | '=') && end < token.len();
            let rest = token.get(end..).unwrap_or("");
            let next_part = rest.find('.').unwrap_or(rest.len());
            let before = c == '.' && long && at >= start + 3 && next_part >= 4;
            if before {
                pieces.push(token.get(start..at).unwrap_or(""));
                start = at;
            } else if after {
                pieces.push(token.get(start..end).unwrap_or(""));
                start = end;
            }
        }
        pieces.push(token.get(start..).unwrap_or(""));
        for (j, piece) in pieces.iter().enumerate() {
            if j > 0 {
                html.push_str("<wbr>");
            }
            let breakable = piece.chars().any(|c| !c.is_alphanumeric() && c != '_');
            if breakable {
                html.push_str("<span class=\"nobr\">");
                push_escaped(&mut html, piece);
                html.push_str("</span>");
            } else {
                push_escaped(&mut html, piece);
            }
        }
    }
    html.push_str("</code>");
    html
}

/// A one-line note (an idea's history entry) as inline HTML: emphasis,
/// code, links and strikethrough kept, block structure flattened to text,
/// and the result sanitised like all public content.
pub fn inline_to_html(text: &str) -> String {
    let events = Parser::new_ext(text, options()).filter_map(|event| match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
        | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
            Some(event)
        }
        Event::SoftBreak | Event::HardBreak | Event::End(_) => Some(Event::Text(" ".into())),
        // raw HTML in a note is shown as written, never interpreted
        Event::InlineHtml(html) | Event::Html(html) => Some(Event::Text(html)),
        _ => None,
    });
    let mut html = String::with_capacity(text.len() + 16);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitize::clean(html.trim_end(), Policy::Public)
}

fn alert_class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn rewrite<'a>(links: &BTreeMap<String, String>, dest: CowStr<'a>, image: bool) -> CowStr<'a> {
    if let Some(href) = links.get(dest.as_ref()) {
        return href.clone().into();
    }
    if sanitize::is_dangerous_url(&dest, image) {
        return CowStr::Borrowed("#");
    }
    dest
}

/// Raw HTML with its links rewritten like Markdown links (`<img
/// src="pic.png">` works at the page's final URL), legacy `<a name>`
/// turned into an `id`, and an id already on the page left out.
struct RawHtmlRewriter<'a> {
    links: &'a BTreeMap<String, String>,
    headings: &'a [Heading],
    /// The ids on the page so far: the headings' and the raw ones seen.
    /// Made at the first raw id; most pages have none.
    seen_ids: Option<std::collections::HashSet<String>>,
}

impl RawHtmlRewriter<'_> {
    fn rewrite(&mut self, html: &str) -> String {
        let attributes = raw_html::attributes(html);
        if attributes.is_empty() {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len() + 16);
        let mut copied = 0;
        let mut replace = |range: std::ops::Range<usize>, with: &str, out: &mut String| {
            if range.start < copied {
                return;
            }
            out.push_str(html.get(copied..range.start).unwrap_or(""));
            out.push_str(with);
            copied = range.end;
        };
        for a in &attributes {
            if a.url_kind().is_some() {
                if let Some(href) = self.links.get(&a.decoded()) {
                    replace(
                        a.value_range.clone(),
                        &raw_html::escape_value(href),
                        &mut out,
                    );
                }
            } else if a.is_anchor() {
                let id = a.decoded();
                let has_id = attributes
                    .iter()
                    .any(|b| b.tag == a.tag && b.name == "id" && a.name != "id");
                if id.is_empty() || (a.name == "name" && has_id) {
                    continue;
                }
                let headings = self.headings;
                let seen = self
                    .seen_ids
                    .get_or_insert_with(|| headings.iter().map(|h| h.id.clone()).collect());
                if !seen.insert(id.clone()) {
                    replace(a.range.clone(), "", &mut out);
                } else if a.name == "name" {
                    let attr = format!("id=\"{}\"", raw_html::escape_value(&id));
                    replace(a.range.clone(), &attr, &mut out);
                }
            }
        }
        out.push_str(html.get(copied..).unwrap_or(""));
        out
    }
}

fn code_block(lang: &str, code: &str, highlight: bool) -> String {
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_attr(lang))
    };
    let label = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_attr(lang))
    };
    match highlight
        .then(|| highlight::highlight(lang, code))
        .flatten()
    {
        Some(inner) => {
            format!("<pre class=\"code hl\"{label}><code{lang_class}>{inner}</code></pre>\n")
        }
        None => format!(
            "<pre class=\"code\"{label}><code{lang_class}>{}</code></pre>\n",
            escape_text(code)
        ),
    }
}

pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

/// Escapes text for HTML content and quoted attributes. It is also the
/// templates' autoescape: `/` stays as it is (Tera's default writes `&#x2F;`,
/// which only matters in unquoted attributes, and themes quote theirs).
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` escaped as [`escape_attr`] does, copying the runs between
/// special characters whole.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::scan;
    use std::path::Path;

    #[test]
    fn escaping_covers_markup_and_both_quotes_and_keeps_the_rest() {
        assert_eq!(
            escape_attr(r#"a<b>&"c"'d'/é"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;/é"
        );
        assert_eq!(escape_attr("plain"), "plain");
        assert_eq!(escape_attr(""), "");
    }

    fn render(body: &str, links: &[(&str, &str)], policy: Policy) -> String {
        let (md, _) = scan(Path::new("a.md"), &std::sync::Arc::from(body), 0);
        let links = links
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        to_html(&RenderInput {
            text: &md.text().unwrap(),
            headings: &md.headings,
            links: &links,
            policy,
            highlight: true,
            words: &english(),
        })
    }

    /// The default theme's English interface text.
    fn english() -> crate::render::theme::Texts {
        toml::from_str(include_str!("../../themes/default/i18n/en.toml")).unwrap()
    }

    #[test]
    fn headings_get_ids() {
        let html = render("## Setup\n\n## Setup {#custom}\n", &[], Policy::Guide);
        assert!(
            html.contains("<h2 id=\"setup\">Setup<a class=\"anchor\" href=\"#setup\""),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"custom\">Setup<a class=\"anchor\" href=\"#custom\""),
            "{html}"
        );
    }

    #[test]
    fn links_are_rewritten() {
        let html = render(
            "[r](../b/r.md#x)",
            &[("../b/r.md#x", "/guides/b/r/#x")],
            Policy::Guide,
        );
        assert!(html.contains("href=\"/guides/b/r/#x\""), "{html}");
    }

    #[test]
    fn alerts_become_callouts() {
        let html = render("> [!WARNING]\n> Careful.\n", &[], Policy::Guide);
        assert!(html.contains("callout callout-warning"), "{html}");
        assert!(
            html.contains("<p class=\"callout-title\">Warning</p>"),
            "{html}"
        );
        assert!(!html.contains("blockquote"), "{html}");
    }

    #[test]
    fn table_code_breaks_only_at_sensible_points() {
        assert_eq!(
            table_code("--force"),
            "<code><span class=\"nobr\">--force</span></code>"
        );
        assert_eq!(table_code("title"), "<code>title</code>");
        assert_eq!(
            table_code("--color auto|always|never"),
            "<code><span class=\"nobr\">--color</span> <span class=\"nobr\">auto|</span><wbr><span class=\"nobr\">always|</span><wbr>never</code>"
        );
        assert_eq!(
            table_code("content/guides/a.md"),
            "<code><span class=\"nobr\">content/</span><wbr><span class=\"nobr\">guides/</span><wbr><span class=\"nobr\">a.md</span></code>"
        );
        assert_eq!(
            table_code("search.max_results"),
            "<code>search<wbr><span class=\"nobr\">.max_results</span></code>"
        );
        assert_eq!(
            table_code("<a & b>"),
            "<code><span class=\"nobr\">&lt;a</span> <span class=\"nobr\">&amp;</span> <span class=\"nobr\">b&gt;</span></code>"
        );
        let html = render(
            "| a |\n|---|\n| `--base-url URL` |\n\n`--x`\n",
            &[],
            Policy::Guide,
        );
        assert!(
            html.contains("<td><code><span class=\"nobr\">--base-url</span> URL</code></td>"),
            "{html}"
        );
        assert!(html.contains("<p><code>--x</code></p>"), "{html}");
    }

    #[test]
    fn inline_notes_keep_inline_markdown_only() {
        assert_eq!(
            inline_to_html("Shipped in `1.2`, see **the [guide](https://x.org/g)**"),
            "Shipped in <code>1.2</code>, see <strong>the <a href=\"https://x.org/g\" rel=\"nofollow ugc noopener\">guide</a></strong>"
        );
        assert_eq!(
            inline_to_html("# Not a heading\n- nor a list"),
            "Not a heading nor a list"
        );
        assert_eq!(
            inline_to_html("see <script>alert(1)</script> [x](javascript:alert(1))"),
            "see &lt;script&gt;alert(1)&lt;/script&gt; <a rel=\"nofollow ugc noopener\">x</a>"
        );
    }

    #[test]
    fn code_is_highlighted_or_plain() {
        let html = render("```rust\nfn main() {}\n```\n", &[], Policy::Guide);
        assert!(html.contains("class=\"code hl\""), "{html}");
        assert!(html.contains("hl-"), "{html}");
        let html = render("```klingon\n<b>\n```\n", &[], Policy::Guide);
        assert!(html.contains("<pre class=\"code\" data-lang=\"klingon\"><code class=\"language-klingon\">&lt;b&gt;"), "{html}");
    }

    #[test]
    fn javascript_links_are_neutralised_without_raw_html() {
        let html = render(
            "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))",
            &[],
            Policy::Guide,
        );
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn raw_html_links_ids_and_names() {
        let body = "<a name=\"old\"></a>\n\n## Setup\n\n<div id=\"setup\"><img src=\"img/pic.png\" alt=\"p\"></div>\n\nSee <a href=\"other.md#x\">other</a> and <span id=\"old\">dup</span>.\n";
        let html = render(
            body,
            &[
                ("img/pic.png", "/guides/s/img/pic.png"),
                ("other.md#x", "/guides/s/other/#x"),
            ],
            Policy::Guide,
        );
        assert!(html.contains("<a id=\"old\"></a>"), "{html}");
        assert!(html.contains("<h2 id=\"setup-1\">"), "{html}");
        assert!(html.contains("<div id=\"setup\">"), "{html}");
        assert!(html.contains("src=\"/guides/s/img/pic.png\""), "{html}");
        assert!(html.contains("href=\"/guides/s/other/#x\""), "{html}");
        assert!(
            html.contains("<span>dup</span>"),
            "the second `old` is left out: {html}"
        );
    }

    #[test]
    fn email_autolinks_are_mailto() {
        let (md, _) = scan(
            Path::new("a.md"),
            &std::sync::Arc::from("Write to <help@example.com>."),
            0,
        );
        assert!(md.links.is_empty(), "{:?}", md.links);
        let html = render("Write to <help@example.com>.", &[], Policy::Public);
        assert!(html.contains("href=\"mailto:help@example.com\""), "{html}");
    }

    #[test]
    fn raw_html_is_sanitised_unless_trusted() {
        let body = "<script>alert(1)</script>\n\n<b onclick=\"x()\">hi</b>";
        let html = render(body, &[], Policy::Guide);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        let html = render(body, &[], Policy::Trusted);
        assert!(html.contains("<script"), "{html}");
    }
}
