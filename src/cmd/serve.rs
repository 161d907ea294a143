//! `townhall serve`: build, serve on 127.0.0.1, rebuild and reload on save.

use super::report;
use crate::cli::{Cli, FormatArg, ServeArgs};
use crate::resolve::{BuildOptions, Profile};
use crate::serve::{self, ServeError};
use crate::EXIT_USAGE;
use std::net::SocketAddr;

pub fn run(cli: &Cli, args: &ServeArgs) -> u8 {
    let Some(today) = super::today_or_exit(cli, args.today) else {
        return EXIT_USAGE;
    };
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the site, drafts included",
            args.bind
        );
    }
    let open = args.open;
    let options = serve::Options {
        root: cli.root.clone(),
        addr: SocketAddr::new(args.bind, args.port),
        output: args.output.clone(),
        build: BuildOptions {
            today,
            drafts: args.drafts,
            profile: Profile::Public,
            base_url: None,
        },
        report: Box::new(|diagnostics| report(cli, FormatArg::Human, diagnostics.to_vec())),
        on_ready: Box::new(move |url| {
            if open {
                open_browser(url);
            }
        }),
    };
    match serve::run(options) {
        Ok(()) => 0,
        // Both are the environment's, not the content's: exit 2.
        Err(e @ (ServeError::AddrInUse(_) | ServeError::Env(_))) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
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
