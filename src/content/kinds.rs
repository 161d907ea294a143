//! Where each kind of content lives, in both directions: `classify` tells
//! what a path is, `path_for` where a file of a kind goes.

use std::path::{Component, Path, PathBuf};

/// What a path is, by where it sits in the content model. Names are as
/// they are on disk (not yet slugs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `content/_index.md`
    Home,
    /// `content/guides/<section>/_index.md` ("" for the guides root)
    Section(String),
    /// `content/guides/<section>/<stem>.md`
    Guide { section: String, stem: String },
    /// `content/questions/<folder>/index.md`
    Question(String),
    /// `content/questions/<question>/answers/<stem>.md`
    Answer { question: String, stem: String },
    /// `ideas/<stem>.md`
    Idea(String),
    /// Anything else.
    Stray,
}

impl Kind {
    /// "guide", "section", "home", "question", "answer", "idea" or "other".
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section(_) => "section",
            Kind::Guide { .. } => "guide",
            Kind::Question(_) => "question",
            Kind::Answer { .. } => "answer",
            Kind::Idea(_) => "idea",
            Kind::Stray => "other",
        }
    }
}

pub(crate) fn classify(path: &Path) -> Kind {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["content", "_index.md"] => Kind::Home,
        ["content", "guides", rest @ ..] if !rest.is_empty() => {
            let Some((file, dirs)) = rest.split_last() else {
                return Kind::Stray;
            };
            let section = dirs.join("/");
            if *file == "_index.md" {
                Kind::Section(section)
            } else {
                let stem = file.strip_suffix(".md").unwrap_or(file).to_string();
                Kind::Guide { section, stem }
            }
        }
        ["content", "questions", slug, "index.md"] => Kind::Question(slug.to_string()),
        ["content", "questions", slug, "answers", file] if file.ends_with(".md") => Kind::Answer {
            question: slug.to_string(),
            stem: file.trim_end_matches(".md").to_string(),
        },
        ["ideas", file] if file.ends_with(".md") => {
            Kind::Idea(file.trim_end_matches(".md").to_string())
        }
        _ => Kind::Stray,
    }
}

/// A translation's language and the path of its source: `refunds.fr.md`
/// translates `refunds.md`, `_index.fr.md` `_index.md`, a question's
/// `index.fr.md` its `index.md`, when `fr` is one of `languages` and the
/// source is a guide, section index, home intro, question or idea.
pub(crate) fn translation_source(path: &Path, languages: &[String]) -> Option<(PathBuf, String)> {
    if languages.is_empty() {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || !languages.iter().any(|l| l == code) {
        return None;
    }
    let source = path.with_file_name(format!("{base}.md"));
    match classify(&source) {
        Kind::Home | Kind::Section(_) | Kind::Guide { .. } | Kind::Question(_) | Kind::Idea(_) => {
            Some((source, code.to_string()))
        }
        Kind::Answer { .. } | Kind::Stray => None,
    }
}

/// What a file is in the content model: "guide", "section", "home",
/// "question", "answer", "idea", or "other".
pub fn content_kind(path: &Path) -> &'static str {
    classify(path).name()
}

/// Where a file of `kind` goes, relative to the site root; `None` for
/// `Stray`. The inverse of [`classify`].
pub(crate) fn path_for(kind: &Kind) -> Option<PathBuf> {
    let guides = || PathBuf::from("content/guides");
    Some(match kind {
        Kind::Home => PathBuf::from("content/_index.md"),
        Kind::Section(section) if section.is_empty() => guides().join("_index.md"),
        Kind::Section(section) => guides().join(section).join("_index.md"),
        Kind::Guide { section, stem } => guides().join(section).join(format!("{stem}.md")),
        Kind::Question(folder) => PathBuf::from("content/questions")
            .join(folder)
            .join("index.md"),
        Kind::Answer { question, stem } => PathBuf::from("content/questions")
            .join(question)
            .join("answers")
            .join(format!("{stem}.md")),
        Kind::Idea(stem) => PathBuf::from("ideas").join(format!("{stem}.md")),
        Kind::Stray => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_paths() {
        assert_eq!(classify(Path::new("content/_index.md")), Kind::Home);
        assert_eq!(
            classify(Path::new("content/guides/a/b/_index.md")),
            Kind::Section("a/b".into())
        );
        assert_eq!(
            classify(Path::new("content/guides/a/x.md")),
            Kind::Guide {
                section: "a".into(),
                stem: "x".into()
            }
        );
        assert_eq!(classify(Path::new("content/random.md")), Kind::Stray);
        assert_eq!(content_kind(Path::new("ideas/x.md")), "idea");
    }

    #[test]
    fn translations_name_their_source_and_language() {
        let langs = vec!["fr".to_string(), "pt-br".to_string()];
        let t = |p: &str| translation_source(Path::new(p), &langs);
        assert_eq!(
            t("content/guides/billing/refunds.fr.md"),
            Some((
                PathBuf::from("content/guides/billing/refunds.md"),
                "fr".into()
            ))
        );
        assert_eq!(
            t("content/guides/billing/_index.pt-br.md"),
            Some((
                PathBuf::from("content/guides/billing/_index.md"),
                "pt-br".into()
            ))
        );
        assert_eq!(
            t("content/questions/q/index.fr.md"),
            Some((PathBuf::from("content/questions/q/index.md"), "fr".into()))
        );
        assert_eq!(
            t("content/_index.fr.md").unwrap().0,
            PathBuf::from("content/_index.md")
        );
        assert_eq!(
            t("ideas/dark.fr.md").unwrap().0,
            PathBuf::from("ideas/dark.md")
        );
        // not a configured language, an answer, or no base name: not a translation
        assert_eq!(t("content/guides/billing/refunds.de.md"), None);
        assert_eq!(t("content/questions/q/answers/ann.fr.md"), None);
        assert_eq!(t("content/guides/.fr.md"), None);
        assert_eq!(t("content/other/x.fr.md"), None);
        assert_eq!(
            translation_source(Path::new("content/guides/a.fr.md"), &[]),
            None
        );
    }

    #[test]
    fn path_for_is_the_inverse_of_classify() {
        for kind in [
            Kind::Home,
            Kind::Section(String::new()),
            Kind::Section("api/v2".into()),
            Kind::Guide {
                section: "billing".into(),
                stem: "refunds".into(),
            },
            Kind::Guide {
                section: String::new(),
                stem: "top".into(),
            },
            Kind::Question("reset-password".into()),
            Kind::Answer {
                question: "reset-password".into(),
                stem: "ann".into(),
            },
            Kind::Idea("dark-mode".into()),
        ] {
            let path = path_for(&kind).unwrap();
            assert_eq!(classify(&path), kind, "{}", path.display());
        }
        assert_eq!(path_for(&Kind::Stray), None);
    }
}
