use clap::Parser;

fn main() -> std::process::ExitCode {
    townhall::run(townhall::cli::Cli::parse())
}
