//! Watching the sources: notify, debounced by `notify-debouncer-full`,
//! reduced to the paths a build reads (`content/`, `ideas/`, `themes/`,
//! `static/`, `site.toml`), with editors' swap, backup and temporary files
//! left out.

use super::Signal;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long an event is held before it is passed on: long enough to fold
/// an editor's write-temp-then-rename into one change (the debouncer pairs
/// the rename and keeps one event per path and kind), short enough not to
/// be felt.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the debouncer looks for events that are due: a change is
/// passed on between `DEBOUNCE` and `DEBOUNCE + TICK` after it happened.
const TICK: Duration = Duration::from_millis(10);

/// The folders a build reads, watched recursively.
const WATCHED_DIRS: [&str; 4] = ["content", "ideas", "themes", "static"];

pub(super) struct Watch {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Starts watching `root` (canonical); changes arrive on `tx`, one
    /// `Signal::Changed` per batch of debounced events.
    pub(super) fn start(root: &Path, tx: Sender<Signal>) -> Result<Watch, String> {
        let filter_root = root.to_path_buf();
        let debouncer =
            new_debouncer(
                DEBOUNCE,
                Some(TICK),
                move |result: DebounceEventResult| match result {
                    Ok(events) => {
                        let paths = changed_paths(&filter_root, events.iter().map(|e| &e.event));
                        if !paths.is_empty() {
                            let _ = tx.send(Signal::Changed(paths));
                        }
                    }
                    Err(errors) => {
                        for e in errors {
                            let _ = tx.send(Signal::Failed(e.to_string()));
                        }
                    }
                },
            )
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: site.toml (editors replace the
        // file, which would end a watch on the file itself) and the
        // creation of a watched folder that did not exist yet.
        watch
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watch.refresh()?;
        Ok(watch)
    }

    /// Watches the source folders that exist now and were not watched yet
    /// (created since the start, or deleted and created again).
    pub(super) fn refresh(&mut self) -> Result<(), String> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                self.watched.remove(&dir);
                continue;
            }
            if self.watched.contains(&dir) {
                continue;
            }
            self.debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            self.watched.insert(dir);
        }
        Ok(())
    }
}

/// The sorted, distinct paths under `root` that a batch of events says
/// may have new content. When the system dropped events (its queue
/// overflowed) every source is named, so the rebuild misses nothing.
fn changed_paths<'a>(root: &Path, events: impl IntoIterator<Item = &'a Event>) -> Vec<PathBuf> {
    let mut paths = BTreeSet::new();
    for event in events {
        if event.need_rescan() {
            paths.insert(root.join(crate::config::CONFIG_FILE));
            paths.extend(WATCHED_DIRS.iter().map(|d| root.join(d)));
        } else if is_change(&event.kind) {
            paths.extend(event.paths.iter().filter(|p| relevant(root, p)).cloned());
        }
    }
    paths.into_iter().collect()
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

/// Whether a changed path can affect the build.
pub(super) fn relevant(root: &Path, path: &Path) -> bool {
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

    #[test]
    fn reads_and_noise_are_not_changes_and_a_lost_queue_names_every_source() {
        use notify::event::{CreateKind, Flag, ModifyKind, RenameMode};
        let root = Path::new("/site");
        let event = |kind, path: &str| Event::new(kind).add_path(PathBuf::from(path));
        let events = [
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/site/content/a.md",
            ),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                "/site/content/b.md",
            ),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                "/site/ideas/x.md",
            ),
            event(
                EventKind::Create(CreateKind::File),
                "/site/content/.c.md.swp",
            ),
            event(
                EventKind::Create(CreateKind::File),
                "/site/public/index.html",
            ),
            Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
                .add_path(PathBuf::from("/site/content/guides/4913"))
                .add_path(PathBuf::from("/site/content/guides/d.md")),
            event(EventKind::Modify(ModifyKind::Any), "/site/ideas/x.md"),
        ];
        assert_eq!(
            changed_paths(root, &events),
            vec![
                PathBuf::from("/site/content/guides/d.md"),
                PathBuf::from("/site/ideas/x.md"),
            ]
        );
        let lost = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(
            changed_paths(root, [&lost]),
            ["content", "ideas", "site.toml", "static", "themes"]
                .map(|p| root.join(p))
                .to_vec()
        );
    }
}
