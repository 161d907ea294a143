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

/// Everything but the search index, which `search::write_into` builds.
pub fn index(site: &Site) -> Vec<Output> {
    // one sitemap and robots.txt at the root, for every language
    let mut outputs = if site.is_translation() {
        Vec::new()
    } else {
        sitemap::outputs(site)
    };
    outputs.push(feeds::site_feed(site));
    outputs.extend(feeds::idea_feeds(site));
    outputs.push(exports::questions(site));
    outputs.push(exports::ideas(site));
    if site.config.stats {
        outputs.push(exports::stats(site));
    }
    outputs
}
