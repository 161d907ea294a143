//! The catalogue of diagnostic codes. A code is stable: tools and CI
//! configurations match on it, so a code is never reused for another meaning.

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub &'static str);

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

macro_rules! codes {
    ($($name:ident = $id:literal, $summary:literal;)*) => {
        impl Code {
            $(pub const $name: Code = Code($id);)*
        }
        /// Every code with its one-line meaning (documented in the reference).
        pub const CATALOGUE: &[(Code, &str)] = &[$((Code::$name, $summary),)*];
    };
}

codes! {
    NOT_UTF8 = "TH0001", "file is not valid UTF-8";
    SYMLINK_OUTSIDE = "TH0002", "symbolic link points outside the site";
    UNREADABLE = "TH0003", "file or folder cannot be read";
    STRAY_FILE = "TH0004", "Markdown file outside the content model";
    YAML_SYNTAX = "TH0101", "front matter is not valid YAML";
    UNKNOWN_KEY = "TH0102", "unknown front-matter key";
    MISSING_KEY = "TH0103", "required front-matter key is missing";
    BAD_VALUE = "TH0104", "front-matter value has the wrong type or an invalid value";
    BAD_DATE = "TH0105", "date is not a valid YYYY-MM-DD date";
    UNTERMINATED = "TH0106", "front matter has no closing `---` line";
    UNKNOWN_TAG = "TH0201", "tag is not in the site's taxonomy";
    DUPLICATE_URL = "TH0202", "two files map to the same URL";
    BROKEN_LINK = "TH0203", "internal link points to a file that does not exist";
    BROKEN_ANCHOR = "TH0204", "link points to a heading anchor that does not exist";
    DUPLICATE_ID = "TH0205", "two headings on one page ask for the same id";
    SECTION_DEFAULT = "TH0206", "section has guides but no `_index.md`";
    HIDDEN_TARGET = "TH0207", "link points to a page left out of this build";
    EMPTY_SLUG = "TH0208", "file or folder name has no letters or digits to make a URL from";
    ANSWER_ID = "TH0209", "answer file name is not a slug";
    TRANSLATION_ORPHAN = "TH0230", "translation file has no source file beside it";
    UI_TEXT_MISSING = "TH0231", "a language's interface text lacks keys English has (English is used)";
    THEME_TEXTS = "TH0232", "a theme's interface-text file (i18n/<code>.toml) is invalid";
    TRANSLATION_STALE = "TH0233", "a translation's source changed after the translation did";
    CONFIG = "TH0301", "site.toml is invalid";
    TEMPLATE = "TH0401", "a theme template failed to render";
    QUESTION_MISSING = "TH0501", "answers folder has no question `index.md`";
    ACCEPTED_MISSING = "TH0502", "`accepted` names an answer that does not exist";
    DUPLICATE_OF_MISSING = "TH0503", "`duplicate_of` names a page that does not exist";
    DUPLICATE_CYCLE = "TH0504", "`duplicate_of` links form a cycle";
    ANSWER_BEFORE_QUESTION = "TH0505", "answer is dated before its question";
    EMPTY_BODY = "TH0506", "body is empty";
    IDEA_VOTER_TWICE = "TH0601", "a handle votes more than once on one idea";
    IDEA_FIELD_REQUIRED = "TH0602", "idea status requires a field that is missing";
    IDEA_HISTORY = "TH0603", "idea history is out of order or disagrees with its status";
    IDEA_TRANSITION = "TH0604", "idea status change is not an allowed transition";
    IDEA_NO_OWNER = "TH0605", "idea under review has no owner yet";
    IDEA_RULE = "TH0606", "status change breaks the vote rule";
    VOTE_PR = "TH0607", "a vote change touches more than the voters";
    VOTE_AUTHOR = "TH0608", "a vote change adds more than one handle, or a handle other than its author's";
    VOTE_COUNTS = "TH0609", "legacy vote counts changed outside a maintainer change";
    VOTE_CLOSED = "TH0610", "a vote on an idea that is not open or whose voting window has closed";
    VOTER_UNVERIFIED = "TH0611", "a vote change whose author is unknown, so the voter cannot be verified";
    SECRET = "TH0701", "a secret (key, token, private key) in changed content";
    PERSONAL_DATA = "TH0702", "personal data (e-mail, phone, card number) in changed content";
    LIKELY_DUPLICATE = "TH0703", "a new idea or question resembles an existing one";
    PLACEHOLDER = "TH0704", "a file still holds the placeholder text `townhall new` wrote";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, summary) in CATALOGUE {
            assert!(seen.insert(code.0), "duplicate code {code}");
            assert!(code.0.starts_with("TH") && code.0.len() == 6, "{code}");
            assert!(!summary.is_empty());
        }
    }
}
