//! `townhall init`: a working starter site that builds cleanly.

use crate::cli::InitArgs;
use crate::ctx::{Ctx, Failure};
use include_dir::{include_dir, Dir};
use std::path::Path;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// This binary's version: what the scaffolded workflow installs, so a site
/// is checked and built by the townhall that created it until someone
/// upgrades it on purpose.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `owner/name` of townhall's GitHub repository, from Cargo.toml's
/// `repository` (the one place it is written): the scaffolded workflow's
/// `uses:` line names the GitHub Action there.
pub(crate) fn action_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    let url = url.trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    url.strip_prefix("https://github.com/").unwrap_or(url)
}

/// Where a starter file goes: `gitignore` becomes `.gitignore` (a real
/// `.gitignore` inside src/starter would apply to townhall's own repository).
fn target_name(path: &str) -> &str {
    if path == "gitignore" {
        ".gitignore"
    } else {
        path
    }
}

/// A starter file with its placeholders filled: `{today}` in Markdown (so
/// the starter idea is inside its voting window), the version and the
/// Action's repository in workflows.
fn fill(path: &str, bytes: &[u8], today: crate::clock::Date) -> Vec<u8> {
    if path.ends_with(".md") {
        String::from_utf8_lossy(bytes)
            .replace("{today}", &today.to_string())
            .into_bytes()
    } else if path.ends_with(".yml") {
        String::from_utf8_lossy(bytes)
            .replace("{townhall_version}", VERSION)
            .replace("{townhall_repository}", action_repository())
            .into_bytes()
    } else {
        bytes.to_vec()
    }
}

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

pub(crate) fn starter_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    files(&STARTER, &mut out);
    out.sort();
    out
}

pub(crate) fn run(ctx: &Ctx, args: &InitArgs) -> Result<(), Failure> {
    let today = ctx.today(None)?;
    let count = init(&args.dir, args.force, today)?;
    println!(
        "created a townhall site with {count} files in {}\n  next: townhall build --root {}",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

/// Writes the starter into `dir`, dated `today`. Refuses a folder that is
/// not empty unless `force`.
pub(crate) fn init(dir: &Path, force: bool, today: crate::clock::Date) -> Result<usize, String> {
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
        let target = dir.join(target_name(path));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, fill(path, bytes, today))
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_repository_is_owner_and_name() {
        let repo = action_repository();
        assert_eq!(repo.split('/').count(), 2, "{repo}");
        assert!(!repo.contains(':'), "{repo}");
    }

    #[test]
    fn workflows_get_the_version_and_markdown_gets_the_date() {
        let today = crate::clock::parse_date("2026-03-01").unwrap();
        let yml = fill(
            "x.yml",
            b"uses: {townhall_repository}@v{townhall_version}",
            today,
        );
        assert_eq!(
            String::from_utf8(yml).unwrap(),
            format!("uses: {}@v{VERSION}", action_repository())
        );
        let md = fill("x.md", b"submitted: {today}", today);
        assert_eq!(md, b"submitted: 2026-03-01");
        assert_eq!(fill("x.toml", b"{today}", today), b"{today}");
        assert_eq!(target_name("gitignore"), ".gitignore");
        assert_eq!(target_name("content/gitignore"), "content/gitignore");
    }
}
