//! Builds fixture sites with the real binary and parses what comes out.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of a fixture site in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub today: String,
}

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Copies a folder; a symbolic link is copied as a link (fixtures hold
/// dangling links and links leaving the site on purpose).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.path_is_symlink() {
            let link = std::fs::read_link(entry.path()).unwrap();
            symlink(&link, &target);
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[cfg(unix)]
fn symlink(link: &Path, at: &Path) {
    if at.symlink_metadata().is_ok() {
        std::fs::remove_file(at).unwrap();
    }
    std::os::unix::fs::symlink(link, at).unwrap();
}

#[cfg(not(unix))]
fn symlink(link: &Path, at: &Path) {
    panic!(
        "{}: symbolic link fixtures need a unix system",
        at.display()
    );
}

/// Every file under `dir`, relative with `/` separators, sorted.
pub fn relative_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Every file under `dir`, relative, with its bytes, sorted: to show that
/// something left a folder untouched.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    relative_files(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// A fixture site built with no errors.
pub fn built(name: &str) -> Fixture {
    let f = Fixture::new(name);
    f.build(&[]).ok();
    f
}

/// Runs git in `dir` as `who` (name, e-mail) with every date at `date`, so
/// commits (and what a build reads from them) are the same on every run.
/// Returns stdout; a failing git fails the test.
pub fn git_as(dir: &Path, who: (&str, &str), date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", &format!("user.name={}", who.0)])
        .args(["-c", &format!("user.email={}", who.1)])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Fixture {
    pub fn new(name: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join(name), dir.path());
        Fixture {
            dir,
            today: "2026-11-25".into(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Outcome {
        run_in(self.root(), args)
    }

    pub fn build(&self, extra: &[&str]) -> Outcome {
        let mut args = vec!["build", "--today", &self.today, "--color", "never"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    pub fn page(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }

    /// Every file of the output, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        relative_files(&self.out())
    }

    /// The text of the site file `rel` (a source, not an output).
    pub fn file(&self, rel: &str) -> String {
        let path = self.root().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Replaces the first `from` in the site file `rel` with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.file(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(self.root().join(rel), text.replacen(from, to, 1)).unwrap();
    }

    /// Runs git in the site as the base author, on 2026-01-01.
    pub fn git(&self, args: &[&str]) -> String {
        git_as(
            self.root(),
            ("Base Author", "base@example.com"),
            "2026-01-01T12:00:00Z",
            args,
        )
    }

    /// A copy of the fixture `name` committed as the branch `main`.
    pub fn committed(name: &str) -> Fixture {
        let f = Fixture::new(name);
        f.git(&["init", "-q"]);
        f.git(&["add", "."]);
        f.git(&["commit", "-q", "-m", "base"]);
        f
    }

    /// On a new branch `change`, the files of `overlay` (a folder) copied
    /// over the site's and committed: a pull request against `main`.
    pub fn change(&self, overlay: &Path) {
        self.git(&["checkout", "-q", "-b", "change"]);
        copy_dir(overlay, self.root());
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "change"]);
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Outcome {
    run_with_env(dir, args, &[])
}

/// Runs townhall in `dir` with a clean environment (no CI variables, no
/// colour) plus `env`.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_townhall"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        // a check run inside GitHub Actions must not take the CI run's author
        .env_remove("GITHUB_ACTOR")
        .env_remove("GITHUB_EVENT_PATH")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub struct Page(pub Html);

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn one_attr(&self, css: &str, attr: &str) -> String {
        let all = self.attrs(css, attr);
        assert_eq!(all.len(), 1, "expected one {css}[{attr}], found {all:?}");
        all.into_iter().next().unwrap()
    }

    /// The page's JSON-LD blocks, parsed, in document order.
    pub fn json_ld(&self) -> Vec<serde_json::Value> {
        self.select("script[type='application/ld+json']")
            .iter()
            .map(|b| {
                serde_json::from_str(&b.inner_html())
                    .unwrap_or_else(|e| panic!("invalid JSON-LD: {e}\n{}", b.inner_html()))
            })
            .collect()
    }

    /// The `@type` of each JSON-LD block.
    pub fn json_ld_types(&self) -> Vec<String> {
        self.json_ld()
            .iter()
            .filter_map(|v| v["@type"].as_str().map(str::to_string))
            .collect()
    }
}
