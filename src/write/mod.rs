//! Stage 6: write every output into a staging directory beside the output,
//! then swap it into place. A failed or interrupted build leaves the previous
//! output untouched; nothing is written outside the output (or its staging
//! twin), and an output directory that holds the sources is refused.

mod patch;
mod record;

use crate::hash::Digest;
use crate::output::Output;
use patch::{How, Placed, Previous};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

pub(crate) use record::{Record, Stamp};

#[derive(Debug)]
pub(crate) enum WriteError {
    /// The output directory is unsafe to replace (it is or holds the sources).
    Refused(String),
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(m) | WriteError::Io(m) => f.write_str(m),
        }
    }
}

/// Checks that replacing `output` cannot destroy the site at `root`.
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = absolute(root);
    let output = absolute(output);
    if output == root || root.starts_with(&output) {
        return Err(WriteError::Refused(format!(
            "refusing to use {} as the output directory: it holds the site's sources",
            output.display()
        )));
    }
    for source in ["content", "ideas", "static", "themes", "site.toml", ".git"] {
        let dir = root.join(source);
        if output.starts_with(&dir) {
            return Err(WriteError::Refused(format!(
                "refusing to write the output inside {}: choose a folder outside the sources, such as public/",
                dir.display()
            )));
        }
    }
    if output.is_dir() && output.join("site.toml").exists() {
        return Err(WriteError::Refused(format!(
            "refusing to replace {}: it contains a site.toml, so it looks like a site, not a build output",
            output.display()
        )));
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonicalise what exists (resolving symlinks), then fold the rest lexically.
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    let mut folded = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                folded.pop();
            }
            Component::CurDir => {}
            other => folded.push(other),
        }
    }
    folded
}

/// Where the output file `path` goes in the folder `dir`; refused when
/// `path` would leave it.
pub(crate) fn inside(dir: &Path, path: &str) -> Result<PathBuf, WriteError> {
    safe_relative(path).map(|rel| dir.join(rel)).ok_or_else(|| {
        WriteError::Refused(format!(
            "refusing to write outside the output directory: {path}"
        ))
    })
}

/// An output path is safe when it is relative and never climbs.
pub(crate) fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

fn staging_path(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.townhall-{tag}"))
}

/// Removes staging and retired directories left by interrupted builds.
fn clean_leftovers(output: &Path) {
    let Some(parent) = output.parent() else {
        return;
    };
    let Some(name) = output.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.townhall-");
    if let Ok(entries) = std::fs::read_dir(if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    }) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Writes `outputs` to `output` atomically. Returns the number of files written.
pub(crate) fn write(output: &Path, outputs: &[Output]) -> Result<usize, WriteError> {
    let staging = Staging::create(output, false)?;
    if let Err(e) = outputs.par_iter().try_for_each(|item| staging.put(item)) {
        staging.abandon();
        return Err(e);
    }
    staging.commit()
}

/// A build being written: files go into a staging folder beside the output
/// as they are rendered, and `commit` swaps it into place. Until then the
/// previous output is untouched; `abandon` (or an interrupted process, whose
/// leftovers the next build removes) leaves it as it was.
///
/// A build that keeps a [`Record`] of its output (the persistent cache)
/// and is given the previous build's (`attach`) stages only the files that
/// differ from what the output holds, and `commit` patches them in (see
/// `patch`).
pub(crate) struct Staging {
    dir: PathBuf,
    output: PathBuf,
    files: AtomicUsize,
    /// The folders made so far: most files share their folder with others
    /// (a search index's thousands of files), which then need no system call.
    folders: Mutex<HashSet<PathBuf>>,
    /// Where each file went, when the build records its output.
    placed: Option<Mutex<Vec<Placed>>>,
    /// The previous output, when it is as its record says.
    previous: OnceLock<Previous>,
}

impl Staging {
    /// A staging folder for `output`; with `record`, the build records
    /// what it writes, for `commit` to give back.
    pub(crate) fn create(output: &Path, record: bool) -> Result<Staging, WriteError> {
        clean_leftovers(output);
        let dir = staging_path(output, &format!("staging-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| WriteError::Io(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            files: AtomicUsize::new(0),
            folders: Mutex::new(HashSet::new()),
            placed: record.then(|| Mutex::new(Vec::new())),
            previous: OnceLock::new(),
        })
    }

    /// Patches the output from `record` (what an earlier build left there)
    /// rather than replacing it, when the output still is as `record` says;
    /// call it before the first `put`. Says why not, if not.
    pub(crate) fn attach(&self, record: Record) -> Result<(), String> {
        if self.placed.is_none() {
            return Err("this build records no output".into());
        }
        let previous = Previous::check(record, &self.output)?;
        self.previous
            .set(previous)
            .map_err(|_| "an earlier record is attached".to_string())
    }

    /// Writes one file; safe to call from many threads at once.
    pub(crate) fn put(&self, item: &Output) -> Result<(), WriteError> {
        self.files.fetch_add(1, Ordering::Relaxed);
        let Some(placed) = &self.placed else {
            write_one(&self.dir, item, &self.folders)?;
            return Ok(());
        };
        let content = match item {
            Output::Bytes { bytes, .. } => Some(Digest::new().bytes(bytes).finish()),
            Output::Kept { content, .. } => Some(*content),
            // copied files are not read to digest them: always staged
            Output::Copy { .. } => None,
        };
        let found = match (self.previous.get(), content) {
            (Some(previous), Some(content)) => previous.find(item.path(), content, &self.output),
            _ => None,
        };
        let place = match found {
            Some((how, stamp)) => Placed {
                path: item.path().to_string(),
                content: content.unwrap_or_default(),
                stamp,
                how,
            },
            None => {
                let target = write_one(&self.dir, item, &self.folders)?;
                let stamp = Stamp::at(&target).ok_or_else(|| {
                    WriteError::Io(format!("cannot read back {}", target.display()))
                })?;
                Placed {
                    path: item.path().to_string(),
                    content: content.unwrap_or_default(),
                    stamp,
                    how: How::Staged,
                }
            }
        };
        lock(placed).push(place);
        Ok(())
    }

    /// Replaces the output with the staged files; returns how many there are.
    pub(crate) fn commit(self) -> Result<usize, WriteError> {
        self.commit_beside(|| ()).map(|(files, _, ())| files)
    }

    /// `commit`, running `beside` once the new output is in place, while
    /// what is left of the previous one is removed; with the record of the
    /// output (when the build records one and could stamp every file) and
    /// what `beside` gave.
    pub(crate) fn commit_beside<T: Send>(
        self,
        beside: impl FnOnce() -> T + Send,
    ) -> Result<(usize, Option<Record>, T), WriteError> {
        let files = self.files.load(Ordering::Relaxed);
        let placed = self.placed.map(|placed| {
            placed
                .into_inner()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        });
        if let (Some(previous), Some(placed)) = (self.previous.into_inner(), placed.as_ref()) {
            let (record, value) = patch::apply(&self.dir, &self.output, &previous, placed, beside)?;
            return Ok((files, record, value));
        }
        match swap(&self.dir, &self.output) {
            Ok(retired) => {
                let ((), (value, record)) = rayon::join(
                    || {
                        if let Some(retired) = retired {
                            remove_tree(&retired);
                        }
                    },
                    || {
                        let value = beside();
                        let record = placed.map(|placed| patch::fresh(&self.output, &placed));
                        (value, record.flatten())
                    },
                );
                Ok((files, record, value))
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&self.dir);
                Err(e)
            }
        }
    }

    pub(crate) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `item` under `staging`; returns where.
fn write_one(
    staging: &Path,
    item: &Output,
    folders: &Mutex<HashSet<PathBuf>>,
) -> Result<PathBuf, WriteError> {
    let target = inside(staging, item.path())?;
    if let Some(parent) = target.parent() {
        let made = folders.lock().is_ok_and(|made| made.contains(parent));
        if !made {
            std::fs::create_dir_all(parent)
                .map_err(|e| WriteError::Io(format!("cannot create {}: {e}", parent.display())))?;
            if let Ok(mut folders) = folders.lock() {
                folders.insert(parent.to_path_buf());
            }
        }
    }
    match item {
        Output::Bytes { bytes, .. } => std::fs::write(&target, bytes),
        Output::Copy { source, .. } => std::fs::copy(source, &target).map(|_| ()),
        Output::Kept { source, .. } => std::fs::hard_link(source, &target)
            .or_else(|_| std::fs::copy(source, &target).map(|_| ())),
    }
    .map_err(|e| WriteError::Io(format!("cannot write {}: {e}", target.display())))?;
    Ok(target)
}

/// Puts `staging` where `output` is: the old output is renamed aside first,
/// so at every moment one complete build is on disk.
/// Moves `staging` into place as `output`; returns where the previous
/// output went, for the caller to remove.
fn swap(staging: &Path, output: &Path) -> Result<Option<PathBuf>, WriteError> {
    let io = |what: &str, e: std::io::Error| WriteError::Io(format!("cannot {what}: {e}"));
    if output.exists() {
        let retired = staging_path(output, &format!("retired-{}", std::process::id()));
        std::fs::rename(output, &retired).map_err(|e| io("move the previous output aside", e))?;
        if let Err(e) = std::fs::rename(staging, output) {
            // put the previous build back
            let _ = std::fs::rename(&retired, output);
            return Err(io("move the new output into place", e));
        }
        return Ok(Some(retired));
    } else {
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| io("create the output's parent folder", e))?;
        }
        std::fs::rename(staging, output).map_err(|e| io("move the new output into place", e))?;
    }
    Ok(None)
}

/// Removes a folder and everything in it, its subfolders in parallel (a
/// site's output is tens of thousands of files); best effort.
fn remove_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<_> = entries.flatten().collect();
    entries.par_iter().for_each(|entry| {
        let path = entry.path();
        // a link is removed, never followed
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_tree(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    });
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_output_paths_are_refused() {
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
        assert_eq!(
            safe_relative("a/b/index.html"),
            Some(PathBuf::from("a/b/index.html"))
        );
    }

    #[test]
    fn output_dir_holding_sources_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.toml"), "").unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, &root.join("..")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn write_replaces_previous_output_completely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let one = vec![Output::Bytes {
            path: "a/index.html".into(),
            bytes: b"1".to_vec(),
        }];
        write(&out, &one).unwrap();
        let two = vec![Output::Bytes {
            path: "b.txt".into(),
            bytes: b"2".to_vec(),
        }];
        write(&out, &two).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"2");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "only the output remains");
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &out,
            &[Output::Bytes {
                path: "keep.txt".into(),
                bytes: b"old".to_vec(),
            }],
        )
        .unwrap();
        let bad = vec![Output::Bytes {
            path: "../escape.txt".into(),
            bytes: b"x".to_vec(),
        }];
        assert!(write(&out, &bad).is_err());
        assert_eq!(std::fs::read(out.join("keep.txt")).unwrap(), b"old");
        assert!(!dir.path().join("escape.txt").exists());
    }
}
