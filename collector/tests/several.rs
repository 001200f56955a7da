//! Several collectors, one PostgreSQL: two built `speaksafe serve` processes on one database take
//! submissions, each accepts a retry of a submission first sent to the other, a retry sent to both
//! at the same moment is stored once, and `speaksafe export` finds every response exactly once.

mod common;
mod sealed;

use common::{Connection1, Postgres, Server};
use sealed::{parse_csv, response, Setup};
use speaksafe_core::envelope::seal_with_system_random;
use std::path::Path;

const RESPONSES: &str = "/api/v1/surveys/small/responses";

fn collector(setup: &Setup, url: &str) -> Server {
    let dist = setup.dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Survey</title>").unwrap();
    let path = |p: &Path| p.display().to_string();
    let (surveys, dist, public) = (path(&setup.dir.join("surveys")), path(&dist), path(&setup.dir.join("org.pub")));
    Server::start(&[
        "serve",
        "--db",
        url,
        "--surveys",
        &surveys,
        "--static",
        &dist,
        "--public-key",
        &public,
        "--rate-limit",
        "0",
    ])
}

/// Submission `n`: a random-looking id, and a response (age `n`) sealed to the organiser's key.
fn submission(setup: &Setup, n: usize) -> (String, String) {
    let id = format!("{:032x}", (n as u128 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835));
    let answer = response(&format!(r#"{{ "age": {n} }}"#), &[]);
    (id, seal_with_system_random(&answer, setup.key.public_key()).unwrap().to_text())
}

#[test]
fn two_collectors_on_one_database_take_each_others_retries_and_store_each_response_once() {
    let cluster = Postgres::start();
    let url = cluster.url();
    let setup = Setup::new("several");
    let (a, b) = (collector(&setup, &url), collector(&setup, &url));
    let (mut to_a, mut to_b) = (Connection1::open(a.address).unwrap(), Connection1::open(b.address).unwrap());
    let submissions: Vec<(String, String)> = (0..60).map(|n| submission(&setup, n)).collect();

    // Half through each.
    for (n, (id, envelope)) in submissions[..40].iter().enumerate() {
        let to = if n % 2 == 0 { &mut to_a } else { &mut to_b };
        assert_eq!(to.post_to(RESPONSES, id, envelope).unwrap(), 201, "submission {n}");
    }
    // Each sent again through the other collector: the same answer, no second row.
    for (n, (id, envelope)) in submissions[..40].iter().enumerate() {
        let other = if n % 2 == 0 { &mut to_b } else { &mut to_a };
        assert_eq!(other.post_to(RESPONSES, id, envelope).unwrap(), 201, "submission {n} sent again");
    }
    // An id already stored through one, with another envelope, through the other: a conflict.
    assert_eq!(to_b.post_to(RESPONSES, &submissions[0].0, &submissions[1].1).unwrap(), 409);
    assert_eq!(to_a.post_to(RESPONSES, &submissions[1].0, &submissions[0].1).unwrap(), 409);

    // A browser whose first try is still open sends again to the other collector: both at once.
    let both: Vec<_> = [a.address, b.address]
        .into_iter()
        .map(|address| {
            let batch = submissions[40..].to_vec();
            std::thread::spawn(move || {
                let mut connection = Connection1::open(address).unwrap();
                batch.iter().map(|(id, envelope)| connection.post_to(RESPONSES, id, envelope).unwrap()).collect()
            })
        })
        .collect();
    for statuses in both {
        let statuses: Vec<u16> = statuses.join().unwrap();
        assert!(statuses.iter().all(|&s| s == 201), "{statuses:?}");
    }

    // The export finds each response exactly once, whichever collector took it.
    let (code, out, err) = setup.run(&["export", "--db", &url, "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Exported 60 responses"), "{err}");
    let rows = parse_csv(&out);
    let age = rows[0].iter().position(|c| c == "age").expect("an age column");
    let mut ages: Vec<usize> = rows[1..].iter().map(|row| row[age].parse().unwrap()).collect();
    ages.sort_unstable();
    assert_eq!(ages, (0..60).collect::<Vec<_>>());
    assert_eq!(cluster.sql_in(&url, "SELECT count(*) FROM responses"), [["60"]]);
}
