//! How long a respondent waits while a crowd holds the collector's connections: each of the
//! crowd's sockets sends the start of a request head and then a byte now and then, never
//! finishing it, and connects again as soon as it is closed (a reconnecting slowloris). Meanwhile
//! a respondent asks for the survey page, one request after another; the benchmark prints how
//! long each waited for its answer (median, 95th percentile, worst).
//!
//! ```text
//! cargo build --release -p speaksafe-collector -p speaksafe-bench-slowloris
//! target/release/speaksafe-bench-slowloris [--sockets 1100] [--seconds 30] [--speaksafe PATH]
//! ```
//!
//! The collector runs with its defaults (1,024 connections, a 10 s head timeout, 30 s idle),
//! on 127.0.0.1 only, and is stopped at the end. Needs an open-file limit above the crowd's size
//! (it raises its own soft limit to the hard one, as the collector does).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let sockets: usize = argument("--sockets").map_or(1100, |n| n.parse().expect("--sockets N"));
    let seconds: u64 = argument("--seconds").map_or(30, |n| n.parse().expect("--seconds N"));
    let speaksafe = argument("--speaksafe")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::current_exe().unwrap().parent().unwrap().join("speaksafe"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("speaksafe-slowloris-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>Survey</title>").unwrap();
    let mut child = Command::new("sh")
        .args([
            "-c",
            "ulimit -n $(ulimit -Hn) && exec \"$0\" serve --db \"$1\" --surveys \"$2\" --static \"$3\" --listen 127.0.0.1:0",
            &speaksafe.display().to_string(),
            &dir.join("r.db").display().to_string(),
            &repo.join("surveys").display().to_string(),
            &dir.join("dist").display().to_string(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the collector (build it: cargo build --release -p speaksafe-collector)");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    let address: SocketAddr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));

    let stop = Arc::new(AtomicBool::new(false));
    let connects = Arc::new(AtomicUsize::new(0));
    let crowd: Vec<_> = (0..sockets)
        .map(|_| {
            let (stop, connects) = (stop.clone(), connects.clone());
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let Ok(mut socket) = TcpStream::connect(address) else {
                            std::thread::sleep(Duration::from_millis(10));
                            continue;
                        };
                        connects.fetch_add(1, Ordering::Relaxed);
                        let _ = socket.set_read_timeout(Some(Duration::from_millis(500)));
                        if socket.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").is_err() {
                            continue;
                        }
                        // A byte now and then, until the collector closes the connection.
                        let mut buffer = [0u8; 512];
                        while !stop.load(Ordering::Relaxed) {
                            match socket.read(&mut buffer) {
                                Ok(0) => break,
                                Ok(_) => {}
                                Err(e)
                                    if e.kind() == std::io::ErrorKind::WouldBlock
                                        || e.kind() == std::io::ErrorKind::TimedOut =>
                                {
                                    if socket.write_all(b"X").is_err() {
                                        break;
                                    }
                                }
                                Err(_) => break,
                            }
                        }
                    }
                })
                .unwrap()
        })
        .collect();
    // Let the crowd fill the collector first.
    std::thread::sleep(Duration::from_secs(5));
    let started = Instant::now();
    let mut waits: Vec<Duration> = Vec::new();
    let mut failed = 0;
    while started.elapsed() < Duration::from_secs(seconds) {
        let asked = Instant::now();
        let answered = TcpStream::connect(address).and_then(|mut s| {
            s.set_read_timeout(Some(Duration::from_secs(60)))?;
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
            let mut answer = Vec::new();
            s.read_to_end(&mut answer)?;
            Ok(answer.starts_with(b"HTTP/1.1 200 "))
        });
        match answered {
            Ok(true) => waits.push(asked.elapsed()),
            _ => failed += 1,
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    stop.store(true, Ordering::Relaxed);
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
    for thread in crowd {
        let _ = thread.join();
    }
    let _ = std::fs::remove_dir_all(&dir);
    waits.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| waits.get(((waits.len() as f64 - 1.0) * q).round() as usize).copied().map_or(f64::NAN, ms);
    println!(
        "{sockets} reconnecting slow sockets ({} connections made), {} respondent requests over {seconds} s, {failed} failed",
        connects.load(Ordering::Relaxed),
        waits.len()
    );
    println!("respondent's wait: median {:.0} ms, p95 {:.0} ms, worst {:.0} ms", at(0.5), at(0.95), at(1.0));
}
