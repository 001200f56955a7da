//! Access codes, measured in one run: durable submissions per second with a token checked and
//! spent against without one, on SQLite and on PostgreSQL, and the redemption round trip (the
//! browser's blinding and unblinding, and the collector's spending and signing).
//!
//! In-process: requests go to the collector's router (its handlers, checks and store, as
//! `speaksafe serve` runs them) without TCP, so that the figures are the collector's own work,
//! from `--tasks` concurrent senders for `--seconds` each. PostgreSQL is a throwaway cluster
//! started from Debian's `postgresql`, as bench/collector does; every file is removed at the end.
//!
//! ```text
//! cargo build --profile native -p speaksafe-bench-codes
//! target/native/speaksafe-bench-codes [--seconds 5] [--tasks 64] [--codes 3000]
//! ```

#[path = "../../../collector/tests/common/postgres.rs"]
mod postgres;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use speaksafe_collector::access::{client, code_hash, new_code, TokenKey};
use speaksafe_collector::serve::{self, Counters, Options};
use speaksafe_collector::store::{Access, Location, Records};
use speaksafe_core::envelope::encode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const KEY: &str = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng";

fn survey(id: &str, codes: bool) -> String {
    let mut survey = json!({
        "format": "speaksafe/1", "id": id, "languages": ["en"], "title": "Bench", "intro": "i",
        "completion": "c", "submit": { "endpoint": format!("/api/v1/surveys/{id}/responses"), "public_key": "" },
        "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
        "pages": [{ "id": "p", "title": "p", "questions": [{ "id": "q", "kind": "yes_no", "text": "q" }]}]
    });
    if codes {
        survey["access"] = json!("codes");
    }
    survey.to_string()
}

async fn call(router: &Router, path: &str, body: Value) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

struct Setting {
    seconds: u64,
    tasks: usize,
    codes: usize,
}

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let setting = Setting {
        seconds: arg(&args, "--seconds", 5),
        tasks: arg(&args, "--tasks", 64) as usize,
        codes: arg(&args, "--codes", 3000) as usize,
    };
    let dir = std::env::temp_dir().join(format!("speaksafe-bench-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "store       mode           submissions/s   (durable 201s in {} s, {} senders)",
        setting.seconds, setting.tasks
    );
    run(&Location::Sqlite(dir.join("bench.db")), "sqlite", &setting, &dir).await;
    let cluster = tokio::task::spawn_blocking(postgres::Postgres::start).await.unwrap();
    run(&Location::Postgres(cluster.fresh("bench_codes")), "postgres", &setting, &dir).await;
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
}

async fn run(location: &Location, name: &str, setting: &Setting, dir: &std::path::Path) {
    let store = speaksafe_collector::store::open(location, Access::Collect).unwrap();
    let records = Arc::new(Records::open(location, Access::Collect).unwrap());
    records.publish("open", "v1", &survey("open", false), Some(KEY), "bench", "2026-12-05").unwrap();
    records.publish("school", "v1", &survey("school", true), Some(KEY), "bench", "2026-12-05").unwrap();
    let key = TokenKey::generate().unwrap();
    records.keep_token_key("school", &key.secret_text().unwrap(), &key.public_text).unwrap();
    let codes: Vec<String> = (0..setting.codes).map(|_| new_code().unwrap()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| code_hash("school", c)).collect();
    records.issue_codes("school", "bench", &hashes, "bench", "2026-12-05").unwrap();
    let static_dir = dir.join("dist");
    std::fs::create_dir_all(&static_dir).unwrap();
    let options = Options { static_dir, public_key: Some(KEY.into()), rate_limit: 0, ..Options::default() };
    let router = serve::router_with_counts(
        store.clone(),
        Some(records.clone()),
        Vec::new(),
        &options,
        Arc::new(Counters::default()),
    );

    // Redemption: every code, one after another, timed in its parts.
    let (mut blinding, mut round_trip, mut finishing) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut tokens = Vec::with_capacity(codes.len());
    for code in &codes {
        let started = Instant::now();
        let blinded = client::blind(&key.public_text).unwrap();
        let blinded_at = Instant::now();
        let (status, body) =
            call(&router, "/api/v1/surveys/school/tokens", json!({ "code": code, "blinded": blinded.blinded })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let answered = Instant::now();
        tokens.push(blinded.finish(body["blind_signature"].as_str().unwrap()).unwrap());
        blinding += blinded_at - started;
        round_trip += answered - blinded_at;
        finishing += answered.elapsed();
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / codes.len() as f64;
    println!(
        "{name:<11} redemption     {:.2} ms at the collector (spend + blind signature), {:.2} ms blinding and {:.2} ms unblinding in the client, over {} codes",
        per(round_trip),
        per(blinding),
        per(finishing),
        codes.len()
    );

    for (mode, with_tokens) in [("no tokens", false), ("with tokens", true)] {
        let tokens = Arc::new(tokens.clone());
        let next = Arc::new(AtomicUsize::new(0));
        let stored = Arc::new(AtomicUsize::new(0));
        let deadline = Instant::now() + Duration::from_secs(setting.seconds);
        let started = Instant::now();
        let mut handles = Vec::new();
        for _ in 0..setting.tasks {
            let (router, tokens, next, stored) = (router.clone(), tokens.clone(), next.clone(), stored.clone());
            handles.push(tokio::spawn(async move {
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let id = format!(
                        "{:032x}",
                        (n as u128 + 1 + if with_tokens { 1 << 100 } else { 0 })
                            .wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)
                    );
                    let fill = (n % 251) as u8;
                    let envelope = format!("v1.{}.{}", encode(&[fill; 32]), encode(&vec![fill; 2048 + 16]));
                    let (path, body) = if with_tokens {
                        let Some(token) = tokens.get(n) else { break };
                        (
                            "/api/v1/surveys/school/responses",
                            json!({ "submission_id": id, "envelope": envelope, "token": token }),
                        )
                    } else {
                        ("/api/v1/surveys/open/responses", json!({ "submission_id": id, "envelope": envelope }))
                    };
                    let (status, body) = call(&router, path, body).await;
                    assert_eq!(status, StatusCode::CREATED, "{body}");
                    stored.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
        for handle in handles {
            handle.await.unwrap();
        }
        let elapsed = started.elapsed().as_secs_f64();
        let count = stored.load(Ordering::Relaxed);
        let ran_out = if with_tokens && count >= tokens.len() { " (every token spent: give more --codes)" } else { "" };
        println!("{name:<11} {mode:<14} {:>8.0}   ({count} in {elapsed:.1} s){ran_out}", count as f64 / elapsed);
    }
    store.close();
}
