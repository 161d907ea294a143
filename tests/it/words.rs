//! The browser's words are townhall's: search.js cuts text into the same
//! words (CJK pairs included), and its stemmers (English in search.js,
//! French and Arabic in stem-fr.js and stem-ar.js) stem large word lists
//! exactly as rust-stemmers does.

use townhall::index::stem::Stemming;

/// Stems `words` with the browser's stemmer for `language` (in node) and
/// with `stemming`; every stem must be the same. Returns how many words
/// were compared.
fn assert_stems_alike(stemming: Stemming, language: &str, words: &[String]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("words.txt");
    std::fs::write(&file, words.join("\n")).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/stem.cjs");
    let node = std::process::Command::new("node")
        .arg(script)
        .arg(&file)
        .arg(language)
        .output()
        .expect("node is needed for the stemmer test");
    assert!(
        node.status.success(),
        "{}",
        String::from_utf8_lossy(&node.stderr)
    );
    let js = String::from_utf8(node.stdout).unwrap();
    let mut differ = Vec::new();
    let mut stemmed = 0;
    for (word, js_stem) in words.iter().zip(js.split('\n')) {
        let rust = stemming.stem(word);
        stemmed += usize::from(rust != word.as_str());
        if rust != js_stem {
            differ.push(format!("{word}: rust {rust}, js {js_stem}"));
        }
    }
    assert_eq!(js.split('\n').count(), words.len());
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ[..differ.len().min(40)].join("\n")
    );
    // most words change: the lists exercise the algorithm, not its guard
    assert!(
        stemmed * 2 > words.len(),
        "{stemmed} of {} stemmed",
        words.len()
    );
    words.len()
}

/// A fixed pseudo-random generator, so the lists are the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % below
    }

    /// Words of 1 to `longest` characters drawn from `letters`.
    fn words(&mut self, letters: &[char], count: usize, longest: usize) -> Vec<String> {
        (0..count)
            .map(|_| {
                let len = 1 + self.next(longest);
                (0..len)
                    .map(|_| letters[self.next(letters.len())])
                    .collect()
            })
            .collect()
    }
}

/// The words of a committed list (`tests/search/words-<code>.txt`), its
/// comment lines left out.
fn listed(code: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/search/words-{code}.txt"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Words to stem: every word of this repository's text, each with common
/// English endings added, every word the algorithm treats specially, and
/// pseudo-words from a fixed generator that stress the vowel rules.
fn english_words() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut words = std::collections::BTreeSet::new();
    for dir in ["content", "src", "themes", "tests/fixtures", "README.md"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
                if !word.is_empty() && word.len() < 30 {
                    words.insert(word.to_ascii_lowercase());
                }
            }
        }
    }
    let bases: Vec<String> = words.iter().take(4000).cloned().collect();
    const ENDINGS: &[&str] = &[
        "s", "es", "ies", "ied", "sses", "ed", "edly", "eed", "eedly", "ing", "ingly", "ly", "y",
        "er", "est", "ness", "ful", "fulness", "less", "lessli", "ment", "ement", "ation",
        "ational", "tional", "ization", "izer", "ize", "alize", "ity", "iviti", "biliti", "aliti",
        "ive", "ative", "iveness", "able", "ible", "abli", "bli", "ogi", "li", "alli", "entli",
        "ousli", "ousness", "fulli", "ance", "ence", "anci", "enci", "al", "alism", "ous", "ism",
        "ic", "ical", "icate", "iciti", "ion", "ant", "ent", "ate", "ator", "iti", "e", "l", "ll",
    ];
    for base in &bases {
        for ending in ENDINGS {
            words.insert(format!("{base}{ending}"));
        }
    }
    for special in [
        "skis",
        "skies",
        "dying",
        "lying",
        "tying",
        "idly",
        "gently",
        "ugly",
        "early",
        "only",
        "singly",
        "sky",
        "news",
        "howe",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "inning",
        "innings",
        "outing",
        "outings",
        "canning",
        "cannings",
        "herring",
        "herrings",
        "earring",
        "earrings",
        "proceed",
        "proceeds",
        "exceed",
        "exceeding",
        "succeed",
        "succeeded",
        "generate",
        "generously",
        "communism",
        "community",
        "arsenal",
        "arsenic",
        "yelled",
        "sayyid",
        "yyy",
        "ayy",
        "by",
        "ties",
        "cries",
        "gas",
        "gaps",
        "kiwis",
        "hoped",
        "hopping",
        "fizzed",
        "bleed",
        "feed",
        "agreed",
        "luxuriated",
        "a",
        "ab",
        "aed",
        "ied",
        "ies",
        "sss",
        "yes",
        "eyes",
    ] {
        words.insert(special.to_string());
    }
    let mut seed = 0x2545_f491_u64;
    for _ in 0..30_000 {
        let mut word = String::new();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = 1 + (seed >> 59) as usize % 12;
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            const LETTERS: &[u8] = b"aeiouyyyeeaaiioossttllnnrrddggbbccmmppffkwxzhvjq";
            word.push(LETTERS[(seed >> 33) as usize % LETTERS.len()] as char);
        }
        words.insert(word);
    }
    words.into_iter().collect()
}

#[test]
fn browser_and_rust_stem_english_alike() {
    let words = english_words();
    assert!(words.len() > 100_000, "{} words", words.len());
    assert_stems_alike(Stemming::English, "en", &words);
}

/// French words: the committed list (real French text), each with the
/// endings the algorithm removes (nouns, adjectives, adverbs, the verb
/// conjugations), words its prelude treats specially, words just outside
/// the letters it takes, and pseudo-words of French letters.
fn french_words() -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    let listed = listed("fr");
    assert!(listed.len() > 3000, "{} listed", listed.len());
    const ENDINGS: &[&str] = &[
        "s",
        "x",
        "e",
        "es",
        "ë",
        "é",
        "ée",
        "ées",
        "és",
        "er",
        "ez",
        "ier",
        "ière",
        "ion",
        "ions",
        "iez",
        "ance",
        "ances",
        "ique",
        "iques",
        "isme",
        "ismes",
        "able",
        "ables",
        "iste",
        "istes",
        "eux",
        "euse",
        "euses",
        "atrice",
        "ateur",
        "ation",
        "ations",
        "logie",
        "usion",
        "ution",
        "ence",
        "ences",
        "ement",
        "ements",
        "ité",
        "ités",
        "if",
        "ive",
        "ifs",
        "ives",
        "eaux",
        "aux",
        "issement",
        "issements",
        "amment",
        "emment",
        "ment",
        "ments",
        "abilité",
        "icité",
        "ivité",
        "ativement",
        "îmes",
        "ît",
        "îtes",
        "i",
        "ie",
        "ies",
        "ir",
        "ira",
        "irai",
        "iraient",
        "irais",
        "irait",
        "iras",
        "irent",
        "irez",
        "iriez",
        "irions",
        "irons",
        "iront",
        "is",
        "issaient",
        "issais",
        "issait",
        "issant",
        "issante",
        "issantes",
        "issants",
        "isse",
        "issent",
        "isses",
        "issez",
        "issiez",
        "issions",
        "issons",
        "it",
        "èrent",
        "era",
        "erai",
        "eraient",
        "erais",
        "erait",
        "eras",
        "erez",
        "eriez",
        "erions",
        "erons",
        "eront",
        "âmes",
        "ât",
        "âtes",
        "a",
        "ai",
        "aient",
        "ais",
        "ait",
        "ant",
        "ante",
        "antes",
        "ants",
        "as",
        "asse",
        "assent",
        "asses",
        "assiez",
        "assions",
        "enne",
        "onne",
        "ette",
        "elle",
        "eille",
        "ième",
        "qu",
        "gu",
        "ç",
        "uy",
        "yeux",
    ];
    for (i, base) in listed.iter().enumerate() {
        words.insert(base.clone());
        // a stem from every fourth word: endings on bare stems and on words
        if i % 4 == 0 {
            let stem: String = base
                .chars()
                .take(base.chars().count().clamp(2, 6))
                .collect();
            for ending in ENDINGS {
                words.insert(format!("{stem}{ending}"));
                words.insert(format!("{base}{ending}"));
            }
        }
    }
    for special in [
        "qui", "quand", "aqua", "guérir", "ayant", "yeux", "payer", "joyeux", "croyons", "naïf",
        "noël", "haïr", "colère", "partir", "tapis", "parler", "colonne", "ç", "œuf", "cœur",
        "œil", "crème", "dîner", "où", "ü", "ÿ", "y", "u", "i", "a",
    ] {
        words.insert(special.to_string());
    }
    let letters: Vec<char> = "aaeeeiioouuyssttrrnnllmmddcpvgfbqhàâæçéèêëîïôœùûüÿ"
        .chars()
        .collect();
    for word in Lcg(0x005e_edf2).words(&letters, 30_000, 12) {
        words.insert(word);
    }
    // outside the letters the stemmer takes: kept as they are on both sides
    for kept in ["2fa", "ñandú", "straße", "ça2", "Été", "naïve-"] {
        words.insert(kept.to_string());
    }
    words.into_iter().collect()
}

#[test]
fn browser_and_rust_stem_french_alike() {
    let words = french_words();
    assert!(words.len() > 100_000, "{} words", words.len());
    assert_stems_alike(Stemming::French, "fr", &words);
}

/// Arabic words: the committed list (real Arabic text), each with the
/// prefixes and suffixes the algorithm removes, written with the marks,
/// the tatweel, presentation forms and Arabic-Indic digits it normalises,
/// and pseudo-words of Arabic letters.
fn arabic_words() -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    let listed = listed("ar");
    assert!(listed.len() > 500, "{} listed", listed.len());
    const PREFIXES: &[&str] = &[
        "ال", "وال", "بال", "كال", "فال", "لل", "و", "ف", "ب", "ك", "ل", "س", "ي", "ت", "ن", "أ",
        "است", "سي", "ست", "سن", "سا", "أأ", "أآ", "أؤ", "أا", "أإ", "فال", "كما",
    ];
    const SUFFIXES: &[&str] = &[
        "ة", "ه", "ات", "ان", "ين", "ون", "ي", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا",
        "تم", "وا", "ية", "ك", "تما", "تن", "ني", "يات", "تين", "تان", "ت", "ا", "ن", "تمو", "ى",
        "اً", "ًا", "ٌ", "ُ",
    ];
    for (i, base) in listed.iter().enumerate() {
        words.insert(base.clone());
        for prefix in PREFIXES {
            words.insert(format!("{prefix}{base}"));
        }
        for suffix in SUFFIXES {
            words.insert(format!("{base}{suffix}"));
        }
        // prefix and suffix together, a spread of the pairs
        for (j, prefix) in PREFIXES.iter().enumerate() {
            let suffix = SUFFIXES[(i * 7 + j * 3) % SUFFIXES.len()];
            words.insert(format!("{prefix}{base}{suffix}"));
        }
        // the marks (fatha, kasra, shadda…) and the tatweel between letters
        let marked: String = base
            .chars()
            .enumerate()
            .flat_map(|(k, c)| {
                [
                    c,
                    ['\u{064E}', '\u{0650}', '\u{0651}', '\u{0640}'][(i + k) % 4],
                ]
            })
            .collect();
        words.insert(marked);
    }
    // presentation forms and digits, which the stemmer turns into letters and 0-9
    for presented in [
        "ﺍﻟﻤﺒﺎﻟﻎ",
        "ﻣﺒﺎﻟﻎ",
        "ﺍﻟﻔﻮﺍﺗﻴﺮ",
        "ﻻ",
        "ﷲ",
        "٣٠",
        "۱۲۳",
        "٠١٢٣٤٥٦٧٨٩",
    ] {
        words.insert(presented.to_string());
    }
    let letters: Vec<char> = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيييووااللممننتت\u{064B}\u{064E}\u{0650}\u{0651}\u{0652}\u{0640}٠٣"
        .chars()
        .collect();
    for word in Lcg(0x00a2_ab1c).words(&letters, 30_000, 10) {
        words.insert(word);
    }
    // outside the letters the stemmer takes: kept as they are on both sides
    for kept in ["مبالغ2", "refunds", "المبالغx", "請求"] {
        words.insert(kept.to_string());
    }
    words.into_iter().collect()
}

#[test]
fn browser_and_rust_stem_arabic_alike() {
    let words = arabic_words();
    assert!(words.len() > 50_000, "{} words", words.len());
    assert_stems_alike(Stemming::Arabic, "ar", &words);
}

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
        "ㄅㄆㄇ 注音",
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
