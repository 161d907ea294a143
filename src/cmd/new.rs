//! `townhall new guide|question|answer|idea "Title"`: a new file at the right
//! path with its front matter filled in.

use crate::cli::{NewArgs, NewKind};
use crate::content::kinds::{path_for, Kind};
use crate::content::templates;
use crate::ctx::{Ctx, Failure};
use crate::slug::slugify;
use std::path::PathBuf;

fn git_user(ctx: &Ctx) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&ctx.root)
        .args(["config", "user.name"])
        .output()
        .ok()?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

/// The `_index.md` files a guide in `section` ("billing", "api/v2") needs
/// and that do not exist yet, outermost first: a guide in a folder without
/// one is not part of the section tree. Err for a section that is not a
/// relative path of plain folder names.
fn missing_section_indexes(
    root: &std::path::Path,
    section: &str,
) -> Result<Vec<(PathBuf, String)>, String> {
    let parts: Vec<&str> = section.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err(format!("--section `{section}` names no folder"));
    }
    let mut dir = PathBuf::from("content/guides");
    let mut out = Vec::new();
    for part in parts {
        if part == "." || part == ".." || part.contains('\\') || part.starts_with('.') {
            return Err(format!("--section `{section}` must be folder names under content/guides/, like `billing` or `api/v2`"));
        }
        dir.push(part);
        let index = dir.join("_index.md");
        if !root.join(&index).exists() {
            let title: String = part
                .split(['-', '_'])
                .filter(|w| !w.is_empty())
                .enumerate()
                .map(|(i, w)| {
                    let mut c = w.chars();
                    match (i, c.next()) {
                        (0, Some(first)) => first.to_uppercase().chain(c).collect(),
                        _ => w.to_string(),
                    }
                })
                .collect::<Vec<String>>()
                .join(" ");
            out.push((index, templates::section_index(&title)));
        }
    }
    Ok(out)
}

pub(crate) fn run(ctx: &Ctx, args: &NewArgs) -> Result<(), Failure> {
    let today = ctx.today(args.today)?;
    ctx.site()?;
    let Some(author) = args.author.clone().or_else(|| git_user(ctx)) else {
        return Err(Failure::usage(
            "who is the author? pass --author HANDLE (or set `git config user.name`)",
        ));
    };
    let slug = slugify(&args.title);
    if slug.is_empty() {
        return Err(Failure::usage(format!(
            "the title `{}` gives an empty slug; use some letters or digits",
            args.title
        )));
    }
    let mut sections = Vec::new();
    let (path, text): (PathBuf, String) = match args.kind {
        NewKind::Guide => {
            let Some(section) = &args.section else {
                return Err(Failure::usage(
                    "a guide needs --section NAME (a folder under content/guides/)",
                ));
            };
            sections = missing_section_indexes(&ctx.root, section)?;
            let kind = Kind::Guide {
                section: section.clone(),
                stem: slug.clone(),
            };
            (
                path_for(&kind).unwrap_or_default(),
                templates::guide(&args.title, &author),
            )
        }
        NewKind::Question => (
            path_for(&Kind::Question(slug.clone())).unwrap_or_default(),
            templates::question(&args.title, &author, today, templates::QUESTION_PLACEHOLDER),
        ),
        NewKind::Answer => {
            let Some(question) = &args.question else {
                return Err(Failure::usage(
                    "an answer needs --question SLUG (the folder under content/questions/)",
                ));
            };
            let folder = PathBuf::from("content/questions").join(question);
            if !ctx.root.join(&folder).join("index.md").is_file() {
                return Err(Failure::usage(format!(
                    "there is no question {}/index.md",
                    folder.display()
                )));
            }
            // answer ids: the author's handle, numbered when they answer again
            let base = slugify(&author);
            let mut id = base.clone();
            let mut n = 2;
            while ctx
                .root
                .join(&folder)
                .join("answers")
                .join(format!("{id}.md"))
                .exists()
            {
                id = format!("{base}-{n}");
                n += 1;
            }
            let kind = Kind::Answer {
                question: question.clone(),
                stem: id,
            };
            (
                path_for(&kind).unwrap_or_default(),
                templates::answer(&author, today, &args.title),
            )
        }
        NewKind::Idea => (
            path_for(&Kind::Idea(slug.clone())).unwrap_or_default(),
            templates::idea(&args.title, &author, today, templates::IDEA_PLACEHOLDER),
        ),
    };
    let target = ctx.root.join(&path);
    if target.exists() {
        return Err(Failure::usage(format!(
            "{} already exists; choose another title",
            path.display()
        )));
    }
    // A new section's `_index.md` first, so the guide has a section to be in.
    sections.push((path, text));
    for (path, text) in sections {
        let target = ctx.root.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::usage(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
        println!("{}", path.display());
    }
    Ok(())
}
