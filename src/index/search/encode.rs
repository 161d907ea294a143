//! The binary files of the index: shards (terms and their posting lists)
//! and the document table (each document's title length and body length
//! class), in LEB128 varints. Posting lists hold global document ids as
//! deltas, so a shard needs no list of the documents it mentions, and the
//! statistics every shard would otherwise repeat for each of its documents
//! are stored once, in the table.
//!
//! The browser runtime (`themes/default/static/search.js`) reads the same
//! bytes; both readers reject truncated or corrupt input with an error.

use std::collections::BTreeMap;

/// A shard file starts with these bytes (the last one is the format).
pub(crate) const SHARD_MAGIC: &[u8; 4] = b"ths\x04";
/// The document table starts with these bytes.
pub(crate) const TABLE_MAGIC: &[u8; 4] = b"tht\x04";

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A cursor over a file's bytes whose reads fail, rather than panic, past
/// the end or on a varint too long for a `u32`.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], magic: &[u8; 4], what: &'static str) -> Result<Self, String> {
        if !bytes.starts_with(magic) {
            return Err(format!("not a format 4 search {what}"));
        }
        Ok(Reader {
            bytes,
            at: magic.len(),
            what,
        })
    }

    fn truncated(&self) -> String {
        format!("search {} truncated at byte {}", self.what, self.at)
    }

    fn varint(&mut self) -> Result<u32, String> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let byte = *self.bytes.get(self.at).ok_or_else(|| self.truncated())?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return u32::try_from(value)
                    .map_err(|_| format!("search {}: number too large", self.what));
            }
        }
        Err(format!("search {}: number too long", self.what))
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(len).ok_or_else(|| self.truncated())?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| self.truncated())?;
        self.at = end;
        Ok(slice)
    }

    fn finish(&self) -> Result<(), String> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(format!(
                "search {}: {} bytes after the end",
                self.what,
                self.bytes.len() - self.at
            ))
        }
    }
}

/// A shard: the magic, the term count, the terms joined by newlines (words
/// never hold one) behind their byte length, then per term its document
/// count and its ascending document ids, the first as it is and each other
/// as the difference from the one before.
pub fn encode_shard(postings: &[(&str, &[u32])]) -> Vec<u8> {
    let mut out = SHARD_MAGIC.to_vec();
    let terms: Vec<&str> = postings.iter().map(|(t, _)| *t).collect();
    let vocab = terms.join("\n");
    push_varint(&mut out, terms.len() as u64);
    push_varint(&mut out, vocab.len() as u64);
    out.extend_from_slice(vocab.as_bytes());
    for (_, ids) in postings {
        push_varint(&mut out, ids.len() as u64);
        let mut last = 0;
        for &id in ids.iter() {
            push_varint(&mut out, u64::from(id.saturating_sub(last)));
            last = id;
        }
    }
    out
}

/// Reads a shard back: per term, its document ids.
pub fn decode_shard(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u32>>, String> {
    let mut r = Reader::new(bytes, SHARD_MAGIC, "shard")?;
    let count = r.varint()? as usize;
    let len = r.varint()? as usize;
    let vocab = std::str::from_utf8(r.take(len)?)
        .map_err(|_| "search shard: terms are not UTF-8".to_string())?;
    let terms: Vec<&str> = if count == 0 {
        Vec::new()
    } else {
        vocab.split('\n').collect()
    };
    if terms.len() != count {
        return Err(format!(
            "search shard: {} terms where {count} were announced",
            terms.len()
        ));
    }
    let mut out = BTreeMap::new();
    for term in terms {
        let n = r.varint()? as usize;
        // every id takes at least a byte: a count beyond what is left is corrupt
        if n > bytes.len() {
            return Err(r.truncated());
        }
        let mut ids = Vec::with_capacity(n);
        let mut id: u32 = 0;
        for i in 0..n {
            let step = r.varint()?;
            id = if i == 0 {
                step
            } else {
                id.checked_add(step)
                    .ok_or_else(|| "search shard: document id too large".to_string())?
            };
            ids.push(id);
        }
        out.insert(term.to_string(), ids);
    }
    r.finish()?;
    Ok(out)
}

/// The document table: the magic, the document count, every document's
/// title length (distinct title words), then every document's body length
/// class; one column after the other, so like numbers sit together.
pub fn encode_table(rows: &[(u32, u32)]) -> Vec<u8> {
    let mut out = TABLE_MAGIC.to_vec();
    push_varint(&mut out, rows.len() as u64);
    for &(title, _) in rows {
        push_varint(&mut out, u64::from(title));
    }
    for &(_, body) in rows {
        push_varint(&mut out, u64::from(body));
    }
    out
}

/// Reads the document table back: per document, its title length and body
/// length class.
pub fn decode_table(bytes: &[u8]) -> Result<Vec<(u32, u32)>, String> {
    let mut r = Reader::new(bytes, TABLE_MAGIC, "table")?;
    let count = r.varint()? as usize;
    if count > bytes.len() {
        return Err(r.truncated());
    }
    let titles = (0..count)
        .map(|_| r.varint())
        .collect::<Result<Vec<_>, _>>()?;
    let rows = titles
        .into_iter()
        .map(|title| Ok((title, r.varint()?)))
        .collect::<Result<Vec<_>, String>>()?;
    r.finish()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BTreeMap<String, Vec<u32>> {
        let mut postings = BTreeMap::new();
        postings.insert("Brefund".to_string(), vec![0, 1, 200, 70_000]);
        postings.insert("Tréfund".to_string(), vec![5]);
        postings.insert("H請求".to_string(), vec![3, 4, u32::MAX]);
        postings
    }

    fn encode(postings: &BTreeMap<String, Vec<u32>>) -> Vec<u8> {
        let pairs: Vec<(&str, &[u32])> = postings
            .iter()
            .map(|(t, ids)| (t.as_str(), ids.as_slice()))
            .collect();
        encode_shard(&pairs)
    }

    #[test]
    fn shards_round_trip() {
        let postings = sample();
        let bytes = encode(&postings);
        assert!(bytes.starts_with(SHARD_MAGIC));
        assert_eq!(decode_shard(&bytes), Ok(postings));
        let empty = BTreeMap::new();
        assert_eq!(decode_shard(&encode(&empty)), Ok(empty));
    }

    #[test]
    fn posting_lists_are_delta_coded() {
        let mut postings = BTreeMap::new();
        postings.insert("Ba".to_string(), vec![1000, 1001, 1002]);
        // magic, 1 term, 2 bytes of terms, "Ba", 3 ids: 1000 in two bytes, then 1, 1
        assert_eq!(
            encode(&postings),
            b"ths\x04\x01\x02Ba\x03\xe8\x07\x01\x01".to_vec()
        );
    }

    #[test]
    fn tables_round_trip() {
        let rows = vec![(3, 14), (0, 0), (200, 17), (1, 80)];
        let bytes = encode_table(&rows);
        assert!(bytes.starts_with(TABLE_MAGIC));
        assert_eq!(decode_table(&bytes), Ok(rows));
        assert_eq!(decode_table(&encode_table(&[])), Ok(Vec::new()));
    }

    #[test]
    fn truncated_or_corrupt_files_are_errors() {
        let shard = encode(&sample());
        for end in 0..shard.len() {
            assert!(decode_shard(&shard[..end]).is_err(), "cut at {end}");
        }
        let table = encode_table(&[(3, 14), (200, 17)]);
        for end in 0..table.len() {
            assert!(decode_table(&table[..end]).is_err(), "cut at {end}");
        }
        let mut longer = shard.clone();
        longer.push(0);
        assert!(decode_shard(&longer).unwrap_err().contains("after the end"));
        assert!(decode_shard(b"tinysearch\x02")
            .unwrap_err()
            .contains("format 4"));
        assert!(decode_table(&shard).is_err(), "a shard is not a table");
        // a count far beyond the file, and a varint that never ends
        assert!(decode_shard(b"ths\x04\x01\x01a\xff\xff\xff\x0f").is_err());
        assert!(decode_table(b"tht\x04\xff\xff\xff\xff\xff\xff").is_err());
        // an id past u32
        assert!(decode_shard(b"ths\x04\x01\x01a\x02\xff\xff\xff\xff\x0f\x01").is_err());
    }
}
