use crate::harness::Fixture;
use serde_json::Value;

fn of_type<'a>(blocks: &'a [Value], kind: &str) -> &'a Value {
    blocks
        .iter()
        .find(|b| b["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {blocks:?}"))
}

#[test]
fn home_has_website_with_search_action_and_feeds() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let home = f.page("index.html");
    let ld = home.json_ld();
    let site = of_type(&ld, "WebSite");
    assert_eq!(site["url"], "https://search.example.com/");
    assert_eq!(site["potentialAction"]["@type"], "SearchAction");
    assert_eq!(
        site["potentialAction"]["target"]["urlTemplate"],
        "https://search.example.com/search/?q={search_term_string}"
    );
    assert_eq!(
        site["potentialAction"]["query-input"],
        "required name=search_term_string"
    );
    assert!(
        ld.iter().all(|b| b["@type"] != "BreadcrumbList"),
        "no breadcrumbs on the home page"
    );
    assert_eq!(
        home.attrs("link[rel=alternate][type='application/atom+xml']", "href"),
        ["/atom.xml", "/ideas/atom.xml"]
    );
    assert_eq!(home.texts("title"), ["Search Fixture"]);
}

#[test]
fn guides_have_tech_article_breadcrumbs_and_social_tags() {
    let f = Fixture::new("guides");
    let config = f.file("site.toml");
    std::fs::write(
        f.root().join("site.toml"),
        format!("image = \"social.png\"\n{config}"),
    )
    .unwrap();
    f.build(&[]).ok();
    let page = f.page("guides/billing/refunds/index.html");
    let ld = page.json_ld();
    let article = of_type(&ld, "TechArticle");
    assert_eq!(article["headline"], "Refunds");
    assert_eq!(article["dateModified"], "2026-03-01");
    assert_eq!(article["author"][0]["name"], "mira");
    assert_eq!(article["image"], "https://fixture.example.com/social.png");
    let crumbs = of_type(&ld, "BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[3]["position"], 4);
    assert_eq!(
        items[3]["item"],
        "https://fixture.example.com/guides/billing/refunds/"
    );
    for (property, expected) in [
        ("og:title", "Refunds"),
        (
            "og:url",
            "https://fixture.example.com/guides/billing/refunds/",
        ),
        ("og:type", "article"),
        ("og:site_name", "Fixture Community"),
        ("og:image", "https://fixture.example.com/social.png"),
        (
            "og:description",
            "Refunds are issued to the original payment method.",
        ),
    ] {
        assert_eq!(
            page.one_attr(&format!("meta[property='{property}']"), "content"),
            expected,
            "{property}"
        );
    }
    assert_eq!(
        page.one_attr("meta[name='twitter:card']", "content"),
        "summary_large_image"
    );
}

#[test]
fn titles_are_unique_across_the_site() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let mut seen = std::collections::BTreeMap::new();
    for file in f.files().into_iter().filter(|p| p.ends_with(".html")) {
        let page = f.page(&file);
        if !page.select("meta[http-equiv=refresh]").is_empty() {
            continue;
        }
        let title = page.texts("title").join("");
        if let Some(other) = seen.insert(title.clone(), file.clone()) {
            panic!("{file} and {other} share the title {title:?}");
        }
    }
}

#[test]
fn noindex_where_pages_must_not_be_indexed() {
    let f = Fixture::new("guides");
    f.build(&[]).ok();
    assert_eq!(
        f.page("404.html").attrs("meta[name=robots]", "content"),
        ["noindex"]
    );
    assert!(f
        .page("guides/billing/refunds/index.html")
        .select("meta[name=robots]")
        .is_empty());
    f.build(&["--profile", "internal"]).ok();
    assert_eq!(
        f.page("guides/billing/refunds/index.html")
            .attrs("meta[name=robots]", "content"),
        ["noindex"]
    );
    assert_eq!(f.read("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn sitemap_and_robots() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://search.example.com/guides/billing/refunds/</loc><lastmod>2026-03-01</lastmod>"));
    assert!(sitemap.contains("<loc>https://search.example.com/questions/refund-twice/</loc><lastmod>2026-03-04</lastmod>"));
    assert!(sitemap
        .contains("<loc>https://search.example.com/ideas/sso/</loc><lastmod>2026-09-01</lastmod>"));
    for absent in [
        "refund-again",
        "draft-guide",
        "staff-only",
        "old/refunds",
        "legacy-refunds",
        "404",
        "/search/",
    ] {
        assert!(
            !sitemap.contains(absent),
            "{absent} must not be in the sitemap"
        );
    }
    assert_eq!(
        f.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://search.example.com/sitemap.xml\n"
    );
    let config = f.file("site.toml");
    std::fs::write(
        f.root().join("site.toml"),
        format!("robots_disallow = [\"/search/\"]\n{config}"),
    )
    .unwrap();
    f.build(&[]).ok();
    assert_eq!(
        f.read("robots.txt"),
        "User-agent: *\nDisallow: /search/\n\nSitemap: https://search.example.com/sitemap.xml\n"
    );
}

#[test]
fn site_feed_lists_dated_guides_and_questions() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let feed = f.read("atom.xml");
    let doc = scraper::Html::parse_fragment(&feed);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let ids: Vec<String> = doc
        .select(&sel("entry id"))
        .map(|e| e.inner_html())
        .collect();
    assert!(ids.contains(&"https://search.example.com/guides/billing/refunds/".to_string()));
    assert!(ids.contains(&"https://search.example.com/questions/refund-twice/".to_string()));
    assert!(!ids.iter().any(|i| i.contains("refund-again")));
    assert_eq!(
        doc.select(&sel("feed > updated"))
            .next()
            .unwrap()
            .inner_html(),
        "2026-03-05T00:00:00Z"
    );
}

#[test]
fn a_feed_entry_summarises_its_page_as_the_meta_description_does() {
    let f = Fixture::new("search");
    // a first paragraph longer than any summary, so the cut shows
    let long = "Chargebacks are disputes a card holder opens with their bank. ".repeat(8);
    std::fs::write(
        f.root().join("content/guides/billing/chargebacks.md"),
        format!("---\ntitle: Chargebacks\ntags: [billing]\nupdated: 2026-03-02\n---\n{long}\n"),
    )
    .unwrap();
    f.build(&[]).ok();
    let feed = scraper::Html::parse_fragment(&f.read("atom.xml"));
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let mut checked = 0;
    for entry in feed.select(&sel("entry")) {
        let text = |s: &str| {
            entry
                .select(&sel(s))
                .next()
                .map(|e| e.text().collect::<String>())
        };
        let (Some(id), Some(summary)) = (text("id"), text("summary")) else {
            continue;
        };
        let path = id.trim_start_matches("https://search.example.com/");
        let page = f.page(&format!("{path}index.html"));
        assert_eq!(
            page.attrs("meta[name=description]", "content"),
            [summary],
            "{path}"
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} entries with a summary");
    let page = f.page("guides/billing/chargebacks/index.html");
    let description = page.attrs("meta[name=description]", "content");
    assert!(description[0].ends_with('…') && description[0].chars().count() <= 160);
}

#[test]
fn large_sites_get_a_sitemap_index() {
    // 50,001 URLs in a fixture would be slow; the split is the same logic at
    // any size, so it is exercised through the library with a small limit.
    let f = Fixture::new("search");
    let options = townhall::resolve::BuildOptions {
        today: townhall::clock::parse_date("2026-11-25").unwrap(),
        drafts: false,
        profile: townhall::resolve::Profile::Public,
        base_url: None,
    };
    let (site, _) = townhall::pipeline::resolve_only(f.root(), options).unwrap();
    let entries = townhall::index::sitemap::entries(&site);
    let outputs = townhall::index::sitemap::sitemaps(&site, &entries, 10);
    let paths: Vec<&str> = outputs.iter().map(|o| o.path()).collect();
    let files = entries.len().div_ceil(10);
    assert_eq!(paths.len(), files + 1);
    assert_eq!(paths.last(), Some(&"sitemap.xml"));
    let townhall::render::Output::Bytes { bytes, .. } = outputs.last().unwrap() else {
        panic!()
    };
    let index = String::from_utf8(bytes.clone()).unwrap();
    assert!(index.contains("<sitemapindex"));
    assert_eq!(index.matches("<sitemap>").count(), files);
    assert!(index.contains("<loc>https://search.example.com/sitemap-1.xml</loc>"));
}
