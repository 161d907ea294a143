//! The development server: build the site into a private folder, serve it on
//! 127.0.0.1 (confined to that folder), watch the sources, rebuild on every
//! save writing only the files that changed, and tell open pages to reload
//! or to show the build's errors. Nothing in the pipeline imports this.

mod http;
mod live;
mod path;
mod rebuild;
mod sync;
mod temp;
mod watch;

use crate::cache::Warm;
use crate::diag::Diagnostic;
use crate::resolve::BuildOptions;
use http::Shared;
use rebuild::{Rebuilder, Rendered};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, RwLock};
use sync::Mirror;
use temp::TempOutput;
use watch::Watch;

/// What the main loop is told.
pub(crate) enum Signal {
    /// Sources changed (absolute paths, already filtered).
    Changed(Vec<PathBuf>),
    /// A complete render finished on its thread.
    Rendered(Box<Rendered>),
    /// The watcher reported a problem; printed, then ignored.
    Failed(String),
    /// Ctrl+C (or SIGTERM).
    Stop,
}

/// Prints diagnostics for people; the command layer owns the terminal.
pub(crate) type Reporter<'a> = Box<dyn Fn(&[Diagnostic]) + 'a>;

pub(crate) struct Options<'a> {
    pub root: PathBuf,
    pub addr: SocketAddr,
    /// Where the served site is written; a temporary folder when `None`.
    pub output: Option<PathBuf>,
    /// `base_url` is set here from the bound address.
    pub build: BuildOptions,
    /// Prints diagnostics for people (the command layer owns the terminal).
    pub report: Reporter<'a>,
    /// Called once with the URL when the site is being served.
    pub on_ready: Box<dyn FnOnce(&str) + 'a>,
    /// What the persistent cache kept of earlier runs: the first build
    /// keeps the pages, parses and search analyses that are unchanged.
    pub warm: Option<Warm>,
    /// Saves what the first build made, once it is in the given folder.
    pub keep: Keeper<'a>,
    /// Where the temporary output folder is made when there is no
    /// `output`: beside the cache, so its pages can be linked into it.
    pub temp_in: Option<PathBuf>,
}

/// Saves the persistent cache after the first build (`Options::keep`).
pub(crate) type Keeper<'a> = Box<dyn FnOnce(Warm, &Path) + 'a>;

#[derive(Debug)]
pub(crate) enum ServeError {
    /// The address is taken: another server (or another `serve`) runs there.
    AddrInUse(String),
    /// Anything else about the environment (folder, watcher, socket).
    Env(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::AddrInUse(m) | ServeError::Env(m) => f.write_str(m),
        }
    }
}

/// Builds, then serves and rebuilds until Ctrl+C (or SIGTERM).
pub(crate) fn run(mut options: Options<'_>) -> Result<(), ServeError> {
    let listener = bind(options.addr)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Env(format!("cannot listen on {}: {e}", options.addr)))?;
    let url = format!("http://{addr}/");
    options.build.base_url = Some(url.clone());

    // The temporary folder lives until this function returns.
    let (_temp, out) = match &options.output {
        Some(dir) => {
            crate::write::check_output_dir(&options.root, dir)
                .map_err(|e| ServeError::Env(e.to_string()))?;
            (None, dir.clone())
        }
        None => {
            let temp = TempOutput::create(options.temp_in.as_deref()).map_err(ServeError::Env)?;
            let out = temp.site();
            (Some(temp), out)
        }
    };
    let mirror = Mirror::create(&out, Vec::new()).map_err(|e| ServeError::Env(e.to_string()))?;
    let canonical_out = out
        .canonicalize()
        .map_err(|e| ServeError::Env(format!("cannot open {}: {e}", out.display())))?;
    let root = options
        .root
        .canonicalize()
        .map_err(|e| ServeError::Env(format!("cannot open {}: {e}", options.root.display())))?;

    let shared = Arc::new(Shared {
        out: canonical_out,
        problems: RwLock::new(None),
        hub: live::Hub::default(),
    });
    let on_ready = std::mem::replace(&mut options.on_ready, Box::new(|_| {}));
    let (tx, rx) = mpsc::channel();
    let mut rebuilder = Rebuilder::new(
        root.clone(),
        options,
        Arc::clone(&shared),
        mirror,
        tx.clone(),
    );
    // Before the first build, which can take a while on a big site: the stop
    // is handled once it is done (so the temporary folder is removed); a
    // second Ctrl+C does not wait.
    let stop = tx.clone();
    let presses = std::sync::atomic::AtomicUsize::new(0);
    if let Err(e) = ctrlc::set_handler(move || {
        if presses.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 0 {
            std::process::exit(130);
        }
        let _ = stop.send(Signal::Stop);
    }) {
        eprintln!("warning: cannot handle Ctrl+C ({e}); the server stops when killed");
    }
    // Watching starts first, so a save during the first build is not missed.
    let mut watch = Watch::start(&root, tx).map_err(ServeError::Env)?;
    rebuilder.initial();

    let server = http::Server::start(listener, Arc::clone(&shared)).map_err(ServeError::Env)?;
    println!("watching {} for changes (Ctrl+C to stop)", root.display());
    println!("  output: {}", out.display());
    println!("serving {url}");
    on_ready(&url);

    serve(&rx, &mut watch, &mut rebuilder);
    server.stop();
    println!("stopped");
    Ok(())
}

/// Bound here, before the first build, to tell "in use" apart from other
/// failures and to fail fast.
fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::AddrInUse(format!(
            "{addr} is already in use: stop the other server or pick another port with --port (0 picks a free one)"
        )),
        _ => ServeError::Env(format!("cannot listen on {addr}: {e}")),
    })
}

/// The loop: wait for a signal, take every signal queued behind it (one
/// rebuild for a burst of saves), act, repeat until Stop.
fn serve(rx: &Receiver<Signal>, watch: &mut Watch, rebuilder: &mut Rebuilder<'_>) {
    while let Ok(signal) = rx.recv() {
        let mut changed = Vec::new();
        for signal in std::iter::once(signal).chain(rx.try_iter()) {
            match signal {
                Signal::Changed(paths) => changed.extend(paths),
                Signal::Rendered(done) => {
                    rebuilder.rendered(*done);
                }
                Signal::Failed(message) => eprintln!("warning: watching: {message}"),
                Signal::Stop => return,
            }
        }
        if changed.is_empty() {
            continue;
        }
        if let Err(message) = watch.refresh() {
            eprintln!("warning: {message}");
        }
        rebuilder.changed(&changed);
    }
}
