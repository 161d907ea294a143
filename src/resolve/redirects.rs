//! Redirects: each page's `aliases` (old URLs) checked and collected.

use super::*;

pub(super) fn collect_redirects(site: &mut Site, diagnostics: &mut Diagnostics) {
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
