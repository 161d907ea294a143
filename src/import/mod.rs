//! `townhall import`: another platform's export -> townhall files.
//!
//! Each source module reads its export and hands finished files to the
//! [`Writer`], which decides per file whether it is new, unchanged, an
//! update of an earlier import or a conflict with a file a person wrote,
//! stages new text in a folder under the site root, and moves everything into
//! place only once the whole export has been read without error. Malformed
//! input therefore leaves the site exactly as it was.
//!
//! How an earlier import is recognised: every imported file carries
//! `extra.imported_from` (the source and its id, e.g. `stackexchange:q123`)
//! and `extra.import_digest`, a hash of the text import wrote. On a later
//! import, a file with the same `imported_from` is
//! - unchanged when the new text hashes to the stored digest (even if
//!   someone has edited it since: their edit is kept),
//! - updated when the new text differs and the file still hashes to its
//!   digest (nobody edited it),
//! - a conflict when both changed.
//!
//! Any other existing file at a path import wants is a conflict.

pub(crate) mod canny;
pub(crate) mod de;
pub(crate) mod discourse;
pub(crate) mod fider;
pub(crate) mod github;
pub(crate) mod html_to_md;
pub(crate) mod items;
mod md_text;
pub(crate) mod names;
pub(crate) mod stackexchange;
pub(crate) mod writer;

pub(crate) use items::{AnswerItem, IdeaItem, QuestionItem};
pub(crate) use names::TagMapper;
pub(crate) use writer::{Kind, Outcome, Writer};

use std::fmt;
use std::path::{Path, PathBuf};

/// The settings of one import, validated by the command.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// The old site's address (`https://cooking.stackexchange.com`), for
    /// attribution links.
    pub source_url: Option<String>,
    /// Guides section folder for the attribution page ("" = guides root).
    pub section: String,
    /// Owner for ideas whose status needs one when the export names none.
    pub owner: Option<String>,
    /// Status names of the source -> townhall status names, from `--status-map`.
    pub status_map: std::collections::BTreeMap<String, String>,
    /// Discourse / GitHub category whose topics become ideas.
    pub ideas_category: Option<String>,
    /// Stack Exchange: import a meta site's feature requests as ideas.
    pub as_ideas: bool,
}

/// Bad input: the file, the record in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error {
    pub file: PathBuf,
    /// "line 12", "row Id=123", "record 4 (line 5)", … when known.
    pub record: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Error {
    pub(crate) fn new(file: &Path, message: impl Into<String>) -> Error {
        Error {
            file: file.to_path_buf(),
            record: None,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn at(mut self, record: impl Into<String>) -> Error {
        self.record = Some(record.into());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(record) = &self.record {
            write!(f, ": {record}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Items of the export left out, with why.
#[derive(Debug, Default)]
pub(crate) struct Skipped {
    /// reason -> source ids
    pub by_reason: std::collections::BTreeMap<String, Vec<String>>,
}

impl Skipped {
    pub(crate) fn add(&mut self, reason: &str, id: impl Into<String>) {
        self.by_reason
            .entry(reason.to_string())
            .or_default()
            .push(id.into());
    }

    pub(crate) fn total(&self) -> usize {
        self.by_reason.values().map(Vec::len).sum()
    }
}

/// The shared state a source fills in.
pub(crate) struct Import<'a> {
    pub root: &'a Path,
    pub options: &'a Options,
    pub writer: Writer,
    pub tags: TagMapper,
    pub skipped: Skipped,
}

impl Import<'_> {
    /// Stages an imported idea as `ideas/<slug>.md`.
    pub(crate) fn stage_idea(&mut self, slug: &str, item: &IdeaItem) -> Result<(), Error> {
        let path = PathBuf::from(format!("ideas/{slug}.md"));
        self.stage(
            path,
            Kind::Idea,
            &item.source_id,
            &item.source_id,
            &item.render(),
        )
    }

    /// Stages an imported question as `content/questions/<slug>/index.md`;
    /// its answers ([`Import::stage_answer`]) are written or held back with it.
    pub(crate) fn stage_question(&mut self, slug: &str, item: &QuestionItem) -> Result<(), Error> {
        let path = PathBuf::from(format!("content/questions/{slug}/index.md"));
        let text = item.render();
        self.stage(
            path,
            Kind::Question,
            &item.source_id,
            &item.source_id,
            &text,
        )
    }

    /// Stages an answer as `content/questions/<slug>/answers/<name>.md`,
    /// in the group of its question (`question` is the question's source id).
    pub(crate) fn stage_answer(
        &mut self,
        slug: &str,
        question: &str,
        name: &str,
        item: &AnswerItem,
    ) -> Result<(), Error> {
        let path = PathBuf::from(format!("content/questions/{slug}/answers/{name}.md"));
        self.stage(
            path,
            Kind::Answer,
            question,
            &item.source_id,
            &item.render(),
        )
    }

    /// Stages a guide page (`path` relative to the site root) on its own.
    pub(crate) fn stage_page(
        &mut self,
        path: PathBuf,
        source_id: &str,
        text: &str,
    ) -> Result<(), Error> {
        self.stage(path, Kind::Page, source_id, source_id, text)
    }

    fn stage(
        &mut self,
        path: PathBuf,
        kind: Kind,
        group: &str,
        source_id: &str,
        text: &str,
    ) -> Result<(), Error> {
        self.writer
            .add(path, kind, group, source_id, text)
            .map_err(|e| Error::new(self.root, format!("cannot stage the files: {e}")))
    }
}

/// `--source-url` must be an absolute `http(s)://host…` address: every
/// attribution link, alias target and `imported_from` id is built from it,
/// so a bare host name would write thousands of broken links (and ids that
/// conflict with a later import under the right address).
pub(crate) fn check_source_url(url: &str) -> Result<(), String> {
    let trimmed = url.trim();
    let rest = trimmed.split_once("://").and_then(|(scheme, rest)| {
        matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https").then_some(rest)
    });
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(()),
        Some(_) => Err(format!("--source-url `{url}` has no host name")),
        None => {
            let bare = trimmed
                .split_once("://")
                .map_or(trimmed, |(_, r)| r)
                .trim_start_matches('/');
            Err(format!(
                "--source-url `{url}` is not an http(s) address\n  = help: write the scheme too, e.g. --source-url https://{bare}"
            ))
        }
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms.
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The inputs named on the command line, with folders expanded to the files
/// in them and their subfolders (sorted), so `townhall import stackexchange
/// dump/` works.
pub(crate) fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                let entry =
                    entry.map_err(|e| Error::new(input, format!("cannot read the folder: {e}")))?;
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if entry.file_type().is_file() && !hidden {
                    files.push(entry.into_path());
                }
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(Error::new(input, "no such file or folder"));
        }
    }
    Ok(files)
}

/// `YYYY-MM-DD` from the start of a timestamp (`2009-07-28T08:31:44.793`,
/// `2021-03-04T10:00:00Z`, `2021-03-04 10:00:00`).
pub(crate) fn date_of(text: &str) -> Option<crate::clock::Date> {
    crate::clock::parse_date(text.trim().get(..10)?)
}

/// What a feedback board says about one idea, before the workflow rules
/// fill in what townhall requires.
pub(crate) struct IdeaDraft {
    pub source_id: String,
    pub title: String,
    pub submitted: crate::clock::Date,
    pub author: String,
    pub tags: Vec<String>,
    pub status: crate::parse::Status,
    pub votes: i64,
    pub owner: Option<String>,
    /// When the current status was set, and the board's note about it.
    pub status_date: Option<crate::clock::Date>,
    pub status_note: Option<String>,
    pub duplicate_of: Option<String>,
    pub aliases: Vec<String>,
    pub extra: Vec<(String, serde_json::Value)>,
    pub body: String,
}

/// The idea file for a draft: `owner` from the board or `--owner` when the
/// status needs one, `release` "not recorded in `<board>`" for shipped ideas
/// (boards do not record releases), and a history that follows the
/// workflow: the submission, then the current status on the date it was
/// set when the board records it and the step is one the workflow allows
/// from `open`; otherwise the current status alone.
pub(crate) fn finish_idea(
    draft: IdeaDraft,
    board: &str,
    options: &Options,
) -> Result<IdeaItem, String> {
    use crate::parse::Status;
    let status = draft.status;
    let owner = if status.needs_owner() {
        match draft.owner.or_else(|| options.owner.clone()) {
            Some(owner) => Some(owner),
            None => {
                return Err(format!(
                    "the idea is `{}` but {board} names no owner; pass --owner HANDLE",
                    status.as_str()
                ))
            }
        }
    } else {
        draft.owner.filter(|_| status == Status::UnderReview)
    };
    let release = (status == Status::Shipped).then(|| format!("not recorded in {board}"));
    let submitted_note = format!("Submitted on {board}");
    let note = draft
        .status_note
        .as_deref()
        .map(first_line)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("Marked {} on {board}", status.label().to_lowercase()));
    let date = draft.status_date.map(|d| d.max(draft.submitted));
    let history = match (status, date) {
        (Status::Open, _) => vec![(draft.submitted, Status::Open, submitted_note)],
        (s, Some(d)) if Status::Open.can_move_to(s) => vec![
            (draft.submitted, Status::Open, submitted_note),
            (d, s, note),
        ],
        (s, Some(d)) => vec![(d, s, note)],
        (_, None) => Vec::new(),
    };
    Ok(IdeaItem {
        source_id: draft.source_id,
        title: draft.title,
        submitted: draft.submitted,
        author: draft.author,
        tags: draft.tags,
        status,
        votes_up: draft.votes.max(0),
        votes_down: 0,
        owner,
        release,
        duplicate_of: draft.duplicate_of,
        history,
        aliases: draft.aliases,
        extra: draft.extra,
        body: draft.body,
    })
}

/// A board's note cut to its first line, at most 200 characters.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() > 200 {
        let cut: String = line.chars().take(199).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

/// A board's status name -> townhall's, through `--status-map` first, then
/// the source's built-in table. `Ok(None)`: the map says `skip`.
pub(crate) fn map_status(
    name: &str,
    table: &[(&str, crate::parse::Status)],
    options: &Options,
) -> Result<Option<crate::parse::Status>, String> {
    let key = name.trim();
    let mapped = options
        .status_map
        .get(key)
        .or_else(|| options.status_map.get(&key.to_lowercase()));
    if let Some(to) = mapped {
        if to == "skip" {
            return Ok(None);
        }
        return crate::parse::Status::parse(to).map(Some).ok_or_else(|| {
            format!("--status-map maps `{key}` to `{to}`, which is not a townhall status")
        });
    }
    let lower = key.to_lowercase();
    table
        .iter()
        .find(|(from, _)| *from == lower)
        .map(|(_, s)| Some(*s))
        .ok_or_else(|| {
            let known: Vec<&str> = table.iter().map(|(f, _)| *f).collect();
            format!(
                "unknown status `{key}` (known: {}); map it with --status-map",
                known.join(", ")
            )
        })
}

/// The summary table, skipped items and taxonomy additions, as printed.
pub(crate) fn summary(state: &Import, dry_run: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let counts = state.writer.counts();
    let _ = writeln!(
        out,
        "{:<10} {:>7} {:>7} {:>9} {:>8} {:>9}",
        "", "new", "updated", "unchanged", "conflict", "held back"
    );
    for kind in Kind::ALL {
        let Some(row) = counts.get(&kind) else {
            continue;
        };
        let [new, updated, unchanged, conflict, held] = *row;
        let _ = writeln!(
            out,
            "{:<10} {new:>7} {updated:>7} {unchanged:>9} {conflict:>8} {held:>9}",
            kind.plural()
        );
    }
    if state.skipped.total() > 0 {
        let n = state.skipped.total();
        let _ = writeln!(
            out,
            "skipped {n} item{} of the export:",
            if n == 1 { "" } else { "s" }
        );
        for (reason, ids) in &state.skipped.by_reason {
            let shown: Vec<&str> = ids.iter().take(5).map(String::as_str).collect();
            let more = if ids.len() > 5 { ", …" } else { "" };
            let _ = writeln!(
                out,
                "  {}: {} ({}{more})",
                reason,
                ids.len(),
                shown.join(", ")
            );
        }
    }
    if !state.tags.added.is_empty() {
        let tags: Vec<&str> = state.tags.added.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "site.toml: {} {} tag{} to the taxonomy: {}",
            if dry_run { "would add" } else { "adds" },
            tags.len(),
            if tags.len() == 1 { "" } else { "s" },
            tags.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::check_source_url;

    #[test]
    fn source_urls_need_a_scheme_and_a_host() {
        assert!(check_source_url("https://cooking.stackexchange.com").is_ok());
        assert!(check_source_url("http://forum.example.com/").is_ok());
        let bare = check_source_url("cooking.stackexchange.com").unwrap_err();
        assert!(
            bare.contains("e.g. --source-url https://cooking.stackexchange.com"),
            "{bare}"
        );
        assert!(check_source_url("ftp://x.test").is_err());
        assert!(check_source_url("//x.test").is_err());
        assert!(check_source_url("https://").is_err());
        assert!(check_source_url("https:// x").is_err());
    }
}
