//! Retention and key rotation, on both stores: `speaksafe purge` (asks first, `--before` a day,
//! SQLite's file rebuilt so that deleted envelopes leave it), and `export`/`summary` with several
//! `--key` files, each response opened with the key that fits and those no key opens reported.

#[macro_use]
mod common;
mod sealed;

use common::{database, Backend, Postgres};
use sealed::{response, Setup};
use speaksafe_collector::store::{self, Access, Inserted, Location, Submission};
use speaksafe_core::envelope::{seal_with_system_random, PrivateKey};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A scratch folder with the test survey and key (`sealed::Setup`), and a collector's database
/// of either kind to put sealed responses in.
struct Scene {
    setup: Setup,
    db: String,
    _cluster: Option<Arc<Postgres>>,
}

impl Scene {
    fn new(backend: Backend, name: &str) -> Scene {
        let setup = Setup::new(name);
        let (db, cluster) = database(backend, &setup.dir.join("responses.db"), name);
        Scene { setup, db, _cluster: cluster }
    }

    /// Stores envelopes as the collector does (its own store), received on `day`.
    fn store(&self, survey: &str, envelopes: &[String], day: &str) {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let location: Location = self.db.parse().unwrap();
        let store = store::open(&location, Access::Collect).unwrap();
        for envelope in envelopes {
            let n = NEXT.fetch_add(1, Ordering::Relaxed) as u128 + 1;
            let submission = Submission {
                survey: survey.into(),
                spent_token: None,
                submission_id: format!("{:032x}", n.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)),
                envelope: envelope.clone(),
                day: day.into(),
            };
            assert_eq!(store.insert(submission), Ok(Inserted::New));
        }
        store.close();
    }

    /// `n` responses to the test survey sealed to `key`, stored as received on `day`.
    fn add(&self, n: usize, key: &PrivateKey, day: &str) -> Vec<String> {
        let envelopes: Vec<String> = (0..n)
            .map(|i| {
                let answer = response(&format!(r#"{{ "age": {i} }}"#), &[]);
                seal_with_system_random(&answer, key.public_key()).unwrap().to_text()
            })
            .collect();
        self.store("small", &envelopes, day);
        envelopes
    }

    fn count(&self, survey: &str) -> u64 {
        let location: Location = self.db.parse().unwrap();
        store::open(&location, Access::Existing).unwrap().count(survey).unwrap()
    }

    /// Runs `speaksafe` in the scratch folder with `answer` on its standard input.
    fn run(&self, args: &[&str], answer: &str) -> (i32, String) {
        self.run_with(args, answer, &[])
    }

    /// [`run`](Self::run) with these environment variables set.
    fn run_with(&self, args: &[&str], answer: &str, environment: &[(&str, &str)]) -> (i32, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_speaksafe"))
            .current_dir(&self.setup.dir)
            .args(args)
            .envs(environment.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(!said.contains("panicked"), "{said}");
        (output.status.code().unwrap(), said)
    }
}

fn purge_asks_first_and_deletes_only_that_surveys_responses(backend: Backend) {
    let scene = Scene::new(backend, "purge_asks");
    scene.add(3, &scene.setup.key, "2026-03-01");
    scene.store("other", &[scene.add_other()], "2026-03-01");
    let purge = ["purge", "--db", &scene.db, "--survey", "small"];

    // Anything but yes deletes nothing.
    for answer in ["n\n", "\n", ""] {
        let (code, said) = scene.run(&purge, answer);
        assert_eq!(code, 1, "{said}");
        assert!(said.contains("This deletes 3 responses to survey small (all of them)"), "{said}");
        assert!(said.contains("export them first"), "{said}");
        assert!(said.contains("Delete them? [y/N]"), "{said}");
        assert!(said.contains("nothing deleted"), "{said}");
        assert_eq!(scene.count("small"), 3);
    }
    let (code, said) = scene.run(&purge, "yes\n");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Deleted 3 responses to survey small"), "{said}");
    assert_eq!(scene.count("small"), 0);
    assert_eq!(scene.count("other"), 1, "another survey's responses stay");

    // Nothing left: said so, and not asked.
    let (code, said) = scene.run(&purge, "");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Nothing to delete"), "{said}");
}

impl Scene {
    /// An envelope for another survey (its shape only: it is never opened here).
    fn add_other(&self) -> String {
        let other = speaksafe_core::Response {
            survey: "other".into(),
            version: None,
            language: "en".into(),
            answers: serde_json::Map::new(),
            other: serde_json::Map::new(),
            key: None,
        };
        seal_with_system_random(&other, self.setup.key.public_key()).unwrap().to_text()
    }
}

fn purge_before_a_day_keeps_that_day_and_after(backend: Backend) {
    let scene = Scene::new(backend, "purge_before");
    scene.add(2, &scene.setup.key, "2026-02-28");
    scene.add(1, &scene.setup.key, "2026-03-01");
    scene.add(4, &scene.setup.key, "2026-03-02");
    let (code, said) =
        scene.run(&["purge", "--db", &scene.db, "--survey", "small", "--before", "2026-03-01", "--yes"], "");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("This deletes 2 responses to survey small received before 2026-03-01"), "{said}");
    assert!(!said.contains("[y/N]"), "--yes does not ask: {said}");
    assert_eq!(scene.count("small"), 5);
    let (code, out) = scene.run(&["export", "--db", &scene.db, "--key", "org.key", "--survey", "small"], "");
    assert_eq!(code, 0, "{out}");
    let days: Vec<&str> =
        out.lines().skip(1).filter_map(|l| l.split(',').next()).filter(|d| d.starts_with("2026")).collect();
    assert_eq!(days.len(), 5, "{out}");
    assert!(days.iter().all(|d| *d >= "2026-03-01"), "{days:?}");
    let (code, said) =
        scene.run(&["purge", "--db", &scene.db, "--survey", "small", "--before", "2026-03-03", "--yes"], "");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Deleted 5 responses"), "{said}");
    assert_eq!(scene.count("small"), 0);
}

fn export_and_summary_open_each_response_with_the_key_that_fits(backend: Backend) {
    let scene = Scene::new(backend, "two_keys");
    // The survey ran with org.key, then the organiser rotated to new.key mid-survey; one response
    // was sealed to a key the organiser does not have.
    let new = PrivateKey::generate_with_system_random().unwrap();
    std::fs::write(scene.setup.dir.join("new.key"), format!("{}\n", new.to_text())).unwrap();
    let lost = PrivateKey::generate_with_system_random().unwrap();
    scene.add(1, &scene.setup.key, "2026-03-01");
    scene.add(1, &new, "2026-03-02");
    scene.add(1, &lost, "2026-03-02");

    let (code, said) = scene.run(
        &["export", "--db", &scene.db, "--key", "org.key", "--key", "new.key", "--survey", "small", "--out", "out.csv"],
        "",
    );
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Exported 2 responses"), "{said}");
    assert!(said.contains("Opened 1 with org.key, 1 with new.key."), "{said}");
    assert!(
        said.contains("1 response could not be opened: 1 does not open with any of the 2 keys"),
        "the response no key opens is reported: {said}"
    );
    let csv = std::fs::read_to_string(scene.setup.dir.join("out.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");

    // One key alone opens its own and reports the others.
    let (code, said) = scene.run(&["export", "--db", &scene.db, "--key", "new.key", "--survey", "small"], "");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("2 responses could not be opened: 2 do not open with this key"), "{said}");

    let (code, said) =
        scene.run(&["summary", "--db", &scene.db, "--key", "org.key", "--key", "new.key", "--survey", "small"], "");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("1 does not open with any of the 2 keys"), "{said}");
}

#[test]
fn purge_rebuilds_the_sqlite_file_so_deleted_envelopes_leave_it() {
    let scene = Scene::new(Backend::Sqlite, "purge_bytes");
    let envelopes = scene.add(20, &scene.setup.key, "2026-03-01");
    let kept = scene.add(1, &scene.setup.key, "2026-03-05");
    // A piece of each envelope's ciphertext, as it would lie in the file's bytes.
    let marks: Vec<&str> = envelopes.iter().map(|e| &e[60..100]).collect();
    let on_disk = || {
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-journal"] {
            bytes.extend(std::fs::read(format!("{}{suffix}", scene.db)).unwrap_or_default());
        }
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let before = on_disk();
    assert!(marks.iter().all(|m| before.contains(m)), "the envelopes are in the file before");
    let (code, said) =
        scene.run(&["purge", "--db", &scene.db, "--survey", "small", "--before", "2026-03-02", "--yes"], "");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("Deleted 20 responses") && said.contains("the file was rebuilt"), "{said}");
    let after = on_disk();
    let left: Vec<&&str> = marks.iter().filter(|m| after.contains(**m)).collect();
    assert!(left.is_empty(), "{} deleted envelopes are still in the file's bytes", left.len());
    assert!(after.contains(&kept[0][60..100]), "the response kept is still there");
}

#[test]
fn purge_refuses_what_is_not_a_day_or_a_database() {
    let scene = Scene::new(Backend::Sqlite, "purge_usage");
    for day in ["2026-02-30", "2026-13-01", "26-03-01", "2026-3-1", "yesterday", "2026-03-01T10:00"] {
        let (code, said) = scene.run(&["purge", "--survey", "small", "--before", day, "--yes"], "");
        assert_eq!(code, 2, "{day}: {said}");
        assert!(said.contains("YYYY-MM-DD"), "{said}");
    }
    let (code, said) = scene.run(&["purge", "--db", "missing.db", "--survey", "small", "--yes"], "");
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("missing.db: no such database"), "{said}");
    assert!(!scene.setup.dir.join("missing.db").exists(), "a wrong path creates no database");
    let (code, said) = scene.run(&["purge", "--db", "mysql://root@db/x", "--survey", "small", "--yes"], "");
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("only postgres:// URLs and file paths"), "{said}");
    // A database that cannot be reached is named without its password.
    let (code, said) =
        scene.run(&["purge", "--db", "postgres://organiser:secret@127.0.0.1:1/x", "--survey", "small", "--yes"], "");
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("postgres://organiser:***@127.0.0.1:1/x"), "{said}");
    assert!(!said.contains("secret"), "a password is never printed: {said}");
}

/// docs/deploy.md's way to rewrite the PostgreSQL table so that its files no longer tell the order
/// of arrival: batches written at different times have different `xmin`s and lie in arrival order;
/// after `UPDATE … SET day = day` and `CLUSTER … USING responses_pkey`, one `xmin` and id order.
#[test]
fn the_guides_rewrite_of_the_postgres_table_leaves_no_order_of_arrival() {
    let scene = Scene::new(Backend::Postgres, "rewrite");
    for _ in 0..5 {
        scene.add(4, &scene.setup.key, "2026-03-01");
    }
    let cluster = scene._cluster.as_ref().unwrap();
    let order = "SELECT count(DISTINCT xmin::text), \
                 (SELECT count(*) FROM (SELECT submission_id, lag(submission_id) OVER (ORDER BY ctid) AS before \
                                        FROM responses) AS t WHERE before > submission_id) \
                 FROM responses";
    let before = &cluster.sql_in(&scene.db, order)[0];
    assert_ne!(before[0], "1", "the test wrote its batches in one transaction");
    assert_ne!(before[1], "0", "the rows lie in id order already");
    cluster.sql_in(&scene.db, "BEGIN; UPDATE responses SET day = day; COMMIT;");
    cluster.sql_in(&scene.db, "CLUSTER responses USING responses_pkey");
    assert_eq!(cluster.sql_in(&scene.db, order), [["1", "0"]]);
    assert_eq!(scene.count("small"), 20);
}

/// The guide's way to connect: PostgreSQL's Unix socket, its folder as the URL's host.
#[test]
fn a_unix_socket_url_reaches_the_database() {
    let scene = Scene::new(Backend::Postgres, "socket");
    scene.add(2, &scene.setup.key, "2026-03-01");
    let cluster = scene._cluster.as_ref().unwrap();
    let schema = scene.db.split("search_path%3D").nth(1).unwrap();
    let url = format!("{}?options=-c%20search_path%3D{schema}", cluster.socket_url());
    assert!(url.starts_with("postgres://postgres@%2F"), "{url}");
    let (code, out) = scene.run(&["export", "--db", &url, "--key", "org.key", "--survey", "small"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Exported 2 responses"), "{out}");
}

/// `--db` may come from `SPEAKSAFE_DB` instead (a password then stays off the command line);
/// `--db` given wins.
#[test]
fn the_database_can_be_named_in_speaksafe_db() {
    let scene = Scene::new(Backend::Postgres, "environment");
    scene.add(3, &scene.setup.key, "2026-03-01");
    let url = scene.db.clone();
    let environment = [("SPEAKSAFE_DB", url.as_str())];
    let (code, out) = scene.run_with(&["export", "--key", "org.key", "--survey", "small"], "", &environment);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Exported 3 responses"), "{out}");
    let (code, out) = scene.run_with(&["purge", "--survey", "small"], "n\n", &environment);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("This deletes 3 responses"), "{out}");
    let (code, out) =
        scene.run_with(&["export", "--db", "elsewhere.db", "--key", "org.key", "--survey", "small"], "", &environment);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("elsewhere.db: no such database"), "{out}");
    let (_, help) = scene.run_with(&["serve", "--help"], "", &environment);
    assert!(
        help.contains("SPEAKSAFE_DB") && !help.contains(&url),
        "the help names the variable, never its value: {help}"
    );
}

on_both_stores!(
    purge_asks_first_and_deletes_only_that_surveys_responses,
    purge_before_a_day_keeps_that_day_and_after,
    export_and_summary_open_each_response_with_the_key_that_fits,
);
