//! The `Site`: every page with its final URL, the section tree, tags and
//! redirects. Built once by `resolve`, read-only afterwards.

use crate::clock::Date;
use crate::config::Config;
use crate::ideas::rule::Facts;
use crate::parse::{Answer, Guide, Idea, Markdown, Question, SectionIndex, Unbuilt};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How long a page's summary may be: about what a search engine shows
/// under a result.
pub const SUMMARY_CHARS: usize = 160;

/// A page's one-line summary, computed once in `resolve` and used for its
/// meta description, its card in lists, its feed entry and its search
/// result: the page's `description`, else its first paragraph cut at a word.
pub fn summary(description: Option<&str>, body: &Markdown) -> String {
    match description {
        Some(text) => text.to_string(),
        None => crate::parse::markdown::summarize(&body.first_paragraph, SUMMARY_CHARS),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Public,
    Internal,
}

/// The inputs of a build besides the files.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub today: Date,
    pub drafts: bool,
    pub profile: Profile,
    /// Overrides `base_url` (deploy previews).
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub options: BuildOptions,
    /// The site's URL: `--base-url`, else site.toml's, parsed once.
    pub base: crate::config::BaseUrl,
    /// The URL without a trailing slash, for absolute links.
    pub base_url: String,
    pub home: Option<SectionIndex>,
    /// Rewritten links of the home intro.
    pub home_links: BTreeMap<String, String>,
    /// Tree order: parents before children, siblings by weight then title.
    /// Index 0 is the guides root (`/guides/`).
    pub sections: Vec<Section>,
    /// Published guides, grouped by section in tree order, each section's
    /// guides by weight then title.
    pub guides: Vec<GuidePage>,
    /// Questions, newest first (then by slug).
    pub questions: Vec<QuestionPage>,
    /// Ideas by slug.
    pub ideas: Vec<IdeaPage>,
    /// Tag -> the pages carrying it, for tags that have at least one page.
    pub tags: BTreeMap<String, TagPages>,
    pub redirects: Vec<Redirect>,
    pub assets: Vec<OutputAsset>,
    /// Guides left out of this build (drafts, internal pages in a public
    /// build): a link to one is an error, not a broken link.
    pub hidden_guides: Vec<PathBuf>,
    /// Pages whose own errors keep them out of this build: links to them
    /// are not reported again.
    pub unbuilt: Vec<Unbuilt>,
    /// The community figures of `/stats/` and `stats.json`, computed once,
    /// by whichever needs them first.
    pub stats: std::sync::OnceLock<super::stats::Stats>,
    /// A multilingual site's languages (the same for each language's
    /// `Site`); `None` for a single-language site.
    pub languages: Option<std::sync::Arc<super::languages::Languages>>,
    /// The default language's `Site` holds the others', each under
    /// `/<code>/` (its `base` has the prefix); empty otherwise.
    pub translations: Vec<Site>,
}

#[derive(Debug)]
pub struct Section {
    /// Folder relative to `content/guides` ("" for the root).
    pub key: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// The description, else the intro's first paragraph; empty when the
    /// section has neither.
    pub summary: String,
    pub weight: i64,
    pub body: Option<Markdown>,
    pub source: Option<PathBuf>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Indexes into `Site::guides`.
    pub guides: Vec<usize>,
    pub depth: usize,
    /// Rewritten links of the section's intro body.
    pub links: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct GuidePage {
    pub guide: Guide,
    pub url: String,
    /// See [`summary`].
    pub summary: String,
    pub section: usize,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Link destination as written -> final href (only rewritten ones).
    pub links: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Redirect {
    /// Old URL path ("/old/path/" or "/old.html").
    pub from: String,
    /// New URL path.
    pub to: String,
}

#[derive(Debug, Clone)]
pub struct OutputAsset {
    /// Source path relative to the site root.
    pub path: PathBuf,
    /// Absolute source path to copy from.
    pub source: PathBuf,
    /// Output path relative to the output root, `/`-separated.
    pub output: String,
}

/// Digests of one language's pages, in the order of the site's lists.
#[derive(Debug, Default)]
pub(crate) struct PageDigests {
    /// All of each guide.
    pub(crate) guides: Vec<u128>,
    /// What other pages read of each guide (`GuidePage::digest_shared`).
    pub(crate) guides_shared: Vec<u128>,
    /// All of each question, answers included.
    pub(crate) questions: Vec<u128>,
    /// All of each idea.
    pub(crate) ideas: Vec<u128>,
}

impl Site {
    /// Digests of this language's pages, each computed once per build and
    /// in parallel: the persistent cache keys a guide's page, and every
    /// page's search document, by them (see `PageDigests`).
    pub(crate) fn digest_pages(&self) -> PageDigests {
        use rayon::prelude::*;
        fn each<T: std::fmt::Debug + Sync>(pages: &[T]) -> Vec<u128> {
            pages
                .par_iter()
                .map(|page| crate::hash::Digest::new().debug(page).finish())
                .collect()
        }
        PageDigests {
            guides: each(&self.guides),
            guides_shared: self
                .guides
                .par_iter()
                .map(|page| {
                    let mut digest = crate::hash::Digest::new();
                    page.digest_shared(&mut digest);
                    digest.finish()
                })
                .collect(),
            questions: each(&self.questions),
            ideas: each(&self.ideas),
        }
    }

    /// Feeds `digest` with everything one page's output can read of the
    /// other pages: the whole site except each guide's body text and its
    /// own rewritten links, which only its own page (and the search index)
    /// reads. Two sites with the same digest render every page but the
    /// guides' own the same; the persistent cache keys those by it.
    ///
    /// The structs are taken apart field by field, without `..`: a field
    /// added to a page is a compile error here until someone decides
    /// whether other pages read it.
    ///
    /// `pages` holds each language's `digest_pages`, by output prefix (one
    /// missing from it is digested here).
    pub(crate) fn digest_shared(
        &self,
        digest: &mut crate::hash::Digest,
        pages: &std::collections::HashMap<String, PageDigests>,
    ) {
        let Site {
            config,
            options,
            base,
            base_url,
            home,
            home_links,
            sections,
            // one digest a page, from `digest_pages`
            guides: _,
            questions: _,
            ideas: _,
            tags,
            redirects,
            assets,
            hidden_guides,
            unbuilt,
            // computed from the rest, and only when first asked for
            stats: _,
            languages,
            translations,
        } = self;
        digest
            .debug(config)
            .debug(options)
            .debug(base)
            .debug(base_url)
            .debug(home)
            .debug(home_links)
            .debug(sections)
            .debug(tags)
            .debug(redirects)
            .debug(assets)
            .debug(hidden_guides)
            .debug(unbuilt)
            .debug(languages);
        let computed;
        let own = match pages.get(&self.output_prefix()) {
            Some(own) => own,
            None => {
                computed = self.digest_pages();
                &computed
            }
        };
        for number in own
            .questions
            .iter()
            .chain(&own.ideas)
            .chain(&own.guides_shared)
        {
            digest.number(*number);
        }
        for translation in translations {
            translation.digest_shared(digest, pages);
        }
    }
}

impl GuidePage {
    /// What other pages can read of this one (see `Site::digest_shared`).
    fn digest_shared(&self, digest: &mut crate::hash::Digest) {
        let GuidePage {
            guide,
            url,
            summary,
            section,
            prev,
            next,
            links: _,
        } = self;
        let Guide {
            path,
            section: folder,
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
        } = guide;
        digest
            .debug(&(url, summary, section, prev, next))
            .debug(&(path, folder, slug, title, description, tags, weight))
            .debug(&(authors, updated, draft, visibility, aliases, extra));
        body.digest_outline(digest);
    }
}

impl Site {
    /// The community figures (all time), computed on first use.
    pub fn stats(&self) -> &super::stats::Stats {
        self.stats.get_or_init(|| super::stats::compute(self, None))
    }

    /// The URL path of a tag's page (`/tags/<slug>/`).
    pub fn tag_url(&self, name: &str) -> String {
        format!("/tags/{}/", self.tag_slug(name))
    }

    /// The URL path of a tag's page on the ideas board.
    pub fn idea_tag_url(&self, name: &str) -> String {
        format!("/ideas/tag/{}/", self.tag_slug(name))
    }

    fn tag_slug(&self, name: &str) -> String {
        match self.tags.get(name) {
            Some(pages) => pages.slug.clone(),
            None => self.config.taxonomy.slug_of(name),
        }
    }

    /// An internal URL path as an href (with the base path in front). In
    /// a language that leaves untranslated pages out, such a page's href is
    /// the default language's.
    pub fn href(&self, url: &str) -> String {
        if self.omits(url.split('#').next().unwrap_or(url)) {
            if let Some(languages) = &self.languages {
                return format!("{}{url}", languages.root.path);
            }
        }
        format!("{}{}", self.base.path, url)
    }

    /// Whether the page at `url` is left out of this language (it has no
    /// translation, and the site has `untranslated = "omit"`).
    pub fn omits(&self, url: &str) -> bool {
        self.languages.as_ref().is_some_and(|l| {
            l.untranslated == crate::config::Untranslated::Omit
                && l.omittable.contains(url)
                && !l.has_version(url, &self.config.language)
        })
    }

    /// An internal URL path as an absolute URL.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{}", self.base_url(), url)
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The language of this site's pages.
    pub fn language(&self) -> &str {
        &self.config.language
    }

    /// Whether this is another language's site of a multilingual site
    /// (its files go under `<code>/`).
    pub fn is_translation(&self) -> bool {
        self.languages
            .as_ref()
            .is_some_and(|l| l.default != self.config.language)
    }

    /// The output folder of this language's files: "" for the default
    /// language, "fr/" for French.
    pub fn output_prefix(&self) -> String {
        if self.is_translation() {
            format!("{}/", self.config.language)
        } else {
            String::new()
        }
    }

    /// An internal URL path as an href to the language-neutral root (for
    /// the theme's assets, which every language shares).
    pub fn root_href(&self, url: &str) -> String {
        match &self.languages {
            Some(languages) => format!("{}{url}", languages.root.path),
            None => self.href(url),
        }
    }

    /// Whether the page at `url` has its own version in this site's
    /// language (always, on a single-language site).
    pub fn has_own_version(&self, url: &str) -> bool {
        self.languages
            .as_ref()
            .is_none_or(|l| l.has_version(url, &self.config.language))
    }

    /// The sections from the root down to `index` (inclusive).
    pub fn ancestry(&self, mut index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        while let Some(parent) = self.sections.get(index).and_then(|s| s.parent) {
            chain.push(parent);
            index = parent;
        }
        chain.reverse();
        chain
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TagPages {
    /// The tag's URL slug (`c-plus-plus` for `C++`).
    pub slug: String,
    /// Indexes into `Site::guides`, `Site::questions`, `Site::ideas`.
    pub guides: Vec<usize>,
    pub questions: Vec<usize>,
    pub ideas: Vec<usize>,
}

impl TagPages {
    pub fn len(&self) -> usize {
        self.guides.len() + self.questions.len() + self.ideas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug)]
pub struct QuestionPage {
    pub question: Question,
    pub url: String,
    /// The question's first paragraph, cut (see [`summary`]).
    pub summary: String,
    /// The accepted answer first, then by votes (high first), then date, then id.
    pub answers: Vec<Answer>,
    /// Whether `answers[0]` is the accepted one.
    pub has_accepted: bool,
    /// Index into `Site::questions` of the canonical question.
    pub duplicate_of: Option<usize>,
    /// Questions marked as duplicates of this one.
    pub duplicates: Vec<usize>,
    pub links: BTreeMap<String, String>,
    /// Per answer, in `answers` order.
    pub answer_links: Vec<BTreeMap<String, String>>,
}

impl QuestionPage {
    /// Votes of the best-voted answer (0 without answers).
    pub fn top_votes(&self) -> i64 {
        self.answers.iter().map(|a| a.votes).max().unwrap_or(0)
    }

    pub fn accepted(&self) -> Option<&Answer> {
        self.answers.first().filter(|_| self.has_accepted)
    }
}

#[derive(Debug)]
pub struct IdeaPage {
    pub idea: Idea,
    pub url: String,
    /// The idea's first paragraph, cut (see [`summary`]).
    pub summary: String,
    pub facts: Facts,
    pub duplicate_of: Option<usize>,
    pub duplicates: Vec<usize>,
    pub links: BTreeMap<String, String>,
}
