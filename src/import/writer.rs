//! Plans and writes the files of an import, all or nothing: each file's new
//! text goes to a staging folder under the site root as it is produced, and
//! only [`Writer::commit`] moves the staged files into place, once the whole
//! export has been read and no file conflicts.

use super::items::stamp;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Question,
    Answer,
    Idea,
    Page,
}

impl Kind {
    pub(crate) const ALL: [Kind; 4] = [Kind::Question, Kind::Answer, Kind::Idea, Kind::Page];

    pub(crate) fn plural(self) -> &'static str {
        match self {
            Kind::Question => "questions",
            Kind::Answer => "answers",
            Kind::Idea => "ideas",
            Kind::Page => "pages",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    New,
    Updated,
    Unchanged,
    /// Why the file cannot be written.
    Conflict(String),
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub path: PathBuf,
    pub kind: Kind,
    /// Files of one group (a question and its answers) are written or
    /// skipped together.
    pub group: String,
    pub outcome: Outcome,
    /// The staged copy: `<staging>/<n>.md`.
    staged: Option<u32>,
}

pub(crate) struct Writer {
    root: PathBuf,
    dry_run: bool,
    staging: Option<tempfile::TempDir>,
    pub entries: Vec<Entry>,
    /// Hashes of the planned paths: two items of one export must not share a
    /// file (a hash collision would only report a false conflict).
    paths: BTreeSet<u64>,
    /// `imported_from` -> the folder or file of pages imported before (by
    /// any earlier import), so a page keeps its slug when its title changes.
    pub previous: BTreeMap<String, PathBuf>,
}

impl Writer {
    /// A writer for the site at `root`; reads the `imported_from` of the
    /// questions and ideas already there.
    pub(crate) fn new(root: &Path, dry_run: bool) -> std::io::Result<Writer> {
        let mut previous = BTreeMap::new();
        let questions = root.join("content/questions");
        if questions.is_dir() {
            for entry in std::fs::read_dir(&questions)?.filter_map(Result::ok) {
                let index = entry.path().join("index.md");
                if let Some(s) = std::fs::read_to_string(&index).ok().and_then(|t| stamp(&t)) {
                    previous.insert(s.imported_from, PathBuf::from(entry.file_name()));
                }
            }
        }
        let ideas = root.join("ideas");
        if ideas.is_dir() {
            for entry in std::fs::read_dir(&ideas)?.filter_map(Result::ok) {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "md") {
                    if let Some(s) = std::fs::read_to_string(&path).ok().and_then(|t| stamp(&t)) {
                        previous.insert(s.imported_from, PathBuf::from(entry.file_name()));
                    }
                }
            }
        }
        Ok(Writer {
            root: root.to_path_buf(),
            dry_run,
            staging: None,
            entries: Vec::new(),
            paths: BTreeSet::new(),
            previous,
        })
    }

    /// The slug an earlier import gave the page from `source_id`, if any.
    pub(crate) fn previous_slug(&self, source_id: &str) -> Option<String> {
        self.previous.get(source_id).map(|p| {
            p.file_stem()
                .unwrap_or(p.as_os_str())
                .to_string_lossy()
                .into_owned()
        })
    }

    /// Decides what happens to `path` (relative to the root) and stages the
    /// text when it is new or an update.
    pub(crate) fn add(
        &mut self,
        path: PathBuf,
        kind: Kind,
        group: &str,
        source_id: &str,
        text: &str,
    ) -> std::io::Result<()> {
        let key = super::fnv64(path.to_string_lossy().as_bytes());
        let outcome = if !self.paths.insert(key) {
            Outcome::Conflict("two items of the export map to this file".into())
        } else {
            self.decide(&path, source_id, text)?
        };
        let staged = match outcome {
            Outcome::New | Outcome::Updated if !self.dry_run => Some(self.stage(text)?),
            _ => None,
        };
        self.entries.push(Entry {
            path,
            kind,
            group: group.to_string(),
            outcome,
            staged,
        });
        Ok(())
    }

    fn decide(&self, path: &Path, source_id: &str, text: &str) -> std::io::Result<Outcome> {
        let target = self.root.join(path);
        let existing = match std::fs::read(&target) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(if target.parent().is_some_and(|p| p.is_file()) {
                    Outcome::Conflict("its folder is a file".into())
                } else {
                    Outcome::New
                })
            }
            Err(e) => return Err(e),
        };
        if existing == text.as_bytes() {
            return Ok(Outcome::Unchanged);
        }
        let existing = String::from_utf8_lossy(&existing);
        let Some(old) = stamp(&existing) else {
            return Ok(Outcome::Conflict(
                "a file not written by import is in the way".into(),
            ));
        };
        if old.imported_from != source_id {
            return Ok(Outcome::Conflict(format!(
                "the file holds `{}`, imported from elsewhere",
                old.imported_from
            )));
        }
        let new = stamp(text).map(|s| s.stored).unwrap_or_default();
        if old.stored == new {
            // same source text as last time; a person's edits since are kept
            Ok(Outcome::Unchanged)
        } else if old.stored == old.current {
            Ok(Outcome::Updated)
        } else {
            Ok(Outcome::Conflict(
                "edited since the last import, and the export changed it too".into(),
            ))
        }
    }

    fn stage(&mut self, text: &str) -> std::io::Result<u32> {
        if self.staging.is_none() {
            self.staging = Some(
                tempfile::Builder::new()
                    .prefix(".townhall-import-")
                    .tempdir_in(&self.root)?,
            );
        }
        let dir = self
            .staging
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        let n = u32::try_from(self.entries.len()).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(format!("{n}.md")), text)?;
        Ok(n)
    }

    /// Groups that have a conflicting file.
    pub(crate) fn conflicting_groups(&self) -> BTreeSet<String> {
        self.entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Conflict(_)))
            .map(|e| e.group.clone())
            .collect()
    }

    /// Moves the staged files into place, leaving out every group with a
    /// conflict. Returns how many files were written.
    pub(crate) fn commit(&mut self) -> std::io::Result<usize> {
        let skip = self.conflicting_groups();
        let mut written = 0;
        let dir = self
            .staging
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        for entry in &self.entries {
            let Some(n) = entry.staged else {
                continue;
            };
            let staged = dir.join(format!("{n}.md"));
            if skip.contains(&entry.group) {
                continue;
            }
            let target = self.root.join(&entry.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(&staged, &target)?;
            written += 1;
        }
        self.staging = None;
        Ok(written)
    }

    /// Counts per kind: [new, updated, unchanged, conflict, held back].
    pub(crate) fn counts(&self) -> BTreeMap<Kind, [usize; 5]> {
        let skip = self.conflicting_groups();
        let mut counts: BTreeMap<Kind, [usize; 5]> = BTreeMap::new();
        for e in &self.entries {
            let row = counts.entry(e.kind).or_default();
            let held = skip.contains(&e.group) && !matches!(e.outcome, Outcome::Conflict(_));
            let column = match (&e.outcome, held) {
                (Outcome::Conflict(_), _) => 3,
                (Outcome::Unchanged, _) => 2,
                (_, true) => 4,
                (Outcome::New, false) => 0,
                (Outcome::Updated, false) => 1,
            };
            if let Some(slot) = row.get_mut(column) {
                *slot += 1;
            }
        }
        counts
    }
}

/// Writes `text` to `path` through a temporary file in the same folder, so
/// a reader never sees half a file.
pub(crate) fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
