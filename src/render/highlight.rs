//! Build-time syntax highlighting into CSS classes (no inline styles), with
//! one light and one dark stylesheet generated per build. A span carries
//! only the classes some rule of that stylesheet can match, and a scope no
//! rule can match gets no span at all (see [`ClassFilter`]). The syntax set
//! is two-face's extended one (syntect's grammars plus bat's: TOML,
//! Dockerfile, TypeScript, Terraform and more), loaded once per process; highlighted blocks are cached by language and
//! content, so a snippet repeated across pages (or across `serve` rebuilds)
//! is highlighted once. The cache is bounded: a large site's blocks are
//! mostly unique, and keeping them all would cost more memory than the
//! whole rendered page set in flight.
//!
//! (Over 600 lines only with its unit tests.)

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle};
use syntect::parsing::{
    BasicScopeStackOp, ClearAmount, ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference,
    SyntaxSet,
};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Highlighted HTML kept at most, in bytes.
const CACHE_BUDGET: usize = 8 << 20;

#[derive(Default)]
struct Cache {
    blocks: HashMap<(String, u64), Option<String>>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Cache::default()));

/// The persistent cache's blocks (`crate::cache::Memo`, `highlight.bin`)
/// while a build carries them: what earlier builds highlighted, and what
/// this one adds. An entry is 1 byte (1 highlighted, 0 no grammar) and
/// the inner HTML.
static CARRIED: LazyLock<Mutex<Option<crate::cache::Memo>>> = LazyLock::new(|| Mutex::new(None));

/// Starts carrying the persistent cache's blocks.
pub(crate) fn carry_in(memo: crate::cache::Memo) {
    if let Ok(mut carried) = CARRIED.lock() {
        *carried = Some(memo);
    }
}

/// Stops carrying the blocks: the memo, to save for the next build.
pub(crate) fn carry_out() -> Option<crate::cache::Memo> {
    CARRIED.lock().ok()?.take()
}

/// A block as the memo keeps it; `None` for bytes it did not make.
fn decode_block(bytes: &[u8]) -> Option<Option<String>> {
    let (flag, html) = bytes.split_first()?;
    let html = std::str::from_utf8(html).ok()?;
    match flag {
        1 => Some(Some(html.to_string())),
        0 => Some(None),
        _ => None,
    }
}

fn encode_block(html: Option<&str>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(html.map_or(0, str::len) + 1);
    bytes.push(u8::from(html.is_some()));
    bytes.extend_from_slice(html.unwrap_or("").as_bytes());
    bytes
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim();
    if lang.is_empty() {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "sh" | "shell" | "zsh" | "console" => "bash",
        "yml" => "yaml",
        "javascript" | "jsx" | "mjs" | "cjs" => "js",
        "typescript" => "ts",
        "jsonc" | "json5" => "json",
        "rs" => "rust",
        "py" => "python",
        "md" => "markdown",
        "docker" | "containerfile" => "dockerfile",
        "terraform" | "hcl" => "tf",
        "golang" => "go",
        other => other,
    };
    let set = &*SYNTAXES;
    set.find_syntax_by_token(&lower)
        .or_else(|| set.find_syntax_by_token(alias))
        .or_else(|| set.find_syntax_by_name(lang))
}

/// The highlighted inner HTML of a code block (`<span class="hl-…">` runs),
/// or `None` when the language is unknown (the caller renders plain code).
pub(super) fn highlight(lang: &str, code: &str) -> Option<String> {
    let syntax = find_syntax(lang)?;
    let carried_key = match CARRIED.lock() {
        Ok(carried) => carried.as_ref().map(|memo| {
            let key = crate::cache::block_key(&syntax.name, code);
            (key, memo.get(key).and_then(decode_block))
        }),
        Err(_) => None,
    };
    let carried_key = match carried_key {
        Some((_, Some(hit))) => return hit,
        Some((key, None)) => Some(key),
        None => None,
    };
    let key = (syntax.name.clone(), hash(code));
    if let Ok(cache) = CACHE.lock() {
        if let Some(hit) = cache.blocks.get(&key) {
            return hit.clone();
        }
    }
    let html = LINES.with(|memo| highlight_lines(syntax, code, &mut memo.borrow_mut()));
    if let (Some(carried_key), Ok(carried)) = (carried_key, CARRIED.lock()) {
        if let Some(memo) = carried.as_ref() {
            memo.put(carried_key, encode_block(html.as_deref()));
        }
    }
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
/// once per (state, line) and replayed after that.
#[derive(Default)]
struct LineMemo {
    by_text: HashMap<u64, Vec<LineEntry>>,
    entries: usize,
    /// Lines met once: a line is kept only when it comes round again, so
    /// the one-off lines (most of them) cost neither a copy nor memory.
    seen: HashSet<u64>,
    classes: ClassFilter,
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
        let (line_html, delta) = line_spans(line, &ops, &mut stack, &mut memo.classes)?;
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

/// One line's HTML, and how many spans it leaves open (or closes, if
/// negative). This is syntect's `line_tokens_to_classed_spans` with the
/// classes filtered: a scope gets a span only if the filter gives it
/// classes, and a span left empty is dropped.
fn line_spans(
    line: &str,
    ops: &[(usize, ScopeStackOp)],
    stack: &mut ScopeStack,
    classes: &mut ClassFilter,
) -> Option<(String, isize)> {
    let mut html = String::with_capacity(line.len() + ops.len() * 8);
    let mut cursor = 0;
    let mut delta = 0isize;
    let mut span_empty = false;
    let mut span_start = 0;
    let mut popped = Vec::new();
    for (at, op) in ops {
        if *at > cursor {
            span_empty = false;
            super::markdown::push_escaped(&mut html, line.get(cursor..*at)?);
            cursor = *at;
        }
        // Which of the scopes this op pops had a span, top first: the hook
        // below only hears that a scope went, not which.
        let depth = stack.len();
        let pops = match op {
            ScopeStackOp::Pop(n) => (*n).min(depth),
            ScopeStackOp::Clear(ClearAmount::TopN(n)) => (*n).min(depth),
            ScopeStackOp::Clear(ClearAmount::All) => depth,
            _ => 0,
        };
        popped.clear();
        for scope in stack.as_slice().iter().rev().take(pops) {
            popped.push(classes.of(*scope).is_some());
        }
        let mut popped = popped.iter();
        stack
            .apply_with_hook(op, |basic, _| match basic {
                BasicScopeStackOp::Push(scope) => {
                    if let Some(class) = classes.of(scope) {
                        span_start = html.len();
                        span_empty = true;
                        html.push_str("<span class=\"");
                        html.push_str(class);
                        html.push_str("\">");
                        delta += 1;
                    }
                }
                BasicScopeStackOp::Pop => {
                    if popped.next() == Some(&true) {
                        if span_empty {
                            html.truncate(span_start);
                        } else {
                            html.push_str("</span>");
                        }
                        delta -= 1;
                        span_empty = false;
                    }
                }
            })
            .ok()?;
    }
    super::markdown::push_escaped(&mut html, line.get(cursor..)?);
    Some((html, delta))
}

/// The classes each scope's span carries. The stylesheet's selectors are
/// made of compounds such as `.hl-punctuation.hl-definition`, and a compound
/// matches a span when the span has all of its classes. So a span needs
/// exactly the classes of the compounds its scope could match: with those
/// it matches the same compounds (and so the same rules, descendant
/// selectors included) as with every atom of its scope, and with none of
/// them it matches nothing and is left out. Language names and most
/// structural atoms are never styled; dropping them halves the size of
/// highlighted code.
#[derive(Default)]
struct ClassFilter {
    by_scope: HashMap<Scope, Option<Box<str>>>,
}

impl ClassFilter {
    fn of(&mut self, scope: Scope) -> Option<&str> {
        self.by_scope
            .entry(scope)
            .or_insert_with(|| classes_for(&scope.build_string(), &COMPOUNDS))
            .as_deref()
    }
}

/// Every compound of class selectors in the stylesheet, as atom lists.
static COMPOUNDS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| selector_compounds(&stylesheet()));

fn selector_compounds(css: &str) -> Vec<Vec<String>> {
    let mut compounds: Vec<Vec<String>> = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find(".hl-") {
        let mut atoms = Vec::new();
        let mut tail = &rest[at..];
        while let Some(after) = tail.strip_prefix(".hl-") {
            let (atom, left) = css_identifier(after);
            atoms.push(atom);
            tail = left;
        }
        rest = tail;
        if !compounds.contains(&atoms) {
            compounds.push(atoms);
        }
    }
    compounds
}

/// A CSS identifier at the start of `text`, unescaped, and the text after it.
fn css_identifier(text: &str) -> (String, &str) {
    let mut atom = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => atom.push(escaped),
                None => return (atom, ""),
            },
            c if c.is_alphanumeric() || c == '-' || c == '_' => atom.push(c),
            _ => return (atom, &text[at..]),
        }
    }
    (atom, "")
}

/// The `hl-` classes a scope named `scope` (`a.b.c`) needs, in scope order.
fn classes_for(scope: &str, compounds: &[Vec<String>]) -> Option<Box<str>> {
    let atoms: Vec<&str> = scope.split('.').collect();
    let matched: Vec<&Vec<String>> = compounds
        .iter()
        .filter(|compound| compound.iter().all(|a| atoms.contains(&a.as_str())))
        .collect();
    let kept: Vec<String> = atoms
        .iter()
        .filter(|atom| matched.iter().any(|c| c.iter().any(|a| a == *atom)))
        .map(|atom| format!("hl-{atom}"))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" ").into_boxed_str())
}

fn hash(text: &str) -> u64 {
    crate::hash::stable_hash(text.as_bytes())
}

/// The stylesheet for highlighted code: a light palette, a dark palette for
/// `prefers-color-scheme: dark`, and both forced by `data-theme` on `<html>`.
/// Made once per process (loading syntect's themes is not free, and `serve`
/// asks for it on every save).
pub(super) fn stylesheet() -> String {
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
    let light = format!("{light}{LIGHT_EXTRA}");
    let dark = format!("{dark}{DARK_EXTRA}");
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

/// Colours for scopes of the extended grammars (and of Markdown) that the
/// two generated palettes leave plain: TOML table names, Markdown headings,
/// emphasis, inline code, links and quotes. Every colour meets 4.5:1 on the
/// code background (`--code-bg`) of its palette.
const LIGHT_EXTRA: &str = "
.hl-entity.hl-name.hl-table {
 color: #6f42c1;
 font-weight: bold;
}
.hl-markup.hl-heading {
 color: #0550ae;
 font-weight: bold;
}
.hl-markup.hl-bold {
 font-weight: bold;
}
.hl-markup.hl-italic {
 font-style: italic;
}
.hl-markup.hl-raw {
 color: #953800;
}
.hl-markup.hl-underline.hl-link {
 color: #0969da;
}
.hl-markup.hl-quote {
 color: #636c76;
 font-style: italic;
}
";

/// The dark counterpart of [`LIGHT_EXTRA`], in base16-ocean's colours.
const DARK_EXTRA: &str = "
.hl-entity.hl-name.hl-table {
 color: #c594c5;
 font-weight: bold;
}
.hl-markup.hl-heading {
 color: #8fa1b3;
 font-weight: bold;
}
.hl-markup.hl-bold {
 font-weight: bold;
}
.hl-markup.hl-italic {
 font-style: italic;
}
.hl-markup.hl-raw {
 color: #99c794;
}
.hl-markup.hl-underline.hl-link {
 color: #6699cc;
}
.hl-markup.hl-quote {
 color: #a7adba;
 font-style: italic;
}
";

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

    const SNIPPETS: [(&str, &str); 7] = [
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
        (
            "js",
            "const a = `x\n${b}\n`;\n}\nlet d = new Date(); // <now> & 'then'\n",
        ),
        ("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n"),
    ];

    #[test]
    fn replayed_lines_give_the_same_bytes_as_fresh_ones() {
        let mut memo = LineMemo::default();
        // Twice over, so the second pass is served from the memo and lines
        // recur under different states (inside a comment, a string, a heredoc).
        for _ in 0..2 {
            for (lang, code) in SNIPPETS {
                let syntax = find_syntax(lang).unwrap();
                let replayed = highlight_lines(syntax, code, &mut memo).unwrap();
                let fresh = highlight_lines(syntax, code, &mut LineMemo::default()).unwrap();
                assert_eq!(replayed, fresh, "{lang}: {code}");
            }
        }
        assert!(memo.entries > 0);
    }

    /// For each character of the code, outermost first, the stylesheet
    /// compounds each enclosing span matches (spans matching none left out):
    /// what decides the character's colour.
    fn styling(html: &str) -> Vec<(char, Vec<Vec<usize>>)> {
        let compounds = &*COMPOUNDS;
        let mut open: Vec<Vec<usize>> = Vec::new();
        let mut out = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(tail) = rest.strip_prefix("<span class=\"") {
                let end = tail.find("\">").unwrap();
                let classes: Vec<&str> = tail[..end]
                    .split(' ')
                    .map(|c| c.strip_prefix("hl-").unwrap())
                    .collect();
                open.push(
                    (0..compounds.len())
                        .filter(|&i| compounds[i].iter().all(|a| classes.contains(&a.as_str())))
                        .collect(),
                );
                rest = &tail[end + 2..];
            } else if let Some(tail) = rest.strip_prefix("</span>") {
                open.pop().unwrap();
                rest = tail;
            } else {
                let c = rest.chars().next().unwrap();
                let context = open.iter().filter(|m| !m.is_empty()).cloned().collect();
                out.push((c, context));
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    fn syntect_reference(lang: &str, code: &str) -> String {
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
    fn every_character_is_styled_as_with_all_of_syntects_classes() {
        for (lang, code) in SNIPPETS {
            let ours = highlight(lang, code).unwrap();
            let full = syntect_reference(lang, code);
            assert_eq!(styling(&ours), styling(&full), "{lang}: {ours}");
            assert!(ours.len() < full.len(), "{lang}");
        }
    }

    #[test]
    fn unstyled_atoms_and_scopes_are_left_out() {
        let compounds = vec![
            vec!["comment".to_string()],
            vec!["entity".into(), "name".into(), "js".into()],
        ];
        assert_eq!(
            classes_for("comment.line.double-slash.rust", &compounds).as_deref(),
            Some("hl-comment")
        );
        assert_eq!(
            classes_for("entity.name.function.js", &compounds).as_deref(),
            Some("hl-entity hl-name hl-js")
        );
        assert_eq!(classes_for("entity.name.function.rust", &compounds), None);
        assert_eq!(classes_for("source.rust", &compounds), None);
        let html = highlight("rust", "fn main() {}\n").unwrap();
        assert!(
            !html.contains("hl-rust") && !html.contains("hl-source"),
            "{html}"
        );
    }

    #[test]
    fn selector_compounds_are_read_with_their_escapes() {
        let css = ":root[data-theme=dark] .hl-a.hl-b .hl-c\\+\\+, .hl-d {\n color: #fff;\n}\n";
        assert_eq!(
            selector_compounds(css),
            vec![vec!["a", "b"], vec!["c++"], vec!["d"]]
        );
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
    fn grammars_syntect_lacks_are_highlighted() {
        for (lang, code) in [
            ("toml", "# settings\n[site]\ntitle = \"x\"\nport = 8080\n"),
            (
                "dockerfile",
                "FROM debian:13\nRUN apt-get update # refresh\n",
            ),
            ("ts", "const n: number = 1; // one\n"),
            ("typescript", "interface A { b: string }\n"),
            (
                "terraform",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\" # name\n}\n",
            ),
        ] {
            let html = highlight(lang, code).unwrap_or_else(|| panic!("{lang} is not known"));
            assert!(
                html.matches("<span class=\"hl-").count() >= 2,
                "{lang}: {html}"
            );
        }
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
