//! Streaming the `<row …/>` elements of a Stack Exchange dump file with
//! quick-xml: one row at a time, its attributes unescaped, errors located
//! by line.

use super::super::{date_of, Error};
use crate::clock::Date;
use quick_xml::events::Event;
use std::path::Path;

/// One `<row …/>` with its attributes unescaped.
pub struct Row {
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the row in the file, for error messages.
    pub offset: u64,
}

impl Row {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    pub fn label(&self, path: &Path) -> String {
        let line = line_at(path, self.offset);
        match self.get("Id") {
            Some(id) => format!("line {line} (row Id={id})"),
            None => format!("line {line}"),
        }
    }

    pub fn required(&self, path: &Path, key: &str) -> Result<&str, Error> {
        self.get(key).ok_or_else(|| {
            Error::new(path, format!("the row has no `{key}` attribute")).at(self.label(path))
        })
    }

    pub fn int(&self, path: &Path, key: &str) -> Result<Option<i64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.trim().parse().map(Some).map_err(|_| {
                Error::new(path, format!("`{key}` is `{v}`, not a whole number"))
                    .at(self.label(path))
            }),
        }
    }

    pub fn date(&self, path: &Path, key: &str) -> Result<Date, Error> {
        let text = self.required(path, key)?;
        date_of(text).ok_or_else(|| {
            Error::new(path, format!("`{key}` is `{text}`, not a date")).at(self.label(path))
        })
    }
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
pub fn rows(
    path: &Path,
    root: &str,
    mut on_row: impl FnMut(Row) -> Result<(), Error>,
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
                let mut attrs = Vec::new();
                for attr in e.attributes() {
                    let attr = attr.map_err(|err| {
                        Error::new(path, format!("invalid attribute: {err}"))
                            .at(format!("line {}", line_at(path, offset)))
                    })?;
                    let key = attr.key.as_ref().to_string();
                    let raw: &str = &attr.value;
                    let value = quick_xml::escape::unescape(raw)
                        .map_err(|err| {
                            Error::new(path, format!("invalid `{key}` value: {err}"))
                                .at(format!("line {}", line_at(path, offset)))
                        })?
                        .into_owned();
                    attrs.push((key, value));
                }
                on_row(Row { attrs, offset })?;
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
