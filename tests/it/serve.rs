//! `townhall serve`: the real binary on a free port, spoken to over plain
//! TCP. Every wait is bounded and every child is killed, pass or fail.
//! `http` pins what is served (and what never is); `live` pins rebuilds,
//! the overlay and the process's life.

mod http;
mod live;

use crate::harness::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-25";
const WAIT: Duration = Duration::from_secs(30);

/// A running `townhall serve`; killed on drop.
struct Server {
    child: Child,
    addr: String,
    url: String,
    out: PathBuf,
    stdout: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `f` into `<root>/served` (next to site.toml, so that a path
    /// escaping the output would reach the sources).
    fn start(f: &Fixture) -> Server {
        let out = f.root().join("served");
        let out_arg = out.to_string_lossy().into_owned();
        Server::spawn(f.root(), &["--output", &out_arg])
    }

    fn spawn(root: &Path, extra: &[&str]) -> Server {
        Server::spawn_on(root, "0", extra)
    }

    fn spawn_on(root: &Path, port: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_townhall"))
            .args([
                "serve", "--port", port, "--today", TODAY, "--color", "never",
            ])
            .args(extra)
            .current_dir(root)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&stdout);
        let pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            url: String::new(),
            out: PathBuf::new(),
            stdout,
        };
        let url = server.wait_line("serving ");
        server.url = url.trim_start_matches("serving ").to_string();
        server.addr = server
            .url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server.out = PathBuf::from(
            server
                .wait_line("  output: ")
                .trim_start_matches("  output: "),
        );
        server
    }

    fn wait_line(&mut self, prefix: &str) -> String {
        let found = poll(|| {
            self.stdout
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.starts_with(prefix))
                .cloned()
        });
        found.unwrap_or_else(|| {
            let status = self.child.try_wait();
            panic!(
                "no `{prefix}` line; status {status:?}, stdout: {:?}",
                self.stdout.lock().unwrap()
            )
        })
    }

    fn get(&self, target: &str) -> Reply {
        get(&self.addr, target, &[])
    }

    /// Polls `target` until `check` accepts the reply.
    fn get_until(&self, target: &str, check: impl Fn(&Reply) -> bool) -> Reply {
        let mut last = None;
        let ok = poll(|| {
            let reply = self.get(target);
            let done = check(&reply);
            last = Some(reply);
            done.then_some(())
        });
        let last = last.unwrap();
        assert!(
            ok.is_some(),
            "timed out on {target}: {} {}",
            last.status,
            last.body
        );
        last
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Calls `f` until it returns `Some`, for at most `WAIT`.
fn poll<T>(mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if let Some(v) = f() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with the target sent exactly as given (no client
/// normalises it away), read until the server closes.
fn get(addr: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

#[test]
fn serve_keeps_the_persistent_cache_for_the_next_start_and_build() {
    let f = Fixture::new("guides");
    let cache = f.root().join(".townhall/cache/highlight.bin");
    {
        let mut server = Server::start(&f);
        server.wait_line("site up to date");
        // the first build's highlighted blocks are kept, in a cache `build` reads
        let written = poll(|| std::fs::metadata(&cache).ok().filter(|m| m.len() > 0));
        assert!(written.is_some(), "serve wrote no cache");
    }
    let out = f.build(&[]);
    out.ok();
    assert!(
        !out.stderr.contains("not using the cache"),
        "{}",
        out.stderr
    );
    // --no-cache leaves it alone
    std::fs::remove_file(&cache).unwrap();
    {
        let mut server = Server::spawn(f.root(), &["--no-cache"]);
        server.wait_line("site up to date");
    }
    assert!(!cache.exists());
}

/// A port free a moment ago, for a server that must come back on the same
/// address (pages are made for it).
fn free_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port().to_string()
}

#[cfg(unix)]
#[test]
fn a_restarted_serve_keeps_the_pages_its_last_run_made() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new("guides");
    let port = free_port();
    let page = "guides/billing/refunds/index.html";
    let first = {
        let mut server = Server::spawn_on(f.root(), &port, &[]);
        server.wait_line("site up to date");
        let served = server.out.clone();
        // no --output: the temporary folder is beside the cache, on its disk
        assert!(
            served.starts_with(f.root().join(".townhall/cache/serve")),
            "{}",
            served.display()
        );
        std::fs::read(served.join(page)).unwrap()
    };
    let cache = f.root().join(".townhall/cache");
    for kept in ["serve/pages.bin", "parse.bin", "search.bin"] {
        assert!(cache.join(kept).is_file(), "serve kept no {kept}");
    }
    // a build's pages are made for another address: kept apart
    assert!(!cache.join("pages.bin").exists());

    let mut server = Server::spawn_on(f.root(), &port, &["--output", "served"]);
    server.wait_line("site up to date");
    let served = f.root().join("served").join(page);
    assert_eq!(std::fs::read(&served).unwrap(), first);
    // kept, not rendered: the served file is the cache's, linked
    assert!(std::fs::metadata(&served).unwrap().nlink() > 1);

    // an edit after a warm start rewrites its page, not the kept ones
    let other = f.root().join("served/guides/billing/invoices/index.html");
    let other_inode = std::fs::metadata(&other).unwrap().ino();
    f.edit(
        "content/guides/billing/refunds.md",
        "## Partial refunds",
        "## Kept apart\n\nNew words.\n\n## Partial refunds",
    );
    server.get_until("/guides/billing/refunds/", |r| {
        r.body.contains("Kept apart")
    });
    let complete = poll(|| {
        let lines = server.stdout.lock().unwrap();
        (lines
            .iter()
            .filter(|l| l.starts_with("site up to date"))
            .count()
            > 1)
        .then_some(())
    });
    assert!(complete.is_some(), "{:?}", server.stdout.lock().unwrap());
    assert_eq!(std::fs::metadata(&other).unwrap().ino(), other_inode);
}

#[test]
fn a_body_edit_is_previewed_with_the_bytes_of_the_full_build() {
    let f = Fixture::new("guides");
    let mut server = Server::start(&f);
    server.wait_line("site up to date");
    let page = "/guides/billing/refunds/";
    // a new section with links to another guide, an anchor of it, and itself
    f.edit("content/guides/billing/refunds.md",
        "## Partial refunds",
        "## Previewed part\n\nSee [invoices](invoices.md#reading-an-invoice), [this part](#previewed-part) and [me](refunds.md).\n\n## Partial refunds",
    );
    server.wait_line("content/guides/billing/refunds.md: page ready in");
    let preview_line = server
        .stdout
        .lock()
        .unwrap()
        .iter()
        .find(|l| l.contains("page ready"))
        .cloned()
        .unwrap();
    assert!(
        preview_line.contains("(preview of a body edit)"),
        "{preview_line}"
    );
    let previewed = server.get(page).body;
    assert!(previewed.contains("id=\"previewed-part\""), "{previewed}");
    // the complete rebuild (the second "site up to date", after the
    // initial one) writes the same page, byte for byte
    poll(|| {
        (server
            .stdout
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with("site up to date"))
            .count()
            >= 2)
            .then_some(())
    })
    .expect("the complete rebuild finishes");
    assert_eq!(previewed, server.get(page).body);
    let lines = server.stdout.lock().unwrap().clone();
    assert_eq!(
        lines.iter().filter(|l| l.contains("page ready")).count(),
        1,
        "the fast step found the previewed page already right: {lines:?}"
    );

    // A front-matter edit is not previewed: the fast step renders it.
    f.edit(
        "content/guides/billing/refunds.md",
        "title: Refunds",
        "title: Refunds and credits",
    );
    server.get_until(page, |r| r.body.contains("Refunds and credits"));
    let ready = || {
        server
            .stdout
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains("page ready"))
            .cloned()
            .collect::<Vec<_>>()
    };
    poll(|| (ready().len() >= 2).then_some(())).expect("a second page-ready line");
    let lines = ready();
    let last_ready = &lines[1];
    assert!(!last_ready.contains("preview"), "{lines:?}");
}
