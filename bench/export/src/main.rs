//! Times `speaksafe export` on a database of sealed responses to the Youth Voice survey
//! (`surveys/youth-voice.json`), each answering every question at random as a respondent could.
//!
//! Made first (not timed): a key pair, N responses sealed to it (on every core), stored in a new
//! SQLite database as the collector stores them. Then timed:
//!
//! 1. `speaksafe export` as the organiser runs it (`export::run`: read the key, the definition
//!    and the database, open every envelope on every core, write the CSV), end to end;
//! 2. opening alone, on every core and on one, from envelopes already read.
//!
//! Reported as envelopes opened per second. Run:
//! `cargo run --profile native -p speaksafe-bench-export` (optionally `-- N`, default 100 000).
//! With `--release` instead, the crypto crates are built for size (opt-level "z", as the widget
//! needs) and opening is about 20 times slower.

use rusqlite::Connection;
use speaksafe_bench_export::{seal_all, Rng};
use speaksafe_collector::commands::export;
use speaksafe_collector::commands::responses::{self, Source};
use speaksafe_collector::store::Location;
use speaksafe_core::envelope::{open, Envelope, PrivateKey};
use speaksafe_results::{opened, Keyring};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let n: usize =
        std::env::args().nth(1).map_or(100_000, |a| a.replace('_', "").parse().expect("N, a number of responses"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let surveys = repo.join("surveys");
    let survey = responses::read_survey(&surveys, "youth-voice").expect("surveys/youth-voice.json");
    let dir = std::env::temp_dir().join(format!("speaksafe-bench-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let key = PrivateKey::generate_with_system_random().expect("random numbers");
    let key_path = dir.join("org.key");
    std::fs::write(&key_path, key.to_text()).expect("the key file");

    let started = Instant::now();
    let sealed = seal_all(&survey, key.public_key(), n, threads);
    let sealing = started.elapsed();
    let db = dir.join("responses.db");
    store(&db, &sealed);
    let text_bytes: usize = sealed.iter().map(String::len).sum();
    println!(
        "made {n} sealed responses to youth-voice in {:.1} s ({:.0}/s sealing on {threads} cores); envelopes average {} bytes; database {:.1} MB",
        started.elapsed().as_secs_f64(),
        n as f64 / sealing.as_secs_f64(),
        text_bytes / n.max(1),
        std::fs::metadata(&db).map_or(0, |m| m.len()) as f64 / 1e6
    );

    // 1. The command, end to end.
    let out = dir.join("export.csv");
    let args = export::Args {
        source: Source {
            db: Location::Sqlite(db.clone()),
            key: vec![key_path.clone()],
            survey: "youth-voice".into(),
            surveys: surveys.clone(),
            from: None,
            token: None,
        },
        format: export::Format::Csv,
        out: Some(out.clone()),
        min_cell: 10,
        by: Vec::new(),
        force: false,
    };
    let started = Instant::now();
    let code = export::run(&args);
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(code, std::process::ExitCode::SUCCESS, "the export failed");
    let csv = std::fs::read_to_string(&out).expect("the export");
    assert_eq!(csv.matches("\r\n").count(), n + 1, "a header and a row per response");
    let csv_bytes = csv.len();
    println!(
        "export (key, definition, database, open on {threads} cores, CSV of {:.1} MB): {n} responses in {elapsed:.2} s = {:.0} envelopes opened per second",
        csv_bytes as f64 / 1e6,
        n as f64 / elapsed
    );

    // 2. Opening alone.
    let keyring = Keyring::of(vec![(key_path.display().to_string(), key.clone())]);
    let rows = responses::envelopes(&Location::Sqlite(db.clone()), "youth-voice").expect("the database");
    let started = Instant::now();
    let (opened, failed) = opened::open_all(&rows, &keyring, &survey);
    let elapsed = started.elapsed().as_secs_f64();
    assert!(failed.is_empty() && opened.len() == n);
    println!("open only, {threads} cores: {:.0} envelopes per second", n as f64 / elapsed);
    let sample = n.min(20_000);
    let started = Instant::now();
    for (_, text) in &rows[..sample] {
        let envelope = Envelope::from_text(text).expect("an envelope");
        std::hint::black_box(open(&envelope, &key, "youth-voice").expect("opens"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "open only, 1 core ({sample} envelopes): {:.0} envelopes per second, {:.1} µs each",
        sample as f64 / elapsed,
        elapsed * 1e6 / sample as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Stores the envelopes as the collector does, in one transaction.
fn store(db: &PathBuf, sealed: &[String]) {
    let mut connection = Connection::open(db).expect("a database");
    connection
        .execute_batch(
            "CREATE TABLE responses (survey TEXT NOT NULL, submission_id TEXT NOT NULL PRIMARY KEY,
                                     envelope TEXT NOT NULL, day TEXT NOT NULL) WITHOUT ROWID",
        )
        .expect("the table");
    let transaction = connection.transaction().expect("a transaction");
    {
        let mut insert =
            transaction.prepare("INSERT INTO responses VALUES ('youth-voice', ?1, ?2, ?3)").expect("an insert");
        let mut rng = Rng(42);
        for envelope in sealed {
            let id = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
            let day = format!("2026-03-{:02}", 1 + rng.below(28));
            insert.execute([id.as_str(), envelope.as_str(), day.as_str()]).expect("a row");
        }
    }
    transaction.commit().expect("stored");
}
