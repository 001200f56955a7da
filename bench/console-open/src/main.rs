//! The responses for bench/console-open: N answers to the Youth Voice survey chosen at random as a
//! respondent could give them, sealed with the widget's own code to a public key on every core,
//! then stored through the collector's own store (`SqliteStore::submit`, as `POST …/responses`
//! does: the same writer, the same table), each with a random submission id and a day in March.
//!
//! `speaksafe-bench-console-open DB PUBLIC_KEY_FILE N` (`cargo build --profile native`; run.mjs
//! runs it). Prints one line of JSON: how many, how long sealing and storing took, the average
//! envelope's size.

use speaksafe_bench_export::{seal_all, Rng};
use speaksafe_collector::commands::responses;
use speaksafe_collector::store::{SqliteStore, Store, Submission};
use speaksafe_core::envelope::PublicKey;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Submissions handed to the store's writer before waiting for them (its queue holds 16 384).
const BURST: usize = 4096;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, public, n] = args.as_slice() else {
        eprintln!("usage: speaksafe-bench-console-open DB PUBLIC_KEY_FILE N");
        std::process::exit(2);
    };
    let n: usize = n.replace('_', "").parse().expect("N, a number of responses");
    let text = std::fs::read_to_string(public).unwrap_or_else(|e| panic!("{public}: {e}"));
    let key = PublicKey::from_text(text.trim()).unwrap_or_else(|e| panic!("{public}: {e}"));
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../surveys");
    let survey = responses::read_survey(&surveys, "youth-voice").expect("surveys/youth-voice.json");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let started = Instant::now();
    let sealed = seal_all(&survey, &key, n, threads);
    let sealing = started.elapsed().as_secs_f64();
    let envelope_bytes = sealed.iter().map(String::len).sum::<usize>() / n.max(1);

    let started = Instant::now();
    let store = SqliteStore::open(PathBuf::from(db)).expect("the collector's database");
    let mut rng = Rng(0x0c0ffee);
    let mut sealed = sealed.into_iter();
    loop {
        let burst: Vec<_> = sealed
            .by_ref()
            .take(BURST)
            .map(|envelope| {
                let submission_id = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
                let day = format!("2026-03-{:02}", 1 + rng.below(28));
                store.submit(Submission { survey: survey.id.clone(), submission_id, envelope, day, spent_token: None })
            })
            .collect();
        if burst.is_empty() {
            break;
        }
        for pending in burst {
            pending.wait().expect("stored");
        }
    }
    store.close();
    let storing = started.elapsed().as_secs_f64();
    let stored = store.count(&survey.id).expect("counted");
    assert_eq!(stored, n as u64, "every response stored");
    println!(
        "{{\"responses\": {n}, \"sealing_seconds\": {sealing:.2}, \"storing_seconds\": {storing:.2}, \"envelope_bytes\": {envelope_bytes}, \"threads\": {threads}}}"
    );
}
