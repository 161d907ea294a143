//! `site.toml` -> `Config`. Every key but `title` and `base_url` has a
//! default; unknown keys are errors, like in front matter.

use crate::diag::{Code, Diagnostic, Span};
use serde::Deserialize;
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

/// Settings of `townhall check`.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Strings the secret and personal-data scan accepts (a support
    /// address that is meant to be public, say).
    #[serde(default)]
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    #[serde(default)]
    pub tags: Vec<String>,
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

pub const CONFIG_FILE: &str = "site.toml";

impl Config {
    /// Reads `site.toml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(Code::CONFIG, CONFIG_FILE, format!("cannot read site.toml: {e}"))
                .hint("run townhall from the site root, pass --root DIR, or create a site with `townhall init`")
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(Code::NOT_UTF8, CONFIG_FILE, "site.toml is not valid UTF-8")
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            let mut d = Diagnostic::error(Code::CONFIG, CONFIG_FILE, message.clone());
            if let Some(range) = e.span() {
                d = d.at(Span::at_offset(text, range.start, range.len().max(1)));
            }
            if let Some(hint) = unknown_field_hint(&message) {
                d = d.hint(hint);
            }
            d
        })?;
        config.validate(text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), Diagnostic> {
        let at_key = |key: &str| {
            let offset = text
                .find(&format!("{key} "))
                .or_else(|| text.find(key))
                .unwrap_or(0);
            Span::at_offset(text, offset, key.len())
        };
        let url = self.base_url.as_str();
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.contains(' ') {
            return Err(Diagnostic::error(
                Code::CONFIG,
                CONFIG_FILE,
                format!("base_url `{url}` is not an absolute http(s) URL"),
            )
            .at(at_key("base_url"))
            .hint("write it like \"https://community.example.com\""));
        }
        for tag in &self.taxonomy.tags {
            if crate::slug::slugify(tag) != *tag {
                return Err(Diagnostic::error(
                    Code::CONFIG,
                    CONFIG_FILE,
                    format!("taxonomy tag `{tag}` is not a lowercase slug"),
                )
                .at(at_key(tag))
                .hint(format!("write it as `{}`", crate::slug::slugify(tag))));
            }
        }
        if self.ideas.voting_window_days == 0 {
            return Err(Diagnostic::error(
                Code::CONFIG,
                CONFIG_FILE,
                "ideas.voting_window_days must be at least 1",
            )
            .at(at_key("voting_window_days")));
        }
        Ok(())
    }

    /// The path part of `base_url` without a trailing slash ("" for a
    /// site at the domain root, "/docs" for one under a folder).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme
                .get(i..)
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string(),
            None => String::new(),
        }
    }

    /// `base_url` without a trailing slash.
    pub fn base_url_trimmed(&self) -> &str {
        self.base_url.trim_end_matches('/')
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
    fn base_path_is_the_url_path() {
        let mut c = Config::parse("title = \"A\"\nbase_url = \"https://x.test/\"").unwrap();
        assert_eq!(c.base_path(), "");
        c.base_url = "https://x.github.io/docs/".into();
        assert_eq!(c.base_path(), "/docs");
        assert_eq!(c.base_url_trimmed(), "https://x.github.io/docs");
    }
}
