//! Where a file's front matter is: a first line that is exactly `---`,
//! up to the next line that is `---` or `...`. Every reader and editor of
//! front matter asks here, so they agree on what is front matter.

/// The front matter of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    /// Byte offset of the first YAML line (after the opening line).
    pub yaml_start: usize,
    /// Byte offset of the closing line (where the YAML ends).
    pub yaml_end: usize,
    /// Byte offset of the body (after the closing line).
    pub body_start: usize,
    /// Index of the closing line among the file's lines (the opening line
    /// is line 0).
    pub closing_line: usize,
}

impl Region {
    pub(crate) fn yaml<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.yaml_start..self.yaml_end).unwrap_or("")
    }

    pub(crate) fn body<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.body_start..).unwrap_or("")
    }
}

/// Where the YAML starts when `text` opens front matter (its first line is
/// `---`), closed or not.
pub(crate) fn opening(text: &str) -> Option<usize> {
    ["---\n", "---\r\n"]
        .iter()
        .find(|o| text.starts_with(**o))
        .map(|o| o.len())
}

/// The front matter of `text`; `None` when there is none or it is never
/// closed (tell the two apart with [`opening`]).
pub(crate) fn region(text: &str) -> Option<Region> {
    let yaml_start = opening(text)?;
    let mut offset = yaml_start;
    for (index, line) in text
        .get(yaml_start..)
        .unwrap_or("")
        .split_inclusive('\n')
        .enumerate()
    {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Some(Region {
                yaml_start,
                yaml_end: offset,
                body_start: offset + line.len(),
                closing_line: index + 1,
            });
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_region() {
        let text = "---\ntitle: A\n---\nbody\n";
        let r = region(text).unwrap();
        assert_eq!(r.yaml(text), "title: A\n");
        assert_eq!(r.body(text), "body\n");
        assert_eq!(r.closing_line, 2);
        let crlf = "---\r\ntitle: A\r\n...\r\nbody";
        assert_eq!(region(crlf).unwrap().body(crlf), "body");
    }

    #[test]
    fn no_region_without_an_opening_or_a_closing_line() {
        assert_eq!(region("title: A\n---\n"), None);
        assert_eq!(region(" ---\ntitle: A\n---\n"), None);
        assert_eq!(region("---\ntitle: A\n"), None);
        assert_eq!(opening("---\ntitle: A\n"), Some(4));
        assert_eq!(opening("body"), None);
    }
}
