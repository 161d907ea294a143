//! Watching the sources: notify, debounced, reduced to the paths a build
//! reads (`content/`, `ideas/`, `themes/`, `static/`, `site.toml`), with
//! editors' swap, backup and temporary files left out.

use super::Signal;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events: long enough to fold an editor's
/// write-temp-then-rename into one change, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(30);
const MAX_BURST: Duration = Duration::from_millis(500);

/// The folders a build reads, watched recursively.
const WATCHED_DIRS: [&str; 4] = ["content", "ideas", "themes", "static"];

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Starts watching `root` (canonical); changes arrive on `tx`.
    pub fn start(root: &Path, tx: Sender<Signal>) -> Result<Watch, String> {
        let (raw_tx, raw_rx) = mpsc::channel();
        let filter_root = root.to_path_buf();
        let failed = tx.clone();
        let watcher =
            notify::recommended_watcher(move |result: notify::Result<Event>| match result {
                Ok(event) if is_change(&event.kind) => {
                    for path in event.paths {
                        if relevant(&filter_root, &path) {
                            let _ = raw_tx.send(path);
                        }
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let _ = failed.send(Signal::Failed(e.to_string()));
                }
            })
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        std::thread::Builder::new()
            .name("townhall-debounce".into())
            .spawn(move || debounce(&raw_rx, &tx))
            .map_err(|e| format!("cannot start the watcher: {e}"))?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: site.toml (editors replace the
        // file, which would end a watch on the file itself) and the
        // creation of a watched folder that did not exist yet.
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watch.refresh()?;
        Ok(watch)
    }

    /// Watches the source folders that exist now and were not watched yet
    /// (created since the start, or deleted and created again).
    pub fn refresh(&mut self) -> Result<(), String> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            if self.watched.contains(&dir) {
                continue;
            }
            self.watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            self.watched.insert(dir);
        }
        Ok(())
    }
}

/// Events that can mean new content. Opening and reading are not: the
/// build itself reads every source, and would otherwise trigger itself.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Waits for a first path, then for a quiet `DEBOUNCE`, and sends the burst
/// as one change; a burst that never goes quiet (a `git checkout` of many
/// files) is sent after `MAX_BURST` anyway.
fn debounce(raw: &Receiver<PathBuf>, tx: &Sender<Signal>) {
    while let Ok(first) = raw.recv() {
        let start = Instant::now();
        let mut paths = vec![first];
        while start.elapsed() < MAX_BURST {
            match raw.recv_timeout(DEBOUNCE) {
                Ok(path) => paths.push(path),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if tx.send(Signal::Changed(paths)).is_err() {
            return;
        }
    }
}

/// Whether a changed path can affect the build.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.iter().any(|n| editor_noise(n)) {
        return false;
    }
    match names.as_slice() {
        [only] => only == crate::config::CONFIG_FILE || WATCHED_DIRS.contains(&only.as_str()),
        [first, ..] => WATCHED_DIRS.contains(&first.as_str()),
        [] => false,
    }
}

/// The files editors write beside the real one while saving.
fn editor_noise(name: &str) -> bool {
    crate::load::is_ignored(name)
        // vim's probe for a writable folder
        || name == "4913"
        || name.ends_with(".kate-swp")
        // JetBrains' safe write
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        for yes in [
            "/site/site.toml",
            "/site/content/guides/a.md",
            "/site/ideas/x.md",
            "/site/themes/mine/templates/base.html",
            "/site/static/logo.png",
            "/site/content",
        ] {
            assert!(relevant(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/.git/index",
            "/site/content/guides/.a.md.swp",
            "/site/content/guides/a.md~",
            "/site/content/guides/4913",
            "/site/content/.#a.md",
            "/site/README.md",
            "/elsewhere/site.toml",
        ] {
            assert!(!relevant(root, Path::new(no)), "{no}");
        }
    }
}
