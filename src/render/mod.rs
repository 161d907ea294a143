//! Stage 4: (&Site, &Theme) -> every output file, rendered in parallel.
//! Never mutates the Site.

pub(crate) mod chart;
pub(crate) mod forge;
mod guides;
mod highlight;
/// The persistent cache of highlighted code (see `crate::cache`).
pub(crate) use highlight::{carry_in as carry_highlights_in, carry_out as carry_highlights_out};
mod home;
pub(crate) mod ideas;
mod languages;
pub mod markdown;
mod minify;
pub(crate) mod qa;
pub mod sanitize;
mod sections;
mod special;
pub(crate) mod stats;
mod tags;
pub(crate) mod theme;
pub(crate) mod views;

use crate::cache::{Pages, Scope};
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

/// The theme's stylesheet for multilingual sites.
const LANGUAGES_CSS: &str = "assets/languages.css";

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
    /// Colour code blocks; off for `check`.
    highlight: bool,
    /// The templates, their `t()` in the interface language.
    tera: std::borrow::Cow<'a, tera::Tera>,
    /// The interface text (English for each key the language lacks).
    texts: theme::Texts,
    /// The keys the interface language's file lacks.
    missing_texts: Vec<String>,
    /// The persistent cache's pages: what an earlier build made may be
    /// kept instead of rendered.
    memo: Option<Memo<'a>>,
    /// Bodies that could not be read again when their page was rendered
    /// (see `Markdown::release`); reported with the render's diagnostics.
    unreadable: std::sync::Mutex<Vec<Diagnostic>>,
}

/// The persistent cache's pages as one language's render uses them.
struct Memo<'a> {
    pages: &'a Pages,
    /// The language's output prefix ("" or "fr/"), which the kept pages'
    /// paths carry.
    language: String,
    /// The site's shared digest with the theme's (see `Site::digest_shared`).
    shared: u128,
    /// The digest of all of each guide (`Site::digest_pages`).
    guides: &'a [u128],
}

impl Memo<'_> {
    /// The key of a guide's own page: the shared digest and all of the
    /// guide; `None` (render it) without the guide's digest.
    fn guide_key(&self, index: usize) -> Option<u128> {
        let guide = self.guides.get(index)?;
        Some(
            crate::hash::Digest::new()
                .number(self.shared)
                .number(*guide)
                .finish(),
        )
    }

    /// Records a page this render made, under its language's prefix.
    fn made(&self, scope: Scope, key: u128, output: &Output) {
        if let Output::Bytes { path, bytes } = output {
            let path = format!("{}{path}", self.language);
            self.pages.made(&self.language, scope, &path, key, bytes);
        }
    }

    /// A kept page, with the path the language's sink expects (its prefix
    /// is added again there).
    fn unprefixed(&self, output: Output) -> Output {
        match output {
            Output::Kept {
                path,
                source,
                content,
            } => Output::Kept {
                path: path
                    .strip_prefix(&self.language)
                    .map_or(path.clone(), str::to_string),
                source,
                content,
            },
            other => other,
        }
    }
}

/// Makes one or more page jobs when called: see `Renderer::run`.
type JobMaker<'r> = Box<dyn FnOnce() -> Vec<PageJob> + Send + Sync + 'r>;

/// Renders every file of the site into `sink`, as soon as each is ready.
pub fn render_into(site: &Site, theme: &Theme, sink: &Sink<'_>) -> Diagnostics {
    Renderer::new(site, theme).run(sink, None)
}

/// `render_into`, keeping what an earlier build made where its inputs are
/// unchanged (see `cache::Pages`): `shared` is the whole site's
/// [`shared_digest`], `guides` the language's guide digests
/// (`Site::digest_pages`). The
/// output is the same, byte for byte.
pub(crate) fn render_into_kept(
    site: &Site,
    theme: &Theme,
    sink: &Sink<'_>,
    pages: &Pages,
    shared: u128,
    guides: &[u128],
) -> Diagnostics {
    let renderer = Renderer {
        memo: Some(Memo {
            pages,
            language: site.output_prefix(),
            shared,
            guides,
        }),
        ..Renderer::new(site, theme)
    };
    renderer.run(sink, None)
}

/// What every page of a build depends on besides a guide's own body: the
/// theme and the whole site but the guides' bodies (`Site::digest_shared`,
/// which covers the other languages too).
pub(crate) fn shared_digest(
    site: &Site,
    theme: &Theme,
    pages: &std::collections::HashMap<String, crate::resolve::site::PageDigests>,
) -> u128 {
    let mut digest = crate::hash::Digest::new();
    digest.number(theme.digest);
    site.digest_shared(&mut digest, pages);
    digest.finish()
}

/// Renders every page as `render_into` does, for its diagnostics only
/// (`check`): the pages are dropped, and code blocks are not coloured, which
/// cannot fail and is the largest share of a render's time.
pub fn check_pages(site: &Site, theme: &Theme) -> Diagnostics {
    let renderer = Renderer {
        highlight: false,
        ..Renderer::new(site, theme)
    };
    renderer.run(&|_| Ok(()), None)
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

/// The theme file with the browser's stemmer for a language: the primary
/// subtag names it (`assets/stem-fr.js` for `fr-CA`), as it names the
/// stemmer in the search index's manifest (`index::stem`). Languages whose
/// stemmer `search.js` carries, or that have none, have no such file.
fn stemmer_script(language: &str) -> String {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    format!("assets/stem-{}.js", primary.to_ascii_lowercase())
}

/// `assets/stem-<code>.js`: the browser's stemmer of one language.
fn is_stemmer_script(path: &str) -> bool {
    path.strip_prefix("assets/stem-")
        .is_some_and(|name| name.ends_with(".js"))
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
            format!("{}?v={hash}", site.root_href(&format!("/{path}")))
        };
        let highlight_css = highlight::stylesheet();
        let stemmer = stemmer_script(site.language());
        let site_view = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            language: site.config.language.clone(),
            ui_language: String::new(),
            direction: site
                .languages
                .as_ref()
                .map(|_| site.config.direction(site.language()).as_str().to_string()),
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
                    site.root_href("/assets/highlight.css"),
                    short_hash(highlight_css.as_bytes())
                ),
                favicon: asset("favicon.svg"),
                languages: asset("languages.css"),
                stemmer: theme
                    .assets
                    .contains_key(&stemmer)
                    .then(|| asset(stemmer.trim_start_matches("assets/"))),
            },
        };
        let ui = theme.interface_language(site);
        let mut site_view = site_view;
        site_view.ui_language = ui.to_string();
        let (texts, missing_texts) = theme.texts(ui);
        let tera = if ui == theme::FALLBACK_LANGUAGE {
            std::borrow::Cow::Borrowed(&theme.tera)
        } else {
            std::borrow::Cow::Owned(theme.tera_with(texts.clone()))
        };
        Renderer {
            site,
            theme,
            site_view,
            highlight: true,
            tera,
            texts,
            missing_texts,
            memo: None,
            unreadable: Default::default(),
        }
    }

    fn run(&self, sink: &Sink<'_>, only_guides: Option<&[usize]>) -> Diagnostics {
        let site = self.site;
        let mut diagnostics = Diagnostics::new();
        if !self.missing_texts.is_empty() {
            diagnostics.push(self.missing_texts_warning());
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
        // Every page but the guides' own is kept as one set, or rendered.
        let memo = self.memo.as_ref();
        let kept_shared = memo.and_then(|m| {
            m.pages.reuse_shared(&m.language, m.shared).map(|kept| {
                kept.into_iter()
                    .map(|o| m.unprefixed(o))
                    .collect::<Vec<_>>()
            })
        });
        let render_shared = kept_shared.is_none();
        for output in kept_shared.into_iter().flatten() {
            if let Err(d) = deliver(output) {
                diagnostics.push(d);
            }
        }
        let deliver_shared = |output: Output| {
            if let Some(m) = memo {
                m.made(Scope::Shared, m.shared, &output);
            }
            deliver(output)
        };
        // Listing pages hold a view of every page they list: each is made
        // where it is rendered, so only the ones in flight are in memory.
        let mut jobs: Vec<JobMaker<'_>> = vec![
            Box::new(|| vec![self.home_job()]),
            Box::new(|| vec![self.tags_job()]),
            Box::new(|| vec![self.not_found_job()]),
            Box::new(|| vec![self.search_job()]),
        ];
        for index in 0..site.sections.len() {
            if site.sections.get(index).is_some_and(|s| site.omits(&s.url)) {
                continue;
            }
            jobs.push(Box::new(move || vec![self.section_job(index)]));
        }
        for tag in site.tags.keys() {
            jobs.push(Box::new(move || vec![self.tag_job(tag)]));
        }
        // one maker per listing page: a big site has thousands, each with a
        // view of up to every question or idea, and made all at once they
        // held hundreds of megabytes
        if !site.questions.is_empty() {
            jobs.extend(self.question_list_makers());
        }
        if !site.ideas.is_empty() {
            jobs.extend(self.idea_list_makers());
        }
        if site.config.stats {
            jobs.push(Box::new(|| vec![self.stats_job(site.stats())]));
        }

        // Guides are the bulk: their bodies are rendered inside the parallel map.
        let guide_errors: Vec<Diagnostic> = (0..site.guides.len())
            .into_par_iter()
            .filter(|index| only_guides.is_none_or(|only| only.contains(index)))
            .filter_map(|index| site.guides.get(index).map(|page| (index, page)))
            .filter(|(_, page)| !site.omits(&page.url))
            .filter_map(|(index, page)| {
                let Some((m, key)) = memo.and_then(|m| Some((m, m.guide_key(index)?))) else {
                    return self
                        .render_job(self.guide_job(index))
                        .and_then(deliver)
                        .err();
                };
                let path = format!("{}{}", m.language, Self::output_path(&page.url));
                if let Some(kept) = m.pages.reuse(&path, key) {
                    return deliver(m.unprefixed(kept)).err();
                }
                let output = match self.render_job(self.guide_job(index)) {
                    Ok(output) => output,
                    Err(d) => return Some(d),
                };
                m.made(Scope::Own, key, &output);
                deliver(output).err()
            })
            .collect();
        // Question and idea jobs render Markdown as they are made, so they
        // are made inside the parallel map too. Those pages show guides by
        // title only: a scoped render (guide bodies edited) cannot change them.
        let (questions, ideas) = match only_guides {
            None if render_shared => (site.questions.len(), site.ideas.len()),
            _ => (0, 0),
        };
        if !render_shared {
            jobs.clear();
        }
        let question_jobs = (0..questions)
            .into_par_iter()
            .filter(|&i| site.questions.get(i).is_some_and(|q| !site.omits(&q.url)))
            .filter_map(|i| self.question_job(i));
        let idea_jobs = (0..ideas)
            .into_par_iter()
            .filter(|&i| site.ideas.get(i).is_some_and(|p| !site.omits(&p.url)))
            .filter_map(|i| self.idea_job(i));
        let other_errors: Vec<Diagnostic> = jobs
            .into_par_iter()
            .flat_map(|make| make())
            .chain(question_jobs)
            .chain(idea_jobs)
            .filter_map(|job| self.render_job(job).and_then(deliver_shared).err())
            .collect();
        diagnostics.extend(other_errors);
        diagnostics.extend(guide_errors);
        let redirects = if render_shared {
            &site.redirects[..]
        } else {
            &[]
        };
        for redirect in redirects {
            if let Err(d) = self
                .redirect(&redirect.from, &redirect.to)
                .and_then(deliver_shared)
            {
                diagnostics.push(d);
            }
        }
        let mut files = Vec::new();
        // the theme's files are shared by every language, at the root
        if !site.is_translation() {
            files.push(Output::Bytes {
                path: "assets/highlight.css".into(),
                bytes: highlight::stylesheet().into_bytes(),
            });
            // a stemmer's script is for the pages of its language only
            let stemmers: Vec<String> = std::iter::once(site)
                .chain(&site.translations)
                .map(|s| stemmer_script(s.language()))
                .collect();
            for (path, bytes) in &self.theme.assets {
                // only a multilingual site links it
                if path == LANGUAGES_CSS && site.languages.is_none() {
                    continue;
                }
                if is_stemmer_script(path) && !stemmers.contains(path) {
                    continue;
                }
                files.push(Output::Bytes {
                    path: path.clone(),
                    bytes: bytes.clone(),
                });
            }
        }
        for asset in &site.assets {
            files.push(Output::Copy {
                path: asset.output.clone(),
                source: asset.source.clone(),
            });
        }
        diagnostics.extend(files.into_iter().filter_map(|f| deliver(f).err()));
        diagnostics.extend(std::mem::take(
            &mut *self
                .unreadable
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        ));
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
        let text = match body.text() {
            Ok(text) => text,
            Err(problem) => {
                self.unreadable
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(problem);
                return String::new();
            }
        };
        to_html(&RenderInput {
            text: &text,
            headings: &body.headings,
            links: &links,
            policy,
            highlight: self.highlight,
            words: &self.texts,
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
        let mut meta = Meta {
            title,
            page_title: page_title.to_string(),
            description: description.to_string(),
            canonical: site.absolute(url),
            noindex: site.options.profile == Profile::Internal,
            og_type,
            area,
            alternates: Vec::new(),
            og_locale: None,
            og_locale_alternates: Vec::new(),
            languages: Vec::new(),
            untranslated: None,
            stale: None,
        };
        languages::fill(site, url, &mut meta);
        meta.stale = languages::stale_notice(site, url, |d| self.date(d));
        meta
    }

    fn output_path(url: &str) -> String {
        format!("{}index.html", url.trim_start_matches('/'))
    }

    /// Breadcrumbs: Home, then each (title, URL path) of `trail`.
    fn trail(&self, trail: &[(&str, &str)]) -> Vec<LinkView> {
        let home = self.text("home");
        std::iter::once((home, "/"))
            .chain(trail.iter().copied())
            .map(|(title, url)| LinkView {
                title: title.to_string(),
                url: self.site.href(url),
            })
            .collect()
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

pub fn display_date(date: crate::clock::Date) -> String {
    date.format("%-d %B %Y").to_string()
}

impl Renderer<'_> {
    /// A date as the interface language writes it (`date_format` with
    /// `{day}`, `{month}` and `{year}`; month names `month_1`…`month_12`).
    fn date(&self, date: crate::clock::Date) -> String {
        use chrono::Datelike;
        let (Some(format), Some(month)) = (
            self.texts.get("date_format"),
            self.texts.get(&format!("month_{}", date.month())),
        ) else {
            return display_date(date);
        };
        format
            .replace("{day}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year().to_string())
    }

    /// The interface text `key` in the page's language (English where the
    /// language lacks it). The default theme's English file has every key
    /// Rust asks for, and a site's file only overrides keys, so the key
    /// itself is shown only for a key no file has.
    fn text<'k>(&'k self, key: &'k str) -> &'k str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// `n` things: the text `one` when `n` is 1, else `many` with `{n}`.
    fn count_text(&self, n: usize, one: &str, many: &str) -> String {
        if n == 1 {
            self.text(one).to_string()
        } else {
            self.text_with(many, &[("n", &n.to_string())])
        }
    }

    /// `text(key)` with its `{name}` places filled.
    fn text_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        chart::fill(self.text(key), values)
    }

    /// The warning for an interface language whose file lacks keys.
    fn missing_texts_warning(&self) -> Diagnostic {
        let language = self.site.language();
        let path = format!("themes/{}/i18n/{language}.toml", self.theme.name);
        let message = if self.theme.i18n.contains_key(language) {
            format!(
                "the interface text in `{language}` lacks {} of English's keys ({}); English is shown for them",
                self.missing_texts.len(),
                self.missing_texts.join(", ")
            )
        } else {
            format!("the theme has no interface text in `{language}`; its pages show English menus and labels")
        };
        Diagnostic::warning(crate::diag::Code::UI_TEXT_MISSING, path, message).hint(format!(
            "add themes/{}/i18n/{language}.toml to the site with the keys of the default theme's i18n/en.toml",
            self.theme.name
        ))
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

#[cfg(test)]
mod asset_tests {
    use super::{is_stemmer_script, stemmer_script};

    #[test]
    fn a_languages_stemmer_script_is_named_by_its_primary_subtag() {
        assert_eq!(stemmer_script("fr"), "assets/stem-fr.js");
        assert_eq!(stemmer_script("fr-CA"), "assets/stem-fr.js");
        assert_eq!(stemmer_script("AR_eg"), "assets/stem-ar.js");
        assert_eq!(stemmer_script("en"), "assets/stem-en.js");
    }

    #[test]
    fn stemmer_scripts_are_told_from_other_assets() {
        assert!(is_stemmer_script("assets/stem-fr.js"));
        assert!(is_stemmer_script("assets/stem-pt-br.js"));
        assert!(!is_stemmer_script("assets/search.js"));
        assert!(!is_stemmer_script("assets/stem-fr.css"));
        assert!(!is_stemmer_script("assets/img/stem-fr.js.png"));
    }
}
