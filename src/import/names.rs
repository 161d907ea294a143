//! Names an import derives: member handles from display names, tags mapped
//! into the site's taxonomy, and page slugs from titles. All three are
//! deterministic functions of the export, so a second import of the same
//! export derives the same names.

use crate::slug::slugify;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The handle written for posts whose author no longer exists on the source
/// (deleted accounts, anonymous posts). The attribution line keeps the name
/// the source still shows, if any.
pub(crate) const DELETED_USER: &str = "deleted-user";

/// Handles from display names: `Zoë Smith` -> `zoë-smith`. Register members in
/// a stable order (by source id): the first with a name gets the plain handle,
/// later members with the same name get `<name>-<id>`.
#[derive(Debug, Default)]
pub(crate) struct Handles {
    by_id: BTreeMap<String, String>,
    taken: BTreeSet<String>,
}

impl Handles {
    pub(crate) fn new() -> Handles {
        let mut handles = Handles::default();
        handles.taken.insert(DELETED_USER.to_string());
        handles
    }

    /// Registers the member `id` named `name`; returns their handle. A second
    /// call with the same id returns the first handle.
    pub(crate) fn register(&mut self, id: &str, name: &str) -> String {
        if let Some(handle) = self.by_id.get(id) {
            return handle.clone();
        }
        let id_slug = slugify(id);
        let base = truncate_slug(&slugify(name), 40);
        let base = if base.is_empty() || base.starts_with(DELETED_USER) {
            format!("user-{id_slug}")
        } else {
            base
        };
        let mut handle = base.clone();
        if self.taken.contains(&handle) {
            handle = format!("{base}-{id_slug}");
        }
        let mut n = 2;
        while self.taken.contains(&handle) {
            handle = format!("{base}-{id_slug}-{n}");
            n += 1;
        }
        self.taken.insert(handle.clone());
        self.by_id.insert(id.to_string(), handle.clone());
        handle
    }

    /// The handle of a registered member, else the deleted-user placeholder.
    pub(crate) fn get(&self, id: Option<&str>) -> String {
        id.and_then(|id| self.by_id.get(id))
            .cloned()
            .unwrap_or_else(|| DELETED_USER.to_string())
    }
}

/// Cuts a slug to at most `max` characters, at a dash when there is one.
pub(crate) fn truncate_slug(slug: &str, max: usize) -> String {
    if slug.chars().count() <= max {
        return slug.to_string();
    }
    let cut: String = slug.chars().take(max).collect();
    match cut.rfind('-') {
        Some(i) if i > max / 2 => cut.get(..i).unwrap_or(&cut).to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// Slugs for pages: from the title, cut to 80 characters; `<slug>-<id>` when
/// an earlier item (lower id: register in id order) has the slug; a page
/// imported before keeps the slug it was written under.
#[derive(Debug, Default)]
pub(crate) struct Slugs {
    taken: BTreeSet<String>,
}

impl Slugs {
    pub(crate) fn new(reserved: impl IntoIterator<Item = String>) -> Slugs {
        Slugs {
            taken: reserved.into_iter().collect(),
        }
    }

    pub(crate) fn assign(&mut self, title: &str, id: &str, prefix: &str) -> String {
        let id_slug = slugify(id);
        let base = truncate_slug(&slugify(title), 80);
        let base = if base.is_empty() {
            format!("{prefix}-{id_slug}")
        } else {
            base
        };
        let mut slug = base.clone();
        if self.taken.contains(&slug) {
            slug = format!("{base}-{id_slug}");
        }
        let mut n = 2;
        while self.taken.contains(&slug) {
            slug = format!("{base}-{id_slug}-{n}");
            n += 1;
        }
        self.taken.insert(slug.clone());
        slug
    }
}

/// Source tags -> taxonomy tags, kept as the export writes them (`c++`,
/// `.net`, `3.2-beer`, `node.js`): a tag is a name, and the site derives its
/// URL slug. A `--tag-map` entry wins (an empty value drops the tag). Names
/// that differ only in letter case or Unicode normalisation (`UI`, `ui`) are
/// one tag: the taxonomy's spelling when it has one, else the first the
/// import met. A name the taxonomy lacks is recorded so the command can add
/// it to `site.toml`.
#[derive(Debug, Default)]
pub(crate) struct TagMapper {
    /// folded name -> the spelling to write
    known: BTreeMap<String, String>,
    map: BTreeMap<String, String>,
    pub added: BTreeSet<String>,
}

/// The key under which two spellings of a tag are the same tag.
fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().flat_map(char::to_lowercase).collect()
}

impl TagMapper {
    pub(crate) fn new(taxonomy: &[String], map: BTreeMap<String, String>) -> TagMapper {
        let mut known = BTreeMap::new();
        for name in taxonomy {
            known.entry(fold(name)).or_insert_with(|| name.clone());
        }
        TagMapper {
            known,
            map,
            added: BTreeSet::new(),
        }
    }

    pub(crate) fn map(&mut self, tag: &str) -> Option<String> {
        let tag = tag.trim();
        let name = match self
            .map
            .get(tag)
            .or_else(|| self.map.get(&tag.to_lowercase()))
        {
            Some(to) => to.trim(),
            None => tag,
        };
        if name.is_empty() {
            return None;
        }
        let key = fold(name);
        if let Some(spelling) = self.known.get(&key) {
            return Some(spelling.clone());
        }
        self.known.insert(key, name.to_string());
        self.added.insert(name.to_string());
        Some(name.to_string())
    }

    /// Maps a list, keeping first-seen order and dropping repeats.
    pub(crate) fn map_all<'t>(&mut self, tags: impl IntoIterator<Item = &'t str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for tag in tags {
            if let Some(t) = self.map(tag) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }
}

/// Reads a `--tag-map` or `--status-map` file: TOML, one `"from" = "to"` per line.
pub(crate) fn read_map(path: &Path) -> Result<BTreeMap<String, String>, super::Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| super::Error::new(path, format!("cannot read: {e}")))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text.get(..s.start).unwrap_or("").matches('\n').count() + 1);
        let err = super::Error::new(path, e.message().trim().to_string())
            .hint("write one `\"source name\" = \"townhall name\"` per line");
        match line {
            Some(line) => err.at(format!("line {line}")),
            None => err,
        }
    })?;
    let mut map = BTreeMap::new();
    for (key, value) in table {
        let Some(value) = value.as_str() else {
            return Err(
                super::Error::new(path, format!("the value of `{key}` is not a string"))
                    .hint("write `\"source name\" = \"townhall name\"` (\"\" drops a tag)"),
            );
        };
        map.insert(key, value.to_string());
    }
    Ok(map)
}

/// `site.toml` with `tags` appended to `[taxonomy] tags`, every other byte
/// (comments, order, spacing) kept. `None` when nothing needs adding.
pub(crate) fn add_tags_to_config(
    text: &str,
    tags: &BTreeSet<String>,
) -> Result<Option<String>, String> {
    if tags.is_empty() {
        return Ok(None);
    }
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let taxonomy = doc
        .entry("taxonomy")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    let Some(taxonomy) = taxonomy.as_table_like_mut() else {
        return Err("`taxonomy` is not a table".into());
    };
    let list = taxonomy
        .entry("tags")
        .or_insert(toml_edit::Item::Value(toml_edit::Value::Array(
            toml_edit::Array::new(),
        )));
    let Some(array) = list.as_array_mut() else {
        return Err("`taxonomy.tags` is not a list".into());
    };
    let present: BTreeSet<String> = array
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let multiline = array.iter().any(|v| {
        v.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.contains('\n'))
    });
    let mut added = false;
    for tag in tags {
        if present.contains(tag) {
            continue;
        }
        let mut value = toml_edit::Value::from(tag.as_str());
        if multiline {
            value.decor_mut().set_prefix("\n    ");
        } else if !array.is_empty() {
            value.decor_mut().set_prefix(" ");
        }
        array.push_formatted(value);
        added = true;
    }
    Ok(added.then(|| doc.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_stable_and_unique() {
        let mut h = Handles::new();
        assert_eq!(h.register("7", "Zoë Smith"), "zoë-smith");
        assert_eq!(h.register("9", "zoë  smith"), "zoë-smith-9");
        assert_eq!(h.register("7", "renamed"), "zoë-smith");
        assert_eq!(h.register("12", "???"), "user-12");
        assert_eq!(h.register("13", "Deleted User"), "user-13");
        assert_eq!(h.register("-1", "Community"), "community");
        assert_eq!(h.get(Some("9")), "zoë-smith-9");
        assert_eq!(h.get(Some("404")), DELETED_USER);
        assert_eq!(h.get(None), DELETED_USER);
    }

    #[test]
    fn slugs_disambiguate_by_id_and_never_come_out_empty() {
        let mut s = Slugs::new(["taken".to_string()]);
        assert_eq!(
            s.assign("How do I boil eggs?", "1", "q"),
            "how-do-i-boil-eggs"
        );
        assert_eq!(
            s.assign("How do I boil eggs!", "5", "q"),
            "how-do-i-boil-eggs-5"
        );
        assert_eq!(s.assign("Taken", "6", "q"), "taken-6");
        assert_eq!(s.assign("???", "8", "question"), "question-8");
        assert_eq!(
            s.assign("Почему хлеб черствеет?", "9", "q"),
            "почему-хлеб-черствеет"
        );
        let long = "word ".repeat(40);
        assert!(s.assign(&long, "10", "q").chars().count() <= 80);
    }

    #[test]
    fn tags_are_kept_as_written_mapped_and_collected() {
        let map = BTreeMap::from([
            ("javascript".to_string(), "JS".to_string()),
            ("meta".to_string(), String::new()),
        ]);
        let mut t = TagMapper::new(&["api".to_string(), "Wi-Fi".to_string()], map);
        assert_eq!(
            t.map_all([
                "API",
                "javascript",
                "meta",
                "c++",
                ".net",
                "3.2-beer",
                "node.js",
                "wi-fi",
                "c",
                "C++",
                "日本語"
            ]),
            [
                "api",
                "JS",
                "c++",
                ".net",
                "3.2-beer",
                "node.js",
                "Wi-Fi",
                "c",
                "日本語"
            ]
        );
        // the first spelling met wins for a tag the taxonomy lacks
        assert_eq!(t.map_all(["js", "UI", "ui"]), ["JS", "UI"]);
        assert_eq!(
            t.added.iter().collect::<Vec<_>>(),
            [
                ".net",
                "3.2-beer",
                "JS",
                "UI",
                "c",
                "c++",
                "node.js",
                "日本語"
            ]
        );
        assert_eq!(t.map("  "), None);
    }

    #[test]
    fn site_toml_keeps_its_formatting() {
        let text = "title = \"A\" # the name\nbase_url = \"https://x.test\"\n\n[taxonomy]\ntags = [\"api\", \"billing\"] # keep\n\n[ideas]\nvote_threshold = 5\n";
        let tags = BTreeSet::from(["api".to_string(), "eggs".to_string()]);
        let out = add_tags_to_config(text, &tags).unwrap().unwrap();
        assert_eq!(out, text.replace("\"billing\"]", "\"billing\", \"eggs\"]"));
        let multi =
            "title = \"A\"\nbase_url = \"https://x.test\"\n[taxonomy]\ntags = [\n    \"api\",\n]\n";
        let out = add_tags_to_config(multi, &tags).unwrap().unwrap();
        assert!(
            out.contains("tags = [\n    \"api\",\n    \"eggs\",\n]"),
            "{out}"
        );
        let none = "title = \"A\"\nbase_url = \"https://x.test\"\n";
        let out = add_tags_to_config(none, &tags).unwrap().unwrap();
        assert!(
            out.ends_with("[taxonomy]\ntags = [\"api\", \"eggs\"]\n"),
            "{out}"
        );
        assert_eq!(add_tags_to_config(text, &BTreeSet::new()).unwrap(), None);
    }
}
