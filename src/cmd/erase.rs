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
    let mapped = plan.mailmap.as_ref().map_or(0, |(_, e)| e.len());
    if let Some((file, entries)) = &plan.mailmap {
        for entry in entries {
            println!(
                "{}: map the git author {} <{}> to `{pseudonym}`",
                file.display(),
                entry.name,
                entry.email
            );
        }
    }
    let changes = plan.places.len() + mapped;
    if changes == 0 {
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
        if mapped > 0 {
            println!(
                "mapped {mapped} git authors to `{pseudonym}` in .mailmap: commit it with the other changes"
            );
        }
    } else {
        println!(
            "{changes} places; run with --apply to replace `{}` with `{pseudonym}`",
            args.handle
        );
    }
    if !plan.prose.is_empty() {
        println!(
            "\n{} mentions in prose are not changed (a name in a sentence may be anyone's); edit them by hand:",
            plan.prose.len()
        );
        for place in &plan.prose {
            println!("{}:{}: {}", place.path.display(), place.line, place.text);
        }
    }
    0
}
