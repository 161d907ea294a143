//! Stage 3: parsed records -> the `Site`. Gives every page its URL, builds
//! the section tree and tags, checks links, anchors, tags and URL clashes.
//! After this the `Site` is frozen.

mod assets;
pub mod languages;
pub mod links;
pub(crate) mod qa;
mod redirects;
pub mod registry;
mod relink;
pub mod site;
pub(crate) mod stats;
mod tags;
mod tree;

pub use site::{
    BuildOptions, GuidePage, IdeaPage, OutputAsset, Profile, QuestionPage, Redirect, Section, Site,
    TagPages,
};

use crate::config::Config;
use crate::diag::{closest, Code, Diagnostic, Diagnostics, Span};
use crate::load::history::History;
use crate::load::Asset;
use crate::parse::{Guide, Idea, Markdown, Parsed, SectionIndex, Visibility};
use crate::slug::slugify;
use assets::output_assets;
use links::{LinkTargets, Target};
use rayon::prelude::*;
use redirects::collect_redirects;
pub use redirects::normalize_alias;
pub use relink::relink_guide;
use relink::resolve_links;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use tags::collect_tags;
use tree::{build_tree, is_published, section_url};

pub fn resolve(
    config: Config,
    options: BuildOptions,
    parsed: Vec<Parsed>,
    assets: &[Asset],
    history: &History,
) -> (Site, Diagnostics) {
    if config.is_multilingual() {
        return languages::resolve_all(config, options, parsed, assets, history);
    }
    resolve_one(config, options, parsed, assets, history)
}

/// The `Site` of one language: the default's, or (given sources with
/// their translations in place) another's.
fn resolve_one(
    config: Config,
    options: BuildOptions,
    parsed: Vec<Parsed>,
    assets: &[Asset],
    history: &History,
) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut home = None;
    let mut indexes: BTreeMap<String, SectionIndex> = BTreeMap::new();
    let mut all_guides = Vec::new();
    let mut questions = Vec::new();
    let mut answers = Vec::new();
    let mut ideas = Vec::new();
    let mut unbuilt = Vec::new();
    for item in parsed {
        match item {
            Parsed::Unbuilt(page) => unbuilt.push(page),
            Parsed::Home(index) => home = Some(index),
            Parsed::Section(index) => {
                indexes.insert(index.section.clone(), index);
            }
            Parsed::Guide(mut guide) => {
                // front matter wins; git fills what it leaves out
                if let Some(h) = history.get(&guide.path) {
                    if guide.updated.is_none() {
                        guide.updated = h.updated;
                    }
                    if guide.authors.is_empty() {
                        guide.authors = h.authors.clone();
                    }
                }
                all_guides.push(guide)
            }
            Parsed::Question(q) => questions.push(q),
            Parsed::Answer(a) => answers.push(a),
            Parsed::Idea(i) => ideas.push(i),
            // only a multilingual site has them, and puts them in place
            Parsed::Translation(_) => {}
        }
    }

    let (guides, hidden): (Vec<Guide>, Vec<Guide>) = all_guides
        .into_iter()
        .partition(|g| is_published(g, &options));

    let (sections, guide_pages) = build_tree(guides, indexes, &mut diagnostics);
    // the base URL parsed once: `--base-url` over site.toml's
    let base = match &options.base_url {
        Some(url) => crate::config::BaseUrl::parse(url).unwrap_or_else(|_| config.base()),
        None => config.base(),
    };
    let unbuilt_paths: BTreeSet<PathBuf> = unbuilt.iter().map(|u| u.path.clone()).collect();
    let questions = qa::threads(questions, answers, &unbuilt_paths, &mut diagnostics);
    let ideas = idea_pages(ideas, &config, &options, &mut diagnostics);
    let mut site = Site {
        config,
        options,
        questions,
        ideas,
        base_url: base.trimmed(),
        base,
        home,
        home_links: BTreeMap::new(),
        sections,
        guides: guide_pages,
        tags: BTreeMap::new(),
        redirects: Vec::new(),
        assets: Vec::new(),
        hidden_guides: hidden.iter().map(|g| g.path.clone()).collect(),
        unbuilt,
        stats: std::sync::OnceLock::new(),
        languages: None,
        translations: Vec::new(),
    };
    site.assets = output_assets(assets, &site.sections);
    check_urls(&site, &mut diagnostics);
    resolve_links(&mut site, &mut diagnostics);
    collect_tags(&mut site, &mut diagnostics);
    collect_redirects(&mut site, &mut diagnostics);
    apply_site_severity(&site.config, &mut diagnostics);
    (site, diagnostics)
}

/// The severities a site chose in `[check]`.
fn apply_site_severity(config: &Config, diagnostics: &mut Diagnostics) {
    use crate::config::Severity;
    if config.check.broken_links == Severity::Warn {
        diagnostics.downgrade(Code::BROKEN_LINK);
    }
    if config.check.broken_anchors == Severity::Warn {
        diagnostics.downgrade(Code::BROKEN_ANCHOR);
    }
}

fn check_urls(site: &Site, diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    // A section without `_index.md` still has a page: its folder names it.
    let folders: Vec<PathBuf> = site
        .sections
        .iter()
        .map(|s| Path::new("content/guides").join(&s.key))
        .collect();
    let sections = site
        .sections
        .iter()
        .zip(&folders)
        .map(|(s, folder)| (s.url.as_str(), s.source.as_deref().unwrap_or(folder)));
    let guides = site
        .guides
        .iter()
        .map(|g| (g.url.as_str(), g.guide.path.as_path()));
    let questions = site
        .questions
        .iter()
        .map(|q| (q.url.as_str(), q.question.path.as_path()));
    let ideas = site
        .ideas
        .iter()
        .map(|i| (i.url.as_str(), i.idea.path.as_path()));
    for (url, path) in sections.chain(guides).chain(questions).chain(ideas) {
        if let Some(first) = seen.insert(url, path) {
            diagnostics.push(
                Diagnostic::error(
                    Code::DUPLICATE_URL,
                    path,
                    format!("this page's URL {url} is already taken by {}", first.display()),
                )
                .related(first, Span::new(1, 1, 3), "first file with this URL")
                .hint("rename one of the files; file names are turned into URL slugs, so names differing only in case, spacing or accents clash"),
            );
        }
    }
}

/// Idea pages with their workflow facts, duplicates linked (and checked).
fn idea_pages(
    mut ideas: Vec<Idea>,
    config: &Config,
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<IdeaPage> {
    ideas.sort_by(|a, b| a.slug.cmp(&b.slug));
    let slugs: Vec<String> = ideas.iter().map(|i| i.slug.clone()).collect();
    let targets: Vec<_> = ideas
        .iter()
        .map(|i| {
            i.duplicate_of
                .as_ref()
                .map(|(slug, span)| (slug.clone(), i.path.clone(), *span))
        })
        .collect();
    let links = qa::duplicate_links(&slugs, &targets, "idea", diagnostics);
    let mut pages: Vec<IdeaPage> = ideas
        .into_iter()
        .zip(&links)
        .map(|(idea, link)| IdeaPage {
            facts: crate::ideas::rule::facts(&idea, &config.ideas, options.today),
            summary: site::summary(None, &idea.body),
            url: format!("/ideas/{}/", idea.slug),
            idea,
            duplicate_of: *link,
            duplicates: Vec::new(),
            links: BTreeMap::new(),
        })
        .collect();
    for (index, link) in links.iter().enumerate() {
        if let Some(target) = link.and_then(|t| pages.get_mut(t)) {
            target.duplicates.push(index);
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_normalise_and_refuse_escapes() {
        assert_eq!(normalize_alias("old/page").as_deref(), Some("/old/page/"));
        assert_eq!(normalize_alias("/a.html").as_deref(), Some("/a.html"));
        assert_eq!(normalize_alias("/../etc/"), None);
        assert_eq!(normalize_alias("https://x.test/"), None);
        assert_eq!(normalize_alias("/"), None);
    }
}
