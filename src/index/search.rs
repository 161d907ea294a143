//! The client-side search index, in tinysearch's compact exact format,
//! sharded by term prefix so a query fetches only what it needs.
//!
//! Layout under `/search/`:
//! - `manifest.json`: format version, doc count, chunk size, the shard key
//!   -> file map and the doc chunk files;
//! - `s.<hash>.bin`: one tinysearch `Storage` per shard key (the first two
//!   characters of a term). Its posts are the documents the shard mentions:
//!   `url` holds the global doc id, `meta` the facets (`kind|tags|status`);
//!   its terms carry a field prefix: `T` title, `H` headings, tags and the
//!   accepted answer, `B` the rest of the text;
//! - `p.<hash>/<id>.json`: one document (title, url, kind, tags, status,
//!   excerpt and its passages for snippets, see `snippet`), fetched only for
//!   the results shown; the folder is named after a hash of every document.
//!
//! Words are stemmed (`stem`) before they are indexed and before they are
//! looked up, with the stemmer the manifest names.
//!
//! `query` is the reference implementation of ranking and snippets; the
//! browser runtime (`themes/default/static/search.js`) must return the same
//! list, which a parity test checks.

use crate::output::{Output, Sink};
use crate::resolve::registry::{PageKind, PageRecord};
use crate::resolve::{GuidePage, IdeaPage, QuestionPage, Section, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tinysearch::{PostId, SearchIndex, Storage};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::rank::{self, FieldKind, FIELDS};
use super::snippet::{self, Matched, Passage, Snippet};
use super::stem::Stemming;

pub const FORMAT_VERSION: u32 = 3;
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

pub const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "get", "go", "goes", "got", "had", "has",
    "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
    "or", "our", "should", "so", "some", "than", "that", "the", "then", "there", "this", "to",
    "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you",
    "your",
];

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

/// Lowercased, NFC-normalised words: runs of letters and digits.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, |word| words.push(word.to_string()));
    words
}

/// `tokenize` without allocating a String per word: most text is already
/// NFC (checked quickly) and mostly ASCII.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let normalized: String;
    let text = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        normalized = text.nfc().collect();
        &normalized
    };
    for_each_word_span(text, |_, word| f(word));
}

/// The words of an NFC `text`, lowercased, with their byte range in it.
pub fn for_each_word_span(text: &str, mut f: impl FnMut(std::ops::Range<usize>, &str)) {
    let mut word = String::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() || c.is_numeric() {
            if word.is_empty() {
                start = i;
            }
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else if !word.is_empty() {
            f(start..i, &word);
            word.clear();
        }
    }
    if !word.is_empty() {
        f(start..text.len(), &word);
    }
}

pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// Postings of consecutive documents: per field-prefixed term (`Trefund`,
/// `Bpolicy`), the ids of the documents containing it, each once, ascending.
struct Postings {
    map: FxHashMap<String, Vec<u32>>,
    key: String,
    stemming: Stemming,
}

impl Postings {
    fn new(stemming: Stemming) -> Self {
        Postings {
            map: FxHashMap::default(),
            key: String::new(),
            stemming,
        }
    }

    /// Records `field` + `word` in document `id`; true when it is new to
    /// that document. Documents are added in id order.
    fn add(&mut self, field: char, word: &str, id: u32) -> bool {
        self.key.clear();
        self.key.push(field);
        self.key.push_str(word);
        match self.map.get_mut(self.key.as_str()) {
            Some(ids) if ids.last() == Some(&id) => false,
            Some(ids) => {
                ids.push(id);
                true
            }
            None => {
                self.map.insert(self.key.clone(), vec![id]);
                true
            }
        }
    }

    /// Appends the postings of documents that all come after these.
    fn append(&mut self, later: Postings) {
        for (term, ids) in later.map {
            match self.map.get_mut(term.as_str()) {
                Some(mine) => mine.extend(ids),
                None => {
                    self.map.insert(term, ids);
                }
            }
        }
    }
}

/// Adds the words of `text` to document `id` as `field`-prefixed terms;
/// returns how many distinct words new to the document a query can match.
fn terms_of(
    field: char,
    text: &str,
    skip_stop_words: bool,
    id: u32,
    postings: &mut Postings,
) -> usize {
    let mut new = 0;
    let stemming = postings.stemming;
    for_each_word(text, |word| {
        if word.len() > MAX_TERM_CHARS && word.chars().count() > MAX_TERM_CHARS {
            return;
        }
        let stop = is_stop_word(word);
        if skip_stop_words && stop {
            return;
        }
        if postings.add(field, &stemming.stem(word), id) && !stop {
            new += 1;
        }
    });
    new
}

/// The body words of one document, counted, before they become terms: a
/// word's count picks its field letter (`rank::body_letter`).
struct Body {
    counts: FxHashMap<String, u32>,
    words: usize,
    stemming: Stemming,
}

impl Body {
    fn new(stemming: Stemming) -> Self {
        Body {
            counts: FxHashMap::default(),
            words: 0,
            stemming,
        }
    }

    /// Counts the words of `text` but stop words and overlong ones.
    fn add(&mut self, text: &str) {
        let stemming = self.stemming;
        for_each_word(text, |word| {
            if (word.len() > MAX_TERM_CHARS && word.chars().count() > MAX_TERM_CHARS)
                || is_stop_word(word)
            {
                return;
            }
            self.words += 1;
            let stem = stemming.stem(word);
            match self.counts.get_mut(stem.as_ref()) {
                Some(count) => *count += 1,
                None => {
                    self.counts.insert(stem.into_owned(), 1);
                }
            }
        });
    }

    /// Adds the counted words to document `id`; returns the body's length class.
    fn finish(self, id: u32, postings: &mut Postings) -> u32 {
        for (word, count) in &self.counts {
            postings.add(rank::body_letter(*count), word, id);
        }
        rank::length_class(self.words)
    }
}

fn is_stop_word(word: &str) -> bool {
    // every stop word is short: most words are ruled out by length alone,
    // and a hash probe beats a binary search's string comparisons on the rest
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    word.len() <= 6 && SET.contains(word)
}

fn tags(page: &PageRecord) -> Vec<String> {
    page.tag_names().map(str::to_string).collect()
}

/// A searchable page.
#[derive(Clone, Copy)]
enum Item<'a> {
    Guide(&'a GuidePage),
    /// A section index page with an intro of its own.
    Section(&'a Section),
    Question(&'a QuestionPage),
    Idea(&'a IdeaPage),
}

/// The searchable pages of a site, from the page registry, in a stable
/// order (guides, sections with an intro, questions, ideas); drafts and
/// duplicates are not listed, so not searchable.
fn items(site: &Site) -> Vec<(PageRecord<'_>, Item<'_>)> {
    let pages = site.pages();
    let mut items = Vec::new();
    for kind in [
        PageKind::Guide,
        PageKind::Section,
        PageKind::Question,
        PageKind::Idea,
    ] {
        for record in pages.iter().filter(|r| r.kind == kind && r.is_listed()) {
            let index = record.index;
            let item = match kind {
                PageKind::Guide => site.guides.get(index).map(Item::Guide),
                PageKind::Section => site
                    .sections
                    .get(index)
                    .filter(|s| s.body.as_ref().is_some_and(|b| !b.plain.trim().is_empty()))
                    .map(Item::Section),
                PageKind::Question => site.questions.get(index).map(Item::Question),
                PageKind::Idea => site.ideas.get(index).map(Item::Idea),
                _ => None,
            };
            if let Some(item) = item {
                items.push((record.clone(), item));
            }
        }
    }
    items
}

/// A page's document; its terms go into `postings` under `id`.
fn entry(site: &Site, page: &PageRecord, item: Item<'_>, id: u32, postings: &mut Postings) -> Doc {
    match item {
        Item::Guide(g) => {
            let title_terms = terms_of('T', &g.guide.title, false, id, postings);
            let mut body = Body::new(postings.stemming);
            for h in &g.guide.body.headings {
                terms_of('H', &h.text, true, id, postings);
            }
            for (tag, _) in &g.guide.tags {
                terms_of('H', tag, true, id, postings);
            }
            body.add(g.guide.description.as_deref().unwrap_or(""));
            let mut passages = Vec::new();
            let plain = snippet::passages(&g.guide.body, None, &mut passages);
            body.add(&plain);
            let body_class = body.finish(id, postings);
            Doc {
                title: page.title.to_string(),
                url: site.href(&page.url),
                kind: "guide".into(),
                tags: tags(page),
                status: String::new(),
                excerpt: page.summary.to_string(),
                passages,
                title_terms,
                body_class,
            }
        }
        Item::Section(section) => {
            let title_terms = terms_of('T', &section.title, false, id, postings);
            let mut words = Body::new(postings.stemming);
            let body = section.body.as_ref();
            for h in body.map_or(&[][..], |b| &b.headings[..]) {
                terms_of('H', &h.text, true, id, postings);
            }
            words.add(section.description.as_deref().unwrap_or(""));
            let mut passages = Vec::new();
            let plain = body.map(|b| snippet::passages(b, None, &mut passages));
            words.add(plain.as_deref().unwrap_or(""));
            let body_class = words.finish(id, postings);
            Doc {
                title: page.title.to_string(),
                url: site.href(&page.url),
                // a section reads like a guide: readers filter them together
                kind: "guide".into(),
                tags: Vec::new(),
                status: String::new(),
                excerpt: page.summary.to_string(),
                passages,
                title_terms,
                body_class,
            }
        }
        Item::Question(q) => {
            let title_terms = terms_of('T', &q.question.title, false, id, postings);
            let mut body = Body::new(postings.stemming);
            for (tag, _) in &q.question.tags {
                terms_of('H', tag, true, id, postings);
            }
            let mut passages = Vec::new();
            let plain = snippet::passages(&q.question.body, None, &mut passages);
            body.add(&plain);
            for (i, answer) in q.answers.iter().enumerate() {
                let accepted = i == 0 && q.has_accepted;
                let label = if accepted {
                    "Accepted answer".to_string()
                } else {
                    format!("Answer by {}", answer.author)
                };
                let anchor = format!("answer-{}", answer.id);
                let plain = snippet::passages(&answer.body, Some((&anchor, &label)), &mut passages);
                if accepted {
                    terms_of('H', &plain, true, id, postings);
                } else {
                    body.add(&plain);
                }
            }
            // a question's result shows the start of its accepted answer
            let excerpt = q.accepted().map_or_else(
                || page.summary.to_string(),
                |a| crate::resolve::site::summary(None, &a.body),
            );
            let body_class = body.finish(id, postings);
            Doc {
                title: page.title.to_string(),
                url: site.href(&page.url),
                kind: "question".into(),
                tags: tags(page),
                status: if q.has_accepted {
                    "answered".into()
                } else {
                    String::new()
                },
                excerpt,
                passages,
                title_terms,
                body_class,
            }
        }
        Item::Idea(i) => {
            let title_terms = terms_of('T', &i.idea.title, false, id, postings);
            let mut body = Body::new(postings.stemming);
            terms_of('H', i.idea.status.label(), true, id, postings);
            for (tag, _) in &i.idea.tags {
                terms_of('H', tag, true, id, postings);
            }
            let mut passages = Vec::new();
            let plain = snippet::passages(&i.idea.body, None, &mut passages);
            body.add(&plain);
            let body_class = body.finish(id, postings);
            Doc {
                title: page.title.to_string(),
                url: site.href(&page.url),
                kind: "idea".into(),
                tags: tags(page),
                status: i.idea.status.as_str().into(),
                excerpt: page.summary.to_string(),
                passages,
                title_terms,
                body_class,
            }
        }
    }
}

fn facets(doc: &Doc) -> String {
    let kind = doc.kind.chars().next().unwrap_or('?');
    format!(
        "{kind}|{}|{}|{}|{}",
        doc.tags.join(","),
        doc.status,
        doc.title_terms,
        doc.body_class
    )
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
    fn of(docs: &[Doc]) -> Self {
        if docs.is_empty() {
            return Averages::default();
        }
        let n = docs.len() as f64;
        let title: f64 = docs.iter().map(|d| d.title_terms as f64).sum::<f64>() / n;
        let body: f64 = docs
            .iter()
            .map(|d| rank::class_length(d.body_class))
            .sum::<f64>()
            / n;
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
    /// Pages tokenised by one task into its own postings.
    const RUN: usize = 128;
    let items = items(site);
    let stemming = Stemming::for_language(&site.config.language);
    let mut docs = Vec::with_capacity(items.len());
    let mut postings = Postings::new(stemming);
    // Runs of pages are tokenised in parallel, a batch of runs at a time, and
    // appended in id order: every posting list comes out sorted, and only
    // one batch of runs is in memory beside the site's postings.
    for (batch_index, batch) in items.chunks(RUN * 8).enumerate() {
        let first = batch_index * RUN * 8;
        let runs: Vec<(Vec<Doc>, Postings)> = batch
            .par_chunks(RUN)
            .enumerate()
            .map(|(run_index, run)| {
                let mut run_postings = Postings::new(stemming);
                let run_docs = run
                    .iter()
                    .enumerate()
                    .map(|(i, (page, item))| {
                        let id = (first + run_index * RUN + i) as u32;
                        entry(site, page, *item, id, &mut run_postings)
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
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (term, ids) in postings.map {
        // the shard key comes from the word, after the one-letter field prefix
        let key = shard_key(term.get(1..).unwrap_or(""));
        shards.entry(key).or_default().postings.insert(term, ids);
    }
    let averages = Averages::of(&docs);
    Index {
        docs,
        shards,
        stemming,
        averages,
    }
}

pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", crate::hash::stable_hash(bytes))
}

/// A shard in tinysearch's storage format.
pub fn encode_shard(shard: &Shard, docs: &[Doc]) -> Result<Vec<u8>, String> {
    let facets: Vec<String> = docs.iter().map(facets).collect();
    encode_shard_with_facets(shard, &facets)
}

/// tinysearch's exact index in the shape it serialises. A shard's postings
/// are already what tinysearch's builder would compute from per-document
/// term sets, so they are handed over as they are and tinysearch checks and
/// encodes them; rebuilding them document by document cost more than the
/// rest of the index build.
#[derive(Serialize)]
struct IndexShape<'a> {
    data: IndexData<'a>,
}

#[derive(Serialize)]
enum IndexData<'a> {
    Exact(ExactIndexShape<'a>),
}

#[derive(Serialize)]
struct ExactIndexShape<'a> {
    posts: Vec<PostId>,
    terms: Vec<&'a str>,
    postings: Vec<Vec<usize>>,
}

/// `encode_shard` with each document's facets string made once per build
/// rather than once per shard the document appears in.
fn encode_shard_with_facets(shard: &Shard, facets: &[String]) -> Result<Vec<u8>, String> {
    // The shard's posts are the documents it mentions, in id order; posting
    // lists refer to them by position.
    let mut ids: Vec<u32> = shard.postings.values().flatten().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let position = |id: &u32| ids.binary_search(id).unwrap_or_default();
    let shape = IndexShape {
        data: IndexData::Exact(ExactIndexShape {
            posts: ids
                .iter()
                .map(|&id| PostId {
                    title: String::new(),
                    url: id.to_string(),
                    meta: facets.get(id as usize).cloned().unwrap_or_default(),
                })
                .collect(),
            terms: shard.postings.keys().map(String::as_str).collect(),
            postings: shard
                .postings
                .values()
                .map(|list| list.iter().map(position).collect())
                .collect(),
        }),
    };
    let json = serde_json::to_vec(&shape).map_err(|e| e.to_string())?;
    let index: SearchIndex = serde_json::from_slice(&json).map_err(|e| e.to_string())?;
    Storage::from(index).to_bytes().map_err(|e| e.to_string())
}

/// Builds the index and hands each file to `sink` as soon as it is encoded,
/// so the shards are never all in memory at once. `Err` when a shard cannot
/// be encoded or the sink fails.
pub fn write_into(site: &Site, sink: &Sink<'_>) -> Result<(), String> {
    let index = build(site);
    let facets: Vec<String> = index.docs.iter().map(facets).collect();
    let shard_files: BTreeMap<String, String> = index
        .shards
        .into_par_iter()
        .map(|(key, shard)| {
            let bytes = encode_shard_with_facets(&shard, &facets)?;
            drop(shard);
            let name = format!("s.{}.bin", content_hash(&bytes));
            sink(Output::Bytes {
                path: format!("search/{name}"),
                bytes,
            })?;
            Ok((key, name))
        })
        .collect::<Result<_, String>>()?;
    let files: Vec<Vec<u8>> = index
        .docs
        .par_iter()
        .map(|doc| serde_json::to_vec(doc).map_err(|e| e.to_string()))
        .collect::<Result<_, String>>()?;
    let mut all = Vec::new();
    for bytes in &files {
        all.extend_from_slice(bytes);
        all.push(b'\n');
    }
    let folder = format!("p.{}", content_hash(&all));
    drop(all);
    files
        .into_par_iter()
        .enumerate()
        .try_for_each(|(id, bytes)| {
            sink(Output::Bytes {
                path: format!("search/{folder}/{id}.json"),
                bytes,
            })
        })?;
    let manifest = serde_json::json!({
        "version": FORMAT_VERSION,
        "docs": index.docs.len(),
        "folder": folder,
        "shards": shard_files,
        "stop": STOP_WORDS,
        "stem": index.stemming.name(),
        "avg": [index.averages.title, index.averages.body],
    });
    sink(Output::Bytes {
        path: "search/manifest.json".into(),
        bytes: serde_json::to_vec(&manifest).map_err(|e| e.to_string())?,
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Hit {
    pub id: u32,
    pub score: u32,
    pub title: String,
    pub url: String,
    pub kind: String,
    pub tags: Vec<String>,
    pub status: String,
    /// `url`, with the matched passage's `#anchor` when it has one.
    pub link: String,
    /// The matched passage's heading ("" for a page's opening text).
    pub heading: String,
    /// HTML: the matched passage (or the excerpt), query words in `<mark>`.
    pub snippet: String,
}

/// One word of a query: as typed (lowercased), its stem, and whether it
/// matches as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub word: String,
    pub stem: String,
    pub prefix: bool,
}

/// The query words: stop words dropped unless nothing else remains; the
/// last word is a prefix unless the query ends with a space; each stemmed;
/// repeats dropped; at most `MAX_QUERY_WORDS`.
pub fn query_words(query: &str, stemming: Stemming) -> Vec<QueryWord> {
    let words = tokenize(query);
    let content: Vec<&String> = words.iter().filter(|w| !is_stop_word(w)).collect();
    let chosen: Vec<&String> = if content.is_empty() {
        words.iter().collect()
    } else {
        content
    };
    let prefix_last = !query.ends_with(char::is_whitespace);
    let mut seen = BTreeSet::new();
    let count = chosen.len();
    chosen
        .into_iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let prefix = prefix_last && i + 1 == count && w.chars().count() >= MIN_PREFIX;
            let stem = stemming.stem(w).into_owned();
            seen.insert((stem.clone(), prefix)).then(|| QueryWord {
                word: w.clone(),
                stem,
                prefix,
            })
        })
        .take(MAX_QUERY_WORDS)
        .collect()
}

/// Per document, what one query word matched: the best quality of a match
/// (1 exact, `rank::PREFIX`, `rank::TYPO`) in each of `rank::FIELDS`.
type FieldMatches = [f64; FIELDS.len()];

/// A ranked document: id, query words matched, score.
type Ranked = (u32, usize, f64);

/// More words matched first, then the higher score, then the lower id.
fn order(a: &Ranked, b: &Ranked) -> std::cmp::Ordering {
    b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0))
}

/// Ranks documents (see `rank` and the search reference page): documents
/// that match every word, then (when fewer than `FEW` do) those matching
/// fewer, by how many words they match, then by score; the first
/// `rank::RERANK` get their proximity bonus and are ordered again.
pub fn query(index: &Index, query: &str, filters: &Filters, limit: usize) -> Vec<Hit> {
    let words = query_words(query, index.stemming);
    if words.is_empty() {
        return Vec::new();
    }
    // doc -> (words matched, score, words matched in the title)
    let mut scores: BTreeMap<u32, (usize, f64, usize)> = BTreeMap::new();
    let mut matched = Matched::new();
    for (i, word) in words.iter().enumerate() {
        let Some(shard) = index.shards.get(&shard_key(&word.stem)) else {
            continue;
        };
        let (per_doc, terms) = word_matches(shard, word);
        let idf = rank::idf(index.docs.len(), per_doc.len());
        for (id, fields) in per_doc {
            let (title_len, body_class) = index
                .docs
                .get(id as usize)
                .map_or((0, 0), |d| (d.title_terms, d.body_class));
            let tf = weighted_frequency(&fields, title_len, body_class, index.averages);
            let entry = scores.entry(id).or_insert((0, 0.0, 0));
            entry.0 += 1;
            entry.1 += rank::saturate(idf, tf);
            entry.2 += usize::from(fields.first().is_some_and(|&q| q > 0.0));
        }
        for term in terms {
            *matched.entry(term).or_insert(0) |= 1 << i;
        }
    }
    for (id, entry) in scores.iter_mut() {
        let title_terms = index.docs.get(*id as usize).map_or(0, |d| d.title_terms);
        if title_terms > 0 && entry.2 >= title_terms {
            entry.1 += entry.1 * rank::WHOLE_TITLE;
        }
    }
    let all_words = words.len();
    let complete = scores.values().filter(|(n, _, _)| *n == all_words).count();
    let mut ranked: Vec<Ranked> = scores
        .into_iter()
        .filter(|(id, (n, _, _))| {
            (complete < FEW || *n == all_words)
                && index
                    .docs
                    .get(*id as usize)
                    .is_some_and(|d| matches(d, filters))
        })
        .map(|(id, (n, score, _))| (id, n, score))
        .collect();
    ranked.sort_by(order);
    let head = ranked.len().min(rank::RERANK);
    if let Some(first) = ranked.get_mut(..head) {
        for r in first.iter_mut() {
            if let Some(doc) = index.docs.get(r.0 as usize) {
                r.2 += r.2 * near_bonus(doc, &matched, all_words, index.stemming);
            }
        }
        first.sort_by(order);
    }
    ranked
        .into_iter()
        .take(limit)
        .filter_map(|(id, _, score)| {
            let doc = index.docs.get(id as usize)?;
            let Snippet {
                anchor,
                heading,
                html,
            } = snippet::choose(&doc.passages, &doc.excerpt, &matched, index.stemming);
            Some(Hit {
                id,
                score: rank::points(score),
                title: doc.title.clone(),
                link: if anchor.is_empty() {
                    doc.url.clone()
                } else {
                    format!("{}#{anchor}", doc.url)
                },
                url: doc.url.clone(),
                kind: doc.kind.clone(),
                tags: doc.tags.clone(),
                status: doc.status.clone(),
                heading,
                snippet: html,
            })
        })
        .collect()
}

/// A word's weighted frequency in a document: the title's and the body's
/// matches normalised by their length, the heading's as they are, each
/// times its field's weight.
fn weighted_frequency(
    fields: &FieldMatches,
    title_len: usize,
    body_class: u32,
    averages: Averages,
) -> f64 {
    let (mut title, mut heading, mut body) = (0.0f64, 0.0f64, 0.0f64);
    for (field, quality) in FIELDS.iter().zip(fields) {
        let value = quality * field.weight * field.count;
        match field.kind {
            FieldKind::Title => title = title.max(value),
            FieldKind::Heading => heading = heading.max(value),
            FieldKind::Body => body = body.max(value),
        }
    }
    let title_norm = rank::norm(
        rank::B_TITLE,
        title_len.max(1) as f64,
        averages.title_words(),
    );
    let body_norm = rank::norm(
        rank::B_BODY,
        rank::class_length(body_class),
        averages.body_words(),
    );
    title / title_norm + heading + body / body_norm
}

/// The proximity bonus of a document: the share of the query's adjacent
/// word pairs found side by side in its title or a heading, and in a
/// passage's text, each times its weight.
fn near_bonus(doc: &Doc, matched: &Matched, words: usize, stemming: Stemming) -> f64 {
    if words < 2 {
        return 0.0;
    }
    let tokens = |text: &str| -> Vec<u32> {
        let mut bits = Vec::new();
        for_each_word(text, |word| {
            if !is_stop_word(word) {
                bits.push(
                    matched
                        .get(stemming.stem(word).as_ref())
                        .copied()
                        .unwrap_or(0),
                );
            }
        });
        bits
    };
    let mut heading = rank::near_share(&tokens(&doc.title), words);
    let mut text = 0.0f64;
    for p in &doc.passages {
        heading = heading.max(rank::near_share(&tokens(p.heading()), words));
        text = text.max(rank::near_share(&tokens(p.text()), words));
    }
    rank::NEAR_HEADING * heading + rank::NEAR_TEXT * text
}

/// Per document, the quality of one word's best match in each field, and
/// the indexed words it matched. Typo matches count only when the word
/// matches nothing exactly or as a prefix.
fn word_matches(
    shard: &Shard,
    word: &QueryWord,
) -> (BTreeMap<u32, FieldMatches>, BTreeSet<String>) {
    let mut per_doc: BTreeMap<u32, FieldMatches> = BTreeMap::new();
    let mut terms = BTreeSet::new();
    let mut record = |ids: &[u32], slot: usize, quality: f64| {
        for &id in ids {
            if let Some(q) = per_doc
                .entry(id)
                .or_insert([0.0; FIELDS.len()])
                .get_mut(slot)
            {
                *q = q.max(quality);
            }
        }
    };
    for (slot, field) in FIELDS.iter().enumerate() {
        let exact = format!("{}{}", field.letter, word.stem);
        for (term, ids) in shard.postings.range(exact.clone()..) {
            let quality = if *term == exact {
                1.0
            } else if word.prefix && term.starts_with(&exact) {
                rank::PREFIX
            } else {
                break;
            };
            terms.insert(term.get(1..).unwrap_or("").to_string());
            record(ids, slot, quality);
        }
    }
    if terms.is_empty() {
        let length = word.stem.chars().count();
        let edits = if length >= TYPO_TWO {
            2
        } else {
            usize::from(length >= TYPO_ONE)
        };
        if edits > 0 {
            let stem: Vec<char> = word.stem.chars().collect();
            for (term, ids) in &shard.postings {
                let mut chars = term.chars();
                let letter = chars.next().unwrap_or(' ');
                let candidate: Vec<char> = chars.collect();
                let Some(slot) = FIELDS.iter().position(|f| f.letter == letter) else {
                    continue;
                };
                if !within_edits(&stem, &candidate, edits) {
                    continue;
                }
                terms.insert(candidate.iter().collect());
                record(ids, slot, rank::TYPO);
            }
        }
    }
    (per_doc, terms)
}

/// Whether `a` becomes `b` in at most `max` edits (insert, delete, replace
/// a character, or swap two adjacent ones), `a` and `b` differing.
pub fn within_edits(a: &[char], b: &[char], max: usize) -> bool {
    if a == b || a.len().abs_diff(b.len()) > max {
        return false;
    }
    // optimal string alignment distance, three rows
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(row[j] + 1);
            if i > 0 && j > 0 && Some(&ca) == b.get(j - 1) && a.get(i - 1) == Some(&cb) {
                d = d.min(before[j - 1] + 1);
            }
            row[j + 1] = d;
        }
        if row.iter().min().is_some_and(|&m| m > max) {
            return false;
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous.last().is_some_and(|&d| d <= max)
}

fn matches(doc: &Doc, filters: &Filters) -> bool {
    filters.kind.as_ref().is_none_or(|k| &doc.kind == k)
        && filters.tag.as_ref().is_none_or(|t| doc.tags.contains(t))
        && filters.status.as_ref().is_none_or(|s| &doc.status == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 6));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert!(!is_stop_word("them") && !is_stop_word("The") && !is_stop_word(""));
    }

    #[test]
    fn tokenize_normalises_and_lowercases_beyond_ascii() {
        // "é" written as e + combining accent is the same word as "é"
        assert_eq!(tokenize("Cafe\u{301} ÉTÉ İx"), ["café", "été", "i\u{307}x"]);
    }

    #[test]
    fn tokenize_folds_case_and_splits_on_punctuation() {
        assert_eq!(
            tokenize("Partial-Refunds, café 2FA!"),
            ["partial", "refunds", "café", "2fa"]
        );
        assert_eq!(tokenize("cafe\u{301}"), ["café"]);
        assert!(tokenize("  ").is_empty());
    }

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

    #[test]
    fn shards_round_trip_through_tinysearch_storage() {
        let docs = vec![Doc {
            title: "A".into(),
            url: "/a/".into(),
            kind: "guide".into(),
            tags: vec!["x".into()],
            status: String::new(),
            excerpt: String::new(),
            passages: Vec::new(),
            title_terms: 1,
            body_class: 0,
        }];
        let mut shard = Shard::default();
        shard.postings.insert("Brefund".into(), vec![0]);
        shard.postings.insert("Trefund".into(), vec![0]);
        let bytes = encode_shard(&shard, &docs).unwrap();
        assert!(bytes.starts_with(b"tinysearch\x02"));
        assert!(Storage::from_bytes(&bytes).is_ok());
    }

    /// What tinysearch's own builder makes of the same shard, from one term
    /// set per document.
    fn built_by_tinysearch(shard: &Shard, facets: &[String]) -> Vec<u8> {
        use tinysearch::{IndexBackend, IndexedDocument};
        let mut per_doc: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for (term, list) in &shard.postings {
            for &id in list {
                per_doc.entry(id).or_default().push(term.clone());
            }
        }
        let documents = per_doc
            .into_iter()
            .map(|(id, terms)| {
                let post = PostId {
                    title: String::new(),
                    url: id.to_string(),
                    meta: facets[id as usize].clone(),
                };
                IndexedDocument::new(post, terms)
            })
            .collect();
        let index = tinysearch::ExactIndexBackend.build(documents);
        Storage::from(index).to_bytes().unwrap()
    }

    #[test]
    fn shards_are_byte_for_byte_what_tinysearchs_builder_makes() {
        let facets: Vec<String> = (0..300)
            .map(|i| format!("g|t{}||{}", i % 7, i % 3))
            .collect();
        let mut shard = Shard::default();
        // a deterministic spread of terms over sparse, unevenly used documents
        let mut seed = 17u64;
        for t in 0..400 {
            let mut ids: Vec<u32> = Vec::new();
            for _ in 0..(t % 23 + 1) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ids.push(((seed >> 33) % 300) as u32 * 3 % 300);
            }
            ids.sort_unstable();
            ids.dedup();
            let field = ['T', 'H', 'B'][t % 3];
            shard.postings.insert(format!("{field}re{t:03}"), ids);
        }
        let ours = encode_shard_with_facets(&shard, &facets).unwrap();
        assert_eq!(ours, built_by_tinysearch(&shard, &facets));
    }
}
