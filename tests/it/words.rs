//! The browser's words are townhall's: search.js cuts text into the same
//! words as src/index/search/words.rs, CJK pairs included.

#[test]
fn browser_and_rust_cut_text_into_the_same_words() {
    use townhall::index::search::tokenize;
    let mut texts: Vec<String> = [
        "Partial-Refunds, café 2FA!",
        "Cafe\u{301} ÉTÉ İx",
        "l'équipe d'Acme rembourse",
        "اطلب استرداد المبلغ خلال 30 يومًا",
        "ﺍﻟﻤﺒﺎﻟﻎ ٣٠",
        "請求書",
        "日本語の請求書",
        "請求書 は 日本語 でも 表示 されます。",
        "PDF請求書v2",
        "a書b 書 は",
        "환불 요청을 보내세요",
        "カード・ｶｰﾄﾞ",
        "𠀋𠀍𠀑 々〇",
        "請求、書。x",
        "ΣΊΣΥΦΟΣ straße",
        "",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    // every text of the search fixture's pages, CJK page included
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search");
    for entry in walkdir::WalkDir::new(fixture).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            texts.push(std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("texts.json");
    std::fs::write(&file, serde_json::to_string(&texts).unwrap()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/tokens.cjs");
    let node = std::process::Command::new("node")
        .arg(script)
        .arg(&file)
        .output()
        .expect("node is needed for the tokenizer test");
    assert!(
        node.status.success(),
        "{}",
        String::from_utf8_lossy(&node.stderr)
    );
    let js: Vec<Vec<String>> = serde_json::from_slice(&node.stdout).unwrap();
    assert_eq!(js.len(), texts.len());
    let mut pairs = 0;
    for (text, js_words) in texts.iter().zip(&js) {
        let rust = tokenize(text);
        assert_eq!(&rust, js_words, "{text:?}");
        pairs += rust
            .iter()
            .filter(|w| w.chars().any(|c| c > '\u{3000}'))
            .count();
    }
    assert!(pairs > 20, "the texts hold CJK words ({pairs})");
}
