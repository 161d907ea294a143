//! `questions.json`, `ideas.json` and `stats.json`: machine-readable exports for help
//! desks, CRMs and product tools. Their schemas are documented in the
//! reference; `version` changes when a field is removed or changes meaning.

use crate::output::Output;
use crate::resolve::registry::{PageKind, PageRecord};
use crate::resolve::Site;
use serde_json::json;

pub(crate) const EXPORT_VERSION: u32 = 1;

/// The records of one kind, with the page behind each.
fn records<'s, T>(
    site: &'s Site,
    kind: PageKind,
    list: &'s [T],
) -> impl Iterator<Item = (PageRecord<'s>, &'s T)> {
    site.pages_of(kind)
        .filter_map(move |r| list.get(r.index).map(|page| (r, page)))
}

fn tag_names(record: &PageRecord) -> Vec<String> {
    record.tag_names().map(str::to_string).collect()
}

pub(crate) fn questions(site: &Site) -> Output {
    let questions: Vec<serde_json::Value> = records(site, PageKind::Question, &site.questions)
        .map(|(r, q)| {
            json!({
                "slug": q.question.slug,
                "url": site.absolute(&r.url),
                "title": r.title,
                "tags": tag_names(&r),
                "asked": q.question.asked.to_string(),
                "asked_by": q.question.asked_by,
                "answer_count": q.answers.len(),
                "accepted_answer": q.accepted().map(|a| a.id.clone()),
                "top_votes": q.top_votes(),
                "duplicate_of": q.duplicate_of.and_then(|i| site.questions.get(i)).map(|c| c.question.slug.clone()),
            })
        })
        .collect();
    output(
        "questions.json",
        json!({"version": EXPORT_VERSION, "questions": questions}),
    )
}

pub(crate) fn ideas(site: &Site) -> Output {
    let ideas: Vec<serde_json::Value> = records(site, PageKind::Idea, &site.ideas)
        .map(|(r, p)| {
            let f = &p.facts;
            json!({
                "slug": p.idea.slug,
                "url": site.absolute(&r.url),
                "title": r.title,
                "author": p.idea.author,
                "tags": tag_names(&r),
                "status": p.idea.status.as_str(),
                "submitted": p.idea.submitted.to_string(),
                "votes": {"up": f.up, "down": f.down},
                "net": f.net,
                "cohort": f.cohort,
                "window_end": f.window_end.to_string(),
                "days_left": f.days_left,
                "owner": p.idea.owner,
                "release": p.idea.release,
                "duplicate_of": p.duplicate_of.and_then(|i| site.ideas.get(i)).map(|c| c.idea.slug.clone()),
                "history": p.idea.history.iter().map(|h| json!({"date": h.date.to_string(), "status": h.status.as_str(), "note": h.note})).collect::<Vec<_>>(),
            })
        })
        .collect();
    output(
        "ideas.json",
        json!({"version": EXPORT_VERSION, "ideas": ideas}),
    )
}

/// `stats.json`: the community figures of `/stats/` (the same document
/// `townhall stats --format json` prints).
pub(crate) fn stats(site: &Site) -> Output {
    output("stats.json", stats_json(site.stats()))
}

/// The JSON document of a `Stats`, as `stats.json` holds it.
pub(crate) fn stats_json(stats: &crate::resolve::stats::Stats) -> serde_json::Value {
    serde_json::to_value(stats).unwrap_or(serde_json::Value::Null)
}

fn output(path: &str, value: serde_json::Value) -> Output {
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    Output::Bytes {
        path: path.to_string(),
        bytes,
    }
}
