//! The theme's files: the default theme is embedded in the binary
//! (`include_dir!`, so debug and release builds are identical); a site's
//! `themes/<name>/` overrides it file by file, templates and static assets
//! alike. `render` compiles what this reads.

use crate::diag::{Code, Diagnostic};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::Path;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of the embedded default theme (used by `init --theme`, too).
pub(crate) fn default_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    collect(&DEFAULT_THEME, &mut files);
    files.sort();
    files
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        out.push((
            file.path().to_string_lossy().replace('\\', "/"),
            file.contents(),
        ));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The default theme's files with `root/themes/<name>/` over them, by path
/// inside the theme (`templates/base.html`, `static/style.css`).
pub(crate) fn files(root: &Path, name: &str) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, Vec<u8>> = default_files()
        .into_iter()
        .map(|(path, bytes)| (path, bytes.to_vec()))
        .collect();
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&theme_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                vec![Diagnostic::error(
                    Code::UNREADABLE,
                    theme_dir.strip_prefix(root).unwrap_or(&theme_dir),
                    format!("cannot read the theme: {e}"),
                )]
            })?;
            if !entry.file_type().is_file()
                || super::is_ignored(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&theme_dir)
                .unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                vec![Diagnostic::error(
                    Code::UNREADABLE,
                    entry.path().strip_prefix(root).unwrap_or(entry.path()),
                    format!("cannot read theme file: {e}"),
                )]
            })?;
            files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
        }
    } else if name != "default" {
        return Err(vec![Diagnostic::error(
            Code::CONFIG,
            crate::config::CONFIG_FILE,
            format!("theme `{name}` not found: there is no themes/{name}/ folder"),
        )
        .hint("set `theme = \"default\"` or create the folder")]);
    }
    Ok(files)
}
