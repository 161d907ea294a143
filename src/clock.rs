//! "Today" is an input of the build: from `--today`, else
//! `SOURCE_DATE_EPOCH`, else the system clock. The only reader of time.

use chrono::{DateTime, NaiveDate, Utc};

pub type Date = NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodaySource {
    Flag,
    SourceDateEpoch,
    Clock,
}

/// Picks today's date. `source_date_epoch` is the raw environment value
/// (read by the CLI layer, the only reader of the environment).
pub fn today(
    flag: Option<Date>,
    source_date_epoch: Option<&str>,
) -> Result<(Date, TodaySource), String> {
    if let Some(date) = flag {
        return Ok((date, TodaySource::Flag));
    }
    if let Some(raw) = source_date_epoch.filter(|s| !s.trim().is_empty()) {
        let seconds: i64 = raw
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{raw}` is not a whole number of seconds"))?;
        let when = DateTime::<Utc>::from_timestamp(seconds, 0)
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{raw}` is out of range"))?;
        return Ok((when.date_naive(), TodaySource::SourceDateEpoch));
    }
    Ok((Utc::now().date_naive(), TodaySource::Clock))
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_epoch_beats_clock() {
        let d = parse_date("2026-03-01").unwrap();
        assert_eq!(today(Some(d), Some("0")).unwrap(), (d, TodaySource::Flag));
        let (e, src) = today(None, Some("86400")).unwrap();
        assert_eq!(
            (e.to_string().as_str(), src),
            ("1970-01-02", TodaySource::SourceDateEpoch)
        );
        assert_eq!(today(None, None).unwrap().1, TodaySource::Clock);
        assert!(today(None, Some("soon")).is_err());
    }

    #[test]
    fn parse_date_is_strict() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024-2-9").is_none());
        assert!(parse_date("yesterday").is_none());
    }
}
