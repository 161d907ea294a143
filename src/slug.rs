//! Slugs for URLs and heading ids: NFC-normalised, lowercase, letters and
//! digits kept (any script), everything else folded into single dashes.
//! And the pseudonym an erased handle becomes, which every stage that shows
//! names must agree on.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `deleted-user-<8 hex>`: the same handle always gets the same pseudonym.
pub fn pseudonym(handle: &str) -> String {
    // FNV-1a: stable across Rust versions, unlike the std hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in handle.trim_start_matches('@').to_lowercase().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("deleted-user-{:08x}", hash & 0xffff_ffff)
}

pub fn slugify(text: &str) -> String {
    let text = nfc(text);
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
        // other punctuation (and zero-width or control characters) is dropped
    }
    slug
}

/// `text` in NFC. Most text is NFC already, which a quick check tells
/// without the cost of the normalising iterator or a copy.
pub(crate) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// The URL slug of a tag name. Like `slugify`, with the punctuation that
/// tells tags apart spelled out (`C++` -> `c-plus-plus`, `C#` -> `c-sharp`)
/// and dots as separators (`node.js` -> `node-js`, `.net` -> `net`). A
/// name that is already a slug is its own slug.
pub fn tag_slug(name: &str) -> String {
    let mut spelled = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '+' => spelled.push_str(" plus "),
            '#' => spelled.push_str(" sharp "),
            '&' => spelled.push_str(" and "),
            '@' => spelled.push_str(" at "),
            '.' | '/' | ':' => spelled.push(' '),
            c => spelled.push(c),
        }
    }
    slugify(&spelled)
}

#[cfg(test)]
mod tests {
    use super::{slugify, tag_slug};

    #[test]
    fn tag_slugs() {
        for (name, slug) in [
            ("C++", "c-plus-plus"),
            ("c", "c"),
            ("C#", "c-sharp"),
            (".net", "net"),
            ("asp.net", "asp-net"),
            ("3.2-beer", "3-2-beer"),
            ("node.js", "node-js"),
            ("Wi-Fi", "wi-fi"),
            ("日本語", "日本語"),
            ("getting-started", "getting-started"),
            ("🎉", ""),
        ] {
            assert_eq!(tag_slug(name), slug, "{name}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("What's new in 0.1?"), "whats-new-in-01");
        assert_eq!(
            slugify("  Partial  refunds -- how_to "),
            "partial-refunds-how-to"
        );
        assert_eq!(slugify("Café Ünïcode"), "café-ünïcode");
        assert_eq!(slugify("a\u{200b}b"), "ab");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn normalisation_variants_share_a_slug() {
        // precomposed é and e + combining acute
        assert_eq!(slugify("caf\u{e9}"), slugify("cafe\u{301}"));
    }
}
