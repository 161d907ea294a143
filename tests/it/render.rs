//! Rendering details readers see: highlighting of the extended grammars,
//! code in table cells, idea history notes, the changelog, stats charts,
//! the home page and the menu (tests/fixtures/render).

use crate::harness::{built, Page};

/// The classes of every highlighted span in the code block of `lang`.
fn classes(page: &Page, lang: &str) -> Vec<String> {
    page.attrs(&format!("pre.code.hl[data-lang={lang}] span"), "class")
}

#[test]
fn toml_and_other_extended_grammars_get_highlighting_classes() {
    let f = built("render");
    let page = f.page("guides/setup/config/index.html");
    let toml = classes(&page, "toml");
    for class in [
        "hl-comment",
        "hl-entity hl-name hl-table",
        "hl-entity hl-name hl-tag",
        "hl-string",
        "hl-constant hl-numeric",
    ] {
        assert!(
            toml.iter().any(|c| c == class),
            "toml lacks {class}: {toml:?}"
        );
    }
    assert!(classes(&page, "dockerfile")
        .iter()
        .any(|c| c == "hl-keyword"));
    let ts = classes(&page, "typescript");
    assert!(ts.iter().any(|c| c == "hl-support hl-type"), "{ts:?}");
    assert!(ts.iter().any(|c| c == "hl-comment"), "{ts:?}");
    assert!(classes(&page, "terraform").iter().any(|c| c == "hl-string"));
    // every class a span carries is styled in both palettes
    let css = f.read("assets/highlight.css");
    for palette in [":root[data-theme=light]", ":root[data-theme=dark]"] {
        assert!(
            css.contains(&format!("{palette} .hl-entity.hl-name.hl-table {{")),
            "TOML table names are coloured under {palette}"
        );
        assert!(css.contains(&format!("{palette} .hl-markup.hl-heading {{")));
    }
}

#[test]
fn code_in_table_cells_breaks_only_between_pieces() {
    let f = built("render");
    let page = f.page("guides/setup/config/index.html");
    assert_eq!(page.texts("td code .nobr")[0], "--force");
    assert_eq!(
        page.texts("td code")[1],
        "--color auto|always|never",
        "the text is unchanged"
    );
    let path = page.texts("td code .nobr");
    assert!(path.contains(&"getting-started/".to_string()), "{path:?}");
    assert!(page.select("td code wbr").len() >= 5);
}

#[test]
fn idea_history_notes_render_inline_markdown() {
    let f = built("render");
    let page = f.page("ideas/dark-mode/index.html");
    let notes = page.select(".timeline-note");
    let html: Vec<String> = notes.iter().map(|n| n.inner_html()).collect();
    assert!(
        html.contains(&"Released in <code>2.0</code>".to_string()),
        "{html:?}"
    );
    assert!(
        html.contains(&"Planned for <strong>2.0</strong>, see <code>theme.dark</code>".to_string()),
        "{html:?}"
    );
    assert!(
        html.iter().all(|h| !h.contains('`')),
        "no literal backticks: {html:?}"
    );
}

#[test]
fn changelog_shows_each_shipped_ideas_summary() {
    let f = built("render");
    let page = f.page("changelog/index.html");
    assert_eq!(page.texts(".release .shipped-list li > a"), ["Dark mode"]);
    assert_eq!(
        page.texts(".release .shipped-list li > p"),
        ["Every page follows the system's dark setting, and a toggle overrides it."]
    );
}

#[test]
fn stats_charts_have_visible_titles_and_accessible_names() {
    let f = built("render");
    let page = f.page("stats/index.html");
    let captions = page.texts("figure.chart-figure > figcaption.chart-title");
    assert!(
        captions.contains(&"Ideas submitted per monthly cohort".to_string()),
        "{captions:?}"
    );
    for svg in page.select("figure.chart-figure svg.chart") {
        let named_by = svg.value().attr("aria-labelledby").unwrap_or_default();
        assert!(!named_by.is_empty() && svg.value().attr("role") == Some("img"));
    }
}

#[test]
fn home_is_a_landing_page() {
    let f = built("render");
    let page = f.page("index.html");
    assert_eq!(
        page.texts(".hero-lead"),
        ["Guides, questions and ideas for the render fixture – one of each."]
    );
    assert_eq!(page.attrs(".hero-search", "action"), ["/search/"]);
    assert_eq!(page.attrs(".hero-search input", "name"), ["q"]);
    assert_eq!(
        page.texts(".hero-actions a"),
        ["Read the guides", "Ask a question", "Propose an idea"]
    );
    let ask = page.attrs(".hero-actions a", "href");
    assert!(
        ask[1].starts_with("https://github.com/acme/render/new/main?filename=content%2Fquestions")
    );
    assert!(ask[2].starts_with("https://github.com/acme/render/new/main?filename=ideas%2F"));
    assert_eq!(page.texts("#home-activity"), ["Recent activity"]);
}

#[test]
fn the_menu_holds_the_site_links_and_the_guide_tree() {
    let f = built("render");
    let page = f.page("guides/setup/config/index.html");
    assert_eq!(page.select("details.menu > summary.menu-button").len(), 1);
    let links = page.texts("details.menu .menu-links a");
    for want in ["Home", "Guides", "Ideas", "Roadmap", "Tags", "Changelog"] {
        assert!(links.contains(&want.to_string()), "{links:?}");
    }
    assert_eq!(
        page.texts("details.menu .nav-tree a[aria-current=page]"),
        ["Configuration files"]
    );
    // pages without a guide tree still have the menu, with the site links
    let home = f.page("index.html");
    assert_eq!(home.select("details.menu .menu-links a").len(), links.len());
    assert!(home.select("details.menu .nav-tree").is_empty());
}
