//! Translation coverage of a multilingual site: for each language other
//! than the default, how many of the pages written as files have a
//! translation, and which translations fell behind their source (git
//! history, as `resolve::languages` found it).

use super::super::languages::Languages;
use super::super::site::Site;
use super::math::share;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationStats {
    /// The language's code (`fr`).
    pub code: String,
    /// Its name as the site configures it (`Français`).
    pub name: String,
    /// Pages written as files in the default language: guides, section
    /// indexes, questions and ideas (and the home page's intro).
    pub pages: usize,
    /// Of those, with a translation in this language.
    pub translated: usize,
    /// `translated / pages`.
    pub translated_share: Option<f64>,
    /// Translations whose source changed after them, oldest source change
    /// last (the most recently changed sources first).
    pub stale: Vec<StaleTranslation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleTranslation {
    /// The page's URL path without the language prefix (`/guides/refunds/`).
    pub path: String,
    /// The title of the source page.
    pub title: String,
    /// When the source last changed, `YYYY-MM-DD`.
    pub source_changed: String,
}

/// Coverage per language other than the default; empty for a
/// single-language site.
pub(crate) fn translations(site: &Site) -> Vec<TranslationStats> {
    let Some(languages) = site.languages.as_deref() else {
        return Vec::new();
    };
    let titles: BTreeMap<String, &str> = site
        .pages()
        .into_iter()
        .map(|record| (record.url, record.title))
        .collect();
    languages
        .list
        .iter()
        .filter(|l| l.code != languages.default)
        .map(|language| coverage(languages, &language.code, &language.name, &titles))
        .collect()
}

fn coverage(
    languages: &Languages,
    code: &str,
    name: &str,
    titles: &BTreeMap<String, &str>,
) -> TranslationStats {
    let pages = languages.versions.len();
    let translated = languages
        .versions
        .values()
        .filter(|codes| codes.contains(code))
        .count();
    let mut stale: Vec<StaleTranslation> = languages
        .stale
        .iter()
        .filter(|((language, _), _)| language == code)
        .map(|((_, path), changed)| StaleTranslation {
            path: path.clone(),
            title: titles
                .get(path)
                .map_or_else(|| path.clone(), |title| (*title).to_string()),
            source_changed: changed.to_string(),
        })
        .collect();
    stale.sort_by(|a, b| {
        b.source_changed
            .cmp(&a.source_changed)
            .then(a.path.cmp(&b.path))
    });
    TranslationStats {
        code: code.to_string(),
        name: name.to_string(),
        pages,
        translated,
        translated_share: share(translated, pages),
        stale,
    }
}
