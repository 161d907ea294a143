//! The arithmetic of the community figures: medians, percentiles, shares,
//! month ranges and the time-to-first-answer buckets. Pure functions.

use crate::clock::Date;
use chrono::Datelike;
use serde::Serialize;

/// Count, median and 90th percentile of a list of durations in days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Durations {
    /// How many durations there are.
    pub count: usize,
    /// The middle value; the mean of the two middle values for an even count.
    pub median_days: Option<f64>,
    /// Nearest-rank 90th percentile: the smallest value that at least 90%
    /// of the durations do not exceed.
    pub p90_days: Option<i64>,
}

impl Durations {
    pub fn of(mut days: Vec<i64>) -> Durations {
        days.sort_unstable();
        Durations {
            count: days.len(),
            median_days: median(&days),
            p90_days: percentile(&days, 90),
        }
    }
}

/// Median of sorted values.
pub(crate) fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let upper = *sorted.get(n / 2)?;
    if n % 2 == 1 {
        return Some(upper as f64);
    }
    let lower = *sorted.get(n / 2 - 1)?;
    Some((lower as f64 + upper as f64) / 2.0)
}

/// Nearest-rank percentile of sorted values: the value at rank ⌈p·n/100⌉.
pub(crate) fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (p * n).div_ceil(100).clamp(1, n);
    sorted.get(rank - 1).copied()
}

/// `part / whole` rounded to four decimals; `None` when `whole` is 0.
pub(crate) fn share(part: usize, whole: usize) -> Option<f64> {
    if whole == 0 {
        return None;
    }
    Some((part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

/// `YYYY-MM` of a date.
pub(crate) fn month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Every month from `first` to `last` inclusive, as `YYYY-MM` (empty when
/// `first` is after `last`).
pub(crate) fn months(first: Date, last: Date) -> Vec<String> {
    let mut out = Vec::new();
    let (mut year, mut month) = (first.year(), first.month());
    let end = (last.year(), last.month());
    while (year, month) <= end {
        out.push(format!("{year:04}-{month:02}"));
        if month == 12 {
            year += 1;
            month = 1;
        } else {
            month += 1;
        }
    }
    out
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days(from: Date, to: Date) -> i64 {
    (to - from).num_days()
}

/// One bar of the time-to-first-answer distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub label: String,
    pub min_days: i64,
    /// `None` for the open-ended last bucket.
    pub max_days: Option<i64>,
    pub questions: usize,
}

/// (label, first day, last day) of each bucket; the last one is open-ended.
pub(crate) const BUCKETS: [(&str, i64, Option<i64>); 7] = [
    ("same day", 0, Some(0)),
    ("1 day", 1, Some(1)),
    ("2–3 days", 2, Some(3)),
    ("4–7 days", 4, Some(7)),
    ("8–14 days", 8, Some(14)),
    ("15–30 days", 15, Some(30)),
    ("over 30 days", 31, None),
];

/// Durations (days, negatives counted as 0) sorted into `BUCKETS`.
pub(crate) fn distribution(days: &[i64]) -> Vec<Bucket> {
    BUCKETS
        .iter()
        .map(|&(label, min, max)| Bucket {
            label: label.to_string(),
            min_days: min,
            max_days: max,
            questions: days
                .iter()
                .map(|d| (*d).max(0))
                .filter(|d| *d >= min && max.is_none_or(|m| *d <= m))
                .count(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_date;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4]), Some(4.0));
        assert_eq!(median(&[1, 2, 9]), Some(2.0));
        assert_eq!(median(&[1, 2, 3, 10]), Some(2.5));
    }

    #[test]
    fn p90_is_the_nearest_rank() {
        assert_eq!(percentile(&[], 90), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        // n = 10: rank 9
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        // n = 11: rank ⌈9.9⌉ = 10
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 90), Some(10));
        // n = 4: rank ⌈3.6⌉ = 4, the maximum
        assert_eq!(percentile(&[0, 1, 5, 40], 90), Some(40));
        assert_eq!(percentile(&[0, 1, 5, 40], 50), Some(1));
    }

    #[test]
    fn durations_sort_their_input() {
        let d = Durations::of(vec![10, 0, 3]);
        assert_eq!(
            d,
            Durations {
                count: 3,
                median_days: Some(3.0),
                p90_days: Some(10)
            }
        );
        assert_eq!(Durations::of(vec![]).median_days, None);
    }

    #[test]
    fn shares_round_to_four_decimals() {
        assert_eq!(share(2, 3), Some(0.6667));
        assert_eq!(share(0, 5), Some(0.0));
        assert_eq!(share(3, 0), None);
    }

    #[test]
    fn month_ranges_cross_years_and_include_both_ends() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(
            months(d("2025-11-30"), d("2026-02-01")),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months(d("2026-02-01"), d("2026-02-28")), ["2026-02"]);
        assert!(months(d("2026-03-01"), d("2026-02-28")).is_empty());
        assert_eq!(month(d("2028-02-29")), "2028-02");
    }

    #[test]
    fn distribution_buckets_cover_every_duration_once() {
        let days = [0, 0, 1, 2, 3, 4, 7, 8, 14, 15, 30, 31, 400, -2];
        let buckets = distribution(&days);
        let counts: Vec<usize> = buckets.iter().map(|b| b.questions).collect();
        assert_eq!(counts, [3, 1, 2, 2, 2, 2, 2]);
        assert_eq!(counts.iter().sum::<usize>(), days.len());
    }
}
