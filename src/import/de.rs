//! Reading an export's records into `#[derive(Deserialize)]` structs.
//!
//! Every source deserializes its records through [`typed`], so a field of
//! the wrong type is an error that names where it is
//! (`post_stream.posts[1].created_at: invalid type: null, expected a string`),
//! never a value silently taken for missing. The `deserialize_with`
//! helpers below read the shapes exports share: dates in timestamps, ids
//! that are numbers in one export and strings in another, and (for XML
//! attributes, where everything is text) whole numbers and empty values.

use crate::clock::Date;
use serde::de::{Deserialize, Deserializer, Error as _, Visitor};
use std::fmt;

/// Deserializes a `T`; the error is `path: what is wrong`, the path
/// relative to the record `de` reads (no path when the record itself is
/// wrong, e.g. a missing field of the record).
pub(crate) fn typed<'de, T, D>(de: D) -> Result<T, String>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        if path.is_empty() || path == "." {
            inner
        } else {
            format!("{path}: {inner}")
        }
    })
}

/// A text that is absent, `null` or empty is `None` (exports write an
/// empty attribute or cell for "no value").
fn some_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.is_empty()))
}

/// A date from the start of a timestamp (`2009-07-28T08:31:44.793`,
/// `2021-03-04T10:00:00Z`); a text that is no date is an error.
pub(crate) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match some_text(d)? {
        None => Ok(None),
        Some(text) => super::date_of(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("`{text}` is not a date"))),
    }
}

/// A date that the import uses only when it reads as one (a status date:
/// without it the history holds the current status alone).
pub(crate) fn loose_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    Ok(some_text(d)?.and_then(|t| super::date_of(&t)))
}

/// A text value; empty counts as absent.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    some_text(d)
}

/// A whole number written as text (XML attributes, CSV cells); empty
/// counts as absent.
pub(crate) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match some_text(d)? {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("`{text}` is not a whole number"))),
    }
}

/// An id that one export writes as a number and another as a string,
/// kept as its text.
pub(crate) fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct IdText;
    impl Visitor<'_> for IdText {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a whole number or a string")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
    }
    d.deserialize_any(IdText)
}

/// [`id_text`] for a field that may be absent or `null`.
pub(crate) fn opt_id_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Id(#[serde(deserialize_with = "id_text")] String);
    Ok(Option::<Id>::deserialize(d)?.map(|Id(s)| s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Post {
        #[serde(default, deserialize_with = "date")]
        created_at: Option<Date>,
        #[serde(default, deserialize_with = "opt_id_text")]
        user: Option<String>,
        replies: Vec<Reply>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Reply {
        likes: i64,
    }

    fn read(json: &str) -> Result<Post, String> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        typed(value)
    }

    #[test]
    fn errors_name_the_path_of_the_bad_field() {
        assert_eq!(
            read(r#"{"replies": [{"likes": 1}, {"likes": "2"}]}"#).unwrap_err(),
            "replies[1].likes: invalid type: string \"2\", expected i64"
        );
        assert_eq!(
            read(r#"{"created_at": "yesterday", "replies": []}"#).unwrap_err(),
            "created_at: `yesterday` is not a date"
        );
        assert_eq!(
            read(r#"{"user": 1.5, "replies": []}"#).unwrap_err(),
            "user: invalid type: floating point `1.5`, expected a whole number or a string"
        );
        assert_eq!(read("{}").unwrap_err(), "missing field `replies`");
    }

    #[test]
    fn ids_numbers_or_strings_and_empty_dates() {
        let post = read(r#"{"user": 7, "created_at": "", "replies": []}"#).unwrap();
        assert_eq!(post.user.as_deref(), Some("7"));
        assert_eq!(post.created_at, None);
        let post = read(r#"{"user": "u7", "created_at": null, "replies": []}"#).unwrap();
        assert_eq!(post.user.as_deref(), Some("u7"));
    }
}
