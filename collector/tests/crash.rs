//! Nothing acknowledged is lost: the built `speaksafe serve` is killed (SIGKILL) in the middle of
//! a load, started again on the same database, and every submission that was answered 201 must
//! be there, once. On SQLite and on PostgreSQL; and on PostgreSQL the database server itself is
//! stopped at once (as a crash would) and started again during a load, the collector running on.
//!
//! Bounded: at most 2 000 submissions or 10 s of load (20 s across a database restart), all on
//! 127.0.0.1.

mod common;

use common::{Connection1, Postgres, Server};
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MAX_SUBMISSIONS: usize = 2_000;
const MAX_LOAD: Duration = Duration::from_secs(10);
/// Kill once this many are acknowledged (or half the load time has passed).
const KILL_AFTER: usize = 300;
const CONNECTIONS: usize = 4;

struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The database a test's collectors share.
enum Database {
    Sqlite(PathBuf),
    Postgres(Postgres, String),
}

impl Database {
    fn arg(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(_, url) => url.clone(),
        }
    }

    /// Every stored (submission id, envelope), read on a connection of its own.
    fn stored(&self) -> Vec<(String, String)> {
        const ALL: &str = "SELECT submission_id, envelope FROM responses";
        match self {
            Database::Sqlite(path) => {
                let conn = Connection::open(path).unwrap();
                let mut statement = conn.prepare(ALL).unwrap();
                statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
            }
            Database::Postgres(cluster, url) => {
                cluster.sql_in(url, ALL).into_iter().map(|r| (r[0].clone(), r[1].clone())).collect()
            }
        }
    }
}

fn id(n: usize) -> String {
    // Not sequential, like the browser's random ids.
    format!("{:016x}{:016x}", (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15), n)
}

/// An envelope of the right shape (2 KiB bucket, about 2.8 KB of text), different for each `n`.
fn envelope(n: usize) -> String {
    use speaksafe_core::envelope::encode;
    let ciphertext: Vec<u8> = (0..2048 + 16).map(|i| (n.wrapping_mul(31) + i) as u8).collect();
    format!("v1.{}.{}", encode(&[(n % 251) as u8; 32]), encode(&ciphertext))
}

/// Connections posting submissions 0, 1, 2, … until stopped, noting which were answered 201.
struct Load {
    next: Arc<AtomicUsize>,
    acknowledged: Arc<Mutex<Vec<usize>>>,
    /// Answered 503 (the store could not write): not acknowledged, to be sent again.
    unavailable: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    clients: Vec<std::thread::JoinHandle<()>>,
    started: Instant,
}

impl Load {
    fn start(address: SocketAddr, limit: Duration) -> Load {
        let next = Arc::new(AtomicUsize::new(0));
        let acknowledged = Arc::new(Mutex::new(Vec::<usize>::new()));
        let unavailable = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let clients = (0..CONNECTIONS)
            .map(|_| {
                let (next, acknowledged, unavailable, stop) =
                    (next.clone(), acknowledged.clone(), unavailable.clone(), stop.clone());
                std::thread::spawn(move || {
                    let Ok(mut connection) = Connection1::open(address) else { return };
                    while !stop.load(Ordering::Relaxed) && started.elapsed() < limit {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= MAX_SUBMISSIONS {
                            break;
                        }
                        match connection.post(&id(n), &envelope(n)) {
                            Ok(201) => acknowledged.lock().unwrap().push(n),
                            Ok(503) => {
                                unavailable.fetch_add(1, Ordering::Relaxed);
                                std::thread::sleep(Duration::from_millis(20));
                            }
                            Ok(code) => panic!("submission {n}: {code}"),
                            // The server is gone.
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        Load { next, acknowledged, unavailable, stop, clients, started }
    }

    fn acknowledged(&self) -> usize {
        self.acknowledged.lock().unwrap().len()
    }

    /// Waits until `n` are acknowledged, or `limit` has passed since the start.
    fn wait_for(&self, n: usize, limit: Duration) {
        while self.acknowledged() < n && self.started.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Stops the clients; the submissions acknowledged, and how many were sent.
    fn finish(self) -> (Vec<usize>, usize) {
        self.stop.store(true, Ordering::Relaxed);
        for client in self.clients {
            client.join().unwrap();
        }
        let acknowledged = self.acknowledged.lock().unwrap().clone();
        (acknowledged, self.next.load(Ordering::Relaxed).min(MAX_SUBMISSIONS))
    }
}

/// Every acknowledged submission is stored, once, undamaged, and nothing that was not sent is.
fn assert_none_lost(database: &Database, acknowledged: &[usize], sent: usize) -> usize {
    let stored = database.stored();
    let ids: HashSet<&str> = stored.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), stored.len(), "a submission is stored twice");
    let lost: Vec<usize> = acknowledged.iter().copied().filter(|&n| !ids.contains(id(n).as_str())).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged submissions are missing: {lost:?}", lost.len(), acknowledged.len());
    let sent_ids: std::collections::HashMap<String, usize> = (0..sent).map(|n| (id(n), n)).collect();
    for (stored_id, stored_envelope) in &stored {
        let Some(&n) = sent_ids.get(stored_id) else { panic!("a row that was never sent: {stored_id}") };
        assert_eq!(*stored_envelope, envelope(n), "submission {n} is stored damaged");
    }
    stored.len()
}

/// The browsers whose answers were not acknowledged send again: each is stored once, and those
/// already stored are acknowledged again without a second row.
fn send_the_rest_again(server: &Server, database: &Database, acknowledged: &[usize], sent: usize) {
    let acknowledged_set: HashSet<usize> = acknowledged.iter().copied().collect();
    let unacknowledged: Vec<usize> = (0..sent).filter(|n| !acknowledged_set.contains(n)).collect();
    let mut connection = Connection1::open(server.address).unwrap();
    for &n in unacknowledged.iter().chain(acknowledged.iter().take(50)) {
        assert_eq!(connection.post(&id(n), &envelope(n)).unwrap(), 201, "submission {n} sent again");
    }
    drop(connection);
    assert_eq!(database.stored().len(), sent);
}

/// `speaksafe serve` on the database, serving the repository's surveys, with no rate limit.
fn start_server(dir: &Path, database: &Database) -> Server {
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys");
    let (static_dir, surveys) = (dir.join("dist").display().to_string(), surveys.display().to_string());
    Server::start(&[
        "serve",
        "--db",
        &database.arg(),
        "--surveys",
        &surveys,
        "--static",
        &static_dir,
        "--rate-limit",
        "0",
    ])
}

fn a_folder(name: &str) -> Temp {
    let dir = Temp(std::env::temp_dir().join(format!("speaksafe-crash-{name}-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(dir.0.join("dist")).unwrap();
    std::fs::write(dir.0.join("dist/index.html"), "<!doctype html><title>Survey</title>").unwrap();
    dir
}

fn survives_a_kill(dir: &Temp, database: &Database) {
    let mut server = start_server(&dir.0, database);
    let load = Load::start(server.address, MAX_LOAD);
    load.wait_for(KILL_AFTER, MAX_LOAD / 2);
    // SIGKILL, in the middle of the load: no shutdown, no draining.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let killed_at = load.acknowledged();
    let (acknowledged, sent) = load.finish();
    assert!(killed_at >= 50, "only {killed_at} submissions were acknowledged before the kill");
    assert!(sent > acknowledged.len(), "the kill came after the load had ended: {sent} sent, all acknowledged");
    drop(server);

    // Started again on the same database.
    let server = start_server(&dir.0, database);
    let stored = assert_none_lost(database, &acknowledged, sent);
    send_the_rest_again(&server, database, &acknowledged, sent);
    stop_gracefully(server);
    eprintln!(
        "{sent} sent, {} acknowledged before the kill, {stored} stored when it came back, none lost",
        acknowledged.len()
    );
}

#[test]
fn every_acknowledged_submission_survives_a_kill() {
    let dir = a_folder("sqlite");
    let database = Database::Sqlite(dir.0.join("responses.db"));
    survives_a_kill(&dir, &database);
}

/// Another program reading the database while the collector runs (an export, a backup) leaves
/// its write-ahead log where it is: what is acknowledged after that survives a kill too.
#[test]
fn a_reader_beside_the_collector_costs_no_acknowledged_submission() {
    let dir = a_folder("reader");
    let database = Database::Sqlite(dir.0.join("responses.db"));
    let mut server = start_server(&dir.0, &database);
    let mut connection = Connection1::open(server.address).unwrap();
    assert_eq!(connection.post(&id(0), &envelope(0)).unwrap(), 201);
    assert_eq!(database.stored().len(), 1);
    assert_eq!(connection.post(&id(1), &envelope(1)).unwrap(), 201);
    assert_eq!(database.stored().len(), 2, "an acknowledged submission cannot be read");
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    assert_none_lost(&database, &[0, 1], 2);
}

#[test]
fn every_acknowledged_submission_survives_a_kill_on_postgres() {
    let dir = a_folder("postgres");
    let cluster = Postgres::start();
    let url = cluster.url();
    let database = Database::Postgres(cluster, url);
    survives_a_kill(&dir, &database);
}

#[test]
fn every_acknowledged_submission_survives_a_postgres_restart_during_a_load() {
    let dir = a_folder("restart");
    let cluster = Postgres::start();
    let url = cluster.url();
    let database = Database::Postgres(cluster, url);
    let server = start_server(&dir.0, &database);
    let limit = MAX_LOAD * 2;
    let load = Load::start(server.address, limit);
    load.wait_for(KILL_AFTER, limit / 4);
    let before = load.acknowledged();
    // As a crash would: no checkpoint, no waiting for clients; then up again.
    let Database::Postgres(cluster, _) = &database else { unreachable!() };
    cluster.restart();
    // The collector, still running, stores again once the database is back.
    let after_restart = load.acknowledged();
    load.wait_for(after_restart + KILL_AFTER, limit * 3 / 4);
    let unavailable = load.unavailable.load(Ordering::Relaxed);
    let (acknowledged, sent) = load.finish();
    assert!(before >= 50, "only {before} submissions were acknowledged before the restart");
    assert!(
        acknowledged.len() >= after_restart + KILL_AFTER,
        "only {} acknowledged after the restart ({after_restart} by then): the collector did not recover",
        acknowledged.len()
    );
    let stored = assert_none_lost(&database, &acknowledged, sent);
    send_the_rest_again(&server, &database, &acknowledged, sent);
    stop_gracefully(server);
    eprintln!(
        "{sent} sent, {} acknowledged ({before} before the restart), {unavailable} answered 503 while it was down, \
         {stored} stored, none lost",
        acknowledged.len()
    );
}

/// SIGTERM: the collector stops by itself, promptly, and says so.
fn stop_gracefully(mut server: Server) {
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "speaksafe serve did not stop within 15 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    server.stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("speaksafe: stopped;"), "{rest:?}");
}
