//! Keeps the served directory equal to the last good build while touching
//! only what changed: a digest of every file written stays in memory, each
//! rebuild's outputs are compared with them, and only files whose bytes
//! differ are written (each through a temporary file and a rename, so a
//! request never reads half a file); files the new build no longer has are
//! deleted. A page the persistent cache kept carries the digest of its
//! bytes, so it compares equal to the same page rendered later.

use crate::hash::Digest;
use crate::output::Output;
use crate::write::{self, WriteError};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What was last written at one output path.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// Made bytes, by their digest (`hash::Digest`).
    Content(u128),
    /// A copied source file, recognised by its metadata so that unchanged
    /// assets are not read again on every rebuild.
    Copied(Fingerprint),
}

#[derive(Debug, PartialEq, Eq)]
struct Fingerprint {
    source: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

impl Fingerprint {
    fn of(source: &Path) -> Fingerprint {
        let meta = std::fs::metadata(source).ok();
        Fingerprint {
            source: source.to_path_buf(),
            len: meta.as_ref().map_or(0, std::fs::Metadata::len),
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

/// What an output is compared by, and what writing it takes.
fn entry_of(output: &Output) -> Entry {
    match output {
        Output::Bytes { bytes, .. } => Entry::Content(Digest::new().bytes(bytes).finish()),
        Output::Kept { content, .. } => Entry::Content(*content),
        Output::Copy { source, .. } => Entry::Copied(Fingerprint::of(source)),
    }
}

/// What one update changed, as output paths (`/`-separated).
#[derive(Debug, Default)]
pub(super) struct Changes {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub(super) fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// The served directory and what is in it.
pub(super) struct Mirror {
    dir: PathBuf,
    files: BTreeMap<String, Entry>,
}

impl Mirror {
    /// Writes a complete build into `dir` (replacing whatever was there).
    pub(super) fn create(dir: &Path, outputs: Vec<Output>) -> Result<Mirror, WriteError> {
        write::write(dir, &outputs)?;
        Ok(Mirror {
            dir: dir.to_path_buf(),
            files: outputs
                .par_iter()
                .map(|o| (o.path().to_string(), entry_of(o)))
                .collect(),
        })
    }

    /// The served directory.
    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Brings the directory to `outputs`, writing only what differs.
    pub(super) fn update(&mut self, outputs: Vec<Output>) -> Result<Changes, WriteError> {
        self.update_keeping(outputs, &BTreeSet::new())
    }

    /// `update` for a render that left the files in `kept` out on purpose:
    /// they stay as they are instead of being removed.
    pub(super) fn update_keeping(
        &mut self,
        outputs: Vec<Output>,
        kept: &BTreeSet<String>,
    ) -> Result<Changes, WriteError> {
        let entries: Vec<(Output, Entry)> = outputs
            .into_par_iter()
            .map(|o| {
                let entry = entry_of(&o);
                (o, entry)
            })
            .collect();
        let written = entries
            .par_iter()
            .filter(|(output, entry)| self.files.get(output.path()) != Some(entry))
            .map(|(output, _)| self.replace(output).map(|()| output.path().to_string()))
            .collect::<Result<Vec<String>, WriteError>>();
        let mut new: BTreeMap<String, Entry> = entries
            .into_iter()
            .map(|(output, entry)| (output.path().to_string(), entry))
            .collect();
        let written = match written {
            Ok(written) => written,
            Err(e) => {
                // Some files may be new and some old: rewrite everything so
                // the directory is one consistent build again.
                self.files.clear();
                return Err(e);
            }
        };
        for path in kept {
            if !new.contains_key(path) {
                if let Some(entry) = self.files.remove(path) {
                    new.insert(path.clone(), entry);
                }
            }
        }
        let removed: Vec<String> = self
            .files
            .keys()
            .filter(|path| !new.contains_key(*path))
            .cloned()
            .collect();
        for path in &removed {
            self.remove(path);
        }
        self.files = new;
        Ok(Changes { written, removed })
    }

    /// Writes some outputs of a build ahead of the rest (the pages being
    /// edited); returns the paths whose bytes changed. Nothing is removed:
    /// the complete build that follows does that.
    pub(super) fn put(&mut self, outputs: Vec<Output>) -> Result<Vec<String>, WriteError> {
        let mut written = Vec::new();
        for output in outputs {
            let entry = entry_of(&output);
            if self.files.get(output.path()) == Some(&entry) {
                continue;
            }
            if let Err(e) = self.replace(&output) {
                self.files.clear();
                return Err(e);
            }
            let path = output.path().to_string();
            self.files.insert(path.clone(), entry);
            written.push(path);
        }
        Ok(written)
    }

    /// Like `update`, but after a failed update rewrites the whole directory.
    pub(super) fn apply(&mut self, outputs: Vec<Output>) -> Result<Changes, WriteError> {
        if !self.files.is_empty() {
            return self.update(outputs);
        }
        let written = outputs.iter().map(|o| o.path().to_string()).collect();
        *self = Mirror::create(&self.dir, outputs)?;
        Ok(Changes {
            written,
            removed: Vec::new(),
        })
    }

    fn target(&self, path: &str) -> Result<PathBuf, WriteError> {
        write::inside(&self.dir, path)
    }

    fn replace(&self, output: &Output) -> Result<(), WriteError> {
        let target = self.target(output.path())?;
        let io = |what: &Path, e: std::io::Error| {
            WriteError::Io(format!("cannot write {}: {e}", what.display()))
        };
        let parent = target.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        // Hidden, so it can never be mistaken for output, and unique per file.
        let temp = parent.join(format!(".{name}.townhall-new"));
        match output {
            Output::Bytes { bytes, .. } => std::fs::write(&temp, bytes),
            Output::Copy { source, .. } | Output::Kept { source, .. } => {
                std::fs::copy(source, &temp).map(|_| ())
            }
        }
        .map_err(|e| io(&temp, e))?;
        std::fs::rename(&temp, &target).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            io(&target, e)
        })
    }

    /// Deletes a file that disappeared, and the folders it leaves empty, so
    /// the directory matches a clean build.
    fn remove(&self, path: &str) {
        let Ok(target) = self.target(path) else {
            return;
        };
        let _ = std::fs::remove_file(&target);
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
            // fails (and stops) at the first folder that still has something in it
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str, text: &str) -> Output {
        Output::Bytes {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn only_changed_files_are_written_and_vanished_ones_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let mut mirror = Mirror::create(
            &dir,
            vec![
                bytes("index.html", "home"),
                bytes("a/b/index.html", "ab"),
                bytes("c.txt", "c"),
            ],
        )
        .unwrap();
        let changes = mirror
            .apply(vec![
                bytes("index.html", "home"),
                bytes("c.txt", "c2"),
                bytes("d/index.html", "d"),
            ])
            .unwrap();
        assert_eq!(changes.written, vec!["c.txt", "d/index.html"]);
        assert_eq!(changes.removed, vec!["a/b/index.html"]);
        assert!(!dir.join("a").exists(), "empty folders go too");
        assert_eq!(std::fs::read_to_string(dir.join("c.txt")).unwrap(), "c2");
        assert!(mirror.apply(vec![]).unwrap().removed.len() == 3);
    }

    #[test]
    fn a_kept_page_equals_the_same_bytes_rendered() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept");
        std::fs::write(&kept, "page").unwrap();
        let dir = tmp.path().join("out");
        let mut mirror = Mirror::create(
            &dir,
            vec![Output::Kept {
                path: "a/index.html".into(),
                source: kept,
                content: Digest::new().bytes(b"page").finish(),
            }],
        )
        .unwrap();
        let changes = mirror
            .apply(vec![bytes("a/index.html", "page"), bytes("b.txt", "b")])
            .unwrap();
        assert_eq!(changes.written, vec!["b.txt"]);
        let changes = mirror.apply(vec![bytes("a/index.html", "new")]).unwrap();
        assert_eq!(changes.written, vec!["a/index.html"]);
        assert_eq!(
            std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
            "new"
        );
    }

    #[test]
    fn climbing_paths_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let mut mirror = Mirror::create(&dir, vec![bytes("a.txt", "a")]).unwrap();
        assert!(mirror.apply(vec![bytes("../x.txt", "x")]).is_err());
        assert!(!tmp.path().join("x.txt").exists());
    }
}
