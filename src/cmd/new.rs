//! `townhall new guide|question|answer|idea "Title"`: a new file at the right
//! path with its front matter filled in.

use crate::cli::{NewArgs, NewKind};
use crate::content::kinds::{path_for, Kind};
use crate::content::templates;
use crate::ctx::{Ctx, Failure};
use crate::slug::slugify;
use std::path::{Path, PathBuf};

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
    if let (Some(source), Some(lang)) = (&args.translate, &args.lang) {
        ctx.site()?;
        return translate(ctx, source, lang);
    }
    let (Some(kind), Some(title)) = (args.kind, args.title.as_deref()) else {
        return Err(Failure::usage(
            "say what to create and its title: townhall new guide|question|answer|idea \"Title\"",
        ));
    };
    let today = ctx.today(args.today)?;
    ctx.site()?;
    let Some(author) = args.author.clone().or_else(|| git_user(ctx)) else {
        return Err(Failure::usage(
            "who is the author? pass --author HANDLE (or set `git config user.name`)",
        ));
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Failure::usage(format!(
            "the title `{}` gives an empty slug; use some letters or digits",
            title
        )));
    }
    let mut sections = Vec::new();
    let (path, text): (PathBuf, String) = match kind {
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
                templates::guide(title, &author),
            )
        }
        NewKind::Question => (
            path_for(&Kind::Question(slug.clone())).unwrap_or_default(),
            templates::question(title, &author, today, templates::QUESTION_PLACEHOLDER),
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
                templates::answer(&author, today, title),
            )
        }
        NewKind::Idea => (
            path_for(&Kind::Idea(slug.clone())).unwrap_or_default(),
            templates::idea(title, &author, today, templates::IDEA_PLACEHOLDER),
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

/// `new --translate FILE --lang CODE`: the translation file beside `source`
/// (`refunds.md` -> `refunds.fr.md`), holding what a translation may set (the
/// title, and a page's description) and the body to translate, and the
/// commit of the source it starts from as `translation_of`.
fn translate(ctx: &Ctx, source: &Path, lang: &str) -> Result<(), Failure> {
    let config = crate::config::Config::load(&ctx.root)
        .map_err(|d| Failure::usage(format!("site.toml: {}", d.message)))?;
    let languages = config.other_languages();
    if !languages.iter().any(|l| l == lang) {
        let hint = if languages.is_empty() {
            "add `default_language` and `[languages.<code>]` to site.toml first".to_string()
        } else {
            format!("site.toml lists: {}", languages.join(", "))
        };
        return Err(Failure::usage(format!(
            "`{lang}` is not one of this site's other languages"
        ))
        .hint(hint));
    }
    // the source as written (relative to the site root, or a path to it)
    let relative = source
        .strip_prefix(&ctx.root)
        .unwrap_or(source)
        .to_path_buf();
    let kind = crate::content::kinds::classify(&relative);
    let thread = match kind {
        Kind::Home | Kind::Section(_) | Kind::Guide { .. } => false,
        Kind::Question(_) | Kind::Idea(_) => true,
        _ => {
            return Err(Failure::usage(format!(
                "`{}` is not a guide, section index, question or idea under content/ or ideas/",
                relative.display()
            )))
        }
    };
    let text = std::fs::read_to_string(ctx.root.join(&relative))
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", relative.display())))?;
    let Some(stem) = relative
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".md"))
    else {
        return Err(Failure::usage(format!(
            "`{}` is not a Markdown file",
            relative.display()
        )));
    };
    let target = relative.with_file_name(format!("{stem}.{lang}.md"));
    if ctx.root.join(&target).exists() {
        return Err(Failure::usage(format!(
            "`{}` exists already",
            target.display()
        )));
    }
    let region = crate::content::front_matter::region(&text);
    let yaml = region.as_ref().map_or("", |r| r.yaml(&text));
    let body = region.as_ref().map_or(text.as_str(), |r| r.body(&text));
    let front: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(yaml).unwrap_or_default();
    let value = |key: &str| front.get(key).and_then(serde_yaml_ng::Value::as_str);
    let mut out = String::from("---\n");
    if let Some(title) = value("title") {
        out.push_str(&format!("title: {}\n", crate::content::yaml::scalar(title)));
    }
    if !thread {
        if let Some(description) = value("description") {
            out.push_str(&format!(
                "description: {}\n",
                crate::content::yaml::scalar(description)
            ));
        }
    }
    if let Some(commit) = last_commit(ctx, &relative) {
        out.push_str(&format!("translation_of: {commit}\n"));
    }
    out.push_str("---\n");
    out.push_str(body);
    std::fs::write(ctx.root.join(&target), out)
        .map_err(|e| Failure::usage(format!("cannot write `{}`: {e}", target.display())))?;
    println!("created {}", target.display());
    Ok(())
}

/// The last commit that changed `path`, when the site is in a git repository.
fn last_commit(ctx: &Ctx, path: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&ctx.root)
        .args(["log", "-1", "--format=%H", "--"])
        .arg(path)
        .output()
        .ok()?;
    let hash = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !hash.is_empty()).then_some(hash)
}
