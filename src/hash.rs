//! The one hash behind every name or id townhall derives from bytes: asset
//! `?v=` stamps, search shard file names, the dev server's ETags, and the
//! highlighter's memo keys.
//!
//! It is SipHash-1-3 with both keys zero, from the `siphasher` crate: a
//! named algorithm whose output is fixed by its specification, unlike
//! `std`'s `DefaultHasher`, which is documented as free to change between
//! Rust releases (and would then change file names and page bytes with it).
//! The input is fed exactly as `<[u8] as Hash>::hash` fed `DefaultHasher`
//! (SipHash-1-3, zero keys) on the 64-bit little-endian targets townhall
//! ships for: the length as eight little-endian bytes, then the bytes. So
//! every name written before this module existed stays the same, and the
//! length is spelled the same way on every target, not in `usize`'s
//! native width and order.

//!
//! The persistent cache's keys and checksums name nothing in the output
//! and are computed over every page of a warm build, so they use the
//! faster XXH3 instead (`Digest`, `checksum`).

use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// SipHash-1-3 (keys 0, 0) of the length-prefixed bytes. Stable across
/// Rust releases, targets and runs.
pub(crate) fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hasher = SipHasher13::new_with_keys(0, 0);
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    hasher.write(&len.to_le_bytes());
    hasher.write(bytes);
    hasher.finish()
}

/// `stable_hash` of the concatenation of `parts`, without making it: a
/// search index hashes every document's file to name their folder, and a
/// copy of them all was a peak in a build's memory.
pub(crate) fn stable_hash_parts<'a>(parts: impl Iterator<Item = &'a [u8]> + Clone) -> u64 {
    let mut hasher = SipHasher13::new_with_keys(0, 0);
    let len: usize = parts.clone().map(<[u8]>::len).sum();
    hasher.write(&u64::try_from(len).unwrap_or(u64::MAX).to_le_bytes());
    for part in parts {
        hasher.write(part);
    }
    hasher.finish()
}

/// A 128-bit digest of anything written into it, as text (`write!`) or
/// bytes: the persistent cache keys a page by what it is made from, and a
/// key that two different inputs share would serve a stale page, so it is
/// twice as wide as a file name's hash. XXH3-128 (seed 0): a specified
/// algorithm, stable across releases, targets and runs, and fast enough
/// that keying every page of a warm build costs little next to rendering
/// one. Digests name nothing in the output; they live in the cache only.
pub(crate) struct Digest(xxhash_rust::xxh3::Xxh3);

impl Digest {
    pub(crate) fn new() -> Digest {
        Digest(xxhash_rust::xxh3::Xxh3::new())
    }

    /// Feeds length-prefixed bytes, so that `("ab", "c")` and `("a", "bc")`
    /// differ.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Digest {
        let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        self.0.update(&len.to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn number(&mut self, value: u128) -> &mut Digest {
        self.0.update(&value.to_le_bytes());
        self
    }

    /// Feeds a value's `Debug` text without making it.
    pub(crate) fn debug(&mut self, value: &dyn std::fmt::Debug) -> &mut Digest {
        use std::fmt::Write;
        // writing into a hasher cannot fail
        let _ = write!(self, "{value:?}");
        self.0.update(&[0xff]);
        self
    }

    pub(crate) fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

impl std::fmt::Write for Digest {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

/// A checksum of a whole cache file's payload (XXH3-64): it is computed
/// over tens of megabytes on every warm build, read and write.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::{stable_hash, stable_hash_parts};

    #[test]
    fn parts_hash_as_their_concatenation() {
        let parts: [&[u8]; 4] = [b"town", b"", b"hall\n", b"search"];
        assert_eq!(
            stable_hash_parts(parts.iter().copied()),
            stable_hash(&parts.concat())
        );
        assert_eq!(stable_hash_parts(std::iter::empty()), stable_hash(b""));
    }

    #[test]
    fn digests_tell_inputs_apart_and_repeat() {
        use super::Digest;
        let of = |parts: &[&str]| {
            let mut digest = Digest::new();
            for part in parts {
                digest.bytes(part.as_bytes());
            }
            digest.finish()
        };
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        let debug = |value: &dyn std::fmt::Debug| Digest::new().debug(value).finish();
        assert_eq!(debug(&("x", 1)), debug(&("x", 1)));
        assert_ne!(debug(&("x", 1)), debug(&("x", 2)));
    }

    /// Values `DefaultHasher::new()` gave for `bytes.hash(..)` on x86_64
    /// with Rust 1.95, when the asset stamps, search shard names and ETags
    /// were still computed with it. They must never change: they are file
    /// names and `?v=` stamps in every built site.
    const KNOWN: &[(&[u8], u64)] = &[
        (b"", 0xbd60_acb6_58c7_9e45),
        (b"a", 0xbeb9_a6bb_f61b_58b4),
        (b"townhall", 0x34ad_e115_d443_9f49),
        (b"body { color: red }\n", 0x899e_dd99_8281_56f3),
        (&[0u8, 255, 1, 254, 2, 253, 3, 252], 0x98ea_20e4_1c45_8607),
    ];

    #[test]
    fn equals_the_values_default_hasher_gave() {
        for (bytes, expected) in KNOWN {
            assert_eq!(stable_hash(bytes), *expected, "{bytes:?}");
        }
        // Longer than one 8-byte SipHash block, and not a multiple of it.
        let long: Vec<u8> = (0..=255u8).cycle().take(1001).collect();
        assert_eq!(stable_hash(&long), 0x69f8_4c24_03c4_5829);
    }

    /// Any input, against what `DefaultHasher` gives for it with the Rust
    /// that runs the test (64-bit little-endian, as the values above). If a
    /// Rust release changes `DefaultHasher`, this test is the one to
    /// delete: the values above are what must hold.
    #[cfg(all(target_pointer_width = "64", target_endian = "little"))]
    #[test]
    fn feeds_the_bytes_as_hash_for_slices_did() {
        use std::hash::{Hash, Hasher};
        for len in [0usize, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 4096] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let mut std_hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.as_slice().hash(&mut std_hasher);
            assert_eq!(stable_hash(&bytes), std_hasher.finish(), "length {len}");
        }
    }
}
