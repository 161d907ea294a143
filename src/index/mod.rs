//! Stage 5: the machine-readable outputs derived from the Site: sitemap,
//! robots.txt (and, as they land, feeds, exports and the search index).

pub mod sitemap;

use crate::render::Output;
use crate::resolve::Site;

pub fn index(site: &Site) -> Vec<Output> {
    sitemap::outputs(site)
}
