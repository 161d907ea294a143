//! `townhall erase HANDLE [--apply]`: list, then replace, every trace of a member's handle.

use crate::cli::EraseArgs;
use crate::ctx::{Ctx, Failure};
use crate::erase;

pub(crate) fn run(ctx: &Ctx, args: &EraseArgs) -> Result<(), Failure> {
    ctx.site()?;
    let plan = match erase::plan(&ctx.root, &args.handle) {
        Ok(plan) => plan,
        Err(e) => return Err(Failure::usage(format!("cannot read the site: {e}"))),
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
        erase::apply(&ctx.root, &plan).map_err(|e| Failure::usage(format!("cannot write: {e}")))?;
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
    Ok(())
}
