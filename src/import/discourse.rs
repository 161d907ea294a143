//! Discourse: the JSON of its public API saved to files — `/t/<id>.json`
//! for each topic, optionally `/latest.json` (or a category's listing) and
//! `/categories.json` (to name categories). Files are told apart by their
//! content, not their names.
//!
//! Solved topics (an accepted answer, from the Solved plugin) become
//! questions; topics in `--ideas-category` (name, slug or id) become ideas,
//! their votes from the Topic Voting plugin's `vote_count` when present;
//! other topics are skipped.

use super::html_to_md;
use super::items::{AnswerItem, QuestionItem};
use super::names::{Slugs, DELETED_USER};
use super::{date_of, finish_idea, map_status, Error, IdeaDraft, Import, Kind};
use crate::parse::Status;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Topic state -> idea status.
pub const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("closed", Status::Archived),
    ("archived", Status::Archived),
];

struct Topic {
    file: PathBuf,
    value: Value,
    id: u64,
}

impl Topic {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, message).at(format!("topic {}", self.id))
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }

    fn posts(&self) -> &[Value] {
        self.value
            .pointer("/post_stream/posts")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

fn username(post: &Value) -> String {
    post.get("username")
        .and_then(Value::as_str)
        .map(crate::slug::slugify)
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DELETED_USER.to_string())
}

fn tags(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|t| {
                    t.as_str()
                        .or_else(|| t.get("name").and_then(Value::as_str))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn likes(post: &Value) -> i64 {
    post.get("like_count")
        .and_then(Value::as_i64)
        .or_else(|| {
            post.get("actions_summary")?
                .as_array()?
                .iter()
                .find(|a| a.get("id").and_then(Value::as_i64) == Some(2))?
                .get("count")?
                .as_i64()
        })
        .unwrap_or(0)
}

pub fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let mut topics: BTreeMap<u64, Topic> = BTreeMap::new();
    let mut listed: BTreeMap<u64, Value> = BTreeMap::new();
    let mut categories: BTreeMap<u64, (String, String)> = BTreeMap::new();
    for file in inputs {
        let json = super::fider::read_json(file)?;
        if let Some(list) = json.pointer("/topic_list/topics").and_then(Value::as_array) {
            for t in list {
                if let Some(id) = t.get("id").and_then(Value::as_u64) {
                    listed.insert(id, t.clone());
                }
            }
        } else if let Some(list) = json
            .pointer("/category_list/categories")
            .and_then(Value::as_array)
        {
            for c in list {
                if let Some(id) = c.get("id").and_then(Value::as_u64) {
                    let name = c.get("name").and_then(Value::as_str).unwrap_or("");
                    let slug = c.get("slug").and_then(Value::as_str).unwrap_or("");
                    categories.insert(id, (name.to_string(), slug.to_string()));
                }
            }
        } else if json.get("post_stream").is_some() {
            let id = json
                .get("id")
                .and_then(Value::as_u64)
                .ok_or_else(|| Error::new(file, "the topic has no `id`"))?;
            topics.insert(
                id,
                Topic {
                    file: file.clone(),
                    value: json,
                    id,
                },
            );
        } else {
            return Err(Error::new(
                file,
                "neither a topic (/t/<id>.json), a topic list (/latest.json) nor /categories.json",
            ));
        }
    }
    for id in listed.keys() {
        if !topics.contains_key(id) {
            import
                .skipped
                .add("listed topic without its /t/<id>.json", id.to_string());
        }
    }

    let ideas_category = import.options.ideas_category.clone();
    let in_ideas = |category: Option<u64>| -> bool {
        let (Some(wanted), Some(id)) = (ideas_category.as_deref(), category) else {
            return false;
        };
        wanted == id.to_string()
            || categories
                .get(&id)
                .is_some_and(|(name, slug)| name.eq_ignore_ascii_case(wanted) || slug == wanted)
    };
    let base = import
        .options
        .source_url
        .as_deref()
        .map(|u| u.trim_end_matches('/'));
    let source_id = |id: u64| match base {
        Some(b) => format!("{b}/t/{id}"),
        None => format!("discourse:/t/{id}"),
    };
    let reserved: Vec<String> = topics
        .keys()
        .filter_map(|id| import.writer.previous_slug(&source_id(*id)))
        .collect();
    let mut question_slugs = Slugs::new(reserved.clone());
    let mut idea_slugs = Slugs::new(reserved);

    for topic in topics.values() {
        let id = topic.id;
        let title = topic
            .str("title")
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| topic.error("the topic has no `title`"))?
            .trim()
            .to_string();
        let posts = topic.posts();
        let first = posts
            .iter()
            .find(|p| p.get("post_number").and_then(Value::as_u64) == Some(1))
            .ok_or_else(|| topic.error("the topic's first post is not in the file"))?;
        let created = topic
            .str("created_at")
            .or_else(|| first.get("created_at").and_then(Value::as_str))
            .unwrap_or("");
        let date =
            date_of(created).ok_or_else(|| topic.error(format!("`{created}` is not a date")))?;
        let listing = listed.get(&id);
        let topic_tags = {
            let t = tags(topic.value.get("tags"));
            if t.is_empty() {
                tags(listing.and_then(|l| l.get("tags")))
            } else {
                t
            }
        };
        let mut aliases = vec![format!("/t/{id}/")];
        if let Some(slug) = topic.str("slug").filter(|s| !s.is_empty()) {
            aliases.insert(0, format!("/t/{slug}/{id}/"));
        }
        let options = html_to_md::Options {
            default_lang: None,
            base_url: base,
            local_link: None,
        };
        let body = |post: &Value| {
            html_to_md::convert(
                post.get("cooked").and_then(Value::as_str).unwrap_or(""),
                &options,
            )
        };
        let accepted = posts
            .iter()
            .find(|p| p.get("accepted_answer").and_then(Value::as_bool) == Some(true))
            .and_then(|p| p.get("post_number").and_then(Value::as_u64))
            .or_else(|| {
                topic
                    .value
                    .pointer("/accepted_answer/post_number")
                    .and_then(Value::as_u64)
            });
        let category = topic.value.get("category_id").and_then(Value::as_u64);
        let previous = import.writer.previous_slug(&source_id(id));
        let stream_len = topic
            .value
            .pointer("/post_stream/stream")
            .and_then(Value::as_array)
            .map_or(posts.len(), Vec::len);
        if in_ideas(category) {
            let state = if topic.value.get("archived").and_then(Value::as_bool) == Some(true) {
                "archived"
            } else if topic.value.get("closed").and_then(Value::as_bool) == Some(true) {
                "closed"
            } else {
                "open"
            };
            let Some(status) =
                map_status(state, STATUSES, import.options).map_err(|m| topic.error(m))?
            else {
                import.skipped.add("status mapped to skip", id.to_string());
                continue;
            };
            let votes = topic
                .value
                .get("vote_count")
                .or_else(|| listing.and_then(|l| l.get("vote_count")))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let slug =
                previous.unwrap_or_else(|| idea_slugs.assign(&title, &id.to_string(), "idea"));
            let draft = IdeaDraft {
                source_id: source_id(id),
                title,
                submitted: date,
                author: username(first),
                tags: import.tags.map_all(topic_tags.iter().map(String::as_str)),
                status,
                votes,
                owner: None,
                status_date: None,
                status_note: None,
                duplicate_of: None,
                aliases,
                extra: vec![(
                    "replies".to_string(),
                    serde_json::json!(stream_len.saturating_sub(1)),
                )],
                body: body(first),
            };
            let item =
                finish_idea(draft, "Discourse", import.options).map_err(|m| topic.error(m))?;
            import.stage_idea(&slug, &item)?;
        } else if let Some(accepted) = accepted {
            if stream_len > posts.len() {
                import.skipped.add(
                    "replies missing from /t/<id>.json (fetch them with /t/<id>/posts.json)",
                    format!("{id} ({} of {stream_len})", stream_len - posts.len()),
                );
            }
            let slug = previous
                .unwrap_or_else(|| question_slugs.assign(&title, &id.to_string(), "question"));
            let mut answers = Vec::new();
            let mut accepted_id = None;
            for post in posts {
                let number = post.get("post_number").and_then(Value::as_u64).unwrap_or(0);
                if number <= 1 {
                    continue;
                }
                if post
                    .get("post_type")
                    .and_then(Value::as_i64)
                    .is_some_and(|t| t != 1)
                {
                    continue; // moderator actions and whispers
                }
                let text = body(post);
                if text.trim().is_empty() {
                    import
                        .skipped
                        .add("reply with an empty body", format!("{id}/{number}"));
                    continue;
                }
                let created = post.get("created_at").and_then(Value::as_str).unwrap_or("");
                let answer_date = date_of(created).ok_or_else(|| {
                    topic.error(format!("post {number}: `{created}` is not a date"))
                })?;
                if number == accepted {
                    accepted_id = Some(number.to_string());
                }
                answers.push((
                    number,
                    AnswerItem {
                        source_id: format!("{}/{number}", source_id(id)),
                        author: username(post),
                        date: answer_date,
                        votes: likes(post),
                        body: text,
                    },
                ));
            }
            let mut extra = Vec::new();
            if let Some(views) = topic.value.get("views").and_then(Value::as_i64) {
                extra.push(("views".to_string(), serde_json::json!(views)));
            }
            let question = QuestionItem {
                source_id: source_id(id),
                title,
                asked: date,
                asked_by: username(first),
                tags: import.tags.map_all(topic_tags.iter().map(String::as_str)),
                accepted: accepted_id,
                duplicate_of: None,
                aliases,
                extra,
                body: body(first),
            };
            let group = source_id(id);
            import
                .writer
                .add(
                    PathBuf::from(format!("content/questions/{slug}/index.md")),
                    Kind::Question,
                    &group,
                    &question.source_id,
                    &question.render(),
                )
                .map_err(|e| Error::new(import.root, format!("cannot stage: {e}")))?;
            for (number, answer) in answers {
                import
                    .writer
                    .add(
                        PathBuf::from(format!("content/questions/{slug}/answers/{number}.md")),
                        Kind::Answer,
                        &group,
                        &answer.source_id,
                        &answer.render(),
                    )
                    .map_err(|e| Error::new(import.root, format!("cannot stage: {e}")))?;
            }
        } else {
            import.skipped.add(
                "topic without an accepted answer, outside the ideas category",
                id.to_string(),
            );
        }
    }
    Ok(())
}
