//! One file per command: arguments -> pipeline calls -> a summary line.

pub mod build;
pub mod init;

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
