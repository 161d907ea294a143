//! The ideas board: lists by status, cohort and tag, idea pages, the
//! roadmap and the changelog.

use super::markdown::inline_to_html;
use super::views::*;
use super::{forge, json, JobMaker, PageJob, Renderer};
use crate::content::{kinds, templates};
use crate::parse::Status;
use crate::resolve::IdeaPage;
use serde_json::json;
use std::collections::BTreeMap;

pub(crate) fn status_url(status: Status) -> String {
    format!("/ideas/status/{}/", status.as_str())
}

pub(crate) fn cohort_url(cohort: &str) -> String {
    format!("/ideas/cohort/{cohort}/")
}

/// Most net votes first, then newest, then slug.
fn by_votes(a: &IdeaPage, b: &IdeaPage) -> std::cmp::Ordering {
    b.facts
        .net
        .cmp(&a.facts.net)
        .then(b.idea.submitted.cmp(&a.idea.submitted))
        .then(a.idea.slug.cmp(&b.idea.slug))
}

/// The date an idea reached `status`, from its history.
pub(crate) fn status_date(page: &IdeaPage, status: Status) -> Option<crate::clock::Date> {
    page.idea
        .history
        .iter()
        .rev()
        .find(|h| h.status == status)
        .map(|h| h.date)
}

impl Renderer<'_> {
    /// A status's name in the interface language (`status_<status>`).
    pub(super) fn status_label(&self, status: Status) -> String {
        self.text(&status.text_key("")).to_string()
    }

    /// What a status means, in the interface language.
    fn status_meaning(&self, status: Status) -> String {
        self.text(&status.text_key("_meaning")).to_string()
    }

    pub(super) fn idea_card(&self, page: &IdeaPage) -> IdeaCard {
        IdeaCard {
            title: page.idea.title.clone(),
            url: self.site.href(&page.url),
            tags: self.tag_links(&page.idea.tags),
            status: page.idea.status.as_str().to_string(),
            status_label: self.status_label(page.idea.status),
            net: page.facts.net,
            progress: page.facts.progress,
            days_left: page.facts.days_left,
            votes_needed: page.facts.votes_needed,
            open: page.idea.status == Status::Open,
            owner: page.idea.owner.clone(),
            release: page.idea.release.clone(),
        }
    }

    pub(super) fn propose_url(&self) -> Option<String> {
        let site = self.site;
        let path = kinds::path_for(&kinds::Kind::Idea("your-idea".into()))?;
        forge::new_file_url(
            &site.config,
            &path.to_string_lossy().replace('\\', "/"),
            &templates::idea("", "", site.options.today, templates::IDEA_PLACEHOLDER),
        )
    }

    fn status_tabs(&self, current: Option<Status>) -> Vec<TabView> {
        let mut tabs = vec![TabView {
            title: self.text("ideas_open_tab").to_string(),
            url: self.site.href("/ideas/"),
            current: current == Some(Status::Open),
            count: Some(
                self.site
                    .ideas
                    .iter()
                    .filter(|i| i.idea.status == Status::Open)
                    .count(),
            ),
        }];
        for status in Status::ALL.into_iter().filter(|s| *s != Status::Open) {
            let count = self
                .site
                .ideas
                .iter()
                .filter(|i| i.idea.status == status)
                .count();
            tabs.push(TabView {
                title: self.status_label(status),
                url: self.site.href(&status_url(status)),
                current: current == Some(status),
                count: Some(count),
            });
        }
        tabs
    }

    fn cohort_tabs(&self, current: Option<&str>) -> Vec<TabView> {
        let mut cohorts: BTreeMap<&str, usize> = BTreeMap::new();
        for page in &self.site.ideas {
            *cohorts.entry(page.facts.cohort.as_str()).or_default() += 1;
        }
        cohorts
            .into_iter()
            .rev()
            .map(|(cohort, count)| TabView {
                title: cohort.to_string(),
                url: self.site.href(&cohort_url(cohort)),
                current: current == Some(cohort),
                count: Some(count),
            })
            .collect()
    }

    fn idea_list_job(
        &self,
        url: String,
        title: String,
        description: String,
        mut list: Vec<&IdeaPage>,
        status: Option<Status>,
        cohort: Option<&str>,
    ) -> PageJob {
        list.sort_by(|a, b| by_votes(a, b));
        let cards = list.iter().map(|p| self.idea_card(p)).collect();
        PageJob {
            template: "ideas.html",
            path: Self::output_path(&url),
            meta: self.meta(&title, &description, &url, "website", "ideas"),
            page: json(&IdeaListView {
                title: title.clone(),
                description,
                tabs: self.status_tabs(status),
                cohorts: self.cohort_tabs(cohort),
                cards,
                threshold: self.site.config.ideas.vote_threshold,
                propose_url: self.propose_url(),
                empty: self.text("ideas_empty").to_string(),
            }),
            breadcrumbs: self.trail(&[(self.text("ideas"), "/ideas/")]),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    /// `idea_list_job`, made when the maker is called.
    fn idea_list_maker<'r>(
        &'r self,
        url: String,
        title: String,
        description: String,
        list: Vec<&'r IdeaPage>,
        status: Option<Status>,
        cohort: Option<&'r str>,
    ) -> JobMaker<'r> {
        Box::new(move || vec![self.idea_list_job(url, title, description, list, status, cohort)])
    }

    /// Every list of ideas (by status, cohort and tag), the roadmap and the
    /// changelog, each made when its maker is called.
    pub(super) fn idea_list_makers(&self) -> Vec<JobMaker<'_>> {
        let site = self.site;
        let ideas = &site.ideas;
        let mut jobs: Vec<JobMaker<'_>> = Vec::new();
        let with = |status: Status| {
            ideas
                .iter()
                .filter(|i| i.idea.status == status)
                .collect::<Vec<_>>()
        };
        jobs.push(self.idea_list_maker(
            "/ideas/".into(),
            self.text("ideas").to_string(),
            self.text_with("ideas_description", &[("site", &site.config.title)]),
            with(Status::Open),
            Some(Status::Open),
            None,
        ));
        for status in Status::ALL.into_iter().filter(|s| *s != Status::Open) {
            jobs.push(self.idea_list_maker(
                status_url(status),
                self.text_with(
                    "ideas_status_title",
                    &[("status", &self.status_label(status).to_lowercase())],
                ),
                self.status_meaning(status),
                with(status),
                Some(status),
                None,
            ));
        }
        let mut cohorts: BTreeMap<&str, Vec<&IdeaPage>> = BTreeMap::new();
        for page in ideas {
            cohorts
                .entry(page.facts.cohort.as_str())
                .or_default()
                .push(page);
        }
        for (cohort, list) in cohorts {
            jobs.push(self.idea_list_maker(
                cohort_url(cohort),
                self.text_with("ideas_cohort_title", &[("cohort", cohort)]),
                self.text_with("ideas_cohort_description", &[("cohort", cohort)]),
                list,
                None,
                Some(cohort),
            ));
        }
        for (tag, pages) in &site.tags {
            if pages.ideas.is_empty() {
                continue;
            }
            let list = pages.ideas.iter().filter_map(|&i| ideas.get(i)).collect();
            jobs.push(self.idea_list_maker(
                site.idea_tag_url(tag),
                self.text_with("ideas_tag_title", &[("tag", tag)]),
                self.text_with("ideas_tag_description", &[("tag", tag)]),
                list,
                None,
                None,
            ));
        }
        jobs.push(Box::new(|| vec![self.roadmap_job()]));
        jobs.push(Box::new(|| vec![self.changelog_job()]));
        jobs
    }

    pub(super) fn idea_job(&self, index: usize) -> Option<PageJob> {
        let site = self.site;
        let page = site.ideas.get(index)?;
        let redirected = site
            .redirects
            .binary_search_by(|r| r.from.as_str().cmp(page.url.as_str()))
            .is_ok();
        if redirected {
            // merged into the idea it duplicates: the URL redirects there
            return None;
        }
        let idea = &page.idea;
        let facts = &page.facts;
        let link_to = |i: usize| {
            site.ideas.get(i).map(|p| LinkView {
                title: p.idea.title.clone(),
                url: site.href(&p.url),
            })
        };
        let history: Vec<HistoryView> = idea
            .history
            .iter()
            .map(|h| HistoryView {
                date: self.date(h.date),
                date_iso: h.date.to_string(),
                status: h.status.as_str().to_string(),
                status_label: self.status_label(h.status),
                note: h.note.clone(),
                note_html: inline_to_html(&h.note),
            })
            .collect();
        // An open idea whose window has ended keeps its status until triage
        // records the change; until then it says so instead of taking votes.
        let open = idea.status == Status::Open && facts.days_left > 0;
        let closed_due = (idea.status == Status::Open && facts.days_left == 0)
            .then(|| facts.due.as_ref().map(|d| d.to.as_str().to_string()))
            .flatten();
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": idea.title,
            "headline": idea.title,
            "text": idea.body.plain().split_whitespace().collect::<Vec<_>>().join(" "),
            "url": site.absolute(&page.url),
            "dateCreated": idea.submitted.to_string(),
            "creativeWorkStatus": self.status_label(idea.status),
            "author": {"@type": "Person", "name": idea.author},
            "keywords": idea.tags.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "),
            "interactionStatistic": [
                {"@type": "InteractionCounter", "interactionType": "https://schema.org/LikeAction", "userInteractionCount": facts.up},
                {"@type": "InteractionCounter", "interactionType": "https://schema.org/DislikeAction", "userInteractionCount": facts.down}
            ],
        });
        let view = IdeaView {
            title: idea.title.clone(),
            body: self.markdown(&idea.body, &page.links, super::sanitize::Policy::Public),
            author: idea.author.clone(),
            submitted: self.date(idea.submitted),
            submitted_iso: idea.submitted.to_string(),
            cohort: facts.cohort.clone(),
            cohort_url: site.href(&cohort_url(&facts.cohort)),
            tags: self.tag_links(&idea.tags),
            status: idea.status.as_str().to_string(),
            status_label: self.status_label(idea.status),
            status_meaning: self.status_meaning(idea.status),
            up: facts.up,
            down: facts.down,
            net: facts.net,
            threshold: site.config.ideas.vote_threshold,
            progress: facts.progress,
            open,
            closed_due,
            days_left: facts.days_left,
            votes_needed: facts.votes_needed,
            window_end: self.date(facts.window_end),
            window_end_iso: facts.window_end.to_string(),
            owner: idea.owner.clone(),
            release: idea.release.clone(),
            duplicate_of: page.duplicate_of.and_then(link_to),
            duplicates: page.duplicates.iter().filter_map(|&i| link_to(i)).collect(),
            history,
            vote_url: if open {
                forge::edit_url(&site.config, &idea.path)
            } else {
                None
            },
            propose_url: self.propose_url(),
            feed_url: site.href(&format!("{}atom.xml", page.url)),
        };
        let description = page.summary.clone();
        let mut meta = self.meta(
            &self.text_with("idea_page_title", &[("title", &idea.title)]),
            &description,
            &page.url,
            "article",
            "ideas",
        );
        if let Some(canonical) = page.duplicate_of.and_then(|i| site.ideas.get(i)) {
            meta.canonical = site.absolute(&canonical.url);
        }
        Some(PageJob {
            template: "idea.html",
            path: Self::output_path(&page.url),
            meta,
            page: json(&view),
            breadcrumbs: self.trail(&[(self.text("ideas"), "/ideas/"), (&idea.title, &page.url)]),
            nav: None,
            json_ld: vec![ld],
        })
    }

    /// Shipped ideas still on the board: shipped within `recently_shipped_days`.
    pub(super) fn recently_shipped(&self) -> Vec<&IdeaPage> {
        let site = self.site;
        let days = i64::from(site.config.ideas.recently_shipped_days);
        let mut list: Vec<&IdeaPage> = site
            .ideas
            .iter()
            .filter(|p| p.idea.status == Status::Shipped)
            .filter(|p| {
                let shipped = status_date(p, Status::Shipped).unwrap_or(p.idea.submitted);
                (site.options.today - shipped).num_days() <= days
            })
            .collect();
        list.sort_by(|a, b| {
            status_date(b, Status::Shipped)
                .cmp(&status_date(a, Status::Shipped))
                .then(a.idea.slug.cmp(&b.idea.slug))
        });
        list
    }

    fn roadmap_job(&self) -> PageJob {
        let site = self.site;
        // the column's title and lead: `roadmap_<status>` and `…_lead`
        let column = |status: Status, list: Vec<&IdeaPage>| {
            let key = format!("roadmap_{}", status.as_str().replace('-', "_"));
            let days = site.config.ideas.recently_shipped_days.to_string();
            RoadmapColumn {
                status: status.as_str().to_string(),
                title: self.text(&key).to_string(),
                description: self.text_with(&format!("{key}_lead"), &[("days", &days)]),
                cards: list.into_iter().map(|p| self.idea_card(p)).collect(),
            }
        };
        let sorted = |status: Status| {
            let mut list: Vec<&IdeaPage> = site
                .ideas
                .iter()
                .filter(|p| p.idea.status == status)
                .collect();
            list.sort_by(|a, b| by_votes(a, b));
            list
        };
        let columns = vec![
            column(Status::UnderReview, sorted(Status::UnderReview)),
            column(Status::Planned, sorted(Status::Planned)),
            column(Status::InProgress, sorted(Status::InProgress)),
            column(Status::Shipped, self.recently_shipped()),
        ];
        let roadmap = self.text("roadmap");
        PageJob {
            template: "roadmap.html",
            path: "roadmap/index.html".into(),
            meta: self.meta(
                roadmap,
                &self.text_with("roadmap_description", &[("site", &site.config.title)]),
                "/roadmap/",
                "website",
                "roadmap",
            ),
            page: json(&RoadmapView {
                title: roadmap.to_string(),
                columns,
            }),
            breadcrumbs: self.trail(&[(roadmap, "/roadmap/")]),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    /// Shipped ideas grouped by release, newest release first (by the date of
    /// the shipped history entry).
    pub(super) fn releases(&self) -> Vec<ReleaseView> {
        let site = self.site;
        let mut groups: BTreeMap<String, Vec<&IdeaPage>> = BTreeMap::new();
        for page in site
            .ideas
            .iter()
            .filter(|p| p.idea.status == Status::Shipped)
        {
            let release = page
                .idea
                .release
                .clone()
                .unwrap_or_else(|| self.text("unreleased").to_string());
            groups.entry(release).or_default().push(page);
        }
        let mut releases: Vec<(Option<crate::clock::Date>, String, Vec<&IdeaPage>)> = groups
            .into_iter()
            .map(|(release, mut list)| {
                list.sort_by(|a, b| {
                    a.idea
                        .title
                        .to_lowercase()
                        .cmp(&b.idea.title.to_lowercase())
                });
                let date = list
                    .iter()
                    .filter_map(|p| status_date(p, Status::Shipped))
                    .max();
                (date, release, list)
            })
            .collect();
        releases.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        releases
            .into_iter()
            .map(|(date, release, list)| ReleaseView {
                release,
                date: date.map(|d| self.date(d)),
                date_iso: date.map(|d| d.to_string()),
                ideas: list
                    .into_iter()
                    .map(|p| ShippedIdea {
                        title: p.idea.title.clone(),
                        url: site.href(&p.url),
                        summary: p.idea.body.first_paragraph.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    fn changelog_job(&self) -> PageJob {
        let site = self.site;
        let changelog = self.text("changelog");
        PageJob {
            template: "changelog.html",
            path: "changelog/index.html".into(),
            meta: self.meta(
                changelog,
                &self.text_with("changelog_description", &[("site", &site.config.title)]),
                "/changelog/",
                "website",
                "changelog",
            ),
            page: json(&ChangelogView {
                title: changelog.to_string(),
                releases: self.releases(),
            }),
            breadcrumbs: self.trail(&[(changelog, "/changelog/")]),
            nav: None,
            json_ld: Vec::new(),
        }
    }
}
