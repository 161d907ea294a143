//! HTML (as Stack Exchange, Discourse and Fider store post bodies) to
//! CommonMark/GFM. Parsed with html5ever (through `scraper`), so entities,
//! unclosed tags and stray markup are handled the way a browser would.
//!
//! Kept: paragraphs, headings, emphasis, inline code, code blocks with their
//! language (`lang-xx` on `<pre>`, `language-xx` on `<code>`, the
//! `<!-- language: lang-xx -->` hint, else the caller's default), links,
//! images, lists (nested, ordered with their start), block quotes (nested),
//! tables, rules and line breaks. `<kbd>`, `<sup>` and `<sub>` stay as inline
//! HTML (the sanitiser allows them). Anything else contributes its text.
//!
//! (Over 600 lines only with its unit tests, which keep each HTML shape
//! beside the converter that handles it.)

pub(crate) use super::md_text::escape_text;
use super::md_text::*;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// How to convert one body.
#[derive(Clone, Copy, Default)]
pub(crate) struct Options<'a> {
    /// The language of code blocks that do not name one (from the post's tags).
    pub default_lang: Option<&'a str>,
    /// Where relative links and images point (`https://site.stackexchange.com`).
    pub base_url: Option<&'a str>,
    /// Links to pages of the same import: given a link's `href` as written,
    /// the source-file link to write instead.
    pub local_link: Option<LocalLinks<'a>>,
}

/// Given a link's `href` as written, the link to write instead, if any.
pub(crate) type LocalLinks<'a> = &'a dyn Fn(&str) -> Option<LocalLink>;

/// A link to another imported page, written as a path to its source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalLink {
    /// `../other-question/index.md#answer-13`
    pub dest: String,
    /// The page's title, the label of a link that showed its bare URL.
    pub title: String,
}

/// Converts an HTML fragment to Markdown; the result ends without a newline.
pub(crate) fn convert(html: &str, options: &Options) -> String {
    let fragment = Html::parse_fragment(html);
    let mut converter = Converter {
        options,
        next_lang: None,
        all_lang: None,
    };
    let root = fragment.root_element();
    let blocks = converter.blocks(*root);
    blocks.join("\n\n").trim_end().to_string()
}

struct Converter<'o, 'a> {
    options: &'o Options<'a>,
    /// From `<!-- language: lang-xx -->`: the next code block's language.
    next_lang: Option<String>,
    /// From `<!-- language-all: lang-xx -->`: every later code block's.
    all_lang: Option<String>,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "ul"
            | "ol"
            | "pre"
            | "hr"
            | "table"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "figure"
            | "details"
            | "dl"
            | "dd"
            | "dt"
            | "li"
            | "aside-onebox"
    )
}

impl Converter<'_, '_> {
    /// The Markdown blocks of a container's children.
    fn blocks(&mut self, node: NodeRef<Node>) -> Vec<String> {
        let mut out = Vec::new();
        let mut paragraph = String::new();
        for child in node.children() {
            match child.value() {
                Node::Element(element) if is_block(element.name()) => {
                    flush(&mut paragraph, &mut out);
                    out.extend(self.block(child, element.name()));
                }
                Node::Comment(comment) => self.language_hint(comment),
                _ => paragraph.push_str(&self.inline(child)),
            }
        }
        flush(&mut paragraph, &mut out);
        out
    }

    fn language_hint(&mut self, comment: &str) {
        let text = comment.trim();
        if let Some(rest) = text.strip_prefix("language-all:") {
            self.all_lang = lang_name(rest.trim());
        } else if let Some(rest) = text.strip_prefix("language:") {
            self.next_lang = lang_name(rest.trim());
        }
    }

    fn block(&mut self, node: NodeRef<Node>, name: &str) -> Vec<String> {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.get(1..).and_then(|n| n.parse().ok()).unwrap_or(1);
                let text = one_line(&self.inline_children(node));
                if text.is_empty() {
                    Vec::new()
                } else {
                    vec![format!(
                        "{} {}",
                        "#".repeat(level),
                        escape_heading_end(&text)
                    )]
                }
            }
            "blockquote" => {
                let mut blocks = self.blocks(node);
                // `<blockquote cite="…">`: the source a browser does not show
                let cited = element_of(node)
                    .and_then(|e| e.attr("cite"))
                    .map(|c| self.absolute(c))
                    .filter(|c| c.starts_with("http") && !c.contains(char::is_whitespace))
                    .filter(|c| !c.contains(['<', '>']));
                if let Some(url) = cited {
                    if !blocks.iter().any(|b| b.contains(url.as_str())) {
                        blocks.push(format!("— <{url}>"));
                    }
                }
                let inner = blocks.join("\n\n");
                if inner.trim().is_empty() {
                    return Vec::new();
                }
                vec![prefix_lines(&inner, "> ", "> ")]
            }
            "ul" | "ol" => vec![self.list(node, name == "ol")]
                .into_iter()
                .flatten()
                .collect(),
            "pre" => vec![self.code_block(node)],
            "hr" => vec!["***".to_string()],
            "table" => self.table(node),
            _ => self.blocks(node),
        }
    }

    fn list(&mut self, node: NodeRef<Node>, ordered: bool) -> Option<String> {
        let mut number: u64 = element_of(node)
            .and_then(|e| e.attr("start"))
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut items = Vec::new();
        let mut loose = false;
        for child in node.children() {
            let Some(element) = element_of(child) else {
                continue;
            };
            if element.name() != "li" {
                if matches!(element.name(), "ul" | "ol") {
                    // a list directly inside a list: attach to the previous item
                    if let Some(nested) = self.list(child, element.name() == "ol") {
                        match items.last_mut() {
                            Some((_, text)) => {
                                let text: &mut String = text;
                                text.push('\n');
                                text.push_str(&nested);
                            }
                            None => items.push((String::from("-"), nested)),
                        }
                    }
                }
                continue;
            }
            let has_paragraphs = child
                .children()
                .any(|c| element_of(c).is_some_and(|e| e.name() == "p"));
            loose |= has_paragraphs;
            let blocks = self.blocks(child);
            let text = blocks.join(if has_paragraphs { "\n\n" } else { "\n" });
            let marker = if ordered {
                let m = format!("{number}.");
                number += 1;
                m
            } else {
                "-".to_string()
            };
            items.push((marker, text));
        }
        if items.is_empty() {
            return None;
        }
        let rendered: Vec<String> = items
            .iter()
            .map(|(marker, text)| {
                let first = format!("{marker} ");
                let rest = " ".repeat(first.len());
                if text.is_empty() {
                    marker.clone()
                } else {
                    prefix_lines(text, &first, &rest)
                }
            })
            .collect();
        Some(rendered.join(if loose { "\n\n" } else { "\n" }))
    }

    fn code_block(&mut self, node: NodeRef<Node>) -> String {
        let pre_lang = element_of(node).and_then(|e| class_lang(e.attr("class"), "lang-"));
        let code_lang = node
            .children()
            .filter_map(element_of)
            .find(|e| e.name() == "code")
            .and_then(|e| {
                class_lang(e.attr("class"), "language-")
                    .or_else(|| class_lang(e.attr("class"), "lang-"))
            });
        let hinted = self.next_lang.take();
        let lang = pre_lang
            .or(code_lang)
            .or(hinted)
            .or_else(|| self.all_lang.clone())
            .or_else(|| self.options.default_lang.map(str::to_string))
            .filter(|l| l != "none" && l != "default");
        let mut text = String::new();
        collect_text(node, &mut text);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let longest = longest_run(text, '`');
        let fence = "`".repeat(longest.max(2) + 1);
        format!("{fence}{}\n{text}\n{fence}", lang.unwrap_or_default())
    }

    fn table(&mut self, node: NodeRef<Node>) -> Vec<String> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        collect_rows(node, &mut |row| {
            let cells = row
                .children()
                .filter(|c| element_of(*c).is_some_and(|e| matches!(e.name(), "td" | "th")))
                .map(|cell| one_line(&self.inline_children(cell)).replace('|', "\\|"))
                .collect::<Vec<_>>();
            rows.push(cells);
        });
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return Vec::new();
        }
        let line = |cells: &[String]| {
            let mut padded: Vec<String> = cells.to_vec();
            padded.resize(width, String::new());
            format!("| {} |", padded.join(" | "))
        };
        let mut lines = Vec::new();
        let mut rows = rows.into_iter();
        let header = rows.next().unwrap_or_default();
        lines.push(line(&header));
        lines.push(format!("|{}|", vec!["---"; width].join("|")));
        for row in rows {
            lines.push(line(&row));
        }
        vec![lines.join("\n")]
    }

    fn inline_children(&mut self, node: NodeRef<Node>) -> String {
        node.children().map(|c| self.inline(c)).collect()
    }

    /// Inline Markdown of a node; blocks met inside inline context become
    /// their text separated by spaces.
    fn inline(&mut self, node: NodeRef<Node>) -> String {
        match node.value() {
            Node::Text(text) => escape_text(&collapse_space(text)),
            Node::Comment(comment) => {
                self.language_hint(comment);
                String::new()
            }
            Node::Element(element) => {
                let name = element.name();
                match name {
                    "br" => "\\\n".to_string(),
                    "strong" | "b" => wrap(&self.inline_children(node), "**"),
                    "em" | "i" | "cite" | "dfn" => wrap(&self.inline_children(node), "*"),
                    "del" | "s" | "strike" => wrap(&self.inline_children(node), "~~"),
                    "code" | "tt" => {
                        let mut text = String::new();
                        collect_text(node, &mut text);
                        inline_code(&collapse_space(&text))
                    }
                    "kbd" | "sup" | "sub" => {
                        let inner = self.inline_children(node);
                        format!("<{name}>{inner}</{name}>")
                    }
                    "a" => {
                        let text = self.inline_children(node);
                        let raw = element.attr("href").unwrap_or("").trim();
                        let local = self.options.local_link.and_then(|f| f(raw));
                        if let Some(local) = local {
                            let shown = text.trim();
                            let bare = shown.is_empty()
                                || shown == escape_text(raw)
                                || shown == escape_text(&self.absolute(raw));
                            let label = if bare {
                                escape_text(&local.title)
                            } else {
                                text
                            };
                            return format!("[{label}]({})", link_destination(&local.dest));
                        }
                        match element.attr("href").map(|h| self.absolute(h)) {
                            Some(href) if !href.is_empty() => {
                                let label = if text.trim().is_empty() {
                                    escape_text(&href)
                                } else {
                                    text
                                };
                                let title = element
                                    .attr("title")
                                    .filter(|t| !t.is_empty())
                                    .map(|t| format!(" \"{}\"", t.replace('"', "\\\"")))
                                    .unwrap_or_default();
                                format!("[{label}]({}{title})", link_destination(&href))
                            }
                            _ => text,
                        }
                    }
                    "img" => {
                        let src = element.attr("src").map(|s| self.absolute(s));
                        match src {
                            Some(src) if !src.is_empty() => format!(
                                "![{}]({})",
                                escape_text(element.attr("alt").unwrap_or("")),
                                link_destination(&src)
                            ),
                            _ => String::new(),
                        }
                    }
                    "script" | "style" => String::new(),
                    _ if is_block(name) => {
                        let blocks = self.blocks(node);
                        format!(" {} ", blocks.join(" "))
                    }
                    _ => self.inline_children(node),
                }
            }
            _ => String::new(),
        }
    }

    /// The URL made absolute against the old site; empty for schemes a
    /// page must not link to (`javascript:`, `data:`, …).
    fn absolute(&self, url: &str) -> String {
        let url = url.trim();
        let scheme = url
            .split_once(':')
            .map(|(s, _)| s)
            .filter(|s| !s.contains(['/', '?', '#']));
        if scheme.is_some_and(|s| {
            !matches!(s.to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
        }) {
            return String::new();
        }
        match self.options.base_url {
            _ if url.starts_with("//") => format!("https:{url}"),
            Some(base) if url.starts_with('/') => {
                format!("{}{url}", base.trim_end_matches('/'))
            }
            _ => url.to_string(),
        }
    }
}

fn element_of<'a>(node: NodeRef<'a, Node>) -> Option<&'a scraper::node::Element> {
    node.value().as_element()
}

fn collect_rows(node: NodeRef<Node>, on_row: &mut dyn FnMut(NodeRef<Node>)) {
    for child in node.children() {
        match element_of(child).map(|e| e.name()) {
            Some("tr") => on_row(child),
            Some("thead" | "tbody" | "tfoot") => collect_rows(child, on_row),
            _ => {}
        }
    }
}

fn collect_text(node: NodeRef<Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            Node::Element(_) => collect_text(child, out),
            _ => {}
        }
    }
}

/// `lang-py` / `language-python` in a class list; `prettyprint-override`
/// and friends are ignored.
fn class_lang(class: Option<&str>, prefix: &str) -> Option<String> {
    class?
        .split_whitespace()
        .find_map(|c| c.strip_prefix(prefix))
        .and_then(lang_name)
}

fn lang_name(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_prefix("lang-").unwrap_or(text);
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '.' | '_'));
    ok.then(|| text.to_ascii_lowercase())
}

fn flush(paragraph: &mut String, out: &mut Vec<String>) {
    let text = collapse_lines(paragraph);
    if !text.is_empty() {
        out.push(escape_line_starts(&text));
    }
    paragraph.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        convert(html, &Options::default())
    }

    #[test]
    fn paragraphs_entities_and_emphasis() {
        assert_eq!(
            md("<p>Fish &amp; chips &lt;b&gt; caf&eacute; &#8212; <strong>bold </strong>and <em>it</em></p>\n\n<p>Two</p>"),
            "Fish & chips \\<b> café — **bold** and *it*\n\nTwo"
        );
    }

    #[test]
    fn markup_characters_in_text_are_escaped() {
        assert_eq!(
            md("<p>a*b [x] snake_case _lead &amp;amp; 1 &lt; 2</p><p># not a heading</p><p>1. not a list</p>"),
            "a\\*b \\[x\\] snake_case \\_lead \\&amp; 1 < 2\n\n\\# not a heading\n\n1\\. not a list"
        );
    }

    #[test]
    fn code_blocks_keep_their_language() {
        let html = "<pre><code class=\"lang-ruby\">puts 1</code></pre><pre class=\"lang-py prettyprint-override\"><code>def f(x):\n    return x &lt; 1\n</code></pre>\n<pre><code class=\"hljs language-rust\">fn main() {}\n</code></pre><pre class=\"lang-none\"><code>plain</code></pre>";
        assert_eq!(
            md(html),
            "```ruby\nputs 1\n```\n\n```py\ndef f(x):\n    return x < 1\n```\n\n```rust\nfn main() {}\n```\n\n```\nplain\n```"
        );
    }

    #[test]
    fn code_language_from_comment_hint_then_tag_default() {
        let html =
            "<!-- language: lang-js --><pre><code>a()</code></pre><pre><code>b()</code></pre>";
        let options = Options {
            default_lang: Some("python"),
            base_url: None,
            local_link: None,
        };
        assert_eq!(
            convert(html, &options),
            "```js\na()\n```\n\n```python\nb()\n```"
        );
    }

    #[test]
    fn fences_grow_around_backticks() {
        assert_eq!(
            md("<p>Use <code>a`b</code> and <code>`x`</code></p><pre><code>```\nnested\n```</code></pre>"),
            "Use ``a`b`` and `` `x` ``\n\n````\n```\nnested\n```\n````"
        );
    }

    #[test]
    fn nested_blockquotes_and_lists() {
        let html = "<blockquote><p>outer</p><blockquote><p>inner &gt; deep</p></blockquote></blockquote><ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul><ol start=\"3\"><li><p>three</p><pre><code>x</code></pre></li><li><p>four</p></li></ol>";
        assert_eq!(
            md(html),
            "> outer\n>\n> > inner > deep\n\n- one\n  - nested\n- two\n\n3. three\n\n   ```\n   x\n   ```\n\n4. four"
        );
    }

    #[test]
    fn links_images_breaks_and_headings() {
        let options = Options {
            default_lang: None,
            base_url: Some("https://x.stackexchange.com"),
            local_link: None,
        };
        let html = "<h2>Steps <em>now</em></h2><p>See <a href=\"/questions/1/a\" title=\"T\">this</a>,<br>\n  then <img src=\"https://i.sstatic.net/a.png\" alt=\"shot\"> <a href=\"https://e.com/a (b)\"></a></p><hr><p>Press <kbd>Ctrl</kbd></p>";
        assert_eq!(
            convert(html, &options),
            "## Steps *now*\n\nSee [this](https://x.stackexchange.com/questions/1/a \"T\"),\\\nthen ![shot](https://i.sstatic.net/a.png) [https://e.com/a (b)](<https://e.com/a (b)>)\n\n***\n\nPress <kbd>Ctrl</kbd>"
        );
    }

    #[test]
    fn tables_become_gfm_tables() {
        let html = "<table><thead><tr><th>a</th><th>b|c</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>";
        assert_eq!(md(html), "| a | b\\|c |\n|---|---|\n| 1 |  |");
    }

    #[test]
    fn malformed_html_is_tolerated() {
        // as a browser does: the unclosed tags carry on into the next paragraph
        assert_eq!(
            md("<p>open <b>bold <i>both</p><p>next"),
            "open **bold *both***\n\n***next***"
        );
        assert_eq!(md(""), "");
        assert_eq!(md("<script>alert(1)</script>text"), "text");
        assert_eq!(
            md("<a href=\"javascript:alert(1)\">x</a> <img src=\"data:image/png;base64,AA\">"),
            "x"
        );
    }

    /// The text a reader sees: of the HTML as a browser shows it, and of
    /// the Markdown as townhall renders it.
    fn seen_in_html(html: &str) -> String {
        let fragment = Html::parse_fragment(html);
        // text nodes apart: every input here has its inline elements spaced
        let text: Vec<&str> = fragment.root_element().text().collect();
        let text = text.join(" ");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn seen_in_markdown(md: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        let mut text = String::new();
        for event in Parser::new_ext(md, crate::parse::markdown::options()) {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
                Event::InlineHtml(_) | Event::Html(_) => {}
                _ => {}
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn no_stray_backslashes_before_punctuation() {
        assert_eq!(
            md("<p>C:\\Users\\me, \\(x\\), 1.5 - 2 (ok), e.g. 3. 2 * 3, x &lt; y, a | b, 50% #1 + ~ -- Name!</p>"),
            "C:\\Users\\me, \\\\(x\\\\), 1.5 - 2 (ok), e.g. 3. 2 * 3, x < y, a | b, 50% #1 + ~ -- Name!"
        );
        assert_eq!(
            md("<p>-- Name</p><p>#1 fan</p><p>+1</p><p>2019. A year</p><p>Line<br>2. two<br>1. one<br> * star<br>---</p><p>a|b<br>-|-</p>"),
            "-- Name\n\n#1 fan\n\n+1\n\n2019\\. A year\n\nLine\\\n2. two\\\n1\\. one\\\n\\* star\\\n\\---\n\na|b\\\n-\\|-"
        );
        // a hard break cannot live in a heading or a table cell
        assert_eq!(
            md("<h2>Title<br>sub</h2><h3>Learn C #</h3><h3>Sets {a, b}</h3><table><tr><td>a<br>b</td><td><code>x|y</code></td></tr></table>"),
            "## Title sub\n\n### Learn C \\#\n\n### Sets {a, b\\}\n\n| a b | `x\\|y` |\n|---|---|"
        );
    }

    #[test]
    fn text_reads_the_same_after_conversion() {
        for html in [
            "<p>C:\\Users\\me and \\(x\\) and \\\\ and \\</p>",
            "<p>2 * 3 * 4, a_b_c, _x_, *y*, ~/.bashrc ~ ~~z~~, x &lt; y &lt;b&gt; &lt;/p&gt; &lt;!-- c</p>",
            "<p>a | b</p><p>-|-</p><p>| x | y |<br>|---|---|</p>",
            "<p>-- Name</p><p>- dash</p><p>+ plus</p><p>* star</p><p>_ _ _</p><p>===</p><p>Title<br>===</p>",
            "<p>1) one</p><p>1. one</p><p>12. twelve</p><p>Text<br>1. one<br>2. two</p>",
            "<p># hash</p><p>#tag</p><p>&gt; quote</p><p>&amp;amp; &amp;copy; AT&amp;T</p><p>[^1] [x]: y</p>",
            "<h2>Learn C #</h2><h3>Sets {a, b}</h3><h4>### x ###</h4>",
            "<table><tr><th>a|b</th><th>c<br>d</th></tr><tr><td><code>e|f</code></td><td>\\</td></tr></table>",
            "<p>`tick` and ``two``</p><blockquote><p>-- quoted</p><footer>— <cite>Name</cite></footer></blockquote>",
        ] {
            let converted = md(html);
            assert_eq!(seen_in_markdown(&converted), seen_in_html(html), "{html}\n=> {converted}");
        }
    }

    #[test]
    fn citations_in_block_quotes_are_kept() {
        assert_eq!(
            md("<blockquote>\n  <p>Simplicity is prerequisite for reliability.</p>\n  <footer>&mdash; <cite>Edsger W. Dijkstra</cite></footer>\n</blockquote>"),
            "> Simplicity is prerequisite for reliability.\n>\n> — *Edsger W. Dijkstra*"
        );
        assert_eq!(
            md("<blockquote><p>Premature optimization is the root of all evil. <cite>Donald Knuth</cite></p></blockquote>"),
            "> Premature optimization is the root of all evil. *Donald Knuth*"
        );
        assert_eq!(
            md("<blockquote><p>Quote.</p>- <cite><a href=\"https://example.com/talk\">The talk</a></cite></blockquote>"),
            "> Quote.\n>\n> \\- *[The talk](https://example.com/talk)*"
        );
        // the `cite` attribute, which browsers do not show, becomes a line
        assert_eq!(
            md("<blockquote cite=\"https://example.com/talk\"><p>Quote.</p></blockquote>"),
            "> Quote.\n>\n> — <https://example.com/talk>"
        );
        assert_eq!(
            md("<blockquote cite=\"https://example.com/t\"><p>Q, from <a href=\"https://example.com/t\">t</a></p></blockquote>"),
            "> Q, from [t](https://example.com/t)"
        );
        assert_eq!(
            md("<figure><blockquote><p>Q</p></blockquote><figcaption>— <cite>Name</cite></figcaption></figure>"),
            "> Q\n\n— *Name*"
        );
    }
}
