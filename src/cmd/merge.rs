//! `townhall ideas merge <duplicate> <into>`: the duplicate's votes move to
//! the idea it duplicates, and its URL redirects there.

use crate::cli::{Cli, MergeArgs};
use crate::ideas::merge as ideas_merge;
use crate::import::writer::write_atomic;
use crate::{EXIT_CONTENT, EXIT_USAGE};

pub fn run(cli: &Cli, args: &MergeArgs) -> u8 {
    let Some(today) = super::today_or_exit(cli, args.today) else {
        return EXIT_USAGE;
    };
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    let merge = match ideas_merge::plan(&cli.root, &args.duplicate, &args.into, today) {
        Ok(merge) => merge,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_CONTENT;
        }
    };
    if !args.dry_run {
        for (path, text) in [
            (&merge.into, &merge.into_text),
            (&merge.duplicate, &merge.duplicate_text),
        ] {
            if let Err(e) = write_atomic(&cli.root.join(path), text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_USAGE;
            }
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
    0
}
