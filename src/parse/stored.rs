//! Parse results kept in the persistent cache (`parse.bin`, a memo), so
//! that a warm build parses only the sources that changed. A parse is a
//! function of the source's path and text and of the site's other
//! languages; it is stored without the text (the build has just read it,
//! and gives it back with `restore`), and only when it gave no
//! diagnostic, so that every problem is still found and reported by a
//! fresh parse.

use super::{Markdown, Parsed};
use crate::load::Source;

/// The memo key of the parse of `source` for a site whose other languages
/// are `languages`.
pub(crate) fn key(source: &Source, languages: &[String]) -> u128 {
    let mut digest = crate::hash::Digest::new();
    digest
        .bytes(b"parse")
        .bytes(source.path.to_string_lossy().as_bytes())
        .bytes(source.text.as_bytes());
    for language in languages {
        digest.bytes(language.as_bytes());
    }
    digest.finish()
}

/// `parsed` as the memo keeps it; `None` when it cannot be kept exactly.
pub(crate) fn store(parsed: &Option<Parsed>) -> Option<Vec<u8>> {
    postcard::to_allocvec(parsed).ok()
}

/// The parse `store` kept, with the text of `source` given back.
pub(crate) fn restore(bytes: &[u8], source: &Source) -> Option<Option<Parsed>> {
    let mut parsed: Option<Parsed> = postcard::from_bytes(bytes).ok()?;
    for body in parsed.iter_mut().flat_map(bodies) {
        body.reattach(&source.text);
    }
    Some(parsed)
}

/// The Markdown body of a parsed page, if it has one.
pub(super) fn bodies(parsed: &mut Parsed) -> Option<&mut Markdown> {
    match parsed {
        Parsed::Home(index) | Parsed::Section(index) => Some(&mut index.body),
        Parsed::Guide(guide) => Some(&mut guide.body),
        Parsed::Question(question) => Some(&mut question.body),
        Parsed::Answer(answer) => Some(&mut answer.body),
        Parsed::Idea(idea) => Some(&mut idea.body),
        Parsed::Translation(translation) => Some(&mut translation.body),
        Parsed::Unbuilt(unbuilt) => unbuilt.body.as_mut(),
    }
}

/// `extra` (any YAML a writer put there, as JSON) as its JSON text: the
/// memo's format cannot hold a value of no fixed shape. A value whose text
/// does not read back as the same value (a float that does not survive the
/// trip) is refused, and its page not kept.
pub(crate) mod json_text {
    use serde::{de::Error as _, ser::Error as _, Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        value: &serde_json::Value,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = value.to_string();
        if serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .as_ref()
            != Some(value)
        {
            return Err(S::Error::custom("the value does not survive as JSON text"));
        }
        serializer.serialize_str(&text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<serde_json::Value, D::Error> {
        let text = <&str>::deserialize(deserializer)?;
        serde_json::from_str(text).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn a_stored_parse_is_the_parse() {
        let sources = [
            ("content/guides/billing/refunds.md", "---\ntitle: Refunds\ntags: [billing]\nextra: {a: 1, b: [x, 2.5], c: null}\n---\nIntro.\n\n## Steps {#steps}\n\nSee [this](other.md#x) and ![a](img.png).\n"),
            ("content/guides/billing/_index.md", "---\ntitle: Billing\n---\nAll about money.\n"),
            ("content/questions/can-i/index.md", "---\ntitle: Can I?\nasked: 2026-01-02\nasked_by: ann\ntags: [a]\n---\nWell?\n"),
            ("content/questions/can-i/answers/bo.md", "---\nauthor: bo\ndate: 2026-01-03\nvotes: 4\n---\nYes.\n"),
            ("ideas/dark-mode.md", "---\ntitle: Dark mode\nsubmitted: 2026-01-01\nauthor: cy\nstatus: open\nvotes: {up: 3, down: 1}\n---\nPlease.\n"),
            ("content/guides/billing/refunds.fr.md", "---\ntitle: Remboursements\n---\nBonjour.\n"),
        ];
        let languages = vec!["fr".to_string()];
        for (path, text) in sources {
            let source = Source {
                path: PathBuf::from(path),
                text: Arc::from(text),
            };
            let (parsed, diagnostics) = super::super::parse_one_in(&source, &languages);
            assert!(diagnostics.is_empty(), "{path}: {diagnostics:?}");
            assert!(parsed.is_some(), "{path}");
            let stored = store(&parsed).expect(path);
            let restored = restore(&stored, &source).expect(path);
            assert_eq!(format!("{restored:?}"), format!("{parsed:?}"), "{path}");
            let body = |p: &Option<Parsed>| match p {
                Some(Parsed::Guide(g)) => g.body.text().unwrap().to_string(),
                _ => String::new(),
            };
            assert_eq!(
                body(&restored),
                body(&parsed),
                "{path}: the text is given back"
            );
        }
        assert_ne!(
            key(
                &Source {
                    path: "a.md".into(),
                    text: Arc::from("x")
                },
                &[]
            ),
            key(
                &Source {
                    path: "a.md".into(),
                    text: Arc::from("x")
                },
                &languages
            ),
            "other languages parse otherwise"
        );
    }
}
