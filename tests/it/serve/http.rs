//! What is served, and what never is: pages, 404s, folders, caching,
//! content types, and no byte from outside the output.

use super::{get, Server};
use crate::harness::Fixture;

#[test]
fn no_request_reads_outside_the_output() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(f.root().join("site.toml"), server.out.join("linked.toml"))
            .unwrap();
        std::os::unix::fs::symlink(f.root(), server.out.join("linked-root")).unwrap();
        std::os::unix::fs::symlink("/etc", server.out.join("etc-link")).unwrap();
    }
    let secret = "[taxonomy]"; // only in site.toml
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/site.toml",
        "/..%2fsite.toml",
        "/%2e%2e%2f%2e%2e/etc/passwd",
        "/guides/..\\..\\site.toml",
        "/guides/%5c..%5c..%5csite.toml",
        "/guides/../../site.toml",
        "/guides/%2e%2e/%2e%2e/site.toml",
        "/./../site.toml",
        "/%252e%252e/site.toml",
        "/%c0%ae%c0%ae/site.toml",
        "/%00",
        "/index.html%00.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/linked.toml",
        "/linked-root/site.toml",
        "/linked-root/",
        "/etc-link/passwd",
    ] {
        let reply = server.get(target);
        assert!(
            [400, 403, 404].contains(&reply.status),
            "{target}: {} {}",
            reply.status,
            reply.body
        );
        assert!(!reply.body.contains(secret), "{target} leaked site.toml");
        assert!(
            !reply.body.contains("root:x:0"),
            "{target} leaked /etc/passwd"
        );
    }
}

#[test]
fn missing_pages_get_the_sites_404_page_and_folders_their_slash() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    assert!(missing.body.contains("/__townhall/live.js"));

    let redirect = server.get("/guides");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/guides/"));
    let redirect = server.get("/guides/billing?x=1");
    assert_eq!(redirect.header("Location"), Some("/guides/billing/?x=1"));
    assert_eq!(server.get("/guides/").status, 200);
    assert_eq!(
        server.get("/guides/billing/invoices/index.html").status,
        200
    );
    assert_eq!(
        server.get("/guides/billing/invoices/index.html/").status,
        404
    );
}

#[test]
fn etags_answer_304_and_types_follow_extensions() {
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    let first = server.get("/sitemap.xml");
    assert_eq!(first.status, 200);
    assert_eq!(first.header("Content-Type"), Some("application/xml"));
    let etag = first.header("ETag").unwrap().to_string();
    let again = get(&server.addr, "/sitemap.xml", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let other = get(
        &server.addr,
        "/sitemap.xml",
        &[("If-None-Match", "\"other\"")],
    );
    assert_eq!(other.status, 200);
    let page = server.get("/");
    let cached = get(
        &server.addr,
        "/",
        &[("If-None-Match", page.header("ETag").unwrap())],
    );
    assert_eq!(cached.status, 304);

    for (target, kind) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/townhall.js", "text/javascript; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/questions.json", "application/json"),
        ("/guides/billing/chart.png", "image/png"),
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("Content-Type"), Some(kind), "{target}");
    }
}

/// Regression: with tiny_http, one of a browser's simultaneous keep-alive
/// connections could stay unread forever (a page then waited for its last
/// script). Every connection is answered, and stays usable for the next
/// request, as a browser reuses it.
#[test]
fn simultaneous_keep_alive_connections_all_get_answers() {
    use std::io::{Read, Write};
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    let targets = ["/", "/assets/style.css", "/__townhall/live.js"];
    let ask = |s: &mut std::net::TcpStream, target: &str| {
        // a browser's request: keep-alive, not `Connection: close`
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
        s.write_all(request.as_bytes()).unwrap();
    };
    // Reads one response by its Content-Length, as a browser does (the
    // browser, not the server, closes the socket after it). The next request
    // is sent only after that, so no read can take bytes of the next answer.
    let answer = |s: &mut std::net::TcpStream| {
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..end]).into_owned();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|n| n.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if raw.len() - (end + 4) >= length {
                    return head;
                }
            }
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&raw));
            raw.extend_from_slice(&buf[..n]);
        }
    };
    let mut streams: Vec<std::net::TcpStream> = (0..12)
        .map(|i| {
            let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
            s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            ask(&mut s, targets[i % 3]);
            s
        })
        .collect();
    for (i, s) in streams.iter_mut().enumerate() {
        let text = answer(s);
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(
            !text
                .lines()
                .any(|l| l.eq_ignore_ascii_case("connection: close")),
            "{text}"
        );
        // the same connection serves the next request
        ask(s, targets[(i + 1) % 3]);
    }
    for s in &mut streams {
        let text = answer(s);
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    }
}

#[test]
fn head_gets_the_length_without_the_body_and_other_methods_are_refused() {
    use std::io::{Read, Write};
    let f = Fixture::new("guides");
    let server = Server::start(&f);
    let full = server.get("/robots.txt");
    let exchange = |request: &str| {
        let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        raw
    };
    let head = exchange("HEAD /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length = format!("\r\nContent-Length: {}\r\n", full.body.len());
    assert!(head.contains(&length), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "no body after the head: {head}");

    let post =
        exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    assert!(post.contains("\r\nAllow: GET, HEAD\r\n"), "{post}");
    // Framing that proxies and servers could read differently (the
    // request-smuggling shapes) is refused, and the bytes after it are
    // never taken for a second request.
    for framing in ["Transfer-Encoding : chunked", "Transfer-Encoding: gzip"] {
        let smuggled = exchange(&format!(
            "POST / HTTP/1.1\r\nHost: x\r\n{framing}\r\nContent-Length: 5\r\n\r\n0\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
        ));
        assert!(
            smuggled.starts_with("HTTP/1.1 400"),
            "{framing}: {smuggled}"
        );
        assert_eq!(
            smuggled.matches("HTTP/1.1 ").count(),
            1,
            "{framing}: {smuggled}"
        );
    }
}
