//! Minifying rendered pages (the `minify` setting).
//!
//! html-minifier is a streaming minifier: one pass over the bytes, no tree.
//! It drops comments and the whitespace HTML ignores, collapses the rest,
//! keeps every attribute quoted (so the output stays valid HTML), and copies
//! `<pre>` and `<textarea>` content through untouched, which keeps
//! highlighted code exact.
//!
//! minify-html, which parses each page into a tree, was used before. Its
//! pages were 3% smaller (1% after gzip) because it also unquotes attributes
//! and removes the line breaks between tags, but it cost four times as long:
//! a third of a whole build's CPU time on a site of 10,000 pages.

/// The page minified, or the page as it is when the minifier rejects it
/// (an unclosed `<script>`, say): a page that is a little larger is better
/// than a failed build.
pub(super) fn minify(html: Vec<u8>) -> Vec<u8> {
    let mut minifier = html_minifier::HTMLMinifier::new();
    minifier.set_remove_comments(true);
    // Inline code keeps its spacing; `<pre>` is never touched either way.
    minifier.set_minify_code(false);
    minifier.set_minify_css(true);
    // Themes' inline scripts are a few bytes and run before first paint:
    // not worth the risk of a JavaScript minifier changing their meaning.
    minifier.set_minify_js(false);
    match minifier.digest(&html).and_then(|()| minifier.into_html()) {
        Ok(minified) => minified,
        Err(_) => html,
    }
}

/// A script or stylesheet of the default theme minified (comments and
/// needless whitespace dropped: search.js is a third smaller, a fifth after
/// gzip); any other file, or one the minifier rejects, as it is. Only the
/// theme's own files come here: the browser tests run on their minified
/// form, and a site's own scripts are never rewritten.
pub(super) fn asset(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    if name.ends_with(".js") {
        minifier::js::minify(text).to_string().into_bytes()
    } else if name.ends_with(".css") {
        match minifier::css::minify(text) {
            Ok(css) => css.to_string().into_bytes(),
            Err(_) => bytes,
        }
    } else {
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::{asset, minify};

    #[test]
    fn the_themes_scripts_and_stylesheets_lose_comments_and_whitespace() {
        let js = "// a note\nfunction add(a, b) {\n  return a + b; /* sum */\n}\n";
        let out = String::from_utf8(asset("a.js", js.as_bytes().to_vec())).unwrap();
        assert!(!out.contains("note") && !out.contains("sum"), "{out}");
        assert!(out.contains("return a+b"), "{out}");
        let css = "/* header */\n.a {\n  color: red;\n}\n";
        let out = String::from_utf8(asset("a.css", css.as_bytes().to_vec())).unwrap();
        assert_eq!(out.trim(), ".a{color:red;}");
        // anything else is copied as it is
        let svg = b"<svg>\n  <!-- keep -->\n</svg>\n".to_vec();
        assert_eq!(asset("a.svg", svg.clone()), svg);
    }

    #[test]
    fn the_default_themes_own_scripts_still_parse_once_minified() {
        // the browser tests run these minified; this catches a broken file at once
        for (name, text) in [
            (
                "search.js",
                include_str!("../../themes/default/static/search.js"),
            ),
            (
                "search-ui.js",
                include_str!("../../themes/default/static/search-ui.js"),
            ),
            (
                "townhall.js",
                include_str!("../../themes/default/static/townhall.js"),
            ),
            (
                "stem-fr.js",
                include_str!("../../themes/default/static/stem-fr.js"),
            ),
            (
                "stem-ar.js",
                include_str!("../../themes/default/static/stem-ar.js"),
            ),
        ] {
            let out = String::from_utf8(asset(name, text.as_bytes().to_vec())).unwrap();
            assert!(
                out.len() * 10 < text.len() * 9,
                "{name}: {} -> {}",
                text.len(),
                out.len()
            );
            let open = out.matches(['(', '{', '[']).count();
            let close = out.matches([')', '}', ']']).count();
            assert_eq!(open, close, "{name}");
        }
    }

    fn minified(html: &str) -> String {
        String::from_utf8(minify(html.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn collapses_whitespace_and_drops_comments() {
        let page = "<!doctype html>\n<html>\n  <body>\n    <!-- a note -->\n    <p class=\"lead\">  Hello   world </p>\n  </body>\n</html>\n";
        let out = minified(page);
        // runs of whitespace become one space (or one line break)
        assert!(out.contains("<p class=\"lead\"> Hello world </p>"), "{out}");
        assert!(!out.contains("a note"), "{out}");
        assert!(!out.contains("  "), "{out}");
        assert!(out.len() < page.len());
    }

    #[test]
    fn preformatted_text_and_highlighted_code_come_back_unchanged() {
        let block = "<pre class=\"code hl\" data-lang=\"rust\"><code><span class=\"hl-a\">fn</span>  x\n\n  y</code></pre>";
        let page = format!("<html><body>\n  <p>  one  </p>\n  {block}\n  <pre>plain\n  text</pre>\n  <textarea>  a\n  b</textarea>\n</body></html>");
        let out = minified(&page);
        assert!(out.contains(block), "{out}");
        assert!(out.contains("<pre>plain\n  text</pre>"), "{out}");
        assert!(out.contains("<textarea>  a\n  b</textarea>"), "{out}");
        assert!(out.contains("<p> one </p>"), "{out}");
    }

    #[test]
    fn attributes_stay_quoted_and_apart() {
        let page = "<html><body>\n  <a href=\"/search/?q=a b\"   class=\"x\" title=\"y\">s</a>\n</body></html>";
        let out = minified(page);
        assert!(
            out.contains(r#"<a href="/search/?q=a b" class="x" title="y">s</a>"#),
            "{out}"
        );
    }

    #[test]
    fn scripts_and_structured_data_are_left_as_written() {
        let script = "<script>try{var t=localStorage.getItem(\"x\");if(t===\"dark\")document.documentElement.dataset.theme=t}catch(e){}</script>";
        let json = "<script type=\"application/ld+json\">{\"@type\": \"QAPage\",  \"name\": \"a  b\"}</script>";
        let out = minified(&format!("<html><head>{script}\n{json}</head></html>"));
        assert!(out.contains(script), "{out}");
        assert!(out.contains(json), "{out}");
    }

    #[test]
    fn a_page_the_minifier_rejects_is_written_as_it_is() {
        let page = "<html><body><script>let a = 1;";
        assert_eq!(minified(page), page);
    }
}
