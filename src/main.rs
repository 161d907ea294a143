use clap::Parser;

// A build makes millions of small, short-lived allocations on every core
// (Markdown events, template values, index terms); mimalloc's per-thread
// heaps spend far less time on them than the system allocator. The
// `override` feature routes C's malloc to it too: the Oniguruma regex engine
// behind highlighting allocates on every search.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    townhall::run(townhall::cli::Cli::parse())
}
