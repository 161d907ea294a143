//! Stage 4: (&Site, &Theme) -> every output file, rendered in parallel.
//! Never mutates the Site.

pub mod chart;
pub mod forge;
mod highlight;
pub mod ideas;
pub mod markdown;
mod minify;
pub mod qa;
pub mod sanitize;
pub mod stats;
pub mod theme;
pub mod views;

use crate::config::GuideHtml;
use crate::diag::{Diagnostic, Diagnostics};
pub use crate::output::{Output, Sink};
use crate::parse::Markdown;
use crate::resolve::{GuidePage, Profile, Site};
use markdown::{to_html, RenderInput};
use rayon::prelude::*;
use sanitize::Policy;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;
pub use theme::Theme;
use views::*;

/// A page to render: which template, where, and its specific context.
struct PageJob {
    template: &'static str,
    path: String,
    meta: Meta,
    page: serde_json::Value,
    breadcrumbs: Vec<LinkView>,
    nav: Option<NavNode>,
    /// Structured data blocks; a BreadcrumbList is added for every page below home.
    json_ld: Vec<serde_json::Value>,
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    site_view: SiteView,
}

/// Makes one or more page jobs when called: see `Renderer::run`.
type JobMaker<'r> = Box<dyn Fn() -> Vec<PageJob> + Send + Sync + 'r>;

/// Renders every file of the site into `sink`, as soon as each is ready.
pub fn render_into(site: &Site, theme: &Theme, sink: &Sink<'_>) -> Diagnostics {
    Renderer::new(site, theme).run(sink, None)
}

/// `render_into`, but of the guides' own pages only those at `guides`, and
/// no question or idea page: after an edit that changed only those guides'
/// bodies, none of those can differ (they show guides by title only), while
/// every listing, feed and index is rendered again. `serve` uses it.
pub fn render_into_except_guides(
    site: &Site,
    theme: &Theme,
    sink: &Sink<'_>,
    guides: &[usize],
) -> Diagnostics {
    Renderer::new(site, theme).run(sink, Some(guides))
}

/// Only the pages of the guides whose source file is in `sources`: `serve`
/// shows the page being edited first and renders the rest of the site
/// after. Each page is rendered exactly as `render` renders it.
pub fn render_guides(
    site: &Site,
    theme: &Theme,
    sources: &[std::path::PathBuf],
) -> (Vec<Output>, Diagnostics) {
    let renderer = Renderer::new(site, theme);
    let results: Vec<Result<Output, Diagnostic>> = site
        .guides
        .iter()
        .enumerate()
        .filter(|(_, page)| sources.contains(&page.guide.path))
        .map(|(i, _)| renderer.render_job(renderer.guide_job(i)))
        .collect();
    let mut outputs = Vec::new();
    let mut diagnostics = Diagnostics::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(d) => diagnostics.push(d),
        }
    }
    (outputs, diagnostics)
}

/// The pages `render_into_except_guides` leaves out (the other guides', every
/// question's and idea's): they stay as the last complete render made them.
pub fn pages_left_out(site: &Site, guides: &[usize]) -> std::collections::BTreeSet<String> {
    let other_guides = site
        .guides
        .iter()
        .enumerate()
        .filter(|(i, _)| !guides.contains(i))
        .map(|(_, p)| &p.url);
    other_guides
        .chain(site.questions.iter().map(|q| &q.url))
        .chain(site.ideas.iter().map(|i| &i.url))
        .map(|url| Renderer::output_path(url))
        .collect()
}

/// The page of the guide at `index` as it would be with `page` in its place:
/// `serve` shows a guide whose body was edited this way, the moment it is
/// saved, while the whole site is resolved and rendered again.
pub fn render_guide_preview(
    site: &Site,
    theme: &Theme,
    index: usize,
    page: &GuidePage,
) -> Result<Output, Diagnostic> {
    let renderer = Renderer::new(site, theme);
    renderer.render_job(renderer.guide_job_for(index, page))
}

fn short_hash(bytes: &[u8]) -> String {
    format!("{:08x}", crate::hash::stable_hash(bytes) & 0xffff_ffff)
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let asset = |name: &str| {
            let path = format!("assets/{name}");
            let hash = theme
                .assets
                .get(&path)
                .map(|b| short_hash(b))
                .unwrap_or_default();
            format!("{}?v={hash}", site.href(&format!("/{path}")))
        };
        let highlight_css = highlight::stylesheet();
        let site_view = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            language: site.config.language.clone(),
            base_url: site.base_url().to_string(),
            home_url: site.href("/"),
            guides_url: site.href("/guides/"),
            tags_url: site.href("/tags/"),
            search_url: site.href("/search/"),
            questions_url: site.href("/questions/"),
            ideas_url: site.href("/ideas/"),
            roadmap_url: site.href("/roadmap/"),
            changelog_url: site.href("/changelog/"),
            feed_url: site.href("/atom.xml"),
            ideas_feed_url: site.href("/ideas/atom.xml"),
            stats_url: site.config.stats.then(|| site.href("/stats/")),
            has_tags: !site.tags.is_empty(),
            has_guides: !site.guides.is_empty(),
            has_questions: !site.questions.is_empty(),
            has_ideas: !site.ideas.is_empty(),
            repository: site.config.repository.clone(),
            image: site.config.image.as_ref().map(|image| {
                if crate::resolve::links::is_external(image) {
                    image.clone()
                } else {
                    site.absolute(&format!("/{}", image.trim_start_matches('/')))
                }
            }),
            assets: AssetsView {
                style: asset("style.css"),
                script: asset("townhall.js"),
                search: asset("search.js"),
                search_ui: asset("search-ui.js"),
                highlight: format!(
                    "{}?v={}",
                    site.href("/assets/highlight.css"),
                    short_hash(highlight_css.as_bytes())
                ),
                favicon: asset("favicon.svg"),
            },
        };
        Renderer {
            site,
            theme,
            site_view,
        }
    }

    fn run(&self, sink: &Sink<'_>, only_guides: Option<&[usize]>) -> Diagnostics {
        let site = self.site;
        let mut diagnostics = Diagnostics::new();
        // Listing pages hold a view of every page they list: each is made
        // where it is rendered, so only the ones in flight are in memory.
        let mut jobs: Vec<JobMaker<'_>> = vec![
            Box::new(|| vec![self.home_job()]),
            Box::new(|| vec![self.tags_job()]),
            Box::new(|| vec![self.not_found_job()]),
            Box::new(|| vec![self.search_job()]),
        ];
        for index in 0..site.sections.len() {
            jobs.push(Box::new(move || vec![self.section_job(index)]));
        }
        for tag in site.tags.keys() {
            jobs.push(Box::new(move || vec![self.tag_job(tag)]));
        }
        if !site.questions.is_empty() {
            jobs.push(Box::new(|| self.question_list_jobs()));
        }
        if !site.ideas.is_empty() {
            jobs.push(Box::new(|| self.idea_list_jobs()));
        }
        if site.config.stats {
            jobs.push(Box::new(|| vec![self.stats_job(site.stats())]));
        }

        let deliver = |output: Output| {
            sink(output).map_err(|e| {
                Diagnostic::error(
                    crate::diag::Code::UNREADABLE,
                    ".",
                    format!("cannot write the output: {e}"),
                )
            })
        };
        // Guides are the bulk: their bodies are rendered inside the parallel map.
        let guide_errors: Vec<Diagnostic> = (0..site.guides.len())
            .into_par_iter()
            .filter(|index| only_guides.is_none_or(|only| only.contains(index)))
            .filter_map(|index| {
                self.render_job(self.guide_job(index))
                    .and_then(deliver)
                    .err()
            })
            .collect();
        // Question and idea jobs render Markdown as they are made, so they
        // are made inside the parallel map too. Those pages show guides by
        // title only: a scoped render (guide bodies edited) cannot change them.
        let (questions, ideas) = match only_guides {
            None => (site.questions.len(), site.ideas.len()),
            Some(_) => (0, 0),
        };
        let question_jobs = (0..questions)
            .into_par_iter()
            .filter_map(|i| self.question_job(i));
        let idea_jobs = (0..ideas).into_par_iter().filter_map(|i| self.idea_job(i));
        let other_errors: Vec<Diagnostic> = jobs
            .into_par_iter()
            .flat_map(|make| make())
            .chain(question_jobs)
            .chain(idea_jobs)
            .filter_map(|job| self.render_job(job).and_then(deliver).err())
            .collect();
        diagnostics.extend(other_errors);
        diagnostics.extend(guide_errors);
        for redirect in &site.redirects {
            if let Err(d) = self
                .redirect(&redirect.from, &redirect.to)
                .and_then(deliver)
            {
                diagnostics.push(d);
            }
        }
        let mut files = vec![Output::Bytes {
            path: "assets/highlight.css".into(),
            bytes: highlight::stylesheet().into_bytes(),
        }];
        for (path, bytes) in &self.theme.assets {
            files.push(Output::Bytes {
                path: path.clone(),
                bytes: bytes.clone(),
            });
        }
        for asset in &site.assets {
            files.push(Output::Copy {
                path: asset.output.clone(),
                source: asset.source.clone(),
            });
        }
        diagnostics.extend(files.into_iter().filter_map(|f| deliver(f).err()));
        diagnostics
    }

    /// BreadcrumbList structured data from the page's breadcrumbs.
    fn breadcrumb_ld(&self, crumbs: &[LinkView]) -> serde_json::Value {
        let origin = self.site.base.origin.as_str();
        let items: Vec<serde_json::Value> = crumbs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                serde_json::json!({"@type": "ListItem", "position": i + 1, "name": c.title, "item": format!("{origin}{}", c.url)})
            })
            .collect();
        serde_json::json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
    }

    fn render_job(&self, job: PageJob) -> Result<Output, Diagnostic> {
        let mut context = Context::new();
        context.insert("site", &self.site_view);
        context.insert("meta", &job.meta);
        context.insert("page", &job.page);
        context.insert("breadcrumbs", &job.breadcrumbs);
        let mut blocks: Vec<String> = job.json_ld.iter().map(json_ld).collect();
        if job.breadcrumbs.len() > 1 {
            blocks.push(json_ld(&self.breadcrumb_ld(&job.breadcrumbs)));
        }
        context.insert("json_ld", &blocks);
        if let Some(nav) = &job.nav {
            context.insert("nav", nav);
        }
        let html = self
            .theme
            .tera
            .render(job.template, &context)
            .map_err(|e| theme::template_error(&e))?;
        let bytes = if self.site.config.minify {
            minify::minify(html.into_bytes())
        } else {
            html.into_bytes()
        };
        Ok(Output::Bytes {
            path: job.path,
            bytes,
        })
    }

    fn markdown(
        &self,
        body: &Markdown,
        links: &BTreeMap<String, String>,
        policy: Policy,
    ) -> String {
        let links: BTreeMap<String, String> = links
            .iter()
            .map(|(dest, url)| (dest.clone(), self.site.href(url)))
            .collect();
        to_html(&RenderInput {
            text: body.text(),
            headings: &body.headings,
            links: &links,
            policy,
        })
    }

    fn guide_policy(&self) -> Policy {
        match self.site.config.markdown.guide_html {
            GuideHtml::Sanitized => Policy::Guide,
            GuideHtml::Trusted => Policy::Trusted,
        }
    }

    fn meta(
        &self,
        page_title: &str,
        description: &str,
        url: &str,
        og_type: &'static str,
        area: &'static str,
    ) -> Meta {
        let site = self.site;
        let title = if url == "/" {
            site.config.title.clone()
        } else {
            format!("{page_title} · {}", site.config.title)
        };
        Meta {
            title,
            page_title: page_title.to_string(),
            description: description.to_string(),
            canonical: site.absolute(url),
            noindex: site.options.profile == Profile::Internal,
            og_type,
            area,
        }
    }

    fn output_path(url: &str) -> String {
        format!("{}index.html", url.trim_start_matches('/'))
    }

    fn home_job(&self) -> PageJob {
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
                meta: g.guide.updated.map(display_date),
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
    fn site_description(&self, description: &str) -> String {
        if description.trim().is_empty() {
            format!(
                "Guides, questions and ideas from {}",
                self.site.config.title
            )
        } else {
            description.to_string()
        }
    }

    fn section_card(&self, section: &crate::resolve::Section) -> Card {
        let count = self.count_guides(section);
        Card {
            title: section.title.clone(),
            url: self.site.href(&section.url),
            description: section.description.clone(),
            meta: Some(plural(count, "guide")),
        }
    }

    fn count_guides(&self, section: &crate::resolve::Section) -> usize {
        section.guides.len()
            + section
                .children
                .iter()
                .filter_map(|&c| self.site.sections.get(c))
                .map(|s| self.count_guides(s))
                .sum::<usize>()
    }

    /// Breadcrumbs: Home, then each (title, URL path) of `trail`.
    fn trail(&self, trail: &[(&str, &str)]) -> Vec<LinkView> {
        std::iter::once(("Home", "/"))
            .chain(trail.iter().copied())
            .map(|(title, url)| LinkView {
                title: title.to_string(),
                url: self.site.href(url),
            })
            .collect()
    }

    fn breadcrumbs(&self, section: usize) -> Vec<LinkView> {
        let mut crumbs = vec![LinkView {
            title: "Home".into(),
            url: self.site.href("/"),
        }];
        for index in self.site.ancestry(section) {
            if let Some(s) = self.site.sections.get(index) {
                crumbs.push(LinkView {
                    title: s.title.clone(),
                    url: self.site.href(&s.url),
                });
            }
        }
        crumbs
    }

    fn nav(&self, current_section: usize, current_guide: Option<usize>) -> NavNode {
        let open: Vec<usize> = self.site.ancestry(current_section);
        self.nav_node(0, &open, current_section, current_guide)
    }

    fn nav_node(
        &self,
        index: usize,
        open: &[usize],
        current_section: usize,
        current_guide: Option<usize>,
    ) -> NavNode {
        let site = self.site;
        let Some(section) = site.sections.get(index) else {
            return NavNode {
                title: String::new(),
                url: String::new(),
                current: false,
                open: false,
                guides: Vec::new(),
                more: None,
                children: Vec::new(),
            };
        };
        let is_open = open.contains(&index);
        // A large section lists a window of guides around the current one and
        // links the rest through the section page, so every page's sidebar
        // has a bounded size (a full list would make the site quadratic).
        let (window, more) = nav_window(&section.guides, current_guide);
        let more = more.filter(|_| is_open).map(|hidden| LinkView {
            title: format!(
                "All {} guides in {} ({hidden} more)",
                section.guides.len(),
                section.title
            ),
            url: site.href(&section.url),
        });
        let guides = if is_open {
            window
                .iter()
                .filter_map(|&g| site.guides.get(g).map(|page| (g, page)))
                .map(|(g, page)| NavGuide {
                    title: page.guide.title.clone(),
                    url: site.href(&page.url),
                    current: Some(g) == current_guide,
                })
                .collect()
        } else {
            Vec::new()
        };
        NavNode {
            title: section.title.clone(),
            url: site.href(&section.url),
            current: current_guide.is_none() && index == current_section,
            open: is_open,
            guides,
            more,
            children: section
                .children
                .iter()
                .map(|&c| self.nav_node(c, open, current_section, current_guide))
                .collect(),
        }
    }

    fn section_job(&self, index: usize) -> PageJob {
        let site = self.site;
        let section = &site.sections[index.min(site.sections.len() - 1)];
        let body = section
            .body
            .as_ref()
            .filter(|b| !b.text().trim().is_empty())
            .map(|b| self.markdown(b, &section.links, self.guide_policy()));
        let guides = section
            .guides
            .iter()
            .filter_map(|&g| site.guides.get(g))
            .map(|page| Card {
                title: page.guide.title.clone(),
                url: site.href(&page.url),
                description: Some(guide_description(&page.guide)),
                meta: None,
            })
            .collect();
        let subsections = section
            .children
            .iter()
            .filter_map(|&c| site.sections.get(c))
            .map(|s| self.section_card(s))
            .collect();
        // A meta description for every section: its own, its intro's first
        // paragraph, or a plain sentence naming it.
        let description = section
            .description
            .clone()
            .or_else(|| {
                section
                    .body
                    .as_ref()
                    .map(|b| crate::parse::markdown::summarize(&b.first_paragraph, 160))
                    .filter(|d| !d.is_empty())
            })
            .unwrap_or_else(|| {
                if index == 0 {
                    format!("Every guide of {}, by section", site.config.title)
                } else {
                    format!("Guides about {} from {}", section.title, site.config.title)
                }
            });
        let mut crumbs = self.breadcrumbs(index);
        if index == 0 {
            crumbs.truncate(1);
            crumbs.push(LinkView {
                title: section.title.clone(),
                url: site.href(&section.url),
            });
        }
        PageJob {
            template: "section.html",
            path: Self::output_path(&section.url),
            meta: self.meta(
                &section.title,
                &description,
                &section.url,
                "website",
                "guides",
            ),
            page: json(&SectionView {
                title: section.title.clone(),
                description: section.description.clone(),
                body,
                subsections,
                guides,
            }),
            breadcrumbs: crumbs,
            nav: Some(self.nav(index, None)),
            json_ld: Vec::new(),
        }
    }

    fn guide_job(&self, index: usize) -> PageJob {
        self.guide_job_for(index, &self.site.guides[index])
    }

    /// The job for the guide at `index`, drawn from `page` (which is
    /// `site.guides[index]` except in a `serve` preview).
    fn guide_job_for(&self, index: usize, page: &GuidePage) -> PageJob {
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
        let description = guide_description(guide);
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
            updated: guide.updated.map(display_date),
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
    fn article_ld(&self, page: &crate::resolve::GuidePage, description: &str) -> serde_json::Value {
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

    fn tags_job(&self) -> PageJob {
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

    fn tag_job(&self, tag: &str) -> PageJob {
        let site = self.site;
        let empty = crate::resolve::TagPages::default();
        let pages = site.tags.get(tag).unwrap_or(&empty);
        let guides: Vec<Card> = pages
            .guides
            .iter()
            .filter_map(|&g| site.guides.get(g))
            .map(|page| Card {
                title: page.guide.title.clone(),
                url: site.href(&page.url),
                description: Some(guide_description(&page.guide)),
                meta: None,
            })
            .collect();
        let questions: Vec<Card> = pages
            .questions
            .iter()
            .filter_map(|&q| site.questions.get(q))
            .map(|page| Card {
                title: page.question.title.clone(),
                url: site.href(&page.url),
                description: None,
                meta: Some(format!(
                    "{} · asked {}",
                    plural(page.answers.len(), "answer"),
                    display_date(page.question.asked)
                )),
            })
            .collect();
        let ideas: Vec<Card> = pages
            .ideas
            .iter()
            .filter_map(|&i| site.ideas.get(i))
            .map(|page| Card {
                title: page.idea.title.clone(),
                url: site.href(&page.url),
                description: None,
                meta: Some(format!(
                    "{} · {} net votes",
                    page.idea.status.label(),
                    page.facts.net
                )),
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

    fn search_job(&self) -> PageJob {
        let mut meta = self.meta(
            "Search",
            &format!("Search {}", self.site.config.title),
            "/search/",
            "website",
            "search",
        );
        meta.noindex = true;
        PageJob {
            template: "search.html",
            path: "search/index.html".into(),
            meta,
            page: serde_json::Value::Null,
            breadcrumbs: Vec::new(),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    fn not_found_job(&self) -> PageJob {
        let mut meta = self.meta("Page not found", "", "/404.html", "website", "");
        meta.noindex = true;
        PageJob {
            template: "404.html",
            path: "404.html".into(),
            meta,
            page: serde_json::Value::Null,
            breadcrumbs: Vec::new(),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    fn redirect(&self, from: &str, to: &str) -> Result<Output, Diagnostic> {
        let mut context = Context::new();
        context.insert("site", &self.site_view);
        context.insert(
            "page",
            &RedirectView {
                to: self.site.absolute(to),
            },
        );
        let html = self
            .theme
            .tera
            .render("redirect.html", &context)
            .map_err(|e| theme::template_error(&e))?;
        let path = if from.ends_with('/') {
            Self::output_path(from)
        } else {
            from.trim_start_matches('/').to_string()
        };
        Ok(Output::Bytes {
            path,
            bytes: html.into_bytes(),
        })
    }
}

/// Guides shown in a sidebar section: all of them up to `NAV_LIMIT`, else
/// a window around the current guide (or the first ones); with the number hidden.
const NAV_LIMIT: usize = 60;

fn nav_window(guides: &[usize], current: Option<usize>) -> (&[usize], Option<usize>) {
    if guides.len() <= NAV_LIMIT {
        return (guides, None);
    }
    let position = current
        .and_then(|c| guides.iter().position(|&g| g == c))
        .unwrap_or(0);
    let start = position
        .saturating_sub(NAV_LIMIT / 2)
        .min(guides.len() - NAV_LIMIT);
    let window = guides.get(start..start + NAV_LIMIT).unwrap_or(guides);
    (window, Some(guides.len() - window.len()))
}

fn guide_description(guide: &crate::parse::Guide) -> String {
    guide
        .description
        .clone()
        .unwrap_or_else(|| crate::parse::markdown::summarize(&guide.body.first_paragraph, 160))
}

pub fn display_date(date: crate::clock::Date) -> String {
    date.format("%-d %B %Y").to_string()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// JSON-LD for a `<script type="application/ld+json">` element: `<`, `>`
/// and `&` are escaped so no content can close the script element.
pub fn json_ld(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod nav_tests {
    use super::nav_window;

    #[test]
    fn small_sections_list_everything_large_ones_a_window() {
        let small: Vec<usize> = (0..10).collect();
        assert_eq!(nav_window(&small, Some(3)), (&small[..], None));
        let large: Vec<usize> = (100..300).collect();
        let (window, more) = nav_window(&large, Some(250));
        assert_eq!((window.len(), more), (60, Some(140)));
        assert!(window.contains(&250));
        let (first, _) = nav_window(&large, None);
        assert_eq!(first[0], 100);
        let (last, _) = nav_window(&large, Some(299));
        assert_eq!(*last.last().unwrap(), 299);
    }
}
