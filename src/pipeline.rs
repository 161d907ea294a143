//! The build pipeline as one call: load -> parse -> resolve -> render ->
//! index. Shared by `build` (which then writes) and, as they land, `check`
//! and `serve`.

use crate::cache::{Memo, Pages, Warm};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Source;
use crate::output::{Output, Sink};
use crate::parse::Parsed;
use crate::render::Theme;
use crate::resolve::site::PageDigests;
use crate::resolve::{BuildOptions, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Wall time of each stage, for `--verbose` and `--timings`.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn record<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let (value, elapsed) = timed(f);
        self.stages.push((stage, elapsed));
        value
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

pub struct Built {
    pub site: Site,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Runs load, parse and resolve only: what `check`-style commands need.
pub fn resolve_only(
    root: &Path,
    options: BuildOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let (config, config_problems) = Config::load_all(root).map_err(Diagnostics::from_iter)?;
    let loaded = crate::load::load(root);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(config_problems);
    let (parsed, parse_diags) =
        crate::parse::parse_all_in(&loaded.sources, &config.other_languages());
    drop(loaded.sources);
    diagnostics.extend(parse_diags);
    let (site, resolve_diags) =
        crate::resolve::resolve(config, options, parsed, &loaded.assets, &loaded.history);
    diagnostics.extend(resolve_diags);
    Ok((site, diagnostics))
}

/// Runs every stage, handing each output file to `sink` as it is made.
/// Diagnostics are collected throughout; the caller decides what errors
/// mean (a build commits nothing when there are any). `Err` only when the
/// site cannot be built at all (no usable site.toml or theme).
///
/// With the persistent cache `open` gives (what earlier builds kept, read
/// while the sources are loaded and parsed), a page whose inputs are the
/// same as when an earlier build made it is kept rather than rendered; the
/// cache is handed back, to be saved once the build is written.
pub(crate) fn run(
    root: &Path,
    options: BuildOptions,
    sink: &Sink<'_>,
    open: impl FnOnce() -> Option<Warm> + Send,
) -> Result<(Built, Option<Warm>), Diagnostics> {
    // the cache is read while the sources are loaded: their parses are in it
    let (loaded, (warm, cache_time)) = rayon::join(|| load_site(root), || timed(open));
    let parser = match &warm {
        Some(warm) => Parser::Kept(&warm.parse),
        None => Parser::Fresh,
    };
    let Resolved {
        site,
        theme,
        mut diagnostics,
        mut timings,
    } = finish(loaded?, options, parser);
    if warm.is_some() {
        // read beside load
        timings.stages.insert(0, ("cache", cache_time));
    }
    let (shared, digests): (u128, HashMap<String, PageDigests>);
    let which = match &warm {
        None => Which::Every,
        Some(warm) => {
            (shared, digests) = timings.record("digest", || digest_site(&site, &theme));
            Which::Kept {
                pages: &warm.pages,
                shared,
                search: &warm.search,
                digests: &digests,
            }
        }
    };
    diagnostics.extend(render_scoped_into(&site, &theme, &mut timings, sink, which));
    let built = Built {
        site,
        diagnostics,
        timings,
    };
    Ok((built, warm))
}

/// The digests the persistent cache keys pages by: each language's
/// `Site::digest_pages`, by output prefix, and the shared digest made from
/// them.
fn digest_site(site: &Site, theme: &Theme) -> (u128, HashMap<String, PageDigests>) {
    let digests: HashMap<String, PageDigests> = std::iter::once(site)
        .chain(&site.translations)
        .map(|language| (language.output_prefix(), language.digest_pages()))
        .collect();
    (crate::render::shared_digest(site, theme, &digests), digests)
}

/// What `check` needs of a build: every diagnostic `run` would report, with
/// the work that cannot report one left out (the search index, feeds,
/// sitemap and exports, and colouring code).
pub fn check(root: &Path, options: BuildOptions) -> Result<Built, Diagnostics> {
    let Resolved {
        site,
        theme,
        mut diagnostics,
        mut timings,
    } = resolve_site(root, options, None)?;
    let (render_diagnostics, render_time) = timed(|| {
        let mut found = crate::render::check_pages(&site, &theme);
        for translation in &site.translations {
            found.extend(crate::render::check_pages(translation, &theme));
        }
        found
    });
    timings.stages.push(("render", render_time));
    diagnostics.extend(render_diagnostics);
    Ok(Built {
        site,
        diagnostics,
        timings,
    })
}

/// A resolved site with its theme: the first half of `run`.
pub struct Resolved {
    pub site: Site,
    pub theme: Theme,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Load, parse and resolve, with the theme loaded. With a cache (`serve`),
/// sources whose text is unchanged since the last call are not parsed again.
pub fn resolve_site(
    root: &Path,
    options: BuildOptions,
    cache: Option<&mut ParseCache>,
) -> Result<Resolved, Diagnostics> {
    let parser = match cache {
        Some(cache) => Parser::Serve(cache),
        None => Parser::Fresh,
    };
    Ok(finish(load_site(root)?, options, parser))
}

/// How `finish` parses the sources.
enum Parser<'c> {
    Fresh,
    /// Reusing `serve`'s parses of unchanged sources.
    Serve(&'c mut ParseCache),
    /// Reusing the parses the persistent cache kept.
    Kept(&'c Memo),
}

/// A site's configuration, theme and sources, read.
struct Loaded {
    root: PathBuf,
    config: Config,
    theme: Theme,
    loaded: crate::load::Loaded,
    diagnostics: Diagnostics,
    timings: Timings,
}

/// Reads the configuration, compiles the theme and loads the sources: the
/// first part of `resolve_site`.
fn load_site(root: &Path) -> Result<Loaded, Diagnostics> {
    let mut timings = Timings::default();
    let (config, config_problems) = Config::load_all(root).map_err(Diagnostics::from_iter)?;
    let theme = crate::load::theme::files(root, &config.theme)
        .and_then(|files| {
            let minified = if config.minify {
                crate::load::theme::unchanged_defaults(&files)
            } else {
                Default::default()
            };
            Theme::compile(&config.theme, files, &minified)
        })
        .map_err(|theme_problems| {
            Diagnostics::from_iter(config_problems.iter().cloned().chain(theme_problems))
        })?;
    let mut loaded = timings.record("load", || crate::load::load(root));
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    diagnostics.extend(config_problems);
    Ok(Loaded {
        root: root.to_path_buf(),
        config,
        theme,
        loaded,
        diagnostics,
        timings,
    })
}

/// Parses and resolves what `load_site` read: the rest of `resolve_site`.
fn finish(site: Loaded, options: BuildOptions, parser: Parser<'_>) -> Resolved {
    let Loaded {
        root,
        config,
        theme,
        mut loaded,
        mut diagnostics,
        mut timings,
    } = site;
    let languages = config.other_languages();
    let (parsed, parse_diags) = timings.record("parse", || match parser {
        Parser::Fresh => crate::parse::parse_all_released(&loaded.sources, &languages, None, &root),
        Parser::Serve(cache) => cache.parse_all_in(&loaded.sources, &languages),
        Parser::Kept(memo) => {
            crate::parse::parse_all_released(&loaded.sources, &languages, Some(memo), &root)
        }
    });
    // Parsed pages hold no text (a build's bodies are read again when they
    // are rendered; `serve` shares it with its parse cache), so the
    // sources go before the render, where memory peaks.
    drop(std::mem::take(&mut loaded.sources));
    diagnostics.extend(parse_diags);
    let (site, resolve_diags) = timings.record("resolve", || {
        crate::resolve::resolve(config, options, parsed, &loaded.assets, &loaded.history)
    });
    diagnostics.extend(resolve_diags);
    Resolved {
        site,
        theme,
        diagnostics,
        timings,
    }
}

/// Render and index: the second half of `run`, every file into `sink`.
pub fn render_site_into(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
    sink: &Sink<'_>,
) -> Diagnostics {
    render_scoped_into(site, theme, timings, sink, Which::Every)
}

/// Which pages a render makes.
#[derive(Clone, Copy)]
enum Which<'p> {
    Every,
    /// Of the guide pages only those (see
    /// `render::render_into_except_guides`); the other languages whole.
    OnlyGuides(&'p [usize]),
    /// Every page, keeping those the persistent cache has unchanged, and
    /// the search documents it has analysed. `digests` holds each
    /// language's `Site::digest_pages`, by output prefix.
    Kept {
        pages: &'p Pages,
        shared: u128,
        search: &'p Memo,
        digests: &'p HashMap<String, PageDigests>,
    },
}

/// `render_site_into`, of the pages `which` says. A multilingual site's
/// other languages are rendered each into its folder.
fn render_scoped_into(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
    sink: &Sink<'_>,
    which: Which<'_>,
) -> Diagnostics {
    let mut diagnostics = render_language_into(site, theme, timings, sink, which);
    let which = match which {
        Which::OnlyGuides(_) => Which::Every,
        other => other,
    };
    for translation in &site.translations {
        let prefix = translation.output_prefix();
        let under = |output: Output| sink(output.under(&prefix));
        diagnostics.extend(render_language_into(
            translation,
            theme,
            timings,
            &under,
            which,
        ));
    }
    diagnostics
}

/// One language's pages, search index, feeds and exports.
fn render_language_into(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
    sink: &Sink<'_>,
    which: Which<'_>,
) -> Diagnostics {
    // The search index, sitemap, feeds and exports need the site, not the
    // pages: they are built beside the render, filling the gaps its serial
    // parts leave.
    let none = PageDigests::default();
    let digests = match which {
        Which::Kept { digests, .. } => digests.get(&site.output_prefix()).unwrap_or(&none),
        _ => &none,
    };
    let ((mut diagnostics, render_time), ((search, search_time), (index, index_time))) =
        rayon::join(
            || {
                timed(|| match which {
                    Which::Every => crate::render::render_into(site, theme, sink),
                    Which::OnlyGuides(only) => {
                        crate::render::render_into_except_guides(site, theme, sink, only)
                    }
                    Which::Kept { pages, shared, .. } => crate::render::render_into_kept(
                        site,
                        theme,
                        sink,
                        pages,
                        shared,
                        &digests.guides,
                    ),
                })
            },
            || {
                rayon::join(
                    || {
                        let memo = match which {
                            Which::Kept { search, .. } => Some((search, digests)),
                            _ => None,
                        };
                        timed(|| crate::index::search::write_into(site, sink, memo))
                    },
                    || {
                        timed(|| {
                            let (words, _) = theme.texts(theme.interface_language(site));
                            crate::index::index(site, &words)
                        })
                    },
                )
            },
        );
    timings.stages.push(("render", render_time));
    timings.stages.push(("search", search_time));
    timings.stages.push(("index", index_time));
    if let Err(message) = search {
        diagnostics.push(environment_error(format!(
            "cannot build the search index: {message}"
        )));
    }
    for output in index {
        if let Err(e) = sink(output) {
            diagnostics.push(environment_error(format!("cannot write the output: {e}")));
            break;
        }
    }
    diagnostics
}

/// Render and index into memory, every file in path order (`serve`).
pub fn render_site(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
) -> (Vec<Output>, Diagnostics) {
    render_site_scoped(site, theme, timings, None)
}

/// `render_site`; with `only_guides`, of the guide pages only those.
pub fn render_site_scoped(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
    only_guides: Option<&[usize]>,
) -> (Vec<Output>, Diagnostics) {
    let which = match only_guides {
        None => Which::Every,
        Some(only) => Which::OnlyGuides(only),
    };
    collect_render(site, theme, timings, which)
}

/// `render_site`, keeping the pages and search analyses the persistent
/// cache has unchanged (`serve`'s first build).
pub(crate) fn render_site_kept(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
    pages: &Pages,
    search: &Memo,
) -> (Vec<Output>, Diagnostics) {
    let (shared, digests) = timings.record("digest", || digest_site(site, theme));
    let which = Which::Kept {
        pages,
        shared,
        search,
        digests: &digests,
    };
    collect_render(site, theme, timings, which)
}

/// Renders what `which` says into memory, every file in path order.
fn collect_render(
    site: &Site,
    theme: &Theme,
    timings: &mut Timings,
    which: Which<'_>,
) -> (Vec<Output>, Diagnostics) {
    let collected = std::sync::Mutex::new(Vec::new());
    let diagnostics = render_scoped_into(
        site,
        theme,
        timings,
        &|output| {
            collected
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(output);
            Ok(())
        },
        which,
    );
    let mut outputs = collected
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    outputs.sort_by(|a, b| a.path().cmp(b.path()));
    (outputs, diagnostics)
}

/// Parse results kept between runs, per source path. Parsing is a function
/// of the source alone (path and text), so an unchanged text can reuse its
/// result; `serve` uses this to re-parse only the files that were saved.
#[derive(Default)]
pub struct ParseCache {
    entries: HashMap<PathBuf, CacheEntry>,
    /// The site's other languages the entries were parsed for.
    languages: Vec<String>,
    /// The persistent cache's parses, consulted before a source is parsed
    /// (`serve`'s first build after a restart).
    kept: Option<Memo>,
}

struct CacheEntry {
    text: std::sync::Arc<str>,
    parsed: Option<Parsed>,
    diagnostics: Vec<Diagnostic>,
}

impl ParseCache {
    /// The text of `path` as it was last parsed.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.entries.get(path).map(|e| &*e.text)
    }

    /// Consults `memo`, the parses the persistent cache kept, for the
    /// sources this cache does not have, and keeps new parses in it.
    pub(crate) fn consult(&mut self, memo: Memo) {
        self.kept = Some(memo);
    }

    /// The memo `consult` was given, with this cache's parses added, to be
    /// saved.
    pub(crate) fn take_kept(&mut self) -> Option<Memo> {
        self.kept.take()
    }

    /// `parse::parse_all`, reusing the results of unchanged sources; the
    /// result is in source order, as `parse_all`'s.
    pub fn parse_all(&mut self, sources: &[Source]) -> (Vec<Parsed>, Diagnostics) {
        self.parse_all_in(sources, &[])
    }

    /// `parse_all` for a site with other languages `languages`; a change
    /// of languages parses everything again.
    pub fn parse_all_in(
        &mut self,
        sources: &[Source],
        languages: &[String],
    ) -> (Vec<Parsed>, Diagnostics) {
        if self.languages != languages {
            self.entries.clear();
            self.languages = languages.to_vec();
        }
        let fresh: HashMap<PathBuf, CacheEntry> = sources
            .par_iter()
            .filter(|s| self.entries.get(&s.path).is_none_or(|e| e.text != s.text))
            .map(|s| {
                let (parsed, diagnostics) = match &self.kept {
                    Some(memo) => crate::parse::parse_one_kept(s, languages, memo),
                    None => crate::parse::parse_one_in(s, languages),
                };
                let entry = CacheEntry {
                    text: s.text.clone(),
                    parsed,
                    diagnostics,
                };
                (s.path.clone(), entry)
            })
            .collect();
        // Only the current sources stay: deleted files leave the cache.
        let mut old = std::mem::take(&mut self.entries);
        let mut parsed = Vec::with_capacity(sources.len());
        let mut diagnostics = Diagnostics::new();
        let mut fresh = fresh;
        for source in sources {
            let Some(entry) = fresh
                .remove(&source.path)
                .or_else(|| old.remove(&source.path))
            else {
                continue;
            };
            parsed.extend(entry.parsed.clone());
            diagnostics.extend(entry.diagnostics.iter().cloned());
            self.entries.insert(source.path.clone(), entry);
        }
        (parsed, diagnostics)
    }
}

/// A diagnostic for a failure of the environment rather than the content.
pub fn environment_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(crate::diag::Code::UNREADABLE, ".", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: PathBuf::from(path),
            text: text.into(),
        }
    }

    #[test]
    fn cached_parse_equals_a_fresh_parse() {
        let guide = |title: &str| format!("---\ntitle: {title}\n---\nBody.\n");
        let mut sources = vec![
            source("content/guides/a/one.md", &guide("One")),
            source("content/guides/a/two.md", &guide("Two")),
            source("content/guides/a/bad.md", "---\ntitle: [\n---\n"),
        ];
        let mut cache = ParseCache::default();
        let fresh = |s: &[Source]| format!("{:?}", crate::parse::parse_all(s));
        assert_eq!(format!("{:?}", cache.parse_all(&sources)), fresh(&sources));
        sources[1].text = guide("Second").into();
        sources.remove(0);
        sources.push(source("content/guides/a/three.md", &guide("Three")));
        assert_eq!(format!("{:?}", cache.parse_all(&sources)), fresh(&sources));
        assert_eq!(cache.entries.len(), 3, "deleted sources leave the cache");
    }
}
