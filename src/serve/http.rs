//! Answering one request: a file from the output directory (never outside
//! it), the site's 404 page, a redirect for a folder without its slash, the
//! live-reload script, or the event stream. HTTP itself is tiny_http's.

use super::kick;
use super::live::{self, Problems};
use super::path::{self, Target};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// What the request threads share with the rebuild loop.
pub struct Shared {
    /// The output directory, canonical: every served file must be under it.
    pub out: PathBuf,
    /// Set while the latest build failed; pages then carry the overlay.
    pub problems: RwLock<Option<Arc<Problems>>>,
    pub hub: live::Hub,
    pub activity: Arc<kick::Activity>,
}

impl Shared {
    fn problems(&self) -> Option<Arc<Problems>> {
        self.problems.read().ok().and_then(|p| p.clone())
    }
}

/// Characters escaped when a path goes back into a `Location` header.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\');

pub fn handle(request: Request, shared: &Arc<Shared>) {
    if request.url() == kick::KICK_URL {
        return send(
            request,
            Response::from_data(Vec::new()).with_status_code(204),
        );
    }
    shared.activity.touch();
    let response = match request.method() {
        Method::Get | Method::Head => respond(&request, shared),
        _ => Some(with(text(405, "method not allowed"), "Allow", "GET, HEAD")),
    };
    let Some(response) = response else {
        return events(request, shared);
    };
    send(request, response);
}

/// Sends a response with `Connection: close`. tiny_http 0.12 hands each
/// connection to a pool whose count of idle threads is racy: when a browser
/// opens several connections at once, one can stay queued behind keep-alive
/// connections that never end, and the page waits forever for a script.
/// Closing after every response keeps the pool moving (and costs nothing on
/// a loopback dev server). tiny_http forbids setting that header, so the
/// response is serialised by tiny_http into a buffer and the header added
/// after the status line.
fn send(request: Request, response: Reply) {
    let version = request.http_version().clone();
    let head_only = *request.method() == Method::Head;
    let headers = request.headers().to_vec();
    let mut bytes = Vec::new();
    // The body is in memory: a Content-Length, never chunks.
    let response = response.with_chunked_threshold(usize::MAX);
    if response
        .raw_print(&mut bytes, version, &headers, head_only, None)
        .is_err()
    {
        return;
    }
    if let Some(end) = bytes.windows(2).position(|w| w == b"\r\n") {
        let at = end + 2;
        bytes.splice(at..at, b"Connection: close\r\n".iter().copied());
    }
    let mut writer = request.into_writer();
    // The client may be gone already; nothing to do about it.
    let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

/// `None` means "this is the event stream": the caller hands it to a thread.
fn respond(request: &Request, shared: &Shared) -> Option<Reply> {
    let url = request.url();
    let path_part = url.split(['?', '#']).next().unwrap_or_default();
    if path_part == live::EVENTS_URL {
        return None;
    }
    if path_part == live::SCRIPT_URL {
        return Some(body(
            request,
            200,
            "text/javascript; charset=utf-8",
            live::SCRIPT.as_bytes().to_vec(),
        ));
    }
    let (rel, wants_dir) = match path::parse(url) {
        Target::File { rel, dir } => (rel, dir),
        Target::Rejected => return Some(text(400, "bad request path")),
    };
    Some(match locate(&shared.out, &rel) {
        Found::File(file) if !wants_dir => serve_file(request, shared, &file, 200),
        Found::File(_) | Found::Missing => not_found(request, shared),
        Found::Dir(dir) if wants_dir => match locate(&shared.out, &dir.join("index.html")) {
            Found::File(file) => serve_file(request, shared, &file, 200),
            Found::Forbidden => text(403, "forbidden"),
            _ => not_found(request, shared),
        },
        Found::Dir(_) => redirect_to_dir(&rel, url),
        Found::Forbidden => text(403, "forbidden"),
    })
}

enum Found {
    File(PathBuf),
    Dir(PathBuf),
    Missing,
    /// Exists, but resolves (through a symlink) outside the output.
    Forbidden,
}

/// Resolves `rel` under `out`, following symlinks, and refuses anything
/// that ends up outside `out`.
fn locate(out: &Path, rel: &Path) -> Found {
    let Ok(real) = out.join(rel).canonicalize() else {
        return Found::Missing;
    };
    if !real.starts_with(out) {
        return Found::Forbidden;
    }
    if real.is_dir() {
        // Keep the path as asked (relative to the output) for index lookup.
        Found::Dir(rel.to_path_buf())
    } else if real.is_file() {
        Found::File(real)
    } else {
        Found::Missing
    }
}

/// `/guides` -> `/guides/`, keeping the query. The location is rebuilt from
/// the checked segments, so it can never point at another host (`//evil`).
fn redirect_to_dir(rel: &Path, url: &str) -> Reply {
    let mut location = String::from("/");
    for part in rel.components() {
        let part = part.as_os_str().to_string_lossy();
        location.push_str(&utf8_percent_encode(&part, SEGMENT).to_string());
        location.push('/');
    }
    if let Some((_, query)) = url.split_once('?') {
        location.push('?');
        location.push_str(&utf8_percent_encode(query, CONTROLS).to_string());
    }
    with(text(301, "moved permanently"), "Location", &location)
}

fn not_found(request: &Request, shared: &Shared) -> Reply {
    match locate(&shared.out, Path::new("404.html")) {
        Found::File(file) => serve_file(request, shared, &file, 404),
        _ => {
            let page = b"<!doctype html><title>Not found</title><h1>Not found</h1>".to_vec();
            page_body(request, shared, "404.html", page, 404)
        }
    }
}

fn serve_file(request: &Request, shared: &Shared, file: &Path, status: u16) -> Reply {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        // A rebuild can delete a file between lookup and read.
        Err(_) => return text(404, "not found"),
    };
    let kind = path::content_type(file);
    if kind.starts_with("text/html") {
        let rel = file
            .strip_prefix(&shared.out)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        return page_body(request, shared, &rel, bytes, status);
    }
    body(request, status, kind, bytes)
}

fn page_body(request: &Request, shared: &Shared, rel: &str, html: Vec<u8>, status: u16) -> Reply {
    let problems = shared.problems();
    let page = live::inject(&html, rel, problems.as_deref().map(|p| p.html.as_str()));
    body(request, status, "text/html; charset=utf-8", page)
}

/// A body with its ETag (a hash of exactly these bytes, overlay included),
/// or 304 when the client already has it.
fn body(request: &Request, status: u16, kind: &str, bytes: Vec<u8>) -> Reply {
    let etag = format!(
        "\"{:016x}-{:x}\"",
        crate::hash::stable_hash(&bytes),
        bytes.len()
    );
    let fresh = status == 200
        && request
            .headers()
            .iter()
            .filter(|h| h.field.equiv("If-None-Match"))
            .flat_map(|h| h.value.as_str().split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == etag || tag == "*");
    let response = if fresh {
        Response::from_data(Vec::new()).with_status_code(304)
    } else {
        with(
            Response::from_data(bytes).with_status_code(status),
            "Content-Type",
            kind,
        )
    };
    // Revalidate every time: the whole point of this server is that files change.
    with(with(response, "ETag", &etag), "Cache-Control", "no-cache")
}

fn text(status: u16, message: &str) -> Reply {
    with(
        Response::from_data(message.as_bytes().to_vec()).with_status_code(StatusCode(status)),
        "Content-Type",
        "text/plain; charset=utf-8",
    )
}

/// Adds a header. The values come from this module (ASCII by construction);
/// one tiny_http would reject is dropped rather than panicking.
fn with(response: Reply, name: &str, value: &str) -> Reply {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// Hands the request to its own thread: an event stream lives as long as
/// the tab, and must not hold a request thread.
fn events(request: Request, shared: &Arc<Shared>) {
    let Some(rx) = shared.hub.subscribe() else {
        send(request, text(503, "too many live-reload connections"));
        return;
    };
    let first = shared.problems().map(|p| live::event("problems", &p.json));
    let spawned = std::thread::Builder::new()
        .name("townhall-sse".into())
        .spawn(move || live::stream(request.into_writer(), rx, first));
    if let Err(e) = spawned {
        eprintln!("warning: cannot start a live-reload stream: {e}");
    }
}
