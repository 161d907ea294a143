//! Tags: each written tag matched to the taxonomy by name or slug, and the
//! pages of each tag.

use super::*;

/// Tags as the taxonomy names them: a page may write a tag by its name or
/// by any name with the same slug (`wi-fi` for `Wi-Fi`); it then carries
/// the taxonomy's name.
pub(super) fn collect_tags(site: &mut Site, diagnostics: &mut Diagnostics) {
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
