//! `townhall serve`: build, serve on 127.0.0.1, rebuild and reload on save.

use super::report;
use crate::cli::{FormatArg, ServeArgs};
use crate::ctx::{Ctx, Failure};
use crate::resolve::{BuildOptions, Profile};
use crate::serve::{self, ServeError};
use std::net::SocketAddr;

pub(crate) fn run(ctx: &Ctx, args: &ServeArgs) -> Result<(), Failure> {
    let today = ctx.today(args.today)?;
    ctx.site()?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the site, drafts included",
            args.bind
        );
    }
    let open = args.open;
    // The first build is warm when an earlier serve left the cache (a
    // build's pages are made for another address, but its parses,
    // highlighted code and search analyses serve too); what it made is
    // kept for the next restart. Later rebuilds use this process's memory.
    let cache = super::build::cache_at(&ctx.root, &args.cache);
    let warm = cache
        .as_ref()
        .map(|cache| super::build::open_warm(cache, true));
    let temp_in = cache
        .as_ref()
        .map(|cache| cache.serving().path().to_path_buf());
    let options = serve::Options {
        root: ctx.root.clone(),
        addr: SocketAddr::new(args.bind, args.port),
        output: args.output.clone(),
        build: BuildOptions {
            today,
            drafts: args.drafts,
            profile: Profile::Public,
            base_url: None,
        },
        report: Box::new(|diagnostics| report(ctx, FormatArg::Human, diagnostics.to_vec())),
        on_ready: Box::new(move |url| {
            if open {
                open_browser(url);
            }
        }),
        warm,
        keep: Box::new(move |warm, output| {
            if let Some(cache) = &cache {
                super::build::keep_warm(cache, &warm, output);
            }
        }),
        temp_in,
    };
    // Both failures are the environment's, not the content's: exit 2.
    serve::run(options).map_err(|e @ (ServeError::AddrInUse(_) | ServeError::Env(_))| {
        Failure::usage(e.to_string())
    })
}

/// Best effort: a missing opener is a warning, not a failure.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
