//! Search documents: the searchable pages (from the page registry), the
//! document each becomes, and its words as field-prefixed terms.

use super::*;

/// Postings of consecutive documents: per field-prefixed term (`Trefund`,
/// `Bpolicy`), the ids of the documents containing it, each once, ascending.
pub(super) struct Postings {
    pub(super) map: FxHashMap<String, Vec<u32>>,
    pub(super) key: String,
    pub(super) stemming: Stemming,
}

impl Postings {
    pub(super) fn new(stemming: Stemming) -> Self {
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
    pub(super) fn append(&mut self, later: Postings) {
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
pub(super) fn terms_of(
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
        let stop = is_stop_word(word, stemming);
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
pub(super) struct Body {
    pub(super) counts: FxHashMap<String, u32>,
    pub(super) words: usize,
    pub(super) stemming: Stemming,
}

impl Body {
    pub(super) fn new(stemming: Stemming) -> Self {
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
                || is_stop_word(word, stemming)
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

pub(super) fn tags(page: &PageRecord) -> Vec<String> {
    page.tag_names().map(str::to_string).collect()
}

/// A searchable page.
#[derive(Clone, Copy, Debug)]
pub(super) enum Item<'a> {
    Guide(&'a GuidePage),
    /// A section index page with an intro of its own.
    Section(&'a Section),
    Question(&'a QuestionPage),
    Idea(&'a IdeaPage),
}

/// The searchable pages of a site, from the page registry, in a stable
/// order (guides, sections with an intro, questions, ideas); drafts and
/// duplicates are not listed, so not searchable.
pub(super) fn items(site: &Site) -> Vec<(PageRecord<'_>, Item<'_>)> {
    let mut items = Vec::new();
    for kind in [
        PageKind::Guide,
        PageKind::Section,
        PageKind::Question,
        PageKind::Idea,
    ] {
        for record in site.pages_of(kind).filter(PageRecord::is_listed) {
            let index = record.index;
            let item = match kind {
                PageKind::Guide => site.guides.get(index).map(Item::Guide),
                PageKind::Section => site
                    .sections
                    .get(index)
                    .filter(|s| {
                        s.body
                            .as_ref()
                            .is_some_and(|b| !b.plain().trim().is_empty())
                    })
                    .map(Item::Section),
                PageKind::Question => site.questions.get(index).map(Item::Question),
                PageKind::Idea => site.ideas.get(index).map(Item::Idea),
                _ => None,
            };
            if let Some(item) = item {
                items.push((record, item));
            }
        }
    }
    items
}

/// A page's document; its terms go into `postings` under `id`.
pub(super) fn entry(
    site: &Site,
    page: &PageRecord,
    item: Item<'_>,
    id: u32,
    postings: &mut Postings,
) -> Doc {
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

/// A document as the index files need it: its file, its facets and the
/// two numbers every score needs.
pub(super) struct Stored {
    pub(super) json: Vec<u8>,
    pub(super) kind: String,
    pub(super) tags: Vec<String>,
    pub(super) status: String,
    pub(super) title_terms: u32,
    pub(super) body_class: u32,
}

impl Stored {
    pub(super) fn of(doc: &Doc) -> Result<Stored, String> {
        Ok(Stored {
            json: serde_json::to_vec(doc).map_err(|e| e.to_string())?,
            kind: doc.kind.clone(),
            tags: doc.tags.clone(),
            status: doc.status.clone(),
            title_terms: u32::try_from(doc.title_terms).map_err(|e| e.to_string())?,
            body_class: doc.body_class,
        })
    }
}
