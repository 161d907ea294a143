//! Guide pages, with their structured data.

use super::views::*;
use super::*;
use crate::resolve::registry::PageRecord;

impl Renderer<'_> {
    pub(super) fn guide_job(&self, index: usize) -> PageJob {
        self.guide_job_for(index, &self.site.guides[index])
    }

    /// The job for the guide at `index`, drawn from `page` (which is
    /// `site.guides[index]` except in a `serve` preview).
    pub(super) fn guide_job_for(&self, index: usize, page: &GuidePage) -> PageJob {
        let site = self.site;
        let guide = &page.guide;
        let body = self.markdown(&guide.body, &page.links, self.guide_policy());
        let link = |i: Option<usize>| {
            i.and_then(|i| site.guides.get(i)).map(|p| LinkView {
                title: p.guide.title.clone(),
                url: site.href(&p.url),
            })
        };
        let section = site.sections.get(page.section);
        let description = page.summary.clone();
        let view = GuideView {
            title: guide.title.clone(),
            description: guide.description.clone(),
            body,
            toc: guide
                .body
                .headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .map(|h| TocEntry {
                    level: h.level,
                    title: h.text.clone(),
                    id: h.id.clone(),
                })
                .collect(),
            prev: link(page.prev),
            next: link(page.next),
            tags: guide
                .tags
                .iter()
                .filter(|(t, _)| site.tags.contains_key(t))
                .map(|(t, _)| TagLink {
                    name: t.clone(),
                    url: site.href(&site.tag_url(t)),
                })
                .collect(),
            updated: guide.updated.map(|d| self.date(d)),
            updated_iso: guide.updated.map(|d| d.to_string()),
            authors: guide.authors.clone(),
            edit_url: forge::edit_url(&site.config, &guide.path),
            section: LinkView {
                title: section.map(|s| s.title.clone()).unwrap_or_default(),
                url: site.href(section.map_or("/guides/", |s| s.url.as_str())),
            },
            extra: guide.extra.clone(),
        };
        let mut meta = self.meta(&guide.title, &description, &page.url, "article", "guides");
        meta.noindex |= guide.draft;
        let mut crumbs = self.breadcrumbs(page.section);
        crumbs.push(LinkView {
            title: guide.title.clone(),
            url: site.href(&page.url),
        });
        PageJob {
            template: "guide.html",
            path: Self::output_path(&page.url),
            meta,
            page: json(&view),
            breadcrumbs: crumbs,
            nav: Some(self.nav(page.section, Some(index))),
            json_ld: vec![self.article_ld(page, &description)],
        }
    }

    /// TechArticle structured data for a guide.
    pub(super) fn article_ld(
        &self,
        page: &crate::resolve::GuidePage,
        description: &str,
    ) -> serde_json::Value {
        let site = self.site;
        let guide = &page.guide;
        let authors: Vec<serde_json::Value> = if guide.authors.is_empty() {
            vec![
                serde_json::json!({"@type": "Organization", "name": site.config.title, "url": site.absolute("/")}),
            ]
        } else {
            guide
                .authors
                .iter()
                .map(|a| serde_json::json!({"@type": "Person", "name": a}))
                .collect()
        };
        let modified = guide.updated.unwrap_or(site.options.today).to_string();
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "TechArticle",
            "headline": guide.title,
            "description": description,
            "url": site.absolute(&page.url),
            "mainEntityOfPage": site.absolute(&page.url),
            "dateModified": modified,
            "author": authors,
            "inLanguage": site.config.language,
            "publisher": {"@type": "Organization", "name": site.config.title, "url": site.absolute("/")},
        });
        if let Some(image) = &self.site_view.image {
            ld["image"] = serde_json::Value::String(image.clone());
        }
        ld
    }

    /// A guide as a card in a list (section pages, tag pages).
    pub(super) fn guide_card(&self, page: &GuidePage) -> Card {
        Card {
            title: page.guide.title.clone(),
            url: self.site.href(&page.url),
            description: Some(page.summary.clone()),
            meta: None,
        }
    }

    /// A card for a page of the registry: its title and link, with `meta`
    /// under it.
    pub(super) fn record_card(&self, record: &PageRecord, meta: String) -> Card {
        Card {
            title: record.title.to_string(),
            url: self.site.href(&record.url),
            description: None,
            meta: Some(meta),
        }
    }
}
