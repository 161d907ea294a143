//! The persistent build cache (`.townhall/cache/` by default): work one
//! build did that the next may reuse, kept on disk so that a CI job that
//! restores the folder, or `serve` after a restart, starts warm.
//!
//! It holds:
//!
//! * `highlight.bin`: highlighted code blocks, the largest share of a cold
//!   build's CPU time, keyed by the grammar's name and the code (`memo`);
//! * `search.bin`: each page's search document and terms, and each
//!   language's term dictionary (`memo`, read by `index::search`);
//! * `parse.bin`: each source's parse, when it gave no diagnostic (`memo`,
//!   read by `parse::stored`);
//! * `highlight.bin.added`, `search.bin.added`: entries added to a memo
//!   since it was last written whole (`memo`);
//! * `pages.bin` and `pages/`: the pages the last build wrote, hard-linked
//!   with its output (`pages`);
//! * `output.bin`: what the last build left in its output folder, file by
//!   file, so that the next changes only the files that differ
//!   (`write::Record`).
//!
//! Entries are keyed by what they are made from, as 128-bit digests
//! (`hash::Digest`), and every file by the townhall binary that wrote it: a
//! cache from another version or build of townhall is not read. Reading the
//! cache never changes a byte of the output: an entry holds exactly what
//! the work it saves gives.
//!
//! A cache that is missing is a cold build. One that is corrupt,
//! truncated or from another binary is ignored with a one-line notice and
//! rewritten after the build; it is never trusted and never a failure.
//!
//! Every file is framed (`frame`): the line `townhall cache 2`, the
//! binary's fingerprint and the payload's checksum as hex lines, then the
//! payload, whose layout each module gives.

mod memo;
mod pages;

use crate::hash::{checksum, stable_hash};
use std::path::{Path, PathBuf};

const MAGIC: &str = "townhall cache 2";
const HIGHLIGHT_FILE: &str = "highlight.bin";

pub(crate) use memo::Memo;
pub(crate) use pages::{Pages, Scope};

/// The record of the output folder the last build left (`write::Record`).
const OUTPUT_FILE: &str = "output.bin";

/// Each unchanged source's parse (`parse::stored`).
const PARSE_FILE: &str = "parse.bin";

/// The folder of the pages `serve` keeps (`Cache::warm_serving`) and of
/// its output.
const SERVE_DIR: &str = "serve";

/// The search index's memo of each page's analysis.
const SEARCH_FILE: &str = "search.bin";

/// What earlier builds left that a build may reuse beyond highlighted
/// code: their pages (`pages`) and each search document's analysis.
pub(crate) struct Warm {
    pub(crate) pages: Pages,
    pub(crate) search: Memo,
    pub(crate) parse: Memo,
}

/// The cache key of a code block highlighted with the grammar `syntax`.
pub(crate) fn block_key(syntax: &str, code: &str) -> u128 {
    crate::hash::Digest::new()
        .bytes(syntax.as_bytes())
        .bytes(code.as_bytes())
        .finish()
}

/// Which townhall wrote a cache: its version and the running binary's size
/// and modification time, so that a rebuilt binary (whose highlighting may
/// differ) never reads an older binary's entries.
fn fingerprint() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|path| std::fs::metadata(path).ok())
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default();
    let text = format!("{}|{exe}", env!("CARGO_PKG_VERSION"));
    format!("{:016x}", stable_hash(text.as_bytes()))
}

/// The cache folder of one build.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
    /// The running binary's [`fingerprint`], taken once.
    fingerprint: String,
}

impl Cache {
    pub(crate) fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            fingerprint: fingerprint(),
        }
    }

    /// The code blocks earlier builds highlighted (see `render::highlight`),
    /// with why they cannot be used, if so (`None` reason: there is no
    /// cache yet).
    pub(crate) fn highlights(&self) -> (Memo, Option<String>) {
        Memo::open(self, HIGHLIGHT_FILE)
    }

    /// What earlier builds left beyond highlighted code, with why some of
    /// it cannot be used, if so.
    pub(crate) fn warm(&self) -> (Warm, Option<String>) {
        self.warm_with_pages_of(self)
    }

    /// `warm` for `serve`, whose pages are kept apart from a build's, in
    /// the folder `serve/`: they are made for the local server's address,
    /// so neither could use the other's, and in one manifest each would
    /// evict the other's.
    pub(crate) fn warm_serving(&self) -> (Warm, Option<String>) {
        self.warm_with_pages_of(&self.serving())
    }

    /// The part of the cache that is `serve`'s alone.
    pub(crate) fn serving(&self) -> Cache {
        Cache {
            dir: self.dir.join(SERVE_DIR),
            fingerprint: self.fingerprint.clone(),
        }
    }

    fn warm_with_pages_of(&self, pages_cache: &Cache) -> (Warm, Option<String>) {
        let (pages, pages_problem) = pages::Pages::open(pages_cache);
        let (search, search_problem) = Memo::open(self, SEARCH_FILE);
        let (parse, parse_problem) = Memo::open(self, PARSE_FILE);
        let problem = pages_problem.or(search_problem).or(parse_problem);
        (
            Warm {
                pages,
                search,
                parse,
            },
            problem,
        )
    }

    /// Keeps what a build recorded in `warm` for the next, once its output
    /// is in `output`.
    pub(crate) fn save_warm(&self, warm: &Warm, output: &Path) -> std::io::Result<()> {
        warm.search.save(self, false)?;
        warm.parse.save(self, false)?;
        warm.pages.save(output)
    }

    /// The record of the output the last build left (`write::Record`'s
    /// bytes), or why it cannot be used (`None`: there is none).
    pub(crate) fn output_record(&self) -> Result<Vec<u8>, Option<String>> {
        let bytes = self.read_file(OUTPUT_FILE)?;
        unframe(&bytes, &self.fingerprint)
            .map(<[u8]>::to_vec)
            .map_err(Some)
    }

    /// Forgets the record of the output: done before the output changes, so
    /// that a build stopped while changing it leaves none to trust.
    pub(crate) fn forget_output_record(&self) {
        let _ = std::fs::remove_file(self.dir.join(OUTPUT_FILE));
    }

    /// Keeps the record of the output this build left, for the next.
    pub(crate) fn keep_output_record(&self, record: &[u8]) -> std::io::Result<()> {
        self.write_file(OUTPUT_FILE, &frame(record, &self.fingerprint))
    }

    fn read_file(&self, name: &str) -> Result<Vec<u8>, Option<String>> {
        match std::fs::read(self.dir.join(name)) {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(None),
            Err(e) => Err(Some(format!("cannot read it: {e}"))),
        }
    }

    /// Replaces a file of the cache: written beside it, then renamed, so a
    /// build stopped halfway leaves the old file or the new one.
    fn write_file(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let partial = self.dir.join(format!("{name}.partial"));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, self.dir.join(name))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }
}

/// A cache file: the magic line, the writing binary's fingerprint and the
/// payload's hash as lines, then the payload.
fn frame(payload: &[u8], fingerprint: &str) -> Vec<u8> {
    let mut out = format!("{MAGIC}\n{fingerprint}\n{:016x}\n", checksum(payload)).into_bytes();
    out.extend_from_slice(payload);
    out
}

/// The payload of a cache file `frame` made, or why it cannot be used.
fn unframe<'b>(bytes: &'b [u8], fingerprint: &str) -> Result<&'b [u8], String> {
    let mut lines = bytes.splitn(4, |b| *b == b'\n');
    let mut line = || {
        lines
            .next()
            .map(|l| String::from_utf8_lossy(l).into_owned())
    };
    if line().as_deref() != Some(MAGIC) {
        return Err("it is not a townhall cache".into());
    }
    if line().as_deref() != Some(fingerprint) {
        return Err("it was written by another townhall binary".into());
    }
    let expected = line().ok_or("it is truncated")?;
    let payload = lines.next().ok_or("it is truncated")?;
    if format!("{:016x}", checksum(payload)) != expected {
        return Err("it is corrupt (its checksum does not match)".into());
    }
    Ok(payload)
}

/// The payload checksum a file `frame` made names (check it with
/// `unframe` first).
fn frame_checksum(bytes: &[u8]) -> Option<u64> {
    let line = bytes.split(|b| *b == b'\n').nth(2)?;
    u64::from_str_radix(std::str::from_utf8(line).ok()?, 16).ok()
}

fn take<const N: usize>(bytes: &[u8]) -> Result<([u8; N], &[u8]), String> {
    let head = bytes.get(..N).ok_or("it is truncated")?;
    let mut array = [0; N];
    array.copy_from_slice(head);
    Ok((array, &bytes[N..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_refuse_foreign_truncated_and_corrupt_files() {
        let bytes = frame(b"payload", "f1");
        assert_eq!(unframe(&bytes, "f1").unwrap(), b"payload");
        assert!(unframe(&bytes, "f2")
            .unwrap_err()
            .contains("another townhall"));
        for cut in [3, 20, bytes.len() - 1] {
            assert!(unframe(&bytes[..cut], "f1").is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 0x20;
        assert!(unframe(&flipped, "f1").unwrap_err().contains("corrupt"));
        assert!(unframe(b"garbage", "f1").is_err());
    }

    #[test]
    fn keys_tell_grammar_and_code_apart() {
        assert_ne!(block_key("Rust", "a"), block_key("Rust", "b"));
        assert_ne!(block_key("Rust", "a"), block_key("Python", "a"));
        assert_ne!(block_key("ab", "c"), block_key("a", "bc"));
    }
}
