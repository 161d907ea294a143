//! `townhall check`: every validation of `build`, nothing written.

use super::report;
use crate::cli::{CheckArgs, FormatArg};
use crate::ctx::{Ctx, Failure};
use crate::diag::{Code, Diagnostic, Severity, Span};
use crate::ideas::rule;
use crate::pipeline;
use crate::resolve::Site;
use crate::review::Reviewer;
use std::collections::BTreeSet;
use std::path::Path;

/// The pull request author: `--author`, else the pull request's author in
/// the GitHub event payload, else `GITHUB_ACTOR`.
fn reviewer(args: &CheckArgs) -> Reviewer {
    let nonempty = |s: &String| !s.trim().is_empty();
    let from_event = || {
        let text = std::fs::read_to_string(args.github_event_path.as_ref()?).ok()?;
        let event: serde_json::Value = serde_json::from_str(&text).ok()?;
        event["pull_request"]["user"]["login"]
            .as_str()
            .map(str::to_string)
            .filter(nonempty)
    };
    let (author, author_source) = if let Some(a) = args.author.clone().filter(nonempty) {
        (Some(a), "--author")
    } else if let Some(a) = from_event() {
        (Some(a), "the pull request event (GITHUB_EVENT_PATH)")
    } else if let Some(a) = args.github_actor.clone().filter(nonempty) {
        (Some(a), "GITHUB_ACTOR")
    } else {
        (None, "")
    };
    Reviewer {
        author,
        author_source,
        maintainer: args.maintainer,
    }
}

/// Guides, questions, answers and ideas whose body still holds the
/// placeholder line of a new file (from `townhall new` or a site's "ask",
/// "answer" or "propose" link): the writer has not written it yet.
fn placeholders(root: &Path, site: &Site) -> Vec<Diagnostic> {
    let bodies = site
        .guides
        .iter()
        .map(|g| (&g.guide.path, g.guide.body.text_or_empty()))
        .chain(
            site.questions
                .iter()
                .map(|q| (&q.question.path, q.question.body.text_or_empty())),
        )
        .chain(
            site.questions
                .iter()
                .flat_map(|q| q.answers.iter().map(|a| (&a.path, a.body.text_or_empty()))),
        )
        .chain(
            site.ideas
                .iter()
                .map(|i| (&i.idea.path, i.idea.body.text_or_empty())),
        );
    let mut out = Vec::new();
    for (path, body) in bodies {
        let Some(placeholder) = crate::content::templates::PLACEHOLDERS
            .iter()
            .find(|p| body.lines().any(|l| l.trim() == **p))
        else {
            continue;
        };
        let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        let line = text
            .lines()
            .position(|l| l.trim() == *placeholder)
            .map_or(1, |i| i + 1);
        out.push(
            Diagnostic::error(
                Code::PLACEHOLDER,
                path,
                format!("still holds the placeholder text `{placeholder}` of a new file"),
            )
            .at(Span::new(line, 1, placeholder.chars().count()))
            .hint(
                "replace it with the real text, or mark a guide `draft: true` until it is written",
            ),
        );
    }
    out
}

pub(crate) fn run(ctx: &Ctx, args: &CheckArgs) -> Result<(), Failure> {
    let today = ctx.today(args.today)?;
    ctx.site()?;
    // check everything a build could publish
    let options = ctx.build_options(today, args.drafts, args.profile, None)?;
    // Rendering is part of checking: a template error fails a build too.
    // The rendered files themselves are not needed.
    let (site, mut diagnostics) = match pipeline::check(&ctx.root, options) {
        Ok(built) => (Some(built.site), built.diagnostics),
        Err(diagnostics) => (None, diagnostics),
    };
    if let Some(site) = &site {
        diagnostics.extend(placeholders(&ctx.root, site));
    }
    let mut review = None;
    let mut hidden_warnings = 0;
    if let (Some(base), Some(site)) = (&args.base, &site) {
        let reviewer = reviewer(args);
        match crate::review::review(&ctx.root, base, site, &reviewer) {
            Ok(r) => {
                // The review is about this change: warnings in content files
                // it does not touch are old news. Errors stay, wherever they
                // are: the change must not be merged into a broken site.
                let touched: BTreeSet<&Path> = r.changes.iter().map(|c| c.path.as_path()).collect();
                let languages = site.config.other_languages();
                // a change to a source that leaves its translations behind
                // is this change's doing, though it touches no translation
                let stale_by_this_change = |d: &Diagnostic| {
                    d.code == Code::TRANSLATION_STALE
                        && crate::content::kinds::translation_source(&d.path, &languages)
                            .is_some_and(|(source, _)| touched.contains(source.as_path()))
                };
                let before = diagnostics.len();
                diagnostics = diagnostics
                    .into_iter()
                    .filter(|d| {
                        d.is_error()
                            || rule::ENFORCED_BY_CHECK.contains(&d.code)
                            || touched.contains(d.path.as_path())
                            || stale_by_this_change(d)
                            || !(d.path.starts_with("content") || d.path.starts_with("ideas"))
                    })
                    .collect();
                hidden_warnings = before - diagnostics.len();
                if let (FormatArg::Human, Some(a)) = (args.format, &reviewer.author) {
                    eprintln!(
                        "votes checked against the author `{a}` (from {})",
                        reviewer.author_source
                    );
                }
                diagnostics.extend(r.diagnostics.clone());
                review = Some(r);
            }
            Err(message) => {
                return Err(Failure::usage(format!(
                    "cannot review against `{base}`: {message}"
                )));
            }
        }
    }
    // `build` publishes an idea whose recorded timeline skips a step or runs
    // backwards (with a warning); the reviewer's tool enforces the workflow.
    // With --strict, every warning fails the check too.
    let diagnostics: crate::diag::Diagnostics = diagnostics
        .into_iter()
        .map(|mut d| {
            if rule::ENFORCED_BY_CHECK.contains(&d.code) || args.strict {
                d.severity = Severity::Error;
            }
            d
        })
        .collect();
    let failed = diagnostics.has_errors();
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    let sorted = diagnostics.sorted();
    if let Some(review) = &review {
        if args.format == FormatArg::Human {
            println!("changes against {}:", review.base);
            for c in &review.changes {
                println!(
                    "  {:<8} {:<8} {}",
                    c.kind.label(),
                    c.content,
                    c.path.display()
                );
            }
            for t in &review.transitions {
                println!(
                    "  idea {}: {} -> {} ({} net votes)",
                    t.path.display(),
                    t.from.as_str(),
                    t.to.as_str(),
                    t.net
                );
            }
            for v in &review.votes {
                println!(
                    "  vote {}: {} {} (net {} -> {})",
                    v.path.display(),
                    v.who,
                    v.what,
                    v.net_before,
                    v.net_after
                );
            }
        }
        if let Some(path) = &args.summary {
            std::fs::write(path, crate::review::summary(review, &sorted))
                .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    if args.format == FormatArg::Json {
        // JSON Lines on stdout, one diagnostic per line, for `> report.json`
        let text = crate::diag::render(&sorted, &ctx.root, crate::diag::Format::Json, false);
        print!("{text}");
    } else {
        report(ctx, args.format, sorted);
    }
    if args.format == FormatArg::Human {
        if hidden_warnings > 0 {
            eprintln!("{hidden_warnings} warnings in files this change does not touch are not shown (run `townhall check` without --base to see them)");
        }
        if failed {
            eprintln!("check failed: {errors} errors, {warnings} warnings");
        } else {
            println!("check passed ({warnings} warnings)");
        }
    }
    if failed {
        Err(Failure::content())
    } else {
        Ok(())
    }
}
