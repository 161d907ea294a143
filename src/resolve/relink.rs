//! Every page's links and anchors: the heading and raw-HTML ids each page
//! offers, and each link written as a source path rewritten to its final
//! URL (or reported at its position when it leads nowhere).

use super::*;

pub(super) fn heading_ids(body: &Markdown) -> BTreeSet<String> {
    body.anchor_ids().map(str::to_string).collect()
}

/// A page's rewritten links and the problems found resolving them.
type Resolved = (BTreeMap<String, String>, Vec<Diagnostic>);

/// The heading ids of every page a link can point into.
pub(super) struct PageIds {
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
pub(super) fn link_targets<'s>(
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

pub(super) fn resolve_links(site: &mut Site, diagnostics: &mut Diagnostics) {
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

pub(super) fn resolve_page(
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
