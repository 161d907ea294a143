//! Translations (`name.<code>.md` beside `name.md`): the text of a page in
//! another language. Only what reads differently translates: the title, a
//! guide's or section's description, and the body. Everything else (tags,
//! weight, votes, status, history, answers) belongs to the source.

use super::front_matter::FrontMatter;
use super::markdown::Markdown;
use crate::content::kinds::Kind;
use std::path::PathBuf;

/// Front-matter keys of a translated guide, section index or home intro.
pub(crate) const PAGE_KEYS: &[&str] = &["title", "description", "translation_of"];

/// Front-matter keys of a translated question or idea: its identity
/// (votes, status, answers) stays with the source.
pub(crate) const THREAD_KEYS: &[&str] = &["title", "translation_of"];

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Translation {
    /// The translation's own file (`content/guides/billing/refunds.fr.md`).
    pub path: PathBuf,
    /// The file it translates (`content/guides/billing/refunds.md`).
    pub source: PathBuf,
    /// Its language code.
    pub language: String,
    /// The translated title; section indexes and the home intro may leave
    /// it out and keep the source's.
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Markdown,
}

/// The translation of a `kind` source at `source`, in `language`.
pub(crate) fn translation(
    mut fm: FrontMatter,
    kind: &Kind,
    source: PathBuf,
    language: String,
    body: Markdown,
) -> (Option<Translation>, FrontMatter) {
    let thread = matches!(kind, Kind::Question(_) | Kind::Idea(_));
    fm.check_keys(if thread { THREAD_KEYS } else { PAGE_KEYS });
    let title = match kind {
        Kind::Home | Kind::Section(_) => fm.string("title"),
        _ => fm.required_string("title"),
    };
    let description = if thread {
        None
    } else {
        fm.string("description")
    };
    let needs_title = !matches!(kind, Kind::Home | Kind::Section(_));
    if needs_title && title.is_none() {
        return (None, fm);
    }
    let translation = Translation {
        path: fm.path().to_path_buf(),
        source,
        language,
        title,
        description,
        body,
    };
    (Some(translation), fm)
}
