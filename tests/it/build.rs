use crate::harness::{built, snapshot, Fixture};

#[test]
fn nav_tree_orders_sections_and_marks_current_page() {
    let f = built("guides");
    let page = f.page("guides/billing/refunds/index.html");
    // top-level sections by weight: Accounts (1) before Billing (2)
    let sections = page.texts(".sidebar .nav-tree > .nav-section > a");
    assert_eq!(sections, ["Accounts", "Billing"]);
    // the narrow screens' menu holds the same tree
    assert_eq!(
        page.texts(".menu .nav-tree a"),
        page.texts(".sidebar .nav-tree a")
    );
    // inside the open section: guides by weight then title, then subsections
    let billing = page.texts(".sidebar .nav-tree > .nav-section.open > ul > li > a");
    assert_eq!(
        billing,
        ["Invoices", "Refunds", "Zebra payments", "Advanced billing"]
    );
    let current = page.select(".sidebar .nav-tree a[aria-current=page]");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].text().collect::<String>(), "Refunds");
    // a closed section lists no guides
    assert!(page
        .texts(".nav-tree a")
        .iter()
        .all(|t| t != "Two-factor sign-in"));
}

#[test]
fn breadcrumbs_toc_and_prev_next() {
    let f = built("guides");
    let page = f.page("guides/billing/refunds/index.html");
    assert_eq!(
        page.texts(".breadcrumbs li"),
        ["Home", "Guides", "Billing", "Refunds"]
    );
    assert_eq!(page.texts(".toc a"), ["Partial refunds", "Full refunds"]);
    assert_eq!(
        page.attrs(".toc a", "href"),
        ["#partial-refunds", "#full-refunds"]
    );
    assert_eq!(
        page.one_attr(".pager-prev", "href"),
        "/guides/billing/invoices/"
    );
    assert_eq!(
        page.one_attr(".pager-next", "href"),
        "/guides/billing/zebra/"
    );
    let first = f.page("guides/billing/invoices/index.html");
    assert!(first.select(".pager-prev").is_empty());
}

#[test]
fn links_are_rewritten_to_final_urls() {
    let f = built("guides");
    let page = f.page("guides/billing/refunds/index.html");
    let hrefs = page.attrs(".prose a:not(.anchor)", "href");
    assert!(
        hrefs.contains(&"/guides/billing/invoices/#reading-an-invoice".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/guides/accounts/two-factor/".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"#full-refunds".to_string()), "{hrefs:?}");
    assert_eq!(
        page.one_attr(".prose img", "src"),
        "/guides/billing/chart.png"
    );
    assert!(f.exists("guides/billing/chart.png"));
    let home = f.page("index.html");
    assert_eq!(home.attrs(".prose a", "href"), ["/guides/billing/refunds/"]);
}

#[test]
fn heading_ids_anchor_links_and_custom_ids() {
    let f = built("guides");
    let page = f.page("guides/billing/invoices/index.html");
    assert_eq!(
        page.attrs(".prose h2, .prose h3", "id"),
        ["reading-an-invoice", "reading-an-invoice-1", "my-id"]
    );
    assert_eq!(
        page.attrs(".prose h2 a.anchor", "href"),
        ["#reading-an-invoice", "#reading-an-invoice-1"]
    );
}

#[test]
fn alerts_code_tables_and_task_lists() {
    let f = built("guides");
    let page = f.page("guides/billing/refunds/index.html");
    assert_eq!(page.texts(".callout-warning .callout-title"), ["Warning"]);
    assert_eq!(page.attrs(".callout-warning", "role"), ["note"]);
    let rust = page.select("pre.code.hl[data-lang=rust] span[class^=hl-]");
    assert!(!rust.is_empty(), "rust code is highlighted with classes");
    assert!(
        page.select("pre[style], span[style]").is_empty(),
        "no inline styles"
    );
    assert_eq!(
        page.texts("pre.code[data-lang=klingon]:not(.hl) code"),
        ["nuqneH"]
    );
    assert_eq!(page.select(".prose table td").len(), 2);
    assert_eq!(page.select(".prose input[type=checkbox]").len(), 2);
    let css = f.read("assets/highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn page_metadata() {
    let f = built("guides");
    let page = f.page("guides/billing/refunds/index.html");
    assert_eq!(page.texts("title"), ["Refunds · Fixture Community"]);
    assert_eq!(
        page.one_attr("link[rel=canonical]", "href"),
        "https://fixture.example.com/guides/billing/refunds/"
    );
    assert_eq!(
        page.one_attr("meta[name=description]", "content"),
        "Refunds are issued to the original payment method."
    );
    assert_eq!(page.texts(".page-meta time"), ["1 March 2026"]);
    assert_eq!(page.one_attr(".page-meta time", "datetime"), "2026-03-01");
    assert!(page.texts(".page-meta").join(" ").contains("mira, jonas"));
    assert_eq!(
        page.one_attr(".edit-link", "href"),
        "https://github.com/acme/community/edit/main/content/guides/billing/refunds.md"
    );
    assert_eq!(page.attrs(".tags a", "href"), ["/tags/billing/"]);
    assert_eq!(page.one_attr("html", "lang"), "en");
}

#[test]
fn tag_pages_list_tagged_guides() {
    let f = built("guides");
    let tags = f.page("tags/index.html");
    assert_eq!(
        tags.texts(".tag-cloud a"),
        ["accounts 1", "api 1", "billing 2"]
    );
    let billing = f.page("tags/billing/index.html");
    assert_eq!(billing.texts(".card-link"), ["Invoices", "Refunds"]);
}

#[test]
fn drafts_only_with_the_flag() {
    let f = built("guides");
    assert!(!f.exists("guides/billing/draft-guide/index.html"));
    f.build(&["--drafts"]).ok();
    let page = f.page("guides/billing/draft-guide/index.html");
    assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
}

#[test]
fn internal_pages_leave_no_trace_in_public_builds() {
    let f = built("guides");
    for file in f.files() {
        if file.ends_with(".html") || file.ends_with(".xml") || file.ends_with(".json") {
            let text = f.read(&file);
            assert!(
                !text.contains("Staff only"),
                "{file} mentions the internal page"
            );
            assert!(
                !text.contains("staff-only"),
                "{file} links the internal page"
            );
        }
    }
    // the api tag is only used by the internal page: no tag page either
    assert!(!f.exists("tags/api/index.html") || f.read("tags/api/index.html").contains("Invoices"));
    f.build(&["--profile", "internal"]).ok();
    assert!(f.exists("guides/accounts/staff-only/index.html"));
    let page = f.page("guides/accounts/staff-only/index.html");
    assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
}

#[test]
fn aliases_redirect_with_refresh_canonical_and_link() {
    let f = built("guides");
    for file in ["old/refunds/index.html", "legacy-refunds.html"] {
        let page = f.page(file);
        let target = "https://fixture.example.com/guides/billing/refunds/";
        assert_eq!(page.one_attr("link[rel=canonical]", "href"), target);
        assert_eq!(
            page.one_attr("meta[http-equiv=refresh]", "content"),
            format!("0; url={target}")
        );
        assert_eq!(page.one_attr("body a", "href"), target);
    }
    let sitemap = f.read("sitemap.xml");
    assert!(!sitemap.contains("old/refunds"));
}

#[test]
fn static_files_and_theme_assets_are_copied() {
    let f = built("guides");
    assert_eq!(f.read("extra.txt"), "robots-extra\n");
    assert!(f.exists("assets/style.css"));
    assert!(f.exists("assets/townhall.js"));
    assert!(f.exists("404.html"));
}

#[test]
fn sections_without_index_get_a_default_title_and_a_warning() {
    let f = built("guides");
    f.write(
        "content/guides/no-index-here/page.md",
        "---\ntitle: Lonely\n---\nx\n",
    );
    let out = f.build(&[]);
    out.ok();
    assert!(out.stderr.contains("warning[TH0206]"), "{}", out.stderr);
    let page = f.page("guides/no-index-here/index.html");
    assert_eq!(page.texts("h1"), ["No index here"]);
}

#[test]
fn html_is_minified_unless_switched_off() {
    let f = built("guides");
    let minified = f.read("guides/billing/refunds/index.html");
    // no indentation is left outside preformatted blocks
    let indented = |page: &str| {
        page.split("<pre")
            .map(|part| part.split_once("</pre>").map_or(part, |(_, after)| after))
            .filter(|part| part.contains("\n ") || part.contains("  "))
            .count()
    };
    assert_eq!(indented(&minified), 0, "{minified}");
    let config = f.file("site.toml");
    std::fs::write(
        f.root().join("site.toml"),
        format!("minify = false\n{config}"),
    )
    .unwrap();
    f.build(&[]).ok();
    let full = f.read("guides/billing/refunds/index.html");
    assert!(indented(&full) > 0);
    assert!(minified.len() < full.len());
}

#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::new("guides");
    f.build(&[]).ok();
    let first = snapshot(&f.out());
    f.build(&[]).ok();
    assert_eq!(first, snapshot(&f.out()));
}

#[test]
fn base_url_override_prefixes_every_internal_link() {
    let f = Fixture::new("guides");
    f.build(&["--base-url", "https://preview.example.net/docs/"])
        .ok();
    let page = f.page("guides/billing/refunds/index.html");
    assert_eq!(
        page.one_attr(".pager-next", "href"),
        "/docs/guides/billing/zebra/"
    );
    assert_eq!(
        page.one_attr("link[rel=canonical]", "href"),
        "https://preview.example.net/docs/guides/billing/refunds/"
    );
    assert!(page
        .attrs(".prose a", "href")
        .contains(&"/docs/guides/accounts/two-factor/".to_string()));
}

#[test]
fn source_date_epoch_and_today_pin_the_build_date() {
    let f = Fixture::new("guides");
    // 1767225600 is 2026-01-01
    crate::harness::run_with_env(
        f.root(),
        &["build", "--color", "never"],
        &[("SOURCE_DATE_EPOCH", "1767225600")],
    )
    .ok();
    assert!(f
        .read("sitemap.xml")
        .contains("<lastmod>2026-01-01</lastmod>"));
}

#[test]
fn the_output_directory_must_not_hold_the_sources() {
    let f = Fixture::new("guides");
    for bad in [".", "content", "content/out"] {
        let out = f.build(&["--output", bad]);
        assert_eq!(out.code, 2, "{bad}: {}", out.stderr);
        assert!(out.stderr.contains("refusing"), "{}", out.stderr);
    }
    assert!(f.root().join("content/_index.md").exists());
}

#[test]
fn not_a_site_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::harness::run_in(dir.path(), &["build"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not a townhall site"), "{}", out.stderr);
}

#[test]
fn the_repository_docs_site_builds_without_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let out = crate::harness::run_in(
        root,
        &[
            "build",
            "--today",
            "2026-11-25",
            "--output",
            out_dir.path().join("site").to_str().unwrap(),
        ],
    );
    out.ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn the_persistent_cache_makes_the_same_bytes_and_survives_damage() {
    let f = Fixture::new("render");
    f.build(&["--no-cache"]).ok();
    let cold = snapshot(&f.out());
    let cache = f.root().join(".townhall/cache/highlight.bin");
    assert!(!cache.exists(), "--no-cache wrote a cache");
    // first build writes the cache, the second reads it
    f.build(&[]).ok();
    assert!(cache.exists());
    let out = f.build(&[]);
    out.ok();
    assert!(!out.stderr.contains("note:"), "{}", out.stderr);
    assert_eq!(
        snapshot(&f.out()),
        cold,
        "a warm build differs from a cold one"
    );
    // a damaged cache is named in one line, ignored and rewritten
    let mut bytes = std::fs::read(&cache).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x41;
    std::fs::write(&cache, &bytes).unwrap();
    let out = f.build(&[]);
    out.ok();
    let notes: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", out.stderr);
    assert!(notes[0].contains("corrupt"), "{}", notes[0]);
    assert_eq!(snapshot(&f.out()), cold);
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    f.build(&[]).ok();
    assert_eq!(snapshot(&f.out()), cold);
    assert!(
        !f.build(&[]).stderr.contains("note:"),
        "the cache was not rewritten"
    );
    // --cache-dir puts it elsewhere
    let elsewhere = f.root().join("ci-cache");
    f.build(&["--cache-dir", elsewhere.to_str().unwrap()]).ok();
    assert!(elsewhere.join("highlight.bin").exists());
    assert_eq!(snapshot(&f.out()), cold);
}

/// One edit of a site for the warm-build test, picked by `step`'s number.
fn random_edit(f: &Fixture, step: u64, added: &mut Vec<String>) -> String {
    let guides = "content/guides/billing";
    match step % 10 {
        0 => {
            let text = format!("\nParagraph {step} added to the body.\n");
            let path = f.root().join(format!("{guides}/invoices.md"));
            let mut body = std::fs::read_to_string(&path).unwrap();
            body.push_str(&text);
            std::fs::write(path, body).unwrap();
            "edit a body".into()
        }
        1 => {
            let rel = format!("{guides}/invoices.md");
            f.write(
                &rel,
                &format!("{}\n## Extra {step}\n\nMore.\n", f.file(&rel)),
            );
            "add a heading".into()
        }
        2 => {
            let rel = format!("{guides}/added-{step}.md");
            f.write(
                &rel,
                &format!("---\ntitle: Added {step}\ntags: [billing]\n---\nNew guide {step}.\n"),
            );
            added.push(rel);
            "add a guide".into()
        }
        3 => match added.pop() {
            Some(rel) => {
                let moved = rel.replace("added-", "moved-");
                std::fs::rename(f.root().join(&rel), f.root().join(&moved)).unwrap();
                added.push(moved);
                "rename a guide".into()
            }
            None => "nothing to rename".into(),
        },
        4 => match added.pop() {
            Some(rel) => {
                std::fs::remove_file(f.root().join(rel)).unwrap();
                "delete a guide".into()
            }
            None => "nothing to delete".into(),
        },
        5 => {
            let rel = format!("{guides}/invoices.md");
            let text = f.file(&rel);
            let retagged = if text.contains("tags: [billing]") {
                text.replacen("tags: [billing]", "tags: [billing, payments]", 1)
            } else {
                text.replacen("tags: [billing, payments]", "tags: [billing]", 1)
            };
            f.write(&rel, &retagged);
            "retag a guide".into()
        }
        6 => {
            let template =
                crate::harness::fixtures().join("../../themes/default/templates/guide.html");
            let text = std::fs::read_to_string(template).unwrap();
            let marker = format!("<!-- template edit {step} -->");
            f.write(
                "themes/default/templates/guide.html",
                &text.replacen(
                    "{% block content %}",
                    &format!("{{% block content %}}{marker}"),
                    1,
                ),
            );
            "edit a template".into()
        }
        7 => {
            f.edit(
                "site.toml",
                "description = \"",
                &format!("description = \"{step} "),
            );
            "change site.toml".into()
        }
        8 => {
            let rel = format!("{guides}/invoices.md");
            let text = f.file(&rel);
            let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
            f.write(
                &rel,
                &text.replacen(title, &format!("title: Invoices {step}"), 1),
            );
            "retitle a guide".into()
        }
        _ => {
            let rel = "ideas/dark-mode.md";
            let text = f.file(rel);
            f.write(rel, &format!("{text}\nMore detail {step}.\n"));
            "edit an idea".into()
        }
    }
}

#[test]
fn warm_builds_equal_cold_builds_through_random_edits() {
    let f = Fixture::new("languages");
    f.edit(
        "site.toml",
        "tags = [\"billing\"]",
        "tags = [\"billing\", \"payments\"]",
    );
    let cold_out = f.root().join("cold");
    let cold = |f: &Fixture| {
        f.build(&["--no-cache", "--output", cold_out.to_str().unwrap()])
            .ok();
        snapshot(&cold_out)
    };
    f.build(&[]).ok();
    assert!(snapshot(&f.out()) == cold(&f), "the first build");
    let mut added = Vec::new();
    // a fixed xorshift sequence: the same edits on every run
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..18 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let step = if round < 10 { round } else { state % 1000 };
        let what = random_edit(&f, step, &mut added);
        f.build(&[]).ok();
        let (warm, cold) = (snapshot(&f.out()), cold(&f));
        let differing: Vec<&str> = warm
            .iter()
            .filter(|file| !cold.contains(file))
            .chain(cold.iter().filter(|file| !warm.contains(file)))
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(
            differing.is_empty(),
            "round {round}: after '{what}' a warm build differs from a cold one in {differing:?}"
        );
    }
}

#[test]
fn a_warm_build_keeps_the_pages_an_edit_did_not_touch() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new("languages");
    f.build(&[]).ok();
    let inode = |rel: &str| std::fs::metadata(f.out().join(rel)).unwrap().ino();
    let edited = "guides/billing/invoices/index.html";
    let untouched = "guides/billing/refunds/index.html";
    let (edited_before, untouched_before) = (inode(edited), inode(untouched));
    let home_before = inode("index.html");
    let output_before = inode(".");
    let rel = "content/guides/billing/invoices.md";
    f.write(rel, &format!("{}\nA new last paragraph.\n", f.file(rel)));
    f.build(&[]).ok();
    assert!(f.read(edited).contains("A new last paragraph."));
    assert_ne!(inode(edited), edited_before, "the edited page was kept");
    assert_eq!(
        inode(untouched),
        untouched_before,
        "an untouched guide was rendered again"
    );
    assert_eq!(
        inode("index.html"),
        home_before,
        "the home page was rendered again"
    );
    assert_eq!(
        inode("."),
        output_before,
        "the output was replaced rather than patched"
    );
    // a changed title shows in listings: every page is rendered again
    f.edit(rel, "title: Invoices", "title: Monthly invoices");
    f.build(&[]).ok();
    assert_ne!(inode(untouched), untouched_before);
    assert!(f
        .read("guides/billing/index.html")
        .contains("Monthly invoices"));
}
