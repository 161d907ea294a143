//! `townhall erase HANDLE [--apply]`: list, then replace, every trace of a member's handle.

use crate::cli::{Cli, EraseArgs};
use crate::{erase, EXIT_USAGE};

pub fn run(cli: &Cli, args: &EraseArgs) -> u8 {
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    let plan = match erase::plan(&cli.root, &args.handle) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: cannot read the site: {e}");
            return EXIT_USAGE;
        }
    };
    for place in &plan.places {
        if place.line == 0 {
            println!("{}: {}", place.path.display(), place.text);
        } else {
            println!("{}:{}: {}", place.path.display(), place.line, place.text);
        }
    }
    let pseudonym = erase::pseudonym(&args.handle);
    if plan.places.is_empty() {
        println!("no trace of `{}` found", args.handle);
    } else if args.apply {
        if let Err(e) = erase::apply(&cli.root, &plan) {
            eprintln!("error: cannot write: {e}");
            return EXIT_USAGE;
        }
        println!(
            "replaced `{}` with `{pseudonym}` in {} places",
            args.handle,
            plan.places.len()
        );
    } else {
        println!(
            "{} places; run with --apply to replace `{}` with `{pseudonym}`",
            plan.places.len(),
            args.handle
        );
    }
    0
}
