//! Queries: the reference implementation of matching and ranking that
//! `townhall search` runs and the browser runtime mirrors.

use super::*;

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
    let content: Vec<&String> = words
        .iter()
        .filter(|w| !is_stop_word(w, stemming))
        .collect();
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
pub(super) type FieldMatches = [f64; FIELDS.len()];

/// A ranked document: id, query words matched, score.
pub(super) type Ranked = (u32, usize, f64);

/// More words matched first, then the higher score, then the lower id.
pub(super) fn order(a: &Ranked, b: &Ranked) -> std::cmp::Ordering {
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
pub(super) fn weighted_frequency(
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
pub(super) fn near_bonus(doc: &Doc, matched: &Matched, words: usize, stemming: Stemming) -> f64 {
    if words < 2 {
        return 0.0;
    }
    let tokens = |text: &str| -> Vec<u32> {
        let mut bits = Vec::new();
        for_each_word(text, |word| {
            if !is_stop_word(word, stemming) {
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
pub(super) fn word_matches(
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

pub(super) fn matches(doc: &Doc, filters: &Filters) -> bool {
    filters.kind.as_ref().is_none_or(|k| &doc.kind == k)
        && filters.tag.as_ref().is_none_or(|t| doc.tags.contains(t))
        && filters.status.as_ref().is_none_or(|s| &doc.status == s)
}
