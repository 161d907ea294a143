//! Curated Q&A: `content/questions/<slug>/index.md` is the question, and
//! each `answers/<id>.md` one answer (a new answer is a new file, so two
//! answers never conflict in a merge).

use super::front_matter::FrontMatter;
use super::markdown::Markdown;
use crate::clock::Date;
use crate::diag::{Code, Diagnostic, Span};
use std::path::PathBuf;

pub(crate) const QUESTION_KEYS: &[&str] = &[
    "title",
    "asked",
    "asked_by",
    "tags",
    "accepted",
    "duplicate_of",
    "aliases",
    "extra",
];
pub(crate) const ANSWER_KEYS: &[&str] = &["author", "date", "votes", "extra"];

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub path: PathBuf,
    pub slug: String,
    pub title: String,
    pub asked: Date,
    pub asked_by: String,
    pub tags: Vec<(String, Span)>,
    pub accepted: Option<(String, Span)>,
    pub duplicate_of: Option<(String, Span)>,
    /// Old URLs that redirect here (e.g. the page's address before an import).
    pub aliases: Vec<(String, Span)>,
    #[serde(with = "super::json_text")]
    pub extra: serde_json::Value,
    pub body: Markdown,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    pub path: PathBuf,
    /// The folder name of the question it answers.
    pub question: String,
    /// The file stem: the answer's stable id.
    pub id: String,
    pub author: String,
    pub date: Date,
    pub date_span: Span,
    pub votes: i64,
    #[serde(with = "super::json_text")]
    pub extra: serde_json::Value,
    pub body: Markdown,
}

pub(crate) fn question(
    mut fm: FrontMatter,
    slug: String,
    body: Markdown,
) -> (Option<Question>, FrontMatter) {
    fm.check_keys(QUESTION_KEYS);
    let title = fm.required_string("title");
    let asked = fm.required_date("asked");
    let asked_by = fm.required_string("asked_by");
    let tags = fm.strings("tags");
    let accepted = fm.string("accepted").map(|a| {
        let span = fm.value_span("accepted", &a);
        (a, span)
    });
    let duplicate_of = fm.string("duplicate_of").map(|d| {
        let span = fm.value_span("duplicate_of", &d);
        (d, span)
    });
    let aliases = fm.strings("aliases");
    let extra = fm.extra();
    let (Some(title), Some(asked), Some(asked_by)) = (title, asked, asked_by) else {
        return (None, fm);
    };
    let question = Question {
        path: fm.path().to_path_buf(),
        slug,
        title,
        asked,
        asked_by,
        tags,
        accepted,
        duplicate_of,
        aliases,
        extra,
        body,
    };
    (Some(question), fm)
}

pub(crate) fn answer(
    mut fm: FrontMatter,
    question: String,
    id: String,
    body: Markdown,
) -> (Option<Answer>, FrontMatter) {
    fm.check_keys(ANSWER_KEYS);
    let author = fm.required_string("author");
    let date_span = fm.key_span("date");
    let date = fm.required_date("date");
    let votes = fm.int("votes").unwrap_or(0);
    let extra = fm.extra();
    if body.text_or_empty().trim().is_empty() {
        let line = fm.key_span("author").line;
        fm.push(
            Diagnostic::error(Code::EMPTY_BODY, fm.path(), "this answer has no text")
                .at(Span::new(line, 1, 3))
                .hint("write the answer below the closing `---` line, or delete the file"),
        );
        return (None, fm);
    }
    let (Some(author), Some(date)) = (author, date) else {
        return (None, fm);
    };
    let answer = Answer {
        path: fm.path().to_path_buf(),
        question,
        id,
        author,
        date,
        date_span,
        votes,
        extra,
        body,
    };
    (Some(answer), fm)
}
