//! townhall: a static-site generator for public knowledge-base communities.
//!
//! The pipeline runs forward only: `load` -> `parse` -> `resolve` ->
//! `render` -> `index` -> `write`. `diag`, `config`, `clock` and `slug` sit
//! below every stage; `cmd` sits above all of them and nothing imports it.
//! `import`, `triage` and `erase` edit content files; like `cmd`, no stage
//! imports them.

pub mod cli;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod erase;
pub mod ideas_merge;
pub mod import;
pub mod index;
pub mod load;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod review;
pub mod serve;
pub mod slug;
pub mod triage;
pub mod write;

use std::process::ExitCode;

/// Exit codes: 0 clean, 1 content errors, 2 usage or environment failure.
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn run(cli: cli::Cli) -> ExitCode {
    let code = match &cli.command {
        cli::Command::Init(args) => cmd::init::run(&cli, args),
        cli::Command::Build(args) => cmd::build::run(&cli, args),
        cli::Command::Serve(args) => cmd::serve::run(&cli, args),
        cli::Command::Check(args) => cmd::check::run(&cli, args),
        cli::Command::New(args) => cmd::new::run(&cli, args),
        cli::Command::Erase(args) => cmd::erase::run(&cli, args),
        cli::Command::Search(args) => cmd::search::run(&cli, args),
        cli::Command::Stats(args) => cmd::stats::run(&cli, args),
        cli::Command::Ideas(cli::IdeasCommand::Triage(args)) => cmd::triage::run(&cli, args),
        cli::Command::Ideas(cli::IdeasCommand::Merge(args)) => cmd::merge::run(&cli, args),
        cli::Command::Import(args) => cmd::import::run(&cli, args),
    };
    ExitCode::from(code)
}
