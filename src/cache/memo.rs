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
//! Layout, inside the cache's frame (see the module above): per entry, its
//! key (16 bytes), the value's length (4 bytes) and the value; numbers
//! little-endian.

use super::{frame, take, unframe, Cache};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Mutex, MutexGuard};

pub(crate) struct Memo {
    name: &'static str,
    /// The earlier build's file, and where each entry's value is in it.
    file: Vec<u8>,
    earlier: HashMap<u128, Range<usize>>,
    /// The keys of the earlier entries this build used.
    used: Mutex<HashSet<u128>>,
    /// The entries this build added.
    made: Mutex<HashMap<u128, Vec<u8>>>,
    /// Whether the file holds exactly `earlier` (it was read, not refused).
    intact: bool,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Memo {
    /// The memo in the cache's file `name`, with why an earlier one cannot
    /// be used, if so (`None` reason: there is none yet).
    pub(super) fn open(cache: &Cache, name: &'static str) -> (Memo, Option<String>) {
        let (file, earlier, notice) =
            match cache
                .read_file(name)
                .and_then(|file| match decode(&file, &cache.fingerprint) {
                    Ok(entries) => Ok((file, entries)),
                    Err(why) => Err(Some(why)),
                }) {
                Ok((file, entries)) => (file, entries, None),
                Err(why) => (Vec::new(), HashMap::new(), why),
            };
        let memo = Memo {
            name,
            intact: notice.is_none() && !file.is_empty(),
            file,
            earlier,
            used: Mutex::default(),
            made: Mutex::default(),
        };
        (memo, notice)
    }

    /// What an earlier build stored under `key`; kept for the next build.
    pub(crate) fn get(&self, key: u128) -> Option<&[u8]> {
        let range = self.earlier.get(&key)?;
        locked(&self.used).insert(key);
        self.file.get(range.clone())
    }

    /// Stores `value` under `key` for the next build.
    pub(crate) fn put(&self, key: u128, value: Vec<u8>) {
        locked(&self.made).insert(key, value);
    }

    /// Writes this build's entries to the cache; with `and_unused`, the
    /// earlier entries it did not use too.
    pub(crate) fn save(&self, cache: &Cache, and_unused: bool) -> std::io::Result<()> {
        let made = std::mem::take(&mut *locked(&self.made));
        let used = std::mem::take(&mut *locked(&self.used));
        if self.intact && made.is_empty() && (and_unused || used.len() == self.earlier.len()) {
            return Ok(());
        }
        let earlier = |key: &u128| Some((*key, self.file.get(self.earlier.get(key)?.clone())?));
        let mut entries: HashMap<u128, &[u8]> = if and_unused {
            self.earlier.keys().filter_map(earlier).collect()
        } else {
            used.iter().filter_map(earlier).collect()
        };
        entries.extend(made.iter().map(|(key, value)| (*key, value.as_slice())));
        cache.write_file(self.name, &frame(&encode(&entries), &cache.fingerprint))
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

/// Where each entry's value is in `file`.
fn decode(file: &[u8], fingerprint: &str) -> Result<HashMap<u128, Range<usize>>, String> {
    let payload = unframe(file, fingerprint)?;
    let start = file.len() - payload.len();
    let mut rest = payload;
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
    fn damaged_memos_are_refused() {
        let entries = HashMap::from([(7, &b"seven"[..]), (1, &b"x"[..])]);
        let bytes = frame(&encode(&entries), "f1");
        let read = decode(&bytes, "f1").unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(&bytes[read[&7].clone()], b"seven");
        assert!(decode(&bytes, "f2").is_err(), "another binary's");
        for cut in [4, 30, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], "f1").is_err(), "cut at {cut}");
        }
    }
}
