//! The build pipeline as one call: load -> parse -> resolve -> render ->
//! index. Shared by `build` (which then writes) and, as they land, `check`
//! and `serve`.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Output, Theme};
use crate::resolve::{BuildOptions, Site};
use std::path::Path;
use std::time::{Duration, Instant};

/// Wall time of each stage, for `--verbose` and `--timings`.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn record<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.stages.push((stage, start.elapsed()));
        value
    }
}

pub struct Built {
    pub site: Site,
    pub outputs: Vec<Output>,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Runs load, parse and resolve only: what `check`-style commands need.
pub fn resolve_only(
    root: &Path,
    options: BuildOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let config = Config::load(root).map_err(|d| Diagnostics::from_iter([d]))?;
    let loaded = crate::load::load(root);
    let mut diagnostics = loaded.diagnostics;
    let (parsed, parse_diags) = crate::parse::parse_all(&loaded.sources);
    diagnostics.extend(parse_diags);
    let (site, resolve_diags) = crate::resolve::resolve(config, options, parsed, &loaded.assets);
    diagnostics.extend(resolve_diags);
    Ok((site, diagnostics))
}

/// Runs every stage. Diagnostics are collected throughout; the caller
/// decides what errors mean (a build writes nothing when there are any).
/// `Err` only when the site cannot be built at all (no usable site.toml or theme).
pub fn run(root: &Path, options: BuildOptions) -> Result<Built, Diagnostics> {
    let mut timings = Timings::default();
    let config = Config::load(root).map_err(|d| Diagnostics::from_iter([d]))?;
    let theme = Theme::load(root, &config.theme).map_err(Diagnostics::from_iter)?;
    let loaded = timings.record("load", || crate::load::load(root));
    let mut diagnostics = loaded.diagnostics;
    let (parsed, parse_diags) =
        timings.record("parse", || crate::parse::parse_all(&loaded.sources));
    diagnostics.extend(parse_diags);
    let (site, resolve_diags) = timings.record("resolve", || {
        crate::resolve::resolve(config, options, parsed, &loaded.assets)
    });
    diagnostics.extend(resolve_diags);
    let (mut outputs, render_diags) =
        timings.record("render", || crate::render::render(&site, &theme));
    diagnostics.extend(render_diags);
    match timings.record("index", || crate::index::index(&site)) {
        Ok(index) => outputs.extend(index),
        Err(message) => diagnostics.push(environment_error(format!(
            "cannot build the search index: {message}"
        ))),
    }
    Ok(Built {
        site,
        outputs,
        diagnostics,
        timings,
    })
}

/// A diagnostic for a failure of the environment rather than the content.
pub fn environment_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(crate::diag::Code::UNREADABLE, ".", message)
}
