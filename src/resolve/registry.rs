//! The page registry: one record per page of the site, in one place, so
//! that what lists pages (the sitemap, the site feed, the exports, related
//! lists) asks here instead of knowing every page kind and its rules
//! (drafts left out, duplicates kept but not listed, what "last changed"
//! means for each kind, who wrote it, what it is about).

use super::Site;
use crate::clock::Date;
use crate::diag::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// Whether a page is listed (sitemap, feeds, lists) or only reachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Listed,
    /// A draft guide, built by `build --drafts` or `serve` for its writer:
    /// reachable, never listed.
    Draft,
    /// A question or idea marked as a duplicate: its page sends readers to
    /// the canonical one (`canonical` is an index into the same kind's list).
    DuplicateOf(usize),
}

/// One page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord<'s> {
    pub kind: PageKind,
    /// Position in the kind's list on the [`Site`] (`site.guides[index]`,
    /// `site.sections[index]`, …), for what only that kind has; 0 for the
    /// home, listing and tag pages.
    pub index: usize,
    /// The URL path (`/guides/billing/refunds/`).
    pub url: String,
    pub title: &'s str,
    /// The page's one-line summary (empty for pages that list others).
    pub summary: &'s str,
    pub tags: &'s [(String, Span)],
    /// Who wrote it: a guide's first author, a question's asker, an idea's
    /// author.
    pub author: Option<&'s str>,
    /// When its content last changed, for pages with a date of their own:
    /// a guide's `updated`, a question's newest answer, an idea's last
    /// status change.
    pub changed: Option<Date>,
    pub visibility: Visibility,
}

impl PageRecord<'_> {
    pub fn is_listed(&self) -> bool {
        self.visibility == Visibility::Listed
    }

    pub fn tag_names(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().map(|(name, _)| name.as_str())
    }
}

const NO_TAGS: &[(String, Span)] = &[];

impl Site {
    /// The record of one section, guide, question or idea; `None` for an
    /// index past the end or for the kinds that are not kept in a list.
    pub fn page(&self, kind: PageKind, index: usize) -> Option<PageRecord<'_>> {
        let record = |url: &str, title, summary, tags, author, changed, visibility| PageRecord {
            kind,
            index,
            url: url.to_string(),
            title,
            summary,
            tags,
            author,
            changed,
            visibility,
        };
        let visibility = |duplicate_of: Option<usize>| {
            duplicate_of.map_or(Visibility::Listed, Visibility::DuplicateOf)
        };
        match kind {
            PageKind::Section => self.sections.get(index).map(|s| {
                record(
                    &s.url,
                    s.title.as_str(),
                    s.summary.as_str(),
                    NO_TAGS,
                    None,
                    None,
                    Visibility::Listed,
                )
            }),
            PageKind::Guide => self.guides.get(index).map(|p| {
                let g = &p.guide;
                record(
                    &p.url,
                    g.title.as_str(),
                    p.summary.as_str(),
                    g.tags.as_slice(),
                    g.authors.first().map(String::as_str),
                    g.updated,
                    if g.draft {
                        Visibility::Draft
                    } else {
                        Visibility::Listed
                    },
                )
            }),
            PageKind::Question => self.questions.get(index).map(|p| {
                let q = &p.question;
                let newest = p.answers.iter().map(|a| a.date).max();
                record(
                    &p.url,
                    q.title.as_str(),
                    p.summary.as_str(),
                    q.tags.as_slice(),
                    Some(q.asked_by.as_str()),
                    Some(newest.map_or(q.asked, |d| d.max(q.asked))),
                    visibility(p.duplicate_of),
                )
            }),
            PageKind::Idea => self.ideas.get(index).map(|p| {
                let i = &p.idea;
                record(
                    &p.url,
                    i.title.as_str(),
                    p.summary.as_str(),
                    i.tags.as_slice(),
                    Some(i.author.as_str()),
                    Some(i.history.last().map_or(i.submitted, |h| h.date)),
                    visibility(p.duplicate_of),
                )
            }),
            PageKind::Home | PageKind::Listing | PageKind::Tag => None,
        }
    }

    /// The records of every section, guide, question or idea, in the order
    /// of the site's list of that kind; nothing for the other kinds.
    pub fn pages_of(&self, kind: PageKind) -> impl Iterator<Item = PageRecord<'_>> {
        let count = match kind {
            PageKind::Section => self.sections.len(),
            PageKind::Guide => self.guides.len(),
            PageKind::Question => self.questions.len(),
            PageKind::Idea => self.ideas.len(),
            PageKind::Home | PageKind::Listing | PageKind::Tag => 0,
        };
        (0..count).filter_map(move |index| self.page(kind, index))
    }

    /// Every page, in kind order (home, sections, guides, questions, ideas,
    /// listings, tags), duplicates and drafts (`guides` holds drafts only
    /// when the build publishes them) included: see [`PageRecord::is_listed`].
    pub fn pages(&self) -> Vec<PageRecord<'_>> {
        let listing = |kind, url: String, title| PageRecord {
            kind,
            index: 0,
            url,
            title,
            summary: "",
            tags: NO_TAGS,
            author: None,
            changed: None,
            visibility: Visibility::Listed,
        };
        let mut pages = vec![listing(
            PageKind::Home,
            "/".into(),
            self.config.title.as_str(),
        )];
        for kind in [
            PageKind::Section,
            PageKind::Guide,
            PageKind::Question,
            PageKind::Idea,
        ] {
            pages.extend(self.pages_of(kind));
        }
        let mut push = |url: &str, title| {
            pages.push(listing(PageKind::Listing, url.into(), title));
        };
        if !self.questions.is_empty() {
            push("/questions/", "Questions");
        }
        if !self.ideas.is_empty() {
            push("/ideas/", "Ideas");
            push("/roadmap/", "Roadmap");
            push("/changelog/", "Changelog");
        }
        if self.config.stats {
            push("/stats/", "Community insights");
        }
        if !self.tags.is_empty() {
            push("/tags/", "Tags");
            for tag in self.tags.keys() {
                pages.push(listing(PageKind::Tag, self.tag_url(tag), tag.as_str()));
            }
        }
        pages
    }
}
