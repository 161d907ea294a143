//! The index of a build with the persistent cache: each page's analysis
//! (its document and its terms) is kept in the cache's memo, keyed by
//! everything it is made from, so a warm build tokenises only the pages
//! that changed and merges the rest.
//!
//! The memo holds one entry per page and a *dictionary*, the terms in the
//! order of their numbers; an entry names its terms by number, so merging
//! a kept page is appending its id to a list per number, with no string
//! hashed. New terms are numbered after the dictionary's; terms no page
//! uses any more stay numbered (and unused) until they are an eighth of
//! the dictionary, when it is compacted and every entry written again.
//!
//! An entry: the title's term count and the body's length class, the
//! document's file, its kind, status and tags, then its term numbers.
//! Strings are a 4-byte length and UTF-8; numbers 4 bytes, little-endian.
//! The dictionary: the terms, one per line (a term is a field letter and a
//! word, never a line break).

use super::*;

/// Dead terms allowed in the dictionary: one in this many.
const DEAD_SHARE: usize = 8;

/// The memo key of the dictionary of the language of `site` (each
/// language's index has its own terms and numbers them its own way).
fn dictionary_key(site: &Site) -> u128 {
    crate::hash::Digest::new()
        .bytes(b"search dictionary")
        .number(u128::from(FORMAT_VERSION))
        .bytes(site.output_prefix().as_bytes())
        .finish()
}

/// The memo key of a page's analysis: its language (whose dictionary
/// numbers its terms), the index format, the stemmer, the page's link and
/// everything of the page (by its digest in `digests`, see
/// `Site::digest_pages`) and its record. The analysis (its document and
/// terms) is a function of these alone.
fn memo_key(
    site: &Site,
    page: &PageRecord,
    item: Item<'_>,
    digests: &PageDigests,
    stemming: Stemming,
) -> u128 {
    let mut digest = crate::hash::Digest::new();
    digest
        .bytes(site.output_prefix().as_bytes())
        .number(u128::from(FORMAT_VERSION))
        .bytes(stemming.name().as_bytes())
        .bytes(site.href(&page.url).as_bytes())
        .debug(page);
    let own = match item {
        Item::Guide(_) => digests.guides.get(page.index),
        Item::Question(_) => digests.questions.get(page.index),
        Item::Idea(_) => digests.ideas.get(page.index),
        Item::Section(_) => None,
    };
    match own {
        Some(own) => digest.number(*own),
        None => digest.debug(&item),
    };
    digest.finish()
}

/// A page's analysis.
enum Analysed<'m> {
    /// From the memo, with its term numbers (4 bytes each).
    Kept(Stored, &'m [u8]),
    /// Made by this build, with its terms.
    Fresh(Stored, Vec<String>),
}

/// The documents in id order and the postings as shards, every page's
/// analysis from `memo` or made and stored there.
pub(super) fn build(
    site: &Site,
    memo: &Memo,
    digests: &PageDigests,
    stemming: Stemming,
) -> Result<(Vec<Stored>, BTreeMap<String, Shard>), String> {
    let mut terms: Vec<String> = memo
        .get(dictionary_key(site))
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .map(|text| text.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let known = terms.len();
    let analysed: Vec<(u128, Analysed)> = items(site)
        .par_iter()
        .map(|(page, item)| {
            let key = memo_key(site, page, *item, digests, stemming);
            if let Some((stored, numbers)) = memo.get(key).and_then(|b| decode(b, known)) {
                return Ok((key, Analysed::Kept(stored, numbers)));
            }
            let mut own = Postings::new(stemming);
            let stored = Stored::of(&entry(site, page, *item, 0, &mut own))?;
            let mut page_terms: Vec<String> = own.map.into_keys().collect();
            page_terms.sort_unstable();
            Ok((key, Analysed::Fresh(stored, page_terms)))
        })
        .collect::<Result<_, String>>()?;

    // The fresh pages' terms are numbered first: those already in the
    // dictionary keep their numbers, new ones are numbered after it.
    let fresh_numbers: Vec<Vec<u32>> = {
        let fresh_terms = analysed.iter().filter_map(|(_, analysis)| match analysis {
            Analysed::Fresh(_, page_terms) => Some(page_terms),
            Analysed::Kept(..) => None,
        });
        let mut fresh_terms = fresh_terms.peekable();
        let mut numbers = Vec::new();
        if fresh_terms.peek().is_some() {
            let numbered: HashMap<&str, u32> = terms.iter().map(String::as_str).zip(0..).collect();
            let mut added: HashMap<&str, u32> = HashMap::new();
            let mut new_terms = Vec::new();
            for page_terms in fresh_terms {
                let page_numbers = page_terms
                    .iter()
                    .map(|term| match numbered.get(term.as_str()) {
                        Some(n) => *n,
                        None => *added.entry(term.as_str()).or_insert_with(|| {
                            new_terms.push(term.clone());
                            (known + new_terms.len() - 1) as u32
                        }),
                    })
                    .collect();
                numbers.push(page_numbers);
            }
            terms.extend(new_terms);
        }
        numbers
    };
    // Merged in id order, so every list comes out sorted.
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); terms.len()];
    let mut fresh = Vec::new();
    let mut docs = Vec::with_capacity(analysed.len());
    let mut keys = Vec::with_capacity(analysed.len());
    let mut fresh_numbers = fresh_numbers.into_iter();
    for (id, (key, analysis)) in analysed.into_iter().enumerate() {
        keys.push(key);
        let id = id as u32;
        match analysis {
            Analysed::Kept(stored, numbers) => {
                for number in numbers.chunks_exact(4) {
                    let n = u32::from_le_bytes([number[0], number[1], number[2], number[3]]);
                    lists[n as usize].push(id);
                }
                docs.push(stored);
            }
            Analysed::Fresh(stored, _) => {
                let numbers = fresh_numbers.next().unwrap_or_default();
                for n in &numbers {
                    lists[*n as usize].push(id);
                }
                fresh.push((docs.len(), key, numbers));
                docs.push(stored);
            }
        }
    }

    let dead = lists.iter().filter(|ids| ids.is_empty()).count();
    if dead * DEAD_SHARE > terms.len() {
        // compact: renumber the live terms and write every entry again
        let mut renumbered = vec![u32::MAX; terms.len()];
        let mut live = 0;
        for (n, ids) in lists.iter().enumerate() {
            if !ids.is_empty() {
                renumbered[n] = live;
                live += 1;
            }
        }
        let mut numbers_of: Vec<Vec<u32>> = vec![Vec::new(); docs.len()];
        for (n, ids) in lists.iter().enumerate() {
            for id in ids {
                numbers_of[*id as usize].push(renumbered[n]);
            }
        }
        docs.par_iter()
            .zip(numbers_of)
            .zip(keys)
            .for_each(|((stored, numbers), key)| memo.put(key, encode(stored, &numbers)));
        let live_terms: Vec<&str> = terms
            .iter()
            .zip(&lists)
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(term, _)| term.as_str())
            .collect();
        memo.put(dictionary_key(site), live_terms.join("\n").into_bytes());
    } else {
        for (at, key, numbers) in &fresh {
            memo.put(*key, encode(&docs[*at], numbers));
        }
        if terms.len() > known {
            memo.put(dictionary_key(site), terms.join("\n").into_bytes());
        }
    }

    let live = terms
        .into_iter()
        .zip(lists)
        .filter(|(_, ids)| !ids.is_empty());
    Ok((docs, shards_of(live)))
}

fn encode(stored: &Stored, numbers: &[u32]) -> Vec<u8> {
    fn text(out: &mut Vec<u8>, text: &[u8]) {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text);
    }
    let mut out = Vec::with_capacity(stored.json.len() + numbers.len() * 4 + 64);
    out.extend_from_slice(&stored.title_terms.to_le_bytes());
    out.extend_from_slice(&stored.body_class.to_le_bytes());
    text(&mut out, &stored.json);
    text(&mut out, stored.kind.as_bytes());
    text(&mut out, stored.status.as_bytes());
    out.extend_from_slice(&(stored.tags.len() as u32).to_le_bytes());
    for tag in &stored.tags {
        text(&mut out, tag.as_bytes());
    }
    for n in numbers {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out
}

/// What `encode` made: the document and its term numbers, each below
/// `terms`; `None` for other bytes.
fn decode(bytes: &[u8], terms: usize) -> Option<(Stored, &[u8])> {
    let mut rest = bytes;
    let mut number = || -> Option<u32> {
        let (head, tail) = rest.split_at_checked(4)?;
        rest = tail;
        Some(u32::from_le_bytes(head.try_into().ok()?))
    };
    let title_terms = number()?;
    let body_class = number()?;
    let text = |rest: &mut &[u8]| -> Option<Vec<u8>> {
        let (len, tail) = rest.split_at_checked(4)?;
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        let (value, tail) = tail.split_at_checked(len)?;
        *rest = tail;
        Some(value.to_vec())
    };
    let string = |bytes: Vec<u8>| String::from_utf8(bytes).ok();
    let json = text(&mut rest)?;
    let kind = string(text(&mut rest)?)?;
    let status = string(text(&mut rest)?)?;
    let (count, tail) = rest.split_at_checked(4)?;
    rest = tail;
    let count = u32::from_le_bytes(count.try_into().ok()?);
    let tags = (0..count)
        .map(|_| string(text(&mut rest)?))
        .collect::<Option<Vec<String>>>()?;
    let in_range = rest.len().is_multiple_of(4)
        && rest
            .chunks_exact(4)
            .all(|n| (u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize) < terms);
    if !in_range {
        return None;
    }
    let stored = Stored {
        json,
        kind,
        tags,
        status,
        title_terms,
        body_class,
    };
    Some((stored, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_and_refuse_numbers_past_the_dictionary() {
        let stored = Stored {
            json: br#"{"t":"Refunds"}"#.to_vec(),
            kind: "guide".into(),
            tags: vec!["billing".into(), "v2.0".into()],
            status: String::new(),
            title_terms: 1,
            body_class: 3,
        };
        let bytes = encode(&stored, &[0, 5, 2]);
        let (read, numbers) = decode(&bytes, 6).unwrap();
        assert_eq!(read.json, stored.json);
        assert_eq!(read.tags, stored.tags);
        assert_eq!((read.title_terms, read.body_class), (1, 3));
        assert_eq!(numbers.len(), 12);
        assert!(decode(&bytes, 5).is_none(), "5 is past a 5-term dictionary");
        assert!(decode(&bytes[..bytes.len() - 1], 6).is_none());
        assert!(decode(&bytes[..10], 6).is_none());
    }
}
