use clap::Parser;

// A build makes millions of small, short-lived allocations on every core
// (Markdown events, template values, index terms); mimalloc's per-thread
// heaps spend far less time on them than the system allocator. The
// `override` feature routes C's malloc to it too: the Oniguruma regex engine
// behind highlighting allocates on every search.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // mimalloc backs its heaps with transparent huge pages where the kernel
    // allows them; each is zeroed whole on first touch, which cost a warm
    // build up to half its time in the kernel, and a cold one 30 MB more
    // memory, for no gain in speed. Best effort: an old kernel just says no.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    townhall::run(townhall::cli::Cli::parse())
}
