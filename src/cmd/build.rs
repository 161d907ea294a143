//! `townhall build`: run the pipeline, and write only when there are no errors.

use super::report;
use crate::cli::{BuildArgs, Cli, ProfileArg};
use crate::output::Output;
use crate::resolve::{BuildOptions, Profile};
use crate::{pipeline, write, EXIT_CONTENT, EXIT_USAGE};
use std::time::Instant;

pub fn run(cli: &Cli, args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let root = &cli.root;
    let Some(today) = super::today_or_exit(cli, args.today) else {
        return EXIT_USAGE;
    };
    if let Some(url) = &args.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            eprintln!("error: --base-url `{url}` is not an absolute http(s) URL");
            return EXIT_USAGE;
        }
    }
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    if let Err(e) = write::check_output_dir(root, &output) {
        eprintln!("error: {e}");
        return EXIT_USAGE;
    }
    let options = BuildOptions {
        today,
        drafts: args.drafts,
        profile: match args.profile {
            ProfileArg::Public => Profile::Public,
            ProfileArg::Internal => Profile::Internal,
        },
        base_url: args.base_url.clone(),
    };
    // Files stream into a staging folder as they are rendered; only a build
    // without errors is swapped into place.
    let staging = match write::Staging::create(&output) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let sink = |file: Output| staging.put(&file).map_err(|e| e.to_string());
    let built = match pipeline::run(root, options, &sink) {
        Ok(built) => built,
        Err(diagnostics) => {
            staging.abandon();
            report(cli, args.format, diagnostics.sorted());
            eprintln!("error: nothing was written");
            return EXIT_CONTENT;
        }
    };
    let failed = built.diagnostics.has_errors();
    let diagnostics = built.diagnostics.sorted();
    if !args.quiet || !diagnostics.is_empty() {
        report(cli, args.format, diagnostics);
    }
    if failed {
        staging.abandon();
        eprintln!(
            "error: build failed; the previous output in {} is untouched",
            output.display()
        );
        return EXIT_CONTENT;
    }
    let write_start = Instant::now();
    let files = match staging.commit() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let write_time = write_start.elapsed();
    if args.verbose || args.timings {
        for (stage, time) in &built.timings.stages {
            eprintln!("  {stage:<8} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "  {:<8} {:>8.1} ms",
            "write",
            write_time.as_secs_f64() * 1000.0
        );
    }
    if !args.quiet {
        let site = &built.site;
        println!(
            "built {} guides in {} sections, {} tag pages, {} redirects ({} files) into {} in {:.2}s",
            site.guides.len(),
            site.sections.len(),
            site.tags.len(),
            site.redirects.len(),
            files,
            output.display(),
            start.elapsed().as_secs_f64()
        );
    }
    0
}
