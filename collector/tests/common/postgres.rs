//! A throwaway PostgreSQL cluster on 127.0.0.1, from Debian's `postgresql` binaries
//! (/usr/lib/postgresql/*/bin): `initdb` in a temporary folder, `pg_ctl start` on a free port,
//! stopped and removed when dropped. PostgreSQL refuses to run as root, and CI runs as root, so
//! as root its programs run as the `postgres` user the package made (`runuser`), in a folder given
//! to that user. A watchdog process stops the cluster should this process end without dropping it.
//!
//! Used by the collector's tests (`common`) and by bench/collector (`#[path]`), so it needs
//! nothing but the standard library.

#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

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

    /// The same database through the cluster's Unix socket (its folder, percent-encoded, as host).
    pub fn socket_url(&self) -> String {
        let folder: String = self
            .dir
            .display()
            .to_string()
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("postgres://postgres@{folder}:{}/postgres", self.port)
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
