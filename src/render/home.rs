//! The home page: what the community is, search, the ways in, and recent activity.

use super::views::*;
use super::*;

impl Renderer<'_> {
    pub(super) fn home_job(&self) -> PageJob {
        let site = self.site;
        let root = site.sections.first();
        let sections = root
            .map(|r| {
                r.children
                    .iter()
                    .filter_map(|&c| site.sections.get(c))
                    .map(|s| self.section_card(s))
                    .collect()
            })
            .unwrap_or_default();
        let mut recent: Vec<_> = site
            .guides
            .iter()
            .filter(|g| g.guide.updated.is_some())
            .collect();
        recent.sort_by(|a, b| {
            b.guide
                .updated
                .cmp(&a.guide.updated)
                .then_with(|| a.url.cmp(&b.url))
        });
        let recent = recent
            .into_iter()
            .take(8)
            .map(|g| Card {
                title: g.guide.title.clone(),
                url: site.href(&g.url),
                description: None,
                meta: g.guide.updated.map(|d| self.date(d)),
            })
            .collect();
        let (title, intro, description) = match &site.home {
            Some(home) => (
                home.title.clone(),
                Some(self.markdown(&home.body, &site.home_links, self.guide_policy())),
                home.description
                    .clone()
                    .unwrap_or_else(|| site.config.description.clone()),
            ),
            None => (
                site.config.title.clone(),
                None,
                site.config.description.clone(),
            ),
        };
        PageJob {
            template: "home.html",
            json_ld: vec![serde_json::json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": site.config.title,
                "description": site.config.description,
                "url": site.absolute("/"),
                "inLanguage": site.config.language,
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": format!("{}?q={{search_term_string}}", site.absolute("/search/"))},
                    "query-input": "required name=search_term_string"
                }
            })],
            path: "index.html".into(),
            meta: self.meta(
                &title,
                &self.site_description(&description),
                "/",
                "website",
                "",
            ),
            page: json(&HomeView {
                title,
                description: description.clone(),
                intro,
                ask_url: self.ask_url(),
                propose_url: self.propose_url(),
                sections,
                recent,
                questions: site
                    .questions
                    .iter()
                    .filter(|q| q.duplicate_of.is_none())
                    .take(5)
                    .map(|q| self.question_row(q))
                    .collect(),
                unanswered: site
                    .questions
                    .iter()
                    .filter(|q| q.duplicate_of.is_none() && q.answers.is_empty())
                    .count(),
                top_ideas: {
                    let mut open: Vec<_> = site
                        .ideas
                        .iter()
                        .filter(|i| i.idea.status == crate::parse::Status::Open)
                        .collect();
                    open.sort_by(|a, b| {
                        b.facts
                            .net
                            .cmp(&a.facts.net)
                            .then(a.idea.slug.cmp(&b.idea.slug))
                    });
                    open.into_iter()
                        .take(5)
                        .map(|i| self.idea_card(i))
                        .collect()
                },
                shipped: self
                    .recently_shipped()
                    .into_iter()
                    .take(5)
                    .map(|i| self.idea_card(i))
                    .collect(),
            }),
            breadcrumbs: Vec::new(),
            nav: None,
        }
    }

    /// The home page's description, never empty.
    pub(super) fn site_description(&self, description: &str) -> String {
        if description.trim().is_empty() {
            self.text_with("home_description", &[("site", &self.site.config.title)])
        } else {
            description.to_string()
        }
    }
}
