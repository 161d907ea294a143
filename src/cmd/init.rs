//! `townhall init`: a working starter site that builds cleanly.

use crate::cli::{Cli, InitArgs};
use crate::EXIT_USAGE;
use include_dir::{include_dir, Dir};
use std::path::Path;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

fn files(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        out.push((
            file.path().to_string_lossy().replace('\\', "/"),
            file.contents(),
        ));
    }
    for sub in dir.dirs() {
        files(sub, out);
    }
}

pub fn starter_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    files(&STARTER, &mut out);
    out.sort();
    out
}

pub fn run(cli: &Cli, args: &InitArgs) -> u8 {
    let Some(today) = super::today_or_exit(cli, None) else {
        return EXIT_USAGE;
    };
    match init(&args.dir, args.force, today) {
        Ok(count) => {
            println!(
                "created a townhall site with {count} files in {}\n  next: townhall build --root {}",
                args.dir.display(),
                args.dir.display()
            );
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
    }
}

/// Writes the starter into `dir`, dated `today`. Refuses a folder that is
/// not empty unless `force`.
pub fn init(dir: &Path, force: bool, today: crate::clock::Date) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() && !force {
            return Err(format!(
                "{} is not empty; pass --force to add the starter files anyway (existing files with the same names are overwritten)",
                dir.display()
            ));
        }
    }
    let files = starter_files();
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // Markdown files carry `{today}` where the starter's dates go, so the
        // idea starts inside its voting window.
        let bytes = if path.ends_with(".md") {
            String::from_utf8_lossy(bytes)
                .replace("{today}", &today.to_string())
                .into_bytes()
        } else {
            bytes.to_vec()
        };
        std::fs::write(&target, bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(files.len())
}
