//! What a save sets off. Two steps, so the page being edited does not wait
//! for the whole site:
//!
//! 0. *preview*: when a save changed only the bodies of published guides
//!    (their front matter is byte for byte what it was), each page is
//!    rendered at once from the last resolved site with the new body and its
//!    links resolved against that site, and the tabs showing it reload;
//! 1. *fast*: load, parse (only the files whose text changed; the rest
//!    comes from a cache) and resolve the whole site, then render just the
//!    saved guides' pages, write them if their bytes changed (after a
//!    preview they normally have not), and reload the tabs showing them;
//! 2. *complete*: render and index the same resolved site on a background
//!    thread, then write every file whose bytes changed and delete the ones
//!    that disappeared, so the folder ends equal to a clean `townhall build`.
//!    After a previewed (body-only) save the other guides' pages and the
//!    question and idea pages are not rendered: nothing on them depends on a
//!    guide's body, and the set of files cannot have changed.
//!
//! A complete render overtaken by a newer save is thrown away; at most one
//! runs at a time, and only the newest waiting site is rendered next.

use super::http::Shared;
use super::live::{self, Problems};
use super::sync::Mirror;
use super::{Options, Signal};
use crate::cache::Warm;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::pipeline::{self, ParseCache, Resolved, Timings};
use crate::render::Theme;
use crate::resolve::Site;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Instant;

/// A complete render, sent back from its thread.
pub(crate) struct Rendered {
    generation: u64,
    /// Pages a scoped render left out on purpose: kept, not removed.
    kept: Option<BTreeSet<String>>,
    outputs: Vec<Output>,
    diagnostics: Diagnostics,
    started: Instant,
}

struct Job {
    generation: u64,
    site: Arc<Site>,
    theme: Arc<Theme>,
    /// After body-only edits: the only guide pages that can have changed.
    only_guides: Option<Vec<usize>>,
    started: Instant,
}

pub(super) struct Rebuilder<'a> {
    pub root: PathBuf,
    pub options: Options<'a>,
    pub shared: Arc<Shared>,
    pub mirror: Mirror,
    pub tx: Sender<Signal>,
    cache: ParseCache,
    /// The generation of the newest site that resolved without errors:
    /// only its complete render may be written.
    wanted: u64,
    next: u64,
    busy: bool,
    waiting: Option<Job>,
    /// The newest save does not resolve: its overlay outlives older renders.
    sources_broken: bool,
    /// Warnings already printed, so a save does not repeat them all.
    reported: HashSet<String>,
    /// Runs complete renders. A pool of its own, because in rayon's global
    /// pool the fast step of the next save would queue behind a whole-site
    /// render; with its own threads it only shares the cores.
    pool: Option<Arc<rayon::ThreadPool>>,
    /// The newest site that resolved without errors, for previews.
    last: Option<(Arc<Site>, Arc<Theme>)>,
}

impl<'a> Rebuilder<'a> {
    pub(super) fn new(
        root: PathBuf,
        options: Options<'a>,
        shared: Arc<Shared>,
        mirror: Mirror,
        tx: Sender<Signal>,
    ) -> Self {
        // As many threads as rayon's global pool (one per core).
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("townhall-render-{i}"))
            .build()
            .ok()
            .map(Arc::new);
        Rebuilder {
            root,
            options,
            shared,
            mirror,
            tx,
            cache: ParseCache::default(),
            wanted: 0,
            next: 0,
            busy: false,
            waiting: None,
            sources_broken: false,
            reported: HashSet::new(),
            pool,
            last: None,
        }
    }

    /// The first build, in the foreground, before anything is served. With
    /// the persistent cache it keeps what an earlier run made unchanged,
    /// then saves what it made for the next run.
    pub(super) fn initial(&mut self) {
        let started = Instant::now();
        let warm = self.options.warm.take().map(|warm| {
            let Warm {
                pages,
                search,
                parse,
            } = warm;
            self.cache.consult(parse);
            (pages, search)
        });
        let Some(resolved) = self.resolve() else {
            return;
        };
        let Resolved {
            site,
            theme,
            mut timings,
            ..
        } = resolved;
        let (outputs, diagnostics) = match &warm {
            Some((pages, search)) => {
                pipeline::render_site_kept(&site, &theme, &mut timings, pages, search)
            }
            None => pipeline::render_site(&site, &theme, &mut timings),
        };
        self.last = Some((Arc::new(site), Arc::new(theme)));
        let generation = self.wanted;
        let written = self.rendered(Rendered {
            generation,
            kept: None,
            outputs,
            diagnostics,
            started,
        });
        if let (true, Some((pages, search)), Some(parse)) = (written, warm, self.cache.take_kept())
        {
            let keep = std::mem::replace(&mut self.options.keep, Box::new(|_, _| {}));
            keep(
                Warm {
                    pages,
                    search,
                    parse,
                },
                self.mirror.dir(),
            );
        }
    }

    /// Sources changed: the fast step now, the complete one in the background.
    pub(super) fn changed(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        let what = describe(&self.root, changed);
        let previewed = self.preview(changed);
        if let Some(written) = &previewed {
            if !written.is_empty() {
                self.shared.hub.broadcast(&live::reload_event(written));
                println!(
                    "{what}: page ready in {} ms (preview of a body edit)",
                    started.elapsed().as_millis()
                );
            }
        }
        let Some(Resolved {
            site,
            theme,
            timings,
            ..
        }) = self.resolve()
        else {
            return;
        };
        // The sources are good again: drop the overlay now rather than
        // when the complete render lands.
        if self.set_problems(None) {
            self.shared.hub.broadcast(&live::event("fixed", "{}"));
        }
        let sources: Vec<PathBuf> = changed
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(Path::to_path_buf)
            .collect();
        if !sources.is_empty() {
            let render_start = Instant::now();
            let (outputs, diagnostics) = crate::render::render_guides(&site, &theme, &sources);
            if diagnostics.has_errors() {
                return self.broken(diagnostics.sorted());
            }
            match self.mirror.put(outputs) {
                Ok(written) if !written.is_empty() => {
                    self.shared.hub.broadcast(&live::reload_event(&written));
                    println!(
                        "{what}: page ready in {} ms ({}, render+write {} ms)",
                        started.elapsed().as_millis(),
                        breakdown(&timings),
                        render_start.elapsed().as_millis()
                    );
                }
                Ok(_) => {}
                Err(e) => eprintln!("error: cannot update the served site: {e}"),
            }
        }
        // Body-only edits: no other guide page can differ.
        let only_guides = previewed.map(|_| {
            site.guides
                .iter()
                .enumerate()
                .filter(|(_, g)| sources.contains(&g.guide.path))
                .map(|(i, _)| i)
                .collect::<Vec<usize>>()
        });
        let site = Arc::new(site);
        let theme = Arc::new(theme);
        self.last = Some((site.clone(), theme.clone()));
        let mut job = Job {
            generation: self.wanted,
            site,
            theme,
            only_guides,
            started,
        };
        if self.busy {
            // Replaces an older waiting site: only the newest is worth
            // rendering, but it must cover the pages the older one would have.
            if let Some(older) = self.waiting.take() {
                job.only_guides = match (older.only_guides, job.only_guides) {
                    (Some(mut a), Some(b)) => {
                        a.extend(b);
                        a.sort_unstable();
                        a.dedup();
                        Some(a)
                    }
                    _ => None,
                };
            }
            self.waiting = Some(job);
        } else {
            self.spawn(job);
        }
    }

    /// Step 0: when every saved file is a published guide whose front
    /// matter did not change, its page rendered from the last good site with
    /// the new body; the files written. `None` when a preview cannot stand in
    /// for the real page (anything else changed, the last save was broken,
    /// or the new body has problems): the fast step then does the work.
    fn preview(&mut self, changed: &[PathBuf]) -> Option<Vec<String>> {
        if self.sources_broken || changed.is_empty() {
            return None;
        }
        let (site, theme) = self.last.clone()?;
        let mut outputs = Vec::new();
        for abs in changed {
            let rel = abs.strip_prefix(&self.root).ok()?.to_path_buf();
            let index = site.guides.iter().position(|g| g.guide.path == rel)?;
            let source = crate::load::read_source(rel.clone(), abs).ok()?;
            let old = self.cache.text(&rel)?;
            let front_matter = |text: &str| {
                crate::parse::front_matter::split(&rel, text)
                    .ok()
                    .and_then(|split| text.get(..split.body_offset).map(str::to_string))
            };
            if front_matter(old)? != front_matter(&source.text)? {
                return None;
            }
            let (parsed, diagnostics) = crate::parse::parse_one(&source);
            if !diagnostics.is_empty() {
                return None;
            }
            let Some(crate::parse::Parsed::Guide(new)) = parsed else {
                return None;
            };
            let old_page = site.guides.get(index)?;
            let (links, problems) = crate::resolve::relink_guide(&site, index, &new.body);
            if !problems.is_empty() {
                return None;
            }
            let guide = crate::parse::Guide {
                body: new.body,
                ..old_page.guide.clone()
            };
            let page = crate::resolve::GuidePage {
                summary: crate::resolve::site::summary(guide.description.as_deref(), &guide.body),
                guide,
                url: old_page.url.clone(),
                section: old_page.section,
                prev: old_page.prev,
                next: old_page.next,
                links,
            };
            outputs.push(crate::render::render_guide_preview(&site, &theme, index, &page).ok()?);
        }
        match self.mirror.put(outputs) {
            Ok(written) => Some(written),
            Err(e) => {
                eprintln!("error: cannot update the served site: {e}");
                None
            }
        }
    }

    /// Loads, parses and resolves; reports problems. `None` when the site
    /// has errors (the last good version stays served).
    fn resolve(&mut self) -> Option<Resolved> {
        let resolved = pipeline::resolve_site(
            &self.root,
            self.options.build.clone(),
            Some(&mut self.cache),
        );
        let mut resolved = match resolved {
            Ok(r) if !r.diagnostics.has_errors() => r,
            Ok(r) => {
                self.sources_broken = true;
                self.broken(r.diagnostics.sorted());
                return None;
            }
            Err(diagnostics) => {
                self.sources_broken = true;
                self.broken(diagnostics.sorted());
                return None;
            }
        };
        self.sources_broken = false;
        self.warn(std::mem::take(&mut resolved.diagnostics).sorted());
        self.next += 1;
        self.wanted = self.next;
        Some(resolved)
    }

    fn spawn(&mut self, job: Job) {
        let tx = self.tx.clone();
        let pool = self.pool.clone();
        let spawned = std::thread::Builder::new()
            .name("townhall-rebuild".into())
            .spawn(move || {
                let render = || {
                    pipeline::render_site_scoped(
                        &job.site,
                        &job.theme,
                        &mut Timings::default(),
                        job.only_guides.as_deref(),
                    )
                };
                let (outputs, diagnostics) = match pool {
                    Some(pool) => pool.install(render),
                    None => render(),
                };
                let _ = tx.send(Signal::Rendered(Box::new(Rendered {
                    generation: job.generation,
                    kept: job
                        .only_guides
                        .as_deref()
                        .map(|only| crate::render::pages_left_out(&job.site, only)),
                    outputs,
                    diagnostics,
                    started: job.started,
                })));
            });
        match spawned {
            Ok(_) => self.busy = true,
            Err(e) => eprintln!("error: cannot start a rebuild: {e}"),
        }
    }

    /// A complete render finished: write it if it is still the newest.
    /// Returns whether it was written.
    pub(super) fn rendered(&mut self, done: Rendered) -> bool {
        self.busy = false;
        if let Some(job) = self.waiting.take() {
            self.spawn(job);
        }
        if done.generation != self.wanted {
            return false;
        }
        if done.diagnostics.has_errors() {
            // Unless a newer save already broke the sources: its overlay stays.
            if !self.sources_broken {
                self.broken(done.diagnostics.sorted());
            }
            return false;
        }
        self.warn(done.diagnostics.sorted());
        // Render errors of an earlier site are gone; the overlay for broken
        // sources is only dropped by a save that resolves (`changed`).
        let was_broken = !self.sources_broken && self.set_problems(None);
        let applied = match &done.kept {
            Some(kept) => self.mirror.update_keeping(done.outputs, kept),
            None => self.mirror.apply(done.outputs),
        };
        let changes = match applied {
            Ok(changes) => changes,
            Err(e) => {
                eprintln!("error: cannot update the served site: {e}");
                return false;
            }
        };
        println!(
            "site up to date in {} ms: {} written, {} removed",
            done.started.elapsed().as_millis(),
            changes.written.len(),
            changes.removed.len()
        );
        if !changes.is_empty() {
            let mut paths = changes.written;
            paths.extend(changes.removed);
            self.shared.hub.broadcast(&live::reload_event(&paths));
        }
        if was_broken {
            self.shared.hub.broadcast(&live::event("fixed", "{}"));
        }
        true
    }

    /// The last good site stays served; pages get the overlay.
    fn broken(&mut self, diagnostics: Vec<Diagnostic>) {
        (self.options.report)(&diagnostics);
        eprintln!("error: build failed; still serving the last good version");
        let problems = Arc::new(Problems::new(&diagnostics, &self.root));
        self.shared
            .hub
            .broadcast(&live::event("problems", &problems.json));
        self.set_problems(Some(problems));
    }

    /// Prints the warnings not printed before.
    fn warn(&mut self, diagnostics: Vec<Diagnostic>) {
        let new: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| self.reported.insert(format!("{d:?}")))
            .collect();
        if !new.is_empty() {
            (self.options.report)(&new);
        }
    }

    /// Replaces the current problems; returns whether there were any.
    fn set_problems(&self, problems: Option<Arc<Problems>>) -> bool {
        match self.shared.problems.write() {
            Ok(mut current) => std::mem::replace(&mut *current, problems).is_some(),
            Err(_) => false,
        }
    }
}

/// "load 12 ms, parse 3 ms, resolve 20 ms": where the fast step's time went.
fn breakdown(timings: &Timings) -> String {
    timings
        .stages
        .iter()
        .map(|(stage, time)| format!("{stage} {} ms", time.as_millis()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "content/guides/a.md" or "3 files", for the terminal.
fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let mut names: Vec<String> = changed
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    match names.as_slice() {
        [one] => one.clone(),
        many => format!("{} files", many.len()),
    }
}
