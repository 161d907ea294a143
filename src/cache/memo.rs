//! Results an earlier build computed, by the key of what they were
//! computed from: highlighted code blocks (`highlight.bin`) and each
//! page's search analysis (`search.bin`).
//!
//! A memo holds opaque bytes; what they mean is the business of the stage
//! that stores them. A build reads the whole file once (values are looked
//! up in it, not copied out), and writes back the entries it asked for or
//! added, in key order, so the same build writes the same file: an entry
//! nothing needed any more is dropped, unless the build says to keep the
//! unused ones (it kept pages whose blocks it did not look up). A file
//! that already holds exactly that is not written again.
//!
//! A build that adds few entries and no longer needs few writes only the
//! added ones, to a second file beside the memo (`<name>.added`, which names
//! the memo it adds to by its checksum); once either would be more than an
//! eighth of the memo, the memo is written whole again and that file goes.
//!
//! Layout, inside the cache's frame (see the module above): per entry, its
//! key (16 bytes), the value's length (4 bytes) and the value; numbers
//! little-endian. The added entries' file starts with the memo's checksum
//! (8 bytes), then the same.

use super::{frame, take, unframe, Cache};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Mutex, MutexGuard};

pub(crate) struct Memo {
    name: &'static str,
    /// The earlier builds' files: the memo (`base`) and the entries added
    /// since it was last written whole (`added`), and where each entry's
    /// value is in them.
    base: Vec<u8>,
    added: Vec<u8>,
    earlier: HashMap<u128, (Part, Range<usize>)>,
    /// The base file's checksum, which its file of added entries names.
    base_checksum: Option<u64>,
    /// The keys of the earlier entries this build used.
    used: Mutex<HashSet<u128>>,
    /// The entries this build added.
    made: Mutex<HashMap<u128, Vec<u8>>>,
    /// Whether the files hold exactly `earlier` (they were read, not refused).
    intact: bool,
}

/// Which file of a memo an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Base,
    Added,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The file of the entries added to the memo `name` since it was written
/// whole.
fn added_name(name: &str) -> String {
    format!("{name}.added")
}

impl Memo {
    /// The memo in the cache's file `name`, with why an earlier one cannot
    /// be used, if so (`None` reason: there is none yet).
    pub(super) fn open(cache: &Cache, name: &'static str) -> (Memo, Option<String>) {
        let mut memo = Memo {
            name,
            base: Vec::new(),
            added: Vec::new(),
            earlier: HashMap::new(),
            base_checksum: None,
            used: Mutex::default(),
            made: Mutex::default(),
            intact: false,
        };
        let base = cache.read_file(name).and_then(|file| {
            let entries = decode(&file, &cache.fingerprint, 0).map_err(Some)?;
            Ok((file, entries))
        });
        let (base, entries) = match base {
            Ok(read) => read,
            Err(why) => return (memo, why),
        };
        memo.base_checksum = super::frame_checksum(&base);
        memo.earlier = entries
            .into_iter()
            .map(|(key, range)| (key, (Part::Base, range)))
            .collect();
        memo.base = base;
        memo.intact = true;
        // the added entries belong to this base only: they name its checksum
        let added = cache.read_file(&added_name(name)).ok().and_then(|file| {
            let checksum = memo.base_checksum?.to_le_bytes();
            let entries = decode(&file, &cache.fingerprint, checksum.len()).ok()?;
            let payload = unframe(&file, &cache.fingerprint).ok()?;
            (payload.get(..checksum.len()) == Some(&checksum[..])).then_some((file, entries))
        });
        if let Some((file, entries)) = added {
            memo.earlier.extend(
                entries
                    .into_iter()
                    .map(|(key, range)| (key, (Part::Added, range))),
            );
            memo.added = file;
        }
        (memo, None)
    }

    /// What an earlier build stored under `key`; kept for the next build.
    pub(crate) fn get(&self, key: u128) -> Option<&[u8]> {
        let (part, range) = self.earlier.get(&key)?;
        locked(&self.used).insert(key);
        self.file(*part).get(range.clone())
    }

    fn file(&self, part: Part) -> &[u8] {
        match part {
            Part::Base => &self.base,
            Part::Added => &self.added,
        }
    }

    /// Stores `value` under `key` for the next build.
    pub(crate) fn put(&self, key: u128, value: Vec<u8>) {
        locked(&self.made).insert(key, value);
    }

    /// Writes this build's entries to the cache; with `and_unused`, the
    /// earlier entries it did not use too.
    ///
    /// While the entries the build no longer needs are few (an eighth of
    /// the memo) and so are those added since the memo was written whole,
    /// only the added ones are written, to a file beside it: a build that
    /// highlighted one new block does not rewrite every block.
    pub(crate) fn save(&self, cache: &Cache, and_unused: bool) -> std::io::Result<()> {
        let made = std::mem::take(&mut *locked(&self.made));
        let used = std::mem::take(&mut *locked(&self.used));
        if self.intact && made.is_empty() && (and_unused || used.len() == self.earlier.len()) {
            return Ok(());
        }
        let wanted = |key: &u128| and_unused || used.contains(key);
        let value = |part: Part, range: &Range<usize>| self.file(part).get(range.clone());
        let in_base = self
            .earlier
            .values()
            .filter(|(part, _)| *part == Part::Base)
            .count();
        let unneeded = self
            .earlier
            .iter()
            .filter(|(key, (part, _))| *part == Part::Base && !wanted(key))
            .count();
        let mut added: HashMap<u128, &[u8]> = self
            .earlier
            .iter()
            .filter(|(key, (part, _))| *part == Part::Added && wanted(key))
            .filter_map(|(key, (part, range))| Some((*key, value(*part, range)?)))
            .collect();
        added.extend(made.iter().map(|(key, value)| (*key, value.as_slice())));
        let added_bytes: usize = added.values().map(|v| v.len() + 20).sum();
        if let (true, Some(checksum)) = (self.intact, self.base_checksum) {
            if unneeded * 8 <= in_base && added_bytes * 8 <= self.base.len() {
                let mut payload = checksum.to_le_bytes().to_vec();
                payload.extend(encode(&added));
                let framed = frame(&payload, &cache.fingerprint);
                return cache.write_file(&added_name(self.name), &framed);
            }
        }
        let mut entries: HashMap<u128, &[u8]> = self
            .earlier
            .iter()
            .filter(|(key, _)| wanted(key))
            .filter_map(|(key, (part, range))| Some((*key, value(*part, range)?)))
            .collect();
        entries.extend(made.iter().map(|(key, value)| (*key, value.as_slice())));
        cache.write_file(self.name, &frame(&encode(&entries), &cache.fingerprint))?;
        match std::fs::remove_file(cache.dir.join(added_name(self.name))) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

fn encode(entries: &HashMap<u128, &[u8]>) -> Vec<u8> {
    let mut keys: Vec<&u128> = entries.keys().collect();
    keys.sort_unstable();
    let size: usize = entries.values().map(|v| v.len() + 20).sum();
    let mut out = Vec::with_capacity(size);
    for key in keys {
        let value = entries[key];
        // a value a 4-byte length cannot say is left out, not cut
        let Ok(len) = u32::try_from(value.len()) else {
            continue;
        };
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(value);
    }
    out
}

/// Where each entry's value is in `file`, whose payload starts with
/// `skip` bytes of something else.
fn decode(
    file: &[u8],
    fingerprint: &str,
    skip: usize,
) -> Result<HashMap<u128, Range<usize>>, String> {
    let payload = unframe(file, fingerprint)?;
    let start = file.len() - payload.len();
    let mut rest = payload.get(skip..).ok_or("it is truncated")?;
    let mut entries = HashMap::new();
    while !rest.is_empty() {
        let (key, after) = take::<16>(rest)?;
        let (len, after) = take::<4>(after)?;
        let len = u32::from_le_bytes(len) as usize;
        if after.len() < len {
            return Err("it is truncated".into());
        }
        let at = start + (payload.len() - after.len());
        entries.insert(u128::from_le_bytes(key), at..at + len);
        rest = &after[len..];
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_keeps_what_a_build_used_or_added() {
        let dir = std::env::temp_dir().join(format!("townhall-memo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cache = Cache::new(dir.clone());
        let (first, notice) = Memo::open(&cache, "test.bin");
        assert!(notice.is_none(), "no memo yet is not a problem");
        assert!(first.get(1).is_none());
        first.put(1, b"one".to_vec());
        first.put(2, b"two".to_vec());
        first.save(&cache, false).unwrap();

        let (second, notice) = Memo::open(&cache, "test.bin");
        assert!(notice.is_none());
        assert_eq!(second.get(1), Some(&b"one"[..]));
        second.put(3, Vec::new());
        second.save(&cache, false).unwrap();

        let (third, _) = Memo::open(&cache, "test.bin");
        assert_eq!(third.get(1), Some(&b"one"[..]));
        assert_eq!(
            third.get(2),
            None,
            "an entry the last build did not use is dropped"
        );
        third.save(&cache, true).unwrap();

        let (fourth, _) = Memo::open(&cache, "test.bin");
        assert_eq!(fourth.get(3), Some(&b""[..]), "kept though unused");
        // nothing is added and the unused are kept: the file is not written
        let path = dir.join("test.bin");
        std::fs::write(&path, b"stale").unwrap();
        fourth.save(&cache, true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"stale");
        // a file that was refused is written again, even with nothing in it
        let (fifth, notice) = Memo::open(&cache, "test.bin");
        assert!(notice.is_some());
        fifth.save(&cache, true).unwrap();
        assert_ne!(std::fs::read(&path).unwrap(), b"stale");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn few_changes_are_written_beside_the_memo_until_they_add_up() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        let value = |n: u128| format!("value {n}").into_bytes();
        let (memo, _) = Memo::open(&cache, "test.bin");
        for n in 0..100 {
            memo.put(n, value(n));
        }
        memo.save(&cache, false).unwrap();
        let base = dir.path().join("test.bin");
        let whole = std::fs::read(&base).unwrap();
        // each build uses all but one entry and adds one
        for build in 0..13u128 {
            let (memo, notice) = Memo::open(&cache, "test.bin");
            assert!(notice.is_none());
            for n in build + 1..100 + build {
                assert_eq!(memo.get(n), Some(&value(n)[..]), "build {build}, entry {n}");
            }
            memo.put(100 + build, value(100 + build));
            memo.save(&cache, false).unwrap();
            let added = dir.path().join("test.bin.added");
            let rewritten = std::fs::read(&base).unwrap() != whole;
            if build < 12 {
                assert!(!rewritten && added.exists(), "build {build}");
            } else {
                // 13 unneeded entries of 100 are more than an eighth
                assert!(rewritten && !added.exists());
            }
        }
        let (memo, _) = Memo::open(&cache, "test.bin");
        assert_eq!(
            memo.earlier.len(),
            100,
            "compacted to what the last build used"
        );
        assert_eq!(memo.get(112), Some(&value(112)[..]));
        // added entries written for another base are not read
        let (memo, _) = Memo::open(&cache, "test.bin");
        memo.put(500, value(500));
        memo.put(600, value(600));
        memo.save(&cache, true).unwrap();
        let added = dir.path().join("test.bin.added");
        let stale = std::fs::read(&added).unwrap();
        let (memo, _) = Memo::open(&cache, "test.bin");
        assert_eq!(memo.get(500), Some(&value(500)[..]));
        memo.put(501, value(501));
        memo.save(&cache, false).unwrap(); // 100 unneeded of 101: written whole
        std::fs::write(&added, stale).unwrap();
        let (memo, _) = Memo::open(&cache, "test.bin");
        assert_eq!(memo.earlier.len(), 2, "500 (used) and 501, not 600");
        std::fs::write(&added, b"garbage").unwrap();
        let (memo, notice) = Memo::open(&cache, "test.bin");
        assert!(notice.is_none());
        assert_eq!(memo.earlier.len(), 2);
    }

    #[test]
    fn damaged_memos_are_refused() {
        let entries = HashMap::from([(7, &b"seven"[..]), (1, &b"x"[..])]);
        let bytes = frame(&encode(&entries), "f1");
        let read = decode(&bytes, "f1", 0).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(&bytes[read[&7].clone()], b"seven");
        assert!(decode(&bytes, "f2", 0).is_err(), "another binary's");
        for cut in [4, 30, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], "f1", 0).is_err(), "cut at {cut}");
        }
    }
}
