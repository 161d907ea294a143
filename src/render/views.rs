//! The theme API: serialisable views handed to Tera. Templates never see
//! internal types; renaming a field here is a breaking change for themes.

use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub home_url: String,
    pub guides_url: String,
    pub tags_url: String,
    pub has_tags: bool,
    pub repository: Option<String>,
    pub assets: AssetsView,
}

#[derive(Serialize, Clone)]
pub struct AssetsView {
    pub style: String,
    pub script: String,
    pub highlight: String,
    pub favicon: String,
}

#[derive(Serialize)]
pub struct Meta {
    /// `<title>`: "Page · Site" (the site title alone on the home page).
    pub title: String,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub noindex: bool,
    pub og_type: &'static str,
    /// Which top-level area the page belongs to ("guides", "tags", "").
    pub area: &'static str,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct NavGuide {
    pub title: String,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct NavNode {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// On the path to the current page: its guides are listed.
    pub open: bool,
    pub guides: Vec<NavGuide>,
    pub children: Vec<NavNode>,
}

#[derive(Serialize)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub meta: Option<String>,
}

#[derive(Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub title: String,
    pub id: String,
}

#[derive(Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct GuideView {
    pub title: String,
    pub description: Option<String>,
    pub body: String,
    pub toc: Vec<TocEntry>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub tags: Vec<TagLink>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub authors: Vec<String>,
    pub edit_url: Option<String>,
    pub section: LinkView,
    pub extra: serde_json::Value,
}

#[derive(Serialize)]
pub struct SectionView {
    pub title: String,
    pub description: Option<String>,
    pub body: Option<String>,
    pub subsections: Vec<Card>,
    pub guides: Vec<Card>,
}

#[derive(Serialize)]
pub struct HomeView {
    pub title: String,
    pub intro: Option<String>,
    pub sections: Vec<Card>,
    pub recent: Vec<Card>,
}

#[derive(Serialize)]
pub struct TagCount {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct TagsView {
    pub title: String,
    pub tags: Vec<TagCount>,
}

#[derive(Serialize)]
pub struct TagGroup {
    pub kind: &'static str,
    pub title: &'static str,
    pub items: Vec<Card>,
}

#[derive(Serialize)]
pub struct TagView {
    pub name: String,
    pub groups: Vec<TagGroup>,
}

#[derive(Serialize)]
pub struct RedirectView {
    pub to: String,
}
