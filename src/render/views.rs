//! The theme API: serialisable views handed to Tera. Templates never see
//! internal types; renaming a field here is a breaking change for themes.

use serde::Serialize;

#[derive(Serialize, Clone)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// `ltr` or `rtl` on a multilingual site; `None` on a single-language one.
    pub direction: Option<String>,
    /// The language of the interface text (`en` when the theme has none in
    /// the page's language): scripts get their words in it.
    pub ui_language: String,
    pub base_url: String,
    pub home_url: String,
    pub guides_url: String,
    pub tags_url: String,
    pub search_url: String,
    pub questions_url: String,
    pub ideas_url: String,
    pub roadmap_url: String,
    pub changelog_url: String,
    pub feed_url: String,
    pub ideas_feed_url: String,
    /// `/stats/`, unless `stats = false` in site.toml.
    pub stats_url: Option<String>,
    pub has_tags: bool,
    pub has_guides: bool,
    pub has_questions: bool,
    pub has_ideas: bool,
    pub repository: Option<String>,
    /// Absolute URL of the social preview image (`image` in site.toml).
    pub image: Option<String>,
    pub assets: AssetsView,
}

#[derive(Serialize, Clone)]
pub(crate) struct AssetsView {
    pub style: String,
    pub script: String,
    pub search: String,
    pub search_ui: String,
    pub highlight: String,
    pub favicon: String,
    /// The multilingual stylesheet (switcher, notice, right to left).
    pub languages: String,
    /// The browser's stemmer for this language when `search.js` lacks it
    /// (`stem-fr.js`); none for English and unstemmed languages.
    pub stemmer: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Meta {
    /// `<title>`: "Page · Site" (the site title alone on the home page).
    pub title: String,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub noindex: bool,
    pub og_type: &'static str,
    /// Which top-level area the page belongs to ("guides", "tags", "").
    pub area: &'static str,
    /// A multilingual site's `hreflang` alternates (x-default last);
    /// empty on a single-language site, as are the fields below.
    pub alternates: Vec<Alternate>,
    /// Open Graph locale of the page's language (`fr`, `pt_BR`).
    pub og_locale: Option<String>,
    pub og_locale_alternates: Vec<String>,
    /// The language switcher: every language, this page in it when it has
    /// its own version, else that language's home.
    pub languages: Vec<LanguageLink>,
    /// Set when the page shows the default language's content because it
    /// has no translation in this page's language.
    pub untranslated: Option<UntranslatedNotice>,
    /// A translation whose original changed after it did.
    pub stale: Option<StaleNotice>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct LanguageLink {
    pub code: String,
    pub name: String,
    pub url: String,
    pub current: bool,
    /// Whether `url` is this page (else the language's home).
    pub translated: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct UntranslatedNotice {
    /// The original's language name and code, and its page.
    pub language: String,
    pub code: String,
    /// The original's writing direction (`ltr`, `rtl`): the content shown
    /// is in its language.
    pub dir: &'static str,
    pub url: String,
}

/// "The original changed on …; this translation may be out of date."
#[derive(Serialize, Clone)]
pub(crate) struct StaleNotice {
    /// When the original last changed, as the page's language writes dates.
    pub date: String,
    /// The original's language name and code, and its page.
    pub language: String,
    pub code: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct NavGuide {
    pub title: String,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub(crate) struct NavNode {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// On the path to the current page: its guides are listed.
    pub open: bool,
    pub guides: Vec<NavGuide>,
    /// Set when a large section lists only some of its guides.
    pub more: Option<LinkView>,
    pub children: Vec<NavNode>,
}

#[derive(Serialize)]
pub(crate) struct Card {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub meta: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub title: String,
    pub id: String,
}

#[derive(Serialize)]
pub(crate) struct TagLink {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct GuideView {
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
pub(crate) struct SectionView {
    pub title: String,
    pub description: Option<String>,
    pub body: Option<String>,
    pub subsections: Vec<Card>,
    pub guides: Vec<Card>,
}

#[derive(Serialize)]
pub(crate) struct HomeView {
    pub title: String,
    /// What this community is: the home page's description, or the site's.
    pub description: String,
    pub intro: Option<String>,
    /// Where to ask a question and propose an idea (the repository's
    /// new-file pages), when the site has a repository.
    pub ask_url: Option<String>,
    pub propose_url: Option<String>,
    pub sections: Vec<Card>,
    pub recent: Vec<Card>,
    pub questions: Vec<QuestionRow>,
    pub unanswered: usize,
    pub top_ideas: Vec<IdeaCard>,
    pub shipped: Vec<IdeaCard>,
}

#[derive(Serialize)]
pub(crate) struct TagCount {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub(crate) struct TagsView {
    pub title: String,
    pub tags: Vec<TagCount>,
}

#[derive(Serialize)]
pub(crate) struct TagGroup {
    pub kind: &'static str,
    pub title: String,
    pub items: Vec<Card>,
}

#[derive(Serialize)]
pub(crate) struct TagView {
    pub name: String,
    pub groups: Vec<TagGroup>,
}

#[derive(Serialize)]
pub(crate) struct RedirectView {
    pub to: String,
}

#[derive(Serialize)]
pub(crate) struct QuestionRow {
    pub title: String,
    pub url: String,
    pub tags: Vec<TagLink>,
    pub answers: usize,
    pub top_votes: i64,
    pub accepted: bool,
    pub asked: String,
    pub asked_iso: String,
}

#[derive(Serialize)]
pub(crate) struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<LinkView>,
}

#[derive(Serialize)]
pub(crate) struct QuestionListView {
    pub title: String,
    pub description: String,
    /// The orderings as tabs: all, unanswered, no accepted answer, top.
    pub tabs: Vec<TabView>,
    pub rows: Vec<QuestionRow>,
    pub pager: Option<Pager>,
    pub ask_url: Option<String>,
    pub empty: String,
}

#[derive(Serialize)]
pub(crate) struct TabView {
    pub title: String,
    pub url: String,
    pub current: bool,
    pub count: Option<usize>,
}

#[derive(Serialize)]
pub(crate) struct AnswerView {
    pub id: String,
    pub anchor: String,
    pub permalink: String,
    pub author: String,
    pub date: String,
    pub date_iso: String,
    pub votes: i64,
    pub accepted: bool,
    pub body: String,
    pub edit_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct QuestionView {
    pub title: String,
    pub body: String,
    pub asked_by: String,
    pub asked: String,
    pub asked_iso: String,
    pub tags: Vec<TagLink>,
    pub answers: Vec<AnswerView>,
    pub duplicate_of: Option<LinkView>,
    pub duplicates: Vec<LinkView>,
    pub related: Vec<Card>,
    pub answer_url: Option<String>,
    pub edit_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct IdeaCard {
    pub title: String,
    pub url: String,
    pub tags: Vec<TagLink>,
    pub status: String,
    pub status_label: String,
    pub net: i64,
    pub progress: u8,
    pub days_left: i64,
    pub votes_needed: i64,
    pub open: bool,
    pub owner: Option<String>,
    pub release: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct IdeaListView {
    pub title: String,
    pub description: String,
    pub tabs: Vec<TabView>,
    pub cohorts: Vec<TabView>,
    pub cards: Vec<IdeaCard>,
    pub threshold: i64,
    pub propose_url: Option<String>,
    pub empty: String,
}

#[derive(Serialize)]
pub(crate) struct HistoryView {
    pub date: String,
    pub date_iso: String,
    pub status: String,
    pub status_label: String,
    /// The note as written (plain text).
    pub note: String,
    /// The note with its inline Markdown rendered (code, emphasis, links), sanitised.
    pub note_html: String,
}

#[derive(Serialize)]
pub(crate) struct IdeaView {
    pub title: String,
    pub body: String,
    pub author: String,
    pub submitted: String,
    pub submitted_iso: String,
    pub cohort: String,
    pub cohort_url: String,
    pub tags: Vec<TagLink>,
    pub status: String,
    pub status_label: String,
    pub status_meaning: String,
    pub up: i64,
    pub down: i64,
    pub net: i64,
    pub threshold: i64,
    pub progress: u8,
    /// Voting is open: the status is open and the window has not ended.
    pub open: bool,
    /// For an open idea whose window has ended: the status triage will
    /// move it to (`archived`, or `under-review` at the threshold).
    pub closed_due: Option<String>,
    pub days_left: i64,
    pub votes_needed: i64,
    pub window_end: String,
    pub window_end_iso: String,
    pub owner: Option<String>,
    pub release: Option<String>,
    pub duplicate_of: Option<LinkView>,
    pub duplicates: Vec<LinkView>,
    pub history: Vec<HistoryView>,
    pub vote_url: Option<String>,
    pub propose_url: Option<String>,
    pub feed_url: String,
}

#[derive(Serialize)]
pub(crate) struct RoadmapColumn {
    pub status: String,
    pub title: String,
    pub description: String,
    pub cards: Vec<IdeaCard>,
}

#[derive(Serialize)]
pub(crate) struct RoadmapView {
    pub title: String,
    pub columns: Vec<RoadmapColumn>,
}

#[derive(Serialize)]
pub(crate) struct ReleaseView {
    pub release: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub ideas: Vec<ShippedIdea>,
}

/// An idea in the changelog: its title, link and what it does (the first
/// paragraph of its description).
#[derive(Serialize)]
pub(crate) struct ShippedIdea {
    pub title: String,
    pub url: String,
    pub summary: String,
}

#[derive(Serialize)]
pub(crate) struct ChangelogView {
    pub title: String,
    pub releases: Vec<ReleaseView>,
}
