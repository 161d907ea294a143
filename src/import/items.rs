//! The files an import writes, as text: front matter in the content model's
//! key order, the body, and the `extra` keys that let a later import
//! recognise the file (see the module docs of `import`).

use crate::clock::Date;
use crate::parse::Status;

pub(crate) struct QuestionItem {
    /// `stackexchange:q123`: unique per source.
    pub source_id: String,
    pub title: String,
    pub asked: Date,
    pub asked_by: String,
    pub tags: Vec<String>,
    pub accepted: Option<String>,
    pub duplicate_of: Option<String>,
    pub aliases: Vec<String>,
    /// More `extra` keys (score, views, …), in order.
    pub extra: Vec<(String, serde_json::Value)>,
    pub body: String,
}

pub(crate) struct AnswerItem {
    pub source_id: String,
    pub author: String,
    pub date: Date,
    pub votes: i64,
    pub body: String,
}

pub(crate) struct IdeaItem {
    pub source_id: String,
    pub title: String,
    pub submitted: Date,
    pub author: String,
    pub tags: Vec<String>,
    pub status: Status,
    pub votes_up: i64,
    pub votes_down: i64,
    pub owner: Option<String>,
    pub release: Option<String>,
    pub duplicate_of: Option<String>,
    pub history: Vec<(Date, Status, String)>,
    pub aliases: Vec<String>,
    pub extra: Vec<(String, serde_json::Value)>,
    pub body: String,
}

pub(crate) use crate::content::yaml::scalar;

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", inner.join(", "))
}

struct Builder {
    text: String,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            text: String::from("---\n"),
        }
    }

    fn key(&mut self, key: &str, value: &str) {
        self.text.push_str(&format!("{key}: {value}\n"));
    }

    fn list(&mut self, key: &str, items: &[String]) {
        if !items.is_empty() {
            self.key(key, &list(items));
        }
    }

    /// `extra:` with `imported_from` first, then the source's own keys;
    /// closes the front matter and appends the body.
    fn finish(
        mut self,
        source_id: &str,
        extra: &[(String, serde_json::Value)],
        body: &str,
    ) -> String {
        self.text.push_str("extra:\n");
        self.text
            .push_str(&format!("  imported_from: {}\n", scalar_json(source_id)));
        for (key, value) in extra {
            let value = match value {
                serde_json::Value::String(s) => scalar_json(s),
                other => other.to_string(),
            };
            self.text.push_str(&format!("  {key}: {value}\n"));
        }
        self.text.push_str("---\n");
        let body = body.trim_end();
        if !body.is_empty() {
            self.text.push_str(body);
            self.text.push('\n');
        }
        with_digest(&self.text)
    }
}

fn scalar_json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

const DIGEST_KEY: &str = "  import_digest: ";

/// Inserts `import_digest` (hash of the text without it) after `imported_from`.
fn with_digest(text: &str) -> String {
    let digest = format!("{:016x}", super::fnv64(text.as_bytes()));
    let mut out = String::with_capacity(text.len() + 40);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !done && line.starts_with("  imported_from: ") {
            out.push_str(&format!("{DIGEST_KEY}\"{digest}\"\n"));
            done = true;
        }
    }
    out
}

/// What an existing file says about the import that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub imported_from: String,
    /// The digest import stored.
    pub stored: String,
    /// The digest of the file as it is now.
    pub current: String,
}

/// Reads `imported_from` and `import_digest` from a file's front matter.
pub(crate) fn stamp(text: &str) -> Option<Stamp> {
    let region = crate::content::front_matter::region(text)?;
    let mut imported_from = None;
    let mut stored = None;
    let mut without = String::with_capacity(text.len());
    without.push_str("---\n");
    for (index, line) in text.split_inclusive('\n').enumerate().skip(1) {
        if index < region.closing_line {
            if let Some(value) = line.strip_prefix("  imported_from: ") {
                imported_from = unquote(value);
            }
            if let Some(value) = line.strip_prefix(DIGEST_KEY) {
                stored = unquote(value);
                continue;
            }
        }
        without.push_str(line);
    }
    Some(Stamp {
        imported_from: imported_from?,
        stored: stored?,
        current: format!("{:016x}", super::fnv64(without.as_bytes())),
    })
}

fn unquote(value: &str) -> Option<String> {
    let value = value.trim();
    serde_json::from_str::<String>(value)
        .ok()
        .or_else(|| (!value.is_empty()).then(|| value.to_string()))
}

impl QuestionItem {
    pub(crate) fn render(&self) -> String {
        let mut b = Builder::new();
        b.key("title", &scalar_json(&self.title));
        b.key("asked", &self.asked.to_string());
        b.key("asked_by", &scalar(&self.asked_by));
        b.list("tags", &self.tags);
        if let Some(accepted) = &self.accepted {
            b.key("accepted", &scalar(accepted));
        }
        if let Some(duplicate_of) = &self.duplicate_of {
            b.key("duplicate_of", &scalar(duplicate_of));
        }
        b.list("aliases", &self.aliases);
        b.finish(&self.source_id, &self.extra, &self.body)
    }
}

impl AnswerItem {
    pub(crate) fn render(&self) -> String {
        let mut b = Builder::new();
        b.key("author", &scalar(&self.author));
        b.key("date", &self.date.to_string());
        b.key("votes", &self.votes.to_string());
        b.finish(&self.source_id, &[], &self.body)
    }
}

impl IdeaItem {
    pub(crate) fn render(&self) -> String {
        let mut b = Builder::new();
        b.key("title", &scalar_json(&self.title));
        b.key("submitted", &self.submitted.to_string());
        b.key("author", &scalar(&self.author));
        b.list("tags", &self.tags);
        b.key("status", self.status.as_str());
        if self.votes_up != 0 || self.votes_down != 0 {
            b.key(
                "votes",
                &format!("{{up: {}, down: {}}}", self.votes_up, self.votes_down),
            );
        }
        if let Some(owner) = &self.owner {
            b.key("owner", &scalar(owner));
        }
        if let Some(release) = &self.release {
            b.key("release", &scalar_json(release));
        }
        if let Some(duplicate_of) = &self.duplicate_of {
            b.key("duplicate_of", &scalar(duplicate_of));
        }
        if !self.history.is_empty() {
            b.text.push_str("history:\n");
            for (date, status, note) in &self.history {
                b.text.push_str(&format!(
                    "  - {{date: {date}, status: {}, note: {}}}\n",
                    status.as_str(),
                    scalar_json(note)
                ));
            }
        }
        b.list("aliases", &self.aliases);
        b.finish(&self.source_id, &self.extra, &self.body)
    }
}

/// A guide page (the attribution page).
pub(crate) fn page(source_id: &str, title: &str, description: &str, body: &str) -> String {
    let mut b = Builder::new();
    b.key("title", &scalar_json(title));
    b.key("description", &scalar_json(description));
    b.finish(source_id, &[], body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_date;

    #[test]
    fn scalars_quote_what_yaml_would_misread() {
        assert_eq!(scalar("ann"), "ann");
        assert_eq!(scalar("zoë-smith"), "zoë-smith");
        assert_eq!(scalar("123"), "\"123\"");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("/questions/1/a-b/"), "/questions/1/a-b/");
    }

    #[test]
    fn digest_detects_edits_but_not_its_own_line() {
        let answer = AnswerItem {
            source_id: "se:a2".into(),
            author: "ann".into(),
            date: parse_date("2020-01-02").unwrap(),
            votes: -1,
            body: "Hi".into(),
        };
        let text = answer.render();
        assert!(text.starts_with("---\nauthor: ann\ndate: 2020-01-02\nvotes: -1\nextra:\n  imported_from: \"se:a2\"\n  import_digest: \""), "{text}");
        let s = stamp(&text).unwrap();
        assert_eq!(s.imported_from, "se:a2");
        assert_eq!(s.stored, s.current);
        let edited = stamp(&text.replace("Hi", "Hello")).unwrap();
        assert_ne!(edited.stored, edited.current);
        assert_eq!(stamp("---\ntitle: x\n---\nbody"), None);
    }
}
