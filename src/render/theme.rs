//! The theme compiled: its templates into Tera, its static files as
//! assets. Which files make the theme (the embedded default overridden by
//! a site's `themes/<name>/`) is `load::theme`'s business.

use crate::diag::{Code, Diagnostic};
use std::collections::BTreeMap;
use tera::Tera;

pub struct Theme {
    /// The templates, with `t(key=…)` giving the English interface text.
    pub tera: Tera,
    /// Output path (relative to the output root, under `assets/`) -> bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The interface text per language (`i18n/<code>.toml`): key -> text.
    pub i18n: BTreeMap<String, Texts>,
    /// The theme's name, for the paths of its files in diagnostics.
    pub name: String,
    /// A digest of the theme's files, name and minified set: every page
    /// depends on them (the persistent cache's keys include it).
    pub digest: u128,
}

/// One language's interface text: key -> text.
pub(crate) type Texts = BTreeMap<String, String>;

/// The language every theme's interface text falls back to.
pub(crate) const FALLBACK_LANGUAGE: &str = "en";

impl Theme {
    /// The interface text for `language`: its own file's, each key it
    /// lacks taken from English; and the keys it lacked.
    pub fn texts(&self, language: &str) -> (Texts, Vec<String>) {
        let english = self
            .i18n
            .get(FALLBACK_LANGUAGE)
            .cloned()
            .unwrap_or_default();
        let Some(own) = self.i18n.get(language) else {
            let missing = english.keys().cloned().collect();
            return (english, missing);
        };
        let missing: Vec<String> = english
            .keys()
            .filter(|key| !own.contains_key(*key))
            .cloned()
            .collect();
        let mut texts = english;
        texts.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        (texts, missing)
    }

    /// The interface language of `site`'s pages: a multilingual site's
    /// pages speak their language (English where the theme lacks words, with
    /// a warning); a single-language site speaks its `language` when the
    /// theme has it, else English.
    pub fn interface_language<'s>(&self, site: &'s crate::resolve::Site) -> &'s str {
        match site.languages {
            Some(_) => site.language(),
            None => self.shipped_language(&site.config.language),
        }
    }

    /// The interface language for a single-language site whose `language`
    /// is `language`: its own (`fr`, or `fr` for `fr-CA`) when the theme has
    /// that file, else English.
    pub fn shipped_language<'l>(&self, language: &'l str) -> &'l str {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        [language, primary]
            .into_iter()
            .find(|code| self.i18n.contains_key(*code))
            .unwrap_or(FALLBACK_LANGUAGE)
    }

    /// The templates with `t(key=…)` giving `texts`.
    pub fn tera_with(&self, texts: Texts) -> Tera {
        let mut tera = self.tera.clone();
        tera.register_filter("number", number_filter(&texts));
        tera.register_function("t", translate(texts));
        tera
    }
}

/// The `t(key="…")` Tera function over one language's texts; an unknown
/// key is a template error (a theme asking for text no file has).
fn translate(texts: Texts) -> impl tera::Function {
    move |args: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        // other arguments fill the text's `{name}` places
        let separator = texts.get("thousands_separator").map_or("", String::as_str);
        let values: Vec<(&str, String)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "key")
            .map(|(name, value)| {
                let text = match value {
                    tera::Value::String(s) => s.clone(),
                    tera::Value::Number(n) => group_digits(&n.to_string(), separator),
                    other => other.to_string(),
                };
                (name.as_str(), text)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        texts
            .get(key)
            .map(|text| tera::Value::String(super::chart::fill(text, &pairs)))
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "t(): no interface text `{key}` in the theme's i18n/{FALLBACK_LANGUAGE}.toml"
                ))
            })
    }
}

impl Theme {
    /// Compiles the theme's files (as `load::theme::files` reads them):
    /// templates into Tera, static files as assets, the scripts and
    /// stylesheets among `minified` (paths such as `static/search.js`)
    /// minified.
    pub fn compile(
        name: &str,
        files: BTreeMap<String, Vec<u8>>,
        minified: &std::collections::BTreeSet<String>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let theme_name = name;
        let mut digest = crate::hash::Digest::new();
        digest.bytes(name.as_bytes()).debug(minified);
        for (path, bytes) in &files {
            digest.bytes(path.as_bytes()).bytes(bytes);
        }
        let digest = digest.finish();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(super::markdown::escape_attr);
        tera.register_function("bar_chart", super::chart::tera_bar_chart);
        let mut templates = Vec::new();
        let mut assets = BTreeMap::new();
        let mut i18n = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for (path, bytes) in files {
            if let Some(code) = path
                .strip_prefix("i18n/")
                .and_then(|name| name.strip_suffix(".toml"))
            {
                let file = format!("themes/{}/{path}", theme_label(theme_name));
                match texts_of(&file, &bytes) {
                    Ok(texts) => {
                        i18n.insert(code.to_string(), texts);
                    }
                    Err(d) => diagnostics.push(d),
                }
                continue;
            }
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((name.to_string(), text)),
                    Err(_) => diagnostics.push(Diagnostic::error(
                        Code::NOT_UTF8,
                        format!("themes/{}/{path}", theme_label(theme_name)),
                        "template is not valid UTF-8",
                    )),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                let bytes = if minified.contains(&path) {
                    super::minify::asset(name, bytes)
                } else {
                    bytes
                };
                assets.insert(format!("assets/{name}"), bytes);
            }
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            diagnostics.push(template_parse_error(&e, theme_name));
        }
        let english = i18n.get(FALLBACK_LANGUAGE).cloned().unwrap_or_default();
        tera.register_filter("number", number_filter(&english));
        tera.register_function("t", translate(english));
        if diagnostics.is_empty() {
            Ok(Theme {
                tera,
                assets,
                i18n,
                name: theme_name.to_string(),
                digest,
            })
        } else {
            Err(diagnostics)
        }
    }
}

/// The `number` filter: a whole number with the language's
/// `thousands_separator` between groups of three digits.
fn number_filter(texts: &Texts) -> impl tera::Filter {
    let separator = texts
        .get("thousands_separator")
        .cloned()
        .unwrap_or_default();
    move |value: &tera::Value,
          _: &std::collections::HashMap<String, tera::Value>|
          -> tera::Result<tera::Value> {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            tera::Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(tera::Value::String(group_digits(&text, &separator)))
    }
}

/// `12345` -> `12,345` with `separator` ",". An empty separator, numbers
/// under 1,000 and anything that is not a plain whole number (a decimal, a
/// percentage) are returned as they are.
pub(crate) fn group_digits(number: &str, separator: &str) -> String {
    let (sign, digits) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    if separator.is_empty() || digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let mut out = String::from(sign);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// An `i18n/<code>.toml` file: a table of strings.
fn texts_of(file: &str, bytes: &[u8]) -> Result<Texts, Diagnostic> {
    let bad = |message: String| {
        Diagnostic::error(Code::THEME_TEXTS, file, message)
            .hint("write one `key = \"text\"` line per interface text, as in the default theme's i18n/en.toml")
    };
    let text = std::str::from_utf8(bytes).map_err(|_| bad("not valid UTF-8".into()))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let d = bad(format!("not valid TOML: {}", e.message().trim()));
        match e.span() {
            Some(range) => d.at(crate::diag::Span::at_offset(
                text,
                range.start,
                range.len().max(1),
            )),
            None => d,
        }
    })?;
    let mut texts = Texts::new();
    for (key, value) in table {
        match value {
            toml::Value::String(s) => {
                texts.insert(key, s);
            }
            other => {
                let offset = text.find(&key).unwrap_or(0);
                return Err(bad(format!(
                    "`{key}` is not a text (it is of type {})",
                    other.type_str()
                ))
                .at(crate::diag::Span::at_offset(text, offset, key.len())));
            }
        }
    }
    Ok(texts)
}

fn theme_label(name: &str) -> &str {
    name
}

/// A Tera error with its whole cause chain (the useful part is at the end).
pub(crate) fn template_error(error: &tera::Error) -> Diagnostic {
    Diagnostic::error(Code::TEMPLATE, "themes", error_chain(error))
        .hint("fix the template named above; the default templates are in townhall's themes/default/templates/")
}

fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A template of the theme `theme` that does not parse, pointed at where
/// Tera stopped (`Failed to parse 'x.html': --> 3:20 … = expected …`);
/// `template_error`'s whole message when Tera's wording is not that.
fn template_parse_error(error: &tera::Error, theme: &str) -> Diagnostic {
    let chain = error_chain(error);
    let located = || {
        let name = chain.split_once("Failed to parse '")?.1.split_once('\'')?.0;
        let place = chain.split_once("--> ")?.1;
        let (line, rest) = place.split_once(':')?;
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (line, column): (usize, usize) = (line.parse().ok()?, rest[..digits].parse().ok()?);
        let reason = chain
            .lines()
            .find_map(|l| l.trim().strip_prefix("= "))
            .unwrap_or("it does not parse");
        Some(
            Diagnostic::error(
                Code::TEMPLATE,
                format!("themes/{}/templates/{name}", theme_label(theme)),
                format!("template `{name}` does not parse: {reason}"),
            )
            .at_line(line, column)
            .hint("fix the template; the default templates are in townhall's themes/default/templates/"),
        )
    };
    located().unwrap_or_else(|| template_error(error))
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn digits_are_grouped_by_three_from_the_right() {
        assert_eq!(group_digits("1234567", ","), "1,234,567");
        assert_eq!(group_digits("-12345", "\u{202f}"), "-12\u{202f}345");
        assert_eq!(group_digits("999", ","), "999");
        assert_eq!(group_digits("1000", ""), "1000");
        assert_eq!(group_digits("2.5", ","), "2.5");
        assert_eq!(group_digits("1234%", ","), "1234%");
    }
}
