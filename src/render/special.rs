//! The pages that are not content: search, 404 and redirects.

use super::views::*;
use super::*;

impl Renderer<'_> {
    pub(super) fn search_job(&self) -> PageJob {
        let mut meta = self.meta(
            self.text("search"),
            &self.text_with("search_site", &[("site", &self.site.config.title)]),
            "/search/",
            "website",
            "search",
        );
        meta.noindex = true;
        PageJob {
            template: "search.html",
            path: "search/index.html".into(),
            meta,
            page: serde_json::Value::Null,
            breadcrumbs: Vec::new(),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    pub(super) fn not_found_job(&self) -> PageJob {
        let mut meta = self.meta(self.text("not_found"), "", "/404.html", "website", "");
        meta.noindex = true;
        PageJob {
            template: "404.html",
            path: "404.html".into(),
            meta,
            page: serde_json::Value::Null,
            breadcrumbs: Vec::new(),
            nav: None,
            json_ld: Vec::new(),
        }
    }

    pub(super) fn redirect(&self, from: &str, to: &str) -> Result<Output, Diagnostic> {
        let mut context = Context::new();
        context.insert("site", &self.site_view);
        context.insert(
            "page",
            &RedirectView {
                to: self.site.absolute(to),
            },
        );
        let html = self
            .tera
            .render("redirect.html", &context)
            .map_err(|e| theme::template_error(&e))?;
        let path = if from.ends_with('/') {
            Self::output_path(from)
        } else {
            from.trim_start_matches('/').to_string()
        };
        Ok(Output::Bytes {
            path,
            bytes: html.into_bytes(),
        })
    }
}
