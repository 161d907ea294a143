//! What a page of a multilingual site says about its languages: `hreflang`
//! alternates, the canonical URL of a page shown untranslated, the Open
//! Graph locale, the language switcher and the "not yet translated" notice.
//! A single-language site gets none of it.

use super::views::{Alternate, LanguageLink, Meta, StaleNotice, UntranslatedNotice};
use crate::clock::Date;
use crate::resolve::languages::Languages;
use crate::resolve::Site;

/// Fills `meta`'s language fields for the page at `url` (a URL path
/// without base path or language prefix).
pub(super) fn fill(site: &Site, url: &str, meta: &mut Meta) {
    let Some(languages) = site.languages.as_deref() else {
        return;
    };
    let here = site.language();
    let own = languages.has_version(url, here);
    meta.alternates = alternates(languages, url);
    meta.og_locale = Some(og_locale(here));
    meta.og_locale_alternates = meta
        .alternates
        .iter()
        .filter(|a| a.hreflang != here && a.hreflang != "x-default")
        .map(|a| og_locale(&a.hreflang))
        .collect();
    meta.languages = languages
        .list
        .iter()
        .map(|l| {
            let available = languages.has_version(url, &l.code);
            // the reader's own language links to the page they are on
            let target = if available || l.code == here {
                url
            } else {
                "/"
            };
            LanguageLink {
                code: l.code.clone(),
                name: l.name.clone(),
                url: languages.href(&l.code, target),
                current: l.code == here,
                translated: available,
            }
        })
        .collect();
    if !own {
        // the page shows the original: search engines are sent to it
        meta.canonical = languages.absolute(&languages.default, url);
        let original = languages.get(&languages.default);
        meta.untranslated = Some(UntranslatedNotice {
            language: original.map_or_else(|| languages.default.clone(), |l| l.name.clone()),
            code: languages.default.clone(),
            dir: original.map_or("ltr", |l| l.direction.as_str()),
            url: languages.href(&languages.default, url),
        });
    }
}

/// The notice of a translated page whose original changed after the
/// translation did (`resolve` reads that from git).
pub(super) fn stale_notice(
    site: &Site,
    url: &str,
    date: impl Fn(Date) -> String,
) -> Option<StaleNotice> {
    let languages = site.languages.as_deref()?;
    let changed = languages
        .stale
        .get(&(site.language().to_string(), url.to_string()))?;
    let original = languages.get(&languages.default);
    Some(StaleNotice {
        date: date(*changed),
        language: original.map_or_else(|| languages.default.clone(), |l| l.name.clone()),
        code: languages.default.clone(),
        url: languages.href(&languages.default, url),
    })
}

/// `hreflang` alternates of the page at `url`: every language with its own
/// version of it, then `x-default` (the default language's).
fn alternates(languages: &Languages, url: &str) -> Vec<Alternate> {
    let mut list: Vec<Alternate> = languages
        .list
        .iter()
        .filter(|l| languages.has_version(url, &l.code))
        .map(|l| Alternate {
            hreflang: l.code.clone(),
            href: languages.absolute(&l.code, url),
        })
        .collect();
    list.push(Alternate {
        hreflang: "x-default".into(),
        href: languages.absolute(&languages.default, url),
    });
    list
}

/// Open Graph's `language_TERRITORY` form of a language tag: `pt-br` ->
/// `pt_BR`; a bare language stays as it is.
pub(crate) fn og_locale(code: &str) -> String {
    match code.split_once('-') {
        Some((lang, region)) => format!("{lang}_{}", region.to_ascii_uppercase()),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::og_locale;

    #[test]
    fn og_locales_upper_case_the_region() {
        assert_eq!(og_locale("fr"), "fr");
        assert_eq!(og_locale("pt-br"), "pt_BR");
    }
}
