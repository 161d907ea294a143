//! Question pages, the question lists and their orderings.

use super::views::*;
use super::{forge, json, JobMaker, PageJob, Renderer};
use crate::content::{kinds, templates};
use crate::resolve::registry::PageKind;
use crate::resolve::QuestionPage;
use serde_json::json;

pub(crate) const PER_PAGE: usize = 50;

/// The static orderings of `/questions/`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
    All,
    Unanswered,
    NoAccepted,
    Top,
}

impl Listing {
    pub(crate) const ALL: [Listing; 4] = [
        Listing::All,
        Listing::Unanswered,
        Listing::NoAccepted,
        Listing::Top,
    ];

    fn base(self) -> &'static str {
        match self {
            Listing::All => "/questions/",
            Listing::Unanswered => "/questions/unanswered/",
            Listing::NoAccepted => "/questions/no-accepted/",
            Listing::Top => "/questions/top/",
        }
    }

    /// The listing's interface texts are `questions_<key>_tab`,
    /// `questions_<key>_title` and `questions_<key>_empty`.
    fn key(self) -> &'static str {
        match self {
            Listing::All => "all",
            Listing::Unanswered => "unanswered",
            Listing::NoAccepted => "no_accepted",
            Listing::Top => "top",
        }
    }

    fn keeps(self, q: &QuestionPage) -> bool {
        match self {
            Listing::All | Listing::Top => true,
            Listing::Unanswered => q.answers.is_empty(),
            Listing::NoAccepted => !q.answers.is_empty() && !q.has_accepted,
        }
    }
}

pub(crate) fn page_url(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{page}/")
    }
}

impl Renderer<'_> {
    pub(super) fn tag_links(&self, tags: &[(String, crate::diag::Span)]) -> Vec<TagLink> {
        tags.iter()
            .filter(|(t, _)| self.site.tags.contains_key(t))
            .map(|(t, _)| TagLink {
                name: t.clone(),
                url: self.site.href(&self.site.tag_url(t)),
            })
            .collect()
    }

    pub(super) fn question_row(&self, q: &QuestionPage) -> QuestionRow {
        QuestionRow {
            title: q.question.title.clone(),
            url: self.site.href(&q.url),
            tags: self.tag_links(&q.question.tags),
            answers: q.answers.len(),
            top_votes: q.top_votes(),
            accepted: q.has_accepted,
            asked: self.date(q.question.asked),
            asked_iso: q.question.asked.to_string(),
        }
    }

    /// Listed questions: duplicates point at their canonical question and stay out of lists.
    fn listed(&self, listing: Listing) -> Vec<&QuestionPage> {
        let mut list: Vec<&QuestionPage> = self
            .site
            .questions
            .iter()
            .filter(|q| q.duplicate_of.is_none() && listing.keeps(q))
            .collect();
        if listing == Listing::Top {
            list.sort_by(|a, b| {
                b.top_votes()
                    .cmp(&a.top_votes())
                    .then(b.question.asked.cmp(&a.question.asked))
                    .then(a.question.slug.cmp(&b.question.slug))
            });
        }
        list
    }

    /// The repository's new-file page for a question, when the site has a repository.
    pub(super) fn ask_url(&self) -> Option<String> {
        let path = kinds::path_for(&kinds::Kind::Question("your-question".into()))?;
        forge::new_file_url(
            &self.site.config,
            &path.to_string_lossy().replace('\\', "/"),
            &templates::question(
                "",
                "",
                self.site.options.today,
                templates::QUESTION_PLACEHOLDER,
            ),
        )
    }

    /// Every page of every list of questions, each made when its maker is
    /// called.
    pub(super) fn question_list_makers(&self) -> Vec<JobMaker<'_>> {
        let lists: Vec<(Listing, Vec<&QuestionPage>)> =
            Listing::ALL.iter().map(|l| (*l, self.listed(*l))).collect();
        let counts: std::sync::Arc<Vec<usize>> =
            std::sync::Arc::new(lists.iter().map(|(_, list)| list.len()).collect());
        let mut makers: Vec<JobMaker<'_>> = Vec::new();
        for (listing, list) in lists {
            let list = std::sync::Arc::new(list);
            let pages = list.len().div_ceil(PER_PAGE).max(1);
            for page in 1..=pages {
                let (list, counts) = (list.clone(), counts.clone());
                makers.push(Box::new(move || {
                    vec![self.question_list_job(listing, &list, page, pages, &counts)]
                }));
            }
        }
        makers
    }

    /// Page `page` of `pages` of the list `listing` (of `list`); `counts`
    /// has every list's length, for the tabs.
    fn question_list_job(
        &self,
        listing: Listing,
        list: &[&QuestionPage],
        page: usize,
        pages: usize,
        counts: &[usize],
    ) -> PageJob {
        let ask_url = self.ask_url();
        {
            {
                let rows = list
                    .iter()
                    .skip((page - 1) * PER_PAGE)
                    .take(PER_PAGE)
                    .map(|q| self.question_row(q))
                    .collect();
                let url = page_url(listing.base(), page);
                let pager = (pages > 1).then(|| Pager {
                    current: page,
                    total: pages,
                    prev: (page > 1).then(|| self.site.href(&page_url(listing.base(), page - 1))),
                    next: (page < pages)
                        .then(|| self.site.href(&page_url(listing.base(), page + 1))),
                    pages: (1..=pages)
                        .map(|n| LinkView {
                            title: n.to_string(),
                            url: self.site.href(&page_url(listing.base(), n)),
                        })
                        .collect(),
                });
                let tabs = Listing::ALL
                    .iter()
                    .zip(counts)
                    .map(|(l, count)| TabView {
                        title: self.text(&format!("questions_{}_tab", l.key())).to_string(),
                        url: self.site.href(l.base()),
                        current: *l == listing,
                        count: Some(*count),
                    })
                    .collect();
                let (title_key, empty_key) = (
                    format!("questions_{}_title", listing.key()),
                    format!("questions_{}_empty", listing.key()),
                );
                let list_title = self.text(&title_key);
                let mut title = list_title.to_string();
                if page > 1 {
                    let (page, pages) = (page.to_string(), pages.to_string());
                    title.push_str(
                        &self.text_with("page_n_of", &[("page", &page), ("pages", &pages)]),
                    );
                }
                let description = self.text_with(
                    "questions_description",
                    &[("list", list_title), ("site", &self.site.config.title)],
                );
                let empty = self.text(&empty_key);
                PageJob {
                    template: "questions.html",
                    path: Self::output_path(&url),
                    meta: self.meta(&title, &description, &url, "website", "questions"),
                    page: json(&QuestionListView {
                        title,
                        description,
                        tabs,
                        rows,
                        pager,
                        ask_url,
                        empty: empty.to_string(),
                    }),
                    breadcrumbs: self.trail(&[(self.text("questions"), "/questions/")]),
                    nav: None,
                    json_ld: Vec::new(),
                }
            }
        }
    }

    pub(super) fn question_job(&self, index: usize) -> Option<PageJob> {
        let site = self.site;
        let page = site.questions.get(index)?;
        let q = &page.question;
        let policy = super::sanitize::Policy::Public;
        let body = self.markdown(&q.body, &page.links, policy);
        let answers: Vec<AnswerView> = page
            .answers
            .iter()
            .zip(&page.answer_links)
            .enumerate()
            .map(|(i, (a, links))| AnswerView {
                id: a.id.clone(),
                anchor: format!("answer-{}", a.id),
                permalink: format!("{}#answer-{}", site.href(&page.url), a.id),
                author: a.author.clone(),
                date: self.date(a.date),
                date_iso: a.date.to_string(),
                votes: a.votes,
                accepted: i == 0 && page.has_accepted,
                body: self.markdown(&a.body, links, policy),
                edit_url: forge::edit_url(&site.config, &a.path),
            })
            .collect();
        let link_to = |i: usize| {
            site.questions.get(i).map(|p| LinkView {
                title: p.question.title.clone(),
                url: site.href(&p.url),
            })
        };
        // beside the question's own folder, whatever its URL slug
        let folder = q
            .path
            .parent()
            .and_then(|p| p.file_name())
            .map_or_else(|| q.slug.clone(), |f| f.to_string_lossy().into_owned());
        let answer_path = kinds::path_for(&kinds::Kind::Answer {
            question: folder,
            stem: "your-handle".into(),
        });
        let answer_url = answer_path.and_then(|path| {
            forge::new_file_url(
                &site.config,
                &path.to_string_lossy().replace('\\', "/"),
                &templates::answer("", site.options.today, templates::ANSWER_PLACEHOLDER),
            )
        });
        let ld = self.qa_json_ld(page, &answers);
        let view = QuestionView {
            title: q.title.clone(),
            body,
            asked_by: q.asked_by.clone(),
            asked: self.date(q.asked),
            asked_iso: q.asked.to_string(),
            tags: self.tag_links(&q.tags),
            answers,
            duplicate_of: page.duplicate_of.and_then(link_to),
            duplicates: page.duplicates.iter().filter_map(|&i| link_to(i)).collect(),
            related: self.related_to_question(index),
            answer_url,
            edit_url: forge::edit_url(&site.config, &q.path),
        };
        let description = page.summary.clone();
        let mut meta = self.meta(&q.title, &description, &page.url, "article", "questions");
        if let Some(canonical) = page.duplicate_of.and_then(|i| site.questions.get(i)) {
            meta.canonical = site.absolute(&canonical.url);
        }
        Some(PageJob {
            template: "question.html",
            path: Self::output_path(&page.url),
            meta,
            page: json(&view),
            breadcrumbs: self.trail(&[
                (self.text("questions"), "/questions/"),
                (&q.title, &page.url),
            ]),
            nav: None,
            json_ld: vec![ld],
        })
    }

    fn qa_json_ld(&self, page: &QuestionPage, answers: &[AnswerView]) -> serde_json::Value {
        let site = self.site;
        let q = &page.question;
        if page.answers.is_empty() {
            // Google's QAPage rule: a question with no answer is not one.
            // It is a forum post until someone answers it.
            return json!({
                "@context": "https://schema.org",
                "@type": "DiscussionForumPosting",
                "headline": q.title,
                "text": plain_text(&q.body.plain()),
                "url": site.absolute(&page.url),
                "datePublished": q.asked.to_string(),
                "author": {"@type": "Person", "name": q.asked_by},
                "commentCount": 0,
            });
        }
        let answer_ld = |a: &AnswerView, source: &crate::parse::Answer| {
            json!({
                "@type": "Answer",
                "text": plain_text(&source.body.plain()),
                "upvoteCount": a.votes,
                "dateCreated": a.date_iso,
                "url": format!("{}#{}", site.absolute(&page.url), a.anchor),
                "author": {"@type": "Person", "name": a.author},
            })
        };
        let mut entity = json!({
            "@type": "Question",
            "name": q.title,
            "text": plain_text(&q.body.plain()),
            "answerCount": page.answers.len(),
            "upvoteCount": 0,
            "dateCreated": q.asked.to_string(),
            "author": {"@type": "Person", "name": q.asked_by},
        });
        let mut suggested = Vec::new();
        for (view, source) in answers.iter().zip(&page.answers) {
            if view.accepted {
                entity["acceptedAnswer"] = answer_ld(view, source);
            } else {
                suggested.push(answer_ld(view, source));
            }
        }
        if !suggested.is_empty() {
            entity["suggestedAnswer"] = serde_json::Value::Array(suggested);
        }
        json!({
            "@context": "https://schema.org",
            "@type": "QAPage",
            "mainEntity": entity,
        })
    }

    /// Up to five guides and questions sharing the most tags with a question.
    fn related_to_question(&self, index: usize) -> Vec<Card> {
        let site = self.site;
        let Some(page) = site.questions.get(index) else {
            return Vec::new();
        };
        let mut scores: std::collections::BTreeMap<(bool, usize), usize> =
            std::collections::BTreeMap::new();
        for (tag, _) in &page.question.tags {
            if let Some(pages) = site.tags.get(tag) {
                for &g in pages.guides.iter().take(50) {
                    *scores.entry((false, g)).or_default() += 1;
                }
                for &q in pages.questions.iter().take(50) {
                    if q != index {
                        *scores.entry((true, q)).or_default() += 1;
                    }
                }
            }
        }
        let mut ranked: Vec<((bool, usize), usize)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(5)
            .filter_map(|((is_question, i), _)| {
                let (kind, label) = if is_question {
                    (PageKind::Question, "question_card")
                } else {
                    (PageKind::Guide, "guide_card")
                };
                site.page(kind, i)
                    .map(|record| self.record_card(&record, self.text(label).into()))
            })
            .collect()
    }
}

/// Plain text for structured data: the Markdown's text, whitespace folded.
fn plain_text(plain: &str) -> String {
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}
