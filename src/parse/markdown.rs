//! One pulldown-cmark pass over a body that collects the facts later stages
//! need: headings with their ids, links with their positions, a summary and
//! the plain text. No HTML is produced here and nothing about the site is known.

use super::raw_html;
use crate::diag::{Code, Diagnostic, Span, SpanCursor};
use crate::slug::slugify;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// The Markdown dialect of every body: CommonMark plus GFM tables, task
/// lists, strikethrough, footnotes, alerts and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Unique on the page; the render stage assigns these in document order.
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkKind {
    Link,
    Image,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub dest: String,
    pub kind: LinkKind,
    /// Position of the destination in the file.
    pub span: Span,
}

#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Markdown {
    /// The whole file, shared with the loaded source rather than copied: a
    /// site's text is its largest part, and it is held once; after
    /// [`Markdown::release`], not held at all but read again when asked.
    /// Not kept with a stored parse: `reattach` gives it back.
    #[serde(skip)]
    file: FileText,
    body_offset: usize,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Ids written in raw HTML (`<span id>`, `<a name>`): link targets
    /// like heading ids.
    pub html_ids: Vec<String>,
    /// The first paragraph as plain text.
    pub first_paragraph: String,
}

/// The text of a body's file.
#[derive(Clone)]
enum FileText {
    Held(Arc<str>),
    /// Released: read from disk again when the body is rendered.
    OnDisk(Arc<OnDisk>),
}

impl Default for FileText {
    fn default() -> Self {
        FileText::Held(Arc::from(""))
    }
}

/// Where a released file is, and what it held, to tell whether it is
/// still what was parsed.
struct OnDisk {
    /// As diagnostics name it: relative to the site's root.
    path: std::path::PathBuf,
    abs: std::path::PathBuf,
    digest: u128,
}

fn digest_of(file: &str) -> u128 {
    crate::hash::Digest::new().bytes(file.as_bytes()).finish()
}

/// The file's text is shown by its digest: pages are digested through
/// `Debug` (the persistent cache's keys), and escaping a site's whole text
/// character by character cost more than all the rest of that.
impl std::fmt::Debug for Markdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Markdown {
            file,
            body_offset,
            headings,
            links,
            html_ids,
            first_paragraph,
        } = self;
        let file = match file {
            FileText::Held(text) => digest_of(text),
            FileText::OnDisk(disk) => disk.digest,
        };
        f.debug_struct("Markdown")
            .field("file", &format_args!("{file:032x}"))
            .field("body_offset", body_offset)
            .field("headings", headings)
            .field("links", links)
            .field("html_ids", html_ids)
            .field("first_paragraph", first_paragraph)
            .finish()
    }
}

impl Markdown {
    /// Gives a stored parse back the text of its file (see `parse::stored`).
    pub(crate) fn reattach(&mut self, file: &Arc<str>) {
        self.file = FileText::Held(file.clone());
    }

    /// Stops holding the file's text: it is read again from `abs` (`path`
    /// relative to the site's root) each time the body is asked for. A
    /// site's text is most of its memory, and only rendering and the search
    /// index read it, one page at a time.
    pub(crate) fn release(&mut self, path: &Path, abs: &Path) {
        if let FileText::Held(text) = &self.file {
            self.file = FileText::OnDisk(Arc::new(OnDisk {
                path: path.to_path_buf(),
                abs: abs.to_path_buf(),
                digest: digest_of(text),
            }));
        }
    }

    /// The Markdown body: the file after its front matter. Read from disk
    /// when the file was released; an error when it can no longer be read
    /// or is not what was parsed (it changed during the build).
    pub fn text(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let disk = match &self.file {
            FileText::Held(file) => {
                return Ok(file.get(self.body_offset..).unwrap_or("").into());
            }
            FileText::OnDisk(disk) => disk,
        };
        let source = crate::load::read_source(disk.path.clone(), &disk.abs)?;
        if digest_of(&source.text) != disk.digest {
            return Err(Diagnostic::error(
                Code::UNREADABLE,
                &disk.path,
                "the file changed while the site was being built",
            )
            .hint("build again"));
        }
        Ok(source
            .text
            .get(self.body_offset..)
            .unwrap_or("")
            .to_string()
            .into())
    }

    /// The body's text; empty where `text` fails, for uses beside a page's
    /// render, which reports the failure.
    pub fn text_or_empty(&self) -> std::borrow::Cow<'_, str> {
        self.text().unwrap_or_default()
    }

    /// All the body's text without its markup, a block a line. Made when
    /// asked (structured data, duplicate detection) rather than kept: most
    /// pages never need it, and holding it beside the source doubled the
    /// text a large site keeps in memory.
    pub fn plain(&self) -> String {
        plain_text(&self.text_or_empty())
    }

    /// Feeds `digest` with what other pages can read of this body: its
    /// headings and ids (link targets) and its first paragraph (a summary),
    /// not its text.
    pub(crate) fn digest_outline(&self, digest: &mut crate::hash::Digest) {
        let Markdown {
            file: _,
            body_offset: _,
            headings,
            links: _,
            html_ids,
            first_paragraph,
        } = self;
        digest.debug(&(headings, html_ids, first_paragraph));
    }

    pub fn heading_ids(&self) -> impl Iterator<Item = &str> {
        self.headings.iter().map(|h| h.id.as_str())
    }

    /// Every id a link can point at: headings', then raw HTML's.
    pub fn anchor_ids(&self) -> impl Iterator<Item = &str> {
        self.heading_ids()
            .chain(self.html_ids.iter().map(String::as_str))
    }
}

/// Scans the body of `file`, which starts at byte `body_offset`.
pub fn scan(path: &Path, file: &Arc<str>, body_offset: usize) -> (Markdown, Vec<Diagnostic>) {
    let file_text: &str = file;
    let body = file_text.get(body_offset..).unwrap_or("");
    let mut diagnostics = Vec::new();
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut first_paragraph = String::new();
    let mut ids = IdAllocator::default();
    let mut cursor = SpanCursor::new(file_text);
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    let mut custom_heading = Vec::new();
    let mut html_ids: Vec<(String, Span)> = Vec::new();
    // Consecutive lines of one HTML block, read together so a tag may
    // span lines: (text, start, end) in the body.
    let mut html_block: Option<(String, usize, usize)> = None;
    let raw = RawHtml { body, body_offset };
    let mut paragraph_depth = 0usize;
    let mut first_done = false;
    let mut in_first = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Event::Html(html) = &event {
            match html_block.as_mut() {
                Some((text, _, end)) if *end == range.start => {
                    text.push_str(html);
                    *end = range.end;
                }
                _ => {
                    if let Some((text, start, _)) = html_block.take() {
                        raw.read(&text, start, &mut cursor, &mut links, &mut html_ids);
                    }
                    html_block = Some((html.to_string(), range.start, range.end));
                }
            }
            continue;
        }
        if let Some((text, start, _)) = html_block.take() {
            raw.read(&text, start, &mut cursor, &mut links, &mut html_ids);
        }
        match event {
            Event::InlineHtml(html) => {
                raw.read(&html, range.start, &mut cursor, &mut links, &mut html_ids);
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|i| i.to_string()),
                    String::new(),
                    range.start,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, text, start)) = heading.take() {
                    let text = text.trim().to_string();
                    custom_heading.push(custom.is_some());
                    let id = match custom {
                        Some(custom) => {
                            if !ids.claim(&custom) {
                                diagnostics.push(
                                    Diagnostic::error(
                                        Code::DUPLICATE_ID,
                                        path,
                                        format!("heading id `{custom}` is used twice on this page"),
                                    )
                                    .at(cursor.span(body_offset + start, 1))
                                    .hint("give each `{#id}` a unique name"),
                                );
                            }
                            custom
                        }
                        None => ids.allocate(&slugify(&text)),
                    };
                    headings.push(Heading { level, text, id });
                }
            }
            // `<help@example.com>` is a mailto: link, never a file
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let kind = if body.get(range.clone()).is_some_and(|s| s.starts_with('!')) {
                    LinkKind::Image
                } else {
                    LinkKind::Link
                };
                let source = body.get(range.clone()).unwrap_or("");
                let within = source.rfind(dest_url.as_ref()).unwrap_or(0);
                let span = cursor.span(
                    body_offset + range.start + within,
                    dest_url.chars().count().max(1),
                );
                links.push(Link {
                    dest: dest_url.to_string(),
                    kind,
                    span,
                });
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                if !first_done && heading.is_none() {
                    in_first = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if in_first {
                    in_first = false;
                    first_done = !first_paragraph.trim().is_empty();
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading_text, _)) = heading.as_mut() {
                    heading_text.push_str(&text);
                }
                if in_first {
                    first_paragraph.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak if in_first => first_paragraph.push(' '),
            _ => {}
        }
    }
    if let Some((text, start, _)) = html_block.take() {
        raw.read(&text, start, &mut cursor, &mut links, &mut html_ids);
    }
    let html_ids = reconcile_ids(
        path,
        &mut headings,
        &custom_heading,
        html_ids,
        &mut ids,
        &mut diagnostics,
    );
    let markdown = Markdown {
        file: FileText::Held(Arc::clone(file)),
        body_offset,
        headings,
        links,
        html_ids,
        first_paragraph: first_paragraph
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    };
    (markdown, diagnostics)
}

/// The text of Markdown `body` without its markup: text and code as
/// written, a line break after each block (heading, paragraph, code block,
/// list item, table cell) so blocks do not run together, a space for a line
/// break inside one; raw HTML left out.
fn plain_text(body: &str) -> String {
    let mut plain = String::with_capacity(body.len());
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(text) | Event::Code(text) => plain.push_str(&text),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableCell,
            ) => plain.push('\n'),
            _ => {}
        }
    }
    plain
}

/// Reads the ids and URLs of raw HTML found in the body.
struct RawHtml<'a> {
    body: &'a str,
    body_offset: usize,
}

impl RawHtml<'_> {
    /// `html` starts at byte `start` of the body (its text is the body's
    /// there, except inside containers whose markers pulldown-cmark strips).
    fn read(
        &self,
        html: &str,
        start: usize,
        cursor: &mut SpanCursor<'_>,
        links: &mut Vec<Link>,
        ids: &mut Vec<(String, Span)>,
    ) {
        let exact = self.body.get(start..start + html.len()) == Some(html);
        let attributes = raw_html::attributes(html);
        let mut spans: Vec<(usize, usize)> = attributes
            .iter()
            .map(|a| {
                let offset = if exact {
                    start + a.value_range.start
                } else {
                    start
                };
                (offset, a.value.chars().count().max(1))
            })
            .collect();
        // the cursor moves forward only
        spans.sort_unstable();
        let mut positions = std::collections::HashMap::new();
        for (offset, len) in spans {
            positions.insert(offset, cursor.span(self.body_offset + offset, len));
        }
        for a in &attributes {
            let offset = if exact {
                start + a.value_range.start
            } else {
                start
            };
            let span = positions
                .get(&offset)
                .copied()
                .unwrap_or(Span::new(1, 1, 1));
            if a.is_anchor() {
                let id = a.decoded();
                if !id.is_empty() {
                    ids.push((id, span));
                }
            } else if let Some(image) = a.url_kind() {
                let kind = if image {
                    LinkKind::Image
                } else {
                    LinkKind::Link
                };
                links.push(Link {
                    dest: a.decoded(),
                    kind,
                    span,
                });
            }
        }
    }
}

/// Raw-HTML ids beside heading ids: a generated heading id that a raw id
/// already takes moves aside (`setup` -> `setup-1`), a repeated raw id is
/// left out of the page; both are warnings, and no id is on the page twice.
fn reconcile_ids(
    path: &Path,
    headings: &mut [Heading],
    custom: &[bool],
    html_ids: Vec<(String, Span)>,
    ids: &mut IdAllocator,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if html_ids.is_empty() {
        return Vec::new();
    }
    let mut kept: Vec<String> = Vec::with_capacity(html_ids.len());
    let mut raw: BTreeSet<String> = BTreeSet::new();
    for (id, span) in html_ids {
        let duplicate = |what: &str| {
            Diagnostic::warning(
                Code::DUPLICATE_ID,
                path,
                format!("id `{id}` is already {what}; this one is left out of the page"),
            )
            .at(span)
            .hint("give each id on a page its own name")
        };
        if raw.contains(&id) {
            diagnostics.push(duplicate("given to another element"));
            continue;
        }
        let heading = headings.iter().position(|h| h.id == id);
        match heading {
            Some(index) if custom.get(index).copied().unwrap_or(false) => {
                diagnostics.push(duplicate("a heading's `{#id}`"));
                continue;
            }
            Some(index) => {
                raw.insert(id.clone());
                if let Some(h) = headings.get_mut(index) {
                    let moved = ids.allocate(&id);
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::DUPLICATE_ID,
                            path,
                            format!(
                                "id `{id}` in raw HTML is also the id of the heading “{}”, which gets `{moved}` instead",
                                h.text
                            ),
                        )
                        .at(span)
                        .hint("rename the HTML id, or give the heading its own `{#id}`"),
                    );
                    h.id = moved;
                }
            }
            None => {
                ids.claim(&id);
                raw.insert(id.clone());
            }
        }
        kept.push(id);
    }
    kept
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Unique heading ids, GitHub-style: `setup`, `setup-1`, `setup-2`.
#[derive(Default)]
struct IdAllocator {
    used: BTreeSet<String>,
}

impl IdAllocator {
    fn claim(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    fn allocate(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.claim(base) {
            return base.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.claim(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// A description from the first paragraph: at most `max` characters, cut at a word.
pub fn summarize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_body(body: &str) -> (Markdown, Vec<Diagnostic>) {
        scan(Path::new("a.md"), &Arc::from(body), 0)
    }

    #[test]
    fn a_released_body_is_read_again_and_a_changed_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let abs = dir.path().join("a.md");
        let file = "---\ntitle: A\n---\r\n## Setup\r\n\r\nText.\r\n";
        std::fs::write(&abs, file).unwrap();
        // as loading reads it: line endings normalised
        let source = crate::load::read_source("a.md".into(), &abs).unwrap();
        let offset = source.text.find("## Setup").unwrap();
        let (held, _) = scan(Path::new("a.md"), &source.text, offset);
        let mut released = held.clone();
        released.release(Path::new("a.md"), &abs);
        assert_eq!(released.text().unwrap(), held.text().unwrap());
        assert_eq!(released.text().unwrap(), "## Setup\n\nText.\n");
        // the persistent cache keys pages by this: the same either way
        assert_eq!(format!("{released:?}"), format!("{held:?}"));

        std::fs::write(&abs, file.replace("Text.", "Edited.")).unwrap();
        let problem = released.text().unwrap_err();
        assert_eq!(problem.code, Code::UNREADABLE);
        assert!(problem.message.contains("changed"), "{}", problem.message);
        assert_eq!(released.text_or_empty(), "");
        std::fs::remove_file(&abs).unwrap();
        assert!(released.text().is_err());
        // a held body is not read again
        assert_eq!(held.text().unwrap(), "## Setup\n\nText.\n");
    }

    #[test]
    fn heading_ids_are_unique_and_custom_ids_honoured() {
        let (md, diags) =
            scan_body("## Setup\n\n## Setup\n\n### Other {#custom}\n\n## `code` *em*\n");
        let ids: Vec<_> = md.heading_ids().collect();
        assert_eq!(ids, ["setup", "setup-1", "custom", "code-em"]);
        assert_eq!(md.headings[2].text, "Other");
        assert!(diags.is_empty());
    }

    #[test]
    fn duplicate_custom_id_is_an_error() {
        let (_, diags) = scan_body("## A {#x}\n\n## B {#x}\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::DUPLICATE_ID);
        assert_eq!(diags[0].span.unwrap().line, 3);
    }

    #[test]
    fn links_carry_the_position_of_their_destination() {
        let file =
            "---\ntitle: x\n---\nSee [refunds](../billing/refunds.md#partial) and ![i](a.png).\n";
        let body_offset = 17;
        let (md, _) = scan(Path::new("a.md"), &Arc::from(file), body_offset);
        assert_eq!(md.links.len(), 2);
        assert_eq!(md.links[0].dest, "../billing/refunds.md#partial");
        assert_eq!(md.links[0].span, Span::new(4, 15, 29));
        assert_eq!(md.links[1].kind, LinkKind::Image);
    }

    #[test]
    fn headings_end_their_own_line_of_plain_text() {
        let (md, _) = scan_body("## Keep it cold\n\nTomatoes too.\n");
        assert!(md.plain().contains("cold\nTomatoes"), "{:?}", md.plain());
    }

    #[test]
    fn first_paragraph_skips_headings() {
        let (md, _) = scan_body("## Intro\n\nHello *there*,\nfriend.\n\nMore.");
        assert_eq!(md.first_paragraph, "Hello there, friend.");
    }

    #[test]
    fn summarize_cuts_at_words() {
        assert_eq!(summarize("short", 10), "short");
        assert_eq!(summarize("one two three four", 10), "one two…");
    }
}
