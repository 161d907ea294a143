//! A workaround for tiny_http 0.12's connection pool. Each accepted
//! connection is a task for a pool of threads whose count of idle threads
//! is racy: when several connections arrive at once (a browser loading a
//! page), one task can be queued although no thread will take it, and it
//! then waits until some thread finishes its current connection. With
//! event streams (and browsers' idle keep-alive or pre-opened connections)
//! holding threads, that can be forever: a page waiting for its last script.
//!
//! Any connection that finishes frees a thread that then takes the queued
//! task. So, for a few seconds after any request, this opens a tiny request
//! to the server itself every 100 ms; its task is short, and the thread that
//! ran it takes whatever was left queued. Responses also close their
//! connection (see `http::send`), so ordinary tasks never linger.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const KICK_URL: &str = "/__townhall/kick";
const EVERY: Duration = Duration::from_millis(100);
/// How long after the last request the pool is kept moving.
const WINDOW: Duration = Duration::from_secs(3);

/// When the last real request arrived.
pub struct Activity {
    start: Instant,
    last_ms: AtomicU64,
}

impl Default for Activity {
    fn default() -> Self {
        Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
        }
    }
}

impl Activity {
    pub fn touch(&self) {
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(now, Ordering::Relaxed);
    }

    fn recent(&self) -> bool {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last) < WINDOW
    }
}

/// Starts the kicking thread for a server listening on `addr`.
pub fn start(addr: SocketAddr, activity: Arc<Activity>) {
    // A server on every address is reached on loopback.
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let target = SocketAddr::new(ip, addr.port());
    let spawned = std::thread::Builder::new()
        .name("townhall-kick".into())
        .spawn(move || loop {
            std::thread::sleep(EVERY);
            if activity.recent() {
                kick(target);
            }
        });
    if let Err(e) = spawned {
        eprintln!("warning: cannot start a server thread ({e}); pages may load slowly");
    }
}

fn kick(target: SocketAddr) {
    let Ok(mut stream) = TcpStream::connect_timeout(&target, Duration::from_secs(1)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let request = format!("GET {KICK_URL} HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_ok() {
        // Wait for the (empty) answer so the connection ends cleanly; a
        // queued kick is harmless and simply times out.
        let _ = stream.read_to_end(&mut Vec::new());
    }
}
