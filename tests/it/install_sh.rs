//! `install.sh` against a fake release served on 127.0.0.1 by
//! `python3 -m http.server`: the happy path, a checksum mismatch, and the
//! places that must agree with Cargo.toml (repository, pinned version).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FAKE_VERSION: &str = "9.8.7";
const UNIX_TARGETS: [&str; 4] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
];

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh")
}

/// The HTTP server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("python3")
        .args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"])
        .arg(dir)
        .arg(port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 is needed for the install.sh test");
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the test HTTP server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// A release folder laid out like GitHub's: `download/vX.Y.Z/<archive>` and
/// `latest/download/<archive>`, each archive with its `.sha256`, the binary
/// a script that prints its version.
fn fake_release(root: &Path, corrupt: bool) {
    let stage = root.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    let binary = stage.join("townhall");
    std::fs::write(
        &binary,
        format!("#!/bin/sh\necho \"townhall {FAKE_VERSION}\"\n"),
    )
    .unwrap();
    for folder in [
        format!("download/v{FAKE_VERSION}"),
        "latest/download".into(),
    ] {
        let out = root.join("site").join(folder);
        std::fs::create_dir_all(&out).unwrap();
        for target in UNIX_TARGETS {
            let archive = out.join(format!("townhall-{target}.tar.gz"));
            let status = Command::new("tar")
                .arg("-czf")
                .arg(&archive)
                .arg("-C")
                .arg(&stage)
                .arg("townhall")
                .status()
                .unwrap();
            assert!(status.success());
            let name = archive.file_name().unwrap().to_string_lossy().to_string();
            let mut sum = sha256(&archive);
            if corrupt {
                sum = sum.replace(&sum[..1], if &sum[..1] == "0" { "1" } else { "0" });
            }
            std::fs::write(
                out.join(format!("{name}.sha256")),
                format!("{sum}  {name}\n"),
            )
            .unwrap();
        }
    }
}

fn install(server: &Server, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg(script())
        .args(args)
        .env("TOWNHALL_DOWNLOAD_URL", &server.url)
        .env_remove("TOWNHALL_VERSION")
        .env_remove("TOWNHALL_INSTALL_DIR")
        .output()
        .unwrap()
}

#[test]
fn install_sh_installs_a_pinned_or_latest_release_after_checking_its_sum() {
    let root = tempfile::tempdir().unwrap();
    fake_release(root.path(), false);
    let server = serve(&root.path().join("site"));

    let bin = root.path().join("pinned/bin");
    let out = install(
        &server,
        &["--version", FAKE_VERSION, "--dir", bin.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("download/v{FAKE_VERSION}/townhall-")),
        "{stderr}"
    );
    let run = Command::new(bin.join("townhall"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        format!("townhall {FAKE_VERSION}")
    );

    // No version: the latest release; the folder comes from the environment.
    let latest = root.path().join("latest-bin");
    let out = Command::new("sh")
        .arg(script())
        .env("TOWNHALL_DOWNLOAD_URL", &server.url)
        .env("TOWNHALL_INSTALL_DIR", &latest)
        .env_remove("TOWNHALL_VERSION")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("/latest/download/townhall-"), "{stderr}");
    assert!(latest.join("townhall").is_file());
}

#[test]
fn install_sh_refuses_an_archive_whose_checksum_does_not_match() {
    let root = tempfile::tempdir().unwrap();
    fake_release(root.path(), true);
    let server = serve(&root.path().join("site"));
    let bin = root.path().join("bin");
    let out = install(
        &server,
        &["--version", FAKE_VERSION, "--dir", bin.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("checksum mismatch"), "{stderr}");
    assert!(!bin.join("townhall").exists());
}

#[test]
fn install_sh_explains_a_missing_release_and_bad_options() {
    let root = tempfile::tempdir().unwrap();
    fake_release(root.path(), false);
    let server = serve(&root.path().join("site"));
    let bin = root.path().join("bin");
    let dir = bin.to_str().unwrap();
    let out = install(&server, &["--version", "1.2.3", "--dir", dir]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("could not download"), "{stderr}");
    let out = install(&server, &["--version", "latest-please", "--dir", dir]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not X.Y.Z"));
    let out = install(&server, &["--frobnicate"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option --frobnicate"));
    assert!(!bin.exists());
}

/// The repository is written down once, in Cargo.toml; the two files that
/// cannot read it at run time carry copies that must agree with it.
#[test]
fn install_sh_and_action_yml_agree_with_cargo_toml() {
    let repository = env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .unwrap();
    let install = std::fs::read_to_string(script()).unwrap();
    assert!(
        install.contains(&format!("${{TOWNHALL_REPOSITORY:-{repository}}}")),
        "install.sh's default repository is not {repository}"
    );
    let action =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let pinned = action
        .lines()
        .find_map(|l| l.trim().strip_prefix("pinned="))
        .unwrap();
    assert_eq!(
        pinned,
        env!("CARGO_PKG_VERSION"),
        "action.yml's pinned version"
    );
}
