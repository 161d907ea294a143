use crate::harness::{built, Fixture, Page};

fn json_ld(page: &Page) -> serde_json::Value {
    let blocks = page.json_ld();
    let types: Vec<&str> = blocks
        .iter()
        .map(|b| b["@type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["QAPage", "BreadcrumbList"]);
    blocks.into_iter().next().unwrap()
}

#[test]
fn accepted_answer_first_then_votes_then_date() {
    let f = built("qa");
    let page = f.page("questions/refund-twice/index.html");
    assert_eq!(
        page.attrs("article.answer", "id"),
        ["answer-official", "answer-popular", "answer-early"]
    );
    assert_eq!(
        page.texts(".answer-accepted .accepted-label"),
        ["✓ Accepted answer"]
    );
    assert_eq!(
        page.attrs("article.answer-accepted", "aria-label"),
        ["Accepted answer by support"]
    );
    // ties in votes: older first, then id
    let ties = f.page("questions/tie-votes/index.html");
    assert_eq!(
        ties.attrs("article.answer", "id"),
        ["answer-a-answer", "answer-b-answer"]
    );
    assert_eq!(
        page.attrs("article.answer .permalink", "href")[0],
        "/questions/refund-twice/#answer-official"
    );
    // links inside answers are rewritten like guides'
    assert!(page
        .attrs(".answer .prose a", "href")
        .contains(&"/guides/billing/refunds/".to_string()));
}

#[test]
fn answer_dated_before_its_question_is_a_warning() {
    let f = Fixture::new("qa");
    let out = f.build(&[]);
    out.ok();
    assert!(out.stderr.contains("warning[TH0505]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("refund-twice/answers/early.md:3:1"),
        "{}",
        out.stderr
    );
}

#[test]
fn qapage_json_ld_meets_the_required_properties() {
    let f = built("qa");
    let ld = json_ld(&f.page("questions/refund-twice/index.html"));
    assert_eq!(ld["@type"], "QAPage");
    let q = &ld["mainEntity"];
    assert_eq!(q["@type"], "Question");
    assert_eq!(q["name"], "Can I get a refund twice?");
    assert_eq!(q["answerCount"], 3);
    assert_eq!(q["dateCreated"], "2026-03-03");
    assert_eq!(q["author"]["name"], "bo");
    assert!(q["text"].as_str().unwrap().contains("Asking for a friend"));
    let accepted = &q["acceptedAnswer"];
    assert_eq!(accepted["upvoteCount"], 3);
    assert_eq!(
        accepted["url"],
        "https://qa.example.com/questions/refund-twice/#answer-official"
    );
    assert!(accepted["text"].as_str().unwrap().contains("one refund"));
    assert_eq!(q["suggestedAnswer"].as_array().unwrap().len(), 2);
    for answer in q["suggestedAnswer"].as_array().unwrap() {
        for key in ["text", "upvoteCount", "dateCreated", "url", "author"] {
            assert!(!answer[key].is_null(), "{key} missing");
        }
    }
}

#[test]
fn json_ld_cannot_break_out_of_its_script_element() {
    let f = Fixture::new("qa");
    f.write(
        "content/questions/breakout/index.md",
        "---\ntitle: \"Why does </script><script>alert(1)</script> appear?\"\nasked: 2026-01-01\nasked_by: x\n---\nBody </script> text & more\n",
    );
    // answered, so the page is a QAPage
    f.write(
        "content/questions/breakout/answers/y.md",
        "---\nauthor: y\ndate: 2026-01-02\n---\nIt is </script> quoted.\n",
    );
    f.build(&[]).ok();
    let page = f.page("questions/breakout/index.html");
    let ld = json_ld(&page);
    assert_eq!(
        ld["mainEntity"]["name"],
        "Why does </script><script>alert(1)</script> appear?"
    );
    for script in page.select("script") {
        assert!(
            !script.inner_html().contains("alert(1)")
                || script.value().attr("type") == Some("application/ld+json"),
            "a script element was broken out of"
        );
    }
    let raw = f.read("questions/breakout/index.html");
    assert!(
        raw.contains("\\u003c/script\\u003e"),
        "JSON-LD escapes the closing tag"
    );
}

#[test]
fn duplicates_carry_a_banner_and_canonical_and_stay_out_of_lists() {
    let f = built("qa");
    let dup = f.page("questions/refund-again/index.html");
    assert_eq!(
        dup.attrs(".banner-duplicate a", "href"),
        ["/questions/refund-twice/"]
    );
    assert_eq!(
        dup.one_attr("link[rel=canonical]", "href"),
        "https://qa.example.com/questions/refund-twice/"
    );
    let canonical = f.page("questions/refund-twice/index.html");
    assert!(canonical
        .texts("#dupes-title ~ ul a")
        .contains(&"Is a second refund possible?".to_string()));
    assert!(!f.read("sitemap.xml").contains("refund-again"));
    let list = f.page("questions/index.html");
    assert!(!list
        .texts(".question-title")
        .contains(&"Is a second refund possible?".to_string()));
}

#[test]
fn lists_and_orderings() {
    let f = built("qa");
    let all = f.page("questions/index.html");
    assert_eq!(
        all.texts(".question-title"),
        [
            "How do I export invoices as CSV?",
            "Can I get a refund twice?",
            "Which API version should I use?",
            "Is HTML in answers safe?"
        ]
    );
    assert_eq!(
        f.page("questions/unanswered/index.html")
            .texts(".question-title"),
        ["How do I export invoices as CSV?"]
    );
    assert_eq!(
        f.page("questions/no-accepted/index.html")
            .texts(".question-title"),
        [
            "Which API version should I use?",
            "Is HTML in answers safe?"
        ]
    );
    assert_eq!(
        f.page("questions/top/index.html").texts(".question-title")[0],
        "Can I get a refund twice?"
    );
    let accepted_rows = all.select(".question-row.is-accepted");
    assert_eq!(accepted_rows.len(), 1);
    // tag pages group by kind
    let tag = f.page("tags/billing/index.html");
    assert_eq!(tag.texts("h2"), ["Guides 1", "Questions 2"]);
    // home shows recent questions and the unanswered count
    let home = f.page("index.html");
    assert!(home.texts("#home-questions ~ p a")[0].starts_with("1 question is waiting"));
}

#[test]
fn related_lists_pages_sharing_tags() {
    let f = built("qa");
    let page = f.page("questions/no-answers/index.html");
    let related = page.texts("#related-title ~ .card-list .card-link");
    assert!(
        related.contains(&"Refund policy".to_string()),
        "{related:?}"
    );
    assert!(
        related.contains(&"Can I get a refund twice?".to_string()),
        "{related:?}"
    );
    assert!(related.len() <= 5);
}

#[test]
fn pagination_at_fifty_and_fifty_one() {
    let f = Fixture::new("qa");
    for i in 0..46 {
        f.write(
            &format!("content/questions/generated-{i:02}/index.md"),
            &format!("---\ntitle: Generated question {i:02}\nasked: 2025-01-{:02}\nasked_by: bot\n---\nBody.\n", 1 + i % 28),
        );
    }
    // 4 listed questions + 46 = exactly 50: one page
    f.build(&[]).ok();
    assert_eq!(
        f.page("questions/index.html").select(".question-row").len(),
        50
    );
    assert!(!f.exists("questions/page/2/index.html"));
    assert!(f
        .page("questions/index.html")
        .select(".pagination")
        .is_empty());
    f.write(
        "content/questions/generated-99/index.md",
        "---\ntitle: One more\nasked: 2024-01-01\nasked_by: bot\n---\nBody.\n",
    );
    f.build(&[]).ok();
    let second = f.page("questions/page/2/index.html");
    assert_eq!(second.texts(".question-title"), ["One more"]);
    assert_eq!(
        second.attrs(".pagination a[rel=prev]", "href"),
        ["/questions/"]
    );
    assert_eq!(
        f.page("questions/index.html")
            .attrs(".pagination a[rel=next]", "href"),
        ["/questions/page/2/"]
    );
}

#[test]
fn questions_json_matches_its_schema() {
    let f = built("qa");
    let value: serde_json::Value = serde_json::from_str(&f.read("questions.json")).unwrap();
    assert_eq!(value["version"], 1);
    let list = value["questions"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    for q in list {
        let obj = q.as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "accepted_answer",
                "answer_count",
                "asked",
                "asked_by",
                "duplicate_of",
                "slug",
                "tags",
                "title",
                "top_votes",
                "url"
            ]
        );
        assert!(q["url"]
            .as_str()
            .unwrap()
            .starts_with("https://qa.example.com/questions/"));
        assert!(q["answer_count"].is_u64() && q["top_votes"].is_i64());
        assert!(q["accepted_answer"].is_null() || q["accepted_answer"].is_string());
    }
    let twice = list.iter().find(|q| q["slug"] == "refund-twice").unwrap();
    assert_eq!(twice["accepted_answer"], "official");
    assert_eq!(twice["top_votes"], 12);
    let again = list.iter().find(|q| q["slug"] == "refund-again").unwrap();
    assert_eq!(again["duplicate_of"], "refund-twice");
}

#[test]
fn contribution_links() {
    let f = built("qa");
    let page = f.page("questions/no-answers/index.html");
    let answer = page.attrs(".answers a.button", "href");
    assert_eq!(answer.len(), 1);
    assert!(answer[0].starts_with("https://github.com/acme/community/new/main?filename=content%2Fquestions%2Fno-answers%2Fanswers%2F"), "{}", answer[0]);
    assert!(answer[0].contains("author%3A"));
    let list = f.page("questions/index.html");
    assert!(list
        .one_attr(".list-header a.button", "href")
        .contains("filename=content%2Fquestions%2F"));
    let q = f.page("questions/refund-twice/index.html");
    assert_eq!(
        q.attrs(".answer .edit-link", "href")[0],
        "https://github.com/acme/community/edit/main/content/questions/refund-twice/answers/official.md"
    );
}

#[test]
fn qa_errors_are_reported_with_positions() {
    let f = Fixture::new("qa");
    f.write(
        "content/questions/orphan/answers/x.md",
        "---\nauthor: a\ndate: 2026-01-01\n---\nText.\n",
    );
    f.write(
        "content/questions/bad-accept/index.md",
        "---\ntitle: T\nasked: 2026-01-01\nasked_by: a\naccepted: nope\n---\nQ\n",
    );
    f.write(
        "content/questions/loop-a/index.md",
        "---\ntitle: A\nasked: 2026-01-01\nasked_by: a\nduplicate_of: loop-b\n---\nQ\n",
    );
    f.write(
        "content/questions/loop-b/index.md",
        "---\ntitle: B\nasked: 2026-01-01\nasked_by: a\nduplicate_of: loop-a\n---\nQ\n",
    );
    f.write(
        "content/questions/ghost/index.md",
        "---\ntitle: G\nasked: 2026-01-01\nasked_by: a\nduplicate_of: nobody\n---\nQ\n",
    );
    f.write(
        "content/questions/no-accepted/answers/empty.md",
        "---\nauthor: a\ndate: 2026-01-01\n---\n\n",
    );
    f.write(
        "content/questions/no-accepted/answers/votes.md",
        "---\nauthor: a\ndate: 2026-01-01\nvotes: many\n---\nx\n",
    );
    f.write(
        "content/questions/no-accepted/index.md",
        "---\ntitle: N\nasked: 2026-01-01\nasked_by: a\n---\nQ\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1);
    for (code, at) in [
        ("TH0501", "content/questions/orphan/answers/x.md"),
        ("TH0502", "content/questions/bad-accept/index.md:5:11"),
        ("TH0504", "content/questions/loop-a/index.md:5:15"),
        ("TH0503", "content/questions/ghost/index.md:5:15"),
        (
            "TH0506",
            "content/questions/no-accepted/answers/empty.md:2:1",
        ),
        (
            "TH0104",
            "content/questions/no-accepted/answers/votes.md:4:1",
        ),
    ] {
        assert!(
            out.stderr.contains(&format!("error[{code}]")),
            "{code} missing:\n{}",
            out.stderr
        );
        assert!(out.stderr.contains(at), "{at} missing:\n{}", out.stderr);
    }
}

#[test]
fn question_and_idea_aliases_redirect_and_clash_with_page_urls() {
    let f = Fixture::new("qa");
    f.write(
        "content/questions/moved/index.md",
        "---\ntitle: Moved here\nasked: 2026-03-05\nasked_by: ann\naliases: [/questions/123/moved-here, /q/123/]\n---\nBody.\n",
    );
    f.write(
        "ideas/merged.md",
        "---\ntitle: Merged\nsubmitted: 2026-03-05\nauthor: ann\nstatus: open\naliases: [/ideas/old-one/]\n---\nBody.\n",
    );
    f.build(&[]).ok();
    for (file, target) in [
        ("questions/123/moved-here/index.html", "questions/moved/"),
        ("q/123/index.html", "questions/moved/"),
        ("ideas/old-one/index.html", "ideas/merged/"),
    ] {
        let page = f.page(file);
        assert_eq!(
            page.one_attr("link[rel=canonical]", "href"),
            format!("https://qa.example.com/{target}")
        );
    }
    // an alias may not take the URL of another page
    f.write(
        "content/questions/clash/index.md",
        "---\ntitle: Clash\nasked: 2026-03-05\nasked_by: ann\naliases: [/ideas/merged/]\n---\nBody.\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("alias /ideas/merged/ is already the URL of ideas/merged.md"),
        "{}",
        out.stderr
    );
}
