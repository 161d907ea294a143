//! The intended module graph, enforced. Each module of `src/` may use only
//! the modules listed for it here; every `crate::…` path (grouped imports
//! included) is checked against the list. The pipeline runs forward
//! (load -> parse -> ideas::rule -> resolve -> render | index -> write);
//! `render` and `index` are siblings that meet only in `output`; commands,
//! serve, review, import, erase and the editing parts of the ideas and
//! content wings sit above the pipeline, and no stage uses them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules below everything: anyone may use them.
const FOUNDATION: &[&str] = &[
    "diag",
    "config",
    "clock",
    "slug",
    "hash",
    "content",
    "output",
    "ideas::status",
    "cache",
];

/// module -> the modules (besides itself and the foundation) it may use.
fn allowed() -> BTreeMap<&'static str, Vec<&'static str>> {
    let stages_up_to = |last: &str| -> Vec<&'static str> {
        let order = ["load", "parse", "ideas::rule", "resolve"];
        let end = order.iter().position(|s| *s == last).map_or(0, |i| i + 1);
        order[..end].to_vec()
    };
    let pipeline = [
        "load",
        "parse",
        "ideas::rule",
        "resolve",
        "render",
        "index",
        "write",
    ];
    let mut above: Vec<&'static str> = pipeline.to_vec();
    above.extend(["pipeline", "content::edit", "ideas"]);
    BTreeMap::from([
        // foundations use nothing but each other
        ("diag", vec![]),
        ("config", vec![]),
        ("clock", vec![]),
        ("slug", vec![]),
        ("hash", vec![]),
        ("output", vec![]),
        ("content", vec![]),
        ("ideas::status", vec![]),
        ("cache", vec![]),
        // the pipeline, forward only
        ("load", vec![]),
        ("parse", stages_up_to("load")),
        ("ideas::rule", stages_up_to("parse")),
        ("resolve", stages_up_to("ideas::rule")),
        // render compiles templates; reading the theme's files is load's
        ("render", vec!["parse", "ideas::rule", "resolve"]),
        ("index", stages_up_to("resolve")),
        ("write", vec![]),
        ("pipeline", pipeline.to_vec()),
        // editing content checks its result with the parser
        ("content::edit", vec!["load", "parse"]),
        ("ideas", {
            let mut v = pipeline.to_vec();
            v.extend(["pipeline", "content::edit"]);
            v
        }),
        ("erase", vec!["load", "parse", "content::edit"]),
        ("review", {
            let mut v = stages_up_to("resolve");
            v.extend(["content::edit"]);
            v
        }),
        ("import", {
            let mut v = above.clone();
            v.retain(|m| *m != "ideas");
            v
        }),
        ("serve", {
            let mut v = above.clone();
            v.push("cli");
            v
        }),
        // the command line on top of everything: parsed by cli, validated
        // once into a context by ctx
        ("cli", vec![]),
        ("ctx", vec!["cli", "resolve"]),
        ("cmd", {
            let mut v = above.clone();
            v.extend(["cli", "ctx", "serve", "review", "import", "erase", "cmd"]);
            v
        }),
        ("lib", vec!["cli", "ctx", "cmd"]),
        ("main", vec!["cli", "lib"]),
    ])
}

/// The module a source file belongs to: its first path component, with the
/// content and ideas wings split into their layers.
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let mut parts = rel.split('/');
    let first = parts.next().unwrap_or("");
    let second = parts.next().unwrap_or("");
    match (first, second) {
        ("content", "edit") => "content::edit".into(),
        ("ideas", "rule") => "ideas::rule".into(),
        ("ideas", "status") => "ideas::status".into(),
        _ => first.to_string(),
    }
}

/// The modules a `crate::…` path names, grouped imports included.
fn referenced(after_crate: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let name = |first: &str, rest: &str| -> String {
        let second = rest.strip_prefix("::").map(ident).unwrap_or_default();
        match (first, second.as_str()) {
            ("content", "edit") => "content::edit".into(),
            ("ideas", "rule") => "ideas::rule".into(),
            ("ideas", "status") => "ideas::status".into(),
            _ => first.to_string(),
        }
    };
    if let Some(group) = after_crate.strip_prefix('{') {
        let group = group.split('}').next().unwrap_or("");
        return group
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                let first = ident(item);
                name(&first, &item[first.len()..])
            })
            .collect();
    }
    let first = ident(after_crate);
    vec![name(&first, &after_crate[first.len()..])]
}

/// Every use of a module the graph does not allow, as `file:line: a uses b`.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let allowed = allowed();
    let known: BTreeSet<&str> = allowed.keys().copied().collect();
    let mut out = Vec::new();
    for (rel, text) in files {
        let module = module_of(rel);
        let Some(may) = allowed.get(module.as_str()) else {
            out.push(format!("{rel}: module `{module}` is not in the graph"));
            continue;
        };
        for (line_no, line) in text.lines().enumerate() {
            // unit tests (at the end of a file) may use anything
            if line.trim() == "#[cfg(test)]" {
                break;
            }
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (index, _) in line.match_indices("crate::") {
                // `townhall::crate::` does not occur; `$crate::` in macros is local
                if line[..index].ends_with('$') {
                    continue;
                }
                for used in referenced(&line[index + "crate::".len()..]) {
                    let is_module = known.contains(used.as_str())
                        || known.contains(used.split("::").next().unwrap_or(""));
                    let fine = !is_module
                        || used == module
                        || FOUNDATION.contains(&used.as_str())
                        || may.contains(&used.as_str());
                    if !fine {
                        out.push(format!("{rel}:{}: {module} uses {used}", line_no + 1));
                    }
                }
            }
        }
    }
    out
}

fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        files.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
    }
    files.sort();
    files
}

#[test]
fn every_module_uses_only_what_the_graph_allows() {
    let found = violations(&sources());
    assert!(
        found.is_empty(),
        "uses the module graph does not allow:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_planted_bad_import_is_caught() {
    let mut files = sources();
    let planted = [
        ("index/sitemap.rs", "use crate::render::Theme;"),
        ("render/mod.rs", "use crate::{load, output::Output};"),
        ("resolve/mod.rs", "let x = crate::cmd::build::run;"),
        ("parse/idea.rs", "use crate::ideas::triage::due;"),
        ("content/kinds.rs", "use crate::content::edit::verify;"),
    ];
    for (file, line) in planted {
        let entry = files.iter_mut().find(|(rel, _)| rel == file).unwrap();
        // at the top, before any unit tests
        entry.1 = format!("{line}\n{}", entry.1);
    }
    let found = violations(&files);
    for (expected, (file, _)) in [
        "index uses render",
        "render uses load",
        "resolve uses cmd",
        "parse uses ideas",
        "content uses content::edit",
    ]
    .iter()
    .zip(planted)
    {
        assert!(
            found
                .iter()
                .any(|v| v.starts_with(file) && v.ends_with(expected)),
            "{expected} in {file} not caught: {found:?}"
        );
    }
}

#[test]
fn a_new_top_level_module_must_join_the_graph() {
    let found = violations(&[("stray.rs".into(), "fn f() {}".into())]);
    assert_eq!(found, ["stray.rs: module `stray` is not in the graph"]);
}
