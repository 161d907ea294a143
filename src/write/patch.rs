//! Patching the output in place: a build that has the record of what the
//! previous build left in the output folder stages only the files that
//! differ, and `apply` moves them in, rather than staging the whole site
//! and swapping it for the old one. A warm build that changed ten files of
//! twenty thousand then writes ten files instead of creating and removing
//! twenty thousand links and ten thousand folders.
//!
//! A file is left in place when the record gives it the same digest and
//! the file on disk still has the recorded stamp. One whose bytes the
//! previous output holds under another folder with the same file name
//! (the search index's folders are named after their content, so one
//! changed document renames the folder of ten thousand) is moved: the
//! whole folder is renamed when it is not in the new output otherwise, and
//! the file linked from it when it is. The record is checked before the
//! build uses it: every folder must have its recorded stamp, so no file was
//! added to the output or removed from it since; otherwise the build swaps
//! a whole new output in as without a record.
//!
//! A file's stamp is what tells it unchanged, as in `git status`: a file
//! rewritten in place with the same size, within the same tick of the
//! file system's clock as the build wrote it, would pass for unchanged.
//!
//! Nothing is changed before the build has succeeded. While `apply` runs,
//! a reader of the output can see some files new and some old; a failure
//! part way leaves a mix, which the next build (with no record: the caller
//! forgets it before `apply`) replaces whole.

use super::record::{Record, Stamp};
use super::{inside, lock, remove_tree, WriteError};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// How a file of the new output gets there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum How {
    /// It is in the output already, at its path.
    Same,
    /// The previous output has it at this other path.
    Moved(String),
    /// It was written into the staging folder.
    Staged,
}

/// One file of the new output: its path, digest, stamp and how it gets
/// there.
#[derive(Debug)]
pub(super) struct Placed {
    pub(super) path: String,
    pub(super) content: u128,
    pub(super) stamp: Stamp,
    pub(super) how: How,
}

/// The previous output, as its record says and a check found it.
pub(super) struct Previous {
    record: Record,
    /// (file name, digest) -> a path with them, for files that moved.
    by_content: HashMap<(String, u128), String>,
}

impl Previous {
    /// `record`, when it is of `output` and every folder it lists has its
    /// recorded stamp.
    pub(super) fn check(record: Record, output: &Path) -> Result<Previous, String> {
        if record.output != super::absolute(output).to_string_lossy() {
            return Err("it is of another output folder".into());
        }
        let changed = record
            .folders
            .par_iter()
            .find_any(|(folder, stamp)| Stamp::at(&output.join(folder)) != Some(**stamp));
        if let Some((folder, _)) = changed {
            return Err(format!("the output folder /{folder} has changed since"));
        }
        let mut by_content = HashMap::with_capacity(record.files.len());
        for (path, (content, _)) in &record.files {
            let name = file_name(path).to_string();
            by_content
                .entry((name, *content))
                .or_insert_with(|| path.clone());
        }
        Ok(Previous { record, by_content })
    }

    /// How the file `path` with digest `content` can be had without
    /// writing it, with its stamp; `None` when it must be written.
    pub(super) fn find(&self, path: &str, content: u128, output: &Path) -> Option<(How, Stamp)> {
        let unchanged = |at: &str| {
            let (recorded, stamp) = self.record.files.get(at)?;
            let intact = *recorded == content && Stamp::at(&output.join(at)) == Some(*stamp);
            intact.then_some(*stamp)
        };
        if let Some(stamp) = unchanged(path) {
            return Some((How::Same, stamp));
        }
        let elsewhere = self
            .by_content
            .get(&(file_name(path).to_string(), content))?;
        let stamp = unchanged(elsewhere)?;
        Some((How::Moved(elsewhere.clone()), stamp))
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// Every folder of the output that holds `paths`, the output ("") included.
fn folders_of<'p>(paths: impl Iterator<Item = &'p str>) -> HashSet<&'p str> {
    let mut folders = HashSet::from([""]);
    for path in paths {
        let mut folder = parent(path);
        while folders.insert(folder) {
            folder = parent(folder);
        }
    }
    folders
}

/// The record of a whole new output, after it was swapped into place: the
/// files as they were staged, every folder stamped anew. `None` when a
/// folder cannot be stamped.
pub(super) fn fresh(output: &Path, placed: &[Placed]) -> Option<Record> {
    let folders = folders_of(placed.iter().map(|p| p.path.as_str()));
    let folders = stamp_folders(output, folders.into_iter(), &HashMap::new())?;
    Some(record_of(output, placed, folders))
}

fn record_of(output: &Path, placed: &[Placed], folders: HashMap<String, Stamp>) -> Record {
    Record {
        output: super::absolute(output).to_string_lossy().into_owned(),
        files: placed
            .iter()
            .map(|p| (p.path.clone(), (p.content, p.stamp)))
            .collect(),
        folders,
    }
}

/// The stamps of `folders`: `known` ones as they are, the others read.
fn stamp_folders<'f>(
    output: &Path,
    folders: impl Iterator<Item = &'f str>,
    known: &HashMap<&str, Stamp>,
) -> Option<HashMap<String, Stamp>> {
    let folders: Vec<&str> = folders.collect();
    folders
        .par_iter()
        .map(|folder| {
            let stamp = match known.get(folder) {
                Some(stamp) => *stamp,
                None => Stamp::at(&output.join(folder))?,
            };
            Some((folder.to_string(), stamp))
        })
        .collect()
}

/// Patches `output` into the new output `placed` describes, from the
/// previous one and the files in `staging`; runs `beside` once every new
/// file is in place, while the staging folder is removed. Gives the new
/// output's record (`None` when it could not be stamped) and what `beside`
/// gave.
pub(super) fn apply<'p, T: Send>(
    staging: &Path,
    output: &Path,
    previous: &'p Previous,
    placed: &'p [Placed],
    beside: impl FnOnce() -> T + Send,
) -> Result<(Option<Record>, T), WriteError> {
    let io = |what: String, e: std::io::Error| WriteError::Io(format!("cannot {what}: {e}"));
    let record = &previous.record;
    let new_files: HashSet<&str> = placed.iter().map(|p| p.path.as_str()).collect();
    let new_folders = folders_of(new_files.iter().copied());
    let old_folders: HashSet<&str> = record.folders.keys().map(String::as_str).collect();
    // Folders touched by the patch: their stamps are read again at the end.
    let touched = Mutex::new(HashSet::from([""]));

    // 1. Whole folders that moved: a new folder whose files the previous
    //    output has in one folder that the new output does not keep (and
    //    that has no folders of its own) is that folder renamed.
    let has_subfolders: HashSet<&str> = old_folders.iter().map(|f| parent(f)).collect();
    let mut votes: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for place in placed {
        if let How::Moved(from) = &place.how {
            let (to, from) = (parent(&place.path), parent(from));
            if !old_folders.contains(to)
                && !new_folders.contains(from)
                && !has_subfolders.contains(from)
            {
                *votes.entry((to, from)).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<((&str, &str), usize)> = votes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut renamed: HashMap<&str, &str> = HashMap::new(); // from -> to
    let mut renamed_to: HashSet<&str> = HashSet::new();
    for ((to, from), _) in ranked {
        if renamed.contains_key(from) || renamed_to.contains(to) {
            continue;
        }
        let target = output.join(to);
        if let Some(parent_dir) = target.parent() {
            std::fs::create_dir_all(parent_dir)
                .map_err(|e| io(format!("create {}", parent_dir.display()), e))?;
        }
        std::fs::rename(output.join(from), &target)
            .map_err(|e| io(format!("move /{from} to /{to}"), e))?;
        renamed.insert(from, to);
        renamed_to.insert(to);
        lock(&touched).extend([parent(from), parent(to)]);
    }
    // where a file of the previous output is now
    let now_at = |path: &'p str| -> Cow<'p, str> {
        match renamed.get(parent(path)) {
            Some(to) => Cow::Owned(format!("{to}/{}", file_name(path))),
            None => Cow::Borrowed(path),
        }
    };

    // 2. Files that moved otherwise are linked into the staging folder
    //    first, so that nothing they come from is replaced before.
    let linked: Vec<&str> = placed
        .par_iter()
        .filter_map(|place| match &place.how {
            How::Moved(from) if now_at(from) != place.path.as_str() => Some((place, from)),
            _ => None,
        })
        .map(|(place, from)| {
            let target = inside(staging, &place.path)?;
            if let Some(parent_dir) = target.parent() {
                std::fs::create_dir_all(parent_dir)
                    .map_err(|e| io(format!("create {}", parent_dir.display()), e))?;
            }
            std::fs::hard_link(output.join(now_at(from).as_ref()), &target)
                .map_err(|e| io(format!("link {}", target.display()), e))?;
            Ok(place.path.as_str())
        })
        .collect::<Result<_, WriteError>>()?;

    // 3. What the new output does not have goes, files first, then the
    //    folders deepest first (a file may become a folder, or the reverse).
    let stale: Vec<Cow<str>> = record
        .files
        .keys()
        .map(|path| now_at(path))
        .filter(|path| !new_files.contains(path.as_ref()))
        .collect();
    stale.par_iter().try_for_each(|path| {
        lock(&touched).insert(parent(path));
        match std::fs::remove_file(output.join(path.as_ref())) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(io(format!("remove /{path}"), e))
            }
            _ => Ok(()),
        }
    })?;
    let mut gone: Vec<&str> = old_folders
        .iter()
        .copied()
        .filter(|f| !new_folders.contains(f) && !renamed.contains_key(f))
        .collect();
    gone.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    for folder in gone {
        lock(&touched).insert(parent(folder));
        std::fs::remove_dir(output.join(folder))
            .map_err(|e| io(format!("remove the folder /{folder}"), e))?;
    }

    // 4. The staged files (and linked ones) move in.
    let made = Mutex::new(HashSet::new());
    placed
        .par_iter()
        .filter(|place| place.how == How::Staged)
        .map(|place| place.path.as_str())
        .chain(linked.into_par_iter())
        .try_for_each(|path| {
            let folder = parent(path);
            lock(&touched).insert(folder);
            if !old_folders.contains(folder) && !renamed_to.contains(folder) {
                let known = lock(&made).contains(folder);
                if !known {
                    std::fs::create_dir_all(output.join(folder))
                        .map_err(|e| io(format!("create the folder /{folder}"), e))?;
                    lock(&made).insert(folder);
                }
            }
            let from = inside(staging, path)?;
            std::fs::rename(&from, output.join(path)).map_err(|e| io(format!("write /{path}"), e))
        })?;

    // Every new file is in place: the caller's work runs beside the
    // removal of the staging folder.
    let ((), value) = rayon::join(|| remove_tree(staging), beside);

    // Folders made by the patch, and their parents, changed too.
    let mut touched = touched
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for folder in &new_folders {
        if !old_folders.contains(folder) {
            touched.extend([*folder, parent(folder)]);
        }
    }
    let known: HashMap<&str, Stamp> = record
        .folders
        .iter()
        .filter(|(folder, _)| !touched.contains(folder.as_str()))
        .map(|(folder, stamp)| (folder.as_str(), *stamp))
        .collect();
    let folders = stamp_folders(output, new_folders.iter().copied(), &known);
    Ok((
        folders.map(|folders| record_of(output, placed, folders)),
        value,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{Record, Staging};
    use crate::output::Output;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn bytes(path: &str, text: &str) -> Output {
        Output::Bytes {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Builds `outputs` into `output` with `record` attached (when it
    /// can be); gives the new record and whether the output was patched.
    fn build(output: &Path, outputs: Vec<Output>, record: Option<Record>) -> (Record, bool) {
        let staging = Staging::create(output, true).unwrap();
        let patched = record.is_some_and(|r| staging.attach(r).is_ok());
        for item in &outputs {
            staging.put(item).unwrap();
        }
        let (files, record, ()) = staging.commit_beside(|| ()).unwrap();
        assert_eq!(files, outputs.len());
        (record.expect("a record"), patched)
    }

    /// Every file under `dir` with its text, and every folder (as "dir/").
    fn tree(dir: &Path) -> BTreeMap<String, String> {
        let mut found = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).min_depth(1) {
            let entry = entry.unwrap();
            let path = entry.path().strip_prefix(dir).unwrap();
            let path = path.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                found.insert(format!("{path}/"), String::new());
            } else {
                found.insert(path, std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        found
    }

    #[test]
    fn a_patched_output_equals_a_replaced_one() {
        let dir = tempfile::tempdir().unwrap();
        let (patched_out, whole_out) = (dir.path().join("patched"), dir.path().join("whole"));
        let first = || {
            vec![
                bytes("index.html", "home"),
                bytes("guides/a/index.html", "A"),
                bytes("guides/b/index.html", "B"),
                bytes("gone/index.html", "gone"),
                bytes("file-then-folder", "f"),
                bytes("folder-then-file/x.txt", "x"),
                bytes("search/p.1111/0.json", "doc 0"),
                bytes("search/p.1111/1.json", "doc 1"),
                bytes("search/p.1111/2.json", "doc 2"),
                bytes("search/p.1111/3.json", "doc 3"),
            ]
        };
        let second = || {
            vec![
                bytes("index.html", "home"),
                bytes("guides/a/index.html", "A, edited"),
                bytes("guides/b/index.html", "B"),
                bytes("guides/c/index.html", "new"),
                bytes("file-then-folder/y.txt", "y"),
                bytes("folder-then-file", "now a file"),
                // one document edited, one gone: the folder's name changes
                bytes("search/p.2222/0.json", "doc 0"),
                bytes("search/p.2222/1.json", "doc 1, edited"),
                bytes("search/p.2222/2.json", "doc 2"),
                // the same bytes under another name are written, not moved
                bytes("search/p.2222/4.json", "doc 3"),
            ]
        };
        let (record, patched) = build(&patched_out, first(), None);
        assert!(!patched);
        let inode_of = |path: &str| super::Stamp::at(&patched_out.join(path)).unwrap().inode();
        let kept_before = inode_of("guides/b/index.html");
        let moved_before = inode_of("search/p.1111/2.json");

        let (record, patched) = build(&patched_out, second(), Some(record));
        assert!(patched, "the output is as its record says");
        build(&whole_out, second(), None);
        assert_eq!(tree(&patched_out), tree(&whole_out));
        assert_eq!(
            inode_of("guides/b/index.html"),
            kept_before,
            "left in place"
        );
        assert_eq!(
            inode_of("search/p.2222/2.json"),
            moved_before,
            "moved with its folder"
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no staging folder is left");

        // the record is what a fresh look at the output finds
        let placed: Vec<_> = record.files.keys().cloned().collect();
        for path in &placed {
            let (_, stamp) = record.files[path];
            assert_eq!(
                super::Stamp::at(&patched_out.join(path)),
                Some(stamp),
                "{path}"
            );
        }
        for (folder, stamp) in &record.folders {
            assert_eq!(
                super::Stamp::at(&patched_out.join(folder)),
                Some(*stamp),
                "/{folder}"
            );
        }

        // a file added by hand changes its folder: the record is refused
        // and the output replaced whole, the stray file gone with it
        std::fs::write(patched_out.join("guides/stray.txt"), "mine").unwrap();
        let (_, patched) = build(&patched_out, second(), Some(record));
        assert!(!patched);
        assert_eq!(tree(&patched_out), tree(&whole_out));
    }

    #[test]
    fn a_file_changed_in_place_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = || {
            vec![
                bytes("a/index.html", "same"),
                bytes("b/index.html", "same too"),
            ]
        };
        let (record, _) = build(&out, site(), None);
        // same size and inode, so only the modification time tells
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(out.join("a/index.html"))
            .unwrap();
        std::io::Write::write_all(&mut &file, b"SAME").unwrap();
        let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        file.set_modified(earlier).unwrap();
        drop(file);
        let (_, patched) = build(&out, site(), Some(record));
        assert!(patched);
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
    }
}
