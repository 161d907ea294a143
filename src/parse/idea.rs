//! Ideas (`ideas/<slug>.md`): a community member's proposal, its votes and
//! its public status. Checks that need only the file itself happen here;
//! cross-file checks (duplicates) and the vote rule live in `resolve`.

use super::front_matter::{kind, scalar_string, FrontMatter};
use super::markdown::Markdown;
use crate::clock::{parse_date, Date};
use crate::diag::{Code, Diagnostic, Span};
pub(crate) use crate::ideas::status::transition_error;
pub use crate::ideas::status::Status;
use serde_yaml_ng::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub(crate) const IDEA_KEYS: &[&str] = &[
    "title",
    "submitted",
    "author",
    "tags",
    "status",
    "votes",
    "voters",
    "owner",
    "release",
    "duplicate_of",
    "history",
    "aliases",
    "extra",
];

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    pub date: Date,
    pub status: Status,
    pub note: String,
    pub span: Span,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Idea {
    pub path: PathBuf,
    pub slug: String,
    pub title: String,
    pub submitted: Date,
    pub author: String,
    pub tags: Vec<(String, Span)>,
    pub status: Status,
    pub status_span: Span,
    pub votes_up: i64,
    pub votes_down: i64,
    pub voters_up: Vec<(String, Span)>,
    pub voters_down: Vec<(String, Span)>,
    pub owner: Option<String>,
    pub release: Option<String>,
    pub duplicate_of: Option<(String, Span)>,
    pub history: Vec<HistoryEntry>,
    /// Old URLs that redirect here (a merged duplicate, an imported page).
    pub aliases: Vec<(String, Span)>,
    #[serde(with = "super::json_text")]
    pub extra: serde_json::Value,
    pub body: Markdown,
}

impl Idea {
    pub fn up(&self) -> i64 {
        self.votes_up.saturating_add(self.voters_up.len() as i64)
    }

    pub fn down(&self) -> i64 {
        self.votes_down
            .saturating_add(self.voters_down.len() as i64)
    }

    /// Net votes: (votes.up + voters.up) − (votes.down + voters.down).
    pub fn net(&self) -> i64 {
        self.up().saturating_sub(self.down())
    }
}

pub(crate) fn idea(
    mut fm: FrontMatter,
    slug: String,
    body: Markdown,
) -> (Option<Idea>, FrontMatter) {
    fm.check_keys(IDEA_KEYS);
    let title = fm.required_string("title");
    let submitted = fm.required_date("submitted");
    let author = fm.required_string("author");
    let tags = fm.strings("tags");
    let status_span = fm.key_span("status");
    let status_names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let status = fm
        .choice("status", &status_names)
        .and_then(|s| Status::parse(&s));
    if !fm.has("status") {
        fm.require("status", "open");
    }
    let (votes_up, votes_down) = counts(&mut fm, "votes");
    let (voters_up, voters_down) = voters(&mut fm);
    let owner = fm.string("owner").filter(|s| !s.trim().is_empty());
    let release = fm.string("release").filter(|s| !s.trim().is_empty());
    let duplicate_of = fm.string("duplicate_of").map(|d| {
        let span = fm.value_span("duplicate_of", &d);
        (d, span)
    });
    let history = history(&mut fm);
    let aliases = fm.strings("aliases");
    let extra = fm.extra();

    let (Some(title), Some(submitted), Some(author), Some(status)) =
        (title, submitted, author, status)
    else {
        return (None, fm);
    };
    let idea = Idea {
        path: fm.path().to_path_buf(),
        slug,
        title,
        submitted,
        author,
        tags,
        status,
        status_span,
        votes_up,
        votes_down,
        voters_up,
        voters_down,
        owner,
        release,
        duplicate_of,
        history,
        aliases,
        extra,
        body,
    };
    check(&idea, &mut fm);
    (Some(idea), fm)
}

fn counts(fm: &mut FrontMatter, key: &str) -> (i64, i64) {
    let Some(value) = fm.raw(key).cloned() else {
        return (0, 0);
    };
    let Value::Mapping(map) = &value else {
        fm.wrong(
            key,
            format!(
                "`{key}` must be a map like `{{up: 10, down: 2}}`, found {}",
                kind(&value)
            ),
            "write `votes: {up: 10, down: 2}`",
        );
        return (0, 0);
    };
    let mut up = 0;
    let mut down = 0;
    for (k, v) in map {
        match (k.as_str(), v.as_i64()) {
            (Some("up"), Some(n)) if n >= 0 => up = n,
            (Some("down"), Some(n)) if n >= 0 => down = n,
            (Some("up" | "down"), _) => fm.wrong(
                key,
                format!("`{key}` counts must be whole numbers of at least 0"),
                "write `votes: {up: 10, down: 2}`",
            ),
            (other, _) => fm.wrong(
                key,
                format!("`{key}` has an unknown entry `{}`", other.unwrap_or("?")),
                "only `up` and `down` are allowed",
            ),
        }
    }
    (up, down)
}

type Handles = Vec<(String, Span)>;

fn voters(fm: &mut FrontMatter) -> (Handles, Handles) {
    let Some(value) = fm.raw("voters").cloned() else {
        return (Vec::new(), Vec::new());
    };
    let Value::Mapping(map) = &value else {
        fm.wrong(
            "voters",
            format!(
                "`voters` must be a map with `up` and `down` lists, found {}",
                kind(&value)
            ),
            "write `voters: {up: [alice, bob], down: []}`",
        );
        return (Vec::new(), Vec::new());
    };
    let mut up = Vec::new();
    let mut down = Vec::new();
    for (k, v) in map {
        let list = match k.as_str() {
            Some("up") => &mut up,
            Some("down") => &mut down,
            other => {
                fm.wrong(
                    "voters",
                    format!("`voters` has an unknown entry `{}`", other.unwrap_or("?")),
                    "only `up` and `down` are allowed",
                );
                continue;
            }
        };
        let handles: Option<Vec<String>> = match v {
            Value::Sequence(seq) => seq.iter().map(scalar_string).collect(),
            Value::Null => Some(Vec::new()),
            _ => None,
        };
        match handles {
            Some(handles) => list.extend(handles),
            None => fm.wrong(
                "voters",
                "`voters` lists must hold handles".into(),
                "write `voters: {up: [alice, bob]}`",
            ),
        }
    }
    // Spans: each handle's line, searched in order so repeats get their own line.
    let mut cursor: BTreeMap<String, usize> = BTreeMap::new();
    let mut place = |handles: Vec<String>| -> Handles {
        handles
            .into_iter()
            .map(|h| {
                let nth = cursor.entry(h.clone()).or_insert(0);
                let span = fm.nth_value_span("voters", &h, *nth);
                *nth += 1;
                (h, span)
            })
            .collect()
    };
    let up = place(up);
    let down = place(down);
    (up, down)
}

fn history(fm: &mut FrontMatter) -> Vec<HistoryEntry> {
    let Some(value) = fm.raw("history").cloned() else {
        return Vec::new();
    };
    let Value::Sequence(items) = &value else {
        fm.wrong(
            "history",
            format!("`history` must be a list, found {}", kind(&value)),
            "write `history: [{date: 2026-01-05, status: open, note: Submitted}]`",
        );
        return Vec::new();
    };
    let key_line = fm.key_span("history").line;
    let mut entries = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let span = fm.nth_value_span("history", "date", index);
        let span = if span.line < key_line {
            Span::new(key_line, 1, 7)
        } else {
            span
        };
        let Value::Mapping(map) = item else {
            fm.push(
                Diagnostic::error(
                    Code::BAD_VALUE,
                    fm.path(),
                    "each `history` entry must be a map with date, status and note",
                )
                .at(span),
            );
            continue;
        };
        let get = |k: &str| map.get(k).and_then(scalar_string);
        for key in map.keys() {
            if !matches!(key.as_str(), Some("date" | "status" | "note")) {
                let name = key.as_str().unwrap_or("?").to_string();
                fm.push(
                    Diagnostic::error(
                        Code::UNKNOWN_KEY,
                        fm.path(),
                        format!("unknown `history` key `{name}`"),
                    )
                    .at(span)
                    .hint("history entries have `date`, `status` and `note`"),
                );
            }
        }
        let date = get("date").as_deref().and_then(parse_date);
        let status = get("status").as_deref().and_then(Status::parse);
        if date.is_none() {
            fm.push(
                Diagnostic::error(
                    Code::BAD_DATE,
                    fm.path(),
                    format!("history entry {} has no valid `date`", index + 1),
                )
                .at(span)
                .hint("write dates as YYYY-MM-DD"),
            );
        }
        if status.is_none() {
            fm.push(
                Diagnostic::error(Code::BAD_VALUE, fm.path(), format!("history entry {} has no valid `status`", index + 1))
                    .at(span)
                    .hint("one of: open, under-review, planned, in-progress, shipped, declined, archived, duplicate"),
            );
        }
        if let (Some(date), Some(status)) = (date, status) {
            entries.push(HistoryEntry {
                date,
                status,
                note: get("note").unwrap_or_default(),
                span,
            });
        }
    }
    entries
}

/// The per-file rules: one vote per handle, fields each status requires,
/// and a history that ascends, follows the workflow and ends at `status`.
fn check(idea: &Idea, fm: &mut FrontMatter) {
    let path = idea.path.clone();
    let mut seen: BTreeMap<&str, (&str, Span)> = BTreeMap::new();
    let all = idea
        .voters_up
        .iter()
        .map(|v| ("up", v))
        .chain(idea.voters_down.iter().map(|v| ("down", v)));
    for (side, (handle, span)) in all {
        let key = handle.trim_start_matches('@');
        if let Some((first_side, first_span)) = seen.get(key) {
            fm.push(
                Diagnostic::error(
                    Code::IDEA_VOTER_TWICE,
                    &path,
                    format!(
                        "`{handle}` votes more than once on this idea ({first_side} and {side})"
                    ),
                )
                .at(*span)
                .related(&path, *first_span, "first vote here")
                .hint("one vote per handle: remove one of the two entries"),
            );
        } else {
            seen.insert(key, (side, *span));
        }
    }
    let status_span = idea.status_span;
    let require = |present: bool, field: &str, why: &str, fm: &mut FrontMatter| {
        if !present {
            fm.push(
                Diagnostic::error(
                    Code::IDEA_FIELD_REQUIRED,
                    &path,
                    format!("an idea that is `{}` needs `{field}`", idea.status.as_str()),
                )
                .at(status_span)
                .hint(why.to_string()),
            );
        }
    };
    if idea.status.needs_owner() {
        require(
            idea.owner.is_some(),
            "owner",
            "add `owner: <handle>`: the product person who owns it",
            fm,
        );
    }
    if idea.status == Status::Shipped {
        require(
            idea.release.is_some(),
            "release",
            "add `release: <version>`: the release that shipped it",
            fm,
        );
    }
    if idea.status == Status::Duplicate {
        require(
            idea.duplicate_of.is_some(),
            "duplicate_of",
            "add `duplicate_of: <slug>` naming the idea it duplicates",
            fm,
        );
    }
    if idea.status == Status::UnderReview && idea.owner.is_none() {
        fm.push(
            Diagnostic::warning(
                Code::IDEA_NO_OWNER,
                &path,
                "this idea is under review but has no owner yet",
            )
            .at(status_span)
            .hint("assign `owner:` when a product person takes it on"),
        );
    }
    for pair in idea.history.windows(2) {
        let [before, after] = pair else { continue };
        if after.date < before.date {
            fm.push(
                Diagnostic::warning(
                    Code::IDEA_HISTORY,
                    &path,
                    format!(
                        "history goes back in time: {} comes after {}",
                        after.date, before.date
                    ),
                )
                .at(after.span)
                .hint("list history entries oldest first"),
            );
        }
        let resubmitted = before.status == Status::Archived
            && after.status == Status::Open
            && after.date == idea.submitted;
        if before.status != after.status && !before.status.can_move_to(after.status)
            || (before.status == Status::Archived && !resubmitted)
        {
            // The timeline is history: a skipped step is published with a warning
            // (`check` treats it as an error), never blocks a build.
            let mut d = transition_error(
                &path,
                after.span,
                before.status,
                after.status,
                idea.submitted,
            );
            d.severity = crate::diag::Severity::Warning;
            fm.push(d);
        }
    }
    if let Some(last) = idea.history.last() {
        if last.status != idea.status {
            fm.push(
                Diagnostic::warning(
                    Code::IDEA_HISTORY,
                    &path,
                    format!(
                        "the last history entry says `{}` but the idea's status is `{}`",
                        last.status.as_str(),
                        idea.status.as_str()
                    ),
                )
                .at(last.span)
                .hint("add a history entry for the current status"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_and_forbidden_transition() {
        use Status::*;
        let allowed = [
            (Open, UnderReview),
            (Open, Archived),
            (Open, Declined),
            (Open, Duplicate),
            (UnderReview, Planned),
            (UnderReview, Declined),
            (UnderReview, Duplicate),
            (Planned, InProgress),
            (Planned, Declined),
            (InProgress, Shipped),
            (InProgress, Planned),
            (Archived, Open),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn status_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("Open"), None);
    }
}
