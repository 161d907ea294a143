//! Rebuilds, the error overlay, live reload and the process's life.

use super::{poll, Server, TODAY, WAIT};
use crate::harness::{run_in, snapshot, Fixture};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn serves_pages_with_the_reload_script_that_build_never_writes() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<script src=\"/__townhall/live.js\""));
    let guide = server.get("/guides/billing/invoices/");
    assert!(guide.body.contains("<h1>Invoices</h1>"), "{}", guide.body);
    // Built with the served address as its base URL (canonical links, feeds).
    let canonical = format!("{}guides/billing/invoices/", server.url);
    assert!(guide.body.contains(&canonical), "{}", guide.body);
    let script = server.get("/__townhall/live.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource"));

    // The script is added per response: neither the served folder nor a build has it.
    for (path, bytes) in snapshot(&server.out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__townhall"),
            "{path}"
        );
    }
    f.build(&[]).ok();
    for (path, bytes) in snapshot(&f.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__townhall"),
            "{path}"
        );
    }
}

#[test]
fn a_saved_edit_is_served_and_event_streams_do_not_block_requests() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    // Open streams hold their own threads, not the request threads.
    let streams: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = TcpStream::connect(&server.addr).unwrap();
            s.write_all(b"GET /__townhall/events HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            s
        })
        .collect();
    f.edit(
        "content/guides/billing/invoices.md",
        "title: Invoices",
        "title: Reading invoices",
    );
    server.get_until("/guides/billing/invoices/", |r| {
        r.body.contains("<h1>Reading invoices</h1>")
    });
    drop(streams);
}

/// The event stream is sent as it happens: its head and `retry` line at
/// once, then a `reload` event naming the rebuilt page right after a save,
/// each flushed on its own (nothing waits for a buffer to fill).
#[test]
fn an_open_event_stream_gets_a_reload_event_for_the_saved_page() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    let mut events = TcpStream::connect(&server.addr).unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    events
        .write_all(b"GET /__townhall/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let mut read_until = |needle: &str, seen: &mut String| {
        while !seen.contains(needle) {
            let n = events.read(&mut buf).unwrap();
            assert!(n > 0, "stream closed: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    read_until("retry: 1000", &mut seen);
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(
        seen.contains("\r\nContent-Type: text/event-stream\r\n"),
        "{seen}"
    );
    f.edit(
        "content/guides/billing/zebra.md",
        "title: Zebra payments",
        "title: Zebra payments, renamed",
    );
    read_until("guides/billing/zebra/index.html", &mut seen);
    assert!(seen.contains("event: reload\ndata: ["), "{seen}");
}

#[test]
fn a_broken_save_keeps_the_last_good_page_with_an_escaped_overlay() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    let mut events = TcpStream::connect(&server.addr).unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    events
        .write_all(b"GET /__townhall/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();

    // An unknown front-matter key that is markup: it is quoted in the
    // message and in the source line, and must reach the page as text.
    let bad = "title: Invoices\n\"<script>alert(1)</script>\": x";
    f.edit("content/guides/billing/invoices.md", "title: Invoices", bad);
    let page = server.get_until("/guides/billing/invoices/", |r| {
        r.body.contains("townhall-overlay")
    });
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<h1>Invoices</h1>"),
        "the last good page stays"
    );
    assert!(
        page.body.contains("content/guides/billing/invoices.md:3:1"),
        "{}",
        page.body
    );
    assert!(page.body.contains("unknown front-matter key"));
    assert!(page.body.contains("help: allowed keys"));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !page.body.contains("<script>alert(1)"),
        "escaped everywhere"
    );

    // The same problems reach open tabs as an event.
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("event: problems") {
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0, "stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("unknown front-matter key"));

    f.edit(
        "content/guides/billing/invoices.md",
        bad,
        "title: Fixed invoices",
    );
    let page = server.get_until("/guides/billing/invoices/", |r| {
        r.body.contains("<h1>Fixed invoices</h1>")
    });
    assert!(!page.body.contains("townhall-overlay"));
    assert!(!server.get("/").body.contains("townhall-overlay"));
}

#[test]
fn incremental_rebuilds_equal_a_clean_build() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    f.write(
        "content/guides/billing/new-guide.md",
        "---\ntitle: A new guide\ntags: [api]\n---\nFresh text.\n",
    );
    server.get_until("/guides/billing/new-guide/", |r| {
        r.body.contains("<h1>A new guide</h1>")
    });
    f.edit(
        "content/guides/billing/refunds.md",
        "title: Refunds",
        "title: Money back",
    );
    server.get_until("/guides/billing/refunds/", |r| {
        r.body.contains("<h1>Money back</h1>")
    });
    std::fs::remove_file(f.root().join("content/guides/billing/zebra.md")).unwrap();
    server.get_until("/guides/billing/zebra/", |r| r.status == 404);
    // A body-only edit (previewed; the complete step renders no other guide
    // page): its first paragraph is the guide's description in listings.
    f.edit(
        "content/guides/billing/refunds.md",
        "Refunds are issued to the original payment method.",
        "Refunds go back to the card you paid with.",
    );
    server.get_until("/guides/billing/", |r| {
        r.body
            .contains("Refunds go back to the card you paid with.")
    });
    f.edit(
        "content/guides/billing/invoices.md",
        "tags: [billing, api]",
        "tags: [billing, accounts]",
    );
    server.get_until("/tags/accounts/", |r| r.body.contains("Invoices"));

    assert_settles_to_a_clean_build(&f, &server);
}

#[test]
fn a_taken_port_is_a_clear_usage_error() {
    let f = Fixture::new("guides");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_townhall"))
        .args(["serve", "--port", &port, "--today", TODAY])
        .current_dir(f.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = poll(|| child.try_wait().unwrap());
    let Some(status) = status else {
        let _ = child.kill();
        panic!("serve did not exit on a taken port");
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_removes_the_temporary_output() {
    let f = Fixture::new("guides");
    let mut server = Server::spawn(f.root(), &[]);
    assert!(server.out.join("index.html").is_file());
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let status = poll(|| server.child.try_wait().unwrap()).expect("serve did not stop");
    assert!(status.success(), "{status:?}");
    assert!(
        !server.out.exists(),
        "{} is left behind",
        server.out.display()
    );
}

#[test]
fn a_body_edit_on_a_site_with_questions_and_ideas_equals_a_clean_build() {
    let f = Fixture::new("search");
    let server = Server::start(&f);
    f.edit(
        "content/guides/billing/invoices.md",
        "How to read an invoice.",
        "How to read an invoice, line by line.",
    );
    server.get_until("/guides/billing/", |r| r.body.contains("line by line"));
    assert_settles_to_a_clean_build(&f, &server);
}

/// The served folder becomes byte for byte what `townhall build` writes for
/// the same sources (the rest of the site follows the edited pages: waits
/// for it to settle).
fn assert_settles_to_a_clean_build(f: &Fixture, server: &Server) {
    let clean = f.root().join("clean");
    let clean_arg = clean.to_string_lossy().into_owned();
    run_in(
        f.root(),
        &[
            "build",
            "--today",
            TODAY,
            "--base-url",
            &server.url,
            "--output",
            &clean_arg,
            "-q",
        ],
    )
    .ok();
    let expected = snapshot(&clean);
    if poll(|| (snapshot(&server.out) == expected).then_some(())).is_none() {
        let got = snapshot(&server.out);
        let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let differ: Vec<&String> = got
            .iter()
            .filter(|(n, b)| !expected.iter().any(|(en, eb)| en == n && eb == b))
            .map(|(n, _)| n)
            .collect();
        panic!(
            "served != clean build\nserved: {:?}\nclean: {:?}\ndiffer or extra: {differ:?}",
            names(&got),
            names(&expected)
        );
    }
}
