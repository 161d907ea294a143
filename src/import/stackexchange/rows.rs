//! Streaming the `<row …/>` elements of a Stack Exchange dump file with
//! quick-xml: one row at a time, its attributes deserialized into the
//! row's struct (unescaped, errors naming the attribute), errors located
//! by line.

use super::super::{de, Error};
use quick_xml::events::{BytesStart, Event};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A row type of a dump file: its attributes, by name, as fields.
pub(super) trait Record: DeserializeOwned {
    /// The row's `Id` attribute, for error messages.
    fn id(&self) -> Option<String>;
}

/// Where a row is, for error messages.
pub(super) struct Row {
    /// Byte offset of the row in the file.
    pub offset: u64,
    /// Its `Id` attribute.
    pub id: Option<String>,
}

impl Row {
    pub(super) fn label(&self, path: &Path) -> String {
        let line = line_at(path, self.offset);
        match &self.id {
            Some(id) => format!("line {line} (row Id={id})"),
            None => format!("line {line}"),
        }
    }

    /// An error about this row.
    pub(super) fn error(&self, path: &Path, message: impl Into<String>) -> Error {
        Error::new(path, message).at(self.label(path))
    }
}

/// The `Id` attribute of a row that did not deserialize, if it reads.
fn raw_id(e: &BytesStart) -> Option<String> {
    let attr = e.try_get_attribute("Id").ok()??;
    let value = quick_xml::escape::unescape(&attr.value).ok()?;
    Some(value.into_owned()).filter(|v| !v.is_empty())
}

/// The 1-based line of a byte offset (read again only when reporting).
fn line_at(path: &Path, offset: u64) -> u64 {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    let mut line = 1;
    let mut buf = [0u8; 64 * 1024];
    let mut reader = std::io::BufReader::new(file).take(offset);
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        line += buf
            .get(..n)
            .unwrap_or(&[])
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
    }
    line
}

/// Streams the `<row/>` elements of a dump file under its root `root`.
pub(super) fn rows<T: Record>(
    path: &Path,
    root: &str,
    mut on_row: impl FnMut(T, Row) -> Result<(), Error>,
) -> Result<(), Error> {
    let file =
        std::fs::File::open(path).map_err(|e| Error::new(path, format!("cannot read: {e}")))?;
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(256 * 1024, file));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut closed_root = false;
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            let at = reader.error_position();
            Error::new(path, format!("invalid XML: {e}"))
                .at(format!("line {}", line_at(path, at)))
                .hint("the file may be truncated or damaged; download or extract it again")
        })?;
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) if depth == 0 && !seen_root => {
                let name = e.name().as_ref().to_lowercase();
                if name != root {
                    return Err(Error::new(
                        path,
                        format!("expected a <{root}> element, found <{name}>"),
                    )
                    .hint("is this the right file of the Stack Exchange dump?"));
                }
                seen_root = true;
                if is_start {
                    depth = 1;
                } else {
                    closed_root = true;
                }
            }
            Event::Empty(e) if depth == 1 && e.name().as_ref() == "row" => {
                let attrs = e
                    .attributes()
                    .into_map_access(quick_xml::XmlVersion::Implicit1_0, "");
                let record: T = de::typed(attrs).map_err(|message| {
                    Row {
                        offset,
                        id: raw_id(&e),
                    }
                    .error(path, message)
                })?;
                let id = record.id();
                on_row(record, Row { offset, id })?;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    closed_root = true;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !seen_root {
        return Err(Error::new(
            path,
            format!("no <{root}> element: the file is empty or not XML"),
        ));
    }
    if !closed_root {
        return Err(Error::new(path, format!("the file ends before </{root}>"))
            .at(format!("line {}", line_at(path, reader.buffer_position())))
            .hint("the file is truncated; download or extract it again"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Post {
        #[serde(default, deserialize_with = "de::int")]
        id: Option<i64>,
        #[serde(default, deserialize_with = "de::int")]
        score: Option<i64>,
        #[serde(default, deserialize_with = "de::text")]
        title: Option<String>,
    }

    impl Record for Post {
        fn id(&self) -> Option<String> {
            self.id.map(|i| i.to_string())
        }
    }

    /// Score, title and label of each row.
    type Read = Vec<(Option<i64>, Option<String>, String)>;

    fn read(xml: &str) -> Result<Read, Error> {
        let dir = tempfile::tempdir().map_err(|e| Error::new(Path::new("-"), e.to_string()))?;
        let path = dir.path().join("Posts.xml");
        std::fs::write(&path, xml).map_err(|e| Error::new(&path, e.to_string()))?;
        let mut out = Vec::new();
        rows(&path, "posts", |post: Post, row| {
            out.push((post.score, post.title, row.label(&path)));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn rows_deserialize_one_at_a_time_and_empty_attributes_are_absent() {
        let rows = read(
            "<posts>\n  <row Id=\"1\" Score=\" 3 \" Title=\"A &amp; B\" Other=\"x\" />\n  <row Id=\"2\" Score=\"\" Title=\"\" />\n</posts>\n",
        )
        .unwrap();
        assert_eq!(
            rows,
            [
                (Some(3), Some("A & B".into()), "line 2 (row Id=1)".into()),
                (None, None, "line 3 (row Id=2)".into()),
            ]
        );
    }

    #[test]
    fn a_bad_attribute_is_named_with_its_row() {
        let err =
            read("<posts>\n  <row Id=\"1\" />\n  <row Id=\"7\" Score=\"many\" />\n</posts>\n")
                .unwrap_err();
        assert_eq!(err.record.as_deref(), Some("line 3 (row Id=7)"));
        assert_eq!(err.message, "Score: `many` is not a whole number");
        let err = read("<posts>\n  <row Id=\"x7\" />\n</posts>\n").unwrap_err();
        assert_eq!(err.record.as_deref(), Some("line 2 (row Id=x7)"));
        assert_eq!(err.message, "Id: `x7` is not a whole number");
    }
}
