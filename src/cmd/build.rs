//! `townhall build`: run the pipeline, and write only when there are no errors.

use super::report;
use crate::cache::{Cache, Pages};
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
    let staging = write::Staging::create(&output).map_err(|e| Failure::usage(e.to_string()))?;
    let opened = open_cache_noting(root, &args.cache);
    let pages = opened
        .as_ref()
        .map(|(cache, noted)| open_pages(cache, *noted));
    let cache = opened.map(|(cache, _)| cache);
    let sink = |file: Output| staging.put(&file).map_err(|e| e.to_string());
    let built = match pipeline::run(root, options, &sink, pages.as_ref()) {
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
    let write_start = Instant::now();
    let files = staging
        .commit()
        .map_err(|e| Failure::usage(e.to_string()))?;
    let write_time = write_start.elapsed();
    if let Some(cache) = &cache {
        save_cache(cache, pages.as_ref().is_some_and(Pages::kept_any));
    }
    if let (Some(cache), Some(pages)) = (&cache, &pages) {
        if let Err(e) = pages.save(&output) {
            eprintln!(
                "note: cannot keep the pages in {}: {e}",
                cache.path().display()
            );
        }
    }
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
    Ok(())
}

/// The persistent cache of this build, with what an earlier build left in
/// it carried into the render; `None` with `--no-cache`.
pub(crate) fn open_cache(root: &Path, args: &CacheArgs) -> Option<Cache> {
    open_cache_noting(root, args).map(|(cache, _)| cache)
}

/// `open_cache`, and whether it printed a note about the cache.
fn open_cache_noting(root: &Path, args: &CacheArgs) -> Option<(Cache, bool)> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache_dir
        .clone()
        .unwrap_or_else(|| root.join(".townhall").join("cache"));
    let cache = Cache::new(dir);
    let mut noted = false;
    let earlier = match cache.read() {
        Ok(blocks) => blocks,
        Err(None) => Default::default(),
        Err(Some(why)) => {
            noted = true;
            eprintln!(
                "note: not using the cache in {}: {why}; this build starts cold and rewrites it",
                cache.path().display()
            );
            Default::default()
        }
    };
    crate::render::carry_highlights_in(earlier);
    Some((cache, noted))
}

/// The pages an earlier build kept in `cache`. Unusable ones are named in
/// a note unless the highlighted code was (the same cause, said once).
fn open_pages(cache: &Cache, noted: bool) -> Pages {
    let (pages, problem) = cache.pages();
    if let (Some(why), false) = (problem, noted) {
        eprintln!(
            "note: not using the pages kept in {}: {why}; this build renders every page",
            cache.path().display()
        );
    }
    pages
}

/// Keeps what this build highlighted for the next one. A cache that cannot
/// be written costs the next build time, not this one its success.
/// With `kept_pages`, the build kept pages rather than render them: the
/// blocks they show are kept too, though this build did not use them.
pub(crate) fn save_cache(cache: &Cache, kept_pages: bool) {
    let blocks = crate::render::carry_highlights_out(kept_pages);
    if let Err(e) = cache.write(&blocks) {
        eprintln!(
            "note: cannot write the cache in {}: {e}",
            cache.path().display()
        );
    }
}
