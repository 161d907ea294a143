//! Build-time syntax highlighting into CSS classes (no inline styles), with
//! one light and one dark stylesheet generated per build. The syntax set is
//! loaded once per process; highlighted blocks are cached by language and
//! content, so a snippet repeated across pages (or across `serve` rebuilds)
//! is highlighted once. The cache is bounded: a large site's blocks are
//! mostly unique, and keeping them all would cost more memory than the
//! whole rendered page set in flight.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Highlighted HTML kept at most, in bytes.
const CACHE_BUDGET: usize = 8 << 20;

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
    let html = LINES.with(|memo| highlight_lines(syntax, code, &mut memo.borrow_mut()));
    if let Ok(mut cache) = CACHE.lock() {
        let size = html.as_ref().map_or(0, String::len);
        if cache.bytes + size <= CACHE_BUDGET {
            cache.bytes += size;
            cache.blocks.insert(key, html.clone());
        }
    }
    html
}

/// Line entries kept per thread before the memo starts over.
const LINE_MEMO_ENTRIES: usize = 20_000;
/// Line hashes remembered per thread before that record starts over.
const LINE_MEMO_SEEN: usize = 1 << 20;

thread_local! {
    static LINES: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// Highlighting is line by line: a line's HTML and the state after it depend
/// only on the line's text and the parser and scope state before it. Code
/// across a documentation site repeats lines (imports, braces, `done`, shared
/// boilerplate) far more often than whole blocks, so the regex work is done
/// once per (state, line) and replayed after that. Same bytes as syntect's
/// `ClassedHTMLGenerator`, which this mirrors.
#[derive(Default)]
struct LineMemo {
    by_text: HashMap<u64, Vec<LineEntry>>,
    entries: usize,
    /// Lines met once: a line is kept only when it comes round again, so
    /// the one-off lines (most of them) cost neither a copy nor memory.
    seen: HashSet<u64>,
}

struct LineEntry {
    line: Box<str>,
    before: (ParseState, ScopeStack),
    after: (ParseState, ScopeStack),
    html: Box<str>,
    open_spans: isize,
}

impl LineMemo {
    fn find(
        &self,
        key: u64,
        line: &str,
        state: &ParseState,
        stack: &ScopeStack,
    ) -> Option<&LineEntry> {
        self.by_text.get(&key)?.iter().find(|entry| {
            &*entry.line == line && entry.before.0 == *state && entry.before.1 == *stack
        })
    }

    /// Whether a line missing from the memo is worth keeping: it was seen before.
    fn worth_keeping(&mut self, key: u64) -> bool {
        if self.seen.len() >= LINE_MEMO_SEEN {
            self.seen.clear();
        }
        !self.seen.insert(key)
    }

    fn insert(&mut self, key: u64, entry: LineEntry) {
        if self.entries >= LINE_MEMO_ENTRIES {
            self.by_text.clear();
            self.entries = 0;
        }
        self.entries += 1;
        self.by_text.entry(key).or_default().push(entry);
    }
}

fn highlight_lines(syntax: &SyntaxReference, code: &str, memo: &mut LineMemo) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 4);
    let mut open_spans = 0isize;
    for line in LinesWithEndings::from(code) {
        let key = hash(line);
        if let Some(entry) = memo.find(key, line, &state, &stack) {
            html.push_str(&entry.html);
            open_spans += entry.open_spans;
            state.clone_from(&entry.after.0);
            stack.clone_from(&entry.after.1);
            continue;
        }
        let before = memo
            .worth_keeping(key)
            .then(|| (state.clone(), stack.clone()));
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let (line_html, delta) =
            line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut stack).ok()?;
        html.push_str(&line_html);
        open_spans += delta;
        if let Some(before) = before {
            memo.insert(
                key,
                LineEntry {
                    line: line.into(),
                    before,
                    after: (state.clone(), stack.clone()),
                    html: line_html.into_boxed_str(),
                    open_spans: delta,
                },
            );
        }
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
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

    fn reference(lang: &str, code: &str) -> String {
        use syntect::html::ClassedHTMLGenerator;
        let syntax = find_syntax(lang).unwrap();
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn replayed_lines_give_the_same_bytes_as_syntect() {
        let snippets = [
            (
                "rust",
                "use std::fmt;\n/* open\nfn main() {}\n*/\nfn main() {}\n",
            ),
            ("rust", "fn main() {}\nlet s = \"a\nfn main() {}\n\";\n"),
            (
                "python",
                "def f():\n    \"\"\"doc\n    return 1\n    \"\"\"\n    return 1\n",
            ),
            (
                "bash",
                "for i in 1 2; do\n  echo \"$i\"\ndone\ncat <<EOF\ndone\nEOF\ndone\n",
            ),
            ("yaml", "a:\n  - b: |\n      done\n  - c\ndone: 1\n"),
            ("js", "const a = `x\n${b}\n`;\n}\n"),
        ];
        let mut memo = LineMemo::default();
        // Twice over, so the second pass is served from the memo and lines
        // recur under different states (inside a comment, a string, a heredoc).
        for _ in 0..2 {
            for (lang, code) in snippets {
                let syntax = find_syntax(lang).unwrap();
                let ours = highlight_lines(syntax, code, &mut memo).unwrap();
                assert_eq!(ours, reference(lang, code), "{lang}: {code}");
            }
        }
        assert!(memo.entries > 0);
    }

    #[test]
    fn the_line_memo_starts_over_when_full() {
        let mut memo = LineMemo::default();
        let syntax = find_syntax("rust").unwrap();
        let code: String = (0..LINE_MEMO_ENTRIES + 10)
            .map(|i| format!("let x{i} = {i};\n"))
            .collect();
        highlight_lines(syntax, &code, &mut memo).unwrap();
        assert!(memo.entries <= LINE_MEMO_ENTRIES);
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
