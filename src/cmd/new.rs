//! `townhall new guide|question|answer|idea "Title"`: a new file at the right
//! path with its front matter filled in.

use crate::cli::{Cli, NewArgs, NewKind};
use crate::content::kinds::{path_for, Kind};
use crate::content::templates;
use crate::slug::slugify;
use crate::EXIT_USAGE;
use std::path::PathBuf;

fn git_user(cli: &Cli) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&cli.root)
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

pub fn run(cli: &Cli, args: &NewArgs) -> u8 {
    let Some(today) = super::today_or_exit(cli, args.today) else {
        return EXIT_USAGE;
    };
    if !super::is_site(cli) {
        return EXIT_USAGE;
    }
    let Some(author) = args.author.clone().or_else(|| git_user(cli)) else {
        eprintln!("error: who is the author? pass --author HANDLE (or set `git config user.name`)");
        return EXIT_USAGE;
    };
    let slug = slugify(&args.title);
    if slug.is_empty() {
        eprintln!(
            "error: the title `{}` gives an empty slug; use some letters or digits",
            args.title
        );
        return EXIT_USAGE;
    }
    let mut sections = Vec::new();
    let (path, text): (PathBuf, String) = match args.kind {
        NewKind::Guide => {
            let Some(section) = &args.section else {
                eprintln!("error: a guide needs --section NAME (a folder under content/guides/)");
                return EXIT_USAGE;
            };
            sections = match missing_section_indexes(&cli.root, section) {
                Ok(sections) => sections,
                Err(message) => {
                    eprintln!("error: {message}");
                    return EXIT_USAGE;
                }
            };
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
                eprintln!(
                    "error: an answer needs --question SLUG (the folder under content/questions/)"
                );
                return EXIT_USAGE;
            };
            let folder = PathBuf::from("content/questions").join(question);
            if !cli.root.join(&folder).join("index.md").is_file() {
                eprintln!("error: there is no question {}/index.md", folder.display());
                return EXIT_USAGE;
            }
            // answer ids: the author's handle, numbered when they answer again
            let base = slugify(&author);
            let mut id = base.clone();
            let mut n = 2;
            while cli
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
    let target = cli.root.join(&path);
    if target.exists() {
        eprintln!(
            "error: {} already exists; choose another title",
            path.display()
        );
        return EXIT_USAGE;
    }
    // A new section's `_index.md` first, so the guide has a section to be in.
    sections.push((path, text));
    for (path, text) in sections {
        let target = cli.root.join(&path);
        if let Some(parent) = target.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("error: cannot create {}: {e}", parent.display());
                return EXIT_USAGE;
            }
        }
        if let Err(e) = std::fs::write(&target, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_USAGE;
        }
        println!("{}", path.display());
    }
    0
}
