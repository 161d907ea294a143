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
    /// Build the site, serve it on 127.0.0.1, and rebuild and reload open pages on every save.
    #[command(
        after_help = "Examples:\n  townhall serve\n  townhall serve --root docs --port 8080 --open\n  townhall serve --port 0 --drafts --today 2026-03-01"
    )]
    Serve(ServeArgs),
    /// Validate every file as `build` does, without writing anything (for CI and pull requests).
    #[command(
        after_help = "Examples:\n  townhall check\n  townhall check --base origin/main --format github --summary review.md"
    )]
    Check(CheckArgs),
    /// Search the site from the terminal: the same results, in the same order, as the browser.
    #[command(
        after_help = "Examples:\n  townhall search \"refund policy\"\n  townhall search invoice --kind question --limit 5 --format json\n  townhall search remboursements --lang fr"
    )]
    Search(SearchArgs),
    /// Community health in the terminal or for spreadsheets: the figures of /stats/ and stats.json.
    #[command(
        after_help = "Examples:\n  townhall stats\n  townhall stats --since 2026-01-01 --today 2026-06-30\n  townhall stats --format csv > stats.csv"
    )]
    Stats(StatsArgs),
    /// Create a guide, question, answer or idea with its front matter filled in.
    #[command(
        after_help = "Examples:\n  townhall new guide \"Partial refunds\" --section billing\n  townhall new answer \"Use the reset link.\" --question reset-password\n  townhall new idea \"Dark mode\" --author ann"
    )]
    New(NewArgs),
    /// Replace every trace of a member's handle with a stable pseudonym (erasure on request).
    #[command(
        after_help = "Examples:\n  townhall erase jane-doe\n  townhall erase jane-doe --apply"
    )]
    Erase(EraseArgs),
    /// Maintain the ideas board.
    #[command(
        subcommand,
        after_help = "Examples:\n  townhall ideas triage\n  townhall ideas triage --apply\n  townhall ideas merge dark-theme dark-mode"
    )]
    Ideas(IdeasCommand),
    /// Bring a community in from another platform's export: Stack Exchange, Discourse, Fider, Canny, GitHub Discussions.
    #[command(
        after_help = "Examples:\n  townhall import stackexchange dump/ --source-url https://cooking.stackexchange.com --dry-run\n  townhall import fider posts.json --owner ann\n  townhall import canny posts.csv --status-map statuses.toml --tag-map tags.toml"
    )]
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// A Stack Exchange data dump (Posts.xml, Users.xml, PostLinks.xml).
    Stackexchange,
    /// Fider's REST API JSON (posts, optionally their comments).
    Fider,
    /// Canny's CSV export of posts.
    Canny,
    /// `gh api graphql` JSON of a repository's discussions.
    Github,
    /// Discourse API JSON (`/latest.json`, `/t/<id>.json`).
    Discourse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportAs {
    /// Questions with their answers.
    Questions,
    /// Ideas: a meta site's feature requests, with their status tags and score.
    Ideas,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Where the content comes from.
    #[arg(value_enum)]
    pub source: ImportSource,
    /// The export's files, or folders holding them.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Report what would be written, changed and skipped; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Guides section folder (under content/guides/) for the attribution page [default: the guides root].
    #[arg(long, value_name = "S", default_value = "")]
    pub section: String,
    /// TOML file of `"source tag" = "site tag"` lines (`""` drops the tag).
    #[arg(long, value_name = "FILE")]
    pub tag_map: Option<PathBuf>,
    /// TOML file of `"source status" = "townhall status"` lines, for statuses the built-in table lacks.
    #[arg(long, value_name = "FILE")]
    pub status_map: Option<PathBuf>,
    /// The old site's address, for attribution links and ids (required for Stack Exchange).
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// Owner for planned, in-progress and shipped ideas when the export names none.
    #[arg(long, value_name = "HANDLE")]
    pub owner: Option<String>,
    /// The category whose topics or discussions become ideas (Discourse, GitHub).
    #[arg(long, value_name = "NAME")]
    pub ideas_category: Option<String>,
    /// What a Stack Exchange dump becomes: `ideas` takes a meta site's posts tagged feature-request.
    #[arg(
        long = "as",
        value_enum,
        value_name = "KIND",
        default_value = "questions"
    )]
    pub import_as: ImportAs,
    /// Write everything else when some files conflict (a question and its answers are skipped together).
    #[arg(long)]
    pub skip_conflicts: bool,
    /// Do not resolve the whole site after writing (for very large imports; run `townhall check` later).
    #[arg(long)]
    pub no_check: bool,
}

#[derive(Debug, Subcommand)]
pub enum IdeasCommand {
    /// List the status changes the vote rule says are due; `--apply` makes them.
    #[command(
        after_help = "Examples:\n  townhall ideas triage --today 2026-03-01\n  townhall ideas triage --apply --format json"
    )]
    Triage(TriageArgs),
    /// Merge a duplicate idea into another: voters and counts move, the duplicate redirects.
    #[command(
        after_help = "Examples:\n  townhall ideas merge dark-theme dark-mode\n  townhall ideas merge ideas/dark-theme.md ideas/dark-mode.md --today 2026-03-01"
    )]
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The duplicate idea (slug or path).
    pub duplicate: String,
    /// The idea it duplicates, which keeps the votes (slug or path).
    pub into: String,
    /// The date of the history entries, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
    /// Show the result; write nothing.
    #[arg(long)]
    pub dry_run: bool,
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
    /// Fail on warnings too (stale translations, sections without an index, …).
    #[arg(long)]
    pub strict: bool,
    /// The date rules use, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
    /// `internal` also checks pages marked `visibility: internal`.
    #[arg(long, value_enum, default_value_t = ProfileArg::Internal)]
    pub profile: ProfileArg,
    /// How to print diagnostics: human (stderr), json (JSON Lines on stdout) or github (workflow annotations).
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Also review the change against this git ref (e.g. origin/main): what changed, idea status
    /// changes, vote pull requests, likely duplicates, leaked secrets and personal data.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Write a Markdown review summary to FILE (for the pull request comment); needs --base.
    #[arg(long, value_name = "FILE", requires = "base")]
    pub summary: Option<std::path::PathBuf>,
    /// The pull request author's handle: a vote may add only this handle [default: the pull
    /// request author from GITHUB_EVENT_PATH, else GITHUB_ACTOR].
    #[arg(long, value_name = "HANDLE", requires = "base")]
    pub author: Option<String>,
    /// Review the change as a maintainer's: vote counts may change and voters may be corrected
    /// (CI sets it for pull requests with a maintainer-only label).
    #[arg(long, requires = "base")]
    pub maintainer: bool,
    /// `GITHUB_ACTOR`, read here so the rest of townhall never reads the environment.
    #[arg(skip = std::env::var("GITHUB_ACTOR").ok())]
    pub github_actor: Option<String>,
    /// `GITHUB_EVENT_PATH`, likewise.
    #[arg(skip = std::env::var_os("GITHUB_EVENT_PATH").map(PathBuf::from))]
    pub github_event_path: Option<PathBuf>,
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
    /// Output folder, relative to the current directory [default: `public/` under --root].
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
    /// Print the time each phase took (load, parse, resolve, render, search,
    /// index, write; render, search and index run side by side).
    #[arg(long)]
    pub timings: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Where the persistent build cache lives.
#[derive(Debug, Args)]
pub struct CacheArgs {
    /// The persistent cache folder, which a CI job may restore between runs [default: .townhall/cache under --root].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Build without reading or writing the persistent cache.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// TCP port; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; anything but a loopback address exposes the drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Where to write the served site [default: a temporary folder, removed on exit].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The date the idea workflow and "today" use, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
    /// The first build reads the persistent cache a `build` (or an earlier
    /// `serve`) left, and keeps what it highlighted for the next.
    #[command(flatten)]
    pub cache: CacheArgs,
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
    /// Search this language's pages, with its index (one of site.toml's `[languages]`); the default language's without it.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned tables, for people.
    Text,
    /// The document `stats.json` holds.
    Json,
    /// One row per figure: section,metric,key,value.
    Csv,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
    /// Count only what happened on or after this day, as YYYY-MM-DD [default: all time].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub since: Option<crate::clock::Date>,
    /// The last day counted, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Guide,
    Question,
    Answer,
    Idea,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum, required_unless_present = "translate")]
    pub kind: Option<NewKind>,
    /// The title (for an answer: its first line of text).
    #[arg(required_unless_present = "translate")]
    pub title: Option<String>,
    /// Instead: start the translation of this content file (with --lang), beside it.
    #[arg(long, value_name = "FILE", requires = "lang", conflicts_with_all = ["kind", "section", "question"])]
    pub translate: Option<PathBuf>,
    /// The language of the translation (one of site.toml's `[languages]`).
    #[arg(long, value_name = "CODE", requires = "translate")]
    pub lang: Option<String>,
    /// The section folder under content/guides/ (guides).
    #[arg(long)]
    pub section: Option<String>,
    /// The question's folder name (answers).
    #[arg(long)]
    pub question: Option<String>,
    /// The author's handle [default: `git config user.name`].
    #[arg(long)]
    pub author: Option<String>,
    /// The date written into the file, as YYYY-MM-DD [default: SOURCE_DATE_EPOCH, else the clock].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<crate::clock::Date>,
}

#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The member's handle.
    pub handle: String,
    /// Make the replacements (without it, only list the places).
    #[arg(long)]
    pub apply: bool,
}
