//! `townhall stats`: the community figures of `/stats/` in the terminal,
//! as JSON (the `stats.json` document) or as CSV for spreadsheets.

use crate::cli::{StatsArgs, StatsFormat};
use crate::ctx::{Ctx, Failure};
use crate::index::{exports, stats_report};
use crate::resolve::stats;

pub(crate) fn run(ctx: &Ctx, args: &StatsArgs) -> Result<(), Failure> {
    let today = ctx.today(args.today)?;
    if let Some(since) = args.since.filter(|s| *s > today) {
        return Err(
            Failure::usage(format!("--since {since} is after today ({today})"))
                .hint("pass an earlier --since, or a later --today"),
        );
    }
    // The public site's figures: the same as /stats/ and stats.json.
    let site = super::public_site(ctx, today)?;
    let figures = stats::compute(&site, args.since);
    match args.format {
        StatsFormat::Json => {
            let value = exports::stats_json(&figures);
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
        StatsFormat::Csv => print!("{}", stats_report::csv(&figures)),
        StatsFormat::Text => print!("{}", stats_report::text(&figures)),
    }
    Ok(())
}
