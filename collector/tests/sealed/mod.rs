//! What the organiser's commands are tested on: a survey definition, a key pair and a collector
//! database of sealed responses, made in a scratch folder, and the built `speaksafe` to run.

#![allow(dead_code)]

use rusqlite::Connection;
use serde_json::{Map, Value};
use speaksafe_core::envelope::{seal_with_system_random, PrivateKey};
use speaksafe_core::Response;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A new, empty scratch folder.
pub fn scratch(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// Runs `speaksafe` with these arguments in `dir`: exit code, stdout, stderr.
pub fn speaksafe(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let Output { status, stdout, stderr } =
        Command::new(env!("CARGO_BIN_EXE_speaksafe")).current_dir(dir).args(args).output().expect("the binary runs");
    let (stdout, stderr) =
        (String::from_utf8(stdout).expect("UTF-8 out"), String::from_utf8(stderr).expect("UTF-8 err"));
    assert!(!stderr.contains("panicked") && !stdout.contains("panicked"), "a panic:\n{stdout}\n{stderr}");
    let code = status.code().unwrap_or_else(|| panic!("killed by a signal: {status:?}\n{stdout}\n{stderr}"));
    (code, stdout, stderr)
}

/// The test survey: one question of every kind that has columns, and survey text that tries to
/// be markup.
pub const SURVEY: &str = r#"{
  "format": "speaksafe/1",
  "id": "small",
  "languages": ["en"],
  "title": "A small survey <script>alert('title')</script>",
  "intro": "Hello",
  "completion": "Thank you",
  "exit": { "url": "https://www.bbc.co.uk/weather" },
  "submit": { "endpoint": "/api/v1/surveys/small/responses", "public_key": "" },
  "pages": [
    { "id": "one", "title": "One", "questions": [
      { "id": "about", "kind": "info", "text": "About you." },
      { "id": "group", "kind": "single_choice", "text": "Which group <script>alert(1)</script> & \"you\"?",
        "options": [{ "value": "a", "text": "Group A" }, { "value": "b", "text": "Group <b>B</b>" }, { "value": "c", "text": "Group C" }],
        "prefer_not_to_say": true },
      { "id": "where", "kind": "dropdown", "text": "Where?",
        "options": [{ "value": "x", "text": "X" }, { "value": "y", "text": "Y" }, { "value": "z", "text": "Z" }] },
      { "id": "apps", "kind": "multiple_choice", "text": "Apps?",
        "options": [{ "value": "video", "text": "Video" }, { "value": "games", "text": "Games" }],
        "other": "Other, please say" },
      { "id": "feel", "kind": "matrix", "text": "How safe?",
        "rows": [{ "value": "school", "text": "At school" }, { "value": "online", "text": "Online" }],
        "columns": [{ "value": "safe", "text": "Safe" }, { "value": "unsafe", "text": "Unsafe" }] },
      { "id": "ok", "kind": "yes_no", "text": "OK?" },
      { "id": "rating", "kind": "scale", "text": "Rate it", "min": 1, "max": 3 },
      { "id": "age", "kind": "number", "text": "Age" },
      { "id": "said", "kind": "long_text", "text": "Anything else?" }
    ]}
  ]
}"#;

/// The columns of the test survey's export.
pub const COLUMNS: [&str; 15] = [
    "day",
    "language",
    "version",
    "group",
    "where",
    "apps.video",
    "apps.games",
    "apps.other",
    "apps.other.text",
    "feel.school",
    "feel.online",
    "ok",
    "rating",
    "age",
    "said",
];

/// A response to the test survey with these answers (JSON object text) and "Other" texts, and a
/// record key drawn at random, as the widget seals with every response.
pub fn response(answers: &str, other: &[(&str, &str)]) -> Response {
    let Value::Object(answers) = serde_json::from_str(answers).expect("answers as JSON") else { panic!("an object") };
    let other: Map<String, Value> = other.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
    Response { survey: "small".into(), version: None, language: "en".into(), answers, other, key: Some(record_key()) }
}

/// A record key at random (a new seed for each process, from the standard library's hasher):
/// what is published must hold whatever the keys are.
pub fn record_key() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    static SEED: std::sync::OnceLock<std::collections::hash_map::RandomState> = std::sync::OnceLock::new();
    let mut hasher = SEED.get_or_init(Default::default).build_hasher();
    hasher.write_usize(NEXT.fetch_add(1, Ordering::Relaxed));
    hasher.finish() as u32
}

/// Whether a published count is one the published perturbation table can make of the truth:
/// within its noise (at most 3 either way), zero for zero, never 1 or 2.
pub fn may_publish(truth: usize, published: usize) -> bool {
    speaksafe_results::perturbation::Ptable::standard().outcomes(truth).contains(&published)
}

/// The number in a text such as "35 responses" or "[…, 12 answered]": the digits just before
/// `word`.
pub fn number_before(text: &str, word: &str) -> usize {
    let at = text.find(word).unwrap_or_else(|| panic!("no {word:?} in {text:?}"));
    let digits: String = text[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().unwrap_or_else(|_| panic!("no number before {word:?} in {text:?}"))
}

/// A folder with `surveys/small.json`, `org.key` and `org.pub`, and `responses.db` holding
/// these responses sealed to the key (received on `day`), as the collector stores them.
pub struct Setup {
    pub dir: PathBuf,
    pub key: PrivateKey,
}

impl Setup {
    pub fn new(name: &str) -> Setup {
        let dir = scratch(name);
        std::fs::create_dir_all(dir.join("surveys")).unwrap();
        std::fs::write(dir.join("surveys/small.json"), SURVEY).unwrap();
        let key = PrivateKey::generate_with_system_random().unwrap();
        std::fs::write(dir.join("org.key"), format!("{}\n", key.to_text())).unwrap();
        std::fs::write(dir.join("org.pub"), format!("{}\n", key.public_key().to_text())).unwrap();
        let db = Connection::open(dir.join("responses.db")).unwrap();
        // Write-ahead logging, as the collector's database always is (its store sets it when it
        // makes the file): several commands then read it and record releases in it at once.
        db.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(())).unwrap();
        db.execute_batch(
            "CREATE TABLE responses (survey TEXT NOT NULL, submission_id TEXT NOT NULL PRIMARY KEY,
                                     envelope TEXT NOT NULL, day TEXT NOT NULL) WITHOUT ROWID",
        )
        .unwrap();
        Setup { dir, key }
    }

    /// Seals a response to the key and stores it; returns the envelope text.
    pub fn add(&self, response: &Response, day: &str) -> String {
        let envelope = seal_with_system_random(response, self.key.public_key()).unwrap().to_text();
        self.add_envelope(&response.survey, &envelope, day);
        envelope
    }

    /// Stores an envelope text as it is.
    pub fn add_envelope(&self, survey: &str, envelope: &str, day: &str) {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let id = format!(
            "{:032x}",
            (NEXT.fetch_add(1, Ordering::Relaxed) as u128 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)
        );
        let db = Connection::open(self.dir.join("responses.db")).unwrap();
        db.execute(
            "INSERT INTO responses (survey, submission_id, envelope, day) VALUES (?1, ?2, ?3, ?4)",
            [survey, &id, envelope, day],
        )
        .unwrap();
    }

    /// The test survey with "Other, please say" on its single choice (`group`: "Another group")
    /// and its dropdown (`where`: "Somewhere else"), in place of the plain one.
    pub fn with_other_on_single_choices(&self) {
        let survey = SURVEY
            .replace(r#""prefer_not_to_say": true },"#, r#""other": "Another group", "prefer_not_to_say": true },"#)
            .replace(
                r#"{ "value": "z", "text": "Z" }] },"#,
                r#"{ "value": "z", "text": "Z" }], "other": "Somewhere else" },"#,
            );
        assert_eq!(survey.matches(r#""other": "#).count(), 3, "the test survey changed: change this too");
        std::fs::write(self.dir.join("surveys/small.json"), survey).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        speaksafe(&self.dir, args)
    }
}

/// Reads CSV (RFC 4180) back into rows of fields.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the CSV ends with a complete line");
    rows
}
