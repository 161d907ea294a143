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
    // The rendered files themselves are not needed.
    let (site, mut diagnostics) = match pipeline::run(&cli.root, options, &|_| Ok(())) {
        Ok(built) => (Some(built.site), built.diagnostics),
        Err(diagnostics) => (None, diagnostics),
    };
    let mut review = None;
    if let (Some(base), Some(site)) = (&args.base, &site) {
        match crate::review::review(&cli.root, base, site) {
            Ok(r) => {
                diagnostics.extend(r.diagnostics.clone());
                review = Some(r);
            }
            Err(message) => {
                eprintln!("error: cannot review against `{base}`: {message}");
                return EXIT_USAGE;
            }
        }
    }
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
    let sorted = diagnostics.sorted();
    if let Some(review) = &review {
        if args.format == FormatArg::Human {
            println!("changes against {}:", review.base);
            for c in &review.changes {
                println!(
                    "  {:<8} {:<8} {}",
                    c.kind.label(),
                    c.content,
                    c.path.display()
                );
            }
            for t in &review.transitions {
                println!(
                    "  idea {}: {} -> {} ({} net votes)",
                    t.path.display(),
                    t.from.as_str(),
                    t.to.as_str(),
                    t.net
                );
            }
        }
        if let Some(path) = &args.summary {
            if let Err(e) = std::fs::write(path, crate::review::summary(review, &sorted)) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_USAGE;
            }
        }
    }
    report(cli, args.format, sorted);
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
