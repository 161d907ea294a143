//! Stage 2: each loaded `Source` becomes a typed record (guide, section
//! index, question, answer, idea), dispatched on its path. Files are parsed
//! in parallel and independently; nothing here knows about other files.

pub(crate) mod front_matter;
pub(crate) mod guide;
pub(crate) mod idea;
pub mod markdown;
pub(crate) mod question;
pub(crate) mod raw_html;
pub(crate) mod stored;
pub(crate) mod translation;

pub(crate) use stored::json_text;

pub use guide::{Guide, SectionIndex, Visibility};
pub use idea::{HistoryEntry, Idea, Status};
pub use markdown::Markdown;
pub use question::{Answer, Question};
pub use translation::Translation;

use crate::content::kinds::{classify, Kind};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::Source;
use crate::slug::slugify;
use rayon::prelude::*;
use std::path::Path;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Parsed {
    Home(SectionIndex),
    Section(SectionIndex),
    Guide(Guide),
    Question(Question),
    Answer(Answer),
    Idea(Idea),
    /// A page in another language than the site's default: see
    /// [`Translation`]. Only made when the site has more than one language.
    Translation(Translation),
    /// A page whose front matter has errors: it is not built, but links to
    /// it are not broken (its own error says what is wrong) and the links
    /// in its body are still checked.
    Unbuilt(Unbuilt),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Unbuilt {
    pub path: std::path::PathBuf,
    /// The body, when the front matter is closed so the body can be found.
    pub body: Option<Markdown>,
}

pub use crate::content::kinds::content_kind;

/// A file or folder name that cannot become a URL, or an answer file name
/// that is not the id `accepted:` and `#answer-<id>` use.
fn name_problem(path: &Path, kind: &Kind) -> Option<Diagnostic> {
    let names: Vec<&str> = match kind {
        Kind::Section(section) => section.split('/').filter(|s| !s.is_empty()).collect(),
        Kind::Guide { section, stem } => section
            .split('/')
            .filter(|s| !s.is_empty())
            .chain([stem.as_str()])
            .collect(),
        Kind::Question(slug) | Kind::Idea(slug) => vec![slug.as_str()],
        Kind::Answer { question, stem } => {
            if !stem.is_empty() && slugify(stem) != *stem {
                let better = slugify(stem);
                let d = Diagnostic::error(
                    Code::ANSWER_ID,
                    path,
                    format!("answer file name `{stem}.md` is not a slug, so it cannot be its id"),
                )
                .at_line(1, 1);
                return Some(if better.is_empty() {
                    d.hint("name answers with lowercase letters, digits and dashes, e.g. `ann.md`")
                } else {
                    d.hint(format!(
                        "rename it to `{better}.md` (and use `accepted: {better}`)"
                    ))
                });
            }
            vec![question.as_str(), stem.as_str()]
        }
        Kind::Home | Kind::Stray => Vec::new(),
    };
    let empty = names.into_iter().find(|name| slugify(name).is_empty())?;
    Some(
        Diagnostic::error(
            Code::EMPTY_SLUG,
            path,
            format!("`{empty}` has no letters or digits, so it gives no URL"),
        )
        .at_line(1, 1)
        .hint("rename it with at least one letter or digit; see “How file names become URLs” in the content-model reference"),
    )
}

/// Parses every source in parallel; the result is in source order.
pub fn parse_all(sources: &[Source]) -> (Vec<Parsed>, Diagnostics) {
    parse_all_in(sources, &[])
}

/// `parse_all` for a site whose other languages (besides the default)
/// are `languages`: `name.<code>.md` files become translations.
pub fn parse_all_in(sources: &[Source], languages: &[String]) -> (Vec<Parsed>, Diagnostics) {
    let results: Vec<(Option<Parsed>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| parse_one_in(source, languages))
        .collect();
    gather(results)
}

/// `parse_all_in` for a build, whose bodies are read again from the files
/// under `root` when they are rendered rather than held (see
/// `Markdown::release`). With `memo` (the persistent cache), each source's
/// parse is kept there and taken from there when the source is unchanged.
pub(crate) fn parse_all_released(
    sources: &[Source],
    languages: &[String],
    memo: Option<&crate::cache::Memo>,
    root: &Path,
) -> (Vec<Parsed>, Diagnostics) {
    let results: Vec<(Option<Parsed>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let (mut parsed, diagnostics) = match memo {
                Some(memo) => parse_one_kept(source, languages, memo),
                None => parse_one_in(source, languages),
            };
            if let Some(body) = parsed.as_mut().and_then(stored::bodies) {
                body.release(&source.path, &root.join(&source.path));
            }
            (parsed, diagnostics)
        })
        .collect();
    gather(results)
}

/// `parse_one_in`, restored from `memo` when it holds this source's parse;
/// a new parse without diagnostics is put in `memo`.
pub(crate) fn parse_one_kept(
    source: &Source,
    languages: &[String],
    memo: &crate::cache::Memo,
) -> (Option<Parsed>, Vec<Diagnostic>) {
    let key = stored::key(source, languages);
    if let Some(parsed) = memo.get(key).and_then(|b| stored::restore(b, source)) {
        return (parsed, Vec::new());
    }
    let (parsed, diagnostics) = parse_one_in(source, languages);
    if diagnostics.is_empty() {
        if let Some(bytes) = stored::store(&parsed) {
            memo.put(key, bytes);
        }
    }
    (parsed, diagnostics)
}

/// Each source's parse and diagnostics, in source order, as one list of
/// each.
fn gather(results: Vec<(Option<Parsed>, Vec<Diagnostic>)>) -> (Vec<Parsed>, Diagnostics) {
    let mut parsed = Vec::with_capacity(results.len());
    let mut diagnostics = Diagnostics::new();
    for (item, diags) in results {
        parsed.extend(item);
        diagnostics.extend(diags);
    }
    (parsed, diagnostics)
}

pub fn parse_one(source: &Source) -> (Option<Parsed>, Vec<Diagnostic>) {
    parse_one_in(source, &[])
}

/// `parse_one` for a site whose other languages are `languages`.
pub fn parse_one_in(source: &Source, languages: &[String]) -> (Option<Parsed>, Vec<Diagnostic>) {
    let translated = crate::content::kinds::translation_source(&source.path, languages);
    let kind = match &translated {
        Some((original, _)) => classify(original),
        None => classify(&source.path),
    };
    if kind == Kind::Stray {
        let d = Diagnostic::warning(
            Code::STRAY_FILE,
            &source.path,
            "this Markdown file is not part of the content model and is not published",
        )
        .hint("guides go under content/guides/<section>/, questions under content/questions/<slug>/index.md, ideas under ideas/");
        return (None, vec![d]);
    }
    if let Some(problem) = name_problem(&source.path, &kind) {
        return (None, vec![problem]);
    }
    let split = match front_matter::split(&source.path, &source.text) {
        Ok(split) => split,
        Err(d) => {
            let mut diagnostics = vec![d];
            let body = front_matter::body_offset(&source.text).map(|offset| {
                let (body, body_diags) = markdown::scan(&source.path, &source.text, offset);
                diagnostics.extend(body_diags);
                body
            });
            let unbuilt = Unbuilt {
                path: source.path.clone(),
                body,
            };
            return (Some(Parsed::Unbuilt(unbuilt)), diagnostics);
        }
    };
    let (body, mut diagnostics) = markdown::scan(&source.path, &source.text, split.body_offset);
    let fm = split.front_matter;
    let (parsed, fm) = match (translated, kind) {
        (Some((original, language)), kind) => {
            let (t, fm) = translation::translation(fm, &kind, original, language, body);
            (t.map(Parsed::Translation), fm)
        }
        (None, kind) => parse_kind(kind, fm, body),
    };
    diagnostics.extend(fm.diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    if failed {
        // rare: scan the body again rather than keep a copy of every page's
        let (body, _) = markdown::scan(&source.path, &source.text, split.body_offset);
        let unbuilt = Unbuilt {
            path: source.path.clone(),
            body: Some(body),
        };
        return (Some(Parsed::Unbuilt(unbuilt)), diagnostics);
    }
    (parsed, diagnostics)
}

/// The typed record of a file of `kind` (not a translation).
fn parse_kind(
    kind: Kind,
    fm: front_matter::FrontMatter,
    body: Markdown,
) -> (Option<Parsed>, front_matter::FrontMatter) {
    match kind {
        Kind::Home => {
            let (index, fm) = guide::section_index(fm, String::new(), body);
            (index.map(Parsed::Home), fm)
        }
        Kind::Section(section) => {
            let (index, fm) = guide::section_index(fm, section, body);
            (index.map(Parsed::Section), fm)
        }
        Kind::Guide { section, stem } => {
            let (guide, fm) = guide::guide(fm, section, slugify(&stem), body);
            (guide.map(Parsed::Guide), fm)
        }
        Kind::Question(slug) => {
            let (question, fm) = question::question(fm, slugify(&slug), body);
            (question.map(Parsed::Question), fm)
        }
        Kind::Answer { question, stem } => {
            let (answer, fm) = question::answer(fm, slugify(&question), stem, body);
            (answer.map(Parsed::Answer), fm)
        }
        Kind::Idea(slug) => {
            let (idea, fm) = idea::idea(fm, slugify(&slug), body);
            (idea.map(Parsed::Idea), fm)
        }
        Kind::Stray => (None, fm),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: PathBuf::from(path),
            text: text.into(),
        }
    }

    #[test]
    fn guide_parses_all_keys() {
        let (parsed, diags) = parse_one(&source(
            "content/guides/billing/Refund Policy.md",
            "---\ntitle: Refunds\ntags: [billing]\nweight: 2\ndraft: true\nvisibility: internal\nupdated: 2026-01-02\naliases: [/old/]\nextra: {a: 1}\n---\nBody text.\n",
        ));
        assert!(diags.is_empty(), "{diags:?}");
        let Some(Parsed::Guide(g)) = parsed else {
            panic!()
        };
        assert_eq!(g.slug, "refund-policy");
        assert_eq!(g.section, "billing");
        assert_eq!(g.weight, 2);
        assert!(g.draft);
        assert_eq!(g.visibility, Visibility::Internal);
        assert_eq!(g.aliases[0].0, "/old/");
        assert_eq!(g.extra["a"], 1);
        assert_eq!(g.body.first_paragraph, "Body text.");
    }

    #[test]
    fn a_bad_file_reports_everything_and_yields_nothing() {
        let (parsed, diags) = parse_one(&source(
            "content/guides/x.md",
            "---\ntitel: A\nweight: x\n---\n",
        ));
        assert!(matches!(parsed, Some(Parsed::Unbuilt(_))));
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::UNKNOWN_KEY));
        assert!(codes.contains(&Code::MISSING_KEY));
        assert!(codes.contains(&Code::BAD_VALUE));
    }
}
