//! Fider: the JSON of its REST API, `GET /api/v1/posts?view=all&limit=…`
//! saved to one or more files (an array of posts each). Descriptions are
//! Markdown already. Comments are not imported (ideas have no comments);
//! their count is kept in `extra.comments`.

use super::items::IdeaItem;
use super::names::{Handles, Slugs};
use super::{date_of, finish_idea, map_status, Error, IdeaDraft, Import};
use crate::parse::Status;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Fider's statuses and townhall's; `deleted` posts are skipped.
pub const STATUSES: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("planned", Status::Planned),
    ("started", Status::InProgress),
    ("completed", Status::Shipped),
    ("declined", Status::Declined),
    ("duplicate", Status::Duplicate),
];

/// Reads a JSON file, reporting a syntax error with its line and column.
pub fn read_json(path: &Path) -> Result<Value, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::new(path, format!("cannot read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| {
        Error::new(path, format!("invalid JSON: {e}"))
            .at(format!("line {}", e.line()))
            .hint("the file may be truncated; save the API response again")
    })
}

struct Post {
    file: PathBuf,
    index: usize,
    value: Value,
    number: u64,
}

impl Post {
    fn record(&self) -> String {
        format!(
            "post #{} (item {} of the array)",
            self.number,
            self.index + 1
        )
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, message).at(self.record())
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }
}

fn user(value: Option<&Value>) -> Option<(String, String)> {
    let user = value?;
    let id = match user.get("id")? {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    let name = user.get("name").and_then(Value::as_str).unwrap_or("");
    Some((id, name.to_string()))
}

pub fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let mut posts: BTreeMap<u64, Post> = BTreeMap::new();
    for file in inputs {
        let json = read_json(file)?;
        let Value::Array(items) = json else {
            return Err(Error::new(file, "expected an array of posts")
                .hint("save the response of GET /api/v1/posts?view=all"));
        };
        for (index, value) in items.into_iter().enumerate() {
            let number = value.get("number").and_then(Value::as_u64).ok_or_else(|| {
                Error::new(file, "the post has no `number`")
                    .at(format!("item {} of the array", index + 1))
            })?;
            posts.entry(number).or_insert(Post {
                file: file.clone(),
                index,
                value,
                number,
            });
        }
    }

    // members in id order, so handles are stable
    let mut users: BTreeMap<(u64, String), String> = BTreeMap::new();
    for post in posts.values() {
        for u in [
            user(post.value.get("user")),
            user(post.value.pointer("/response/user")),
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
            .str("status")
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
            .and_then(|p| p.value.pointer("/response/original/number"))
            .and_then(Value::as_u64);
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
        let title = post.str("title").unwrap_or("");
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
        let title = post
            .str("title")
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| post.error("the post has no `title`"))?;
        let created = post
            .str("createdAt")
            .ok_or_else(|| post.error("the post has no `createdAt`"))?;
        let submitted = date_of(created)
            .ok_or_else(|| post.error(format!("`createdAt` is `{created}`, not a date")))?;
        let author = handles.get(user(post.value.get("user")).as_ref().map(|u| u.0.as_str()));
        let tags: Vec<&str> = post
            .value
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let tags = import.tags.map_all(tags);
        let response = post.value.get("response").filter(|r| !r.is_null());
        let owner = response
            .and_then(|r| user(r.get("user")))
            .map(|u| handles.get(Some(&u.0)));
        let status_date = response
            .and_then(|r| r.get("respondedAt"))
            .and_then(Value::as_str)
            .and_then(date_of);
        let status_note = response
            .and_then(|r| r.get("text"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut aliases = vec![format!("/posts/{number}/")];
        if let Some(s) = post.str("slug").filter(|s| !s.is_empty()) {
            aliases.push(format!("/posts/{number}/{s}/"));
        }
        let mut extra = Vec::new();
        if let Some(c) = post.value.get("commentsCount").and_then(Value::as_i64) {
            extra.push(("comments".to_string(), serde_json::json!(c)));
        }
        let draft = IdeaDraft {
            source_id: source_id(*number),
            title: title.trim().to_string(),
            submitted,
            author,
            tags,
            status: *status,
            votes: post
                .value
                .get("votesCount")
                .and_then(Value::as_i64)
                .unwrap_or(0),
            owner,
            status_date,
            status_note,
            duplicate_of: duplicate_of
                .get(number)
                .and_then(|o| slug_of.get(o))
                .cloned(),
            aliases,
            extra,
            body: post.str("description").unwrap_or("").trim().to_string(),
        };
        let item = finish_idea(draft, "Fider", import.options).map_err(|m| post.error(m))?;
        ideas.push((slug.clone(), item));
    }
    for (slug, item) in ideas {
        import.stage_idea(&slug, &item)?;
    }
    Ok(())
}
