//! People: the community's advocates (leaderboards) and newcomers.
//!
//! A contribution is a question asked, an answer, an accepted answer, a
//! guide (credited to each of its authors, dated by its last update) or an
//! idea submitted (and, once shipped, dated by its `shipped` history entry).
//! Handles erased with `townhall erase` appear as their pseudonym: the files
//! already carry it, and a name that only git knows (a guide author taken
//! from the commit log) is replaced when its pseudonym appears in the site.

use super::math::month;
use super::{shipped_date, Period, Site};
use crate::clock::Date;
use chrono::Duration;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The recent window of the leaderboards, in days (today included).
pub(crate) const WINDOW_DAYS: i64 = 90;
/// Entries per leaderboard.
pub(super) const LEADERBOARD_SIZE: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeopleStats {
    pub window_days: i64,
    /// People with at least one contribution in the period.
    pub contributors: usize,
    /// People with at least one contribution in the last `window_days`.
    pub active_recently: usize,
    pub last_90_days: Leaderboards,
    /// The whole period (all time unless `since` is given).
    pub period: Leaderboards,
    /// People whose first contribution ever falls in each month of the period.
    pub new_per_month: Vec<NewContributors>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaderboards {
    /// First day of the window (`None`: from the beginning).
    pub from: Option<String>,
    pub accepted_answers: Vec<Leaderboard>,
    pub answers: Vec<Leaderboard>,
    pub guides: Vec<Leaderboard>,
    pub shipped_ideas: Vec<Leaderboard>,
}

/// One row of a leaderboard: most contributions first, ties by handle
/// (case-insensitively, then exactly).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leaderboard {
    pub handle: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewContributors {
    pub month: String,
    pub contributors: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Asked,
    Answer,
    Accepted,
    Guide,
    Idea,
    Shipped,
}

struct Contribution {
    who: String,
    kind: Kind,
    /// `None` for guides without any date and shipped ideas without a
    /// `shipped` entry: they count only when the window has no start.
    date: Option<Date>,
}

/// Maps handles to what the stats may show: erased handles are already
/// pseudonyms in the files; git-only names whose pseudonym is in use are
/// replaced by it.
struct Names {
    erased: BTreeSet<String>,
}

impl Names {
    fn public(&self, name: &str) -> String {
        let name = name.trim().trim_start_matches('@');
        let pseudonym = crate::slug::pseudonym(name);
        if self.erased.contains(&pseudonym) {
            pseudonym
        } else {
            name.to_string()
        }
    }
}

fn contributions(site: &Site, today: Date) -> Vec<Contribution> {
    let mut all: Vec<(String, Kind, Option<Date>)> = Vec::new();
    for page in &site.questions {
        let q = &page.question;
        all.push((q.asked_by.clone(), Kind::Asked, Some(q.asked)));
        let accepted = page.accepted().map(|a| a.id.as_str());
        for a in &page.answers {
            all.push((a.author.clone(), Kind::Answer, Some(a.date)));
            if Some(a.id.as_str()) == accepted {
                all.push((a.author.clone(), Kind::Accepted, Some(a.date)));
            }
        }
    }
    for page in &site.guides {
        for author in &page.guide.authors {
            all.push((author.clone(), Kind::Guide, page.guide.updated));
        }
    }
    for page in &site.ideas {
        let i = &page.idea;
        all.push((i.author.clone(), Kind::Idea, Some(i.submitted)));
        if i.status == crate::parse::Status::Shipped {
            all.push((i.author.clone(), Kind::Shipped, shipped_date(page, today)));
        }
    }
    let erased: BTreeSet<String> = all
        .iter()
        .map(|(who, _, _)| who.trim().trim_start_matches('@'))
        .filter(|who| who.starts_with("deleted-user-"))
        .map(str::to_string)
        .collect();
    let names = Names { erased };
    all.into_iter()
        .filter(|(who, _, date)| !who.trim().is_empty() && date.is_none_or(|d| d <= today))
        .map(|(who, kind, date)| Contribution {
            who: names.public(&who),
            kind,
            date,
        })
        .collect()
}

fn counts_in(window: &Period, date: Option<Date>) -> bool {
    match date {
        Some(d) => window.contains(d),
        None => window.since.is_none(),
    }
}

fn board(all: &[Contribution], window: &Period, kind: Kind) -> Vec<Leaderboard> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in all
        .iter()
        .filter(|c| c.kind == kind && counts_in(window, c.date))
    {
        *counts.entry(c.who.as_str()).or_default() += 1;
    }
    let mut rows: Vec<Leaderboard> = counts
        .into_iter()
        .map(|(handle, count)| Leaderboard {
            handle: handle.to_string(),
            count,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.handle.to_lowercase().cmp(&b.handle.to_lowercase()))
            .then_with(|| a.handle.cmp(&b.handle))
    });
    rows.truncate(LEADERBOARD_SIZE);
    rows
}

fn boards(all: &[Contribution], window: &Period) -> Leaderboards {
    Leaderboards {
        from: window.since.map(|d| d.to_string()),
        accepted_answers: board(all, window, Kind::Accepted),
        answers: board(all, window, Kind::Answer),
        guides: board(all, window, Kind::Guide),
        shipped_ideas: board(all, window, Kind::Shipped),
    }
}

fn active(all: &[Contribution], window: &Period) -> usize {
    all.iter()
        .filter(|c| counts_in(window, c.date))
        .map(|c| c.who.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

pub(super) fn people(site: &Site, period: &Period) -> PeopleStats {
    let today = period.today;
    let all = contributions(site, today);
    let window_start = today
        .checked_sub_signed(Duration::days(WINDOW_DAYS - 1))
        .unwrap_or(today);
    let recent = Period {
        since: Some(period.since.map_or(window_start, |s| s.max(window_start))),
        today,
    };
    let mut first: BTreeMap<&str, Date> = BTreeMap::new();
    for c in &all {
        if let Some(date) = c.date {
            first
                .entry(c.who.as_str())
                .and_modify(|d| *d = (*d).min(date))
                .or_insert(date);
        }
    }
    let firsts: Vec<Date> = first
        .values()
        .copied()
        .filter(|d| period.contains(*d))
        .collect();
    let mut per_month: BTreeMap<String, usize> = period
        .months(firsts.iter().copied())
        .into_iter()
        .map(|m| (m, 0))
        .collect();
    for date in &firsts {
        if let Some(n) = per_month.get_mut(&month(*date)) {
            *n += 1;
        }
    }
    PeopleStats {
        window_days: WINDOW_DAYS,
        contributors: active(&all, period),
        active_recently: active(&all, &recent),
        last_90_days: boards(&all, &recent),
        period: boards(&all, period),
        new_per_month: per_month
            .into_iter()
            .map(|(month, contributors)| NewContributors {
                month,
                contributors,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_date;

    fn c(who: &str, kind: Kind, date: Option<&str>) -> Contribution {
        Contribution {
            who: who.into(),
            kind,
            date: date.map(|d| parse_date(d).unwrap()),
        }
    }

    #[test]
    fn leaderboards_rank_by_count_then_handle_case_insensitively() {
        let all = vec![
            c("bo", Kind::Answer, Some("2026-01-02")),
            c("Al", Kind::Answer, Some("2026-01-02")),
            c("al", Kind::Answer, Some("2026-01-03")),
            c("cy", Kind::Answer, Some("2026-01-03")),
            c("cy", Kind::Answer, Some("2026-01-04")),
            c("cy", Kind::Guide, None),
        ];
        let today = parse_date("2026-01-31").unwrap();
        let all_time = Period { since: None, today };
        let names: Vec<(String, usize)> = board(&all, &all_time, Kind::Answer)
            .into_iter()
            .map(|r| (r.handle, r.count))
            .collect();
        assert_eq!(
            names,
            [
                ("cy".into(), 2),
                ("Al".into(), 1),
                ("al".into(), 1),
                ("bo".into(), 1)
            ]
        );
        // undated contributions count only when the window has no start
        assert_eq!(board(&all, &all_time, Kind::Guide).len(), 1);
        let since = Period {
            since: parse_date("2026-01-03"),
            today,
        };
        assert!(board(&all, &since, Kind::Guide).is_empty());
        assert_eq!(active(&all, &since), 2, "al and cy");
    }

    #[test]
    fn git_names_become_pseudonyms_once_erased() {
        let pseudonym = crate::slug::pseudonym("dan");
        let names = Names {
            erased: BTreeSet::from([pseudonym.clone()]),
        };
        assert_eq!(names.public("dan"), pseudonym);
        assert_eq!(names.public("@dan"), pseudonym);
        assert_eq!(names.public("ann"), "ann");
        assert_eq!(names.public(&pseudonym), pseudonym);
    }
}
