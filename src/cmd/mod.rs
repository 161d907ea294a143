//! One file per command: arguments -> pipeline calls -> a summary line.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod erase;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod merge;
pub(crate) mod new;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod stats;
pub(crate) mod triage;

use crate::cli::FormatArg;
use crate::ctx::{Ctx, Failure};
use crate::diag::{self, Diagnostic, Format};

/// Prints diagnostics to stderr in the chosen format, with a count line
/// for people.
pub(crate) fn report(ctx: &Ctx, format: FormatArg, diagnostics: Vec<Diagnostic>) {
    if diagnostics.is_empty() {
        return;
    }
    let format = match format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut text = diag::render(&diagnostics, &ctx.root, format, ctx.color);
    if format == Format::Human {
        text.push_str(&count_line(errors, warnings));
    }
    eprint!("{text}");
}

fn count_line(errors: usize, warnings: usize) -> String {
    let part = |n: usize, word: &str| match n {
        0 => None,
        1 => Some(format!("1 {word}")),
        n => Some(format!("{n} {word}s")),
    };
    let parts: Vec<String> = [part(errors, "error"), part(warnings, "warning")]
        .into_iter()
        .flatten()
        .collect();
    format!("{}\n", parts.join(", "))
}

/// The site as the public build sees it (no drafts, no private pages), for
/// commands that report on it (`search`, `stats`).
pub(crate) fn public_site(
    ctx: &Ctx,
    today: crate::clock::Date,
) -> Result<crate::resolve::Site, Failure> {
    ctx.site()?;
    let options = crate::resolve::BuildOptions {
        today,
        drafts: false,
        profile: crate::resolve::Profile::Public,
        base_url: None,
    };
    resolved_site(ctx, options)
}

/// The resolved site for commands that read it without building
/// (`search`, `ideas triage`); content errors are reported and end the command.
pub(crate) fn resolved_site(
    ctx: &Ctx,
    options: crate::resolve::BuildOptions,
) -> Result<crate::resolve::Site, Failure> {
    match crate::pipeline::resolve_only(&ctx.root, options) {
        Ok((site, diagnostics)) if !diagnostics.has_errors() => Ok(site),
        Ok((_, diagnostics)) | Err(diagnostics) => {
            report(ctx, FormatArg::Human, diagnostics.sorted());
            Err(Failure::content_because("fix the errors above first"))
        }
    }
}
