//! Stack Exchange data dump (one site's `Posts.xml`, and optionally
//! `Users.xml` and `PostLinks.xml`; `Tags.xml`, `PostHistory.xml`,
//! `Comments.xml`, `Votes.xml` and `Badges.xml` are accepted and not needed).
//!
//! Without `Users.xml` (many published dumps lack it) every `OwnerUserId` is
//! taken for a living member, named by the post's `OwnerDisplayName` when it
//! has one, else `user<Id>`: nobody is credited as "a deleted user" only
//! because the members file is missing.
//!
//! `Posts.xml` is read twice as a stream: the first pass keeps only the
//! metadata of questions and answers (ids, titles, tags, dates, owners,
//! scores), which fixes every slug, handle and cross-reference; the second
//! converts each body and hands the finished file to the writer. Memory
//! grows with the number of posts, not with the size of their bodies.
//!
//! (About 650 lines without its tests: the second pass is one streaming
//! loop over `Posts.xml` whose steps share that pass's state; the first
//! pass lives in `posts`.)

use super::html_to_md::{self, escape_text};
use super::items::{page, AnswerItem, QuestionItem};
use super::names::{Handles, Slugs, DELETED_USER};
use super::{de, Error, Import};
use crate::clock::Date;
use crate::parse::Status;
use links::{OldLinks, Place};
use posts::{Answer, Owner, Question};
use rows::{rows, Record};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod links;
mod posts;
mod rows;

/// The tag that makes a meta post a feature request (`--as ideas`).
pub(crate) const FEATURE_REQUEST: &str = "feature-request";

/// Stack Exchange's status tags -> idea statuses (`--as ideas`).
pub(crate) const STATUS_TAGS: [(&str, Status); 7] = [
    ("status-completed", Status::Shipped),
    ("status-planned", Status::Planned),
    ("status-review", Status::UnderReview),
    ("status-declined", Status::Declined),
    ("status-bydesign", Status::Declined),
    ("status-norepro", Status::Declined),
    ("status-deferred", Status::Archived),
];

/// When a post carries several status tags, the one furthest along wins.
fn status_rank(status: Status) -> u8 {
    match status {
        Status::Shipped => 7,
        Status::InProgress => 6,
        Status::Planned => 5,
        Status::Declined => 4,
        Status::UnderReview => 3,
        Status::Archived => 2,
        Status::Duplicate => 1,
        Status::Open => 0,
    }
}

struct Files {
    posts: PathBuf,
    users: Option<PathBuf>,
    links: Option<PathBuf>,
}

fn find_files(inputs: &[PathBuf]) -> Result<Files, Error> {
    let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in inputs {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        by_name.insert(name, file.clone());
    }
    let first = inputs.first().cloned().unwrap_or_default();
    let need = |name: &str| {
        by_name.get(name).cloned().ok_or_else(|| {
            Error::new(&first, format!("the Stack Exchange dump needs {name}")).hint(
                "pass the dump's folder, or Posts.xml (with Users.xml for names, PostLinks.xml for duplicates)",
            )
        })
    };
    Ok(Files {
        posts: need("posts.xml")?,
        users: by_name.get("users.xml").cloned(),
        links: by_name.get("postlinks.xml").cloned(),
    })
}

/// A row of `Posts.xml`, as the second pass reads it.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PostBody {
    #[serde(default, deserialize_with = "de::int")]
    id: Option<i64>,
    #[serde(default, deserialize_with = "de::text")]
    body: Option<String>,
}

impl Record for PostBody {
    fn id(&self) -> Option<String> {
        self.id.map(|i| i.to_string())
    }
}

/// A row of `PostLinks.xml`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LinkRow {
    #[serde(default, deserialize_with = "de::int")]
    id: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    link_type_id: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    post_id: Option<i64>,
    #[serde(default, deserialize_with = "de::int")]
    related_post_id: Option<i64>,
}

impl Record for LinkRow {
    fn id(&self) -> Option<String> {
        self.id.map(|i| i.to_string())
    }
}

/// The slug Stack Exchange puts in its URLs: ASCII, accents folded, at most 80.
pub(crate) fn se_slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in title.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, ' ' | ',' | '.' | '/' | '\\' | '-' | '_' | '=') {
            dash = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    out
}

fn license(text: Option<&str>, date: Date) -> (String, String) {
    let version = match text.and_then(|t| t.rsplit(' ').next()) {
        Some(v @ ("2.5" | "3.0" | "4.0")) => v.to_string(),
        _ => {
            let d = date.to_string();
            if d.as_str() < "2011-04-08" {
                "2.5".into()
            } else if d.as_str() < "2018-05-02" {
                "3.0".into()
            } else {
                "4.0".into()
            }
        }
    };
    (
        format!("CC BY-SA {version}"),
        format!("https://creativecommons.org/licenses/by-sa/{version}/"),
    )
}

/// Tags whose code blocks default to a highlighting language.
fn tag_language(tags: &[String]) -> Option<&'static str> {
    tags.iter().find_map(|t| {
        Some(match t.as_str() {
            "python" | "python-3.x" | "python-2.7" => "python",
            "javascript" | "node.js" => "javascript",
            "typescript" => "typescript",
            "java" => "java",
            "c#" => "csharp",
            "c++" => "cpp",
            "c" => "c",
            "rust" => "rust",
            "go" | "golang" => "go",
            "ruby" => "ruby",
            "php" => "php",
            "sql" | "mysql" | "postgresql" | "sqlite" => "sql",
            "bash" | "shell" | "sh" | "zsh" => "bash",
            "html" => "html",
            "css" => "css",
            "json" => "json",
            "yaml" => "yaml",
            "xml" => "xml",
            "kotlin" => "kotlin",
            "swift" => "swift",
            "r" => "r",
            "haskell" => "haskell",
            "perl" => "perl",
            "lua" => "lua",
            "scala" => "scala",
            "powershell" => "powershell",
            _ => return None,
        })
    })
}

pub(crate) fn run(inputs: &[PathBuf], import: &mut Import) -> Result<(), Error> {
    let files = find_files(inputs)?;
    let base = import
        .options
        .source_url
        .clone()
        .ok_or_else(|| {
            Error::new(&files.posts, "the site's address is needed for attribution")
                .hint("pass --source-url https://<site>.stackexchange.com (content is CC BY-SA: every page links its original)")
        })?
        .trim_end_matches('/')
        .to_string();

    // Members from Users.xml, registered in id order so handles are stable.
    let mut users = match &files.users {
        Some(path) => posts::read_users(path)?,
        None => Vec::new(),
    };

    // Pass 1: metadata.
    let posts = &files.posts;
    let posts::Metadata {
        mut questions,
        mut answers,
        skipped,
    } = posts::read_metadata(posts)?;
    for (reason, id) in skipped {
        import.skipped.add(reason, id);
    }

    if files.users.is_none() {
        users.extend(posts::members_from_posts(&questions, &answers));
    }
    users.sort();
    let mut handles = Handles::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (_, id, name) in &users {
        handles.register(id, name);
        names.insert(id.clone(), name.clone());
    }
    drop(users);

    // Answers without their question.
    let orphans: Vec<u64> = answers
        .values()
        .filter(|a| !questions.contains_key(&a.parent))
        .map(|a| a.id)
        .collect();
    for id in orphans {
        answers.remove(&id);
        import
            .skipped
            .add("answer whose question is not in the dump", format!("a{id}"));
    }
    let as_ideas = import.options.as_ideas;
    if as_ideas {
        keep_feature_requests(&mut questions, &mut answers, import);
    }
    let mut by_question: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for a in answers.values() {
        by_question.entry(a.parent).or_default().push(a.id);
    }

    // Slugs: an earlier import's slug wins; otherwise by title, in id order.
    let question_source = |id: u64| format!("{base}/q/{id}");
    let reserved: Vec<String> = questions
        .keys()
        .filter_map(|id| import.writer.previous_slug(&question_source(*id)))
        .collect();
    let mut slugs = Slugs::new(reserved);
    let mut slug_of: BTreeMap<u64, String> = BTreeMap::new();
    for q in questions.values() {
        let slug = import
            .writer
            .previous_slug(&question_source(q.id))
            .unwrap_or_else(|| {
                let prefix = if as_ideas { "idea" } else { "question" };
                slugs.assign(&q.title, &q.id.to_string(), prefix)
            });
        slug_of.insert(q.id, slug);
    }
    let mut old_links = OldLinks::new(&base);
    for (id, slug) in &slug_of {
        let slug = slug.clone();
        let place = if as_ideas {
            Place::Idea { slug }
        } else {
            Place::Question { slug }
        };
        let title = questions.get(id).map_or("", |q| q.title.as_str());
        old_links.question(*id, place, title);
    }
    for a in answers.values() {
        old_links.answer(a.id, a.parent);
    }

    let duplicates = match &files.links {
        Some(path) => duplicate_links(path, &questions, import)?,
        None => BTreeMap::new(),
    };

    // Pass 2: bodies -> files.
    let site_name = base
        .split_once("://")
        .map_or(base.as_str(), |(_, host)| host)
        .to_string();
    let author_name = |owner: &Owner| -> Option<String> {
        owner
            .user
            .as_ref()
            .and_then(|u| names.get(u))
            .cloned()
            .or_else(|| owner.display.clone())
            .filter(|n| !n.trim().is_empty())
    };
    let known =
        |owner: &Owner| -> Option<String> { owner.user.clone().filter(|u| names.contains_key(u)) };
    let mut contributors: BTreeSet<String> = BTreeSet::new();
    let mut written_questions = 0usize;
    let mut written_answers = 0usize;
    let mut written_ideas = 0usize;
    rows(posts, "posts", |post: PostBody, row| {
        let Some(id) = post.id.and_then(|i| u64::try_from(i).ok()) else {
            return Ok(());
        };
        let body_html = post.body.as_deref().unwrap_or("");
        if let Some(q) = questions.get(&id) {
            let Some(slug) = slug_of.get(&id) else {
                return Ok(());
            };
            let from = if as_ideas {
                links::InFile::Idea
            } else {
                links::InFile::Question
            };
            let local = |href: &str| old_links.local(href, from);
            let options = html_to_md::Options {
                default_lang: tag_language(&q.tags),
                base_url: Some(&base),
                local_link: Some(&local),
            };
            let mut body = html_to_md::convert(body_html, &options);
            let handle = handles_for(&handles, &q.owner);
            let name = author_name(&q.owner);
            if let Some(who) = contributor(&q.owner, name.as_deref()) {
                contributors.insert(who);
            }
            let (license, license_url) = license(q.license, q.asked);
            body.push_str(&format!(
                "\n\n*{} by {} on [{site_name}]({}), licensed under [{license}]({license_url}).*",
                if as_ideas { "Proposed" } else { "Asked" },
                attribution_author(&base, known(&q.owner), name.as_deref()),
                question_source(id)
            ));
            let accepted = q
                .accepted
                .filter(|a| answers.get(a).is_some_and(|ans| ans.parent == id))
                .map(|a| a.to_string());
            let mut aliases = vec![format!("/questions/{id}/")];
            let se = se_slug(&q.title);
            if !se.is_empty() {
                aliases.push(format!("/questions/{id}/{se}/"));
            }
            aliases.push(format!("/q/{id}/"));
            for a in by_question.get(&id).into_iter().flatten() {
                aliases.push(format!("/a/{a}/"));
            }
            let mut extra = vec![("score".to_string(), serde_json::json!(q.score))];
            if let Some(views) = q.views {
                extra.push(("views".to_string(), serde_json::json!(views)));
            }
            if as_ideas {
                let duplicate_of = duplicates.get(&id).and_then(|d| slug_of.get(d)).cloned();
                let status = if duplicate_of.is_some() {
                    Status::Duplicate
                } else {
                    match idea_status(q, import.options) {
                        Ok(Some(status)) => status,
                        Ok(None) => {
                            import
                                .skipped
                                .add("status mapped to `skip`", id.to_string());
                            return Ok(());
                        }
                        Err(e) => return Err(row.error(posts, e)),
                    }
                };
                let tags = import.tags.map_all(
                    q.tags
                        .iter()
                        .filter(|t| !is_status_tag(t, import.options) && *t != FEATURE_REQUEST)
                        .map(String::as_str),
                );
                let closed_note = (q.closed.is_some() && status == Status::Declined)
                    .then(|| format!("Closed on {site_name}"));
                let draft = super::IdeaDraft {
                    source_id: question_source(id),
                    title: q.title.clone(),
                    submitted: q.asked,
                    author: handle,
                    tags,
                    status,
                    votes: q.score,
                    owner: None,
                    status_date: q
                        .closed
                        .filter(|_| matches!(status, Status::Declined | Status::Duplicate)),
                    status_note: closed_note,
                    duplicate_of,
                    aliases,
                    extra,
                    body,
                };
                let mut item = super::finish_idea(draft, &site_name, import.options)
                    .map_err(|e| row.error(posts, e))?;
                item.votes_down = q.score.saturating_neg().max(0);
                written_ideas += 1;
                return import.stage_idea(slug, &item);
            }
            let tags = import.tags.map_all(q.tags.iter().map(String::as_str));
            let item = QuestionItem {
                source_id: question_source(id),
                title: q.title.clone(),
                asked: q.asked,
                asked_by: handle,
                tags,
                accepted,
                duplicate_of: duplicates.get(&id).and_then(|d| slug_of.get(d)).cloned(),
                aliases,
                extra,
                body,
            };
            written_questions += 1;
            import.stage_question(slug, &item)
        } else if let Some(a) = answers.get(&id) {
            let (Some(q), Some(slug)) = (questions.get(&a.parent), slug_of.get(&a.parent)) else {
                return Ok(());
            };
            let local = |href: &str| old_links.local(href, links::InFile::Answer);
            let options = html_to_md::Options {
                default_lang: tag_language(&q.tags),
                base_url: Some(&base),
                local_link: Some(&local),
            };
            let mut body = html_to_md::convert(body_html, &options);
            let name = author_name(&a.owner);
            if let Some(who) = contributor(&a.owner, name.as_deref()) {
                contributors.insert(who);
            }
            let (license, license_url) = license(a.license, a.date);
            body.push_str(&format!(
                "\n\n*Answered by {} on [{site_name}]({base}/a/{id}), licensed under [{license}]({license_url}).*",
                attribution_author(&base, known(&a.owner), name.as_deref()),
            ));
            let item = AnswerItem {
                source_id: format!("{base}/a/{id}"),
                author: handles_for(&handles, &a.owner),
                date: a.date,
                votes: a.score,
                body,
            };
            written_answers += 1;
            import.stage_answer(slug, &question_source(a.parent), &id.to_string(), &item)
        } else {
            Ok(())
        }
    })?;

    // The attribution page.
    let section = import.options.section.trim_matches('/');
    let page_slug = crate::slug::slugify(&format!("attribution {}", site_name.replace('.', " ")));
    let path = if section.is_empty() {
        format!("content/guides/{page_slug}.md")
    } else {
        format!("content/guides/{section}/{page_slug}.md")
    };
    let body = format!(
        "The questions and answers marked \"on {site_name}\" come from [{site_name}]({base}), a site of the Stack Exchange network, and were imported from its public data dump.\n\n\
         Stack Exchange content is licensed under [Creative Commons Attribution-ShareAlike](https://creativecommons.org/licenses/by-sa/4.0/) (CC BY-SA 2.5, 3.0 or 4.0, by the date it was posted). Each imported page names its author, links to the original post and names its license; edits made here are shared under the same license.\n\n\
         Imported: {} by {} contributors.",
        if as_ideas {
            format!("{written_ideas} feature requests (as ideas)")
        } else {
            format!("{written_questions} questions and {written_answers} answers")
        },
        contributors.len()
    );
    let source_id = format!("{base}/");
    let text = page(
        &source_id,
        &format!("Content from {site_name}"),
        &format!("Attribution for the questions and answers imported from {site_name} (CC BY-SA)."),
        &body,
    );
    import.stage_page(PathBuf::from(path), &source_id, &text)
}

/// On a meta site imported `--as ideas`: the questions tagged
/// `feature-request` stay, the other questions and every answer are left out.
fn keep_feature_requests(
    questions: &mut BTreeMap<u64, Question>,
    answers: &mut BTreeMap<u64, Answer>,
    import: &mut Import,
) {
    questions.retain(|id, q| {
        let keep = q.tags.iter().any(|t| t == FEATURE_REQUEST);
        if !keep {
            import
                .skipped
                .add("question not tagged feature-request", id.to_string());
        }
        keep
    });
    for id in answers.keys() {
        import
            .skipped
            .add("answer (ideas carry no answers)", format!("a{id}"));
    }
    answers.clear();
}

/// Whether a tag says a status: `status-…`, or a name `--status-map` maps.
fn is_status_tag(tag: &str, options: &super::Options) -> bool {
    tag.starts_with("status-") || options.status_map.contains_key(tag)
}

/// A feature request's status from its status tags (the furthest along
/// when several); `open` without one, `declined` when it was closed without
/// one. `Ok(None)`: `--status-map` says `skip`.
fn idea_status(q: &Question, options: &super::Options) -> Result<Option<Status>, String> {
    let mut best: Option<Status> = None;
    for tag in q.tags.iter().filter(|t| is_status_tag(t, options)) {
        match super::map_status(tag, &STATUS_TAGS, options)? {
            None => return Ok(None),
            Some(s) if best.is_none_or(|b| status_rank(s) > status_rank(b)) => best = Some(s),
            Some(_) => {}
        }
    }
    Ok(Some(best.unwrap_or(if q.closed.is_some() {
        Status::Declined
    } else {
        Status::Open
    })))
}

/// Who a post counts for on the attribution page: the member id, else the
/// name a deleted account's posts still show (two members with the same
/// name are two contributors; one member's posts are one).
fn contributor(owner: &Owner, name: Option<&str>) -> Option<String> {
    match (&owner.user, name) {
        (Some(user), _) => Some(format!("id {user}")),
        (None, Some(name)) => Some(format!("name {name}")),
        (None, None) => None,
    }
}

fn handles_for(handles: &Handles, owner: &Owner) -> String {
    match &owner.user {
        Some(user) => handles.get(Some(user)),
        None => DELETED_USER.to_string(),
    }
}

/// "[Ann](https://site/users/5)", or the name the dump keeps for a deleted
/// account, or "a deleted user".
fn attribution_author(base: &str, user: Option<String>, name: Option<&str>) -> String {
    match (user.as_deref(), name) {
        (Some(user), Some(name)) if !user.starts_with('-') => {
            format!("[{}]({base}/users/{user})", escape_text(name))
        }
        (_, Some(name)) => escape_text(name),
        _ => "a deleted user".to_string(),
    }
}

/// Whether a body has any text or an image.
fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => return true,
            _ => {}
        }
    }
    html.contains("<img")
}

/// PostLinks type 3: question -> the question it duplicates (the lowest id
/// when several), both in the dump, without cycles.
fn duplicate_links(
    path: &Path,
    questions: &BTreeMap<u64, Question>,
    import: &mut Import,
) -> Result<BTreeMap<u64, u64>, Error> {
    let mut links: BTreeMap<u64, u64> = BTreeMap::new();
    let mut skipped = Vec::new();
    rows(path, "postlinks", |link: LinkRow, row| {
        if link.link_type_id != Some(3) {
            return Ok(());
        }
        let from = link.post_id.and_then(|i| u64::try_from(i).ok());
        let to = link.related_post_id.and_then(|i| u64::try_from(i).ok());
        let (Some(from), Some(to)) = (from, to) else {
            return Err(row.error(path, "the link has no PostId or RelatedPostId"));
        };
        if from == to || !questions.contains_key(&from) || !questions.contains_key(&to) {
            skipped.push(format!("{from}->{to}"));
            return Ok(());
        }
        let slot = links.entry(from).or_insert(to);
        *slot = (*slot).min(to);
        Ok(())
    })?;
    for s in skipped {
        import
            .skipped
            .add("duplicate link to a post not in the dump", s);
    }
    // break cycles: drop the link of the lowest id on each cycle
    let ids: Vec<u64> = links.keys().copied().collect();
    for start in ids {
        let mut seen = BTreeSet::from([start]);
        let mut at = start;
        while let Some(next) = links.get(&at).copied() {
            if next == start {
                links.remove(&start);
                import.skipped.add(
                    "duplicate link that closes a cycle",
                    format!("{start}->{next}"),
                );
                break;
            }
            if !seen.insert(next) {
                break;
            }
            at = next;
        }
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::posts::split_tags;
    use super::*;

    #[test]
    fn stack_exchange_url_slugs() {
        assert_eq!(se_slug("How do I boil an egg?"), "how-do-i-boil-an-egg");
        assert_eq!(se_slug("Crème brûlée, or flan"), "creme-brulee-or-flan");
        assert_eq!(se_slug("Почему?"), "");
    }

    #[test]
    fn tags_old_and_new_formats() {
        assert_eq!(split_tags("<c#><.net>"), ["c#", ".net"]);
        assert_eq!(split_tags("|eggs|boiling|"), ["eggs", "boiling"]);
    }

    #[test]
    fn license_by_field_then_by_date() {
        let d = |s| crate::clock::parse_date(s).unwrap();
        assert_eq!(
            license(Some("CC BY-SA 3.0"), d("2020-01-01")).0,
            "CC BY-SA 3.0"
        );
        assert_eq!(license(None, d("2010-01-01")).0, "CC BY-SA 2.5");
        assert_eq!(license(None, d("2015-01-01")).0, "CC BY-SA 3.0");
        assert_eq!(license(None, d("2019-01-01")).0, "CC BY-SA 4.0");
    }
}
