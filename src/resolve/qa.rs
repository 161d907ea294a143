//! Q&A threads: answers attached to their question and ordered, accepted
//! answers and duplicates checked.

use super::site::QuestionPage;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::parse::{Answer, Question};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Questions with their answers. `unbuilt` are the files whose own errors
/// keep them out of this build: an answer to such a question, or an
/// `accepted` naming such an answer, is not a second error.
pub(crate) fn threads(
    questions: Vec<Question>,
    answers: Vec<Answer>,
    unbuilt: &BTreeSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> Vec<QuestionPage> {
    let mut by_question: BTreeMap<String, Vec<Answer>> = BTreeMap::new();
    let known: BTreeMap<&str, ()> = questions.iter().map(|q| (q.slug.as_str(), ())).collect();
    for answer in answers {
        if known.contains_key(answer.question.as_str()) {
            by_question
                .entry(answer.question.clone())
                .or_default()
                .push(answer);
        } else {
            let folder = answer
                .path
                .parent()
                .and_then(|p| p.parent())
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if unbuilt.contains(&Path::new(&folder).join("index.md")) {
                continue;
            }
            diagnostics.push(
                Diagnostic::error(
                    Code::QUESTION_MISSING,
                    &answer.path,
                    format!("this answer's question has no {folder}/index.md"),
                )
                .hint(
                    "create the question's index.md, or move the answer under an existing question",
                ),
            );
        }
    }
    let mut pages: Vec<QuestionPage> = questions
        .into_iter()
        .map(|question| {
            let mut answers = by_question.remove(&question.slug).unwrap_or_default();
            let accepted_id = question.accepted.as_ref().map(|(id, _)| id.clone());
            answers.sort_by(|a, b| {
                let a_acc = Some(&a.id) == accepted_id.as_ref();
                let b_acc = Some(&b.id) == accepted_id.as_ref();
                b_acc.cmp(&a_acc).then(b.votes.cmp(&a.votes)).then(a.date.cmp(&b.date)).then(a.id.cmp(&b.id))
            });
            let has_accepted = match &question.accepted {
                Some((id, span)) => {
                    let found = answers.first().is_some_and(|a| &a.id == id);
                    let unbuilt_answer = question
                        .path
                        .parent()
                        .is_some_and(|dir| unbuilt.contains(&dir.join("answers").join(format!("{id}.md"))));
                    if !found && !unbuilt_answer {
                        let ids: Vec<&str> = answers.iter().map(|a| a.id.as_str()).collect();
                        let mut d = Diagnostic::error(Code::ACCEPTED_MISSING, &question.path, format!("`accepted: {id}` names no answer of this question"))
                            .at(*span);
                        d = match crate::diag::closest(id, ids.iter().copied()) {
                            Some(best) => d.hint(format!("did you mean `{best}`? answer ids are the file names in answers/, without .md")),
                            None if ids.is_empty() => d.hint("this question has no answers yet; remove `accepted`"),
                            None => d.hint(format!("answers: {}", ids.join(", "))),
                        };
                        diagnostics.push(d);
                    }
                    found
                }
                None => false,
            };
            for answer in &answers {
                if answer.date < question.asked {
                    diagnostics.push(
                        Diagnostic::warning(Code::ANSWER_BEFORE_QUESTION, &answer.path, format!("answer dated {} is older than its question ({})", answer.date, question.asked))
                            .at(answer.date_span)
                            .hint("check the answer's `date` and the question's `asked`"),
                    );
                }
            }
            let answer_links = vec![BTreeMap::new(); answers.len()];
            QuestionPage {
                url: format!("/questions/{}/", question.slug),
                summary: super::site::summary(None, &question.body),
                question,
                answers,
                has_accepted,
                duplicate_of: None,
                duplicates: Vec::new(),
                links: BTreeMap::new(),
                answer_links,
            }
        })
        .collect();
    // Newest first; ties by slug so the order is stable.
    pages.sort_by(|a, b| {
        b.question
            .asked
            .cmp(&a.question.asked)
            .then_with(|| a.question.slug.cmp(&b.question.slug))
    });
    let targets: Vec<Option<(String, std::path::PathBuf, Span)>> = pages
        .iter()
        .map(|p| {
            p.question
                .duplicate_of
                .as_ref()
                .map(|(slug, span)| (slug.clone(), p.question.path.clone(), *span))
        })
        .collect();
    let slugs: Vec<String> = pages.iter().map(|p| p.question.slug.clone()).collect();
    let links = duplicate_links(&slugs, &targets, "question", diagnostics);
    for (index, target) in links.into_iter().enumerate() {
        if let Some(target) = target {
            if let Some(page) = pages.get_mut(index) {
                page.duplicate_of = Some(target);
            }
            if let Some(canonical) = pages.get_mut(target) {
                canonical.duplicates.push(index);
            }
        }
    }
    pages
}

/// Resolves `duplicate_of` slugs to indexes, reporting unknown slugs and cycles.
/// Shared by questions and ideas.
pub(crate) fn duplicate_links(
    slugs: &[String],
    targets: &[Option<(String, std::path::PathBuf, Span)>],
    kind: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<Option<usize>> {
    let index: BTreeMap<&str, usize> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut links: Vec<Option<usize>> = vec![None; slugs.len()];
    for (i, target) in targets.iter().enumerate() {
        let Some((slug, path, span)) = target else {
            continue;
        };
        match index.get(slug.as_str()) {
            Some(&t) if t == i => diagnostics.push(
                Diagnostic::error(
                    Code::DUPLICATE_CYCLE,
                    path,
                    format!("this {kind} is marked as a duplicate of itself"),
                )
                .at(*span)
                .hint("point `duplicate_of` at the canonical one, or remove it"),
            ),
            Some(&t) => {
                if let Some(link) = links.get_mut(i) {
                    *link = Some(t);
                }
            }
            None => {
                let mut d = Diagnostic::error(
                    Code::DUPLICATE_OF_MISSING,
                    path,
                    format!("`duplicate_of: {slug}` names no {kind}"),
                )
                .at(*span);
                if let Some(best) = crate::diag::closest(slug, slugs.iter().map(String::as_str)) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    // Cycles: follow each chain; a chain that revisits a node is a cycle.
    let mut reported = vec![false; slugs.len()];
    for start in 0..slugs.len() {
        let mut seen = Vec::new();
        let mut at = start;
        while let Some(Some(next)) = links.get(at) {
            if seen.contains(&at) {
                break;
            }
            seen.push(at);
            at = *next;
        }
        if seen.contains(&at) && at == start && !reported[start] {
            let names: Vec<&str> = seen
                .iter()
                .filter_map(|&i| slugs.get(i).map(String::as_str))
                .collect();
            for &member in &seen {
                reported[member] = true;
            }
            if let Some(Some((_, path, span))) = targets.get(start) {
                diagnostics.push(
                    Diagnostic::error(
                        Code::DUPLICATE_CYCLE,
                        path,
                        format!(
                            "`duplicate_of` forms a cycle: {} → {}",
                            names.join(" → "),
                            names.first().unwrap_or(&"")
                        ),
                    )
                    .at(*span)
                    .hint(format!(
                        "pick one canonical {kind} and remove `duplicate_of` from it"
                    )),
                );
            }
        }
    }
    // Break cycles so later stages can follow links safely.
    for (i, link) in links.iter_mut().enumerate() {
        if reported[i] {
            *link = None;
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(slug: &str) -> Option<(String, std::path::PathBuf, Span)> {
        Some((slug.into(), "x.md".into(), Span::default()))
    }

    #[test]
    fn cycles_are_reported_once_and_broken() {
        let slugs: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let targets = vec![target("b"), target("c"), target("a"), target("a")];
        let mut diags = Diagnostics::new();
        let links = duplicate_links(&slugs, &targets, "question", &mut diags);
        let cycles: Vec<_> = diags
            .iter()
            .filter(|d| d.code == Code::DUPLICATE_CYCLE)
            .collect();
        assert_eq!(cycles.len(), 1, "{:?}", diags);
        assert!(
            cycles[0].message.contains("a → b → c → a"),
            "{}",
            cycles[0].message
        );
        assert_eq!(links, vec![None, None, None, Some(0)]);
    }

    #[test]
    fn unknown_and_self_duplicates() {
        let slugs: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let mut diags = Diagnostics::new();
        duplicate_links(&slugs, &[target("a"), target("zzz")], "idea", &mut diags);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![Code::DUPLICATE_CYCLE, Code::DUPLICATE_OF_MISSING]
        );
    }
}
