//! Fider: the JSON of its REST API, `GET /api/v1/posts?view=all&limit=…`
//! saved to one or more files (an array of posts each). Descriptions are
//! Markdown already. Comments are not imported (ideas have no comments);
//! their count is kept in `extra.comments`.

use super::items::IdeaItem;
use super::names::{Handles, Slugs};
use super::{de, finish_idea, map_status, Error, IdeaDraft, Import};
use crate::clock::Date;
use crate::parse::Status;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Fider's statuses and townhall's; `deleted` posts are skipped.
pub(crate) const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("planned", Status::Planned),
    ("started", Status::InProgress),
    ("completed", Status::Shipped),
    ("declined", Status::Declined),
    ("duplicate", Status::Duplicate),
];

/// Reads a JSON file, reporting a syntax error with its line and column.
pub(crate) fn read_json(path: &Path) -> Result<Value, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::new(path, format!("cannot read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| {
        Error::new(path, format!("invalid JSON: {e}"))
            .at(format!("line {}", e.line()))
            .hint("the file may be truncated; save the API response again")
    })
}

/// One post of the API's response.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FiderPost {
    number: u64,
    title: Option<String>,
    slug: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "de::date")]
    created_at: Option<Date>,
    status: Option<String>,
    user: Option<User>,
    response: Option<Response>,
    tags: Option<Vec<String>>,
    votes_count: Option<i64>,
    comments_count: Option<i64>,
}

#[derive(Deserialize)]
struct User {
    /// A number in Fider's API; a string is taken as well.
    #[serde(default, deserialize_with = "de::opt_id_text")]
    id: Option<String>,
    name: Option<String>,
}

/// The team's response: who set the status, when, and why.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    user: Option<User>,
    #[serde(default, deserialize_with = "de::loose_date")]
    responded_at: Option<Date>,
    text: Option<String>,
    /// For a duplicate: the post it duplicates.
    original: Option<Original>,
}

#[derive(Deserialize)]
struct Original {
    number: Option<u64>,
}

struct Post {
    file: PathBuf,
    index: usize,
    post: FiderPost,
    number: u64,
}

impl Post {
    fn record(&self) -> String {
        record(self.number, self.index)
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, message).at(self.record())
    }
}

fn record(number: u64, index: usize) -> String {
    format!("post #{number} (item {} of the array)", index + 1)
}

/// The member's id and name, when the export names an id.
fn user(user: Option<&User>) -> Option<(String, String)> {
    let user = user?;
    let id = user.id.clone()?;
    Some((id, user.name.clone().unwrap_or_default()))
}

pub(crate) fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let mut posts: BTreeMap<u64, Post> = BTreeMap::new();
    for file in inputs {
        let json = read_json(file)?;
        let Value::Array(items) = json else {
            return Err(Error::new(file, "expected an array of posts")
                .hint("save the response of GET /api/v1/posts?view=all"));
        };
        for (index, value) in items.into_iter().enumerate() {
            // the record's name for a message, before its fields are read
            let at = match value.get("number").and_then(Value::as_u64) {
                Some(number) => record(number, index),
                None => format!("item {} of the array", index + 1),
            };
            let post: FiderPost = de::typed(value).map_err(|m| Error::new(file, m).at(at))?;
            let number = post.number;
            posts.entry(number).or_insert(Post {
                file: file.clone(),
                index,
                post,
                number,
            });
        }
    }

    // members in id order, so handles are stable
    let mut users: BTreeMap<(u64, String), String> = BTreeMap::new();
    for post in posts.values() {
        for u in [
            user(post.post.user.as_ref()),
            user(post.post.response.as_ref().and_then(|r| r.user.as_ref())),
        ]
        .into_iter()
        .flatten()
        {
            let order = u.0.parse().unwrap_or(u64::MAX);
            users.entry((order, u.0)).or_insert(u.1);
        }
    }
    let mut handles = Handles::new();
    for ((_, id), name) in &users {
        handles.register(id, name);
    }

    let base = import
        .options
        .source_url
        .as_deref()
        .map(|u| u.trim_end_matches('/'));
    let source_id = |number: u64| match base {
        Some(base) => format!("{base}/posts/{number}"),
        None => format!("fider:/posts/{number}"),
    };

    // statuses first: skipped posts cannot be duplicate targets
    let mut statuses: BTreeMap<u64, Status> = BTreeMap::new();
    for post in posts.values() {
        let name = post
            .post
            .status
            .as_deref()
            .ok_or_else(|| post.error("the post has no `status`"))?;
        if name == "deleted" {
            import
                .skipped
                .add("deleted post", format!("#{}", post.number));
            continue;
        }
        match map_status(name, STATUSES, import.options).map_err(|m| post.error(m))? {
            Some(status) => {
                statuses.insert(post.number, status);
            }
            None => import
                .skipped
                .add("status mapped to skip", format!("#{}", post.number)),
        }
    }
    let mut duplicate_of: BTreeMap<u64, u64> = BTreeMap::new();
    for (number, status) in &statuses {
        if *status != Status::Duplicate {
            continue;
        }
        let original = posts
            .get(number)
            .and_then(|p| p.post.response.as_ref())
            .and_then(|r| r.original.as_ref())
            .and_then(|o| o.number);
        match original {
            Some(o) if statuses.contains_key(&o) && o != *number => {
                duplicate_of.insert(*number, o);
            }
            _ => import.skipped.add(
                "duplicate of a post not in the export",
                format!("#{number}"),
            ),
        }
    }
    statuses.retain(|n, s| *s != Status::Duplicate || duplicate_of.contains_key(n));

    let reserved: Vec<String> = statuses
        .keys()
        .filter_map(|n| import.writer.previous_slug(&source_id(*n)))
        .collect();
    let mut slugs = Slugs::new(reserved);
    let mut slug_of: BTreeMap<u64, String> = BTreeMap::new();
    for number in statuses.keys() {
        let Some(post) = posts.get(number) else {
            continue;
        };
        let title = post.post.title.as_deref().unwrap_or("");
        let slug = import
            .writer
            .previous_slug(&source_id(*number))
            .unwrap_or_else(|| slugs.assign(title, &number.to_string(), "idea"));
        slug_of.insert(*number, slug);
    }

    let mut ideas: Vec<(String, IdeaItem)> = Vec::new();
    for (number, status) in &statuses {
        let (Some(post), Some(slug)) = (posts.get(number), slug_of.get(number)) else {
            continue;
        };
        let p = &post.post;
        let title = p
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| post.error("the post has no `title`"))?;
        let submitted = p
            .created_at
            .ok_or_else(|| post.error("the post has no `createdAt`"))?;
        let author = handles.get(user(p.user.as_ref()).as_ref().map(|u| u.0.as_str()));
        let tags = import
            .tags
            .map_all(p.tags.iter().flatten().map(String::as_str));
        let response = p.response.as_ref();
        let owner = response
            .and_then(|r| user(r.user.as_ref()))
            .map(|u| handles.get(Some(&u.0)));
        let status_date = response.and_then(|r| r.responded_at);
        let status_note = response.and_then(|r| r.text.clone());
        let mut aliases = vec![format!("/posts/{number}/")];
        if let Some(s) = p.slug.as_deref().filter(|s| !s.is_empty()) {
            aliases.push(format!("/posts/{number}/{s}/"));
        }
        let mut extra = Vec::new();
        if let Some(c) = p.comments_count {
            extra.push(("comments".to_string(), serde_json::json!(c)));
        }
        let draft = IdeaDraft {
            source_id: source_id(*number),
            title: title.trim().to_string(),
            submitted,
            author,
            tags,
            status: *status,
            votes: p.votes_count.unwrap_or(0),
            owner,
            status_date,
            status_note,
            duplicate_of: duplicate_of
                .get(number)
                .and_then(|o| slug_of.get(o))
                .cloned(),
            aliases,
            extra,
            body: p.description.as_deref().unwrap_or("").trim().to_string(),
        };
        let item = finish_idea(draft, "Fider", import.options).map_err(|m| post.error(m))?;
        ideas.push((slug.clone(), item));
    }
    for (slug, item) in ideas {
        import.stage_idea(&slug, &item)?;
    }
    Ok(())
}
