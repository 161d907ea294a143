//! `site.toml` -> `Config`. Every key but `title` and `base_url` has a
//! default; unknown keys are errors, like in front matter.

use crate::diag::{Code, Diagnostic, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// The language of the files without a language code and of the pages
    /// at the site's root (`language` when not set).
    #[serde(default)]
    pub default_language: Option<String>,
    /// The site's languages by code; translations sit beside their source
    /// as `name.<code>.md`. Empty (or one entry): a single-language site.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// What a language section does with a page that has no translation.
    #[serde(default)]
    pub untranslated: Untranslated,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub repository: Option<String>,
    /// Social preview image (og:image): an absolute URL or a path on the site.
    #[serde(default)]
    pub image: Option<String>,
    /// Paths robots.txt asks crawlers to skip.
    #[serde(default)]
    pub robots_disallow: Vec<String>,
    #[serde(default = "default_branch")]
    pub branch: String,
    #[serde(default = "yes")]
    pub minify: bool,
    #[serde(default = "yes")]
    pub stats: bool,
    #[serde(default)]
    pub taxonomy: Taxonomy,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub guides: GuidesConfig,
    #[serde(default)]
    pub ideas: IdeasConfig,
    #[serde(default)]
    pub check: CheckConfig,
}

/// One language of a multilingual site (`[languages.<code>]`).
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's name in itself, for the language switcher ("Français").
    #[serde(default)]
    pub name: Option<String>,
    /// The site's title in this language (else the site's `title`).
    #[serde(default)]
    pub title: Option<String>,
    /// The site's description in this language (else the site's).
    #[serde(default)]
    pub description: Option<String>,
    /// Writing direction; derived from the code when not set.
    #[serde(default)]
    pub direction: Option<Direction>,
}

/// A language's writing direction.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The direction of a language code: right to left for Arabic, Hebrew,
    /// Persian and Urdu (and their regional variants), else left to right.
    pub fn of_code(code: &str) -> Direction {
        let base = code.split('-').next().unwrap_or(code);
        match base {
            "ar" | "he" | "fa" | "ur" => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// `ltr` or `rtl`, as HTML's `dir` attribute spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// What a language section does with a page that has no translation.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// The page is there, showing the default language's content with a
    /// "not yet translated" notice (the default).
    #[default]
    Fallback,
    /// The page is left out; links to it lead to the default language's page.
    Omit,
}

/// Settings of `townhall check`.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Strings the secret and personal-data scan accepts (a support
    /// address that is meant to be public, say).
    #[serde(default)]
    pub allow: Vec<String>,
    /// How a link to a file that does not exist is reported.
    #[serde(default)]
    pub broken_links: Severity,
    /// How a link to an anchor that does not exist is reported.
    #[serde(default)]
    pub broken_anchors: Severity,
}

/// The severity a site gives a class of problems (`"error"` or `"warn"`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[default]
    Error,
    Warn,
}

/// The longest tag name accepted, in characters.
pub(crate) const MAX_TAG_NAME: usize = 64;

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Tag names as readers see them (`C++`, `.net`, `Wi-Fi`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Explicit URL slugs for tag names whose derived slug is not wanted
    /// or collides with another's.
    #[serde(default)]
    pub slugs: BTreeMap<String, String>,
}

impl Taxonomy {
    /// The URL slug of a tag name: the explicit one from `[taxonomy.slugs]`
    /// or the derived one.
    pub fn slug_of(&self, name: &str) -> String {
        match self.slugs.get(name) {
            Some(slug) => slug.clone(),
            None => crate::slug::tag_slug(name),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum GuideHtml {
    /// Raw HTML in guides passes an allow-list sanitiser.
    #[default]
    Sanitized,
    /// Raw HTML in guides is kept as written.
    Trusted,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub guide_html: GuideHtml,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GuidesConfig {
    #[serde(default = "default_stale")]
    pub stale_after_days: u32,
}

impl Default for GuidesConfig {
    fn default() -> Self {
        GuidesConfig {
            stale_after_days: default_stale(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdeasConfig {
    #[serde(default = "default_threshold")]
    pub vote_threshold: i64,
    #[serde(default = "default_window")]
    pub voting_window_days: u32,
    #[serde(default = "default_window")]
    pub recently_shipped_days: u32,
}

impl Default for IdeasConfig {
    fn default() -> Self {
        IdeasConfig {
            vote_threshold: default_threshold(),
            voting_window_days: default_window(),
            recently_shipped_days: default_window(),
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_branch() -> String {
    "main".into()
}
fn yes() -> bool {
    true
}
fn default_stale() -> u32 {
    365
}
fn default_threshold() -> i64 {
    100
}
fn default_window() -> u32 {
    90
}

pub(crate) const CONFIG_FILE: &str = "site.toml";

/// A site's public URL, checked once: `{origin}{path}` with the path
/// without a trailing slash ("" at the domain root, "/docs" under a folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    pub origin: String,
    pub path: String,
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let not_absolute = || format!("`{text}` is not an absolute http(s) URL");
        let url = url::Url::parse(text.trim()).map_err(|_| not_absolute())?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(not_absolute());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "`{text}` has a query or fragment; a base URL is a folder"
            ));
        }
        Ok(BaseUrl {
            origin: url.origin().ascii_serialization(),
            path: url.path().trim_end_matches('/').to_string(),
        })
    }

    /// The URL without a trailing slash.
    pub fn trimmed(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

impl Config {
    /// Reads `site.toml` under `root`; its first problem is fatal.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        match Config::load_all(root) {
            Ok((config, problems)) => match problems.into_iter().next() {
                Some(first) => Err(first),
                None => Ok(config),
            },
            Err(problems) => Err(first_problem(problems)),
        }
    }

    /// Reads `site.toml` under `root` and reports every problem in it at
    /// once. `Ok` holds a config usable for the rest of the build (the
    /// problems are still errors); `Err` means nothing can be built with it.
    pub fn load_all(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![Diagnostic::error(Code::CONFIG, CONFIG_FILE, format!("cannot read site.toml: {e}"))
                .hint("run townhall from the site root, pass --root DIR, or create a site with `townhall init`")]
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            vec![Diagnostic::error(
                Code::NOT_UTF8,
                CONFIG_FILE,
                "site.toml is not valid UTF-8",
            )]
        })?;
        Config::parse_all(&text)
    }

    /// Parses `site.toml`; its first problem is fatal.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        match Config::parse_all(text) {
            Ok((config, problems)) => match problems.into_iter().next() {
                Some(first) => Err(first),
                None => Ok(config),
            },
            Err(problems) => Err(first_problem(problems)),
        }
    }

    /// Parses `site.toml`, reporting every problem. A key with an unknown
    /// name or a value of the wrong type is reported and then read as if
    /// absent, so the next problem shows too and the rest of the site can
    /// still be checked against the config.
    pub fn parse_all(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Err(e) = text.parse::<toml::Table>() {
            return Err(vec![toml_problem(text, &e)]);
        }
        let mut problems = Vec::new();
        let mut current = text.to_string();
        // Each round reports one problem and blanks its lines; a site.toml
        // has a few dozen keys at most.
        for _ in 0..64 {
            match toml::from_str::<Config>(&current) {
                Ok(mut config) => {
                    problems.extend(config.validate(text));
                    return Ok((config, problems));
                }
                Err(e) => {
                    problems.push(toml_problem(text, &e));
                    let Some(range) = e.span() else {
                        return Err(problems);
                    };
                    match blank_entry(&current, range.start) {
                        Some(next) if next.parse::<toml::Table>().is_ok() => current = next,
                        _ => return Err(problems),
                    }
                }
            }
        }
        Err(problems)
    }

    /// Checks what the TOML types cannot say, repairing the config so the
    /// build can go on: a bad tag is left out, a bad number gets its default.
    fn validate(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Err(e) = BaseUrl::parse(&self.base_url) {
            problems.push(
                Diagnostic::error(Code::CONFIG, CONFIG_FILE, format!("base_url {e}"))
                    .at(key_span(text, "base_url"))
                    .hint("write it like \"https://community.example.com\""),
            );
        }
        problems.extend(self.taxonomy.validate(text));
        problems.extend(self.validate_languages(text));
        if self.ideas.voting_window_days == 0 {
            problems.push(
                Diagnostic::error(
                    Code::CONFIG,
                    CONFIG_FILE,
                    "ideas.voting_window_days must be at least 1",
                )
                .at(key_span(text, "voting_window_days")),
            );
            self.ideas.voting_window_days = default_window();
        }
        problems
    }

    /// The default language's code: `default_language`, else `language`.
    pub fn default_language(&self) -> &str {
        self.default_language.as_deref().unwrap_or(&self.language)
    }

    /// The codes of the languages other than the default, in code order:
    /// empty for a single-language site.
    pub fn other_languages(&self) -> Vec<String> {
        let default = self.default_language();
        self.languages
            .keys()
            .filter(|code| code.as_str() != default)
            .cloned()
            .collect()
    }

    /// Whether the site is built in more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.other_languages().is_empty()
    }

    /// A language's name for the switcher: its `name`, else its code.
    pub fn language_name(&self, code: &str) -> String {
        self.languages
            .get(code)
            .and_then(|l| l.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// A language's writing direction: as set, else derived from its code.
    pub fn direction(&self, code: &str) -> Direction {
        self.languages
            .get(code)
            .and_then(|l| l.direction)
            .unwrap_or_else(|| Direction::of_code(code))
    }

    /// Language codes are lowercase BCP 47 tags (`fr`, `pt-br`); the
    /// default language is one of `[languages]` when there are any, and
    /// `language` and `default_language` agree. A bad language is left out.
    fn validate_languages(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Some(default) = &self.default_language {
            if self.language != default_language() && self.language != *default {
                problems.push(
                    Diagnostic::error(
                        Code::CONFIG,
                        CONFIG_FILE,
                        format!(
                            "language = \"{}\" and default_language = \"{default}\" disagree",
                            self.language
                        ),
                    )
                    .at(key_span(text, "default_language"))
                    .hint("keep one of them: default_language names the site's main language"),
                );
            }
            self.language = default.clone();
        }
        let bad: Vec<String> = self
            .languages
            .keys()
            .filter(|code| !is_language_code(code))
            .cloned()
            .collect();
        for code in bad {
            problems.push(
                Diagnostic::error(
                    Code::CONFIG,
                    CONFIG_FILE,
                    format!("`{code}` is not a language code"),
                )
                .at(key_span(text, &format!("languages.{code}")))
                .hint("use a lowercase code such as `fr`, `ar` or `pt-br`"),
            );
            self.languages.remove(&code);
        }
        let default = self.default_language().to_string();
        if !self.languages.is_empty() && !self.languages.contains_key(&default) {
            problems.push(
                Diagnostic::error(
                    Code::CONFIG,
                    CONFIG_FILE,
                    format!("the default language `{default}` is not one of [languages]"),
                )
                .at(key_span(text, "languages"))
                .hint(format!(
                    "add [languages.{default}] with its name, or set default_language to one of the languages"
                )),
            );
            self.languages.insert(default, LanguageConfig::default());
        }
        problems
    }

    /// `base_url` parsed; a URL that does not parse (reported by
    /// `parse_all`) is taken as it is, at the domain root.
    pub fn base(&self) -> BaseUrl {
        BaseUrl::parse(&self.base_url).unwrap_or_else(|_| BaseUrl {
            origin: self.base_url.trim_end_matches('/').to_string(),
            path: String::new(),
        })
    }
}

/// A lowercase BCP 47 language tag: a 2–3 letter language, then optional
/// subtags of 2–8 letters or digits (`fr`, `pt-br`, `zh-hant`).
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    lang_ok
        && parts.all(|p| {
            (2..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn first_problem(problems: Vec<Diagnostic>) -> Diagnostic {
    problems
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::error(Code::CONFIG, CONFIG_FILE, "site.toml cannot be read"))
}

fn toml_problem(text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(Code::CONFIG, CONFIG_FILE, message.clone());
    if let Some(range) = e.span() {
        d = d.at(Span::at_offset(text, range.start, range.len().max(1)));
    }
    if let Some(hint) = unknown_field_hint(&message) {
        d = d.hint(hint);
    }
    d
}

/// The span of `key`'s first assignment (or of its first mention).
fn key_span(text: &str, key: &str) -> Span {
    let offset = text
        .find(&format!("{key} "))
        .or_else(|| text.find(key))
        .unwrap_or(0);
    Span::at_offset(text, offset, key.chars().count())
}

/// `text` with the entry at `offset` blanked out (spaces, newlines kept so
/// every other offset stays where it was): the line holding it, and for a
/// table header the whole table. `None` when nothing would change.
fn blank_entry(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i);
    let line = text.get(start..line_end)?;
    let end = if line.trim_start().starts_with('[') {
        // up to the next table header
        let mut end = line_end;
        while end < text.len() {
            let next_start = end + 1;
            let next_end = text
                .get(next_start..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| next_start + i);
            let next = text.get(next_start..next_end).unwrap_or("");
            if next.trim_start().starts_with('[') {
                break;
            }
            end = next_end;
        }
        end
    } else {
        line_end
    };
    let region = text.get(start..end)?;
    if region.trim().is_empty() {
        return None;
    }
    let blanked: String = region
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    Some(format!(
        "{}{}{}",
        text.get(..start)?,
        blanked,
        text.get(end..)?
    ))
}

impl Taxonomy {
    /// Every tag name is a usable name with a slug no other name has.
    /// Unusable names are reported and left out.
    fn validate(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at_name = |name: &str| {
            let quoted = format!("\"{name}\"");
            match text.find(&quoted) {
                Some(offset) => Span::at_offset(text, offset, quoted.chars().count()),
                None => key_span(text, "tags"),
            }
        };
        for (name, slug) in &self.slugs {
            if !self.tags.contains(name) {
                problems.push(
                    Diagnostic::error(
                        Code::CONFIG,
                        CONFIG_FILE,
                        format!("[taxonomy.slugs] names `{name}`, which is not in [taxonomy] tags"),
                    )
                    .at(at_name(name))
                    .hint(format!("add `{name}` to tags, or remove its slug")),
                );
            }
            if slug.is_empty() || crate::slug::slugify(slug) != *slug {
                let better = crate::slug::slugify(slug);
                let d = Diagnostic::error(
                    Code::CONFIG,
                    CONFIG_FILE,
                    format!("the slug `{slug}` of tag `{name}` is not a lowercase URL slug"),
                )
                .at(at_name(slug));
                problems.push(if better.is_empty() {
                    d.hint("use lowercase letters, digits and dashes")
                } else {
                    d.hint(format!("write it as `{better}`"))
                });
            }
        }
        let mut kept: Vec<String> = Vec::with_capacity(self.tags.len());
        let mut by_slug: BTreeMap<String, String> = BTreeMap::new();
        for name in std::mem::take(&mut self.tags) {
            let problem = |message: String| {
                Diagnostic::error(Code::CONFIG, CONFIG_FILE, message).at(at_name(&name))
            };
            if name.trim().is_empty() {
                problems.push(problem("a tag name is empty".into()));
                continue;
            }
            if name.trim() != name || name.chars().any(char::is_control) {
                problems.push(
                    problem(format!(
                        "tag name `{}` has surrounding spaces or control characters",
                        name.escape_debug()
                    ))
                    .hint(format!("write it as `{}`", name.trim())),
                );
                continue;
            }
            if name.chars().count() > MAX_TAG_NAME {
                problems.push(problem(format!(
                    "tag name `{name}` is longer than {MAX_TAG_NAME} characters"
                )));
                continue;
            }
            if kept.contains(&name) {
                problems.push(problem(format!("tag `{name}` is listed twice")));
                continue;
            }
            let slug = self.slug_of(&name);
            if slug.is_empty() {
                problems.push(
                    problem(format!(
                        "tag name `{name}` has no letters or digits to make a URL from"
                    ))
                    .hint(format!(
                        "give it a slug: [taxonomy.slugs] \"{name}\" = \"my-slug\""
                    )),
                );
                continue;
            }
            if let Some(other) = by_slug.get(&slug) {
                problems.push(
                    problem(format!(
                        "tags `{other}` and `{name}` both get the URL /tags/{slug}/"
                    ))
                    .hint(format!(
                        "give one of them its own slug: [taxonomy.slugs] \"{name}\" = \"{slug}-2\""
                    )),
                );
                continue;
            }
            by_slug.insert(slug, name.clone());
            kept.push(name);
        }
        self.tags = kept;
        problems
    }
}

fn unknown_field_hint(message: &str) -> Option<String> {
    // toml reports "unknown field `titel`, expected one of `title`, `base_url`, …"
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match crate::diag::closest(field, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("valid keys here: {}", candidates.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_documented_defaults() {
        let c = Config::parse("title = \"A\"\nbase_url = \"https://x.test\"\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.theme, "default");
        assert!(c.minify && c.stats);
        assert_eq!(c.ideas.vote_threshold, 100);
        assert_eq!(c.ideas.voting_window_days, 90);
        assert_eq!(c.guides.stale_after_days, 365);
        assert_eq!(c.markdown.guide_html, GuideHtml::Sanitized);
    }

    #[test]
    fn unknown_key_is_an_error_with_position_and_suggestion() {
        let err = Config::parse("title = \"A\"\nbase_url = \"https://x.test\"\nminfy = true\n")
            .unwrap_err();
        assert_eq!(err.code, Code::CONFIG);
        assert_eq!(err.span.unwrap().line, 3);
        assert_eq!(err.hint.as_deref(), Some("did you mean `minify`?"));
    }

    #[test]
    fn missing_title_and_bad_url_are_errors() {
        assert!(Config::parse("base_url = \"https://x.test\"").is_err());
        let err = Config::parse("title = \"A\"\nbase_url = \"x.test\"").unwrap_err();
        assert_eq!(err.span.unwrap().line, 2);
    }

    #[test]
    fn base_urls_are_parsed_once_into_origin_and_path() {
        let url = BaseUrl::parse("https://x.github.io/docs/").unwrap();
        assert_eq!(url.origin, "https://x.github.io");
        assert_eq!(url.path, "/docs");
        assert_eq!(url.trimmed(), "https://x.github.io/docs");
        let root = BaseUrl::parse("http://localhost:8000").unwrap();
        assert_eq!(
            (root.origin.as_str(), root.path.as_str()),
            ("http://localhost:8000", "")
        );
        for bad in [
            "x.test",
            "ftp://x.test",
            "https://",
            "https://x.test/?a=1",
            "/docs",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn languages_default_to_one_and_derive_their_direction() {
        let c = Config::parse("title = \"A\"\nbase_url = \"https://x.test\"\n").unwrap();
        assert_eq!(c.default_language(), "en");
        assert!(!c.is_multilingual());
        let c = Config::parse(
            "title = \"A\"\nbase_url = \"https://x.test\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\n[languages.ar]\nname = \"العربية\"\n[languages.fr]\nname = \"Français\"\ndirection = \"rtl\"\n",
        )
        .unwrap();
        assert!(c.is_multilingual());
        assert_eq!(c.other_languages(), vec!["ar", "fr"]);
        assert_eq!(c.direction("ar"), Direction::Rtl);
        assert_eq!(c.direction("en"), Direction::Ltr);
        assert_eq!(c.direction("fr"), Direction::Rtl, "set explicitly");
        assert_eq!(c.direction("he-il"), Direction::Rtl);
        assert_eq!(c.language_name("fr"), "Français");
        assert_eq!(c.untranslated, Untranslated::Fallback);
    }

    #[test]
    fn bad_language_configuration_is_reported() {
        let err = Config::parse(
            "title = \"A\"\nbase_url = \"https://x.test\"\n[languages.fr]\nname = \"Français\"\n",
        )
        .unwrap_err();
        assert!(
            err.message.contains("default language `en`"),
            "{}",
            err.message
        );
        let err = Config::parse(
            "title = \"A\"\nbase_url = \"https://x.test\"\n[languages.en]\n[languages.French]\n",
        )
        .unwrap_err();
        assert!(err.message.contains("`French` is not a language code"));
        assert_eq!(err.span.unwrap().line, 4);
        let err = Config::parse(
            "title = \"A\"\nbase_url = \"https://x.test\"\nlanguage = \"de\"\ndefault_language = \"fr\"\n",
        )
        .unwrap_err();
        assert!(err.message.contains("disagree"));
        for good in ["fr", "pt-br", "zh-hant", "ast"] {
            assert!(is_language_code(good), "{good}");
        }
        for bad in ["", "f", "FR", "fr_", "fr-", "français", "x-y"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn base_path_is_the_url_path() {
        let mut c = Config::parse("title = \"A\"\nbase_url = \"https://x.test/\"").unwrap();
        assert_eq!(c.base().path, "");
        c.base_url = "https://x.github.io/docs/".into();
        assert_eq!(c.base().path, "/docs");
        assert_eq!(c.base().trimmed(), "https://x.github.io/docs");
    }
}
