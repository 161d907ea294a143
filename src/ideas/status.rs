//! The status machine of an idea: the public statuses, which moves between
//! them the workflow allows, and the diagnostic for a move it does not.
//! It is part of the content model (status values are front-matter values),
//! so the parser uses it; the vote rule (`rule`) builds on it.

use crate::clock::Date;
use crate::diag::{Code, Diagnostic, Span};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Open,
    UnderReview,
    Planned,
    InProgress,
    Shipped,
    Declined,
    Archived,
    Duplicate,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Open,
        Status::UnderReview,
        Status::Planned,
        Status::InProgress,
        Status::Shipped,
        Status::Declined,
        Status::Archived,
        Status::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::UnderReview => "under-review",
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Shipped => "shipped",
            Status::Declined => "declined",
            Status::Archived => "archived",
            Status::Duplicate => "duplicate",
        }
    }

    /// The key of the status's words in a theme's interface text:
    /// `status_under_review` for its name, and with `suffix` `_meaning`
    /// for what it means.
    pub fn text_key(self, suffix: &str) -> String {
        format!("status_{}{suffix}", self.as_str().replace('-', "_"))
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open for votes",
            Status::UnderReview => "Under review",
            Status::Planned => "Planned",
            Status::InProgress => "In progress",
            Status::Shipped => "Shipped",
            Status::Declined => "Declined",
            Status::Archived => "Archived",
            Status::Duplicate => "Duplicate",
        }
    }

    /// What the status means, in plain words, for the idea's page.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Open => "The community is voting on this idea. If it reaches the vote threshold within its voting window, the product team reviews it.",
            Status::UnderReview => "This idea reached the vote threshold. The product team is reviewing it and will decide whether to plan it.",
            Status::Planned => "The product team has decided to build this idea. Work has not started yet.",
            Status::InProgress => "This idea is being built right now.",
            Status::Shipped => "This idea has been built and released.",
            Status::Declined => "The product team decided not to build this idea. The history below explains why.",
            Status::Archived => "Voting closed before this idea reached the threshold. Its author may submit it again.",
            Status::Duplicate => "This idea is the same as another one; its votes count there.",
        }
    }

    /// The statuses an idea may move to from this one (the public workflow).
    /// `archived -> open` is allowed only as a new submission.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::Open => &[
                Status::UnderReview,
                Status::Archived,
                Status::Declined,
                Status::Duplicate,
            ],
            Status::UnderReview => &[Status::Planned, Status::Declined, Status::Duplicate],
            Status::Planned => &[Status::InProgress, Status::Declined],
            Status::InProgress => &[Status::Shipped, Status::Planned],
            Status::Archived => &[Status::Open],
            Status::Shipped | Status::Declined | Status::Duplicate => &[],
        }
    }

    pub fn can_move_to(self, to: Status) -> bool {
        self.next().contains(&to)
    }

    /// `owner` is required from `planned` on.
    pub fn needs_owner(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress | Status::Shipped)
    }
}

pub(crate) fn transition_error(
    path: &std::path::Path,
    span: Span,
    from: Status,
    to: Status,
    _submitted: Date,
) -> Diagnostic {
    let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
    let hint = if from == Status::Archived {
        "an archived idea reopens only as a new submission: set `submitted` to the date of the new `open` entry".to_string()
    } else if allowed.is_empty() {
        format!("`{}` is final", from.as_str())
    } else {
        format!(
            "from `{}` an idea may move to: {}",
            from.as_str(),
            allowed.join(", ")
        )
    };
    Diagnostic::error(
        Code::IDEA_TRANSITION,
        path,
        format!(
            "`{}` → `{}` is not an allowed status change",
            from.as_str(),
            to.as_str()
        ),
    )
    .at(span)
    .hint(hint)
}
