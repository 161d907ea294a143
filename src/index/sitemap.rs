//! `sitemap.xml` with every public page and its `lastmod`, and `robots.txt`.

use super::feeds::escape;
use crate::output::Output;
use crate::resolve::languages::Languages;
use crate::resolve::{Profile, Site};

/// (url path, lastmod) of every page that belongs in the sitemap: the
/// listed pages of the site's page registry, sorted by URL. Pages with no
/// date of their own (lists, sections, undated guides) change with the
/// build.
pub fn entries(site: &Site) -> Vec<(String, String)> {
    let today = site.options.today;
    let mut entries: Vec<(String, String)> = site
        .pages()
        .into_iter()
        .filter(|page| page.is_listed())
        .map(|page| (page.url, page.changed.unwrap_or(today).to_string()))
        .collect();
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    entries
}

/// The sitemap protocol's limit of URLs per file.
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;

fn urlset(site: &Site, entries: &[(String, String)]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in entries {
        xml.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod></url>\n",
            escape(&site.absolute(url))
        ));
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

/// `sitemap.xml`: one urlset, or, past 50,000 URLs, a sitemap index
/// pointing at `sitemap-1.xml`, `sitemap-2.xml`, ….
pub fn sitemaps(site: &Site, entries: &[(String, String)], max: usize) -> Vec<Output> {
    split(
        site,
        entries,
        max,
        |(_, d)| d.as_str(),
        |chunk| urlset(site, chunk),
    )
}

/// One urlset of `entries`, or past `max` entries a sitemap index over
/// urlsets of at most `max` each.
fn split<T>(
    site: &Site,
    entries: &[T],
    max: usize,
    lastmod: impl Fn(&T) -> &str,
    urlset: impl Fn(&[T]) -> Vec<u8>,
) -> Vec<Output> {
    if entries.len() <= max {
        return vec![Output::Bytes {
            path: "sitemap.xml".into(),
            bytes: urlset(entries),
        }];
    }
    let mut outputs = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in entries.chunks(max.max(1)).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        let lastmod = chunk.iter().map(&lastmod).max().unwrap_or_default();
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc><lastmod>{lastmod}</lastmod></sitemap>\n",
            escape(&site.absolute(&format!("/{path}")))
        ));
        outputs.push(Output::Bytes {
            path,
            bytes: urlset(chunk),
        });
    }
    index.push_str("</sitemapindex>\n");
    outputs.push(Output::Bytes {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    outputs
}

/// A multilingual site's sitemap entry: the page's absolute URL in one
/// language, its lastmod, and its `hreflang` alternates (x-default last).
struct LanguageEntry {
    loc: String,
    lastmod: String,
    alternates: Vec<(String, String)>,
}

/// Every language's pages that have their own version (a page shown
/// untranslated names the original as canonical and is left out), each
/// with its alternates: the default language's, then each other's.
fn language_entries(site: &Site, languages: &Languages) -> Vec<LanguageEntry> {
    let mut all = Vec::new();
    for one in std::iter::once(site).chain(&site.translations) {
        let code = one.language();
        for (url, lastmod) in entries(one) {
            if !languages.has_version(&url, code) {
                continue;
            }
            let mut alternates: Vec<(String, String)> = languages
                .list
                .iter()
                .filter(|l| languages.has_version(&url, &l.code))
                .map(|l| (l.code.clone(), languages.absolute(&l.code, &url)))
                .collect();
            alternates.push((
                "x-default".into(),
                languages.absolute(&languages.default, &url),
            ));
            all.push(LanguageEntry {
                loc: languages.absolute(code, &url),
                lastmod,
                alternates,
            });
        }
    }
    all
}

fn language_urlset(entries: &[LanguageEntry]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for entry in entries {
        xml.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{}</lastmod>",
            escape(&entry.loc),
            entry.lastmod
        ));
        for (hreflang, href) in &entry.alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                escape(href)
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

/// `sitemap.xml` of a multilingual site: one urlset, or past `max` URLs
/// a sitemap index over `sitemap-<n>.xml`, as for one language.
fn language_sitemaps(site: &Site, languages: &Languages, max: usize) -> Vec<Output> {
    let entries = match site.options.profile {
        Profile::Public => language_entries(site, languages),
        Profile::Internal => Vec::new(),
    };
    split(site, &entries, max, |e| e.lastmod.as_str(), language_urlset)
}

pub fn outputs(site: &Site) -> Vec<Output> {
    let mut outputs = match site.languages.as_deref() {
        Some(languages) => language_sitemaps(site, languages, MAX_URLS_PER_SITEMAP),
        None => {
            let entries = match site.options.profile {
                Profile::Public => entries(site),
                Profile::Internal => Vec::new(),
            };
            sitemaps(site, &entries, MAX_URLS_PER_SITEMAP)
        }
    };
    let robots = match site.options.profile {
        Profile::Public => {
            let mut text = String::from("User-agent: *\n");
            if site.config.robots_disallow.is_empty() {
                text.push_str("Allow: /\n");
            }
            for path in &site.config.robots_disallow {
                text.push_str(&format!("Disallow: {}{}\n", site.base.path, path));
            }
            text.push_str(&format!("\nSitemap: {}\n", site.absolute("/sitemap.xml")));
            text
        }
        Profile::Internal => "User-agent: *\nDisallow: /\n".to_string(),
    };
    outputs.push(Output::Bytes {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
    });
    outputs
}
