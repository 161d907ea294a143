//! The section tree: every guide folder a section (with or without an
//! `_index.md`), parents before children, guides ordered by weight then
//! title, and each guide's URL, previous and next.

use super::*;

pub(super) fn is_published(guide: &Guide, options: &BuildOptions) -> bool {
    (!guide.draft || options.drafts)
        && (guide.visibility == Visibility::Public || options.profile == Profile::Internal)
}

pub(super) fn section_url(key: &str) -> String {
    let mut url = String::from("/guides/");
    for part in key.split('/').filter(|p| !p.is_empty()) {
        url.push_str(&slugify(part));
        url.push('/');
    }
    url
}

pub(super) fn default_title(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key);
    let words = last.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Guides".to_string(),
    }
}

pub(super) fn parent_key(key: &str) -> Option<String> {
    if key.is_empty() {
        return None;
    }
    Some(
        key.rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string()),
    )
}

/// Builds sections (tree order) and guide pages (grouped by section, ordered).
pub(super) fn build_tree(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_section_titles() {
        assert_eq!(default_title("billing/getting_started"), "Getting started");
        assert_eq!(section_url("Billing Stuff/x"), "/guides/billing-stuff/x/");
    }
}
