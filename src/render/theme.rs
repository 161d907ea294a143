//! The theme: the default theme is embedded in the binary (`include_dir!`,
//! so debug and release builds are identical); a site's `themes/<name>/`
//! overrides it file by file, templates and static assets alike.

use crate::diag::{Code, Diagnostic};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    pub tera: Tera,
    /// Output path (relative to the output root, under `assets/`) -> bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// Every file of the embedded default theme (used by `init --theme`, too).
pub fn default_files() -> Vec<(String, &'static [u8])> {
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

impl Theme {
    /// Loads the default theme, then `root/themes/<name>/` over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
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
                    || crate::load::is_ignored(&entry.file_name().to_string_lossy())
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

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(super::markdown::escape_attr);
        let mut templates = Vec::new();
        let mut assets = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for (path, bytes) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((name.to_string(), text)),
                    Err(_) => diagnostics.push(Diagnostic::error(
                        Code::NOT_UTF8,
                        format!("themes/{}/{path}", theme_label(name)),
                        "template is not valid UTF-8",
                    )),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                assets.insert(format!("assets/{name}"), bytes);
            }
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            diagnostics.push(template_error(&e));
        }
        if diagnostics.is_empty() {
            Ok(Theme { tera, assets })
        } else {
            Err(diagnostics)
        }
    }
}

fn theme_label(name: &str) -> &str {
    name
}

/// A Tera error with its whole cause chain (the useful part is at the end).
pub fn template_error(error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::error(Code::TEMPLATE, "themes", message)
        .hint("fix the template named above; the default templates are in townhall's themes/default/templates/")
}
