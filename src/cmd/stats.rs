//! `townhall stats`: the community figures of `/stats/` in the terminal,
//! as JSON (the `stats.json` document) or as CSV for spreadsheets.

use crate::cli::{Cli, StatsArgs, StatsFormat};
use crate::index::{exports, stats_report};
use crate::resolve::stats;
use crate::EXIT_USAGE;

pub fn run(cli: &Cli, args: &StatsArgs) -> u8 {
    let Some(today) = super::today_or_exit(cli, args.today) else {
        return EXIT_USAGE;
    };
    if let Some(since) = args.since.filter(|s| *s > today) {
        eprintln!("error: --since {since} is after today ({today})\n  = help: pass an earlier --since, or a later --today");
        return EXIT_USAGE;
    }
    // The public site's figures: the same as /stats/ and stats.json.
    let site = match super::public_site(cli, today) {
        Ok(site) => site,
        Err(code) => return code,
    };
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
    0
}
