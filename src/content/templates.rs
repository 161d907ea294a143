//! The text of a new file of each kind: what `townhall new` writes and
//! what the site's "ask a question", "answer" and "propose an idea" links
//! prefill. Each ends with a placeholder line that `check` refuses to
//! publish until it is replaced.

use crate::clock::Date;

pub(crate) const GUIDE_PLACEHOLDER: &str = "Write the guide here.";
pub(crate) const QUESTION_PLACEHOLDER: &str = "Describe the question here.";
pub(crate) const ANSWER_PLACEHOLDER: &str = "Write your answer here.";
pub(crate) const IDEA_PLACEHOLDER: &str = "Describe the problem this idea solves, and for whom.";

/// Every placeholder line a new file may still hold.
pub(crate) const PLACEHOLDERS: [&str; 4] = [
    GUIDE_PLACEHOLDER,
    QUESTION_PLACEHOLDER,
    ANSWER_PLACEHOLDER,
    IDEA_PLACEHOLDER,
];

/// A YAML scalar for a value typed by a person (quoted), or nothing for a
/// value the contributor fills in (`title: ` in a prefilled link).
fn scalar(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

pub(crate) fn section_index(title: &str) -> String {
    format!("---\ntitle: {}\ndescription: \"\"\n---\n", scalar(title))
}

pub(crate) fn guide(title: &str, author: &str) -> String {
    format!(
        "---\ntitle: {}\ndescription: \"\"\ntags: []\nauthors: [{}]\n---\n{GUIDE_PLACEHOLDER}\n\n## First step\n",
        scalar(title),
        scalar(author)
    )
}

pub(crate) fn question(title: &str, asked_by: &str, asked: Date, body: &str) -> String {
    format!(
        "---\ntitle: {}\nasked: {asked}\nasked_by: {}\ntags: []\n---\n{body}\n",
        scalar(title),
        scalar(asked_by)
    )
}

pub(crate) fn answer(author: &str, date: Date, body: &str) -> String {
    format!(
        "---\nauthor: {}\ndate: {date}\nvotes: 0\n---\n{body}\n",
        scalar(author)
    )
}

pub(crate) fn idea(title: &str, author: &str, submitted: Date, body: &str) -> String {
    format!(
        "---\ntitle: {}\nsubmitted: {submitted}\nauthor: {}\ntags: []\nstatus: open\nhistory:\n  - {{date: {submitted}, status: open, note: Submitted}}\n---\n{body}\n",
        scalar(title),
        scalar(author)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_date;
    use crate::load::Source;
    use crate::parse::{parse_one, Parsed};

    fn parses(path: &str, text: String) -> Option<Parsed> {
        let (parsed, diagnostics) = parse_one(&Source {
            path: path.into(),
            text: text.into(),
        });
        assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "{path}: {diagnostics:?}"
        );
        parsed
    }

    #[test]
    fn filled_templates_parse_as_their_kind() {
        let day = parse_date("2026-03-01").unwrap();
        assert!(matches!(
            parses("content/guides/a/x.md", guide("A: how?", "ann")),
            Some(Parsed::Guide(_))
        ));
        assert!(matches!(
            parses(
                "content/questions/q/index.md",
                question("Q?", "ann", day, QUESTION_PLACEHOLDER)
            ),
            Some(Parsed::Question(_))
        ));
        assert!(matches!(
            parses(
                "content/questions/q/answers/bo.md",
                answer("bo", day, "Because.")
            ),
            Some(Parsed::Answer(_))
        ));
        assert!(matches!(
            parses("ideas/x.md", idea("X", "cy", day, IDEA_PLACEHOLDER)),
            Some(Parsed::Idea(_))
        ));
        assert!(matches!(
            parses("content/guides/a/_index.md", section_index("A")),
            Some(Parsed::Section(_))
        ));
    }

    #[test]
    fn blank_fields_are_left_for_the_contributor() {
        let day = parse_date("2026-03-01").unwrap();
        assert_eq!(
            question("", "", day, QUESTION_PLACEHOLDER),
            "---\ntitle: \nasked: 2026-03-01\nasked_by: \ntags: []\n---\nDescribe the question here.\n"
        );
    }
}
