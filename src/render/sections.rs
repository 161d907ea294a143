//! Section pages and the navigation every guide page carries: the
//! breadcrumbs and the section tree.

use super::views::*;
use super::*;

impl Renderer<'_> {
    pub(super) fn section_card(&self, section: &crate::resolve::Section) -> Card {
        let count = self.count_guides(section);
        Card {
            title: section.title.clone(),
            url: self.site.href(&section.url),
            description: section.description.clone(),
            meta: Some(self.count_text(count, "one_guide", "n_guides")),
        }
    }

    pub(super) fn count_guides(&self, section: &crate::resolve::Section) -> usize {
        section.guides.len()
            + section
                .children
                .iter()
                .filter_map(|&c| self.site.sections.get(c))
                .map(|s| self.count_guides(s))
                .sum::<usize>()
    }

    pub(super) fn breadcrumbs(&self, section: usize) -> Vec<LinkView> {
        let mut crumbs = vec![LinkView {
            title: self.text("home").into(),
            url: self.site.href("/"),
        }];
        for index in self.site.ancestry(section) {
            if let Some(s) = self.site.sections.get(index) {
                crumbs.push(LinkView {
                    title: s.title.clone(),
                    url: self.site.href(&s.url),
                });
            }
        }
        crumbs
    }

    pub(super) fn nav(&self, current_section: usize, current_guide: Option<usize>) -> NavNode {
        let open: Vec<usize> = self.site.ancestry(current_section);
        self.nav_node(0, &open, current_section, current_guide)
    }

    pub(super) fn nav_node(
        &self,
        index: usize,
        open: &[usize],
        current_section: usize,
        current_guide: Option<usize>,
    ) -> NavNode {
        let site = self.site;
        let Some(section) = site.sections.get(index) else {
            return NavNode {
                title: String::new(),
                url: String::new(),
                current: false,
                open: false,
                guides: Vec::new(),
                more: None,
                children: Vec::new(),
            };
        };
        let is_open = open.contains(&index);
        // A large section lists a window of guides around the current one and
        // links the rest through the section page, so every page's sidebar
        // has a bounded size (a full list would make the site quadratic).
        let (window, more) = nav_window(&section.guides, current_guide);
        let more = more.filter(|_| is_open).map(|hidden| LinkView {
            title: self.text_with(
                "all_guides_in",
                &[
                    ("n", &section.guides.len().to_string()),
                    ("section", &section.title),
                    ("hidden", &hidden.to_string()),
                ],
            ),
            url: site.href(&section.url),
        });
        let guides = if is_open {
            window
                .iter()
                .filter_map(|&g| site.guides.get(g).map(|page| (g, page)))
                .map(|(g, page)| NavGuide {
                    title: page.guide.title.clone(),
                    url: site.href(&page.url),
                    current: Some(g) == current_guide,
                })
                .collect()
        } else {
            Vec::new()
        };
        NavNode {
            title: section.title.clone(),
            url: site.href(&section.url),
            current: current_guide.is_none() && index == current_section,
            open: is_open,
            guides,
            more,
            children: section
                .children
                .iter()
                .map(|&c| self.nav_node(c, open, current_section, current_guide))
                .collect(),
        }
    }

    pub(super) fn section_job(&self, index: usize) -> PageJob {
        let site = self.site;
        let section = &site.sections[index.min(site.sections.len() - 1)];
        let body = section
            .body
            .as_ref()
            // one that cannot be read is rendered, to report it
            .filter(|b| b.text().map_or(true, |text| !text.trim().is_empty()))
            .map(|b| self.markdown(b, &section.links, self.guide_policy()));
        let guides = section
            .guides
            .iter()
            .filter_map(|&g| site.guides.get(g))
            .map(|page| self.guide_card(page))
            .collect();
        let subsections = section
            .children
            .iter()
            .filter_map(|&c| site.sections.get(c))
            .map(|s| self.section_card(s))
            .collect();
        // A meta description for every section: its own, its intro's first
        // paragraph, or a plain sentence naming it.
        let description = Some(section.summary.clone())
            .filter(|s| !s.is_empty() || section.description.is_some())
            .unwrap_or_else(|| {
                if index == 0 {
                    self.text_with("guides_description", &[("site", &site.config.title)])
                } else {
                    self.text_with(
                        "section_description",
                        &[("section", &section.title), ("site", &site.config.title)],
                    )
                }
            });
        let mut crumbs = self.breadcrumbs(index);
        if index == 0 {
            crumbs.truncate(1);
            crumbs.push(LinkView {
                title: section.title.clone(),
                url: site.href(&section.url),
            });
        }
        PageJob {
            template: "section.html",
            path: Self::output_path(&section.url),
            meta: self.meta(
                &section.title,
                &description,
                &section.url,
                "website",
                "guides",
            ),
            page: json(&SectionView {
                title: section.title.clone(),
                description: section.description.clone(),
                body,
                subsections,
                guides,
            }),
            breadcrumbs: crumbs,
            nav: Some(self.nav(index, None)),
            json_ld: Vec::new(),
        }
    }
}
