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
