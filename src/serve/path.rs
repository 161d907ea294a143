//! From a request target to a file inside the output directory. Decoding and
//! checking happen on the decoded text, so `%2e%2e`, `%2f` and `%5c` are
//! judged as what they mean, not how they are spelled; the result is only
//! ever built from plain path segments, and the caller still canonicalises
//! it (symlinks) and checks that it stays under the output.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// What a request target asks for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A path relative to the output dir; `dir` when the URL ends with `/`.
    File { rel: PathBuf, dir: bool },
    /// Not a path we will ever map to a file (`..`, NUL, backslash, bad UTF-8).
    Rejected,
}

/// The path part of a request target (no query or fragment), decoded and checked.
pub(super) fn parse(target: &str) -> Target {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Target::Rejected;
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::Rejected;
    };
    // A backslash is a separator on Windows and never legitimate in our URLs;
    // control characters (NUL above all) have no business in a file name.
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Target::Rejected;
    }
    let mut rel = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            // `//etc/passwd` is `etc/passwd` under the output, never absolute.
            "" => {}
            "." | ".." => return Target::Rejected,
            part => rel.push(part),
        }
    }
    Target::File {
        rel,
        dir: decoded.ends_with('/'),
    }
}

/// The Content-Type for a file name, by extension.
pub(super) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, dir: bool) -> Target {
        Target::File {
            rel: PathBuf::from(rel),
            dir,
        }
    }

    #[test]
    fn plain_paths_map_to_files() {
        assert_eq!(parse("/"), file("", true));
        assert_eq!(parse("/guides/"), file("guides", true));
        assert_eq!(parse("/guides"), file("guides", false));
        assert_eq!(parse("/a%20b.txt?x=1#y"), file("a b.txt", false));
        assert_eq!(parse("//etc/passwd"), file("etc/passwd", false));
    }

    #[test]
    fn traversal_in_any_spelling_is_rejected() {
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/..%2fsite.toml",
            "/%2e%2e%2f%2e%2e/etc/passwd",
            "/guides/..\\..\\site.toml",
            "/guides/%5c..%5csite.toml",
            "/%00",
            "/a%00.html",
            "/./site.toml",
            "/%ff",
            "relative",
        ] {
            assert_eq!(parse(bad), Target::Rejected, "{bad}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.WASM")), "application/wasm");
        assert_eq!(
            content_type(Path::new("search/0.bin")),
            "application/octet-stream"
        );
        assert_eq!(content_type(Path::new("atom.xml")), "application/xml");
    }
}
