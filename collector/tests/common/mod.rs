//! What the collector's test files share: a throwaway PostgreSQL cluster, temporary folders, the
//! built collector run as a process, and a plain HTTP/1.1 client for it.
//!
//! A cluster is Debian's `postgresql` (scripts/setup-test installs it), started from its binaries
//! in /usr/lib/postgresql/*/bin in a temporary folder on a free port of 127.0.0.1: `initdb`, then
//! `pg_ctl start`. PostgreSQL refuses to run as root, and CI runs as root, so as root both run as
//! the `postgres` user the package made (`runuser`), in a folder given to that user.
//!
//! One cluster serves a whole test file; each test takes a schema of its own ([`Postgres::fresh`])
//! so that tests running at once never see each other's rows. The cluster is stopped and its
//! folder removed when dropped, and also by a watchdog process should the test process end
//! without dropping it (a static is never dropped; a test may abort).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

mod postgres;
#[allow(unused_imports)]
pub use postgres::Postgres;

/// The two stores a test can run on.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A collector's database on `backend`: the SQLite file at `sqlite`, or a fresh schema named after
/// `name` in the shared cluster (kept running while the cluster handle is held). Its `--db`.
pub fn database(backend: Backend, sqlite: &Path, name: &str) -> (String, Option<std::sync::Arc<Postgres>>) {
    match backend {
        Backend::Sqlite => (sqlite.display().to_string(), None),
        Backend::Postgres => {
            let cluster = shared_cluster();
            (cluster.fresh(name), Some(cluster))
        }
    }
}

/// Runs each test function named (taking a [`Backend`]) once on each store, as `sqlite::NAME`
/// and `postgres::NAME`. The file says `#[macro_use] mod common;` and `use common::Backend;`.
#[allow(unused_macros)]
macro_rules! on_both_stores {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $test() {
                    super::$test(super::Backend::Sqlite)
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $test() {
                    super::$test(super::Backend::Postgres)
                }
            )*
        }
    };
}

/// A folder removed when dropped.
pub struct Temp(pub PathBuf);

impl Temp {
    pub fn new(name: &str) -> Temp {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "speaksafe-test-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Temp(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The PostgreSQL cluster of the tests running now in this test binary: started by the first,
/// stopped when the last lets go of it (each test takes a schema of its own, [`Postgres::fresh`]).
pub fn shared_cluster() -> std::sync::Arc<Postgres> {
    use std::sync::{Arc, Mutex, Weak};
    static SHARED: Mutex<Weak<Postgres>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(cluster) = shared.upgrade() {
        return cluster;
    }
    let cluster = Arc::new(Postgres::start());
    *shared = Arc::downgrade(&cluster);
    cluster
}

/// Waits until `ready` says yes, for at most `limit`.
pub fn wait_for(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    ready()
}

/// A running `speaksafe serve` (the built binary), killed if the test ends early.
pub struct Server {
    pub child: Child,
    pub address: SocketAddr,
    pub stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `speaksafe` with these arguments (`serve …`) listening on a free port of 127.0.0.1,
    /// and waits until it says where.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_speaksafe"))
            .args(args)
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start speaksafe serve");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let address =
            line.split("://").nth(1).and_then(|rest| rest.trim().trim_end_matches('/').parse().ok()).unwrap_or_else(
                || {
                    let _ = child.kill();
                    panic!("speaksafe serve did not say where it listens: {line:?}")
                },
            );
        Server { child, address, stdout }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A keep-alive HTTP/1.1 connection that posts submissions.
pub struct Connection1(BufReader<TcpStream>);

/// Where the Youth Voice survey's responses are posted.
pub const RESPONSES: &str = "/api/v1/surveys/youth-voice/responses";

impl Connection1 {
    pub fn open(address: SocketAddr) -> std::io::Result<Self> {
        let stream = TcpStream::connect(address)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        stream.set_nodelay(true)?;
        Ok(Connection1(BufReader::new(stream)))
    }

    /// Posts one submission to the Youth Voice survey; the status code.
    pub fn post(&mut self, id: &str, envelope: &str) -> std::io::Result<u16> {
        self.post_to(RESPONSES, id, envelope)
    }

    /// Posts one submission to `path`; the status code.
    pub fn post_to(&mut self, path: &str, id: &str, envelope: &str) -> std::io::Result<u16> {
        let body = format!(r#"{{"submission_id":"{id}","envelope":"{envelope}"}}"#);
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.0.get_mut().write_all(request.as_bytes())?;
        let mut status = String::new();
        if self.0.read_line(&mut status)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let code = status.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or(std::io::ErrorKind::InvalidData)?;
        let mut length = 0;
        loop {
            let mut line = String::new();
            if self.0.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().map_err(|_| std::io::ErrorKind::InvalidData)?;
                }
            }
        }
        let mut answer = vec![0; length];
        self.0.read_exact(&mut answer)?;
        Ok(code)
    }
}
