//! The temporary folder a `serve` without `--output` writes the site into.
//! Made beside the persistent cache, so that kept pages are linked into it
//! rather than copied, it outlives a server that was killed (no system
//! clean-up ever looks there). So every live server holds a lock on a file
//! in its folder, and the next server to start removes the folders whose
//! lock nobody holds.

use std::fs::File;
use std::path::{Path, PathBuf};

const PREFIX: &str = "townhall-serve-";
const LOCK: &str = "lock";

pub(super) struct TempOutput {
    /// Declared before `dir`, so the lock is released before the folder is
    /// removed (a locked file cannot be removed on every system).
    _lock: Option<File>,
    dir: tempfile::TempDir,
}

impl TempOutput {
    /// A new folder in `beside_cache` when there is one and it can be
    /// written (removing what killed servers left there), else in the
    /// system's temporary folder.
    pub(super) fn create(beside_cache: Option<&Path>) -> Result<TempOutput, String> {
        if let Some(parent) = beside_cache {
            remove_abandoned(parent);
            if let Some(made) = TempOutput::create_in(parent) {
                return Ok(made);
            }
        }
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        Ok(TempOutput { _lock: None, dir })
    }

    fn create_in(parent: &Path) -> Option<TempOutput> {
        std::fs::create_dir_all(parent).ok()?;
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in(parent)
            .ok()?;
        // locked before it gets its name: no other server ever finds it
        // unlocked while this one lives
        let partial = dir.path().join(format!("{LOCK}.partial"));
        let lock = File::create(&partial).ok()?;
        lock.try_lock().ok()?;
        std::fs::rename(&partial, dir.path().join(LOCK)).ok()?;
        Some(TempOutput {
            _lock: Some(lock),
            dir,
        })
    }

    /// Where the site is written, inside the folder.
    pub(super) fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

/// Removes the folders in `parent` of servers that are gone: those whose
/// lock can be taken. A folder without a lock file is being made (or is
/// not a server's): it is left alone.
fn remove_abandoned(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let Ok(lock) = File::open(entry.path().join(LOCK)) else {
            continue;
        };
        if lock.try_lock().is_ok() {
            drop(lock);
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_servers_folder_is_removed_and_a_live_ones_kept() {
        let cache = tempfile::tempdir().unwrap();
        let live = TempOutput::create(Some(cache.path())).unwrap();
        assert!(live.site().starts_with(cache.path()));
        std::fs::create_dir_all(live.site()).unwrap();
        // what a killed server leaves: its folder, its lock file unlocked
        let dead = cache.path().join(format!("{PREFIX}dead"));
        std::fs::create_dir_all(dead.join("site")).unwrap();
        std::fs::write(dead.join(LOCK), "").unwrap();
        // a folder still being made has no lock file yet
        let young = cache.path().join(format!("{PREFIX}young"));
        std::fs::create_dir_all(&young).unwrap();

        let next = TempOutput::create(Some(cache.path())).unwrap();
        assert!(!dead.exists(), "the killed server's folder stays");
        assert!(live.site().is_dir(), "a live server's folder was removed");
        assert!(young.exists());
        assert_ne!(next.site(), live.site());

        let folder = live.dir.path().to_path_buf();
        drop(live);
        assert!(!folder.exists(), "a server's own folder goes when it stops");
    }
}
