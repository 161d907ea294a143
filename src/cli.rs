//! The command line: clap derive types only, no logic.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "townhall",
    version,
    about = "Build a fast static knowledge base — guides, curated Q&A and an ideas board — from one git repository.",
    after_help = "Examples:\n  townhall init my-community\n  townhall build --root my-community\n\nDocumentation: the site this repository builds, under /guides/."
)]
pub struct Cli {
    /// The site root (the folder with site.toml).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,

    /// `SOURCE_DATE_EPOCH`, read here so the rest of townhall never reads the environment.
    #[arg(skip = std::env::var("SOURCE_DATE_EPOCH").ok())]
    pub source_date_epoch: Option<String>,

    /// `NO_COLOR`, likewise.
    #[arg(skip = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))]
    pub no_color: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with a working starter: sections, guides, a question and an idea.
    #[command(after_help = "Examples:\n  townhall init my-community\n  townhall init . --force")]
    Init(InitArgs),
    /// Build the site into the output folder (public/ by default).
    #[command(
        after_help = "Examples:\n  townhall build\n  townhall build --root docs --output /tmp/site --today 2026-03-01\n  townhall build --drafts --base-url http://localhost:8000/"
    )]
    Build(BuildArgs),
    /// Validate every file as `build` does, without writing anything (for CI and pull requests).
    #[command(after_help = "Examples:\n  townhall check\n  townhall check --format github")]
    Check(CheckArgs),
    /// Search the site from the terminal: the same results, in the same order, as the browser.
    #[command(
        after_help = "Examples:\n  townhall search \"refund policy\"\n  townhall search invoice --kind question --limit 5 --format json"
    )]
    Search(SearchArgs),
    /// Maintain the ideas board.
    #[command(
        subcommand,
        after_help = "Examples:\n  townhall ideas triage\n  townhall ideas triage --apply"
    )]
    Ideas(IdeasCommand),
}

#[derive(Debug, Subcommand)]
pub enum IdeasCommand {
    /// List the status changes the vote rule says are due; `--apply` makes them.
    #[command(
        after_help = "Examples:\n  townhall ideas triage --today 2026-03-01\n  townhall ideas triage --apply --format json"
    )]
    Triage(TriageArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// The date the rule is applied on, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
    /// Edit the idea files: change `status:` and append one `history` entry each.
    #[arg(long)]
    pub apply: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The date rules use, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
    /// `internal` also checks pages marked `visibility: internal`.
    #[arg(long, value_enum, default_value_t = ProfileArg::Internal)]
    pub profile: ProfileArg,
    /// How to print diagnostics: human, json (one object per line) or github (workflow annotations).
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty (only the starter's own files are overwritten).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Public,
    Internal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// rustc-style, for people.
    Human,
    /// One JSON object per diagnostic.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder, relative to the current directory [default: <root>/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Override site.toml's base_url (deploy previews, local hosting).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The date the idea workflow and "today" use, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
    /// `internal` also builds pages marked `visibility: internal`.
    #[arg(long, value_enum, default_value_t = ProfileArg::Public)]
    pub profile: ProfileArg,
    /// Print only problems.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print what each stage did and how long it took.
    #[arg(long, short)]
    pub verbose: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

fn parse_date_arg(text: &str) -> Result<crate::clock::Date, String> {
    crate::clock::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date in YYYY-MM-DD form"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_an_example() {
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("townhall "),
                "{} has no example",
                sub.get_name()
            );
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to search for; the last word also matches as a prefix unless the query ends with a space.
    pub query: String,
    /// Only guides, questions or ideas.
    #[arg(long, value_parser = ["guide", "question", "idea"])]
    pub kind: Option<String>,
    /// Only pages with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only ideas with this status (or `answered` questions).
    #[arg(long)]
    pub status: Option<String>,
    /// How many results at most.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}
