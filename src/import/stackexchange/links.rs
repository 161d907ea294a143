//! Links between posts of the dump that point at the old site
//! (`https://site/questions/12/slug`, `/questions/12/slug/13#13`, `/q/12`,
//! `/a/13/77`, …) become links to the imported files, written as source
//! paths the way townhall's own links are, so the build checks them. An
//! answer is the `answer-<id>` anchor of its question's page.

use super::super::html_to_md::LocalLink;
use std::collections::BTreeMap;

/// Where an imported post lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    /// A question page, `content/questions/<slug>/index.md`.
    Question { slug: String },
    /// An idea, `ideas/<slug>.md`.
    Idea { slug: String },
}

/// The file a link is written in, which decides the relative path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InFile {
    /// `content/questions/<slug>/index.md`
    Question,
    /// `content/questions/<slug>/answers/<id>.md`
    Answer,
    /// `ideas/<slug>.md`
    Idea,
}

/// The imported posts by id, and the old site's host.
pub(super) struct OldLinks {
    host: String,
    /// question id -> its page and title
    questions: BTreeMap<u64, (Place, String)>,
    /// answer id -> question id
    answers: BTreeMap<u64, u64>,
}

impl OldLinks {
    /// `base` is the `--source-url` (`https://diy.stackexchange.com`).
    pub(super) fn new(base: &str) -> OldLinks {
        let host = base
            .split_once("://")
            .map_or(base, |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        OldLinks {
            host: host_key(host),
            questions: BTreeMap::new(),
            answers: BTreeMap::new(),
        }
    }

    pub(super) fn question(&mut self, id: u64, place: Place, title: &str) {
        self.questions.insert(id, (place, title.to_string()));
    }

    pub(super) fn answer(&mut self, id: u64, question: u64) {
        self.answers.insert(id, question);
    }

    /// The local link for `href` as written in a post, if it names an
    /// imported post on the old site.
    pub(super) fn local(&self, href: &str, from: InFile) -> Option<LocalLink> {
        let path = self.site_path(href.trim())?;
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (path, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let number = |i: usize| segments.get(i).and_then(|s| s.parse::<u64>().ok());
        let post = match segments.first().copied() {
            // `/questions/<id>/<slug>/<answer id>` is an answer's permalink
            Some("questions") => number(3).filter(|_| segments.len() == 4).or(number(1))?,
            Some("q" | "a") => number(1)?,
            _ => return None,
        };
        let (question, mut answer) = match self.answers.get(&post) {
            Some(question) => (*question, Some(post)),
            None => (post, None),
        };
        let (place, title) = self.questions.get(&question)?;
        // `#13` on a question link is the answer 13 when it is one of its own
        if answer.is_none() {
            answer = fragment
                .and_then(|f| f.parse::<u64>().ok())
                .filter(|a| self.answers.get(a) == Some(&question));
        }
        let mut dest = match (place, from) {
            (Place::Question { slug }, InFile::Question) => format!("../{slug}/index.md"),
            (Place::Question { slug }, InFile::Answer) => format!("../../{slug}/index.md"),
            (Place::Question { slug }, InFile::Idea) => {
                format!("../content/questions/{slug}/index.md")
            }
            (Place::Idea { slug }, InFile::Idea) => format!("{slug}.md"),
            (Place::Idea { slug }, InFile::Question) => format!("../../../ideas/{slug}.md"),
            (Place::Idea { slug }, InFile::Answer) => format!("../../../../ideas/{slug}.md"),
        };
        if let Some(answer) = answer {
            match place {
                Place::Question { .. } => dest.push_str(&format!("#answer-{answer}")),
                // answers of an idea are not imported: the old page it is
                Place::Idea { .. } => return None,
            }
        }
        Some(LocalLink {
            dest,
            title: title.clone(),
        })
    }

    /// The path (with query and fragment) of a link to the old site: an
    /// absolute URL on its host, protocol-relative, or site-relative.
    fn site_path<'h>(&self, href: &'h str) -> Option<&'h str> {
        let rest = if let Some((scheme, rest)) = href.split_once("://") {
            if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
                return None;
            }
            rest
        } else if let Some(rest) = href.strip_prefix("//") {
            rest
        } else {
            return href.starts_with('/').then_some(href);
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (host, path) = rest.split_at(end);
        (host_key(host) == self.host && !self.host.is_empty()).then_some(path)
    }
}

/// A host compared without case, port-less, with or without `www.`.
fn host_key(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    let host = host.split(':').next().unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> OldLinks {
        let mut l = OldLinks::new("https://diy.stackexchange.com/");
        let q = |slug: &str| Place::Question { slug: slug.into() };
        l.question(10, q("breaker-trips"), "Why does my breaker trip?");
        l.question(12, q("dryer-wire"), "What size wire?");
        l.question(
            30,
            Place::Idea {
                slug: "dark-mode".into(),
            },
            "Dark mode",
        );
        l.answer(13, 12);
        l.answer(14, 12);
        l.answer(31, 30);
        l
    }

    fn dest(href: &str, from: InFile) -> Option<String> {
        links().local(href, from).map(|l| l.dest)
    }

    #[test]
    fn question_and_answer_urls_become_source_paths() {
        use InFile::*;
        let cases = [
            (
                "https://diy.stackexchange.com/questions/12/what-size-wire",
                Question,
                "../dryer-wire/index.md",
            ),
            (
                "http://DIY.stackexchange.com/questions/12",
                Answer,
                "../../dryer-wire/index.md",
            ),
            (
                "//diy.stackexchange.com/q/12/77",
                Question,
                "../dryer-wire/index.md",
            ),
            (
                "/questions/10/why?noredirect=1#comment5_10",
                Question,
                "../breaker-trips/index.md",
            ),
            ("/a/13", Question, "../dryer-wire/index.md#answer-13"),
            ("/a/13/77", Answer, "../../dryer-wire/index.md#answer-13"),
            (
                "https://diy.stackexchange.com/questions/12/what-size-wire/14#14",
                Question,
                "../dryer-wire/index.md#answer-14",
            ),
            (
                "/questions/12/what-size-wire#13",
                Question,
                "../dryer-wire/index.md#answer-13",
            ),
            ("/q/13", Question, "../dryer-wire/index.md#answer-13"),
            (
                "https://www.diy.stackexchange.com/q/30",
                Idea,
                "dark-mode.md",
            ),
            ("/q/10", Idea, "../content/questions/breaker-trips/index.md"),
        ];
        for (href, from, want) in cases {
            assert_eq!(dest(href, from).as_deref(), Some(want), "{href}");
        }
        assert_eq!(
            links().local("/q/12", InFile::Question).unwrap().title,
            "What size wire?"
        );
    }

    #[test]
    fn other_links_are_left_alone() {
        for href in [
            "https://electronics.stackexchange.com/questions/12/x",
            "https://meta.diy.stackexchange.com/q/12",
            "/questions/99/deleted",
            "/questions/tagged/wiring",
            "/users/21/ann",
            "questions/12",
            "mailto:a@diy.stackexchange.com",
            "https://diy.stackexchange.com.evil.test/q/12",
            // an idea's answers were not imported
            "/a/31",
        ] {
            assert_eq!(dest(href, InFile::Question), None, "{href}");
        }
    }
}
