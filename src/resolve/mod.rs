//! Stage 3: parsed records -> the `Site`. Gives every page its URL, builds
//! the section tree and tags, checks links, anchors, tags and URL clashes.
//! After this the `Site` is frozen.

pub mod links;
pub mod qa;
pub mod registry;
pub mod site;
pub mod stats;

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
use links::{LinkTargets, Target};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub fn resolve(
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

fn is_published(guide: &Guide, options: &BuildOptions) -> bool {
    (!guide.draft || options.drafts)
        && (guide.visibility == Visibility::Public || options.profile == Profile::Internal)
}

fn section_url(key: &str) -> String {
    let mut url = String::from("/guides/");
    for part in key.split('/').filter(|p| !p.is_empty()) {
        url.push_str(&slugify(part));
        url.push('/');
    }
    url
}

fn default_title(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key);
    let words = last.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Guides".to_string(),
    }
}

fn parent_key(key: &str) -> Option<String> {
    if key.is_empty() {
        return None;
    }
    Some(
        key.rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string()),
    )
}

/// Builds sections (tree order) and guide pages (grouped by section, ordered).
fn build_tree(
    guides: Vec<Guide>,
    mut indexes: BTreeMap<String, SectionIndex>,
    diagnostics: &mut Diagnostics,
) -> (Vec<Section>, Vec<GuidePage>) {
    // Every section that holds a published guide, and its ancestors.
    let mut keys: BTreeSet<String> = BTreeSet::from([String::new()]);
    for guide in &guides {
        let mut key = Some(guide.section.clone());
        while let Some(k) = key {
            key = parent_key(&k);
            keys.insert(k);
        }
    }
    let mut by_section: BTreeMap<String, Vec<Guide>> = BTreeMap::new();
    for guide in guides {
        by_section
            .entry(guide.section.clone())
            .or_default()
            .push(guide);
    }
    for (key, list) in &by_section {
        if !key.is_empty() && !indexes.contains_key(key) {
            if let Some(first) = list.first() {
                let folder = format!("content/guides/{key}/_index.md");
                diagnostics.push(
                    Diagnostic::warning(
                        Code::SECTION_DEFAULT,
                        &first.path,
                        format!(
                            "section `{key}` has no _index.md; it is titled \"{}\"",
                            default_title(key)
                        ),
                    )
                    .hint(format!(
                        "create {folder} with a `title:` to name the section"
                    )),
                );
            }
        }
    }

    // Sections keyed by folder, then placed in tree order.
    struct Draft {
        key: String,
        index: Option<SectionIndex>,
    }
    let drafts: BTreeMap<String, Draft> = keys
        .into_iter()
        .map(|key| {
            let index = indexes.remove(&key);
            (key.clone(), Draft { key, index })
        })
        .collect();
    let order_key = |d: &Draft| {
        let title = d
            .index
            .as_ref()
            .map_or_else(|| default_title(&d.key), |i| i.title.clone());
        (
            d.index.as_ref().map_or(0, |i| i.weight),
            title.to_lowercase(),
            d.key.clone(),
        )
    };
    let mut children: BTreeMap<String, Vec<(i64, String, String)>> = BTreeMap::new();
    for draft in drafts.values() {
        if let Some(parent) = parent_key(&draft.key) {
            children.entry(parent).or_default().push(order_key(draft));
        }
    }
    let children: BTreeMap<String, Vec<String>> = children
        .into_iter()
        .map(|(parent, mut list)| {
            list.sort();
            (parent, list.into_iter().map(|(_, _, key)| key).collect())
        })
        .collect();
    let mut order: Vec<String> = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(key) = stack.pop() {
        if let Some(list) = children.get(&key) {
            for child in list.iter().rev() {
                stack.push(child.clone());
            }
        }
        order.push(key);
    }
    let position: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();

    let mut drafts = drafts;
    let mut sections = Vec::with_capacity(order.len());
    for key in &order {
        let index = drafts.remove(key).and_then(|d| d.index);
        let parent = parent_key(key).and_then(|p| position.get(p.as_str()).copied());
        let (title, description, weight, body, source) = match index {
            Some(i) => (i.title, i.description, i.weight, Some(i.body), Some(i.path)),
            None if key.is_empty() => ("Guides".to_string(), None, 0, None, None),
            None => (default_title(key), None, 0, None, None),
        };
        let children = children
            .get(key)
            .map(|list| {
                list.iter()
                    .filter_map(|k| position.get(k.as_str()).copied())
                    .collect()
            })
            .unwrap_or_default();
        let summary = match (&description, &body) {
            (Some(text), _) => text.clone(),
            (None, Some(body)) => site::summary(None, body),
            (None, None) => String::new(),
        };
        sections.push(Section {
            key: key.clone(),
            url: section_url(key),
            title,
            description,
            summary,
            weight,
            body,
            source,
            parent,
            children,
            guides: Vec::new(),
            depth: key.split('/').filter(|p| !p.is_empty()).count(),
            links: BTreeMap::new(),
        });
    }

    let mut pages = Vec::new();
    for (section_index, key) in order.iter().enumerate() {
        let mut list = by_section.remove(key).unwrap_or_default();
        list.sort_by(|a, b| {
            (a.weight, a.title.to_lowercase(), &a.slug).cmp(&(
                b.weight,
                b.title.to_lowercase(),
                &b.slug,
            ))
        });
        let first = pages.len();
        let count = list.len();
        for (i, guide) in list.into_iter().enumerate() {
            let url = format!("{}{}/", section_url(key), guide.slug);
            pages.push(GuidePage {
                summary: site::summary(guide.description.as_deref(), &guide.body),
                guide,
                url,
                section: section_index,
                prev: (i > 0).then(|| first + i - 1),
                next: (i + 1 < count).then(|| first + i + 1),
                links: BTreeMap::new(),
            });
        }
        if let Some(section) = sections.get_mut(section_index) {
            section.guides = (first..first + count).collect();
        }
    }
    (sections, pages)
}

/// Output path of each copied file: content files sit next to their page,
/// `static/` files at the output root.
/// Images, audio, video and PDF, which a browser shows without running
/// anything (SVG can carry script, so it is not among them).
fn is_public_media(path: &str) -> bool {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    matches!(
        extension.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "mp4" | "webm" | "mp3" | "ogg" | "pdf"
    )
}

fn output_assets(assets: &[Asset], sections: &[Section]) -> Vec<OutputAsset> {
    let section_urls: BTreeMap<&str, &str> = sections
        .iter()
        .map(|s| (s.key.as_str(), s.url.as_str()))
        .collect();
    assets
        .iter()
        .filter_map(|asset| {
            let rel = asset.path.to_string_lossy().replace('\\', "/");
            let output = if let Some(rest) = rel.strip_prefix("static/") {
                rest.to_string()
            } else if let Some(rest) = rel.strip_prefix("content/guides/") {
                let (dir, file) = rest.rsplit_once('/').unwrap_or(("", rest));
                let base = section_urls
                    .get(dir)
                    .map_or_else(|| section_url(dir), |u| u.to_string());
                format!("{}{file}", base.trim_start_matches('/'))
            } else if let Some(rest) = rel.strip_prefix("content/questions/") {
                // Questions are public contributions: only their media are
                // published, beside the question's page.
                if !is_public_media(rest) {
                    return None;
                }
                let (folder, file) = rest.split_once('/')?;
                format!("questions/{}/{file}", slugify(folder))
            } else {
                rel.strip_prefix("content/")?.to_string()
            };
            Some(OutputAsset {
                path: asset.path.clone(),
                source: asset.abs.clone(),
                output,
            })
        })
        .collect()
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

fn heading_ids(body: &Markdown) -> BTreeSet<String> {
    body.anchor_ids().map(str::to_string).collect()
}

/// A page's rewritten links and the problems found resolving them.
type Resolved = (BTreeMap<String, String>, Vec<Diagnostic>);

/// The heading ids of every page a link can point into.
struct PageIds {
    guides: Vec<BTreeSet<String>>,
    sections: Vec<BTreeSet<String>>,
    home: BTreeSet<String>,
    questions: Vec<BTreeSet<String>>,
    ideas: Vec<BTreeSet<String>>,
    asset_urls: Vec<String>,
}

impl PageIds {
    /// The ids of the pages at the paths `wanted` accepts (the others get
    /// none: they are not link targets this time).
    fn of(site: &Site, wanted: &(dyn Fn(&Path) -> bool + Sync)) -> PageIds {
        let ids = |path: &Path, body: &Markdown| {
            if wanted(path) {
                heading_ids(body)
            } else {
                BTreeSet::new()
            }
        };
        PageIds {
            guides: site
                .guides
                .par_iter()
                .map(|g| ids(&g.guide.path, &g.guide.body))
                .collect(),
            sections: site
                .sections
                .iter()
                .map(|s| match (&s.source, &s.body) {
                    (Some(path), Some(body)) => ids(path, body),
                    (None, Some(body)) => heading_ids(body),
                    _ => BTreeSet::new(),
                })
                .collect(),
            home: site
                .home
                .as_ref()
                .map(|h| ids(&h.path, &h.body))
                .unwrap_or_default(),
            questions: site
                .questions
                .par_iter()
                .map(|q| {
                    let mut set = ids(&q.question.path, &q.question.body);
                    // each answer is an `<article id="answer-<id>">` on the page
                    if wanted(&q.question.path) {
                        set.extend(q.answers.iter().map(|a| format!("answer-{}", a.id)));
                    }
                    set
                })
                .collect(),
            ideas: site
                .ideas
                .par_iter()
                .map(|i| ids(&i.idea.path, &i.idea.body))
                .collect(),
            asset_urls: site
                .assets
                .iter()
                .map(|a| format!("/{}", a.output))
                .collect(),
        }
    }
}

/// Every file a link may name, among the paths `wanted` accepts: pages
/// (with their anchors), assets, and the guides left out of this build.
fn link_targets<'s>(
    site: &'s Site,
    ids: &'s PageIds,
    wanted: &dyn Fn(&Path) -> bool,
) -> LinkTargets<'s> {
    let mut targets = LinkTargets::default();
    for path in site.hidden_guides.iter().filter(|p| wanted(p)) {
        targets.targets.insert(path.clone(), Target::Hidden);
    }
    for page in site.unbuilt.iter().filter(|p| wanted(&p.path)) {
        targets.targets.insert(page.path.clone(), Target::Unbuilt);
    }
    for (asset, url) in site.assets.iter().zip(&ids.asset_urls) {
        if !wanted(&asset.path) {
            continue;
        }
        targets
            .targets
            .insert(asset.path.clone(), Target::Asset { url });
    }
    for (guide, ids) in site.guides.iter().zip(&ids.guides) {
        if !wanted(&guide.guide.path) {
            continue;
        }
        targets.targets.insert(
            guide.guide.path.clone(),
            Target::Page {
                url: &guide.url,
                ids,
            },
        );
    }
    for (section, ids) in site.sections.iter().zip(&ids.sections) {
        let path = section.source.clone().unwrap_or_else(|| {
            PathBuf::from(format!("content/guides/{}/_index.md", section.key).replace("//", "/"))
        });
        if !wanted(&path) {
            continue;
        }
        targets.targets.insert(
            path,
            Target::Page {
                url: &section.url,
                ids,
            },
        );
    }
    if let Some(home) = site.home.as_ref().filter(|h| wanted(&h.path)) {
        targets.targets.insert(
            home.path.clone(),
            Target::Page {
                url: "/",
                ids: &ids.home,
            },
        );
    }
    for (page, ids) in site.questions.iter().zip(&ids.questions) {
        if !wanted(&page.question.path) {
            continue;
        }
        targets.targets.insert(
            page.question.path.clone(),
            Target::Page {
                url: &page.url,
                ids,
            },
        );
    }
    for (page, ids) in site.ideas.iter().zip(&ids.ideas) {
        if !wanted(&page.idea.path) {
            continue;
        }
        targets.targets.insert(
            page.idea.path.clone(),
            Target::Page {
                url: &page.url,
                ids,
            },
        );
    }
    targets
}

/// The links of a new `body` for the published guide at `index`, resolved
/// against the rest of the site as it is: `serve` previews an edit that
/// changed only a guide's body this way, before the whole site is resolved
/// again.
pub fn relink_guide(
    site: &Site,
    index: usize,
    body: &Markdown,
) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let Some(page) = site.guides.get(index) else {
        return (BTreeMap::new(), Vec::new());
    };
    // Only the files this body links to are looked up.
    let linked: BTreeSet<PathBuf> = body
        .links
        .iter()
        .filter_map(|l| links::linked_path(&page.guide.path, &l.dest))
        .flat_map(|path| {
            // `page.html` may name the source `page.md`
            let sources = links::html_sources(&path);
            std::iter::once(path).chain(sources)
        })
        .collect();
    let wanted = |path: &Path| linked.contains(path);
    let mut ids = PageIds::of(site, &wanted);
    let own = heading_ids(body);
    if let Some(slot) = ids.guides.get_mut(index) {
        *slot = own.clone();
    }
    let targets = link_targets(site, &ids, &wanted);
    let (links, problems) = resolve_page(&targets, &page.guide.path, &own, body);
    let mut problems = Diagnostics::from_iter(problems);
    apply_site_severity(&site.config, &mut problems);
    (links, problems.into_iter().collect())
}

fn resolve_links(site: &mut Site, diagnostics: &mut Diagnostics) {
    let page_ids = PageIds::of(site, &|_| true);
    let targets = link_targets(site, &page_ids, &|_| true);
    let PageIds {
        guides: guide_ids,
        sections: section_ids,
        home: home_ids,
        questions: question_ids,
        ideas: idea_ids,
        ..
    } = &page_ids;
    let answer_ids: Vec<Vec<BTreeSet<String>>> = site
        .questions
        .iter()
        .map(|q| q.answers.iter().map(|a| heading_ids(&a.body)).collect())
        .collect();
    // Resolve every published page's links in parallel.
    let guide_links: Vec<Resolved> = site
        .guides
        .par_iter()
        .zip(guide_ids)
        .map(|(page, ids)| resolve_page(&targets, &page.guide.path, ids, &page.guide.body))
        .collect();
    let section_links: Vec<Option<Resolved>> = site
        .sections
        .iter()
        .zip(section_ids)
        .map(|(section, ids)| match (&section.source, &section.body) {
            (Some(path), Some(body)) => Some(resolve_page(&targets, path, ids, body)),
            _ => None,
        })
        .collect();
    let home_links = site
        .home
        .as_ref()
        .map(|home| resolve_page(&targets, &home.path, home_ids, &home.body));
    let question_links: Vec<(Resolved, Vec<Resolved>)> = site
        .questions
        .par_iter()
        .zip(question_ids)
        .zip(&answer_ids)
        .map(|((page, ids), answer_ids)| {
            let own = resolve_page(&targets, &page.question.path, ids, &page.question.body);
            let answers = page
                .answers
                .iter()
                .zip(answer_ids)
                .map(|(a, ids)| resolve_page(&targets, &a.path, ids, &a.body))
                .collect();
            (own, answers)
        })
        .collect();
    let idea_links: Vec<Resolved> = site
        .ideas
        .par_iter()
        .zip(idea_ids)
        .map(|(page, ids)| resolve_page(&targets, &page.idea.path, ids, &page.idea.body))
        .collect();
    // Pages left unbuilt by their own errors still have their links checked,
    // so one run shows every problem of the file.
    for page in &site.unbuilt {
        if let Some(body) = &page.body {
            let (_, diags) = resolve_page(&targets, &page.path, &heading_ids(body), body);
            diagnostics.extend(diags);
        }
    }
    drop(targets);
    for (page, ((map, diags), answers)) in site.questions.iter_mut().zip(question_links) {
        page.links = map;
        diagnostics.extend(diags);
        page.answer_links = answers
            .into_iter()
            .map(|(map, diags)| {
                diagnostics.extend(diags);
                map
            })
            .collect();
    }
    for (page, (map, diags)) in site.ideas.iter_mut().zip(idea_links) {
        page.links = map;
        diagnostics.extend(diags);
    }
    for (page, (map, diags)) in site.guides.iter_mut().zip(guide_links) {
        page.links = map;
        diagnostics.extend(diags);
    }
    for (section, result) in site.sections.iter_mut().zip(section_links) {
        if let Some((map, diags)) = result {
            section.links = map;
            diagnostics.extend(diags);
        }
    }
    if let Some((map, diags)) = home_links {
        site.home_links = map;
        diagnostics.extend(diags);
    }
}

fn resolve_page(
    targets: &LinkTargets<'_>,
    path: &Path,
    ids: &BTreeSet<String>,
    body: &Markdown,
) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let mut map = BTreeMap::new();
    let mut diags = Vec::new();
    for link in &body.links {
        match targets.resolve(path, ids, link) {
            Ok(Some(href)) => {
                map.insert(link.dest.clone(), href);
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    (map, diags)
}

/// Tags as the taxonomy names them: a page may write a tag by its name or
/// by any name with the same slug (`wi-fi` for `Wi-Fi`); it then carries
/// the taxonomy's name.
fn collect_tags(site: &mut Site, diagnostics: &mut Diagnostics) {
    let taxonomy = &site.config.taxonomy;
    let slugs: HashMap<String, String> = taxonomy
        .tags
        .iter()
        .map(|name| (name.clone(), taxonomy.slug_of(name)))
        .collect();
    let by_slug: HashMap<&str, &str> = slugs
        .iter()
        .map(|(name, slug)| (slug.as_str(), name.as_str()))
        .collect();
    let canonical = |written: &str| -> Option<String> {
        if slugs.contains_key(written) {
            return Some(written.to_string());
        }
        let slug = crate::slug::tag_slug(written);
        by_slug.get(slug.as_str()).map(|name| name.to_string())
    };
    let mut tags: BTreeMap<String, TagPages> = BTreeMap::new();
    let mut check = |path: &Path, tag: &mut String, span: Span| -> bool {
        if let Some(name) = canonical(tag) {
            *tag = name;
            return true;
        }
        let mut d = Diagnostic::error(
            Code::UNKNOWN_TAG,
            path,
            format!("tag `{tag}` is not in the site's taxonomy"),
        )
        .at(span);
        d = match closest(tag, slugs.keys().map(String::as_str)) {
            Some(best) => d.hint(format!(
                "did you mean `{best}`? (or add `{tag}` to [taxonomy] tags in site.toml)"
            )),
            None => d.hint(format!("add `{tag}` to [taxonomy] tags in site.toml")),
        };
        diagnostics.push(d);
        false
    };
    fn add(list: &mut Vec<usize>, index: usize) {
        if list.last() != Some(&index) {
            list.push(index);
        }
    }
    fn entry<'t>(
        tags: &'t mut BTreeMap<String, TagPages>,
        slugs: &HashMap<String, String>,
        tag: &str,
    ) -> &'t mut TagPages {
        tags.entry(tag.to_string()).or_insert_with(|| TagPages {
            slug: slugs.get(tag).cloned().unwrap_or_default(),
            ..TagPages::default()
        })
    }
    for (index, page) in site.guides.iter_mut().enumerate() {
        for (tag, span) in &mut page.guide.tags {
            if check(&page.guide.path, tag, *span) {
                add(&mut entry(&mut tags, &slugs, tag).guides, index);
            }
        }
    }
    for (index, page) in site.questions.iter_mut().enumerate() {
        let listed = page.duplicate_of.is_none();
        for (tag, span) in &mut page.question.tags {
            // duplicates point elsewhere and stay out of listings
            if check(&page.question.path, tag, *span) && listed {
                add(&mut entry(&mut tags, &slugs, tag).questions, index);
            }
        }
    }
    for (index, page) in site.ideas.iter_mut().enumerate() {
        for (tag, span) in &mut page.idea.tags {
            if check(&page.idea.path, tag, *span) {
                add(&mut entry(&mut tags, &slugs, tag).ideas, index);
            }
        }
    }
    site.tags = tags;
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

fn collect_redirects(site: &mut Site, diagnostics: &mut Diagnostics) {
    let mut taken: BTreeMap<String, PathBuf> = BTreeMap::new();
    for section in &site.sections {
        taken.insert(
            section.url.clone(),
            section.source.clone().unwrap_or_default(),
        );
    }
    for page in &site.guides {
        taken.insert(page.url.clone(), page.guide.path.clone());
    }
    for page in &site.questions {
        taken.insert(page.url.clone(), page.question.path.clone());
    }
    for page in &site.ideas {
        taken.insert(page.url.clone(), page.idea.path.clone());
    }
    // A duplicate idea's URL may be taken over by the idea it duplicates
    // (after `townhall ideas merge`): its page is then published as a redirect.
    let duplicate_urls: BTreeMap<String, PathBuf> = site
        .ideas
        .iter()
        .filter_map(|p| {
            let canonical = site.ideas.get(p.duplicate_of?)?;
            Some((p.url.clone(), canonical.idea.path.clone()))
        })
        .collect();
    // Guides, then questions, then ideas: each page's aliases in file order.
    let pages = site
        .guides
        .iter()
        .map(|p| (&p.guide.aliases, &p.guide.path, &p.url))
        .chain(
            site.questions
                .iter()
                .map(|p| (&p.question.aliases, &p.question.path, &p.url)),
        )
        .chain(
            site.ideas
                .iter()
                .map(|p| (&p.idea.aliases, &p.idea.path, &p.url)),
        );
    let mut redirects = Vec::new();
    for (aliases, path, url) in pages {
        for (alias, span) in aliases {
            let Some(from) = normalize_alias(alias) else {
                diagnostics.push(
                    Diagnostic::error(
                        Code::BAD_VALUE,
                        path,
                        format!("alias `{alias}` is not a site path"),
                    )
                    .at(*span)
                    .hint("write aliases as paths from the site root, like /old/page/ (no scheme, no `..`)"),
                );
                continue;
            };
            let merged = duplicate_urls.get(&from) == Some(path);
            if let Some(owner) = taken.get(&from).filter(|_| !merged) {
                diagnostics.push(
                    Diagnostic::error(
                        Code::DUPLICATE_URL,
                        path,
                        format!("alias {from} is already the URL of {}", owner.display()),
                    )
                    .at(*span)
                    .hint("remove the alias or move the other page"),
                );
                continue;
            }
            taken.insert(from.clone(), path.clone());
            redirects.push(Redirect {
                from,
                to: url.clone(),
            });
        }
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    site.redirects = redirects;
}

/// `/old/page` -> `/old/page/`; `/old.html` stays. `None` for anything that
/// could escape the output directory or is not a path.
pub fn normalize_alias(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if links::is_external(alias) || alias.contains('\\') || alias.contains('\0') {
        return None;
    }
    let parts: Vec<&str> = alias.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == ".." || *p == "." || p.contains(['?', '#']))
    {
        return None;
    }
    let mut out = format!("/{}", parts.join("/"));
    if !out.ends_with(".html") {
        out.push('/');
    }
    Some(out)
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

    #[test]
    fn default_section_titles() {
        assert_eq!(default_title("billing/getting_started"), "Getting started");
        assert_eq!(section_url("Billing Stuff/x"), "/guides/billing-stuff/x/");
    }
}
