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
use super::{de, finish_idea, map_status, Error, IdeaDraft, Import};
use crate::clock::Date;
use crate::parse::Status;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Topic state -> idea status.
pub(crate) const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("closed", Status::Archived),
    ("archived", Status::Archived),
];

/// `/t/<id>.json`: a topic and (the first page of) its posts.
#[derive(Deserialize)]
struct TopicJson {
    id: u64,
    title: Option<String>,
    slug: Option<String>,
    #[serde(default, deserialize_with = "de::date")]
    created_at: Option<Date>,
    tags: Option<Vec<Tag>>,
    category_id: Option<u64>,
    archived: Option<bool>,
    closed: Option<bool>,
    /// From the Topic Voting plugin.
    vote_count: Option<i64>,
    views: Option<i64>,
    /// From the Solved plugin, when no post says `accepted_answer`.
    accepted_answer: Option<AcceptedAnswer>,
    post_stream: PostStream,
}

#[derive(Deserialize)]
struct AcceptedAnswer {
    post_number: Option<u64>,
}

#[derive(Deserialize)]
struct PostStream {
    posts: Option<Vec<Post>>,
    /// The ids of every post of the topic, also those not in `posts`.
    stream: Option<Vec<IgnoredAny>>,
}

#[derive(Deserialize)]
struct Post {
    post_number: Option<u64>,
    username: Option<String>,
    /// The post as HTML.
    cooked: Option<String>,
    #[serde(default, deserialize_with = "de::date")]
    created_at: Option<Date>,
    /// From the Solved plugin.
    accepted_answer: Option<bool>,
    /// 1 for a regular post; moderator actions and whispers are others.
    post_type: Option<i64>,
    like_count: Option<i64>,
    actions_summary: Option<Vec<Action>>,
}

#[derive(Deserialize)]
struct Action {
    id: Option<i64>,
    count: Option<i64>,
}

/// `/latest.json` or a category's listing.
#[derive(Deserialize)]
struct TopicListJson {
    topic_list: TopicList,
}

#[derive(Deserialize)]
struct TopicList {
    topics: Vec<Listed>,
}

/// A topic as a listing shows it: its tags and votes, when the topic's
/// own file lacks them.
#[derive(Deserialize)]
struct Listed {
    id: u64,
    tags: Option<Vec<Tag>>,
    vote_count: Option<i64>,
}

/// `/categories.json`.
#[derive(Deserialize)]
struct CategoriesJson {
    category_list: CategoryList,
}

#[derive(Deserialize)]
struct CategoryList {
    categories: Vec<Category>,
}

#[derive(Deserialize)]
struct Category {
    id: u64,
    name: Option<String>,
    slug: Option<String>,
}

/// A tag: its name, or (newer Discourse) an object with a `name`.
struct Tag(Option<String>);

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
        struct TagVisitor;
        impl<'de> serde::de::Visitor<'de> for TagVisitor {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a tag name or an object with a `name`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Tag, E> {
                Ok(Tag(Some(v.to_string())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tag, A::Error> {
                let mut name = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "name" {
                        name = map.next_value::<Option<String>>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Tag(name))
            }
        }
        d.deserialize_any(TagVisitor)
    }
}

struct Topic {
    file: PathBuf,
    topic: TopicJson,
    id: u64,
}

impl Topic {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, message).at(format!("topic {}", self.id))
    }

    fn posts(&self) -> &[Post] {
        self.topic.post_stream.posts.as_deref().unwrap_or(&[])
    }
}

fn username(post: &Post) -> String {
    post.username
        .as_deref()
        .map(crate::slug::slugify)
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DELETED_USER.to_string())
}

fn tags(tags: Option<&Vec<Tag>>) -> Vec<String> {
    tags.into_iter()
        .flatten()
        .filter_map(|t| t.0.clone())
        .collect()
}

fn likes(post: &Post) -> i64 {
    post.like_count
        .or_else(|| {
            post.actions_summary
                .as_ref()?
                .iter()
                .find(|a| a.id == Some(2))?
                .count
        })
        .unwrap_or(0)
}

pub(crate) fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let mut topics: BTreeMap<u64, Topic> = BTreeMap::new();
    let mut listed: BTreeMap<u64, Listed> = BTreeMap::new();
    let mut categories: BTreeMap<u64, (String, String)> = BTreeMap::new();
    for file in inputs {
        let json = super::fider::read_json(file)?;
        // told apart by content; then read whole as its kind
        if json
            .pointer("/topic_list/topics")
            .is_some_and(Value::is_array)
        {
            let list: TopicListJson = de::typed(json).map_err(|m| Error::new(file, m))?;
            for t in list.topic_list.topics {
                listed.insert(t.id, t);
            }
        } else if json
            .pointer("/category_list/categories")
            .is_some_and(Value::is_array)
        {
            let list: CategoriesJson = de::typed(json).map_err(|m| Error::new(file, m))?;
            for c in list.category_list.categories {
                let name = c.name.unwrap_or_default();
                let slug = c.slug.unwrap_or_default();
                categories.insert(c.id, (name, slug));
            }
        } else if json.get("post_stream").is_some() {
            let at = json.get("id").and_then(Value::as_u64);
            let topic: TopicJson = de::typed(json).map_err(|m| match at {
                Some(id) => Error::new(file, m).at(format!("topic {id}")),
                None => Error::new(file, m),
            })?;
            let id = topic.id;
            topics.insert(
                id,
                Topic {
                    file: file.clone(),
                    topic,
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
        let t = &topic.topic;
        let title = t
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| topic.error("the topic has no `title`"))?
            .trim()
            .to_string();
        let posts = topic.posts();
        let first = posts
            .iter()
            .find(|p| p.post_number == Some(1))
            .ok_or_else(|| topic.error("the topic's first post is not in the file"))?;
        let date = t
            .created_at
            .or(first.created_at)
            .ok_or_else(|| topic.error("the topic has no `created_at`"))?;
        let listing = listed.get(&id);
        let topic_tags = {
            let own = tags(t.tags.as_ref());
            if own.is_empty() {
                tags(listing.and_then(|l| l.tags.as_ref()))
            } else {
                own
            }
        };
        let mut aliases = vec![format!("/t/{id}/")];
        if let Some(slug) = t.slug.as_deref().filter(|s| !s.is_empty()) {
            aliases.insert(0, format!("/t/{slug}/{id}/"));
        }
        let options = html_to_md::Options {
            default_lang: None,
            base_url: base,
            local_link: None,
        };
        let body =
            |post: &Post| html_to_md::convert(post.cooked.as_deref().unwrap_or(""), &options);
        let accepted = posts
            .iter()
            .find(|p| p.accepted_answer == Some(true))
            .and_then(|p| p.post_number)
            .or_else(|| t.accepted_answer.as_ref().and_then(|a| a.post_number));
        let previous = import.writer.previous_slug(&source_id(id));
        let stream_len = t.post_stream.stream.as_ref().map_or(posts.len(), Vec::len);
        if in_ideas(t.category_id) {
            let state = if t.archived == Some(true) {
                "archived"
            } else if t.closed == Some(true) {
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
            let votes = t
                .vote_count
                .or_else(|| listing.and_then(|l| l.vote_count))
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
                let number = post.post_number.unwrap_or(0);
                if number <= 1 {
                    continue;
                }
                if post.post_type.is_some_and(|t| t != 1) {
                    continue; // moderator actions and whispers
                }
                let text = body(post);
                if text.trim().is_empty() {
                    import
                        .skipped
                        .add("reply with an empty body", format!("{id}/{number}"));
                    continue;
                }
                let answer_date = post
                    .created_at
                    .ok_or_else(|| topic.error(format!("post {number}: no `created_at`")))?;
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
            if let Some(views) = t.views {
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
            import.stage_question(&slug, &question)?;
            for (number, answer) in answers {
                import.stage_answer(&slug, &question.source_id, &number.to_string(), &answer)?;
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
