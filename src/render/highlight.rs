//! Build-time syntax highlighting into CSS classes (no inline styles), with
//! one light and one dark stylesheet generated per build. The syntax set is
//! loaded once per process; highlighted blocks are cached by language and
//! content, so a snippet repeated across pages (or across `serve` rebuilds)
//! is highlighted once. The cache is bounded: a large site's blocks are
//! mostly unique, and keeping them all would cost more memory than the
//! whole rendered page set in flight.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Highlighted HTML kept at most, in bytes.
const CACHE_BUDGET: usize = 32 << 20;

#[derive(Default)]
struct Cache {
    blocks: HashMap<(String, u64), Option<String>>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Cache::default()));

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim();
    if lang.is_empty() {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "sh" | "shell" | "zsh" | "console" => "bash",
        "yml" => "yaml",
        "javascript" | "jsx" | "ts" | "typescript" | "jsonc" => "js",
        "rs" => "rust",
        "py" => "python",
        "md" => "markdown",
        "toml" => "toml",
        other => other,
    };
    let set = &*SYNTAXES;
    set.find_syntax_by_token(&lower)
        .or_else(|| set.find_syntax_by_token(alias))
        .or_else(|| set.find_syntax_by_name(lang))
}

/// The highlighted inner HTML of a code block (`<span class="hl-…">` runs),
/// or `None` when the language is unknown (the caller renders plain code).
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    let syntax = find_syntax(lang)?;
    let key = (syntax.name.clone(), hash(code));
    if let Ok(cache) = CACHE.lock() {
        if let Some(hit) = cache.blocks.get(&key) {
            return hit.clone();
        }
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    let mut ok = true;
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            ok = false;
            break;
        }
    }
    let html = ok.then(|| generator.finalize());
    if let Ok(mut cache) = CACHE.lock() {
        let size = html.as_ref().map_or(0, String::len);
        if cache.bytes + size <= CACHE_BUDGET {
            cache.bytes += size;
            cache.blocks.insert(key, html.clone());
        }
    }
    html
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The stylesheet for highlighted code: a light palette, a dark palette for
/// `prefers-color-scheme: dark`, and both forced by `data-theme` on `<html>`.
/// Made once per process (loading syntect's themes is not free, and `serve`
/// asks for it on every save).
pub fn stylesheet() -> String {
    static STYLESHEET: LazyLock<String> = LazyLock::new(make_stylesheet);
    STYLESHEET.clone()
}

fn make_stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get("base16-ocean.dark")
        .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
        .unwrap_or_default();
    let mut css = String::new();
    css.push_str("/* syntax highlighting: light, when the reader chose it */\n");
    css.push_str(&scope(&light, ":root[data-theme=light]"));
    css.push_str("\n/* light, following the system */\n@media (prefers-color-scheme: light) {\n");
    css.push_str(&scope(&light, ":root:not([data-theme=dark])"));
    css.push_str("}\n");
    css.push_str("\n/* dark, when the reader chose it */\n");
    css.push_str(&scope(&dark, ":root[data-theme=dark]"));
    css.push_str("\n/* dark, following the system */\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&scope(&dark, ":root:not([data-theme=light])"));
    css.push_str("}\n");
    css
}

/// Prefixes every selector of `css` with `scope`, so two palettes can coexist.
/// Background rules for the whole block are dropped: the theme's own CSS
/// colours the code box, keeping contrast consistent with the page.
fn scope(css: &str, scope: &str) -> String {
    let mut out = String::new();
    let mut in_comment = false;
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") {
            in_comment = !trimmed.ends_with("*/");
            continue;
        }
        if in_comment {
            in_comment = !trimmed.ends_with("*/");
            continue;
        }
        if trimmed.starts_with('.') && (trimmed.ends_with('{') || trimmed.ends_with(',')) {
            let selectors: Vec<String> = trimmed
                .trim_end_matches(['{', ','])
                .split(',')
                .map(|s| format!("{scope} {}", s.trim()))
                .collect();
            out.push_str(&selectors.join(", "));
            out.push_str(if trimmed.ends_with('{') {
                " {\n"
            } else {
                ",\n"
            });
        } else if trimmed.starts_with("background-color") {
            continue;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = highlight("rust", "fn main() {}\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn aliases_and_unknown_languages() {
        assert!(highlight("sh", "echo hi\n").is_some());
        assert!(highlight("yml", "a: 1\n").is_some());
        assert!(highlight("klingon", "qapla'\n").is_none());
        assert!(highlight("", "x\n").is_none());
    }

    #[test]
    fn stylesheet_scopes_both_palettes() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=light] .hl-"));
        assert!(css.contains("@media (prefers-color-scheme: light)"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(css.contains(":root[data-theme=dark] .hl-"));
    }
}
