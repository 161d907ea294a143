//! The tag index and one page per tag.

use super::views::*;
use super::*;
use crate::resolve::registry::PageKind;

impl Renderer<'_> {
    pub(super) fn tags_job(&self) -> PageJob {
        let site = self.site;
        let tags = site
            .tags
            .iter()
            .map(|(name, pages)| TagCount {
                name: name.clone(),
                url: site.href(&site.tag_url(name)),
                count: pages.len(),
            })
            .collect();
        PageJob {
            template: "tags.html",
            path: "tags/index.html".into(),
            meta: self.meta(
                "Tags",
                "Every topic of this knowledge base",
                "/tags/",
                "website",
                "tags",
            ),
            page: json(&TagsView {
                title: "Tags".into(),
                tags,
            }),
            breadcrumbs: self.trail(&[("Tags", "/tags/")]),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    pub(super) fn tag_job(&self, tag: &str) -> PageJob {
        let site = self.site;
        let empty = crate::resolve::TagPages::default();
        let pages = site.tags.get(tag).unwrap_or(&empty);
        let guides: Vec<Card> = pages
            .guides
            .iter()
            .filter_map(|&g| site.guides.get(g))
            .map(|page| self.guide_card(page))
            .collect();
        let questions: Vec<Card> = pages
            .questions
            .iter()
            .filter_map(|&q| Some((site.page(PageKind::Question, q)?, site.questions.get(q)?)))
            .map(|(record, page)| {
                let meta = format!(
                    "{} · asked {}",
                    plural(page.answers.len(), "answer"),
                    self.date(page.question.asked)
                );
                self.record_card(&record, meta)
            })
            .collect();
        let ideas: Vec<Card> = pages
            .ideas
            .iter()
            .filter_map(|&i| Some((site.page(PageKind::Idea, i)?, site.ideas.get(i)?)))
            .map(|(record, page)| {
                let meta = format!(
                    "{} · {} net votes",
                    page.idea.status.label(),
                    page.facts.net
                );
                self.record_card(&record, meta)
            })
            .collect();
        let groups = [
            ("guides", "Guides", guides),
            ("questions", "Questions", questions),
            ("ideas", "Ideas", ideas),
        ]
        .into_iter()
        .filter(|(_, _, items)| !items.is_empty())
        .map(|(kind, title, items)| TagGroup { kind, title, items })
        .collect();
        let url = site.tag_url(tag);
        PageJob {
            template: "tag.html",
            path: Self::output_path(&url),
            meta: self.meta(
                &format!("Tagged “{tag}”"),
                &format!("Guides, questions and ideas about {tag}"),
                &url,
                "website",
                "tags",
            ),
            page: json(&TagView {
                name: tag.to_string(),
                groups,
            }),
            breadcrumbs: self.trail(&[("Tags", "/tags/"), (tag, &url)]),
            nav: None,
            json_ld: Vec::new(),
        }
    }
}
