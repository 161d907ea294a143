//! `townhall search`: the browser's search, in the terminal.

use crate::cli::{SearchArgs, TextOrJson};
use crate::ctx::{Ctx, Failure};
use crate::index::search::{self, Filters};
use crate::resolve::Site;

pub(crate) fn run(ctx: &Ctx, args: &SearchArgs) -> Result<(), Failure> {
    let today = ctx.today(None)?;
    let site = super::public_site(ctx, today)?;
    let site = match &args.lang {
        Some(code) => language_site(&site, code)?,
        None => &site,
    };
    let index = search::build(site);
    let filters = Filters {
        kind: args.kind.clone(),
        tag: args.tag.clone(),
        status: args.status.clone(),
    };
    let hits = search::query(&index, &args.query, &filters, args.limit);
    match args.format {
        TextOrJson::Json => println!(
            "{}",
            serde_json::to_string_pretty(&hits).unwrap_or_default()
        ),
        TextOrJson::Text => {
            if hits.is_empty() {
                println!("no results for \"{}\"", args.query);
            }
            for (i, hit) in hits.iter().enumerate() {
                let mut extra = hit.tags.join(", ");
                if !hit.status.is_empty() {
                    extra = if extra.is_empty() {
                        hit.status.clone()
                    } else {
                        format!("{}; {extra}", hit.status)
                    };
                }
                println!(
                    "{:>2}. [{}] {}  {}{}",
                    i + 1,
                    hit.kind,
                    hit.title,
                    hit.link,
                    if extra.is_empty() {
                        String::new()
                    } else {
                        format!("  ({extra})")
                    }
                );
                let snippet = marked_text(&hit.snippet);
                match (hit.heading.is_empty(), snippet.is_empty()) {
                    (_, true) => {}
                    (true, false) => println!("    {snippet}"),
                    (false, false) => println!("    § {}: {snippet}", hit.heading),
                }
            }
        }
    }
    Ok(())
}

/// The site of one language (`--lang`): the default language's or one of
/// its translations, each searched with its own index as the browser does
/// on that language's pages.
fn language_site<'a>(site: &'a Site, code: &str) -> Result<&'a Site, Failure> {
    let all = || std::iter::once(site).chain(&site.translations);
    all()
        .find(|s| s.language().eq_ignore_ascii_case(code))
        .ok_or_else(|| {
            let codes: Vec<&str> = all().map(Site::language).collect();
            Failure::usage(format!("`{code}` is not one of this site's languages"))
                .hint(format!("search one of: {}", codes.join(", ")))
        })
}

/// A snippet's HTML as terminal text: marked words in `[` `]`.
fn marked_text(html: &str) -> String {
    html.replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    #[test]
    fn snippets_read_as_plain_text_with_marks_in_brackets() {
        assert_eq!(
            super::marked_text(
                "Keep <mark>beer</mark> &lt;cold&gt; &amp; &quot;dark&quot; &#39;x&#39; &amp;lt;"
            ),
            "Keep [beer] <cold> & \"dark\" 'x' &lt;"
        );
    }
}
