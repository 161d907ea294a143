//! `townhall ideas merge <duplicate> <into>`: the duplicate's votes move to
//! the idea it duplicates, and its URL redirects there.

use crate::cli::MergeArgs;
use crate::ctx::{Ctx, Failure};
use crate::ideas::merge as ideas_merge;
use crate::import::writer::write_atomic;

pub(crate) fn run(ctx: &Ctx, args: &MergeArgs) -> Result<(), Failure> {
    let today = ctx.today(args.today)?;
    ctx.site()?;
    let merge = match ideas_merge::plan(&ctx.root, &args.duplicate, &args.into, today) {
        Ok(merge) => merge,
        Err(e) => {
            return Err(Failure::content_because(e.to_string()));
        }
    };
    if !args.dry_run {
        for (path, text) in [
            (&merge.into, &merge.into_text),
            (&merge.duplicate, &merge.duplicate_text),
        ] {
            write_atomic(&ctx.root.join(path), text)
                .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    let overlap = if merge.overlapping.is_empty() {
        String::new()
    } else {
        format!(
            "; {} had voted on both and count once ({})",
            merge.overlapping.len(),
            merge.overlapping.join(", ")
        )
    };
    println!(
        "{} {} into {}: {} voters moved{overlap}; net votes {} -> {}",
        if args.dry_run {
            "would merge"
        } else {
            "merged"
        },
        merge.duplicate.display(),
        merge.into.display(),
        merge.moved,
        merge.net_before,
        merge.net_after
    );
    Ok(())
}
