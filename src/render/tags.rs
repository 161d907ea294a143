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
                self.text("tags"),
                self.text("tags_description"),
                "/tags/",
                "website",
                "tags",
            ),
            page: json(&TagsView {
                title: self.text("tags").to_string(),
                tags,
            }),
            breadcrumbs: self.trail(&[(self.text("tags"), "/tags/")]),
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
                    "{} · {} {}",
                    self.count_text(page.answers.len(), "one_answer", "n_answers"),
                    self.text("asked"),
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
                let net = page.facts.net.to_string();
                let meta = format!(
                    "{} · {}",
                    self.status_label(page.idea.status),
                    self.text_with("n_net_votes", &[("n", &net)])
                );
                self.record_card(&record, meta)
            })
            .collect();
        let groups = [
            ("guides", guides),
            ("questions", questions),
            ("ideas", ideas),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(kind, items)| TagGroup {
            kind,
            title: self.text(kind).to_string(),
            items,
        })
        .collect();
        let url = site.tag_url(tag);
        PageJob {
            template: "tag.html",
            path: Self::output_path(&url),
            meta: self.meta(
                &self.text_with("tagged", &[("tag", tag)]),
                &self.text_with("tag_description", &[("tag", tag)]),
                &url,
                "website",
                "tags",
            ),
            page: json(&TagView {
                name: tag.to_string(),
                groups,
            }),
            breadcrumbs: self.trail(&[(self.text("tags"), "/tags/"), (tag, &url)]),
            nav: None,
            json_ld: Vec::new(),
        }
    }
}
