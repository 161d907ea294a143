//! Live reload: the script injected into served HTML, the error overlay, and
//! the Server-Sent Events hub that tells open pages to reload or to show
//! (or drop) the overlay. Nothing here touches the files on disk: injection
//! happens per response, so the served directory stays byte-identical to a
//! `townhall build`.

use crate::diag::{self, Diagnostic, Format};
use crate::render::markdown::escape_attr as escape;
use hyper::body::Bytes;
use serde::Serialize;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::time::{Interval, MissedTickBehavior};

pub(super) const SCRIPT_URL: &str = "/__townhall/live.js";
pub(super) const EVENTS_URL: &str = "/__townhall/events";
pub(super) const SCRIPT: &str = include_str!("live.js");

/// More open tabs than this is a leak, not a writer: refuse the rest.
const MAX_CLIENTS: usize = 32;
/// A comment this often finds closed connections (writes fail) and keeps
/// proxies from timing out.
const KEEPALIVE: Duration = Duration::from_secs(10);
/// Beyond this many changed files, pages are told "everything changed".
const MAX_LISTED: usize = 500;

/// Kept in step with `BOX` and `ITEM` in live.js (the overlay the script
/// draws): an opaque backdrop (the broken page must not show through), and
/// text that wraps anywhere, so a long path fits a 360 px screen.
const BOX_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.25rem max(1rem,calc(50vw - 28rem));background:#141418;color:#eee;font:14px/1.55 ui-monospace,monospace;overflow-wrap:anywhere";
const ITEM_STYLE: &str =
    "margin:0 0 1em;padding:.75em 1em;border-left:3px solid #ff8a80;background:#1f1f25";

/// The diagnostics of a broken build, ready for pages and for the script.
#[derive(Debug)]
pub(super) struct Problems {
    /// Escaped HTML injected into pages served while the build is broken.
    pub html: String,
    /// The same, as JSON for the `problems` event (the script uses textContent).
    pub json: String,
}

#[derive(Serialize)]
struct Report<'a> {
    problems: Vec<Item<'a>>,
    text: String,
}

#[derive(Serialize)]
struct Item<'a> {
    severity: &'static str,
    code: &'static str,
    location: String,
    message: &'a str,
    hint: Option<&'a str>,
}

impl Problems {
    pub(super) fn new(diagnostics: &[Diagnostic], root: &Path) -> Problems {
        let items: Vec<Item> = diagnostics
            .iter()
            .map(|d| Item {
                severity: if d.is_error() { "error" } else { "warning" },
                code: d.code.0,
                location: match d.span {
                    Some(span) => format!("{}:{}:{}", d.path.display(), span.line, span.column),
                    None => d.path.display().to_string(),
                },
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect();
        // each problem once, however many times a stage reported it
        let mut items = items;
        let mut seen = std::collections::HashSet::new();
        items.retain(|i| seen.insert((i.code, i.location.clone(), i.message)));
        let text = diag::render(diagnostics, root, Format::Human, false);
        let errors = items.iter().filter(|i| i.severity == "error").count();
        let mut html = format!(
            "<div id=\"townhall-overlay\" role=\"alert\" style=\"{BOX_STYLE}\"><h2 style=\"margin:0 0 1em;font-size:1.2em\">townhall: the last save broke the build ({errors} error{}); showing the last good version</h2>",
            if errors == 1 { "" } else { "s" }
        );
        for item in &items {
            html.push_str(&format!(
                "<div style=\"{ITEM_STYLE}\"><div style=\"color:#ff8a80;font-weight:bold\">{}[{}]: {}</div><div style=\"color:#9cdcfe\">--&gt; {}</div>",
                item.severity,
                escape(item.code),
                escape(item.message),
                escape(&item.location)
            ));
            if let Some(hint) = item.hint {
                html.push_str(&format!(
                    "<div style=\"color:#b5e89b\">help: {}</div>",
                    escape(hint)
                ));
            }
            html.push_str("</div>");
        }
        // the human rendering repeats every item above: it stays in the
        // JSON for tools, and the overlay shows each problem once
        html.push_str("</div>");
        let json = serde_json::to_string(&Report {
            problems: items,
            text,
        })
        .unwrap_or_else(|_| "{}".into());
        Problems { html, json }
    }
}

/// The page with the live-reload script (and the overlay, while the build
/// is broken) placed before the last `</body>`, or at the end without one.
pub(super) fn inject(html: &[u8], file: &str, overlay: Option<&str>) -> Vec<u8> {
    let snippet = format!(
        "{}<script src=\"{SCRIPT_URL}\" data-file=\"{}\" defer></script>",
        overlay.unwrap_or_default(),
        escape(file)
    );
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let (head, tail) = html.split_at(at);
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(head);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(tail);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| {
            haystack
                .get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
}

/// An SSE message.
pub(super) fn event(name: &str, data: &str) -> String {
    // `data` is one line of JSON: serde_json escapes newlines inside strings.
    format!("event: {name}\ndata: {data}\n\n")
}

/// The `reload` event for what a rebuild wrote and removed.
pub(super) fn reload_event(changed: &[String]) -> String {
    let data = if changed.len() > MAX_LISTED {
        "[\"*\"]".to_string()
    } else {
        serde_json::to_string(changed).unwrap_or_else(|_| "[\"*\"]".into())
    };
    event("reload", &data)
}

/// The open event streams; each reads its own channel. Sending never
/// blocks (the rebuild loop broadcasts), and fails once the stream is gone.
#[derive(Default)]
pub(super) struct Hub {
    clients: Mutex<Vec<UnboundedSender<Arc<str>>>>,
}

impl Hub {
    /// A channel for a new client, or `None` when too many are open.
    pub(super) fn subscribe(&self) -> Option<UnboundedReceiver<Arc<str>>> {
        let mut clients = self.clients.lock().ok()?;
        if clients.len() >= MAX_CLIENTS {
            // Drop the streams that have ended before refusing.
            clients.retain(|c| !c.is_closed());
            if clients.len() >= MAX_CLIENTS {
                return None;
            }
        }
        let (tx, rx) = mpsc::unbounded_channel();
        clients.push(tx);
        Some(rx)
    }

    pub(super) fn broadcast(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }
}

/// One client's event stream, as the body of a `text/event-stream`
/// response: what is queued first, then every broadcast message, and a
/// comment after each quiet `KEEPALIVE`. Each item is one body frame, which
/// hyper writes and flushes as it comes (no buffering of a half-full chunk).
/// It ends when the hub is dropped; a client that went away is noticed when
/// a write fails, and the stream is then dropped with its connection.
pub(super) struct EventStream {
    queued: VecDeque<Bytes>,
    rx: UnboundedReceiver<Arc<str>>,
    keepalive: Interval,
}

impl EventStream {
    /// Must be called inside the server's runtime (the keepalive timer).
    pub(super) fn new(rx: UnboundedReceiver<Arc<str>>, first: Option<String>) -> EventStream {
        let mut queued = VecDeque::from([Bytes::from_static(b"retry: 1000\n\n")]);
        queued.extend(first.map(Bytes::from));
        let start = tokio::time::Instant::now() + KEEPALIVE;
        let mut keepalive = tokio::time::interval_at(start, KEEPALIVE);
        keepalive.set_missed_tick_behavior(MissedTickBehavior::Delay);
        EventStream {
            queued,
            rx,
            keepalive,
        }
    }

    /// The next bytes to send, or `None` at the end of the stream.
    pub(super) fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Some(bytes) = self.queued.pop_front() {
            return Poll::Ready(Some(bytes));
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(message)) => {
                self.keepalive.reset();
                Poll::Ready(Some(Bytes::copy_from_slice(message.as_bytes())))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => self
                .keepalive
                .poll_tick(cx)
                .map(|_| Some(Bytes::from_static(b": ping\n\n"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = inject(b"<p>x</p></BODY></html>", "a/index.html", None);
        let page = String::from_utf8(page).unwrap();
        assert!(page
            .starts_with("<p>x</p><script src=\"/__townhall/live.js\" data-file=\"a/index.html\""));
        assert!(page.ends_with("</BODY></html>"));
        let bare = String::from_utf8(inject(b"<p>x</p>", "f", Some("<i>o</i>"))).unwrap();
        assert!(bare.starts_with("<p>x</p><i>o</i><script"));
    }

    #[test]
    fn overlay_escapes_the_writers_text() {
        let d = Diagnostic::error(
            Code::UNREADABLE,
            "content/<b>.md",
            "bad <script>alert(1)</script>",
        )
        .at_line(3, 1)
        .hint("use \"quotes\" & <tags>");
        let p = Problems::new(&[d], Path::new("/nonexistent"));
        assert!(!p.html.contains("<script>"));
        assert!(p.html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(p.html.contains("content/&lt;b&gt;.md:3:1"));
        assert!(p.html.contains("use &quot;quotes&quot; &amp; &lt;tags&gt;"));
        assert!(!p.json.contains('\n'));
        assert_eq!(
            p.html.matches("bad &lt;script&gt;").count(),
            1,
            "each problem once"
        );
        assert!(p.html.contains("background:#141418"), "an opaque backdrop");
    }

    #[test]
    fn a_problem_reported_twice_shows_once() {
        let d = || Diagnostic::error(Code::UNREADABLE, "content/a.md", "broken").at_line(2, 1);
        let p = Problems::new(&[d(), d()], Path::new("/nonexistent"));
        assert_eq!(p.html.matches("broken").count(), 1);
        assert!(p.html.contains("(1 error)"), "{}", p.html);
    }

    #[test]
    fn a_stream_sends_retry_then_its_first_event_then_broadcasts_until_the_hub_goes() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let hub = Hub::default();
        let rx = hub.subscribe().unwrap();
        let mut stream =
            runtime.block_on(async { EventStream::new(rx, Some(event("problems", "{}"))) });
        hub.broadcast(&reload_event(&["a/index.html".to_string()]));
        drop(hub);
        let mut sent = Vec::new();
        runtime.block_on(async {
            while let Some(bytes) = std::future::poll_fn(|cx| stream.poll_next(cx)).await {
                sent.push(String::from_utf8(bytes.to_vec()).unwrap());
            }
        });
        assert_eq!(
            sent,
            [
                "retry: 1000\n\n",
                "event: problems\ndata: {}\n\n",
                "event: reload\ndata: [\"a/index.html\"]\n\n",
            ]
        );
    }

    #[test]
    fn hub_refuses_beyond_the_cap_and_frees_closed_streams() {
        let hub = Hub::default();
        let mut open: Vec<_> = (0..MAX_CLIENTS).map(|_| hub.subscribe().unwrap()).collect();
        assert!(hub.subscribe().is_none());
        open.pop();
        assert!(hub.subscribe().is_some());
    }
}
