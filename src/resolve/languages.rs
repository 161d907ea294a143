//! A multilingual site: the default language at the root and one `Site`
//! per other language under `/<code>/`, each resolved from the same
//! sources with that language's translations in place of their originals.
//! A single-language site never comes here.

use super::*;
use crate::clock::Date;
use crate::config::{BaseUrl, Direction, Untranslated};
use crate::parse::Translation;
use std::sync::Arc;

/// One of the site's languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    /// Its name in itself, for the switcher.
    pub name: String,
    pub direction: Direction,
    /// The URL path its pages sit under: "" for the default, "/fr" else.
    pub prefix: String,
}

/// What every language's `Site` knows about all of them.
#[derive(Debug)]
pub struct Languages {
    pub default: String,
    /// The default language first, then the others by code.
    pub list: Vec<Language>,
    pub untranslated: Untranslated,
    /// The site's URL without a language prefix.
    pub root: BaseUrl,
    /// URL path of a page that has a source file -> the languages with
    /// their own version of it (the default's included). Pages that no
    /// file makes (lists, tags, search) exist in every language.
    pub versions: BTreeMap<String, BTreeSet<String>>,
    /// (language, source path) -> the translation's file.
    pub files: BTreeMap<(String, PathBuf), PathBuf>,
    /// URL paths of the guides, questions and ideas: the pages
    /// `untranslated = "omit"` leaves out (the home and section pages hold
    /// a language's navigation, so they stay).
    pub omittable: BTreeSet<String>,
    /// (language, URL path) -> when the page's source last changed, for
    /// the translations whose source changed after they did (git history).
    pub stale: BTreeMap<(String, String), Date>,
}

impl Languages {
    pub fn get(&self, code: &str) -> Option<&Language> {
        self.list.iter().find(|l| l.code == code)
    }

    /// Whether the page at `url` has a version of its own in `code`.
    pub fn has_version(&self, url: &str, code: &str) -> bool {
        code == self.default
            || self
                .versions
                .get(url)
                .is_none_or(|langs| langs.contains(code))
    }

    /// The absolute URL of the page at `url` in language `code`.
    pub fn absolute(&self, code: &str, url: &str) -> String {
        format!("{}{}", self.root.trimmed(), self.href(code, url))
    }

    /// The href (base path, language prefix, URL) of `url` in `code`.
    pub fn href(&self, code: &str, url: &str) -> String {
        let prefix = self.get(code).map_or("", |l| l.prefix.as_str());
        format!("{}{prefix}{url}", self.root.path)
    }
}

/// Diagnostics a language's resolve repeats from the default's are left
/// out; those about a translation's own body are kept, at its file.
const BODY_CODES: &[Code] = &[
    Code::BROKEN_LINK,
    Code::BROKEN_ANCHOR,
    Code::HIDDEN_TARGET,
    Code::DUPLICATE_ID,
];

pub(super) fn resolve_all(
    config: Config,
    options: BuildOptions,
    parsed: Vec<Parsed>,
    assets: &[Asset],
    history: &History,
) -> (Site, Diagnostics) {
    let mut translations: Vec<Translation> = Vec::new();
    let mut sources: Vec<Parsed> = Vec::with_capacity(parsed.len());
    for item in parsed {
        match item {
            Parsed::Translation(t) => translations.push(t),
            other => sources.push(other),
        }
    }
    let mut diagnostics = Diagnostics::new();
    let source_paths: BTreeSet<&Path> = sources.iter().map(parsed_path).collect();
    translations.retain(|t| {
        let found = source_paths.contains(t.source.as_path());
        if !found {
            diagnostics.push(
                Diagnostic::error(
                    Code::TRANSLATION_ORPHAN,
                    &t.path,
                    format!(
                        "this translation's source `{}` does not exist",
                        t.source.display()
                    ),
                )
                .at_line(1, 1)
                .hint("a translation sits beside the file it translates, named `<name>.<language>.md`; rename it to match its source, or add the source"),
            );
        }
        found
    });
    let others = config.other_languages();
    let (mut site, main_diags) = resolve_one(
        config.clone(),
        options.clone(),
        sources.clone(),
        assets,
        history,
    );
    diagnostics.extend(main_diags);

    let mut files = BTreeMap::new();
    for t in &translations {
        files.insert((t.language.clone(), t.source.clone()), t.path.clone());
    }
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stale = BTreeMap::new();
    for (url, path) in page_sources(&site) {
        for code in &others {
            let Some(file) = files.get(&(code.clone(), path.clone())) else {
                continue;
            };
            if let Some((changed, d)) = staleness(history, &path, file) {
                diagnostics.push(d);
                stale.insert((code.clone(), url.clone()), changed);
            }
        }
        let mut langs = BTreeSet::from([config.default_language().to_string()]);
        for code in &others {
            if files.contains_key(&(code.clone(), path.clone())) {
                langs.insert(code.clone());
            }
        }
        versions.insert(url, langs);
    }
    let omittable = site
        .guides
        .iter()
        .map(|g| g.url.clone())
        .chain(site.questions.iter().map(|q| q.url.clone()))
        .chain(site.ideas.iter().map(|i| i.url.clone()))
        .collect();
    let default = config.default_language().to_string();
    let list = std::iter::once(&default)
        .chain(&others)
        .map(|code| Language {
            code: code.clone(),
            name: config.language_name(code),
            direction: config.direction(code),
            prefix: if *code == default {
                String::new()
            } else {
                format!("/{code}")
            },
        })
        .collect();
    let languages = Arc::new(Languages {
        default,
        list,
        untranslated: config.untranslated,
        root: site.base.clone(),
        versions,
        files,
        omittable,
        stale,
    });

    let mut sites = Vec::new();
    for code in &others {
        let mine: BTreeMap<PathBuf, Translation> = translations
            .iter()
            .filter(|t| t.language == *code)
            .map(|t| (t.source.clone(), t.clone()))
            .collect();
        let mut lang_config = config.clone();
        lang_config.language = code.clone();
        if let Some(settings) = config.languages.get(code) {
            if let Some(title) = &settings.title {
                lang_config.title = title.clone();
            }
            if let Some(description) = &settings.description {
                lang_config.description = description.clone();
            }
        }
        let lang_parsed: Vec<Parsed> = sources
            .iter()
            .map(|item| translated(item.clone(), &mine))
            .collect();
        let (mut lang_site, lang_diags) =
            resolve_one(lang_config, options.clone(), lang_parsed, assets, history);
        lang_site.base = BaseUrl {
            origin: languages.root.origin.clone(),
            path: format!("{}/{code}", languages.root.path),
        };
        lang_site.base_url = lang_site.base.trimmed();
        lang_site.languages = Some(Arc::clone(&languages));
        for mut d in lang_diags {
            let Some(t) = mine.get(&d.path) else {
                continue;
            };
            if BODY_CODES.contains(&d.code) {
                d.path = t.path.clone();
                diagnostics.push(d);
            }
        }
        sites.push(lang_site);
    }
    site.languages = Some(languages);
    site.translations = sites;
    (site, diagnostics)
}

fn parsed_path(item: &Parsed) -> &Path {
    match item {
        Parsed::Home(i) | Parsed::Section(i) => &i.path,
        Parsed::Guide(g) => &g.path,
        Parsed::Question(q) => &q.path,
        Parsed::Answer(a) => &a.path,
        Parsed::Idea(i) => &i.path,
        Parsed::Translation(t) => &t.path,
        Parsed::Unbuilt(u) => &u.path,
    }
}

/// A source with its translation's text in place: title, description and
/// body; all else stays the source's.
fn translated(item: Parsed, mine: &BTreeMap<PathBuf, Translation>) -> Parsed {
    let Some(t) = mine.get(parsed_path(&item)) else {
        return item;
    };
    let t = t.clone();
    match item {
        Parsed::Home(mut index) => {
            index.title = t.title.unwrap_or(index.title);
            index.description = t.description;
            index.body = t.body;
            Parsed::Home(index)
        }
        Parsed::Section(mut index) => {
            index.title = t.title.unwrap_or(index.title);
            index.description = t.description;
            index.body = t.body;
            Parsed::Section(index)
        }
        Parsed::Guide(mut guide) => {
            guide.title = t.title.unwrap_or(guide.title);
            guide.description = t.description;
            guide.body = t.body;
            Parsed::Guide(guide)
        }
        Parsed::Question(mut question) => {
            question.title = t.title.unwrap_or(question.title);
            question.body = t.body;
            Parsed::Question(question)
        }
        Parsed::Idea(mut idea) => {
            idea.title = t.title.unwrap_or(idea.title);
            idea.body = t.body;
            Parsed::Idea(idea)
        }
        other => other,
    }
}

/// (URL, source file) of every page a file makes.
/// Whether the translation `file` of `source` is stale: git's history has a
/// commit that changed the source after the last one that changed the
/// translation. Then: when the source changed, and the warning.
fn staleness(history: &History, source: &Path, file: &Path) -> Option<(Date, Diagnostic)> {
    let source_history = history.get(source)?;
    let file_history = history.get(file)?;
    // 0 is the newest commit: a smaller number is a later change
    if source_history.newest_commit? >= file_history.newest_commit? {
        return None;
    }
    let changed = source_history.updated?;
    let since = file_history.updated.map_or_else(String::new, |d| {
        format!(" (the translation last changed on {d})")
    });
    let d = Diagnostic::warning(
        Code::TRANSLATION_STALE,
        file,
        format!(
            "this translation may be out of date: its source `{}` changed on {changed}, after the translation did{since}",
            source.display()
        ),
    )
    .at_line(1, 1)
    .hint("bring the translation up to date with its source and commit it (`check --strict` makes this an error)");
    Some((changed, d))
}

fn page_sources(site: &Site) -> Vec<(String, PathBuf)> {
    let mut pages = Vec::new();
    if let Some(home) = &site.home {
        pages.push(("/".to_string(), home.path.clone()));
    }
    for section in &site.sections {
        if let Some(source) = &section.source {
            pages.push((section.url.clone(), source.clone()));
        }
    }
    pages.extend(
        site.guides
            .iter()
            .map(|g| (g.url.clone(), g.guide.path.clone())),
    );
    pages.extend(
        site.questions
            .iter()
            .map(|q| (q.url.clone(), q.question.path.clone())),
    );
    pages.extend(
        site.ideas
            .iter()
            .map(|i| (i.url.clone(), i.idea.path.clone())),
    );
    pages
}
