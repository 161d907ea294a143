//! The client-side search index, sharded by term prefix so a query
//! fetches only what it needs.
//!
//! Layout under `/search/` (see `files`):
//! - `manifest.json`: format version, doc count, the shard keys and folder,
//!   the names of the document table and the facets file, the stop words,
//!   the stemmer and the average lengths;
//! - `s.<hash>/<n>.bin`: the shard of the manifest's `n`th key (`encode`):
//!   the field-prefixed terms that start with the key (`T` title, `H`
//!   headings, tags and the accepted answer, `B`–`E` the rest of the text by
//!   count class) and their posting lists of global doc ids. A key is a
//!   term's first two characters, or its first three in the groups the
//!   manifest lists as `split`;
//! - `t.<hash>.bin`: per document, its title length and body length class,
//!   which every score needs (`encode`);
//! - `f.<hash>.json`: per document, its kind, tags and status, for the
//!   results page's facets and filters;
//! - `p.<hash>/<id>.json`: one document (title, url, kind, tags, status,
//!   excerpt and its passages for snippets, see `snippet`), fetched only for
//!   the results shown; the folder is named after a hash of every document.
//!
//! Text becomes words (`words`), which are stemmed (`stem`) before they
//! are indexed and before they are looked up, with the stemmer the manifest
//! names; the manifest also ships the language's stop words (`stop`). A
//! multilingual site has one index per language, each under its
//! language's `/<code>/search/`.
//!
//! `query` is the reference implementation of ranking and snippets; the
//! browser runtime (`themes/default/static/search.js`) must return the same
//! list, which a parity test checks.

use crate::cache::Memo;
use crate::output::{Output, Sink};
use crate::resolve::registry::{PageKind, PageRecord};
use crate::resolve::site::PageDigests;
use crate::resolve::{GuidePage, IdeaPage, QuestionPage, Section, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};

use super::rank::{self, FieldKind, FIELDS};
use super::snippet::{self, Matched, Passage, Snippet};
use super::stem::Stemming;
use super::stop::{self, is_stop_word};

mod documents;
mod encode;
mod files;
mod query;
mod remembered;
mod words;
use documents::*;
pub use encode::{decode_shard, decode_table, encode_shard, encode_table};
pub use files::sub_key;
pub(crate) use files::write_into;
pub use query::*;
pub use words::*;

pub const FORMAT_VERSION: u32 = 4;
/// Terms longer than this are noise (hashes, long numbers) and are not indexed.
const MAX_TERM_CHARS: usize = 40;
/// Query words beyond this many are ignored.
pub const MAX_QUERY_WORDS: usize = 16;
/// With fewer pages than this matching every word, pages that match some of
/// the words follow them.
pub const FEW: usize = 10;
/// A word of at least this many characters that matches nothing matches
/// the words one edit away from it (two edits from `TYPO_TWO` characters).
pub const TYPO_ONE: usize = 4;
pub const TYPO_TWO: usize = 8;

/// Prefix matching starts at this many characters.
pub const MIN_PREFIX: usize = 2;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Doc {
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "k")]
    pub kind: String,
    #[serde(rename = "g")]
    pub tags: Vec<String>,
    #[serde(rename = "s")]
    pub status: String,
    #[serde(rename = "e")]
    pub excerpt: String,
    #[serde(rename = "p")]
    pub passages: Vec<Passage>,
    /// Distinct title words: a title made only of query words gets a bonus.
    #[serde(skip)]
    pub title_terms: usize,
    /// The body's length class (`rank::length_class`).
    #[serde(skip)]
    pub body_class: u32,
}

pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// One shard in memory: global doc ids and, per field-prefixed term, the
/// sorted doc ids containing it.
#[derive(Debug, Default)]
pub struct Shard {
    pub postings: BTreeMap<String, Vec<u32>>,
}

pub struct Index {
    pub docs: Vec<Doc>,
    pub shards: BTreeMap<String, Shard>,
    pub stemming: Stemming,
    pub averages: Averages,
}

/// The average title length (in words) and body length (of the length
/// classes' lengths), in hundredths: the manifest ships these integers, so
/// the browser normalises with the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Averages {
    pub title: u64,
    pub body: u64,
}

impl Averages {
    /// Of each document's title terms and body length class.
    fn of(docs: impl Iterator<Item = (usize, u32)> + Clone) -> Self {
        let n = docs.clone().count() as f64;
        if n == 0.0 {
            return Averages::default();
        }
        let title: f64 = docs.clone().map(|(title, _)| title as f64).sum::<f64>() / n;
        let body: f64 = docs.map(|(_, body)| rank::class_length(body)).sum::<f64>() / n;
        Averages {
            title: (title * 100.0).round() as u64,
            body: (body * 100.0).round() as u64,
        }
    }

    fn title_words(self) -> f64 {
        self.title as f64 / 100.0
    }

    fn body_words(self) -> f64 {
        self.body as f64 / 100.0
    }
}

pub fn build(site: &Site) -> Index {
    let stemming = Stemming::for_language(&site.config.language);
    let (docs, shards) = analyse(site, stemming, |page, item, id, postings| {
        entry(site, page, item, id, postings)
    });
    let averages = Averages::of(docs.iter().map(|d| (d.title_terms, d.body_class)));
    Index {
        docs,
        shards,
        stemming,
        averages,
    }
}

/// What the index files are made of: the documents as their files and
/// facets, the shards, and the averages.
struct StoredIndex {
    docs: Vec<Stored>,
    shards: BTreeMap<String, Shard>,
    stemming: Stemming,
    averages: Averages,
}

/// `build`, with the documents ready to write. With `memo` (the persistent
/// cache), the pages an earlier build analysed are not tokenised again.
fn build_stored(site: &Site, memo: Option<(&Memo, &PageDigests)>) -> Result<StoredIndex, String> {
    let stemming = Stemming::for_language(&site.config.language);
    let (docs, shards) = match memo {
        Some((memo, digests)) => remembered::build(site, memo, digests, stemming)?,
        None => {
            let (docs, shards) = analyse(site, stemming, |page, item, id, postings| {
                Stored::of(&entry(site, page, item, id, postings))
            });
            (docs.into_iter().collect::<Result<_, String>>()?, shards)
        }
    };
    let averages = Averages::of(docs.iter().map(|d| (d.title_terms as usize, d.body_class)));
    Ok(StoredIndex {
        docs,
        shards,
        stemming,
        averages,
    })
}

/// Every searchable page through `make`, which gives its document and
/// adds its terms to the postings under the id it is given; the documents
/// in id order and the postings as shards.
fn analyse<T: Send>(
    site: &Site,
    stemming: Stemming,
    make: impl Fn(&PageRecord, Item<'_>, u32, &mut Postings) -> T + Sync,
) -> (Vec<T>, BTreeMap<String, Shard>) {
    /// Pages tokenised by one task into its own postings.
    const RUN: usize = 128;
    let items = items(site);
    let mut docs = Vec::with_capacity(items.len());
    let mut postings = Postings::new(stemming);
    // Runs of pages are tokenised in parallel, a batch of runs at a time, and
    // appended in id order: every posting list comes out sorted, and only
    // one batch of runs is in memory beside the site's postings.
    for (batch_index, batch) in items.chunks(RUN * 8).enumerate() {
        let first = batch_index * RUN * 8;
        let runs: Vec<(Vec<T>, Postings)> = batch
            .par_chunks(RUN)
            .enumerate()
            .map(|(run_index, run)| {
                let mut run_postings = Postings::new(stemming);
                let run_docs = run
                    .iter()
                    .enumerate()
                    .map(|(i, (page, item))| {
                        let id = (first + run_index * RUN + i) as u32;
                        make(page, *item, id, &mut run_postings)
                    })
                    .collect();
                (run_docs, run_postings)
            })
            .collect();
        for (run_docs, run_postings) in runs {
            docs.extend(run_docs);
            postings.append(run_postings);
        }
    }
    (docs, shards_of(postings.map))
}

/// Field-prefixed terms with their posting lists, grouped into shards.
fn shards_of(terms: impl IntoIterator<Item = (String, Vec<u32>)>) -> BTreeMap<String, Shard> {
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (term, ids) in terms {
        // the shard key comes from the word, after the one-letter field prefix
        let key = shard_key(term.get(1..).unwrap_or(""));
        shards.entry(key).or_default().postings.insert(term, ids);
    }
    shards
}

pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", crate::hash::stable_hash(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_drop_stop_words_and_mark_the_last_prefix() {
        let words = |q: &str| -> Vec<(String, String, bool)> {
            query_words(q, Stemming::English)
                .into_iter()
                .map(|w| (w.word, w.stem, w.prefix))
                .collect()
        };
        let w = |a: &str, b: &str, p: bool| (a.to_string(), b.to_string(), p);
        assert_eq!(words("how to refund"), [w("refund", "refund", true)]);
        assert_eq!(
            words("refunds the order "),
            [w("refunds", "refund", false), w("order", "order", false)]
        );
        assert_eq!(words("the"), [w("the", "the", true)]);
        assert_eq!(words("r"), [w("r", "r", false)]);
        // repeats of one stem count once (the prefix last word apart)
        assert_eq!(
            words("pages page paging"),
            [w("pages", "page", false), w("paging", "page", true)]
        );
        let many = "alpha beta gamma delta ".repeat(10);
        assert_eq!(query_words(&many, Stemming::None).len(), 4);
        let distinct: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert_eq!(
            query_words(&distinct, Stemming::None).len(),
            MAX_QUERY_WORDS
        );
    }

    #[test]
    fn postings_hold_each_document_once_in_id_order() {
        let mut first = Postings::new(Stemming::None);
        assert_eq!(terms_of('T', "Refund the refund", false, 0, &mut first), 1);
        terms_of('B', "refund policy", true, 1, &mut first);
        let mut later = Postings::new(Stemming::None);
        terms_of('B', "policy, policy and refund", true, 2, &mut later);
        first.append(later);
        assert_eq!(first.map["Trefund"], [0]);
        assert_eq!(first.map["Tthe"], [0]);
        assert_eq!(first.map["Brefund"], [1, 2]);
        assert_eq!(first.map["Bpolicy"], [1, 2]);
        assert!(
            !first.map.contains_key("Band"),
            "stop words are skipped in the body"
        );
    }

    #[test]
    fn indexed_words_are_stemmed() {
        let mut postings = Postings::new(Stemming::English);
        terms_of('B', "Keeping refunds, 2FA", true, 0, &mut postings);
        let mut terms: Vec<&str> = postings.map.keys().map(String::as_str).collect();
        terms.sort_unstable();
        assert_eq!(terms, ["B2fa", "Bkeep", "Brefund"]);
    }

    #[test]
    fn edits_are_counted_like_optimal_string_alignment() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_edits(&c("githb"), &c("github"), 1));
        assert!(
            within_edits(&c("recieve"), &c("receive"), 1),
            "a swap is one edit"
        );
        assert!(within_edits(&c("pasword"), &c("password"), 1));
        assert!(!within_edits(&c("pswrd"), &c("password"), 2));
        assert!(within_edits(&c("accomodatoin"), &c("accommodation"), 2));
        assert!(
            !within_edits(&c("same"), &c("same"), 1),
            "equal is not a typo"
        );
        assert!(!within_edits(&c("ab"), &c("abcd"), 1));
        assert!(within_edits(&c("café"), &c("cafe"), 1));
    }
}
