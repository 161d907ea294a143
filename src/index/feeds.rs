//! Atom 1.0 feeds: `/atom.xml` (new and updated guides and questions),
//! `/ideas/atom.xml` (every idea status change) and one feed per idea.
//! Entry ids are absolute URLs, stable across builds.

use crate::clock::Date;
use crate::output::Output;
use crate::parse::Idea;
use crate::resolve::registry::PageKind;
use crate::resolve::{IdeaPage, Site};

const MAX_ENTRIES: usize = 50;

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // characters XML 1.0 forbids
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Entry {
    id: String,
    title: String,
    link: String,
    updated: Date,
    summary: String,
    author: String,
}

fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

fn feed(site: &Site, path: &str, title: &str, page_url: &str, mut entries: Vec<Entry>) -> Output {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(MAX_ENTRIES);
    let updated = entries.first().map_or(site.options.today, |e| e.updated);
    let self_url = site.absolute(&format!("/{path}"));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(title)));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&self_url)));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&self_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&site.absolute(page_url))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&site.config.title)
    ));
    xml.push_str("  <generator>townhall</generator>\n");
    for e in entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&e.link)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(e.updated)
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(&e.author)
        ));
        if !e.summary.is_empty() {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(&e.summary)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Output::Bytes {
        path: path.to_string(),
        bytes: xml.into_bytes(),
    }
}

/// New and updated guides and questions: the listed pages of the registry
/// that have a date of their own.
pub(crate) fn site_feed(site: &Site) -> Output {
    let entries = site
        .pages_of(PageKind::Guide)
        .chain(site.pages_of(PageKind::Question))
        .filter(|p| p.is_listed())
        .filter_map(|page| {
            Some(Entry {
                id: site.absolute(&page.url),
                title: page.title.to_string(),
                link: site.absolute(&page.url),
                updated: page.changed?,
                summary: page.summary.to_string(),
                author: page.author.unwrap_or(&site.config.title).to_string(),
            })
        })
        .collect();
    feed(site, "atom.xml", &site.config.title, "/", entries)
}

fn idea_entries(site: &Site, page: &IdeaPage, words: &super::Words) -> Vec<Entry> {
    let idea: &Idea = &page.idea;
    idea.history
        .iter()
        .enumerate()
        .map(|(i, h)| Entry {
            id: format!(
                "{}#status-{}-{}",
                site.absolute(&page.url),
                i + 1,
                h.status.as_str()
            ),
            title: format!("{}: {}", idea.title, status_word(words, h.status, "")),
            link: site.absolute(&page.url),
            updated: h.date,
            summary: if h.note.is_empty() {
                status_word(words, h.status, "_meaning").to_string()
            } else {
                h.note.clone()
            },
            author: idea
                .owner
                .clone()
                .filter(|_| h.status != crate::parse::Status::Open)
                .unwrap_or_else(|| idea.author.clone()),
        })
        .collect()
}

/// A status's name (`suffix` "") or meaning ("_meaning") in `words`.
fn status_word(words: &super::Words, status: crate::parse::Status, suffix: &str) -> String {
    super::word(words, &status.text_key(suffix)).to_string()
}

pub(crate) fn idea_feeds(site: &Site, words: &super::Words) -> Vec<Output> {
    if site.ideas.is_empty() {
        return Vec::new();
    }
    let all = site
        .ideas
        .iter()
        .flat_map(|p| idea_entries(site, p, words))
        .collect();
    let mut outputs = vec![feed(
        site,
        "ideas/atom.xml",
        &fill(
            super::word(words, "feed_idea_changes"),
            &site.config.title,
            "",
        ),
        "/ideas/",
        all,
    )];
    for page in &site.ideas {
        let path = format!("{}atom.xml", page.url.trim_start_matches('/'));
        outputs.push(feed(
            site,
            &path,
            &fill(
                super::word(words, "feed_idea_status"),
                &site.config.title,
                &page.idea.title,
            ),
            &page.url,
            idea_entries(site, page, words),
        ));
    }
    outputs
}

/// A feed title's `{site}` and `{title}` filled.
fn fill(text: &str, site: &str, title: &str) -> String {
    text.replace("{site}", site).replace("{title}", title)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_drops_forbidden_characters() {
        assert_eq!(escape("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
