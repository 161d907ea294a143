//! `townhall check`: every validation of `build`, nothing written.

use super::report;
use crate::cli::{CheckArgs, Cli, FormatArg, ProfileArg};
use crate::diag::{Code, Severity};
use crate::resolve::{BuildOptions, Profile};
use crate::{pipeline, EXIT_CONTENT, EXIT_USAGE};

pub fn run(cli: &Cli, args: &CheckArgs) -> u8 {
    let Some(today) = super::today_or_exit(cli, args.today) else {
        return EXIT_USAGE;
    };
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    let options = BuildOptions {
        today,
        // check everything a build could publish
        drafts: args.drafts,
        profile: match args.profile {
            ProfileArg::Public => Profile::Public,
            ProfileArg::Internal => Profile::Internal,
        },
        base_url: None,
    };
    // Rendering is part of checking: a template error fails a build too.
    let diagnostics = match pipeline::run(&cli.root, options) {
        Ok(built) => built.diagnostics,
        Err(diagnostics) => diagnostics,
    };
    // `build` publishes an idea whose recorded timeline skips a step or runs
    // backwards (with a warning); the reviewer's tool enforces the workflow.
    let diagnostics: crate::diag::Diagnostics = diagnostics
        .into_iter()
        .map(|mut d| {
            if matches!(d.code, Code::IDEA_HISTORY | Code::IDEA_TRANSITION) {
                d.severity = Severity::Error;
            }
            d
        })
        .collect();
    let failed = diagnostics.has_errors();
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    report(cli, args.format, diagnostics.sorted());
    if args.format == FormatArg::Human {
        if failed {
            eprintln!("check failed: {errors} errors, {warnings} warnings");
        } else {
            println!("check passed ({warnings} warnings)");
        }
    }
    if failed {
        EXIT_CONTENT
    } else {
        0
    }
}
