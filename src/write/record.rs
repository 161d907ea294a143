//! What a build left in its output folder, file by file: the record the
//! next build compares against to change only the files that differ (see
//! `patch`). The persistent cache keeps it (`output.bin`).
//!
//! Each file is recorded with a digest of its bytes and its *stamp*: size,
//! modification time in nanoseconds and inode, as the build left it. Each
//! folder is recorded with its stamp too: a folder's modification time
//! changes whenever a file is added to it, removed or renamed, so a folder
//! whose stamp is unchanged holds the same names it did.
//!
//! Layout (inside the cache's frame): the output folder's absolute path,
//! the number of files, each file's path, digest (16 bytes) and stamp, then
//! each folder's path and stamp until the end. A stamp is size (8 bytes),
//! seconds (8), nanoseconds (4) and inode (8). Strings are a 4-byte length
//! and UTF-8; numbers little-endian.

use std::collections::HashMap;
use std::path::Path;

/// A file's or folder's size, modification time and inode, as `stat` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    seconds: i64,
    nanos: u32,
    inode: u64,
}

impl Stamp {
    pub(crate) fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.len(),
                seconds: meta.mtime(),
                nanos: meta.mtime_nsec().clamp(0, 999_999_999) as u32,
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let since = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            Stamp {
                size: meta.len(),
                seconds: since.as_secs() as i64,
                nanos: since.subsec_nanos(),
                inode: 0,
            }
        }
    }

    /// The stamp of what is at `path` now (a link is not followed).
    pub(crate) fn at(path: &Path) -> Option<Stamp> {
        std::fs::symlink_metadata(path).ok().map(|m| Stamp::of(&m))
    }

    #[cfg(test)]
    pub(crate) fn inode(&self) -> u64 {
        self.inode
    }
}

/// One output folder's files and folders as a build left them. Paths are
/// relative to the output, `/`-separated; the output itself is the folder
/// "".
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) output: String,
    pub(crate) files: HashMap<String, (u128, Stamp)>,
    pub(crate) folders: HashMap<String, Stamp>,
}

impl Record {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 * (self.files.len() + self.folders.len()));
        text(&mut out, &self.output);
        out.extend_from_slice(&(self.files.len() as u64).to_le_bytes());
        // in path order, so the same output gives the same bytes
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, (digest, stamp)) in files {
            text(&mut out, path);
            out.extend_from_slice(&digest.to_le_bytes());
            stamp_bytes(&mut out, stamp);
        }
        let mut folders: Vec<_> = self.folders.iter().collect();
        folders.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, stamp) in folders {
            text(&mut out, path);
            stamp_bytes(&mut out, stamp);
        }
        out
    }

    pub(crate) fn decode(mut rest: &[u8]) -> Result<Record, String> {
        let rest = &mut rest;
        let output = read_text(rest)?;
        let count = u64::from_le_bytes(number(rest)?);
        let mut files = HashMap::new();
        for _ in 0..count {
            let path = read_text(rest)?;
            let digest = u128::from_le_bytes(number(rest)?);
            files.insert(path, (digest, read_stamp(rest)?));
        }
        let mut folders = HashMap::new();
        while !rest.is_empty() {
            let path = read_text(rest)?;
            folders.insert(path, read_stamp(rest)?);
        }
        Ok(Record {
            output,
            files,
            folders,
        })
    }
}

fn text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn stamp_bytes(out: &mut Vec<u8>, stamp: &Stamp) {
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.seconds.to_le_bytes());
    out.extend_from_slice(&stamp.nanos.to_le_bytes());
    out.extend_from_slice(&stamp.inode.to_le_bytes());
}

fn number<const N: usize>(rest: &mut &[u8]) -> Result<[u8; N], String> {
    let value: [u8; N] = rest
        .get(..N)
        .and_then(|b| b.try_into().ok())
        .ok_or("it is truncated")?;
    *rest = &rest[N..];
    Ok(value)
}

fn read_text(rest: &mut &[u8]) -> Result<String, String> {
    let len = u32::from_le_bytes(number(rest)?) as usize;
    let bytes = rest.get(..len).ok_or("it is truncated")?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| "it is corrupt (not UTF-8)")?;
    *rest = &rest[len..];
    Ok(text)
}

fn read_stamp(rest: &mut &[u8]) -> Result<Stamp, String> {
    Ok(Stamp {
        size: u64::from_le_bytes(number(rest)?),
        seconds: i64::from_le_bytes(number(rest)?),
        nanos: u32::from_le_bytes(number(rest)?),
        inode: u64::from_le_bytes(number(rest)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_refuses_truncation() {
        let stamp = |n: u64| Stamp {
            size: n,
            seconds: 1_700_000_000 + n as i64,
            nanos: 5,
            inode: 40 + n,
        };
        let record = Record {
            output: "/site/public".into(),
            files: HashMap::from([
                ("index.html".into(), (7, stamp(1))),
                ("guides/a/index.html".into(), (u128::MAX, stamp(2))),
            ]),
            folders: HashMap::from([("".into(), stamp(3)), ("guides/a".into(), stamp(4))]),
        };
        let bytes = record.encode();
        assert_eq!(Record::decode(&bytes).unwrap(), record);
        assert_eq!(bytes, record.clone().encode(), "the same bytes every time");
        for cut in [3, 20, 60] {
            assert!(Record::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
