//! The HTTP side of `serve`: hyper (HTTP/1.1, keep-alive) on a
//! current-thread tokio runtime of its own. Each request is answered with a
//! file from the output directory (never outside it), the site's 404 page,
//! a redirect for a folder without its slash, the live-reload script, or
//! the event stream. Files are read on a small pool of blocking threads, so
//! a slow disk never holds the event streams up.

use super::live::{self, EventStream, Problems};
use super::path::{self, Target};
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{
    HeaderName, HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, LOCATION,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::convert::Infallible;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Threads reading files for requests (event streams need none).
const FILE_THREADS: usize = 4;

/// What the request handlers share with the rebuild loop.
pub(super) struct Shared {
    /// The output directory, canonical: every served file must be under it.
    pub out: PathBuf,
    /// Set while the latest build failed; pages then carry the overlay.
    pub problems: RwLock<Option<Arc<Problems>>>,
    pub hub: live::Hub,
}

impl Shared {
    fn problems(&self) -> Option<Arc<Problems>> {
        self.problems.read().ok().and_then(|p| p.clone())
    }
}

/// The running server; it stops when this is stopped or dropped.
pub(super) struct Server {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` (already bound) on a thread of its own.
    pub(super) fn start(
        listener: std::net::TcpListener,
        shared: Arc<Shared>,
    ) -> Result<Server, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .max_blocking_threads(FILE_THREADS)
            .thread_name("townhall-http-file")
            .build()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let listener = {
            let _inside = runtime.enter();
            listener
                .set_nonblocking(true)
                .and_then(|()| TcpListener::from_std(listener))
                .map_err(|e| format!("cannot listen: {e}"))?
        };
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("townhall-http".into())
            .spawn(move || {
                runtime.block_on(accept(listener, shared, stopped));
                // Open event streams end here; a file being read may finish.
                runtime.shutdown_timeout(Duration::from_secs(1));
            })
            .map_err(|e| format!("cannot start a server thread: {e}"))?;
        Ok(Server {
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops accepting, closes every connection, and waits for that.
    pub(super) fn stop(mut self) {
        self.shut();
    }

    fn shut(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut();
    }
}

/// Accepts connections until `stopped` fires (or its sender is dropped).
async fn accept(listener: TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
    loop {
        let next = std::future::poll_fn(|cx| {
            if Pin::new(&mut stopped).poll(cx).is_ready() {
                return Poll::Ready(None);
            }
            listener.poll_accept(cx).map(Some)
        })
        .await;
        match next {
            None => return,
            Some(Ok((stream, _))) => {
                tokio::spawn(connection(stream, Arc::clone(&shared)));
            }
            Some(Err(e)) => {
                // Out of file descriptors, most likely: wait for some to close.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// One connection, as many requests as the client sends on it.
async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    // Event messages are small: send each at once, not after a delay.
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| handle(request, Arc::clone(&shared)));
    // An error here is the client's (gone, or not speaking HTTP); hyper has
    // answered what deserved an answer (400, 431, ...).
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .title_case_headers(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// A response body: bytes in memory, or a live-reload event stream.
pub(super) enum Body {
    Full(Option<Bytes>),
    Events(EventStream),
}

impl Body {
    fn full(bytes: Vec<u8>) -> Body {
        Body::Full((!bytes.is_empty()).then(|| Bytes::from(bytes)))
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(stream) => stream
                .poll_next(cx)
                .map(|next| next.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

type Reply = Response<Body>;

async fn handle(request: Request<Incoming>, shared: Arc<Shared>) -> Result<Reply, Infallible> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return Ok(with(text(405, "method not allowed"), ALLOW, "GET, HEAD"));
    }
    // The request target as sent (origin form); in absolute form, its path.
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    if target.split('?').next() == Some(live::EVENTS_URL) {
        return Ok(events(&shared));
    }
    let tags: Vec<String> = request
        .headers()
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect();
    let reply = tokio::task::spawn_blocking(move || respond(&target, &tags, &shared)).await;
    Ok(reply.unwrap_or_else(|_| text(500, "internal error")))
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

fn respond(url: &str, tags: &[String], shared: &Shared) -> Reply {
    let path_part = url.split(['?', '#']).next().unwrap_or_default();
    if path_part == live::SCRIPT_URL {
        return body(
            tags,
            200,
            "text/javascript; charset=utf-8",
            live::SCRIPT.as_bytes().to_vec(),
        );
    }
    let (rel, wants_dir) = match path::parse(url) {
        Target::File { rel, dir } => (rel, dir),
        Target::Rejected => return text(400, "bad request path"),
    };
    match locate(&shared.out, &rel) {
        Found::File(file) if !wants_dir => serve_file(tags, shared, &file, 200),
        Found::File(_) | Found::Missing => not_found(tags, shared),
        Found::Dir(dir) if wants_dir => match locate(&shared.out, &dir.join("index.html")) {
            Found::File(file) => serve_file(tags, shared, &file, 200),
            Found::Forbidden => text(403, "forbidden"),
            _ => not_found(tags, shared),
        },
        Found::Dir(_) => redirect_to_dir(&rel, url),
        Found::Forbidden => text(403, "forbidden"),
    }
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
    with(text(301, "moved permanently"), LOCATION, &location)
}

fn not_found(tags: &[String], shared: &Shared) -> Reply {
    match locate(&shared.out, Path::new("404.html")) {
        Found::File(file) => serve_file(tags, shared, &file, 404),
        _ => {
            let page = b"<!doctype html><title>Not found</title><h1>Not found</h1>".to_vec();
            page_body(tags, shared, "404.html", page, 404)
        }
    }
}

fn serve_file(tags: &[String], shared: &Shared, file: &Path, status: u16) -> Reply {
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
        return page_body(tags, shared, &rel, bytes, status);
    }
    body(tags, status, kind, bytes)
}

fn page_body(tags: &[String], shared: &Shared, rel: &str, html: Vec<u8>, status: u16) -> Reply {
    let problems = shared.problems();
    let page = live::inject(&html, rel, problems.as_deref().map(|p| p.html.as_str()));
    body(tags, status, "text/html; charset=utf-8", page)
}

/// A body with its ETag (a hash of exactly these bytes, overlay included),
/// or 304 when the client already has it (`tags`: its If-None-Match values).
fn body(tags: &[String], status: u16, kind: &str, bytes: Vec<u8>) -> Reply {
    let etag = format!(
        "\"{:016x}-{:x}\"",
        crate::hash::stable_hash(&bytes),
        bytes.len()
    );
    let fresh = status == 200
        && tags
            .iter()
            .flat_map(|value| value.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == etag || tag == "*");
    let response = if fresh {
        reply(304, Body::Full(None))
    } else {
        let length = bytes.len().to_string();
        let response = with(reply(status, Body::full(bytes)), CONTENT_TYPE, kind);
        // Said outright so that HEAD answers carry it too.
        with(response, CONTENT_LENGTH, &length)
    };
    // Revalidate every time: the whole point of this server is that files change.
    with(with(response, ETAG, &etag), CACHE_CONTROL, "no-cache")
}

fn reply(status: u16, body: Body) -> Reply {
    let mut response = Response::new(body);
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
}

fn text(status: u16, message: &str) -> Reply {
    with(
        reply(status, Body::full(message.as_bytes().to_vec())),
        CONTENT_TYPE,
        "text/plain; charset=utf-8",
    )
}

/// Sets a header. The values come from this module (ASCII by construction);
/// one that is not a valid header value is dropped rather than panicking.
fn with(mut response: Reply, name: HeaderName, value: &str) -> Reply {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
    response
}

/// The live-reload stream: it lives as long as the tab, on the runtime's
/// event loop (no thread of its own, and none of the file threads).
fn events(shared: &Shared) -> Reply {
    let Some(rx) = shared.hub.subscribe() else {
        return text(503, "too many live-reload connections");
    };
    let first = shared.problems().map(|p| live::event("problems", &p.json));
    let response = reply(200, Body::Events(EventStream::new(rx, first)));
    with(
        with(response, CONTENT_TYPE, "text/event-stream"),
        CACHE_CONTROL,
        "no-store",
    )
}
