//! The review as Markdown, for the pull request's comment (`--summary`).

use super::*;

/// The review as Markdown, meant to be posted as the pull request's comment.
pub(crate) fn summary(review: &Review, diagnostics: &[Diagnostic]) -> String {
    let mut md = String::from("## townhall review\n\n");
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    md.push_str(&match (errors, warnings) {
        (0, 0) => "✅ No problems found.\n\n".to_string(),
        (0, w) => format!("⚠️ {w} warning(s), no errors.\n\n"),
        (e, w) => format!("❌ {e} error(s), {w} warning(s).\n\n"),
    });
    md.push_str(&format!("### What changed (against `{}`)\n\n", review.base));
    if review.changes.is_empty() {
        md.push_str("No content files changed.\n\n");
    } else {
        md.push_str("| change | kind | file |\n|---|---|---|\n");
        for c in &review.changes {
            md.push_str(&format!(
                "| {} | {} | `{}` |\n",
                c.kind.label(),
                c.content,
                c.path.display()
            ));
        }
        md.push('\n');
    }
    if !review.transitions.is_empty() {
        md.push_str("### Idea status changes\n\n");
        for t in &review.transitions {
            md.push_str(&format!(
                "- `{}`: {} → {} ({} net votes)\n",
                t.path.display(),
                t.from.as_str(),
                t.to.as_str(),
                t.net
            ));
        }
        md.push('\n');
    }
    if !review.votes.is_empty() {
        md.push_str("### Votes\n\n| idea | who | change | net votes |\n|---|---|---|---|\n");
        for v in &review.votes {
            md.push_str(&format!(
                "| `{}` {} | {} | {} | {} → {} |\n",
                v.path.display(),
                v.title.replace('|', "\\|"),
                v.who.replace('|', "\\|"),
                v.what,
                v.net_before,
                v.net_after
            ));
        }
        md.push('\n');
    }
    if !review.duplicates.is_empty() {
        md.push_str(&format!(
            "### Possible duplicates (trigram similarity ≥ {:.2})\n\n",
            similar::THRESHOLD
        ));
        for d in &review.duplicates {
            let list: Vec<String> = d
                .similar
                .iter()
                .map(|(t, u, s)| format!("[{t}]({u}) ({s:.2})"))
                .collect();
            md.push_str(&format!("- “{}” resembles {}\n", d.title, list.join(", ")));
        }
        md.push('\n');
    }
    if !diagnostics.is_empty() {
        md.push_str("### Problems\n\n");
        for d in diagnostics {
            let at = d.span.map_or(String::new(), |s| format!(":{}", s.line));
            let hint = d
                .hint
                .as_deref()
                .map_or(String::new(), |h| format!(" — {h}"));
            let level = if d.is_error() { "error" } else { "warning" };
            md.push_str(&format!(
                "- **{level}** `{}` `{}{at}`: {}{hint}\n",
                d.code,
                d.path.display(),
                d.message
            ));
        }
    }
    md
}
