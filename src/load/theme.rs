//! The theme's files: the default theme is embedded in the binary
//! (`include_dir!`, so debug and release builds are identical); a site's
//! `themes/<name>/` overrides it file by file, templates and static assets
//! alike, except the interface text (`i18n/<code>.toml`), which a site
//! overrides key by key: a site that rewords two labels keeps the rest, and
//! keeps getting the keys a newer townhall adds. `render` compiles what
//! this reads.

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
            let path = rel.to_string_lossy().replace('\\', "/");
            let bytes = match files.get(&path) {
                Some(default) if path.starts_with("i18n/") => with_default_texts(default, bytes),
                _ => bytes,
            };
            files.insert(path, bytes);
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

/// The static files of `files` (as `files` returns them) that are the
/// default theme's own, byte for byte: the scripts and stylesheets townhall
/// ships, which it may minify. A site's own or edited files are written as
/// they are.
pub(crate) fn unchanged_defaults(
    files: &BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeSet<String> {
    default_files()
        .into_iter()
        .filter(|(path, bytes)| {
            path.starts_with("static/") && files.get(path).is_some_and(|b| b.as_slice() == *bytes)
        })
        .map(|(path, _)| path)
        .collect()
}

/// A site's interface-text file with the default theme's keys it does not
/// set appended, so its own lines keep their line numbers in diagnostics.
/// A file that is not a TOML table of texts is kept as it is, for `render`
/// to report.
fn with_default_texts(default: &[u8], site: Vec<u8>) -> Vec<u8> {
    let parse = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
    };
    let (Some(defaults), Some(own)) = (parse(default), parse(&site)) else {
        return site;
    };
    let missing: toml::Table = defaults
        .into_iter()
        .filter(|(key, _)| !own.contains_key(key))
        .collect();
    let Ok(appended) = toml::to_string(&missing) else {
        return site;
    };
    if missing.is_empty() {
        return site;
    }
    let mut merged = site;
    if !merged.ends_with(b"\n") {
        merged.push(b'\n');
    }
    merged.extend_from_slice(b"\n# keys the lines above do not set, from the default theme\n");
    merged.extend_from_slice(appended.as_bytes());
    merged
}

#[cfg(test)]
mod tests {
    use super::with_default_texts;

    #[test]
    fn a_site_text_file_overrides_key_by_key() {
        let default = b"home = \"Home\"\nmenu = \"Menu\"\n";
        let merged = with_default_texts(default, b"home = \"Start\"".to_vec());
        let text = String::from_utf8(merged).unwrap();
        assert!(text.starts_with("home = \"Start\"\n"), "{text}");
        let table: toml::Table = text.parse().unwrap();
        assert_eq!(table["home"].as_str(), Some("Start"));
        assert_eq!(table["menu"].as_str(), Some("Menu"));
    }

    #[test]
    fn only_the_default_themes_own_files_may_be_minified() {
        let mut files: std::collections::BTreeMap<String, Vec<u8>> = super::default_files()
            .into_iter()
            .map(|(path, bytes)| (path, bytes.to_vec()))
            .collect();
        files.insert("static/townhall.js".into(), b"site();".to_vec());
        files.insert("static/extra.js".into(), b"extra();".to_vec());
        let minified = super::unchanged_defaults(&files);
        assert!(minified.contains("static/search.js"));
        assert!(!minified.contains("static/townhall.js"), "a site's edit");
        assert!(!minified.contains("static/extra.js"), "a site's own file");
        assert!(!minified.iter().any(|p| p.starts_with("templates/")));
    }

    #[test]
    fn a_broken_or_complete_file_is_kept_as_written() {
        let default = b"home = \"Home\"\n";
        for site in [&b"home = "[..], b"home = \"Start\"\n", b"\xff"] {
            assert_eq!(with_default_texts(default, site.to_vec()), site);
        }
    }
}
