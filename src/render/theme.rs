//! The theme compiled: its templates into Tera, its static files as
//! assets. Which files make the theme (the embedded default overridden by
//! a site's `themes/<name>/`) is `load::theme`'s business.

use crate::diag::{Code, Diagnostic};
use std::collections::BTreeMap;
use tera::Tera;

pub struct Theme {
    pub tera: Tera,
    /// Output path (relative to the output root, under `assets/`) -> bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Compiles the theme's files (as `load::theme::files` reads them):
    /// templates into Tera, static files as assets.
    pub fn compile(name: &str, files: BTreeMap<String, Vec<u8>>) -> Result<Theme, Vec<Diagnostic>> {
        let theme_name = name;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(super::markdown::escape_attr);
        tera.register_function("bar_chart", super::chart::tera_bar_chart);
        let mut templates = Vec::new();
        let mut assets = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for (path, bytes) in files {
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
pub(crate) fn template_error(error: &tera::Error) -> Diagnostic {
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
