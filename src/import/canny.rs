//! Canny: the CSV export of a board's posts (Settings → Export). Columns
//! are found by their header name, in any order and case; see
//! [`COLUMNS`]. Each record is deserialized into a [`Post`] (csv's serde
//! support), so a cell of the wrong type is an error naming its column.
//! Author e-mail addresses only tell apart two people with the same name;
//! they are never written.

use super::items::IdeaItem;
use super::names::{Handles, Slugs};
use super::{date_of, finish_idea, fnv64, map_status, Error, IdeaDraft, Import};
use crate::parse::Status;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("under review", Status::UnderReview),
    ("planned", Status::Planned),
    ("in progress", Status::InProgress),
    ("complete", Status::Shipped),
    ("closed", Status::Declined),
];

/// (field, header names accepted, required)
pub(crate) const COLUMNS: &[(&str, &[&str], bool)] = &[
    ("title", &["title"], true),
    ("details", &["details", "description", "body"], false),
    ("status", &["status"], true),
    (
        "created",
        &["created", "created at", "created date", "date"],
        true,
    ),
    (
        "author",
        &["author name", "author", "name", "created by"],
        true,
    ),
    ("email", &["author email", "email"], false),
    ("votes", &["votes", "vote count", "upvotes", "score"], false),
    ("board", &["board"], false),
    ("category", &["category"], false),
    (
        "subcategory",
        &["sub-category", "subcategory", "sub category"],
        false,
    ),
    ("tags", &["tags"], false),
    ("owner", &["owner", "owner name"], false),
    ("url", &["url", "post url", "link"], false),
    (
        "status_changed",
        &["status changed at", "status changed", "status updated at"],
        false,
    ),
    ("id", &["id", "post id"], false),
];

/// One post, its columns found by [`COLUMNS`]; an empty cell is `None`.
#[derive(Deserialize)]
struct Post {
    title: Option<String>,
    details: Option<String>,
    status: Option<String>,
    /// Kept as written: people are registered in the order of these texts.
    created: Option<String>,
    author: Option<String>,
    email: Option<String>,
    votes: Option<i64>,
    board: Option<String>,
    category: Option<String>,
    subcategory: Option<String>,
    tags: Option<String>,
    owner: Option<String>,
    url: Option<String>,
    status_changed: Option<String>,
    id: Option<String>,
}

struct Record {
    line: u64,
    post: Post,
}

fn read(path: &Path) -> Result<Vec<Record>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| Error::new(path, format!("cannot read: {e}")))?;
    let headers = reader
        .headers()
        .map_err(|e| Error::new(path, format!("invalid CSV: {e}")).at("line 1"))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    // the header as the field names of `Post` ("" for other columns)
    let mut fields = vec![""; names.len()];
    for (field, accepted, required) in COLUMNS {
        let found = accepted
            .iter()
            .find_map(|a| names.iter().position(|n| n == a));
        match found {
            Some(i) => {
                if let Some(slot) = fields.get_mut(i) {
                    *slot = field;
                }
            }
            None if *required => {
                return Err(Error::new(
                    path,
                    format!("no `{}` column", accepted.first().copied().unwrap_or(field)),
                )
                .at("line 1 (the header)")
                .hint(format!(
                    "the header has: {}; is this Canny's post export?",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )));
            }
            None => {}
        }
    }
    let fields = csv::StringRecord::from(fields);
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("the record has {len} fields, the header {expected_len}"),
                _ => format!("invalid CSV: {e}"),
            };
            Error::new(path, message).at(format!("record at line {line}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let post = record.deserialize(Some(&fields)).map_err(|e| {
            let message = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    let field = err.field().and_then(|i| usize::try_from(i).ok());
                    let column = field
                        .and_then(|i| headers.get(i))
                        .map(|h| format!("column `{}`: ", h.trim_start_matches('\u{feff}')))
                        .unwrap_or_default();
                    let value = field.and_then(|i| record.get(i)).unwrap_or("");
                    match err.kind() {
                        csv::DeserializeErrorKind::ParseInt(_) => {
                            format!("{column}`{value}` is not a whole number")
                        }
                        kind => format!("{column}{kind}"),
                    }
                }
                _ => format!("invalid CSV: {e}"),
            };
            Error::new(path, message).at(format!("record at line {line}"))
        })?;
        records.push(Record { line, post });
    }
    Ok(records)
}

pub(crate) fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let mut all: Vec<(PathBuf, Record)> = Vec::new();
    for file in inputs {
        for record in read(file)? {
            all.push((file.clone(), record));
        }
    }
    let err = |file: &Path, r: &Record, message: String| {
        Error::new(file, message).at(format!("record at line {}", r.line))
    };

    // people: identified by e-mail when present, else by name; registered
    // by the date of their first post, so handles stay stable as posts are added
    let identity = |r: &Record| -> Option<(String, String)> {
        let name = r.post.author.as_deref()?.to_string();
        let key = match r.post.email.as_deref() {
            Some(email) => format!("{:06x}", fnv64(email.to_lowercase().as_bytes()) & 0xff_ffff),
            None => crate::slug::slugify(&name),
        };
        Some((key, name))
    };
    let mut people: BTreeMap<(String, String), String> = BTreeMap::new();
    for (_, r) in &all {
        if let Some((key, name)) = identity(r) {
            let first = r.post.created.as_deref().unwrap_or("").to_string();
            people.entry((first, key)).or_insert(name);
        }
    }
    let mut handles = Handles::new();
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for ((_, key), name) in &people {
        let handle = handles.register(key, name);
        by_name.entry(name.clone()).or_insert(handle);
    }

    let base = import
        .options
        .source_url
        .as_deref()
        .map(|u| u.trim_end_matches('/'));
    let mut drafts: Vec<(PathBuf, u64, IdeaDraft)> = Vec::new();
    for (file, r) in &all {
        let title = r
            .post
            .title
            .as_deref()
            .ok_or_else(|| err(file, r, "the post has no title".into()))?;
        let status_name = r
            .post
            .status
            .as_deref()
            .ok_or_else(|| err(file, r, "the post has no status".into()))?;
        let Some(status) =
            map_status(status_name, STATUSES, import.options).map_err(|m| err(file, r, m))?
        else {
            import
                .skipped
                .add("status mapped to skip", format!("line {}", r.line));
            continue;
        };
        if status == Status::Duplicate {
            import.skipped.add(
                "duplicate (the export does not say of which post)",
                format!("line {}", r.line),
            );
            continue;
        }
        let created = r.post.created.as_deref().unwrap_or("");
        let submitted =
            date_of(created).ok_or_else(|| err(file, r, format!("`{created}` is not a date")))?;
        let votes = r.post.votes.unwrap_or(0);
        let author = identity(r)
            .map(|(key, _)| handles.get(Some(&key)))
            .unwrap_or_else(|| handles.get(None));
        // an owner who also posted is the same person; otherwise a new handle
        let owner = r.post.owner.as_deref().map(|name| match by_name.get(name) {
            Some(handle) => handle.clone(),
            None => handles.register(&format!("owner:{}", crate::slug::slugify(name)), name),
        });
        let mut tags: Vec<&str> = Vec::new();
        tags.extend(r.post.category.as_deref());
        tags.extend(r.post.subcategory.as_deref());
        if let Some(list) = r.post.tags.as_deref() {
            tags.extend(list.split(',').map(str::trim).filter(|t| !t.is_empty()));
        }
        let tags = import.tags.map_all(tags);
        let url = r.post.url.as_deref();
        let path = url
            .and_then(|u| u.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| rest.get(i..).unwrap_or("")))
            .map(|p| p.trim_end_matches('/').to_string())
            .filter(|p| !p.is_empty());
        let fallback = format!(
            "{}/{}",
            crate::slug::slugify(r.post.board.as_deref().unwrap_or("posts")),
            r.post
                .id
                .as_deref()
                .map(str::to_string)
                .unwrap_or_else(|| crate::slug::slugify(title))
        );
        let source_id = match (url, base) {
            (Some(u), _) => u.to_string(),
            (None, Some(b)) => format!("{b}/{fallback}"),
            (None, None) => format!("canny:{fallback}"),
        };
        let mut extra = Vec::new();
        if let Some(board) = r.post.board.as_deref() {
            extra.push(("board".to_string(), serde_json::json!(board)));
        }
        drafts.push((
            file.clone(),
            r.line,
            IdeaDraft {
                source_id,
                title: title.to_string(),
                submitted,
                author,
                tags,
                status,
                votes,
                owner,
                status_date: r.post.status_changed.as_deref().and_then(date_of),
                status_note: None,
                duplicate_of: None,
                aliases: path.map(|p| vec![format!("{p}/")]).unwrap_or_default(),
                extra,
                body: r.post.details.as_deref().unwrap_or("").to_string(),
            },
        ));
    }

    // slugs in order of submission, then title: stable as posts are added
    drafts.sort_by(|a, b| (a.2.submitted, &a.2.title).cmp(&(b.2.submitted, &b.2.title)));
    let reserved: Vec<String> = drafts
        .iter()
        .filter_map(|(_, _, d)| import.writer.previous_slug(&d.source_id))
        .collect();
    let mut slugs = Slugs::new(reserved);
    let mut items: Vec<(String, IdeaItem)> = Vec::new();
    for (file, line, draft) in drafts {
        let slug = import
            .writer
            .previous_slug(&draft.source_id)
            .unwrap_or_else(|| slugs.assign(&draft.title, &draft.submitted.to_string(), "idea"));
        let item = finish_idea(draft, "Canny", import.options)
            .map_err(|m| Error::new(&file, m).at(format!("record at line {line}")))?;
        items.push((slug, item));
    }
    for (slug, item) in items {
        import.stage_idea(&slug, &item)?;
    }
    Ok(())
}
