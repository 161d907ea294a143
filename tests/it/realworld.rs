//! Content shaped like a migrated help center, written for another tool:
//! tag names with punctuation and other scripts, anchors and images in raw
//! HTML, e-mail autolinks, stray form fields, attachments beside questions,
//! an unanswered question and an idea whose window lapsed untriaged.

use crate::harness::Fixture;

fn built() -> Fixture {
    let f = Fixture::new("realworld");
    let out = f.build(&[]);
    out.ok();
    assert!(
        !out.stderr.contains("warning"),
        "builds with no warnings:\n{}",
        out.stderr
    );
    f
}

#[test]
fn tags_are_names_with_slugs() {
    let f = built();
    let page = f.page("guides/help-center/article/index.html");
    // `wi-fi` in front matter is the taxonomy's `Wi-Fi`
    let mut tags = page.texts(".tags .tag");
    tags.sort();
    assert_eq!(tags, ["3.2-beer", "C++", "Wi-Fi", "日本語"]);
    let mut hrefs = page.attrs(".tags .tag", "href");
    hrefs.sort();
    assert_eq!(
        hrefs,
        [
            "/tags/3-2-beer/",
            "/tags/c-plus-plus/",
            "/tags/wi-fi/",
            "/tags/日本語/"
        ]
    );
    for dir in [
        "c-plus-plus",
        "3-2-beer",
        "net",
        "node-js",
        "wi-fi",
        "launch",
    ] {
        assert!(f.exists(&format!("tags/{dir}/index.html")), "{dir}");
    }
    let tag = f.page("tags/c-plus-plus/index.html");
    assert!(
        tag.texts("h1").iter().any(|h| h.contains("C++")),
        "{:?}",
        tag.texts("h1")
    );
    let sitemap = f.read("sitemap.xml");
    assert!(
        sitemap.contains("https://help.example.com/tags/c-plus-plus/"),
        "{sitemap}"
    );
    // search facets carry names, not slugs
    let out = f.run(&["search", "storing", "--tag", "C++"]);
    out.ok();
    assert!(out.stdout.contains("Storing beer"), "{}", out.stdout);
}

#[test]
fn raw_html_anchors_and_images_work_like_markdown() {
    let f = built();
    let page = f.page("guides/help-center/article/index.html");
    // `<a name>` becomes an id; raw ids stay as written
    assert_eq!(page.attrs("main a#legacy", "id"), ["legacy"]);
    assert_eq!(page.attrs("main h2", "id"), ["cellar-setup"]);
    assert_eq!(page.attrs("main div#setup", "id"), ["setup"]);
    // a multi-line raw <img> is rewritten to where the file is copied
    let src = page.one_attr("main div#setup img", "src");
    assert_eq!(src, "/guides/help-center/img/pic.png");
    assert!(f.exists("guides/help-center/img/pic.png"));
    assert_eq!(
        page.one_attr("main p a[href*=other]", "href"),
        "/guides/help-center/other/"
    );
    // e-mail autolinks are mailto links
    assert_eq!(
        page.attrs("main a[href^=mailto]", "href"),
        ["mailto:help@example.com"]
    );
    // only the task-list checkbox is left of the inputs
    let inputs = page.select("main input");
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].value().attr("type"), Some("checkbox"));
    // no id twice on the page
    let mut ids = page.attrs("[id]", "id");
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "duplicate ids: {ids:?}");
    let other = f.page("guides/help-center/other/index.html");
    assert_eq!(
        other.attrs(".prose p a", "href"),
        [
            "/guides/help-center/article/#legacy",
            "/guides/help-center/article/#setup",
            "/guides/help-center/article/#cellar-setup",
            "/guides/help-center/article/#raw-span",
            // `page.html` and `dir/index.html`, as mdBook trees link
            "/guides/help-center/article/",
            "/guides/help-center/",
        ]
    );
}

#[test]
fn a_raw_id_that_takes_a_heading_id_is_a_warning() {
    let f = Fixture::new("realworld");
    f.write(
        "content/guides/help-center/twice.md",
        "---\ntitle: Twice\n---\n## Setup\n\n<span id=\"setup\">x</span> <span id=\"setup\">y</span>\n",
    );
    let out = f.build(&[]);
    out.ok();
    assert!(
        out.stderr.contains("warning[TH0205]")
            && out.stderr.contains("twice.md:6:11")
            && out.stderr.contains("gets `setup-1` instead"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("twice.md:6:37"), "{}", out.stderr);
    let page = f.page("guides/help-center/twice/index.html");
    assert_eq!(page.attrs("main [id=setup]", "id").len(), 1);
}

#[test]
fn a_missing_raw_html_image_is_reported_at_its_line() {
    let f = Fixture::new("realworld");
    f.write(
        "content/guides/help-center/missing.md",
        "---\ntitle: Missing\n---\nText.\n\n<p><img src=\"img/nope.png\"></p>\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("error[TH0203]") && out.stderr.contains("missing.md:6:14"),
        "{}",
        out.stderr
    );
}

#[test]
fn broken_link_and_anchor_severity_is_the_sites_choice() {
    let f = Fixture::new("realworld");
    f.write(
        "content/guides/help-center/upstream.md",
        "---\ntitle: Upstream\n---\n[gone](gone.md) and [no anchor](other.md#nowhere)\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error[TH0203]") && out.stderr.contains("error[TH0204]"));
    let config = f.file("site.toml");
    f.write(
        "site.toml",
        &format!("{config}\n[check]\nbroken_links = \"warn\"\nbroken_anchors = \"warn\"\n"),
    );
    let out = f.build(&[]);
    out.ok();
    assert!(
        out.stderr.contains("warning[TH0203]") && out.stderr.contains("warning[TH0204]"),
        "{}",
        out.stderr
    );
    let out = f.run(&["check", "--format", "github", "--today", "2026-11-25"]);
    let annotations = format!("{}{}", out.stdout, out.stderr);
    assert!(
        annotations.contains("::warning file=content/guides/help-center/upstream.md,line=4"),
        "{annotations}"
    );
    assert!(!annotations.contains("::error"), "{annotations}");
}

#[test]
fn question_attachments_are_published_but_not_other_files() {
    let f = built();
    assert!(f.exists("questions/keep-beer-cold/chart.png"));
    assert!(!f.exists("questions/keep-beer-cold/notes.txt"));
    assert!(f.files().iter().all(|file| !file.ends_with("notes.txt")));
}

#[test]
fn qapage_only_on_answered_questions() {
    let f = built();
    let answered = f.page("questions/keep-beer-cold/index.html");
    assert!(answered.json_ld_types().contains(&"QAPage".to_string()));
    let unanswered = f.page("questions/no-answer-yet/index.html");
    let types = unanswered.json_ld_types();
    assert!(!types.contains(&"QAPage".to_string()), "{types:?}");
    assert!(
        types.contains(&"DiscussionForumPosting".to_string()),
        "{types:?}"
    );
}

#[test]
fn a_lapsed_idea_says_voting_closed() {
    let f = built();
    let lapsed = f.page("ideas/lapsed/index.html");
    assert!(
        lapsed.select(".idea-status a.button").is_empty(),
        "no vote button"
    );
    assert!(lapsed.select("#idea-progress").is_empty());
    let note = lapsed.texts(".voting-closed").join(" ");
    assert!(
        note.contains("Voting closed on 9 April 2026")
            && note.contains("due to be archived at the next triage"),
        "{note}"
    );
    let fresh = f.page("ideas/fresh/index.html");
    assert_eq!(fresh.select(".idea-status a.button").len(), 1);
    assert!(fresh.select(".voting-closed").is_empty());
    // the board's vote boxes carry no aria-label on a plain div
    let board = f.page("ideas/index.html");
    assert!(board.select("div.idea-votes[aria-label]").is_empty());
    assert!(!board.select("div.idea-votes").is_empty());
}

#[test]
fn a_section_intro_is_a_search_document() {
    let f = built();
    let out = f.run(&["search", "fermentation temperatures"]);
    out.ok();
    assert!(out.stdout.contains("Help center"), "{}", out.stdout);
}
