//! GitHub Discussions: the JSON `gh api graphql` prints for a repository's
//! discussions (one response, several pages, or `--paginate` output with
//! the documents one after another). Each discussion needs `number`,
//! `title`, `url`, `createdAt`, `body`, `upvoteCount`, `author { login }`,
//! `category { name isAnswerable }`, and for questions
//! `comments { nodes { databaseId body createdAt upvoteCount isAnswer author { login } } }`;
//! `labels { nodes { name } }`, `closed` and `stateReason` are used when present.
//!
//! Answerable categories (Q&A) become questions, the marked answer
//! accepted; the `--ideas-category` (default `Ideas`) becomes ideas; other
//! categories are skipped. Bodies are Markdown already. Old URLs live on
//! github.com, which cannot redirect here, so no aliases are written.

use super::items::{AnswerItem, QuestionItem};
use super::names::{Slugs, DELETED_USER};
use super::{date_of, finish_idea, map_status, Error, IdeaDraft, Import, Kind};
use crate::parse::Status;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Discussion state -> idea status: `open`, or the `stateReason` of a closed one.
pub const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("resolved", Status::Shipped),
    ("outdated", Status::Archived),
];

struct Discussion {
    file: PathBuf,
    value: Value,
    number: u64,
}

impl Discussion {
    fn str(&self, pointer: &str) -> Option<&str> {
        self.value.pointer(pointer).and_then(Value::as_str)
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, message).at(format!("discussion #{}", self.number))
    }
}

/// A GitHub login as a handle (logins are unique and stable); deleted
/// accounts (`author: null`, shown as "ghost") get the placeholder.
fn login(value: Option<&Value>) -> String {
    value
        .and_then(|a| a.get("login"))
        .and_then(Value::as_str)
        .filter(|l| !l.is_empty() && *l != "ghost")
        .map(crate::slug::slugify)
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| DELETED_USER.to_string())
}

fn read(path: &Path, out: &mut Vec<Discussion>) -> Result<(), Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::new(path, format!("cannot read: {e}")))?;
    for document in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        let document = document.map_err(|e| {
            Error::new(path, format!("invalid JSON: {e}"))
                .at(format!("line {}", e.line()))
                .hint("the file may be truncated; run `gh api graphql` again")
        })?;
        let nodes = document
            .pointer("/data/repository/discussions/nodes")
            .or_else(|| document.pointer("/data/repository/discussions/edges"))
            .or_else(|| document.get("nodes"))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                Error::new(path, "no data.repository.discussions.nodes")
                    .hint("save the output of `gh api graphql` for repository { discussions { nodes { … } } }")
            })?;
        for node in nodes {
            let node = node.get("node").unwrap_or(node).clone();
            let number = node
                .get("number")
                .and_then(Value::as_u64)
                .ok_or_else(|| Error::new(path, "a discussion has no `number`"))?;
            out.push(Discussion {
                file: path.to_path_buf(),
                value: node,
                number,
            });
        }
    }
    Ok(())
}

pub fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let mut discussions = Vec::new();
    for file in inputs {
        read(file, &mut discussions)?;
    }
    discussions.sort_by_key(|d| d.number);
    discussions.dedup_by_key(|d| d.number);
    let ideas_category = import
        .options
        .ideas_category
        .clone()
        .unwrap_or_else(|| "Ideas".to_string());

    let source = |d: &Discussion| -> Result<String, Error> {
        d.str("/url")
            .map(str::to_string)
            .ok_or_else(|| d.error("the discussion has no `url`"))
    };
    let reserved: Vec<String> = discussions
        .iter()
        .filter_map(|d| source(d).ok())
        .filter_map(|s| import.writer.previous_slug(&s))
        .collect();
    let mut question_slugs = Slugs::new(reserved.clone());
    let mut idea_slugs = Slugs::new(reserved);
    for d in &discussions {
        let source_id = source(d)?;
        let title = d
            .str("/title")
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| d.error("the discussion has no `title`"))?
            .trim()
            .to_string();
        let created = d
            .str("/createdAt")
            .ok_or_else(|| d.error("no `createdAt`"))?;
        let date = date_of(created).ok_or_else(|| d.error(format!("`{created}` is not a date")))?;
        let category = d.str("/category/name").unwrap_or("");
        let answerable = d
            .value
            .pointer("/category/isAnswerable")
            .and_then(Value::as_bool)
            .unwrap_or(category.eq_ignore_ascii_case("q&a"));
        let labels: Vec<&str> = d
            .value
            .pointer("/labels/nodes")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|n| n.get("name").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        let body = d.str("/body").unwrap_or("").trim().to_string();
        let votes = d
            .value
            .get("upvoteCount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let previous = import.writer.previous_slug(&source_id);
        if answerable {
            let slug = previous.unwrap_or_else(|| {
                question_slugs.assign(&title, &d.number.to_string(), "question")
            });
            let mut accepted = None;
            let mut answers = Vec::new();
            let comments = d
                .value
                .pointer("/comments/nodes")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for c in &comments {
                let id = match c.get("databaseId").and_then(Value::as_u64) {
                    Some(n) => n.to_string(),
                    None => c
                        .get("id")
                        .and_then(Value::as_str)
                        .map(crate::slug::slugify)
                        .ok_or_else(|| d.error("a comment has neither `databaseId` nor `id`"))?,
                };
                let text = c.get("body").and_then(Value::as_str).unwrap_or("").trim();
                if text.is_empty() {
                    import
                        .skipped
                        .add("comment with an empty body", format!("#{}/{id}", d.number));
                    continue;
                }
                let created = c.get("createdAt").and_then(Value::as_str).unwrap_or("");
                let answer_date = date_of(created)
                    .ok_or_else(|| d.error(format!("comment {id}: `{created}` is not a date")))?;
                if c.get("isAnswer").and_then(Value::as_bool) == Some(true) {
                    accepted = Some(id.clone());
                }
                let item = AnswerItem {
                    source_id: c
                        .get("url")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("{source_id}#discussioncomment-{id}")),
                    author: login(c.get("author")),
                    date: answer_date,
                    votes: c.get("upvoteCount").and_then(Value::as_i64).unwrap_or(0),
                    body: text.to_string(),
                };
                answers.push((id, item));
            }
            let tags = import.tags.map_all(labels);
            let item = QuestionItem {
                source_id: source_id.clone(),
                title,
                asked: date,
                asked_by: login(d.value.get("author")),
                tags,
                accepted,
                duplicate_of: None,
                aliases: Vec::new(),
                extra: vec![("upvotes".to_string(), serde_json::json!(votes))],
                body,
            };
            let stage = |e: std::io::Error| Error::new(import.root, format!("cannot stage: {e}"));
            import
                .writer
                .add(
                    PathBuf::from(format!("content/questions/{slug}/index.md")),
                    Kind::Question,
                    &source_id,
                    &source_id,
                    &item.render(),
                )
                .map_err(stage)?;
            for (id, answer) in answers {
                import
                    .writer
                    .add(
                        PathBuf::from(format!("content/questions/{slug}/answers/{id}.md")),
                        Kind::Answer,
                        &source_id,
                        &answer.source_id,
                        &answer.render(),
                    )
                    .map_err(|e| Error::new(import.root, format!("cannot stage: {e}")))?;
            }
        } else if category.eq_ignore_ascii_case(&ideas_category) {
            let state = if d.value.get("closed").and_then(Value::as_bool) == Some(true) {
                d.str("/stateReason").unwrap_or("resolved").to_lowercase()
            } else {
                "open".to_string()
            };
            if state == "duplicate" {
                import.skipped.add(
                    "idea closed as duplicate (the export does not say of which)",
                    format!("#{}", d.number),
                );
                continue;
            }
            let Some(status) =
                map_status(&state, STATUSES, import.options).map_err(|m| d.error(m))?
            else {
                import
                    .skipped
                    .add("status mapped to skip", format!("#{}", d.number));
                continue;
            };
            let slug = previous
                .unwrap_or_else(|| idea_slugs.assign(&title, &d.number.to_string(), "idea"));
            let tags = import.tags.map_all(labels);
            let draft = IdeaDraft {
                source_id: source_id.clone(),
                title,
                submitted: date,
                author: login(d.value.get("author")),
                tags,
                status,
                votes,
                owner: None,
                status_date: d.str("/closedAt").and_then(date_of),
                status_note: None,
                duplicate_of: None,
                aliases: Vec::new(),
                extra: Vec::new(),
                body,
            };
            let item = finish_idea(draft, "GitHub", import.options).map_err(|m| d.error(m))?;
            import.stage_idea(&slug, &item)?;
        } else {
            import
                .skipped
                .add(&format!("category `{category}`"), format!("#{}", d.number));
        }
    }
    Ok(())
}
