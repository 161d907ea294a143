//! `townhall search`: the browser's search, in the terminal.

use crate::cli::{SearchArgs, TextOrJson};
use crate::ctx::{Ctx, Failure};
use crate::index::search::{self, Filters};

pub fn run(ctx: &Ctx, args: &SearchArgs) -> Result<(), Failure> {
    let today = ctx.today(None)?;
    let site = super::public_site(ctx, today)?;
    let index = search::build(&site);
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
                    hit.url,
                    if extra.is_empty() {
                        String::new()
                    } else {
                        format!("  ({extra})")
                    }
                );
            }
        }
    }
    Ok(())
}
