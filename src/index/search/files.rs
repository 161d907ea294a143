//! The index as files under `/search/` (see the module's layout): which
//! terms go into which shard file, the document table, the facets and the
//! manifest that names them.

use super::encode::{encode_shard, encode_table};
use super::*;

/// A group of terms (those starting with the same two characters) whose
/// shard would be larger than this is split into one file per first three
/// characters: a query then fetches the terms that can match it rather than
/// every word that starts like it.
pub(crate) const SPLIT_BYTES: usize = 8 * 1024;

/// The key of a file in a split group: a term's first three characters
/// (the whole term when it is shorter).
pub fn sub_key(word: &str) -> String {
    word.chars().take(3).collect()
}

/// Shard files by key.
type Files = Vec<(String, Vec<u8>)>;

/// The shard files of one group: its own key alone, or (split) one per sub
/// key.
fn group_files(key: &str, shard: &Shard) -> (bool, Files) {
    let all: Vec<(&str, &[u32])> = shard
        .postings
        .iter()
        .map(|(t, ids)| (t.as_str(), ids.as_slice()))
        .collect();
    let whole = encode_shard(&all);
    if whole.len() <= SPLIT_BYTES {
        return (false, vec![(key.to_string(), whole)]);
    }
    // the field letter comes first, so the sub keys' terms interleave
    let mut parts: BTreeMap<String, Vec<(&str, &[u32])>> = BTreeMap::new();
    for &(term, ids) in &all {
        let sub = sub_key(term.get(1..).unwrap_or(""));
        parts.entry(sub).or_default().push((term, ids));
    }
    let files = parts
        .into_iter()
        .map(|(sub, terms)| (sub, encode_shard(&terms)))
        .collect();
    (true, files)
}

/// The facets file: the tags once, then per document `kind|tags|status`,
/// the kind by its first letter and the tags by their position.
fn facets_file(docs: &[Stored]) -> serde_json::Value {
    let tags: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.tags.iter().map(String::as_str))
        .collect();
    let tags: Vec<&str> = tags.into_iter().collect();
    let rows: Vec<String> = docs
        .iter()
        .map(|d| {
            let kind = d.kind.chars().next().unwrap_or('?');
            let positions: Vec<String> = d
                .tags
                .iter()
                .filter_map(|t| tags.binary_search(&t.as_str()).ok())
                .map(|i| i.to_string())
                .collect();
            format!("{kind}|{}|{}", positions.join(","), d.status)
        })
        .collect();
    serde_json::json!({ "tags": tags, "docs": rows })
}

/// Builds the index and hands its files to `sink`. `Err` when the sink
/// fails.
/// With `memo` (and the language's `Site::digest_pages`), pages analysed
/// by an earlier build are not analysed again.
pub(crate) fn write_into(
    site: &Site,
    sink: &Sink<'_>,
    memo: Option<(&Memo, &PageDigests)>,
) -> Result<(), String> {
    let StoredIndex {
        docs,
        shards,
        stemming,
        averages,
    } = build_stored(site, memo)?;
    // the two halves have no file in common: written side by side
    let (shards, docs) = rayon::join(
        || write_shards(shards, sink),
        || write_documents(docs, sink),
    );
    let (shards, docs) = (shards?, docs?);
    let manifest = serde_json::json!({
        "version": FORMAT_VERSION,
        "docs": docs.count,
        "shards": shards.folder,
        "keys": shards.keys,
        "split": shards.split,
        "table": docs.table,
        "facets": docs.facets,
        "folder": docs.folder,
        "stop": stop::words(stemming),
        "stem": stemming.name(),
        "avg": [averages.title, averages.body],
    });
    sink(Output::Bytes {
        path: "search/manifest.json".into(),
        bytes: serde_json::to_vec(&manifest).map_err(|e| e.to_string())?,
    })
}

/// The shard files as the manifest names them.
struct WrittenShards {
    folder: String,
    keys: Vec<String>,
    split: Vec<String>,
}

fn write_shards(shards: BTreeMap<String, Shard>, sink: &Sink<'_>) -> Result<WrittenShards, String> {
    let groups: Vec<(String, bool, Files)> = shards
        .into_par_iter()
        .map(|(key, shard)| {
            let (split, files) = group_files(&key, &shard);
            (key, split, files)
        })
        .collect();
    let split: Vec<String> = groups.iter().filter(|g| g.1).map(|g| g.0.clone()).collect();
    // Files are numbered by their key's place in the manifest's key list;
    // the folder is named after all of them, so a changed shard renames it.
    let files: BTreeMap<&str, &[u8]> = groups
        .iter()
        .flat_map(|g| g.2.iter().map(|(k, b)| (k.as_str(), b.as_slice())))
        .collect();
    let folder = format!(
        "s.{:016x}",
        crate::hash::stable_hash_parts(files.iter().flat_map(|(key, bytes)| [
            key.as_bytes(),
            b"\n",
            bytes
        ]))
    );
    files
        .values()
        .enumerate()
        .collect::<Vec<_>>()
        .into_par_iter()
        .try_for_each(|(i, bytes)| {
            sink(Output::Bytes {
                path: format!("search/{folder}/{i}.bin"),
                bytes: bytes.to_vec(),
            })
        })?;
    Ok(WrittenShards {
        folder,
        keys: files.keys().map(|k| k.to_string()).collect(),
        split,
    })
}

/// The document files as the manifest names them.
struct WrittenDocuments {
    count: usize,
    table: String,
    facets: String,
    folder: String,
}

fn write_documents(docs: Vec<Stored>, sink: &Sink<'_>) -> Result<WrittenDocuments, String> {
    let rows: Vec<(u32, u32)> = docs.iter().map(|d| (d.title_terms, d.body_class)).collect();
    let table = encode_table(&rows);
    let table_name = format!("t.{}.bin", content_hash(&table));
    sink(Output::Bytes {
        path: format!("search/{table_name}"),
        bytes: table,
    })?;
    let facets = serde_json::to_vec(&facets_file(&docs)).map_err(|e| e.to_string())?;
    let facets_name = format!("f.{}.json", content_hash(&facets));
    sink(Output::Bytes {
        path: format!("search/{facets_name}"),
        bytes: facets,
    })?;
    let docs: Vec<Vec<u8>> = docs.into_iter().map(|d| d.json).collect();
    let count = docs.len();
    let folder = format!(
        "p.{:016x}",
        crate::hash::stable_hash_parts(docs.iter().flat_map(|bytes| [bytes.as_slice(), b"\n"]))
    );
    docs.into_par_iter()
        .enumerate()
        .try_for_each(|(id, bytes)| {
            sink(Output::Bytes {
                path: format!("search/{folder}/{id}.json"),
                bytes,
            })
        })?;
    Ok(WrittenDocuments {
        count,
        table: table_name,
        facets: facets_name,
        folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::search::encode::decode_shard;

    fn shard(terms: &[(&str, Vec<u32>)]) -> Shard {
        Shard {
            postings: terms
                .iter()
                .map(|(t, ids)| (t.to_string(), ids.clone()))
                .collect(),
        }
    }

    #[test]
    fn small_groups_stay_whole() {
        let s = shard(&[("Bset", vec![1, 2]), ("Tsec", vec![3]), ("Hse", vec![4])]);
        let (split, files) = group_files("se", &s);
        assert!(!split);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "se");
        assert_eq!(decode_shard(&files[0].1).unwrap().len(), 3);
    }

    #[test]
    fn large_groups_split_by_three_characters_and_keep_every_term() {
        let big: Vec<u32> = (0..5000).map(|i| i * 3).collect();
        let s = shard(&[
            ("Bset", big.clone()),
            ("Tsetup", vec![7]),
            ("Bsecur", big),
            ("Hse", vec![4]),
        ]);
        let (split, files) = group_files("se", &s);
        assert!(split);
        let keys: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(keys, ["se", "sec", "set"]);
        let set = decode_shard(&files[2].1).unwrap();
        assert_eq!(set.keys().collect::<Vec<_>>(), ["Bset", "Tsetup"]);
        let terms: usize = files
            .iter()
            .map(|f| decode_shard(&f.1).unwrap().len())
            .sum();
        assert_eq!(terms, 4, "{keys:?}");
    }
}
