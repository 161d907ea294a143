//! Hostile input, crash safety and determinism: townhall never panics,
//! never hangs, never leaves a partial output, and builds the same bytes.

use crate::harness::{copy_dir, snapshot, Fixture};
use std::path::Path;
use std::time::{Duration, Instant};

/// Exit code of a Rust panic.
const PANIC: i32 = 101;

fn spec_examples(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/specs")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the spec suites live in tests/fixtures/specs)",
            path.display()
        )
    });
    let examples: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    examples
        .iter()
        .map(|e| e["markdown"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_commonmark_and_gfm_spec_example_renders_as_a_guide() {
    let f = Fixture::new("guides");
    let mut count = 0;
    for (suite, file) in [
        ("cm", "commonmark/spec.json"),
        ("gfm", "gfm/spec.json"),
        ("ext", "gfm/extensions.json"),
    ] {
        for (i, markdown) in spec_examples(file).into_iter().enumerate() {
            // Links in spec examples point nowhere; the body is what is tested, not the site's links.
            let body = markdown
                .replace("](", "](https://example.invalid/")
                .replace("]: ", "]: https://example.invalid/");
            f.write(
                &format!("content/guides/spec-{suite}/e{i:04}.md"),
                &format!("---\ntitle: Example {i}\n---\n{body}"),
            );
            count += 1;
        }
    }
    assert!(count > 900, "{count} examples");
    let out = f.build(&[]);
    assert_ne!(out.code, PANIC, "{}", out.stderr);
    // any error must be a diagnostic about an anchor or link, never a crash
    for line in out.stderr.lines().filter(|l| l.starts_with("error[")) {
        assert!(
            line.starts_with("error[TH0203]")
                || line.starts_with("error[TH0204]")
                || line.starts_with("error[TH0205]"),
            "{line}"
        );
    }
}

#[test]
fn hostile_front_matter_and_encodings_never_panic_or_hang() {
    let laughs = {
        let mut y = String::from("---\ntitle: lol\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = "a".to_string();
        for i in 0..9 {
            y.push_str(&format!("b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = format!("b{i}");
        }
        y + "---\nbody\n"
    };
    let deep = format!(
        "---\ntitle: deep\nextra: {}{}\n---\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("billion laughs", laughs.into_bytes()),
        ("deep nesting", deep.into_bytes()),
        ("empty file", Vec::new()),
        ("front matter only", b"---\ntitle: Only\n---".to_vec()),
        ("no terminator", b"---\ntitle: x\n".to_vec()),
        ("duplicate keys", b"---\ntitle: a\ntitle: b\n---\n".to_vec()),
        ("nul bytes", b"---\ntitle: nul\n---\nA\0B\0\n".to_vec()),
        ("lone cr", b"---\rtitle: cr\r---\rbody\r".to_vec()),
        ("invalid utf-8", b"---\ntitle: x\n---\n\xff\xfe\n".to_vec()),
        ("wrong types", b"---\ntitle: {a: 1}\ntags: 7\nweight: [1]\ndraft: maybe\nupdated: 99\naliases: {x: y}\nauthors: true\n---\n".to_vec()),
        ("rtl and zero width", "---\ntitle: \"\u{202e}evil\u{200b}title 🎉\"\n---\nמה שלומך\n".as_bytes().to_vec()),
        ("one megabyte line", format!("---\ntitle: long\n---\n{}\n", "word ".repeat(210_000)).into_bytes()),
        ("ten megabytes", format!("---\ntitle: big\n---\n{}", "A paragraph of text.\n\n".repeat(500_000)).into_bytes()),
        ("10000 links", format!("---\ntitle: links\n---\n## Links\n\n{}", "[x](#links) ".repeat(10_000)).into_bytes()),
        ("10000 broken links", format!("---\ntitle: links\n---\n{}", "[x](#nowhere) ".repeat(10_000)).into_bytes()),
    ];
    for (name, bytes) in cases {
        let f = Fixture::new("guides");
        let path = f.root().join("content/guides/billing/hostile.md");
        std::fs::write(&path, &bytes).unwrap();
        let start = Instant::now();
        let out = f.build(&[]);
        assert_ne!(out.code, PANIC, "{name}: panicked\n{}", out.stderr);
        assert!(
            out.code == 0 || out.code == 1,
            "{name}: exit {}\n{}",
            out.code,
            out.stderr
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{name}: too slow"
        );
        if out.code == 1 {
            assert!(
                out.stderr.contains("content/guides/billing/hostile.md"),
                "{name}: the diagnostic names the file\n{}",
                out.stderr
            );
            assert!(!f.out().exists(), "{name}: nothing written on error");
        }
    }
}

#[test]
fn unicode_variants_of_one_slug_collide_instead_of_overwriting() {
    let f = Fixture::new("guides");
    f.write(
        "content/guides/billing/caf\u{e9}.md",
        "---\ntitle: One\n---\nx\n",
    );
    f.write(
        "content/guides/billing/cafe\u{301}.md",
        "---\ntitle: Two\n---\nx\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("error[TH0202]"), "{}", out.stderr);
}

#[test]
fn deep_sections_and_odd_names_build() {
    let f = Fixture::new("guides");
    let deep: Vec<String> = (0..20).map(|i| format!("level {i}")).collect();
    f.write(
        &format!("content/guides/{}/deep guide #1 ?%.md", deep.join("/")),
        "---\ntitle: Deep\n---\nx\n",
    );
    let out = f.build(&[]);
    out.ok();
    let url = format!(
        "guides/{}/deep-guide-1/index.html",
        (0..20)
            .map(|i| format!("level-{i}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    assert!(f.exists(&url), "{url}");
}

#[cfg(unix)]
#[test]
fn symlinks_inside_are_followed_loops_and_unreadable_files_are_errors() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let f = Fixture::new("guides");
    symlink(
        f.root().join("content/guides/accounts/two-factor.md"),
        f.root().join("content/guides/billing/two-factor-link.md"),
    )
    .unwrap();
    f.build(&[]).ok();
    assert!(f.exists("guides/billing/two-factor-link/index.html"));
    symlink(
        f.root().join("content/guides"),
        f.root().join("content/guides/billing/loop"),
    )
    .unwrap();
    let out = f.build(&[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("symbolic link loop"), "{}", out.stderr);
    std::fs::remove_file(f.root().join("content/guides/billing/loop")).unwrap();
    let secret = f.root().join("content/guides/billing/secret.md");
    std::fs::write(&secret, "---\ntitle: S\n---\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_err() {
        // (root can read anything; the check only means something for other users)
        let out = f.build(&[]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("error[TH0003]"), "{}", out.stderr);
    }
}

#[test]
fn output_is_identical_with_one_thread_and_with_many_and_in_another_folder() {
    let f = Fixture::new("search");
    f.build(&[]).ok();
    let many = snapshot(&f.out());
    crate::harness::run_with_env(
        f.root(),
        &["build", "--today", "2026-11-25"],
        &[("RAYON_NUM_THREADS", "1")],
    )
    .ok();
    assert_eq!(many, snapshot(&f.out()), "one thread vs many");
    // the same files created in the opposite order, in another folder
    let other = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = walkdir::WalkDir::new(f.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(f.out()))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.reverse();
    for file in files {
        let target = other.path().join(file.strip_prefix(f.root()).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    let out = crate::harness::run_in(other.path(), &["build", "--today", "2026-11-25"]);
    out.ok();
    assert_eq!(
        many,
        snapshot(&other.path().join("public")),
        "another folder, another creation order"
    );
}

#[cfg(unix)]
#[test]
fn killing_builds_never_damages_the_previous_output() {
    let f = Fixture::new("guides");
    // enough pages that a build takes a while
    for i in 0..400 {
        f.write(&format!("content/guides/bulk/g{i:03}.md"), &format!("---\ntitle: Bulk {i}\n---\nText {i}.\n\n```rust\nfn f{i}() {{}}\n```\n\n## Part\n\nMore.\n"));
    }
    f.write("content/guides/bulk/_index.md", "---\ntitle: Bulk\n---\n");
    let start = Instant::now();
    f.build(&[]).ok();
    let full = start.elapsed();
    let good = snapshot(&f.out());
    for attempt in 0..20u32 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_townhall"))
            .args(["build", "--quiet", "--today", "2026-11-25"])
            .current_dir(f.root())
            .spawn()
            .unwrap();
        // spread the kills over the whole build
        std::thread::sleep(full.mul_f64(f64::from(attempt) / 20.0));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            good,
            snapshot(&f.out()),
            "kill {attempt} damaged the output"
        );
    }
    // the next build cleans what the killed ones left beside the output
    f.build(&[]).ok();
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("townhall-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = copy_dir;
}

/// Every file under `dir`, relative, skipping `skip` (the output folder).
fn files_outside(dir: &Path, skip: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.path() != skip)
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

#[cfg(unix)]
#[test]
fn a_build_never_writes_outside_its_output() {
    // arena/site is the site, arena/secret.txt sits beside it; every build
    // writes to arena/out. Afterwards nothing but arena/out may have changed.
    let arena = tempfile::tempdir().unwrap();
    let site = arena.path().join("site");
    copy_dir(&crate::harness::fixtures().join("guides"), &site);
    std::fs::write(arena.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(
        arena.path().join("secret.txt"),
        site.join("static/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(arena.path(), site.join("static/up")).unwrap();
    let out = arena.path().join("out");
    let before = files_outside(arena.path(), &out);
    let guide = site.join("content/guides/billing/escape.md");
    let hostile = [
        "aliases: [\"../../escape/\"]",
        "aliases: [\"/../../escape/\"]",
        "aliases: [\"/%2e%2e/%2e%2e/escape/\"]",
        "aliases: [\"//evil.test/x\"]",
        "aliases: [\"/a/..\\\\..\\\\escape\"]",
        "aliases: [\"/etc/passwd\"]",
        "aliases: [\"C:/Windows/x\"]",
    ];
    let bodies = [
        "![x](../../../../secret.txt)",
        "[x](../../../../../etc/passwd)",
        "![x](/../../secret.txt)",
    ];
    let cases = hostile
        .iter()
        .map(|fm| format!("---\ntitle: Escape\n{fm}\n---\nText.\n"))
        .chain(
            bodies
                .iter()
                .map(|b| format!("---\ntitle: Escape\n---\n{b}\n")),
        );
    for text in cases {
        std::fs::write(&guide, &text).unwrap();
        let result = crate::harness::run_in(
            &site,
            &[
                "build",
                "--today",
                "2026-11-25",
                "--output",
                out.to_str().unwrap(),
            ],
        );
        assert_ne!(result.code, PANIC, "{text}\n{}", result.stderr);
        if result.code == 0 {
            // what was accepted was written inside the output only
            for file in walkdir::WalkDir::new(&out)
                .into_iter()
                .filter_map(Result::ok)
            {
                assert!(
                    file.path()
                        .canonicalize()
                        .unwrap()
                        .starts_with(out.canonicalize().unwrap()),
                    "{text}: {} leaves the output",
                    file.path().display()
                );
            }
        } else {
            assert!(
                result.stderr.contains("content/guides/billing/escape.md")
                    || result.stderr.contains("static/"),
                "{text}: the error names the file\n{}",
                result.stderr
            );
        }
        let mut now = files_outside(arena.path(), &out);
        now.retain(|f| f != "site/content/guides/billing/escape.md");
        assert_eq!(
            before, now,
            "{text}: a file appeared or vanished outside the output"
        );
        assert!(!out.join("..").join("escape").exists());
    }
    // The symlinks out of static/ are refused, never copied.
    assert!(!out.join("leak.txt").exists());
    assert_eq!(
        std::fs::read_to_string(arena.path().join("secret.txt")).unwrap(),
        "secret"
    );
}

#[test]
fn self_references_are_pages_or_errors_never_hangs() {
    // A guide linking to itself (file and anchor) is a fine page.
    let f = Fixture::new("guides");
    f.write(
        "content/guides/billing/me.md",
        "---\ntitle: Me\n---\n## Part\n\nSee [me](me.md), [my part](me.md#part) and [here](#part).\n",
    );
    f.build(&[]).ok();
    let page = f.page("guides/billing/me/index.html");
    let hrefs = page.attrs(".prose p a", "href");
    assert_eq!(
        hrefs,
        ["/guides/billing/me/", "/guides/billing/me/#part", "#part"],
        "{hrefs:?}"
    );
    // A question or an idea that is a duplicate of itself is a cycle error.
    let f = Fixture::new("qa");
    f.write(
        "content/questions/myself/index.md",
        "---\ntitle: Myself\nasked: 2026-01-01\nasked_by: a\nduplicate_of: myself\n---\nQ\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("error[TH0504]"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/questions/myself/index.md:5:15"),
        "{}",
        out.stderr
    );
    let f = Fixture::new("ideas");
    f.write(
        "ideas/myself.md",
        "---\ntitle: Myself\nsubmitted: 2026-11-01\nauthor: ann\nstatus: duplicate\nowner: olga\nduplicate_of: myself\n---\nX\n",
    );
    let out = f.build(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("ideas/myself.md"), "{}", out.stderr);
}
