//! The pipeline runs forward: a stage may use only earlier stages and the
//! foundations (diag, config, clock, slug). This scans `use crate::…` lines
//! (and `crate::` paths) in src/ and fails on an upstream reference.

use std::path::Path;

const ORDER: &[&str] = &["load", "parse", "resolve", "render", "index", "write"];
const FOUNDATION: &[&str] = &["diag", "config", "clock", "slug"];

fn stage_of(path: &Path) -> Option<&'static str> {
    let rel = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string();
    ORDER
        .iter()
        .chain(FOUNDATION)
        .find(|s| **s == first)
        .copied()
}

#[test]
fn stages_only_reference_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Some(stage) = stage_of(entry.path()) else {
            continue;
        };
        let allowed: Vec<&str> = if FOUNDATION.contains(&stage) {
            FOUNDATION.to_vec()
        } else {
            let position = ORDER.iter().position(|s| *s == stage).unwrap();
            ORDER[..=position]
                .iter()
                .chain(FOUNDATION)
                .copied()
                .collect()
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (line_no, line) in text.lines().enumerate() {
            for (index, _) in line.match_indices("crate::") {
                let rest = &line[index + "crate::".len()..];
                let module: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let known = ORDER.contains(&module.as_str())
                    || FOUNDATION.contains(&module.as_str())
                    || module == "cmd"
                    || module == "pipeline"
                    || module == "cli"
                    || module == "import"
                    || module == "triage"
                    || module == "erase"
                    || module == "ideas_merge";
                if known && !allowed.contains(&module.as_str()) {
                    violations.push(format!(
                        "{}:{}: {stage} uses {module}",
                        entry.path().display(),
                        line_no + 1
                    ));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "upstream references:\n{}",
        violations.join("\n")
    );
}
