//! Multilingual sites (issue 23): translations beside their sources, one
//! language at the root and the others under `/<code>/`, and single-language
//! sites exactly as before.

use crate::harness::{snapshot, Fixture};

/// A fixture built into `public/` with no errors.
fn built() -> Fixture {
    let f = Fixture::new("languages");
    f.build(&[]).ok();
    f
}

#[test]
fn an_explicit_single_language_changes_no_byte_of_the_output() {
    for name in ["render", "guides"] {
        let plain = Fixture::new(name);
        plain.build(&[]).ok();
        let explicit = Fixture::new(name);
        let config = explicit.file("site.toml");
        std::fs::write(
            explicit.root().join("site.toml"),
            format!(
                "default_language = \"en\"\n{config}\n[languages.en]\nname = \"English\"\ntitle = \"Ignored on a one-language site\"\n"
            ),
        )
        .unwrap();
        explicit.build(&[]).ok();
        let (a, b) = (snapshot(&plain.out()), snapshot(&explicit.out()));
        assert_eq!(a.len(), b.len(), "{name}: same files");
        for ((path_a, bytes_a), (path_b, bytes_b)) in a.iter().zip(&b) {
            assert_eq!(path_a, path_b, "{name}");
            assert!(bytes_a == bytes_b, "{name}: {path_a} differs");
        }
    }
}

#[test]
fn a_translation_named_after_an_unconfigured_language_is_an_ordinary_page() {
    // `notes.de.md` on a site without German is a guide, as it always was
    let f = Fixture::new("languages");
    f.write(
        "content/guides/billing/notes.de.md",
        "---\ntitle: Notes\n---\nNotes.\n",
    );
    f.build(&[]).ok();
    assert!(f.exists("guides/billing/notesde/index.html"));
}

#[test]
fn the_default_language_is_at_the_root_and_the_others_under_their_code() {
    let f = built();
    let en = f.page("guides/billing/refunds/index.html");
    assert_eq!(en.texts("h1"), ["Refunds"]);
    let fr = f.page("fr/guides/billing/refunds/index.html");
    assert_eq!(fr.texts("h1"), ["Remboursements"]);
    assert!(fr
        .texts("main")
        .join(" ")
        .contains("Demandez un remboursement sous 30 jours."));
    assert_eq!(fr.attrs("html", "lang"), ["fr"]);
    assert_eq!(
        fr.attrs("meta[name=description]", "content"),
        ["Demander un remboursement sous 30 jours."]
    );
    assert_eq!(
        fr.attrs("link[rel=canonical]", "href"),
        ["https://help.example.com/fr/guides/billing/refunds/"]
    );
    assert_eq!(fr.texts("title"), ["Remboursements · Aide Acme"]);
    let ar = f.page("ar/guides/billing/refunds/index.html");
    assert_eq!(ar.texts("h1"), ["المبالغ المستردة"]);
    assert_eq!(ar.attrs("html", "lang"), ["ar"]);
    // the home intro, a section index, a question and an idea translate too
    assert!(f
        .page("fr/index.html")
        .texts("main")
        .join(" ")
        .contains("Bienvenue"));
    assert_eq!(
        f.page("fr/guides/billing/index.html").texts("h1"),
        ["Facturation"]
    );
    assert_eq!(
        f.page("fr/questions/reset-password/index.html").texts("h1"),
        ["Comment réinitialiser mon mot de passe ?"]
    );
    assert!(f
        .page("fr/ideas/dark-mode/index.html")
        .texts("h1")
        .join(" ")
        .contains("Mode sombre"));
    // no translation files are published as pages of their own
    let files = f.files();
    assert!(
        !files
            .iter()
            .any(|p| p.contains("refunds-fr") || p.contains(".fr")),
        "{files:?}"
    );
}

#[test]
fn questions_and_ideas_keep_one_identity_across_languages() {
    let f = built();
    // the answers, votes and status belong to the question and the idea
    let q = f.page("fr/questions/reset-password/index.html");
    assert!(q.texts("main").join(" ").contains("Forgot password"));
    assert_eq!(q.select("article[id=answer-ann]").len(), 1);
    let en_idea = f.page("ideas/dark-mode/index.html");
    let fr_idea = f.page("fr/ideas/dark-mode/index.html");
    let progress = |page: &crate::harness::Page| page.texts("label[for=idea-progress]");
    assert_eq!(
        progress(&en_idea),
        ["11 of 100 net votes — 89 more needed for review"]
    );
    assert_eq!(
        progress(&fr_idea),
        ["11 votes nets sur 100 — encore 89 pour l'examen"]
    );
    let ideas: serde_json::Value = serde_json::from_str(&f.read("fr/ideas.json")).unwrap();
    let idea = &ideas["ideas"][0];
    assert_eq!(idea["title"], "Mode sombre");
    assert_eq!(idea["status"], "open");
    assert_eq!(idea["net"], 11);
}

#[test]
fn links_lead_to_the_same_language_and_theme_files_are_shared() {
    let f = built();
    let fr = f.page("fr/guides/billing/refunds/index.html");
    assert!(
        fr.attrs("main a", "href")
            .contains(&"/fr/guides/billing/invoices/#download".to_string()),
        "{:?}",
        fr.attrs("main a", "href")
    );
    // an untranslated page still has its place in the language's section
    assert!(f.exists("fr/guides/billing/invoices/index.html"));
    assert!(f
        .page("fr/index.html")
        .attrs("main a", "href")
        .contains(&"/fr/guides/billing/refunds/".to_string()));
    // one copy of the theme's files, at the root, used by every language
    let css = fr.attrs("link[rel=stylesheet]", "href");
    assert!(css.iter().all(|h| h.starts_with("/assets/")), "{css:?}");
    assert!(!f.exists("fr/assets/style.css"));
    // one sitemap and robots.txt, at the root
    assert!(f.exists("sitemap.xml") && !f.exists("fr/sitemap.xml"));
    assert!(!f.exists("fr/robots.txt"));
    // each language has its own search index and feeds
    assert!(f.exists("fr/search/manifest.json"));
    assert!(f.read("fr/atom.xml").contains("Remboursements"));
}

#[test]
fn a_translation_without_a_source_is_reported_at_its_file() {
    let f = Fixture::new("languages");
    f.write(
        "content/guides/billing/refundz.fr.md",
        "---\ntitle: Remboursements\n---\nTexte.\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("[TH0230]"), "{}", out.stderr);
    assert!(out
        .stderr
        .contains("content/guides/billing/refundz.fr.md:1:1"));
}

#[test]
fn a_broken_link_in_a_translation_is_reported_once_at_the_translation() {
    let f = Fixture::new("languages");
    f.edit(
        "content/guides/billing/refunds.fr.md",
        "(invoices.md#download)",
        "(invoice.md)",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr.matches("[TH0203]").count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/guides/billing/refunds.fr.md:5:"),
        "{}",
        out.stderr
    );
}

#[test]
fn translation_front_matter_holds_only_what_translates() {
    let f = Fixture::new("languages");
    f.write(
        "ideas/dark-mode.ar.md",
        "---\ntitle: الوضع الداكن\nstatus: shipped\n---\nنص.\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[TH0102]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("ideas/dark-mode.ar.md:3:1"),
        "{}",
        out.stderr
    );
}

#[test]
fn pages_name_their_language_direction_and_alternates() {
    let f = built();
    let en = f.page("guides/billing/refunds/index.html");
    assert_eq!(en.attrs("html", "dir"), ["ltr"]);
    let alternates = |page: &crate::harness::Page| {
        page.attrs("link[rel=alternate][hreflang]", "hreflang")
            .into_iter()
            .zip(page.attrs("link[rel=alternate][hreflang]", "href"))
            .collect::<Vec<_>>()
    };
    let expected: Vec<(String, String)> = [
        ("en", "https://help.example.com/guides/billing/refunds/"),
        ("ar", "https://help.example.com/ar/guides/billing/refunds/"),
        ("fr", "https://help.example.com/fr/guides/billing/refunds/"),
        (
            "x-default",
            "https://help.example.com/guides/billing/refunds/",
        ),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .to_vec();
    assert_eq!(alternates(&en), expected);
    let ar = f.page("ar/guides/billing/refunds/index.html");
    assert_eq!(alternates(&ar), expected, "the same set on every version");
    assert_eq!(ar.attrs("html", "dir"), ["rtl"]);
    assert_eq!(ar.attrs("meta[property='og:locale']", "content"), ["ar"]);
    assert_eq!(
        ar.attrs("meta[property='og:locale:alternate']", "content"),
        ["en", "fr"]
    );
    assert_eq!(
        ar.attrs("link[rel=canonical]", "href"),
        ["https://help.example.com/ar/guides/billing/refunds/"]
    );
    // pages no file makes (lists, tags, search) exist in every language
    assert_eq!(
        f.page("fr/questions/index.html")
            .attrs("link[rel=alternate][hreflang]", "hreflang"),
        ["en", "ar", "fr", "x-default"]
    );
    assert!(
        f.page("index.html")
            .select("link[href*='/assets/languages.css']")
            .len()
            == 1
    );
    assert!(f.exists("assets/languages.css"));
}

#[test]
fn the_switcher_leads_to_the_same_page_or_that_languages_home() {
    let f = built();
    let switcher = |rel: &str| {
        let page = f.page(rel);
        let links = page.attrs(".language-switcher a", "href");
        let names = page.texts(".language-switcher a");
        let current = page.texts(".language-switcher a[aria-current]");
        (names, links, current)
    };
    let (names, links, current) = switcher("fr/guides/billing/refunds/index.html");
    assert_eq!(names, ["English", "العربية", "Français"]);
    assert_eq!(
        links,
        [
            "/guides/billing/refunds/",
            "/ar/guides/billing/refunds/",
            "/fr/guides/billing/refunds/"
        ]
    );
    assert_eq!(current, ["Français"]);
    // the section index has no Arabic translation: Arabic leads home
    let (_, links, _) = switcher("fr/guides/billing/index.html");
    assert_eq!(links, ["/guides/billing/", "/ar/", "/fr/guides/billing/"]);
    // every page has it, the home and the lists too
    for rel in [
        "index.html",
        "ar/index.html",
        "fr/tags/index.html",
        "404.html",
    ] {
        assert_eq!(switcher(rel).1.len(), 3, "{rel}");
    }
}

#[test]
fn an_untranslated_page_shows_the_original_with_a_notice() {
    let f = built();
    let page = f.page("fr/guides/billing/invoices/index.html");
    assert_eq!(page.texts("h1"), ["Invoices"]);
    let notice = page.texts(".translation-notice");
    assert_eq!(notice.len(), 1, "{notice:?}");
    assert_eq!(
        page.attrs(".translation-notice a", "href"),
        ["/guides/billing/invoices/"]
    );
    // search engines are sent to the original, the only version there is
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://help.example.com/guides/billing/invoices/"]
    );
    assert_eq!(
        page.attrs("link[rel=alternate][hreflang]", "hreflang"),
        ["en", "x-default"]
    );
    // the original's text is marked as the original's language, so an
    // English page in the Arabic section reads left to right
    let ar = f.page("ar/guides/billing/invoices/index.html");
    assert_eq!(ar.attrs("html", "dir"), ["rtl"]);
    // the original's words are marked as English, left to right; the
    // interface around them stays Arabic
    assert_eq!(ar.attrs("main h1[lang=en]", "dir"), ["ltr"]);
    assert_eq!(ar.texts("main h1[lang=en]"), ["Invoices"]);
    assert_eq!(ar.attrs("main .prose[lang=en]", "dir"), ["ltr"]);
    assert!(ar.select("main > div[lang]").is_empty());
    // a translated page has no notice
    let fr = f.page("fr/guides/billing/refunds/index.html");
    assert!(fr.select(".translation-notice").is_empty());
    assert!(fr.select("main > div[lang]").is_empty());
}

#[test]
fn the_sitemap_lists_every_version_with_its_alternates() {
    let f = built();
    let xml = f.read("sitemap.xml");
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let doc = roxmltree_like_urls(&xml);
    assert!(doc.contains(&"https://help.example.com/fr/guides/billing/refunds/".to_string()));
    assert!(doc.contains(&"https://help.example.com/ar/guides/billing/refunds/".to_string()));
    // an untranslated page is listed once, in its own language
    assert!(doc.contains(&"https://help.example.com/guides/billing/invoices/".to_string()));
    assert!(!doc
        .iter()
        .any(|u| u.ends_with("/fr/guides/billing/invoices/")));
    let refunds = xml
        .lines()
        .find(|l| l.contains("<loc>https://help.example.com/fr/guides/billing/refunds/</loc>"))
        .unwrap();
    for (lang, href) in [
        ("en", "https://help.example.com/guides/billing/refunds/"),
        ("ar", "https://help.example.com/ar/guides/billing/refunds/"),
        ("fr", "https://help.example.com/fr/guides/billing/refunds/"),
        (
            "x-default",
            "https://help.example.com/guides/billing/refunds/",
        ),
    ] {
        assert!(
            refunds.contains(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>"
            )),
            "{refunds}"
        );
    }
}

/// The `<loc>` URLs of a sitemap.
fn roxmltree_like_urls(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</loc>").map(|(url, _)| url.to_string()))
        .collect()
}

#[test]
fn omit_leaves_untranslated_pages_out_and_links_to_the_original() {
    let f = Fixture::new("languages");
    let config = f.file("site.toml");
    std::fs::write(
        f.root().join("site.toml"),
        config.replace(
            "default_language = \"en\"\n",
            "default_language = \"en\"\nuntranslated = \"omit\"\n",
        ),
    )
    .unwrap();
    f.build(&[]).ok();
    assert!(f.exists("fr/guides/billing/refunds/index.html"));
    assert!(!f.exists("fr/guides/billing/invoices/index.html"));
    assert!(!f.exists("ar/questions/reset-password/index.html"));
    assert!(!f.exists("ar/ideas/dark-mode/index.html"));
    // section pages stay: they are the language's navigation
    assert!(f.exists("ar/guides/billing/index.html"));
    let fr = f.page("fr/guides/billing/refunds/index.html");
    let links = fr.attrs("main a", "href");
    assert!(
        links.contains(&"/guides/billing/invoices/#download".to_string()),
        "{links:?}"
    );
    assert!(fr
        .attrs(".nav-tree a", "href")
        .contains(&"/guides/billing/invoices/".to_string()));
    assert!(f
        .page("ar/index.html")
        .attrs(".language-switcher a", "href")
        .contains(&"/fr/".to_string()));
}

#[test]
fn the_interface_speaks_the_pages_language() {
    let f = built();
    let footer = |rel: &str| f.page(rel).texts(".site-footer nav a");
    assert_eq!(footer("index.html")[0], "Home");
    assert_eq!(footer("fr/index.html")[0], "Accueil");
    assert_eq!(footer("ar/index.html")[0], "الرئيسية");
    let fr = f.page("fr/guides/billing/refunds/index.html");
    assert_eq!(fr.texts(".skip-link"), ["Aller au contenu"]);
    assert_eq!(
        fr.attrs("#site-search-input", "placeholder"),
        ["Rechercher (touche /)"]
    );
    // dates in the page's language
    assert!(
        fr.texts("main time").contains(&"1 mars 2026".to_string()),
        "{:?}",
        fr.texts("main time")
    );
    let en = f.page("guides/billing/refunds/index.html");
    assert!(en.texts("main time").contains(&"1 March 2026".to_string()));
    let ar = f.page("ar/guides/billing/invoices/index.html");
    assert!(ar.texts("main time").contains(&"1 فبراير 2026".to_string()));
    assert_eq!(
        ar.texts(".translation-notice"),
        ["هذه الصفحة غير مترجمة بعد. اقرأ النص الأصلي (English)"]
    );
}

#[test]
fn ideas_lists_and_stats_speak_the_pages_language() {
    let f = built();
    // words Rust used to supply: list titles, status names, column titles
    let fr_idea = f.page("fr/ideas/dark-mode/index.html");
    assert_eq!(
        fr_idea.texts(".status-heading .badge"),
        ["Ouverte aux votes"]
    );
    assert_eq!(fr_idea.texts("title"), ["Idée : Mode sombre · Aide Acme"]);
    let fr_ideas = f.page("fr/ideas/index.html");
    assert_eq!(fr_ideas.texts("h1"), ["Idées"]);
    assert_eq!(fr_ideas.texts(".tabs a")[0], "Ouvertes 1");
    let ar_roadmap = f.page("ar/roadmap/index.html");
    assert_eq!(
        ar_roadmap.texts(".board-column h2"),
        [
            "قيد المراجعة 0",
            "مخطط لها 0",
            "قيد التنفيذ 0",
            "صدرت مؤخرًا 0"
        ]
    );
    let fr_stats = f.page("fr/stats/index.html");
    assert_eq!(fr_stats.texts("h1"), ["La communauté en chiffres"]);
    assert!(fr_stats
        .texts("h2")
        .contains(&"Questions et réponses".to_string()));
    // feeds carry the language's words too
    let feed = f.read("fr/ideas/atom.xml");
    assert!(
        feed.contains("<title>Aide Acme : changements de statut des idées</title>"),
        "{feed}"
    );
    assert!(f
        .read("fr/ideas/dark-mode/atom.xml")
        .contains("<title>Aide Acme : statut de « Mode sombre »</title>"));
    assert!(f
        .read("ideas/dark-mode/atom.xml")
        .contains("<title>Acme Help: status of “Dark mode”</title>"));
    // English keeps its words
    let en_stats = f.page("stats/index.html");
    assert_eq!(en_stats.texts("h1"), ["Community insights"]);
    assert_eq!(f.page("ideas/index.html").texts(".tabs a")[0], "Open 1");
}

#[test]
fn every_shipped_interface_language_has_every_english_key() {
    let dir = crate::harness::fixtures().join("../../themes/default/i18n");
    let keys = |code: &str| {
        let text = std::fs::read_to_string(dir.join(format!("{code}.toml"))).unwrap();
        let table: toml::Table = text.parse().unwrap();
        table.keys().cloned().collect::<Vec<_>>()
    };
    let english = keys("en");
    for code in ["fr", "ar"] {
        assert_eq!(keys(code), english, "{code}");
    }
}

#[test]
fn a_missing_interface_text_falls_back_to_english_with_a_warning() {
    let f = Fixture::new("languages");
    let config = std::fs::read_to_string(f.root().join("site.toml")).unwrap();
    f.write(
        "site.toml",
        &config.replace(
            "[taxonomy]",
            "[languages.de]\nname = \"Deutsch\"\n\n[taxonomy]",
        ),
    );
    f.write("themes/default/i18n/de.toml", "home = \"Startseite\"\n");
    let out = f.build(&[]);
    out.ok();
    assert!(out.stderr.contains("[TH0231]"), "{}", out.stderr);
    assert!(out.stderr.contains("themes/default/i18n/de.toml"));
    let footer = f.page("de/index.html").texts(".site-footer nav a");
    assert_eq!(footer[0], "Startseite", "the site's file gives the text");
    assert_eq!(footer[1], "Guides");
    assert_eq!(
        f.page("de/index.html").texts(".skip-link"),
        ["Skip to content"]
    );
    // English, French and Arabic are complete: one warning, for German only
    assert_eq!(out.stderr.matches("[TH0231]").count(), 1, "{}", out.stderr);
}

#[test]
fn a_site_rewords_interface_text_key_by_key() {
    let f = Fixture::new("languages");
    f.write("themes/default/i18n/fr.toml", "home = \"Début\"\n");
    let out = f.build(&[]);
    out.ok();
    assert!(!out.stderr.contains("[TH0231]"), "{}", out.stderr);
    let home = f.page("fr/index.html");
    assert_eq!(home.texts(".site-footer nav a")[0], "Début");
    // the keys the site's file does not set keep the theme's French
    assert_eq!(home.texts(".skip-link"), ["Aller au contenu"]);
}

#[test]
fn a_translation_whose_source_changed_since_is_stale_until_it_is_updated() {
    let f = Fixture::committed("languages");
    let source =
        std::fs::read_to_string(f.root().join("content/guides/billing/refunds.md")).unwrap();
    f.write(
        "content/guides/billing/refunds.md",
        &format!("{source}\nRefunds of annual plans are pro rata.\n"),
    );
    f.git(&["commit", "-q", "-am", "refunds: annual plans"]);
    f.build(&[]).ok();
    // the page in each language whose translation fell behind says so
    for code in ["fr", "ar"] {
        let page = f.page(&format!("{code}/guides/billing/refunds/index.html"));
        assert_eq!(page.select(".translation-stale").len(), 1, "{code}");
        assert_eq!(
            page.attrs(".translation-stale a", "href"),
            ["/guides/billing/refunds/"]
        );
    }
    let fr = f.page("fr/guides/billing/refunds/index.html");
    assert!(
        fr.texts(".translation-stale")[0].starts_with("L'original (English) a changé le"),
        "{:?}",
        fr.texts(".translation-stale")
    );
    // the community page counts each language's coverage and lists what fell behind
    let stats: serde_json::Value = serde_json::from_str(&f.read("stats.json")).unwrap();
    let fr_stats = &stats["translations"][1];
    assert_eq!(fr_stats["code"], "fr");
    assert_eq!(
        (&fr_stats["translated"], &fr_stats["pages"]),
        (&5.into(), &7.into())
    );
    assert_eq!(fr_stats["stale"][0]["path"], "/guides/billing/refunds/");
    let page = f.page("stats/index.html");
    assert_eq!(
        page.texts("#table-translations tbody td"),
        ["2 of 7 (29%)", "1", "5", "5 of 7 (71%)", "1", "2"]
    );
    assert_eq!(
        page.attrs("#stale-fr + ul a", "href"),
        ["/fr/guides/billing/refunds/"]
    );
    let fr_page = f.page("fr/stats/index.html");
    assert_eq!(fr_page.texts("#translations"), ["Traductions"]);
    // a single-language site's stats.json has no translations
    let single = Fixture::new("stats");
    single.build(&[]).ok();
    assert!(!single.read("stats.json").contains("\"translations\""));
    // the original itself and the untouched translations have no notice
    assert!(f
        .page("guides/billing/refunds/index.html")
        .select(".translation-stale")
        .is_empty());
    assert!(f
        .page("fr/guides/billing/index.html")
        .select(".translation-stale")
        .is_empty());
    // check warns, --strict fails
    let check = f.run(&["check", "--today", "2026-11-25", "--color", "never"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.stderr.matches("warning[TH0233]").count(),
        2,
        "{}",
        check.stderr
    );
    let strict = f.run(&["check", "--today", "2026-11-25", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    // a pull request that changes the source alone is told about both
    let review = f.run(&[
        "check",
        "--today",
        "2026-11-25",
        "--base",
        "HEAD~1",
        "--color",
        "never",
    ]);
    assert_eq!(
        review.stderr.matches("warning[TH0233]").count(),
        2,
        "{}",
        review.stderr
    );
    // bringing the French translation up to date clears its notice only
    let fr_source =
        std::fs::read_to_string(f.root().join("content/guides/billing/refunds.fr.md")).unwrap();
    f.write(
        "content/guides/billing/refunds.fr.md",
        &format!("{fr_source}\nLes remboursements des forfaits annuels sont au prorata.\n"),
    );
    f.git(&["commit", "-q", "-am", "refunds: French up to date"]);
    f.build(&[]).ok();
    assert!(f
        .page("fr/guides/billing/refunds/index.html")
        .select(".translation-stale")
        .is_empty());
    assert_eq!(
        f.page("ar/guides/billing/refunds/index.html")
            .select(".translation-stale")
            .len(),
        1
    );
}

#[test]
fn a_guide_pages_interface_speaks_the_pages_language() {
    let f = built();
    let fr = f.page("fr/guides/billing/invoices/index.html");
    assert_eq!(fr.texts(".toc-title"), ["Sur cette page"]);
    assert_eq!(fr.texts(".pager-label"), ["Précédent"]);
    let ar = f.page("ar/guides/billing/invoices/index.html");
    assert_eq!(ar.texts(".toc-title"), ["في هذه الصفحة"]);
    let en = f.page("guides/billing/invoices/index.html");
    assert_eq!(en.texts(".toc-title"), ["On this page"]);
    assert_eq!(f.page("fr/404.html").texts("h1"), ["Page introuvable"]);
    let question = f.page("fr/questions/reset-password/index.html");
    assert_eq!(question.texts("#answers-title"), ["1 réponse"]);
    assert_eq!(
        question.attrs("article.answer", "aria-label"),
        ["Réponse acceptée de ann"]
    );
    let english = f.page("questions/reset-password/index.html");
    assert_eq!(english.texts("#answers-title"), ["1 answer"]);
}

#[test]
fn new_translate_starts_a_translation_from_its_source() {
    let f = Fixture::committed("languages");
    let out = f.run(&[
        "new",
        "--translate",
        "content/guides/billing/invoices.md",
        "--lang",
        "fr",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text =
        std::fs::read_to_string(f.root().join("content/guides/billing/invoices.fr.md")).unwrap();
    let head = f.git(&["rev-parse", "HEAD"]);
    assert!(text.starts_with("---\ntitle: Invoices\n"), "{text}");
    assert!(
        text.contains(&format!("translation_of: {}\n", head.trim())),
        "{text}"
    );
    assert!(text.contains("Invoices are monthly."), "{text}");
    // the new file is a translation: the French page is no longer the
    // untranslated original
    f.build(&[]).ok();
    let fr = f.page("fr/guides/billing/invoices/index.html");
    assert!(fr.select(".translation-notice").is_empty());
    // it is not written twice, and only for the site's languages
    let again = f.run(&[
        "new",
        "--translate",
        "content/guides/billing/invoices.md",
        "--lang",
        "fr",
    ]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    let german = f.run(&[
        "new",
        "--translate",
        "content/guides/billing/invoices.md",
        "--lang",
        "de",
    ]);
    assert_eq!(german.code, 2);
    assert!(
        german.stderr.contains("fr, ar") || german.stderr.contains("ar, fr"),
        "{}",
        german.stderr
    );
}

#[test]
fn a_single_language_site_speaks_its_language_when_the_theme_has_it() {
    let f = Fixture::new("guides");
    let config = std::fs::read_to_string(f.root().join("site.toml")).unwrap();
    f.write("site.toml", &format!("language = \"fr-CA\"\n{config}"));
    let out = f.build(&[]);
    out.ok();
    assert!(!out.stderr.contains("[TH0231]"), "{}", out.stderr);
    let page = f.page("index.html");
    assert_eq!(page.attrs("html", "lang"), ["fr-CA"]);
    assert_eq!(page.texts(".skip-link"), ["Aller au contenu"]);
    // a language the theme does not ship keeps English, without a warning
    f.write("site.toml", &format!("language = \"de\"\n{config}"));
    let out = f.build(&[]);
    assert!(!out.stderr.contains("[TH0231]"), "{}", out.stderr);
    assert_eq!(
        f.page("index.html").texts(".skip-link"),
        ["Skip to content"]
    );
}
