//! The content model in one place: where each kind of file lives, in both
//! directions (`kinds`); where a file's front matter is (`front_matter`);
//! the text of a new file of each kind (`templates`); and byte-preserving
//! edits of front matter, checked by parsing the result (`edit`); and how
//! townhall writes a YAML value (`yaml`).
//!
//! `kinds`, `front_matter`, `templates` and `yaml` sit below every stage. `edit`
//! verifies what it writes with the parser, so it sits above `parse`,
//! beside the commands that change content (triage, merge, erase, import).

pub(crate) mod edit;
pub(crate) mod front_matter;
pub(crate) mod kinds;
pub(crate) mod templates;
pub(crate) mod yaml;
