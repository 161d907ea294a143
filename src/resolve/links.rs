//! Internal links are written as paths to source files
//! (`../billing/refunds.md#partial-refunds`) and resolved here to final
//! URLs; a link to a missing file or heading is an error at its position.

use crate::diag::{closest, Code, Diagnostic, Span};
use crate::parse::markdown::{Link, LinkKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// What a source path or asset path leads to.
pub enum Target<'a> {
    /// A published page: its URL and heading ids.
    Page {
        url: &'a str,
        ids: &'a BTreeSet<String>,
    },
    /// A page left out of this build (draft or internal).
    Hidden,
    /// A page whose own errors keep it out of this build.
    Unbuilt,
    /// A copied file.
    Asset { url: &'a str },
}

/// Everything links can point at, keyed by source path relative to the site
/// root (hashed: every link of the site is looked up here).
#[derive(Default)]
pub struct LinkTargets<'a> {
    pub targets: rustc_hash::FxHashMap<PathBuf, Target<'a>>,
}

impl<'a> LinkTargets<'a> {
    /// Resolves `link`, written in the file `from`, whose own heading ids are `own_ids`.
    /// Returns the rewritten href (without base path) when it changes.
    pub fn resolve(
        &self,
        from: &Path,
        own_ids: &BTreeSet<String>,
        link: &Link,
    ) -> Result<Option<String>, Diagnostic> {
        let dest = link.dest.trim();
        if dest.is_empty() || is_external(dest) {
            return Ok(None);
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        if path_part.is_empty() {
            // `#anchor` on the same page
            if let Some(fragment) = fragment {
                check_anchor(from, link.span, fragment, own_ids, "this page")?;
            }
            return Ok(None);
        }
        if path_part.starts_with('/') {
            return Ok(Some(dest.to_string()));
        }
        let decoded = percent_decode(path_part);
        let base = from.parent().unwrap_or(Path::new(""));
        let Some(target_path) = normalize(&base.join(&decoded)) else {
            return Err(broken(from, link.span, dest, "it leads outside the site"));
        };
        // Trees migrated from mdBook or Sphinx link to the built page
        // (`intro.html`, `cli/index.html`); when no such file exists, the
        // page is its source.
        let target_path = if self.targets.contains_key(&target_path) {
            target_path
        } else {
            html_sources(&target_path)
                .into_iter()
                .find(|source| self.targets.contains_key(source))
                .unwrap_or(target_path)
        };
        match self.targets.get(&target_path) {
            Some(Target::Page { url, ids }) => {
                let mut href = url.to_string();
                if let Some(fragment) = fragment {
                    check_anchor(
                        from,
                        link.span,
                        fragment,
                        ids,
                        &target_path.display().to_string(),
                    )?;
                    href.push('#');
                    href.push_str(fragment);
                }
                Ok(Some(href))
            }
            Some(Target::Asset { url }) => Ok(Some(url.to_string())),
            Some(Target::Unbuilt) => Ok(None),
            Some(Target::Hidden) => Err(Diagnostic::error(
                Code::HIDDEN_TARGET,
                from,
                format!("`{dest}` links to a page that is left out of this build"),
            )
            .at(link.span)
            .hint("the target is a draft or internal page; publish it, or remove the link")),
            None => {
                let what = match link.kind {
                    LinkKind::Image => "image",
                    LinkKind::Link => "link",
                };
                let mut d = broken(
                    from,
                    link.span,
                    dest,
                    &format!("{what} target `{}` does not exist", target_path.display()),
                );
                // Suggest by file name: whole paths share long prefixes.
                let wanted = target_path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // in path order, so the last of a name's paths is the same one every time
                let mut paths: Vec<&PathBuf> = self.targets.keys().collect();
                paths.sort_unstable();
                let by_name: BTreeMap<String, &PathBuf> = paths
                    .into_iter()
                    .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), p)))
                    .collect();
                if let Some(best) = closest(&wanted, by_name.keys().map(String::as_str)) {
                    if let Some(path) = by_name.get(best) {
                        d = d.hint(format!("did you mean `{}`?", relative_from(base, path)));
                    }
                }
                Err(d)
            }
        }
    }
}

fn broken(from: &Path, span: Span, dest: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        Code::BROKEN_LINK,
        from,
        format!("broken link `{dest}`: {why}"),
    )
    .at(span)
    .hint("link to the source file with a relative path, e.g. `../section/guide.md`")
}

fn check_anchor(
    from: &Path,
    span: Span,
    fragment: &str,
    ids: &BTreeSet<String>,
    page: &str,
) -> Result<(), Diagnostic> {
    let fragment = percent_decode(fragment);
    if fragment.is_empty() || ids.contains(&fragment) {
        return Ok(());
    }
    let mut d = Diagnostic::error(
        Code::BROKEN_ANCHOR,
        from,
        format!("no heading or element with id `#{fragment}` in {page}"),
    )
    .at(span);
    d = match closest(&fragment, ids.iter().map(String::as_str)) {
        Some(best) => d.hint(format!("did you mean `#{best}`?")),
        None if ids.is_empty() => d.hint("that page has no headings or ids"),
        None => d.hint(format!(
            "anchors there: {}",
            ids.iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    Err(d)
}

/// `scheme:` links (https:, mailto:, …) and protocol-relative `//host` links.
/// The source path a relative link names (`../billing/refunds.md#x` from
/// `content/guides/accounts/a.md` names `content/guides/billing/refunds.md`),
/// or `None` for anything else.
/// The sources a link to a built page may mean: `intro.md` for
/// `intro.html`, and for `dir/index.html` also the folder's `README.md` and
/// section `_index.md` (mdBook publishes both as `index.html`).
pub fn html_sources(path: &Path) -> Vec<PathBuf> {
    if path.extension().is_none_or(|e| e != "html") {
        return Vec::new();
    }
    let mut sources = vec![path.with_extension("md")];
    if path.file_name().is_some_and(|n| n == "index.html") {
        if let Some(dir) = path.parent() {
            sources.push(dir.join("README.md"));
            sources.push(dir.join("_index.md"));
        }
    }
    sources
}

pub fn linked_path(from: &Path, dest: &str) -> Option<PathBuf> {
    let dest = dest.trim();
    if dest.is_empty() || is_external(dest) {
        return None;
    }
    let path_part = dest.split('#').next()?.split('?').next()?;
    if path_part.is_empty() || path_part.starts_with('/') {
        return None;
    }
    let base = from.parent().unwrap_or(Path::new(""));
    normalize(&base.join(percent_decode(path_part)))
}

pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = dest.get(..colon).unwrap_or("");
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest.get(..colon).is_some_and(|s| s.contains('/'))
        }
        None => false,
    }
}

/// Folds `.` and `..`; `None` when the path climbs above its root.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn relative_from(base: &Path, target: &Path) -> String {
    let base: Vec<_> = base.components().collect();
    let target_parts: Vec<_> = target.components().collect();
    let common = base
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for part in target_parts.iter().skip(common) {
        out.push(part);
    }
    out.to_string_lossy().replace('\\', "/")
}

pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes.get(i).copied().unwrap_or(0);
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn built_page_links_name_their_sources() {
        use super::html_sources;
        use std::path::{Path, PathBuf};
        assert_eq!(
            html_sources(Path::new("c/ch01.html")),
            [PathBuf::from("c/ch01.md")]
        );
        assert_eq!(
            html_sources(Path::new("c/cli/index.html")),
            [
                PathBuf::from("c/cli/index.md"),
                PathBuf::from("c/cli/README.md"),
                PathBuf::from("c/cli/_index.md")
            ]
        );
        assert!(html_sources(Path::new("c/ch01.md")).is_empty());
    }

    use super::*;

    #[test]
    fn externals() {
        for d in ["https://x.test", "mailto:a@b.c", "//cdn.test/x", "tel:+1"] {
            assert!(is_external(d), "{d}");
        }
        for d in ["../a.md", "a.md#x:y", "/guides/", "#top", "dir/a:b.md"] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn normalize_refuses_to_climb_out() {
        assert_eq!(
            normalize(Path::new("content/guides/a/../b/./c.md")),
            Some(PathBuf::from("content/guides/b/c.md"))
        );
        assert_eq!(normalize(Path::new("content/../../etc/passwd")), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20guide.md"), "my guide.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }

    #[test]
    fn relative_suggestion() {
        assert_eq!(
            relative_from(
                Path::new("content/guides/a"),
                Path::new("content/guides/b/x.md")
            ),
            "../b/x.md"
        );
    }
}
