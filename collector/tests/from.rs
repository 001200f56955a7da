//! `export --from` and `summary --from`: the sealed responses downloaded from a running collector
//! with a token, and opened where the key is. They give what `--db` gives, byte for byte, and
//! their releases go into the collector's ledger; a download cut short goes on from where it
//! stopped; a token opens one survey only.

mod common;
mod sealed;

use common::Server;
use sealed::{response, Setup};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A collector serving `setup`'s database and survey with its public key.
fn collector(setup: &Setup) -> Server {
    std::fs::create_dir_all(setup.dir.join("dist")).unwrap();
    std::fs::write(setup.dir.join("dist/index.html"), "<!doctype html><title>Survey</title>").unwrap();
    let at = |name: &str| setup.dir.join(name).display().to_string();
    Server::start(&[
        "serve",
        "--db",
        &at("responses.db"),
        "--surveys",
        &at("surveys"),
        "--static",
        &at("dist"),
        "--public-key",
        &at("org.pub"),
    ])
}

/// Runs `speaksafe` in the setup's folder with `SPEAKSAFE_TOKEN` set: exit code, out, err.
fn run(setup: &Setup, token: &str, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_speaksafe"))
        .current_dir(&setup.dir)
        .env("SPEAKSAFE_TOKEN", token)
        .args(args)
        .output()
        .unwrap();
    let (out, err) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap());
    assert!(!err.contains("panicked"), "{err}");
    (output.status.code().unwrap(), out, err)
}

fn token(setup: &Setup, survey: &str) -> String {
    let (code, _, err) = setup.run(&["organisers", "invite", "Amira", "--db", "responses.db"]);
    assert!(code == 0 || err.contains("UNIQUE") || code == 1, "{err}");
    let (code, out, err) = setup.run(&["organisers", "token", "Amira", "--survey", survey, "--db", "responses.db"]);
    assert_eq!(code, 0, "{err}");
    out.trim().to_string()
}

fn filled(name: &str) -> Setup {
    let setup = Setup::new(name);
    for i in 0..30 {
        let group = ["a", "b", "c"][i % 3];
        setup.add(&response(&format!(r#"{{ "group": "{group}", "said": "answer {i}" }}"#), &[]), "2026-12-01");
    }
    // One that does not open: counted and explained the same way.
    setup.add_envelope("small", &format!("v1.{}.{}", "A".repeat(43), "B".repeat(1398)), "2026-12-02");
    setup
}

#[test]
fn export_and_summary_from_a_collector_give_what_the_database_gives() {
    let setup = filled("from-same");
    let server = collector(&setup);
    let url = format!("http://{}", server.address);
    let token = token(&setup, "small");
    let (code, by_db, _) = setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0);
    let (code, from, err) = run(&setup, &token, &["export", "--from", &url, "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(from, by_db, "the same CSV, byte for byte");
    assert_eq!(from.lines().count(), 31, "the header and 30 responses");
    assert!(err.contains("1 response could not be opened"), "{err}");

    let (_, by_db, _) =
        setup.run(&["summary", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--by", "group"]);
    let (code, from, err) =
        run(&setup, &token, &["summary", "--from", &url, "--key", "org.key", "--survey", "small", "--by", "group"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(from, by_db, "the same summary");

    // Both go into the one ledger, the collector's: the same release again is nothing new; with
    // one more response, another is refused through the collector as it is with the database.
    assert!(err.contains("The same as release 1 of the ledger: nothing new is published."), "{err}");
    setup.add(&response(r#"{ "group": "a" }"#, &[]), "2026-12-03");
    let (code, out, err) = run(&setup, &token, &["summary", "--from", &url, "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("refused: release 1 (summary by group, min-cell 10, "), "{err}");
    assert!(err.contains("30 responses) counted 30 responses and there are 31 now"), "{err}");
    assert!(
        err.contains("(40 in all). `speaksafe summary --ledger` lists the releases; --force publishes anyway."),
        "{err}"
    );
    let (code, list, err) = run(&setup, &token, &["summary", "--ledger", "--from", &url, "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("release 1 (summary by group, min-cell 10, "), "{list}");
}

#[test]
fn a_token_opens_its_own_survey_only_and_a_missing_one_is_said() {
    let setup = filled("from-token");
    let server = collector(&setup);
    let url = format!("http://{}", server.address);
    let token = token(&setup, "youth-voice");
    let (code, out, err) = run(&setup, &token, &["export", "--from", &url, "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "nothing half-written: {out}");
    assert!(err.contains("403") && err.contains("another survey"), "{err}");
    let (code, _, err) = run(&setup, "", &["export", "--from", &url, "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 1);
    assert!(err.contains("SPEAKSAFE_TOKEN"), "{err}");
    let (code, _, err) =
        run(&setup, &"x".repeat(43), &["export", "--from", &url, "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 1);
    assert!(err.contains("401"), "{err}");
}

/// A proxy in front of the collector that cuts the first download of responses short, after
/// `cut` bytes of its answer: the connection drops mid-stream.
fn cutting_proxy(upstream: std::net::SocketAddr, cut: usize) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let cut_once = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { continue };
            let cut_once = cut_once.clone();
            std::thread::spawn(move || {
                let mut server = TcpStream::connect(upstream).unwrap();
                let mut request = vec![0u8; 8192];
                let n = client.read(&mut request).unwrap_or(0);
                let head = String::from_utf8_lossy(&request[..n]).to_string();
                server.write_all(&request[..n]).unwrap();
                let cutting = head.contains("/responses?") && !cut_once.swap(true, Ordering::SeqCst);
                let mut sent = 0;
                let mut buffer = [0u8; 1024];
                while let Ok(n) = server.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    let n = if cutting { n.min(cut.saturating_sub(sent)) } else { n };
                    if n == 0 || client.write_all(&buffer[..n]).is_err() {
                        break;
                    }
                    sent += n;
                }
                let _ = client.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    address
}

#[test]
fn a_download_cut_short_goes_on_from_where_it_stopped() {
    let setup = filled("from-cut");
    let server = collector(&setup);
    let token = token(&setup, "small");
    let (_, by_db, _) = setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    let proxy = cutting_proxy(server.address, 12_000);
    let (code, from, err) =
        run(&setup, &token, &["export", "--from", &format!("http://{proxy}"), "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cut short"), "the cut was met: {err}");
    assert_eq!(from, by_db, "every response once, none missed");
}
