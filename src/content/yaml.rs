//! YAML values as townhall writes them into front matter.

/// A YAML scalar: bare when it cannot be misread, else double-quoted (JSON
/// strings are valid YAML).
pub(crate) fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '/')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn plain_only_when_it_cannot_be_misread() {
        assert_eq!(scalar("dark-mode"), "dark-mode");
        assert_eq!(scalar("/ideas/x/"), "/ideas/x/");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("3.2-beer"), "\"3.2-beer\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
