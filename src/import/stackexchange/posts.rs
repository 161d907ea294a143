//! The first pass over a dump: members from `Users.xml` (or from the posts
//! when it is missing) and the metadata of every question and answer in
//! `Posts.xml` (ids, titles, tags, dates, owners, scores), which fixes every
//! slug, handle and cross-reference before any body is converted.

use super::super::{de, Error};
use super::has_text;
use super::rows::{rows, Record};
use crate::clock::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub(super) struct Question {
    pub(super) id: u64,
    pub(super) title: String,
    pub(super) tags: Vec<String>,
    pub(super) accepted: Option<u64>,
    pub(super) score: i64,
    pub(super) views: Option<i64>,
    pub(super) asked: Date,
    pub(super) owner: Owner,
    pub(super) license: Option<&'static str>,
    pub(super) closed: Option<Date>,
}

pub(super) struct Answer {
    pub(super) id: u64,
    pub(super) parent: u64,
    pub(super) score: i64,
    pub(super) date: Date,
    pub(super) owner: Owner,
    pub(super) license: Option<&'static str>,
}

/// The author of a post: the user id, and the name the dump still shows
/// for deleted accounts.
#[derive(Clone)]
pub(super) struct Owner {
    pub(super) user: Option<String>,
    pub(super) display: Option<String>,
}

/// A row of `Posts.xml`, as the first pass reads it. Attributes that are
/// empty count as absent; which are required depends on `PostTypeId`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PostRow {
    #[serde(default, deserialize_with = "de::int")]
    pub(super) id: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    pub(super) post_type_id: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    pub(super) parent_id: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    pub(super) accepted_answer_id: Option<i64>,
    #[serde(default, deserialize_with = "de::date")]
    pub(super) creation_date: Option<Date>,
    /// Only a meta site's feature requests use it, and only when it reads
    /// as a date (the status date of a declined idea).
    #[serde(default, deserialize_with = "de::loose_date")]
    pub(super) closed_date: Option<Date>,
    #[serde(default, deserialize_with = "de::int")]
    pub(super) score: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    pub(super) view_count: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) title: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) tags: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) body: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) owner_user_id: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) owner_display_name: Option<String>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) content_license: Option<String>,
}

impl Record for PostRow {
    fn id(&self) -> Option<String> {
        self.id.map(|i| i.to_string())
    }
}

/// A row of `Users.xml`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct UserRow {
    #[serde(default, deserialize_with = "de::int")]
    pub(super) id: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    pub(super) display_name: Option<String>,
}

impl Record for UserRow {
    fn id(&self) -> Option<String> {
        self.id.map(|i| i.to_string())
    }
}

pub(super) fn owner(row: &PostRow) -> Owner {
    Owner {
        user: row.owner_user_id.clone(),
        display: row.owner_display_name.clone(),
    }
}

/// Splits `<a><b>` (older dumps) or `|a|b|` (newer ones).
pub(super) fn split_tags(text: &str) -> Vec<String> {
    text.split(['<', '>', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// `CC BY-SA 3.0` -> "3.0" (kept per post without an allocation).
pub(super) fn license_version(text: Option<&str>) -> Option<&'static str> {
    match text?.rsplit(' ').next()? {
        "2.5" => Some("2.5"),
        "3.0" => Some("3.0"),
        "4.0" => Some("4.0"),
        _ => None,
    }
}

/// Members from `Users.xml`: (number, id, display name), one per row.
pub(super) fn read_users(path: &Path) -> Result<Vec<(i64, String, String)>, Error> {
    let mut users = Vec::new();
    rows(path, "users", |user: UserRow, row| {
        let number = user
            .id
            .ok_or_else(|| row.error(path, "the row has no `Id` attribute"))?;
        let name = user.display_name.unwrap_or_default();
        users.push((number, number.to_string(), name));
        Ok(())
    })?;
    Ok(users)
}

/// What the first pass keeps of `Posts.xml`: every question's and answer's
/// metadata, and the rows it leaves out with the reason.
pub(super) struct Metadata {
    pub(super) questions: BTreeMap<u64, Question>,
    pub(super) answers: BTreeMap<u64, Answer>,
    pub(super) skipped: Vec<(&'static str, String)>,
}

/// Pass 1 over `Posts.xml`: metadata only (bodies are read in pass 2).
pub(super) fn read_metadata(posts: &Path) -> Result<Metadata, Error> {
    let mut questions: BTreeMap<u64, Question> = BTreeMap::new();
    let mut answers: BTreeMap<u64, Answer> = BTreeMap::new();
    let mut skipped = Vec::new();
    rows(posts, "posts", |post: PostRow, row| {
        let id = post
            .id
            .ok_or_else(|| row.error(posts, "the row has no `Id` attribute"))?;
        let id = u64::try_from(id).map_err(|_| row.error(posts, "negative post id"))?;
        let kind = post
            .post_type_id
            .ok_or_else(|| row.error(posts, "the row has no `PostTypeId` attribute"))?;
        let created = || {
            post.creation_date
                .ok_or_else(|| row.error(posts, "the row has no `CreationDate` attribute"))
        };
        match kind {
            1 => {
                let title = post
                    .title
                    .as_deref()
                    .ok_or_else(|| row.error(posts, "the row has no `Title` attribute"))?
                    .trim()
                    .to_string();
                questions.insert(
                    id,
                    Question {
                        id,
                        title,
                        tags: split_tags(post.tags.as_deref().unwrap_or("")),
                        accepted: post.accepted_answer_id.and_then(|a| u64::try_from(a).ok()),
                        score: post.score.unwrap_or(0),
                        views: post.view_count,
                        asked: created()?,
                        owner: owner(&post),
                        license: license_version(post.content_license.as_deref()),
                        closed: post.closed_date,
                    },
                );
            }
            2 => {
                let parent = post
                    .parent_id
                    .ok_or_else(|| row.error(posts, "the answer has no `ParentId`"))?;
                let date = created()?;
                if !has_text(post.body.as_deref().unwrap_or("")) {
                    skipped.push(("answer with an empty body", format!("a{id}")));
                    return Ok(());
                }
                answers.insert(
                    id,
                    Answer {
                        id,
                        parent: u64::try_from(parent).unwrap_or(0),
                        score: post.score.unwrap_or(0),
                        date,
                        owner: owner(&post),
                        license: license_version(post.content_license.as_deref()),
                    },
                );
            }
            3 => skipped.push(("orphaned tag wiki (PostTypeId 3)", id.to_string())),
            4 => skipped.push(("tag wiki excerpt (PostTypeId 4)", id.to_string())),
            5 => skipped.push(("tag wiki (PostTypeId 5)", id.to_string())),
            6 => skipped.push(("moderator nomination (PostTypeId 6)", id.to_string())),
            7 => skipped.push(("wiki placeholder (PostTypeId 7)", id.to_string())),
            8 => skipped.push(("privilege wiki (PostTypeId 8)", id.to_string())),
            other => skipped.push(("unknown post type", format!("{id} (PostTypeId {other})"))),
        }
        Ok(())
    })?;
    Ok(Metadata {
        questions,
        answers,
        skipped,
    })
}

/// Without `Users.xml`: the members the posts name, by the first display
/// name a post of theirs shows, else `user<Id>`.
pub(super) fn members_from_posts(
    questions: &BTreeMap<u64, Question>,
    answers: &BTreeMap<u64, Answer>,
) -> Vec<(i64, String, String)> {
    let mut users = Vec::new();
    let mut seen: BTreeMap<String, (i64, Option<String>)> = BTreeMap::new();
    let owners = questions
        .values()
        .map(|q| (q.id, &q.owner))
        .chain(answers.values().map(|a| (a.id, &a.owner)));
    let mut owners: Vec<(u64, &Owner)> = owners.collect();
    owners.sort_by_key(|(id, _)| *id);
    for (_, owner) in owners {
        let Some(user) = &owner.user else { continue };
        let entry = seen
            .entry(user.clone())
            .or_insert_with(|| (user.trim().parse().unwrap_or(i64::MAX), None));
        if entry.1.is_none() {
            entry.1 = owner.display.clone().filter(|n| !n.trim().is_empty());
        }
    }
    for (id, (number, name)) in seen {
        let name = name.unwrap_or_else(|| format!("user{id}"));
        users.push((number, id, name));
    }
    users
}
