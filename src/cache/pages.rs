//! Pages an earlier build rendered, kept so that the next build renders
//! only what changed (`pages.bin` and the folder `pages/`).
//!
//! Every rendered page is recorded with the key of what it was made from
//! and a digest of its bytes; the bytes themselves are kept in `pages/`,
//! one file per distinct content, named by that digest and hard-linked to
//! the output file the build wrote (so keeping them costs no copy where the
//! cache and the output share a disk). A later build whose key for a page
//! is the same links the kept file into its output instead of rendering.
//!
//! There are two kinds of key, the page's *scope*:
//!
//! * [`Scope::Own`]: a guide's page, keyed by the site's shared digest (see
//!   `Site::digest_shared`) and everything of the guide itself, body text
//!   included. Editing a guide's body renders that page alone.
//! * [`Scope::Shared`]: every other page (listings, tags, questions, ideas,
//!   redirects), keyed by the shared digest alone, and kept or rendered as
//!   one set per language: they are all of them unchanged, or all rendered.
//!
//! A kept file is checked before it is used: it must have the size and
//! modification time (whole seconds, which archives keep) it had when the
//! build that kept it ended. One changed in place (through a link from an
//! output folder, say) fails that check, and its page is rendered again.
//!
//! Layout of `pages.bin`, inside the cache's frame (see the module above):
//! the shared digests of the languages (a count, then per language its
//! prefix and digest), then per page: its output path, its language's
//! prefix, its scope (1 byte), its key and content digest (16 bytes each),
//! the kept file's size and modification time (8 bytes each). Strings are
//! a 4-byte length and UTF-8; numbers little-endian.

use super::{frame, take, unframe, Cache};
use crate::hash::Digest;
use crate::output::Output;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

const MANIFEST: &str = "pages.bin";
const STORE: &str = "pages";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Keyed by the page's own inputs with the shared digest.
    Own,
    /// Keyed by the language's shared digest alone.
    Shared,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    path: String,
    /// The output prefix of the page's language ("" or "fr/").
    language: String,
    scope: Scope,
    key: u128,
    content: u128,
    size: u64,
    modified: u64,
}

/// What a build knows of the pages an earlier build kept, and what it
/// keeps for the next.
pub(crate) struct Pages {
    manifest: PathBuf,
    store: PathBuf,
    fingerprint: String,
    earlier: HashMap<String, Entry>,
    /// Language prefix -> the shared digest the earlier build had.
    earlier_shared: BTreeMap<String, u128>,
    /// This build's pages, and the shared digests it rendered with.
    kept: Mutex<(Vec<Entry>, BTreeMap<String, u128>)>,
    /// Whether this build kept any page an earlier one made.
    kept_any: AtomicBool,
}

impl Pages {
    pub(super) fn open(cache: &Cache) -> (Pages, Option<String>) {
        let mut pages = Pages {
            manifest: cache.dir.join(MANIFEST),
            store: cache.dir.join(STORE),
            fingerprint: cache.fingerprint.clone(),
            earlier: HashMap::new(),
            earlier_shared: BTreeMap::new(),
            kept: Mutex::new(Default::default()),
            kept_any: AtomicBool::new(false),
        };
        let notice = match cache
            .read_file(MANIFEST)
            .and_then(|bytes| decode(&bytes, &cache.fingerprint).map_err(Some))
        {
            Ok((shared, entries)) => {
                pages.earlier_shared = shared;
                pages.earlier = entries.into_iter().map(|e| (e.path.clone(), e)).collect();
                None
            }
            Err(why) => why,
        };
        (pages, notice)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, (Vec<Entry>, BTreeMap<String, u128>)> {
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn stored(&self, content: u128) -> PathBuf {
        self.store.join(format!("{content:032x}"))
    }

    /// Whether the kept file of `entry` is as the build that kept it left it.
    fn intact(&self, entry: &Entry) -> bool {
        stamp(&self.stored(entry.content)) == Some((entry.size, entry.modified))
    }

    /// The page at `path` (the language's prefix included) as an earlier
    /// build made it, when its key was `key`.
    pub(crate) fn reuse(&self, path: &str, key: u128) -> Option<Output> {
        let entry = self.earlier.get(path)?;
        if entry.key != key || entry.scope != Scope::Own || !self.intact(entry) {
            return None;
        }
        self.kept().0.push(entry.clone());
        self.kept_any.store(true, Ordering::Relaxed);
        Some(Output::Kept {
            path: path.to_string(),
            source: self.stored(entry.content),
            content: entry.content,
        })
    }

    /// Every shared page of the language at `language` as the earlier build
    /// made them, when its shared digest was `shared` too; `None` (render
    /// them all) when it was not or one of them is missing.
    pub(crate) fn reuse_shared(&self, language: &str, shared: u128) -> Option<Vec<Output>> {
        self.kept().1.insert(language.to_string(), shared);
        if self.earlier_shared.get(language) != Some(&shared) {
            return None;
        }
        let entries: Vec<&Entry> = self
            .earlier
            .values()
            .filter(|e| e.scope == Scope::Shared && e.language == language)
            .collect();
        if !entries.par_iter().all(|e| self.intact(e)) {
            return None;
        }
        let outputs = entries
            .iter()
            .map(|e| Output::Kept {
                path: e.path.clone(),
                source: self.stored(e.content),
                content: e.content,
            })
            .collect();
        self.kept().0.extend(entries.into_iter().cloned());
        self.kept_any.store(true, Ordering::Relaxed);
        Some(outputs)
    }

    /// Whether this build kept any page an earlier one made.
    pub(crate) fn kept_any(&self) -> bool {
        self.kept_any.load(Ordering::Relaxed)
    }

    /// Records a page this build rendered, to keep it for the next.
    pub(crate) fn made(&self, language: &str, scope: Scope, path: &str, key: u128, bytes: &[u8]) {
        let entry = Entry {
            path: path.to_string(),
            language: language.to_string(),
            scope,
            key,
            content: Digest::new().bytes(bytes).finish(),
            size: bytes.len() as u64,
            modified: 0,
        };
        self.kept().0.push(entry);
    }

    /// After the build is in `output`: keeps the pages it rendered (linked
    /// from `output`), writes the manifest and removes the kept files no
    /// page uses any more. A page that cannot be kept is left out.
    pub(crate) fn save(&self, output: &Path) -> std::io::Result<()> {
        let (entries, mut shared) = std::mem::take(&mut *self.kept());
        let shared_count = |entries: &[Entry]| -> BTreeMap<String, usize> {
            let mut counts = BTreeMap::new();
            for e in entries.iter().filter(|e| e.scope == Scope::Shared) {
                *counts.entry(e.language.clone()).or_default() += 1;
            }
            counts
        };
        let shared_before = shared_count(&entries);
        std::fs::create_dir_all(&self.store)?;
        // one page per content: the first to need a new kept file links it
        let mut claimed = HashSet::new();
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|e| (claimed.insert(e.content), e))
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter_map(|(first, mut entry)| {
                let stored = self.stored(entry.content);
                // a kept page's file was found intact when it was reused
                if !first || entry.modified != 0 {
                    return Some(entry);
                }
                let (size, modified) = match stamp(&stored) {
                    Some((size, modified)) if size == entry.size => (size, modified),
                    _ => {
                        let _ = std::fs::remove_file(&stored);
                        let written = output.join(&entry.path);
                        // a copy where the output is on another disk
                        std::fs::hard_link(&written, &stored)
                            .or_else(|_| std::fs::copy(&written, &stored).map(|_| ()))
                            .ok()?;
                        stamp(&stored)?
                    }
                };
                entry.size = size;
                entry.modified = modified;
                Some(entry)
            })
            .collect();
        // later pages with an already kept content take its stamp
        let stamps: HashMap<u128, (u64, u64)> = entries
            .iter()
            .filter(|e| e.modified != 0)
            .map(|e| (e.content, (e.size, e.modified)))
            .collect();
        let mut entries: Vec<Entry> = entries
            .into_iter()
            .filter_map(|mut e| {
                let (size, modified) = *stamps.get(&e.content)?;
                e.size = size;
                e.modified = modified;
                Some(e)
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        // A language's shared pages are kept all or none: one that could not
        // be kept (no link across disks, say) leaves its language unkept.
        let shared_after = shared_count(&entries);
        shared.retain(|language, _| shared_before.get(language) == shared_after.get(language));
        entries.retain(|e| e.scope == Scope::Own || shared.contains_key(&e.language));
        let used: HashSet<String> = entries
            .iter()
            .map(|e| format!("{:032x}", e.content))
            .collect();
        let bytes = frame(&encode(&shared, &entries), &self.fingerprint);
        let partial = self.manifest.with_extension("bin.partial");
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &self.manifest)?;
        for file in std::fs::read_dir(&self.store)?.flatten() {
            if !used.contains(file.file_name().to_string_lossy().as_ref()) {
                let _ = std::fs::remove_file(file.path());
            }
        }
        Ok(())
    }
}

/// A file's size and modification time in whole seconds.
fn stamp(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some((meta.len(), modified.max(1)))
}

fn encode(shared: &BTreeMap<String, u128>, entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let text = |out: &mut Vec<u8>, text: &str| {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    };
    out.extend_from_slice(&(shared.len() as u32).to_le_bytes());
    for (language, digest) in shared {
        text(&mut out, language);
        out.extend_from_slice(&digest.to_le_bytes());
    }
    for e in entries {
        text(&mut out, &e.path);
        text(&mut out, &e.language);
        out.push(match e.scope {
            Scope::Own => 0,
            Scope::Shared => 1,
        });
        out.extend_from_slice(&e.key.to_le_bytes());
        out.extend_from_slice(&e.content.to_le_bytes());
        out.extend_from_slice(&e.size.to_le_bytes());
        out.extend_from_slice(&e.modified.to_le_bytes());
    }
    out
}

type Manifest = (BTreeMap<String, u128>, Vec<Entry>);

fn decode(bytes: &[u8], fingerprint: &str) -> Result<Manifest, String> {
    let mut rest = unframe(bytes, fingerprint)?;
    fn text(rest: &mut &[u8]) -> Result<String, String> {
        let (len, after) = take::<4>(rest)?;
        let len = u32::from_le_bytes(len) as usize;
        let bytes = after.get(..len).ok_or("it is truncated")?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| "it is corrupt (not UTF-8)")?;
        *rest = &after[len..];
        Ok(text)
    }
    fn number<const N: usize>(rest: &mut &[u8]) -> Result<[u8; N], String> {
        let (value, after) = take::<N>(rest)?;
        *rest = after;
        Ok(value)
    }
    let count = u32::from_le_bytes(number::<4>(&mut rest)?);
    let mut shared = BTreeMap::new();
    for _ in 0..count {
        let language = text(&mut rest)?;
        shared.insert(language, u128::from_le_bytes(number::<16>(&mut rest)?));
    }
    let mut entries = Vec::new();
    while !rest.is_empty() {
        let path = text(&mut rest)?;
        let language = text(&mut rest)?;
        let scope = match number::<1>(&mut rest)? {
            [0] => Scope::Own,
            [1] => Scope::Shared,
            _ => return Err("it is corrupt (an unknown scope)".into()),
        };
        entries.push(Entry {
            path,
            language,
            scope,
            key: u128::from_le_bytes(number::<16>(&mut rest)?),
            content: u128::from_le_bytes(number::<16>(&mut rest)?),
            size: u64::from_le_bytes(number::<8>(&mut rest)?),
            modified: u64::from_le_bytes(number::<8>(&mut rest)?),
        });
    }
    Ok((shared, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let entry = |path: &str, scope, key| Entry {
            path: path.into(),
            language: if path.starts_with("fr/") { "fr/" } else { "" }.into(),
            scope,
            key,
            content: key * 7,
            size: 10,
            modified: 1_700_000_000,
        };
        (
            BTreeMap::from([(String::new(), 1), ("fr/".into(), 2)]),
            vec![
                entry("guides/a/index.html", Scope::Own, 3),
                entry("index.html", Scope::Shared, 1),
                entry("fr/index.html", Scope::Shared, 2),
            ],
        )
    }

    #[test]
    fn a_manifest_reads_back_and_refuses_damage() {
        let (shared, entries) = sample();
        let bytes = frame(&encode(&shared, &entries), "f1");
        assert_eq!(decode(&bytes, "f1").unwrap(), sample());
        assert!(decode(&bytes, "f2").is_err(), "another binary's");
        for cut in [5, 40, bytes.len() - 3] {
            assert!(decode(&bytes[..cut], "f1").is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn pages_are_reused_only_with_their_key_and_an_intact_file() {
        let dir = std::env::temp_dir().join(format!("townhall-pages-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let output = dir.join("public");
        std::fs::create_dir_all(output.join("guides/a")).unwrap();
        std::fs::write(output.join("guides/a/index.html"), "<p>A</p>").unwrap();
        std::fs::write(output.join("index.html"), "<p>home</p>").unwrap();
        let cache = Cache::new(dir.join("cache"));
        let (first, notice) = Pages::open(&cache);
        assert!(notice.is_none(), "no cache yet is not a problem");
        assert!(first.reuse_shared("", 9).is_none());
        first.made("", Scope::Own, "guides/a/index.html", 5, b"<p>A</p>");
        first.made("", Scope::Shared, "index.html", 9, b"<p>home</p>");
        first.save(&output).unwrap();

        let (second, _) = Pages::open(&cache);
        assert!(
            second.reuse("guides/a/index.html", 6).is_none(),
            "other key"
        );
        let Some(Output::Kept { source, .. }) = second.reuse("guides/a/index.html", 5) else {
            panic!("not reused");
        };
        assert_eq!(std::fs::read(&source).unwrap(), b"<p>A</p>");
        assert!(second.reuse_shared("", 8).is_none(), "other shared digest");
        assert_eq!(second.reuse_shared("", 9).map(|o| o.len()), Some(1));
        second.save(&output).unwrap();

        // a shared page that cannot be kept leaves its language's set unkept
        let (partial, _) = Pages::open(&cache);
        assert!(partial.reuse_shared("", 10).is_none());
        partial.made("", Scope::Shared, "index.html", 10, b"<p>home</p>");
        partial.made("", Scope::Shared, "missing.html", 10, b"<p>gone</p>");
        partial.save(&output).unwrap();
        assert!(Pages::open(&cache).0.reuse_shared("", 10).is_none());
        let (again, _) = Pages::open(&cache);
        assert!(again.reuse_shared("", 9).is_none());
        again.made("", Scope::Own, "guides/a/index.html", 5, b"<p>A</p>");
        again.made("", Scope::Shared, "index.html", 9, b"<p>home</p>");
        again.save(&output).unwrap();

        // a kept file changed in place (through the output's link) is not used
        std::fs::write(output.join("index.html"), "<p>changed!</p>").unwrap();
        let (third, _) = Pages::open(&cache);
        assert!(third.reuse_shared("", 9).is_none());
        assert!(third.reuse("guides/a/index.html", 5).is_some());
        third.save(&output).unwrap();
        let kept = std::fs::read_dir(dir.join("cache/pages")).unwrap().count();
        assert_eq!(kept, 1, "files no page uses are removed");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
