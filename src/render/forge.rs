//! Contribution links into the site's repository: edit a file, or create a
//! new one prefilled with a template. The URL shapes are GitHub's (Gitea and
//! Forgejo accept the same); another host's shapes slot in here.

use crate::config::Config;

fn repository(config: &Config) -> Option<&str> {
    config
        .repository
        .as_deref()
        .map(|r| r.trim_end_matches('/'))
}

/// The edit page of `path` (relative to the repository root).
pub(crate) fn edit_url(config: &Config, path: &std::path::Path) -> Option<String> {
    let repo = repository(config)?;
    Some(format!(
        "{repo}/edit/{}/{}",
        config.branch,
        encode_path(&path.to_string_lossy())
    ))
}

/// The new-file page for `path`, prefilled with `value`.
pub(crate) fn new_file_url(config: &Config, path: &str, value: &str) -> Option<String> {
    let repo = repository(config)?;
    Some(format!(
        "{repo}/new/{}?filename={}&value={}",
        config.branch,
        encode_component(path),
        encode_component(value)
    ))
}

fn encode_path(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(repo: Option<&str>) -> Config {
        let mut c = Config::parse("title = \"A\"\nbase_url = \"https://x.test\"").unwrap();
        c.repository = repo.map(str::to_string);
        c
    }

    #[test]
    fn github_shapes() {
        let c = config(Some("https://github.com/acme/community/"));
        assert_eq!(
            edit_url(&c, std::path::Path::new("content/guides/a b.md")).unwrap(),
            "https://github.com/acme/community/edit/main/content/guides/a%20b.md"
        );
        assert_eq!(
            new_file_url(&c, "ideas/x.md", "---\ntitle: \n---\n").unwrap(),
            "https://github.com/acme/community/new/main?filename=ideas%2Fx.md&value=---%0Atitle%3A%20%0A---%0A"
        );
        assert!(edit_url(&config(None), std::path::Path::new("x")).is_none());
    }
}
