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
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

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

/// The newest PostgreSQL's binaries installed by Debian's package.
fn binaries() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).unwrap_or_else(|| {
        panic!("no PostgreSQL under /usr/lib/postgresql/*/bin: install Debian's postgresql (scripts/setup-test does)")
    })
}

fn as_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// A throwaway PostgreSQL cluster on 127.0.0.1.
pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
    watchdog: Option<Child>,
}

impl Postgres {
    /// Makes and starts a cluster (about two seconds).
    pub fn start() -> Postgres {
        static N: AtomicUsize = AtomicUsize::new(0);
        let bin = binaries();
        let dir = std::env::temp_dir().join(format!(
            "speaksafe-pg-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if as_root() {
            let chown = Command::new("chown").arg("postgres:postgres").arg(&dir).status().expect("chown");
            assert!(chown.success(), "cannot give {} to the postgres user", dir.display());
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut cluster = Postgres { dir, bin, port, watchdog: None };
        cluster.watchdog = Some(cluster.watch());
        let data = cluster.data();
        cluster.run("initdb", &["-D", &data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
        cluster.pg_ctl_start();
        cluster
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// Runs one of PostgreSQL's programs, as the postgres user when we are root.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let output = self.command(program).args(args).stdin(Stdio::null()).output().expect(program);
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c shared_buffers=64MB -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").display().to_string();
        self.run("pg_ctl", &["-D", &self.data(), "-o", &options, "-l", &log, "-w", "-t", "30", "start"]);
    }

    /// Stops the server at once (`immediate`: as a crash would), then starts it again.
    pub fn restart(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
        self.pg_ctl_start();
    }

    /// A process that stops the cluster and removes its folder once this test process has ended,
    /// however it ended.
    fn watch(&self) -> Child {
        let stop = format!(
            "{} -D {} -m immediate -w stop",
            self.bin.join("pg_ctl").display(),
            self.dir.join("data").display()
        );
        let stop = if as_root() { format!("runuser -u postgres -- {stop}") } else { stop };
        let script = format!(
            "while kill -0 {} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {}",
            std::process::id(),
            self.dir.display()
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the cluster's watchdog")
    }

    /// The URL of the cluster's `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A new empty schema, and the URL of a connection that works in it (its search path).
    pub fn fresh(&self, name: &str) -> String {
        static N: AtomicUsize = AtomicUsize::new(0);
        let schema = format!(
            "{}_{}",
            name.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                .collect::<String>(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.sql_in(&self.url(), &format!("CREATE SCHEMA {schema}"));
        format!("{}?options=-c%20search_path%3D{schema}", self.url())
    }

    /// Runs SQL through psql against `url`; each row of the answer, its fields split on tabs.
    pub fn sql_in(&self, url: &str, sql: &str) -> Vec<Vec<String>> {
        let output = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
            .stdin(Stdio::null())
            .output()
            .expect("psql");
        assert!(output.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| line.split('\t').map(str::to_string).collect())
            .collect()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
    }
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
