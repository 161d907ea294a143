//! Which files beside the content are copied into the output, and where.

use super::*;

/// Output path of each copied file: content files sit next to their page,
/// `static/` files at the output root.
/// Images, audio, video and PDF, which a browser shows without running
/// anything (SVG can carry script, so it is not among them).
pub(super) fn is_public_media(path: &str) -> bool {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    matches!(
        extension.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "mp4" | "webm" | "mp3" | "ogg" | "pdf"
    )
}

pub(super) fn output_assets(assets: &[Asset], sections: &[Section]) -> Vec<OutputAsset> {
    let section_urls: BTreeMap<&str, &str> = sections
        .iter()
        .map(|s| (s.key.as_str(), s.url.as_str()))
        .collect();
    assets
        .iter()
        .filter_map(|asset| {
            let rel = asset.path.to_string_lossy().replace('\\', "/");
            let output = if let Some(rest) = rel.strip_prefix("static/") {
                rest.to_string()
            } else if let Some(rest) = rel.strip_prefix("content/guides/") {
                let (dir, file) = rest.rsplit_once('/').unwrap_or(("", rest));
                let base = section_urls
                    .get(dir)
                    .map_or_else(|| section_url(dir), |u| u.to_string());
                format!("{}{file}", base.trim_start_matches('/'))
            } else if let Some(rest) = rel.strip_prefix("content/questions/") {
                // Questions are public contributions: only their media are
                // published, beside the question's page.
                if !is_public_media(rest) {
                    return None;
                }
                let (folder, file) = rest.split_once('/')?;
                format!("questions/{}/{file}", slugify(folder))
            } else {
                rel.strip_prefix("content/")?.to_string()
            };
            Some(OutputAsset {
                path: asset.path.clone(),
                source: asset.abs.clone(),
                output,
            })
        })
        .collect()
}
