//! The ledger of releases, on both stores: every `summary` and `export --format xlsx` recorded in
//! the collector's database; a release refused when too few responses have come in since an
//! earlier one (the review's 200 then 201), naming that release and when the next is possible;
//! `--force`; the same release again allowed, and the same counts; `summary --ledger`; nothing
//! of any respondent's in the ledger; and two releases at the same moment, of which one is
//! recorded and the other refused.

#[macro_use]
mod common;
mod sealed;

use common::{database, Backend, Postgres};
use sealed::{response, Setup};
use speaksafe_collector::commands::ledger;
use speaksafe_collector::store::{self, Access, Inserted, Location, Records, Submission};
use speaksafe_core::envelope::seal_with_system_random;
use speaksafe_results::ledger::{Outcome, Release};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

/// The test survey and key in a scratch folder, and a collector's database of either kind.
struct Scene {
    setup: Setup,
    db: String,
    cluster: Option<Arc<Postgres>>,
}

impl Scene {
    fn new(backend: Backend, name: &str) -> Scene {
        let setup = Setup::new(name);
        let (db, cluster) = database(backend, &setup.dir.join("responses.db"), name);
        Scene { setup, db, cluster }
    }

    /// `n` responses, sealed and stored as the collector stores them, received on `day`.
    fn add(&self, n: usize, day: &str) {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let location: Location = self.db.parse().unwrap();
        let store = store::open(&location, Access::Collect).unwrap();
        for i in 0..n {
            let answers = format!(
                r#"{{ "group": "{}", "where": "{}", "ok": "yes" }}"#,
                ["a", "b"][i % 2],
                ["x", "y", "z"][i % 3]
            );
            let envelope = seal_with_system_random(&response(&answers, &[]), self.setup.key.public_key()).unwrap();
            let id = NEXT.fetch_add(1, Ordering::Relaxed) as u128 + 1;
            let submission = Submission {
                survey: "small".into(),
                submission_id: format!("{:032x}", id.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)),
                envelope: envelope.to_text(),
                day: day.into(),
                spent_token: None,
            };
            assert_eq!(store.insert(submission), Ok(Inserted::New));
        }
        store.close();
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let db = ["--db", self.db.as_str(), "--survey", "small"];
        self.setup.run(&[args, &db].concat())
    }

    fn summary(&self, extra: &[&str]) -> (i32, String, String) {
        self.run(&[&["summary", "--key", "org.key"], extra].concat())
    }

    /// The ledger's columns, as the database has them.
    fn columns(&self) -> Vec<String> {
        match &self.cluster {
            Some(cluster) => cluster
                .sql_in(
                    &self.db,
                    "SELECT column_name FROM information_schema.columns
                     WHERE table_name = 'releases' AND table_schema = current_schema() ORDER BY ordinal_position",
                )
                .into_iter()
                .map(|row| row[0].clone())
                .collect(),
            None => {
                let db = rusqlite::Connection::open(&self.db).unwrap();
                let mut columns = db.prepare("SELECT name FROM pragma_table_info('releases') ORDER BY cid").unwrap();
                columns.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
            }
        }
    }
}

fn a_release_too_soon_after_another_is_refused_and_every_release_is_in_the_ledger(backend: Backend) {
    let scene = Scene::new(backend, "ledger");
    let today = store::today();
    scene.add(200, "2026-03-02");
    let (code, first, err) = scene.summary(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Recorded as release "), "{err}");

    // The same summary again publishes nothing new: allowed, the same counts, not recorded twice.
    let (code, again, err) = scene.summary(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nothing new is published"), "{err}");
    assert_eq!(again, first, "the same people, the same counts");

    // One more response: the review's 200 then 201. Refused, whatever is asked for, and nothing
    // written.
    scene.add(1, "2026-03-03");
    let (code, out, err) = scene.summary(&["--html", "report.html"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(!scene.setup.dir.join("report.html").exists());
    let release_one = |err: &str| {
        let number = err.split("refused: release ").nth(1).and_then(|r| r.split(' ').next()).unwrap_or("?").to_string();
        format!("release {number} (summary, min-cell 10, {today}, 200 responses) counted 200 responses and there are 201 now")
    };
    let named = release_one(&err);
    assert!(err.contains(&named), "{err}");
    assert!(err.contains("would show what the 1 new one said"), "{err}");
    assert!(err.contains("The next release is possible once 9 more responses have come in (210 in all)"), "{err}");
    assert!(
        err.ends_with("(210 in all). `speaksafe summary --ledger` lists the releases; --force publishes anyway.\n"),
        "{err}"
    );
    let (code, _, err) = scene.summary(&["--by", "group"]);
    assert_eq!(code, 1, "other tables of the same people are refused too: {err}");
    let (code, _, err) = scene.run(&["export", "--key", "org.key", "--format", "xlsx", "--out", "out.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&named) && !scene.setup.dir.join("out.xlsx").exists(), "{err}");
    // A CSV export is the responses themselves, not a release of counts: the ledger has no say.
    let (code, _, err) = scene.run(&["export", "--key", "org.key", "--format", "csv", "--out", "out.csv"]);
    assert_eq!(code, 0, "{err}");

    // --force publishes, says what it gives away, and is recorded as forced.
    let (code, out, err) = scene.summary(&["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: --force: ") && err.contains(&named), "{err}");
    assert!(!out.is_empty());

    // Nine more make 210: still too soon after the forced release of 201.
    scene.add(9, "2026-03-04");
    let (code, _, err) = scene.run(&["export", "--key", "org.key", "--format", "xlsx", "--out", "out.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("201 responses, forced) counted 201 responses and there are 210 now"), "{err}");
    assert!(err.contains("once 1 more response has come in (211 in all)"), "{err}");
    scene.add(1, "2026-03-04");
    let (code, _, err) =
        scene.run(&["export", "--key", "org.key", "--format", "xlsx", "--out", "out.xlsx", "--by", "group"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Recorded as release "), "{err}");

    // The ledger, listed without a key.
    let (code, list, err) = scene.run(&["summary", "--ledger"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "{list}");
    assert_eq!(lines[0], "Releases of survey small, oldest first:");
    let expected = [
        format!("(summary, min-cell 10, {today}, 200 responses)"),
        format!("(summary, min-cell 10, {today}, 201 responses, forced)"),
        format!("(xlsx by group, min-cell 10, {today}, 211 responses)"),
    ];
    for (line, expected) in lines[1..].iter().zip(&expected) {
        assert!(line.trim_start().starts_with("release ") && line.contains(expected), "{line} is not {expected}");
        let digest = line.rsplit("digest ").next().unwrap();
        assert!(digest.len() == 16 && digest.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
    }

    // What the ledger holds: no respondent's answers, keys or ids, only the release.
    assert_eq!(
        scene.columns(),
        ["number", "survey", "kind", "by_questions", "min_cell", "day", "responses", "digest", "forced", "follows"]
    );
}

fn the_ledger_of_a_survey_with_no_releases_says_so(backend: Backend) {
    let scene = Scene::new(backend, "ledger_empty");
    scene.add(1, "2026-03-02");
    let (code, list, err) = scene.run(&["summary", "--ledger"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(list, "No releases of survey small yet.\n");
    // A summary without a key says what is missing.
    let (code, _, err) = scene.run(&["summary"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no private key: give one with --key NAME.key"), "{err}");
}

/// A release of 200 responses of `survey` whose tables have this digest, not yet judged.
fn release_of(survey: &str, digest: char) -> Release {
    Release {
        number: 0,
        survey: survey.into(),
        kind: "summary".into(),
        by: Vec::new(),
        min_cell: 10,
        day: String::new(),
        responses: 200,
        digest: digest.to_string().repeat(64),
        forced: false,
    }
}

fn two_releases_at_the_same_moment_give_one_recorded_and_one_refused(backend: Backend) {
    let scene = Scene::new(backend, "ledger_race");
    scene.add(1, "2026-03-02");
    let location: Location = scene.db.parse().unwrap();
    let open = || Records::open(&location, Access::Existing).unwrap();

    // Two organisers read the same ledger (empty) and judge the same: both tables may be
    // published. Only one may be recorded after that state of the ledger; the other is told that
    // the ledger moved, and nothing of it is recorded.
    let (one, other) = (open(), open());
    assert!(one.releases("small").unwrap().is_empty() && other.releases("small").unwrap().is_empty());
    assert_eq!(one.record_release(&release_of("small", 'a'), 0).unwrap(), Some(1));
    assert_eq!(other.record_release(&release_of("small", 'b'), 0).unwrap(), None);
    assert_eq!(one.releases("small").unwrap().len(), 1);

    // The whole check and record, in two threads let go together, round after round (each on a
    // survey of its own): other tables of the same 200 responses, so that the second must be
    // refused, naming the first.
    for round in 0..20 {
        let survey = format!("race{round}");
        let barrier = Arc::new(Barrier::new(2));
        let racers: Vec<_> = ['c', 'd']
            .into_iter()
            .map(|digest| {
                let (records, barrier, release) = (open(), Arc::clone(&barrier), release_of(&survey, digest));
                std::thread::spawn(move || {
                    barrier.wait();
                    ledger::record(&records, release, false).unwrap()
                })
            })
            .collect();
        let outcomes: Vec<Outcome> = racers.into_iter().map(|racer| racer.join().unwrap()).collect();
        let recorded: Vec<u64> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Recorded { number, forced: None } => Some(*number),
                _ => None,
            })
            .collect();
        let refused: Vec<&String> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Refused(words) => Some(words),
                _ => None,
            })
            .collect();
        assert_eq!((recorded.len(), refused.len()), (1, 1), "round {round}: {outcomes:?}");
        assert!(refused[0].starts_with(&format!("refused: release {} (summary", recorded[0])), "{}", refused[0]);
        assert_eq!(open().releases(&survey).unwrap().len(), 1, "round {round}");
    }
}

on_both_stores!(
    a_release_too_soon_after_another_is_refused_and_every_release_is_in_the_ledger,
    the_ledger_of_a_survey_with_no_releases_says_so,
    two_releases_at_the_same_moment_give_one_recorded_and_one_refused,
);
