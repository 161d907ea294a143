//! The page registry: one record per public page of the site, in one place,
//! so that what lists pages (the sitemap today) asks here instead of knowing
//! every page kind and its rules (drafts and duplicates left out, what
//! "last modified" means for each kind).

use super::Site;
use crate::clock::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    Home,
    Section,
    Guide,
    Question,
    Idea,
    /// `/questions/`, `/ideas/`, `/roadmap/`, `/changelog/`, `/stats/`, `/tags/`
    Listing,
    Tag,
}

/// One public page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord<'s> {
    pub kind: PageKind,
    /// The URL path (`/guides/billing/refunds/`).
    pub url: String,
    pub title: &'s str,
    /// When its content last changed: a guide's `updated`, a question's
    /// newest answer, an idea's last status change; today for pages that
    /// list others.
    pub updated: Date,
}

impl Site {
    /// Every public page, in kind order (home, sections, guides, questions,
    /// ideas, listings, tags). Drafts and duplicates (which redirect to
    /// their canonical page) are not pages of their own.
    pub fn pages(&self) -> Vec<PageRecord<'_>> {
        let today = self.options.today;
        let record = |kind, url: &str, title, updated| PageRecord {
            kind,
            url: url.to_string(),
            title,
            updated,
        };
        let mut pages = vec![record(
            PageKind::Home,
            "/",
            self.config.title.as_str(),
            today,
        )];
        for section in &self.sections {
            pages.push(record(
                PageKind::Section,
                &section.url,
                &section.title,
                today,
            ));
        }
        for page in self.guides.iter().filter(|g| !g.guide.draft) {
            let updated = page.guide.updated.unwrap_or(today);
            pages.push(record(
                PageKind::Guide,
                &page.url,
                &page.guide.title,
                updated,
            ));
        }
        for page in self.questions.iter().filter(|q| q.duplicate_of.is_none()) {
            let asked = page.question.asked;
            let updated = page
                .answers
                .iter()
                .map(|a| a.date)
                .max()
                .unwrap_or(asked)
                .max(asked);
            pages.push(record(
                PageKind::Question,
                &page.url,
                &page.question.title,
                updated,
            ));
        }
        for page in self.ideas.iter().filter(|i| i.duplicate_of.is_none()) {
            let idea = &page.idea;
            let updated = idea.history.last().map_or(idea.submitted, |h| h.date);
            pages.push(record(PageKind::Idea, &page.url, &idea.title, updated));
        }
        let mut listing =
            |url: &str, title| pages.push(record(PageKind::Listing, url, title, today));
        if !self.questions.is_empty() {
            listing("/questions/", "Questions");
        }
        if !self.ideas.is_empty() {
            listing("/ideas/", "Ideas");
            listing("/roadmap/", "Roadmap");
            listing("/changelog/", "Changelog");
        }
        if self.config.stats {
            listing("/stats/", "Community insights");
        }
        if !self.tags.is_empty() {
            listing("/tags/", "Tags");
            for tag in self.tags.keys() {
                pages.push(record(PageKind::Tag, &self.tag_url(tag), tag, today));
            }
        }
        pages
    }
}
