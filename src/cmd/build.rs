//! `townhall build`: run the pipeline, and write only when there are no errors.

use super::report;
use crate::cache::{Cache, Warm};
use crate::cli::{BuildArgs, CacheArgs};
use crate::ctx::{Ctx, Failure};
use crate::output::Output;
use crate::{pipeline, write};
use std::path::Path;
use std::time::Instant;

pub(crate) fn run(ctx: &Ctx, args: &BuildArgs) -> Result<(), Failure> {
    let start = Instant::now();
    let root = &ctx.root;
    let today = ctx.today(args.today)?;
    let options = ctx.build_options(today, args.drafts, args.profile, args.base_url.as_deref())?;
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    ctx.site()?;
    write::check_output_dir(root, &output).map_err(|e| Failure::usage(e.to_string()))?;
    // Files stream into a staging folder as they are rendered; only a build
    // without errors is swapped into place.
    let cache = cache_at(root, &args.cache);
    let staging = write::Staging::create(&output, cache.is_some())
        .map_err(|e| Failure::usage(e.to_string()))?;
    // With the cache, the output is patched rather than replaced when it is
    // as the last build left it.
    let open = || {
        cache.as_ref().map(|cache| {
            let warm = open_warm(cache, false);
            attach_output_record(cache, &staging);
            warm
        })
    };
    let sink = |file: Output| staging.put(&file).map_err(|e| e.to_string());
    let (built, warm) = match pipeline::run(root, options, &sink, open) {
        Ok(built) => built,
        Err(diagnostics) => {
            staging.abandon();
            report(ctx, args.format, diagnostics.sorted());
            return Err(Failure::content_because("nothing was written"));
        }
    };
    let failed = built.diagnostics.has_errors();
    let diagnostics = built.diagnostics.sorted();
    if !args.quiet || !diagnostics.is_empty() {
        report(ctx, args.format, diagnostics);
    }
    if failed {
        staging.abandon();
        return Err(Failure::content_because(format!(
            "build failed; the previous output in {} is untouched",
            output.display()
        )));
    }
    // The cache is kept while the previous output is removed.
    let write_start = Instant::now();
    let keep = || {
        let keep_start = Instant::now();
        // with a cache there is always what it held (`open`)
        if let (Some(cache), Some(warm)) = (&cache, &warm) {
            keep_warm(cache, warm, &output);
        }
        keep_start.elapsed()
    };
    if let Some(cache) = &cache {
        cache.forget_output_record();
    }
    let (files, record, keep_time) = staging
        .commit_beside(keep)
        .map_err(|e| Failure::usage(e.to_string()))?;
    if let (Some(cache), Some(record)) = (&cache, record) {
        if let Err(e) = cache.keep_output_record(&record.encode()) {
            eprintln!(
                "note: cannot write the cache in {}: {e}",
                cache.path().display()
            );
        }
    }
    let write_time = write_start.elapsed();
    if args.verbose || args.timings {
        let after = [("write", write_time), ("keep", keep_time)];
        let stages = built.timings.stages.iter().chain(
            after
                .iter()
                .filter(|(name, _)| *name == "write" || cache.is_some()),
        );
        for (stage, time) in stages {
            eprintln!("  {stage:<8} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
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
    // The process ends here: freeing the site and the cache's tables one
    // allocation at a time would cost a large build tens of milliseconds
    // for nothing.
    std::mem::forget(built.site);
    std::mem::forget(warm);
    Ok(())
}

/// What earlier builds left in `cache`, the highlighted code carried into
/// the render, with the pages, parses and search documents (the files are
/// read side by side); `serving`: with `serve`'s pages rather than a
/// build's. Unusable ones are named in a note unless the highlighted code
/// was (the same cause, said once).
pub(crate) fn open_warm(cache: &Cache, serving: bool) -> Warm {
    let ((highlights, problem), (warm, warm_problem)) = rayon::join(
        || cache.highlights(),
        || match serving {
            true => cache.warm_serving(),
            false => cache.warm(),
        },
    );
    let noted = problem.is_some();
    note_cold(cache, problem);
    crate::render::carry_highlights_in(highlights);
    if let (Some(why), false) = (warm_problem, noted) {
        eprintln!(
            "note: not using the pages kept in {}: {why}; this build renders every page",
            cache.path().display()
        );
    }
    warm
}

/// Lets `staging` patch the output from the record the last build kept of
/// it. Without a usable record the output is replaced whole, as on a cold
/// build; that is worth no notice.
fn attach_output_record(cache: &Cache, staging: &write::Staging) {
    let record = cache
        .output_record()
        .ok()
        .and_then(|bytes| write::Record::decode(&bytes).ok());
    if let Some(record) = record {
        let _ = staging.attach(record);
    }
}

/// Keeps what a build with `warm` made for the next, once its output is in
/// `output`. A cache that cannot be written costs the next build time, not
/// this one its success.
pub(crate) fn keep_warm(cache: &Cache, warm: &Warm, output: &Path) {
    save_cache(cache, warm.pages.kept_any());
    if let Err(e) = cache.save_warm(warm, output) {
        eprintln!(
            "note: cannot keep the pages in {}: {e}",
            cache.path().display()
        );
    }
}

/// The cache folder of this build; `None` with `--no-cache`.
pub(crate) fn cache_at(root: &Path, args: &CacheArgs) -> Option<Cache> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache_dir
        .clone()
        .unwrap_or_else(|| root.join(".townhall").join("cache"));
    Some(Cache::new(dir))
}

fn note_cold(cache: &Cache, problem: Option<String>) {
    if let Some(why) = problem {
        eprintln!(
            "note: not using the cache in {}: {why}; this build starts cold and rewrites it",
            cache.path().display()
        );
    }
}

/// Keeps what this build highlighted for the next one. A cache that cannot
/// be written costs the next build time, not this one its success.
/// With `kept_pages`, the build kept pages rather than render them: the
/// blocks they show are kept too, though this build did not use them.
fn save_cache(cache: &Cache, kept_pages: bool) {
    let Some(highlights) = crate::render::carry_highlights_out() else {
        return;
    };
    if let Err(e) = highlights.save(cache, kept_pages) {
        eprintln!(
            "note: cannot write the cache in {}: {e}",
            cache.path().display()
        );
    }
}
