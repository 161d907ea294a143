//! One file per command: arguments -> pipeline calls -> a summary line.

pub mod build;
pub mod check;
pub mod erase;
pub mod import;
pub mod init;
pub mod merge;
pub mod new;
pub mod search;
pub mod serve;
pub mod stats;
pub mod triage;

use crate::cli::{Cli, ColorChoice, FormatArg};
use crate::diag::{self, Diagnostic, Format};
use std::io::IsTerminal;

/// Prints diagnostics to stderr in the chosen format, with a count line
/// for people.
pub fn report(cli: &Cli, format: FormatArg, diagnostics: Vec<Diagnostic>) {
    if diagnostics.is_empty() {
        return;
    }
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !cli.no_color && std::io::stderr().is_terminal(),
    };
    let format = match format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut text = diag::render(&diagnostics, &cli.root, format, color);
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

/// Today's date from the flag, `SOURCE_DATE_EPOCH` or the clock; prints the
/// error and returns `None` when the environment value is unusable.
pub fn today_or_exit(cli: &Cli, flag: Option<crate::clock::Date>) -> Option<crate::clock::Date> {
    match crate::clock::today(flag, cli.source_date_epoch.as_deref()) {
        Ok((today, _)) => Some(today),
        Err(message) => {
            eprintln!("error: {message}");
            None
        }
    }
}

/// Whether `--root` holds a site; prints the error when it does not.
pub fn is_site(cli: &Cli) -> bool {
    if cli.root.join(crate::config::CONFIG_FILE).is_file() {
        return true;
    }
    eprintln!(
        "error: {} is not a townhall site (no site.toml)\n  = help: run `townhall init {}` to create one, or pass --root DIR",
        cli.root.display(),
        cli.root.display()
    );
    false
}

/// The site as the public build sees it (no drafts, no private pages), for
/// commands that report on it (`search`, `stats`); `Err` is the exit code.
pub fn public_site(cli: &Cli, today: crate::clock::Date) -> Result<crate::resolve::Site, u8> {
    if !is_site(cli) {
        return Err(crate::EXIT_USAGE);
    }
    let options = crate::resolve::BuildOptions {
        today,
        drafts: false,
        profile: crate::resolve::Profile::Public,
        base_url: None,
    };
    resolved_site(cli, options)
}

/// The resolved site for commands that read it without building
/// (`search`, `ideas triage`); content errors are reported and end the command.
pub fn resolved_site(
    cli: &Cli,
    options: crate::resolve::BuildOptions,
) -> Result<crate::resolve::Site, u8> {
    match crate::pipeline::resolve_only(&cli.root, options) {
        Ok((site, diagnostics)) if !diagnostics.has_errors() => Ok(site),
        Ok((_, diagnostics)) | Err(diagnostics) => {
            report(cli, FormatArg::Human, diagnostics.sorted());
            eprintln!("error: fix the errors above first");
            Err(crate::EXIT_CONTENT)
        }
    }
}
