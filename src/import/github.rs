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
use super::{de, finish_idea, map_status, Error, IdeaDraft, Import};
use crate::clock::Date;
use crate::parse::Status;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Discussion state -> idea status: `open`, or the `stateReason` of a closed one.
pub(crate) const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("resolved", Status::Shipped),
    ("outdated", Status::Archived),
];

/// One discussion node of the GraphQL response.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    number: u64,
    title: Option<String>,
    url: Option<String>,
    #[serde(default, deserialize_with = "de::date")]
    created_at: Option<Date>,
    body: Option<String>,
    upvote_count: Option<i64>,
    author: Option<Author>,
    category: Option<Category>,
    labels: Option<Nodes<Label>>,
    comments: Option<Nodes<Comment>>,
    closed: Option<bool>,
    state_reason: Option<String>,
    #[serde(default, deserialize_with = "de::loose_date")]
    closed_at: Option<Date>,
}

#[derive(Deserialize)]
struct Nodes<T> {
    nodes: Option<Vec<T>>,
}

impl<T> Nodes<T> {
    fn list(nodes: Option<&Nodes<T>>) -> &[T] {
        nodes.and_then(|n| n.nodes.as_deref()).unwrap_or(&[])
    }
}

#[derive(Deserialize)]
struct Author {
    login: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Category {
    name: Option<String>,
    is_answerable: Option<bool>,
}

#[derive(Deserialize)]
struct Label {
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    database_id: Option<u64>,
    id: Option<String>,
    url: Option<String>,
    body: Option<String>,
    #[serde(default, deserialize_with = "de::date")]
    created_at: Option<Date>,
    upvote_count: Option<i64>,
    is_answer: Option<bool>,
    author: Option<Author>,
}

struct Discussion {
    file: PathBuf,
    node: Node,
    number: u64,
}

impl Discussion {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, message).at(format!("discussion #{}", self.number))
    }
}

/// A GitHub login as a handle (logins are unique and stable); deleted
/// accounts (`author: null`, shown as "ghost") get the placeholder.
fn login(author: Option<&Author>) -> String {
    author
        .and_then(|a| a.login.as_deref())
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
        for (index, node) in nodes.iter().enumerate() {
            // an edge holds its discussion under `node`
            let node = node.get("node").unwrap_or(node);
            let at = match node.get("number").and_then(Value::as_u64) {
                Some(number) => format!("discussion #{number}"),
                None => format!("discussion {} of the list", index + 1),
            };
            let node: Node = de::typed(node).map_err(|m| Error::new(path, m).at(at))?;
            out.push(Discussion {
                file: path.to_path_buf(),
                number: node.number,
                node,
            });
        }
    }
    Ok(())
}

pub(crate) fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
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
        d.node
            .url
            .clone()
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
        let node = &d.node;
        let title = node
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| d.error("the discussion has no `title`"))?
            .trim()
            .to_string();
        let date = node.created_at.ok_or_else(|| d.error("no `createdAt`"))?;
        let category = node
            .category
            .as_ref()
            .and_then(|c| c.name.as_deref())
            .unwrap_or("");
        let answerable = node
            .category
            .as_ref()
            .and_then(|c| c.is_answerable)
            .unwrap_or(category.eq_ignore_ascii_case("q&a"));
        let labels: Vec<&str> = Nodes::list(node.labels.as_ref())
            .iter()
            .filter_map(|l| l.name.as_deref())
            .collect();
        let body = node.body.as_deref().unwrap_or("").trim().to_string();
        let votes = node.upvote_count.unwrap_or(0);
        let previous = import.writer.previous_slug(&source_id);
        if answerable {
            let slug = previous.unwrap_or_else(|| {
                question_slugs.assign(&title, &d.number.to_string(), "question")
            });
            let mut accepted = None;
            let mut answers = Vec::new();
            for c in Nodes::list(node.comments.as_ref()) {
                let id =
                    match c.database_id {
                        Some(n) => n.to_string(),
                        None => c.id.as_deref().map(crate::slug::slugify).ok_or_else(|| {
                            d.error("a comment has neither `databaseId` nor `id`")
                        })?,
                    };
                let text = c.body.as_deref().unwrap_or("").trim();
                if text.is_empty() {
                    import
                        .skipped
                        .add("comment with an empty body", format!("#{}/{id}", d.number));
                    continue;
                }
                let answer_date = c
                    .created_at
                    .ok_or_else(|| d.error(format!("comment {id}: no `createdAt`")))?;
                if c.is_answer == Some(true) {
                    accepted = Some(id.clone());
                }
                let item = AnswerItem {
                    source_id: c
                        .url
                        .clone()
                        .unwrap_or_else(|| format!("{source_id}#discussioncomment-{id}")),
                    author: login(c.author.as_ref()),
                    date: answer_date,
                    votes: c.upvote_count.unwrap_or(0),
                    body: text.to_string(),
                };
                answers.push((id, item));
            }
            let tags = import.tags.map_all(labels);
            let item = QuestionItem {
                source_id: source_id.clone(),
                title,
                asked: date,
                asked_by: login(node.author.as_ref()),
                tags,
                accepted,
                duplicate_of: None,
                aliases: Vec::new(),
                extra: vec![("upvotes".to_string(), serde_json::json!(votes))],
                body,
            };
            import.stage_question(&slug, &item)?;
            for (id, answer) in answers {
                import.stage_answer(&slug, &source_id, &id, &answer)?;
            }
        } else if category.eq_ignore_ascii_case(&ideas_category) {
            let state = if node.closed == Some(true) {
                node.state_reason
                    .as_deref()
                    .unwrap_or("resolved")
                    .to_lowercase()
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
                author: login(node.author.as_ref()),
                tags,
                status,
                votes,
                owner: None,
                status_date: node.closed_at,
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
