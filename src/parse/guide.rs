//! Guides and section indexes (`content/guides/**`), and the home intro.

use super::front_matter::FrontMatter;
use super::markdown::Markdown;
use crate::clock::Date;
use crate::diag::Span;
use std::path::PathBuf;

pub(crate) const GUIDE_KEYS: &[&str] = &[
    "title",
    "description",
    "tags",
    "weight",
    "authors",
    "updated",
    "draft",
    "visibility",
    "aliases",
    "extra",
];

pub(crate) const SECTION_KEYS: &[&str] = &["title", "description", "weight", "extra"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Visibility {
    #[default]
    Public,
    Internal,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Guide {
    pub path: PathBuf,
    /// Section folder relative to `content/guides`, `/`-separated ("" at the top).
    pub section: String,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub tags: Vec<(String, Span)>,
    pub weight: i64,
    pub authors: Vec<String>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub visibility: Visibility,
    pub aliases: Vec<(String, Span)>,
    #[serde(with = "super::json_text")]
    pub extra: serde_json::Value,
    pub body: Markdown,
}

/// A section's `_index.md` (or the home page's `content/_index.md`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SectionIndex {
    pub path: PathBuf,
    /// Section folder relative to `content/guides` ("" for the guides root).
    pub section: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    #[serde(with = "super::json_text")]
    pub extra: serde_json::Value,
    pub body: Markdown,
}

pub(crate) fn guide(
    mut fm: FrontMatter,
    section: String,
    slug: String,
    body: Markdown,
) -> (Option<Guide>, FrontMatter) {
    fm.check_keys(GUIDE_KEYS);
    let title = fm.required_string("title");
    let description = fm.string("description");
    let tags = fm.strings("tags");
    let weight = fm.int("weight").unwrap_or(0);
    let authors = fm.strings("authors").into_iter().map(|(a, _)| a).collect();
    let updated = fm.date("updated");
    let draft = fm.bool("draft").unwrap_or(false);
    let visibility = match fm.choice("visibility", &["public", "internal"]).as_deref() {
        Some("internal") => Visibility::Internal,
        _ => Visibility::Public,
    };
    let aliases = fm.strings("aliases");
    let extra = fm.extra();
    let guide = title.map(|title| Guide {
        path: fm.path().to_path_buf(),
        section,
        slug,
        title,
        description,
        tags,
        weight,
        authors,
        updated,
        draft,
        visibility,
        aliases,
        extra,
        body,
    });
    (guide, fm)
}

pub(crate) fn section_index(
    mut fm: FrontMatter,
    section: String,
    body: Markdown,
) -> (Option<SectionIndex>, FrontMatter) {
    fm.check_keys(SECTION_KEYS);
    let title = fm.required_string("title");
    let description = fm.string("description");
    let weight = fm.int("weight").unwrap_or(0);
    let extra = fm.extra();
    let index = title.map(|title| SectionIndex {
        path: fm.path().to_path_buf(),
        section,
        title,
        description,
        weight,
        extra,
        body,
    });
    (index, fm)
}
