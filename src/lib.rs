//! townhall: a static-site generator for public knowledge-base communities.
//!
//! The pipeline runs forward only: `load` -> `parse` -> `ideas::rule` ->
//! `resolve` -> `render` | `index` -> `write`. `diag`, `config`, `clock`,
//! `slug`, `hash`, `output` and `content` sit below every stage; `cmd` sits
//! above all of them and nothing imports it. `import`, `erase`, the ideas
//! wing's `triage` and `merge`, and `content::edit` change content files;
//! like `cmd`, no stage imports them. `tests/it/layering.rs` holds the whole
//! graph, and the docs' architecture page draws it.

#![warn(unreachable_pub)]

pub(crate) mod cache;
pub mod cli;
pub mod clock;
pub(crate) mod cmd;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod ctx;
pub mod diag;
pub(crate) mod erase;
pub(crate) mod hash;
pub mod ideas;
pub(crate) mod import;
pub mod index;
pub mod load;
pub(crate) mod output;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub(crate) mod review;
pub(crate) mod serve;
pub mod slug;
pub(crate) mod write;

use std::process::ExitCode;

/// Exit codes: 0 clean, 1 content errors, 2 usage or environment failure.
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Runs the command and maps its result to the exit code: the one place
/// that does.
pub fn run(cli: cli::Cli) -> ExitCode {
    end_quietly_on_closed_pipe();
    let ctx = ctx::Ctx::new(&cli);
    let result = match &cli.command {
        cli::Command::Init(args) => cmd::init::run(&ctx, args),
        cli::Command::Build(args) => cmd::build::run(&ctx, args),
        cli::Command::Serve(args) => cmd::serve::run(&ctx, args),
        cli::Command::Check(args) => cmd::check::run(&ctx, args),
        cli::Command::New(args) => cmd::new::run(&ctx, args),
        cli::Command::Erase(args) => cmd::erase::run(&ctx, args),
        cli::Command::Search(args) => cmd::search::run(&ctx, args),
        cli::Command::Stats(args) => cmd::stats::run(&ctx, args),
        cli::Command::Ideas(cli::IdeasCommand::Triage(args)) => cmd::triage::run(&ctx, args),
        cli::Command::Ideas(cli::IdeasCommand::Merge(args)) => cmd::merge::run(&ctx, args),
        cli::Command::Import(args) => cmd::import::run(&ctx, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprint!("{}", failure.render());
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Whether a panic message is `print!`'s report of a closed stdout or
/// stderr (`townhall search x | head -1`): the reader has all it wanted.
fn is_closed_pipe(message: &str) -> bool {
    (message.starts_with("failed printing to stdout")
        || message.starts_with("failed printing to stderr"))
        && (message.contains("Broken pipe")
            || message.contains("os error 32)")
            || message.contains("os error 232)"))
}

/// Every command prints with `println!`, which panics when the reader of a
/// pipe has gone away (Rust ignores SIGPIPE). That is not a failure: the
/// command ends at once, quietly, with exit code 0, like a Unix filter.
fn end_quietly_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if is_closed_pipe(message) {
            std::process::exit(0);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    #[test]
    fn closed_pipes_are_recognised() {
        assert!(super::is_closed_pipe(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(super::is_closed_pipe(
            "failed printing to stderr: The pipe is being closed. (os error 232)"
        ));
        assert!(!super::is_closed_pipe(
            "failed printing to stdout: disk full"
        ));
        assert!(!super::is_closed_pipe("index out of bounds"));
    }
}
