//! Stage 1: walk `content/`, `ideas/` and `static/`, read Markdown files in
//! parallel, and list every other file as an asset. No parsing happens here.

pub(crate) mod history;
pub(crate) mod theme;

use crate::diag::{Code, Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";
pub const IDEAS_DIR: &str = "ideas";
pub const STATIC_DIR: &str = "static";

/// A Markdown file's text, with a BOM removed and CRLF folded to LF (line
/// numbers are unchanged by both).
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the site root, with `/` separators.
    pub path: PathBuf,
    /// Shared with the parsed page, which keeps the body.
    pub text: Arc<str>,
}

/// Any other file: copied to the output, never read as text.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to the site root.
    pub path: PathBuf,
    pub abs: PathBuf,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    /// Dates and contributors from git (empty outside a repository).
    pub history: history::History,
    pub diagnostics: Diagnostics,
}

/// Reads the site under `root`. Problems (unreadable files, bad encodings,
/// symlinks leaving the site) are diagnostics; the rest of the site still loads.
pub fn load(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let canonical_root = match root.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            loaded.diagnostics.push(Diagnostic::error(
                Code::UNREADABLE,
                root,
                format!("cannot read the site folder: {e}"),
            ));
            return loaded;
        }
    };
    let mut markdown = Vec::new();
    for top in [CONTENT_DIR, IDEAS_DIR, STATIC_DIR] {
        let dir = root.join(top);
        if !dir.exists() {
            continue;
        }
        walk(
            root,
            &canonical_root,
            &dir,
            &mut loaded,
            |rel, abs, loaded| {
                let is_markdown = rel.extension().is_some_and(|e| e == "md") && top != STATIC_DIR;
                if is_markdown {
                    markdown.push((rel, abs));
                } else if top != IDEAS_DIR {
                    loaded.assets.push(Asset { path: rel, abs });
                }
            },
        );
    }
    let read: Vec<Result<Source, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, abs)| read_source(path, &abs))
        .collect();
    for result in read {
        match result {
            Ok(source) => loaded.sources.push(source),
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    loaded.history = history::read(root);
    loaded.sources.sort_by(|a, b| a.path.cmp(&b.path));
    loaded.assets.sort_by(|a, b| a.path.cmp(&b.path));
    loaded
}

fn walk(
    root: &Path,
    canonical_root: &Path,
    dir: &Path,
    loaded: &mut Loaded,
    mut on_file: impl FnMut(PathBuf, PathBuf, &mut Loaded),
) {
    let mut escapes = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if is_ignored(entry.file_name().to_string_lossy().as_ref()) && entry.depth() > 0 {
                return false;
            }
            if entry.path_is_symlink() {
                let inside = entry
                    .path()
                    .canonicalize()
                    .map(|target| target.starts_with(canonical_root));
                if let Ok(false) = inside {
                    escapes.push(entry.path().to_path_buf());
                    return false;
                }
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let abs = entry.path().to_path_buf();
                let rel = relative(root, &abs);
                on_file(rel, abs, loaded);
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let rel = relative(root, &path);
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::error(Code::SYMLINK_OUTSIDE, &rel, "symbolic link loop")
                        .hint("remove the link or point it at a real folder inside the site")
                } else if e
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                {
                    Diagnostic::error(Code::UNREADABLE, &rel, "broken symbolic link")
                        .hint("the link's target does not exist")
                } else {
                    Diagnostic::error(Code::UNREADABLE, &rel, format!("cannot read: {e}"))
                };
                loaded.diagnostics.push(d);
            }
        }
    }
    for path in escapes {
        loaded.diagnostics.push(
            Diagnostic::error(
                Code::SYMLINK_OUTSIDE,
                relative(root, &path),
                "symbolic link points outside the site",
            )
            .hint("copy the file into the site instead; townhall only reads files inside the site root"),
        );
    }
}

/// Hidden files and editors' backup, swap and temporary files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// One Markdown file, read and decoded as `load` does.
pub fn read_source(path: PathBuf, abs: &Path) -> Result<Source, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(Code::UNREADABLE, &path, format!("cannot read file: {e}"))
            .hint("check the file's permissions")
    })?;
    let text = decode(bytes).map_err(|(line, column)| {
        Diagnostic::error(Code::NOT_UTF8, &path, "file is not valid UTF-8")
            .at_line(line, column)
            .hint("save the file as UTF-8")
    })?;
    Ok(Source {
        path,
        text: text.into(),
    })
}

/// UTF-8 text without BOM and with LF line endings; on failure the 1-based
/// line and column of the first invalid byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(bytes.get(..valid).unwrap_or(&[]));
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        assert_eq!(decode(b"\xef\xbb\xbfa\r\nb".to_vec()).unwrap(), "a\nb");
    }

    #[test]
    fn decode_reports_position_of_invalid_byte() {
        assert_eq!(decode(b"ok\nab\xffc".to_vec()).unwrap_err(), (2, 3));
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".x.md.swp", "a.md~", "#a.md#", ".hidden", "4913.tmp"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("guide.md"));
    }
}
