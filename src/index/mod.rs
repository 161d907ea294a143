//! Stage 5: the machine-readable outputs derived from the Site: sitemap and
//! robots.txt, Atom feeds, JSON exports, and (timed on its own) the search
//! index.

pub(crate) mod exports;
pub(crate) mod feeds;
pub(crate) mod rank;
pub mod search;
pub mod sitemap;
pub(crate) mod snippet;
pub(crate) mod stats_report;
pub mod stem;
pub(crate) mod stop;

use crate::output::Output;
use crate::resolve::Site;
use std::collections::BTreeMap;

/// Interface text: key -> text in one language.
pub type Words = BTreeMap<String, String>;

/// The text `key` of `words`, the key itself when it has none.
fn word<'w>(words: &'w Words, key: &'w str) -> &'w str {
    words.get(key).map_or(key, String::as_str)
}

/// Everything but the search index, which `search::write_into` builds.
/// `words` is the interface text of the site's language (key -> text, the
/// theme's `i18n/<code>.toml`), for the few words feeds carry.
pub fn index(site: &Site, words: &Words) -> Vec<Output> {
    // one sitemap and robots.txt at the root, for every language
    let mut outputs = if site.is_translation() {
        Vec::new()
    } else {
        sitemap::outputs(site)
    };
    outputs.push(feeds::site_feed(site));
    outputs.extend(feeds::idea_feeds(site, words));
    outputs.push(exports::questions(site));
    outputs.push(exports::ideas(site));
    if site.config.stats {
        outputs.push(exports::stats(site));
    }
    outputs
}
