//! `questions.json`, `ideas.json` and `stats.json`: machine-readable exports for help
//! desks, CRMs and product tools. Their schemas are documented in the
//! reference; `version` changes when a field is removed or changes meaning.

use crate::output::Output;
use crate::resolve::Site;
use serde_json::json;

pub const EXPORT_VERSION: u32 = 1;

pub fn questions(site: &Site) -> Output {
    let questions: Vec<serde_json::Value> = site
        .questions
        .iter()
        .map(|q| {
            json!({
                "slug": q.question.slug,
                "url": site.absolute(&q.url),
                "title": q.question.title,
                "tags": q.question.tags.iter().map(|(t, _)| t).collect::<Vec<_>>(),
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

pub fn ideas(site: &Site) -> Output {
    let ideas: Vec<serde_json::Value> = site
        .ideas
        .iter()
        .map(|p| {
            let f = &p.facts;
            json!({
                "slug": p.idea.slug,
                "url": site.absolute(&p.url),
                "title": p.idea.title,
                "author": p.idea.author,
                "tags": p.idea.tags.iter().map(|(t, _)| t).collect::<Vec<_>>(),
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
pub fn stats(site: &Site) -> Output {
    output("stats.json", stats_json(site.stats()))
}

/// The JSON document of a `Stats`, as `stats.json` holds it.
pub fn stats_json(stats: &crate::resolve::stats::Stats) -> serde_json::Value {
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
