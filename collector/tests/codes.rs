//! Access codes, on both stores: a code works once, a token works once, a forged or altered token
//! is refused, a survey that takes codes stores nothing without a token, two collectors racing on
//! one code or one token give one result, and after 200 redemptions and responses no value in any
//! table joins a code to a response. The survey's definition names its one token key, on every
//! collector, once codes are issued; nothing else gives a browser a key.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use common::{shared_cluster as cluster, Temp};
use serde_json::{json, Value};
use speaksafe_collector::access::{client, code_hash, new_code, TokenKey};
use speaksafe_collector::serve::{self, Counters, Options};
use speaksafe_collector::store::{Access, Location, Records, Store};
use speaksafe_core::envelope::encode;
use std::collections::HashSet;
use std::sync::Arc;
use tower::ServiceExt;

const KEY: &str = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng";

fn school() -> Value {
    json!({
        "format": "speaksafe/1", "id": "school", "languages": ["en"], "title": "Youth voice",
        "intro": "About school.", "completion": "Thank you.", "access": "codes",
        "submit": { "endpoint": "/api/v1/surveys/school/responses", "public_key": "" },
        "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
        "pages": [{ "id": "p1", "title": "School", "questions": [
            { "id": "safe", "kind": "yes_no", "text": "Do you feel safe?" }]}]
    })
}

fn envelope(fill: u8) -> String {
    format!("v1.{}.{}", encode(&[fill; 32]), encode(&vec![fill; 1024 + 16]))
}

struct Collector {
    router: Router,
    store: Arc<dyn Store>,
}

impl Collector {
    fn on(location: &Location, temp: &Temp) -> Collector {
        let static_dir = temp.0.join("dist");
        std::fs::create_dir_all(&static_dir).unwrap();
        let store = speaksafe_collector::store::open(location, Access::Collect).unwrap();
        let records = Arc::new(Records::open(location, Access::Collect).unwrap());
        let options = Options { static_dir, public_key: Some(KEY.into()), rate_limit: 0, ..Options::default() };
        let router = serve::router_with_counts(
            store.clone(),
            Some(records),
            Vec::new(),
            &options,
            Arc::new(Counters::default()),
        );
        Collector { router, store }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let request = Request::builder().method(method).uri(path).header("content-type", "application/json");
        let request = request.body(body.map_or(Body::empty(), |b| Body::from(b.to_string()))).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// The token key the survey's definition names, as a browser is given it (plain, or gzip).
    async fn named_key(&self, gzip: bool) -> Option<String> {
        let request = Request::builder().uri("/surveys/school.json");
        let request = if gzip { request.header("accept-encoding", "gzip") } else { request };
        let response = self.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let zipped = response.headers().get("content-encoding").is_some();
        assert_eq!(zipped, gzip, "gzip when asked for");
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        let bytes = if zipped {
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain).unwrap();
            plain
        } else {
            bytes
        };
        let definition: Value = serde_json::from_slice(&bytes).unwrap();
        definition["submit"]["token_key"].as_str().map(str::to_string)
    }

    /// Waits (up to 5 s: collectors look at the database every second) until the survey as
    /// served is as `wanted` says.
    async fn served_once(&self, wanted: impl Fn(&Value) -> bool) {
        for _ in 0..50 {
            let (status, definition) = self.call(Method::GET, "/surveys/school.json", None).await;
            if status == StatusCode::OK && wanted(&definition) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the survey as served did not change within 5 s");
    }

    /// The token key the survey's definition names: the only key a browser is given.
    async fn token_key(&self) -> String {
        self.named_key(false).await.expect("the definition names a token key")
    }

    /// Redeems a code: the token, or the refusal's status and word.
    async fn redeem(&self, key: &str, code: &str) -> Result<String, (StatusCode, String)> {
        let blinded = client::blind(key).unwrap();
        let body = json!({ "code": code, "blinded": blinded.blinded });
        let (status, answer) = self.call(Method::POST, "/api/v1/surveys/school/tokens", Some(body)).await;
        if status != StatusCode::OK {
            return Err((status, answer["code"].as_str().unwrap_or_default().to_string()));
        }
        Ok(blinded.finish(answer["blind_signature"].as_str().unwrap()).unwrap())
    }

    async fn submit(&self, id: &str, fill: u8, token: Option<&str>) -> (StatusCode, Value) {
        let mut body = json!({ "submission_id": id, "envelope": envelope(fill) });
        if let Some(token) = token {
            body["token"] = json!(token);
        }
        self.call(Method::POST, "/api/v1/surveys/school/responses", Some(body)).await
    }
}

/// A database with the school survey published, and `count` codes issued in `batch`.
fn set_up(
    temp: &Temp,
    postgres: bool,
    name: &str,
    count: usize,
) -> (Location, Vec<String>, Option<Arc<common::Postgres>>) {
    let (location, cluster) = if postgres {
        let cluster = cluster();
        (Location::Postgres(cluster.fresh(name)), Some(cluster))
    } else {
        (Location::Sqlite(temp.0.join("responses.db")), None)
    };
    drop(speaksafe_collector::store::open(&location, Access::Collect).unwrap());
    let records = Records::open(&location, Access::Collect).unwrap();
    let definition = school().to_string();
    records.publish("school", "v1", &definition, Some(KEY), "ann", "2026-12-05").unwrap();
    let key = TokenKey::generate().unwrap();
    records.keep_token_key("school", &key.secret_text().unwrap(), &key.public_text).unwrap();
    let codes: Vec<String> = (0..count).map(|_| new_code().unwrap()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| code_hash("school", c)).collect();
    records.issue_codes("school", "Year 9", &hashes, "ann", "2026-12-05").unwrap();
    (location, codes, cluster)
}

fn id(n: usize) -> String {
    format!("{:032x}", (n as u128 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835))
}

async fn once_each(postgres: bool) {
    let temp = Temp::new(&format!("codes-once-{postgres}"));
    let (location, codes, _cluster) = set_up(&temp, postgres, "codes_once", 3);
    let collector = Collector::on(&location, &temp);
    let key = collector.token_key().await;
    let kept = Records::open(&location, Access::Existing).unwrap().token_public_keys().unwrap();
    assert_eq!(Some(&key), kept.get("school"), "the key named is the one the collector signs with");

    // A wrong code, a mistyped one, then a good one twice.
    assert_eq!(collector.redeem(&key, "2222-2222-2222").await.unwrap_err(), (StatusCode::FORBIDDEN, "unknown".into()));
    let mut typo = codes[0].clone().into_bytes();
    typo[0] = if typo[0] == b'A' { b'B' } else { b'A' };
    let typo = String::from_utf8(typo).unwrap();
    assert_eq!(collector.redeem(&key, &typo).await.unwrap_err().1, "unknown");
    // A blinded message the key cannot sign is refused before the code is spent.
    let beyond = json!({ "code": codes[0], "blinded": encode(&[0xff; 256]) });
    let (status, answer) = collector.call(Method::POST, "/api/v1/surveys/school/tokens", Some(beyond)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let token = collector.redeem(&key, &codes[0].to_lowercase()).await.unwrap();
    assert_eq!(collector.redeem(&key, &codes[0]).await.unwrap_err(), (StatusCode::FORBIDDEN, "used".into()));

    // No token, a forged one, an altered one: refused, nothing stored.
    assert_eq!(collector.submit(&id(0), 1, None).await.0, StatusCode::FORBIDDEN);
    let forged = encode(&[7u8; 32 + 32 + 256]);
    assert_eq!(collector.submit(&id(0), 1, Some(&forged)).await.0, StatusCode::FORBIDDEN);
    use base64::Engine as _;
    let mut altered = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&token).unwrap();
    altered[40] ^= 1;
    assert_eq!(collector.submit(&id(0), 1, Some(&encode(&altered))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(collector.store.count("school"), Ok(0));

    // The token works once; the same submission sent again is the same response.
    assert_eq!(collector.submit(&id(0), 1, Some(&token)).await.0, StatusCode::CREATED);
    assert_eq!(collector.submit(&id(0), 1, Some(&token)).await.0, StatusCode::CREATED);
    let (status, body) = collector.submit(&id(1), 2, Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("used")));
    assert_eq!(collector.store.count("school"), Ok(1));

    // A withdrawn batch's codes stop working.
    let records = Records::open(&location, Access::Existing).unwrap();
    assert!(records.withdraw("school", "Year 9", "ann", "2026-12-05").unwrap());
    assert_eq!(collector.redeem(&key, &codes[1]).await.unwrap_err().1, "withdrawn");
    let batches = records.batches("school").unwrap();
    assert_eq!((batches[0].issued, batches[0].redeemed, batches[0].withdrawn), (3, 1, true));

    // A flood of junk: nothing stored.
    for n in 0..300 {
        let (status, _) = collector.submit(&id(100 + n), 3, None).await;
        assert!(status == StatusCode::FORBIDDEN || status == StatusCode::TOO_MANY_REQUESTS, "{status}");
    }
    assert_eq!(collector.store.count("school"), Ok(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_and_a_token_work_once_on_sqlite() {
    once_each(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_and_a_token_work_once_on_postgres() {
    once_each(true).await;
}

/// Two collectors on one database: the same code redeemed by both at once gives one token, and
/// the same token submitted to both at once (under two submission ids) gives one response.
async fn races(postgres: bool) {
    let temp = Temp::new(&format!("codes-races-{postgres}"));
    let (location, codes, _cluster) = set_up(&temp, postgres, "codes_races", 20);
    let (a, b) = (Arc::new(Collector::on(&location, &temp)), Arc::new(Collector::on(&location, &temp)));
    let key = a.token_key().await;
    for (n, code) in codes.iter().enumerate() {
        let (ra, rb) = tokio::join!(a.redeem(&key, code), b.redeem(&key, code));
        assert_eq!(ra.is_ok() as u8 + rb.is_ok() as u8, 1, "code {n}: {ra:?} {rb:?}");
        let token = ra.or(rb).unwrap();
        let (first, second) = (id(2 * n), id(2 * n + 1));
        let ((sa, _), (sb, _)) = tokio::join!(a.submit(&first, 1, Some(&token)), b.submit(&second, 2, Some(&token)));
        let stored = [sa, sb].iter().filter(|s| **s == StatusCode::CREATED).count();
        assert_eq!(stored, 1, "token {n}: {sa} {sb}");
    }
    assert_eq!(a.store.count("school"), Ok(codes.len() as u64));
}

#[tokio::test(flavor = "multi_thread")]
async fn two_collectors_racing_on_sqlite_give_one_token_and_one_response() {
    races(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_collectors_racing_on_postgres_give_one_token_and_one_response() {
    races(true).await;
}

/// The token key is named in the survey's definition, and only there: none before codes are
/// issued; once they are, the one key on every collector sharing the database (within a second
/// of its being made), plain and gzipped alike, kept across new versions; a key that came in
/// the published definition is never served; a survey without codes names none; and no route
/// hands out a key apart.
async fn one_key_named(postgres: bool) {
    let temp = Temp::new(&format!("codes-named-{postgres}"));
    let (location, _cluster) = if postgres {
        let cluster = cluster();
        (Location::Postgres(cluster.fresh("codes_named")), Some(cluster))
    } else {
        (Location::Sqlite(temp.0.join("responses.db")), None)
    };
    drop(speaksafe_collector::store::open(&location, Access::Collect).unwrap());
    let records = Records::open(&location, Access::Collect).unwrap();
    records.publish("school", "v1", &school().to_string(), Some(KEY), "ann", "2026-12-05").unwrap();
    let (a, b) = (Collector::on(&location, &temp), Collector::on(&location, &temp));
    assert_eq!(a.named_key(false).await, None, "no codes issued yet, no key");

    // Codes issued for the first time (as `speaksafe codes issue` does): the key is made.
    let key = TokenKey::generate().unwrap();
    records.keep_token_key("school", &key.secret_text().unwrap(), &key.public_text).unwrap();
    for collector in [&a, &b] {
        collector.served_once(|d| d["submit"]["token_key"].is_string()).await;
    }
    for collector in [&a, &b] {
        assert_eq!(collector.named_key(false).await.as_deref(), Some(key.public_text.as_str()));
        assert_eq!(collector.named_key(true).await.as_deref(), Some(key.public_text.as_str()));
    }
    // A second key made later (a second `codes issue` racing the first) does not replace it.
    let other = TokenKey::generate().unwrap();
    records.keep_token_key("school", &other.secret_text().unwrap(), &other.public_text).unwrap();

    // A new version that brings a key of its own: the collector's is served, not that one.
    let mut next = school();
    next["title"] = json!("Youth voice, spring");
    next["submit"]["token_key"] = json!(other.public_text);
    records.publish("school", "v2", &next.to_string(), None, "ann", "2026-12-05").unwrap();
    for collector in [&a, &b] {
        collector.served_once(|d| d["title"] == "Youth voice, spring").await;
    }
    assert_eq!(a.token_key().await, key.public_text);
    assert_eq!(b.token_key().await, key.public_text);

    // Open to anyone again: no key named.
    let mut open = school();
    open.as_object_mut().unwrap().remove("access");
    records.publish("school", "v3", &open.to_string(), None, "ann", "2026-12-05").unwrap();
    a.served_once(|d| d["access"].is_null()).await;
    assert_eq!(a.named_key(false).await, None);

    let (status, _) = a.call(Method::GET, "/api/v1/surveys/school/token-key", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no route gives a key apart from the definition");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_definition_names_the_one_token_key_on_sqlite() {
    one_key_named(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_definition_names_the_one_token_key_on_postgres() {
    one_key_named(true).await;
}

/// Every cell of every table, by table, in the order the database gives the rows.
fn every_table(location: &Location) -> Vec<(String, Vec<Vec<String>>)> {
    match location {
        Location::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            let names: Vec<String> = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            names
                .into_iter()
                .map(|name| {
                    let mut statement = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
                    let columns = statement.column_count();
                    let rows = statement
                        .query_map([], |row| {
                            Ok((0..columns)
                                .map(|i| match row.get_ref(i).unwrap() {
                                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                                    other => format!("{other:?}"),
                                })
                                .collect())
                        })
                        .unwrap()
                        .map(Result::unwrap)
                        .collect();
                    (name, rows)
                })
                .collect()
        }
        Location::Postgres(url) => {
            let mut client = postgres_client(url);
            let names: Vec<String> = client
                .query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", &[])
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            names
                .into_iter()
                .map(|name| {
                    let rows = client
                        .query(&format!("SELECT row_to_json(t)::text FROM \"{name}\" t"), &[])
                        .unwrap()
                        .iter()
                        .map(|r| {
                            let object: Value = serde_json::from_str(&r.get::<_, String>(0)).unwrap();
                            object
                                .as_object()
                                .unwrap()
                                .values()
                                .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
                                .collect()
                        })
                        .collect();
                    (name, rows)
                })
                .collect()
        }
    }
}

fn postgres_client(url: &str) -> SyncClient {
    SyncClient::new(url)
}

/// A blocking PostgreSQL client for reading every table (tokio-postgres on a runtime of its own).
struct SyncClient(tokio::runtime::Runtime, tokio_postgres::Client);

impl SyncClient {
    fn new(url: &str) -> SyncClient {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let client = runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
            tokio::spawn(connection);
            client
        });
        SyncClient(runtime, client)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<tokio_postgres::Row>, tokio_postgres::Error> {
        self.0.block_on(self.1.query(sql, params))
    }
}

async fn unlinkable(postgres: bool) {
    let temp = Temp::new(&format!("codes-unlinkable-{postgres}"));
    let (location, codes, _cluster) = set_up(&temp, postgres, "codes_unlinkable", 200);
    let collector = Collector::on(&location, &temp);
    let key = collector.token_key().await;
    // Each pupil redeems their code, then answers: what a reader of the database must not join.
    let mut pairs = Vec::new();
    for (n, code) in codes.iter().enumerate() {
        let token = collector.redeem(&key, code).await.unwrap();
        let envelope_fill = (n % 250) as u8;
        let (status, _) = collector.submit(&id(n), envelope_fill, Some(&token)).await;
        assert_eq!(status, StatusCode::CREATED);
        pairs.push((code_hash("school", code), id(n)));
    }
    let tables = {
        let location = location.clone();
        tokio::task::spawn_blocking(move || every_table(&location)).await.unwrap()
    };
    let names: HashSet<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    for wanted in ["codes", "spent_tokens", "responses", "code_batches", "token_keys", "log"] {
        assert!(names.contains(wanted), "no table {wanted} among {names:?}");
    }
    // Values every row of a kind shares (the survey, the day, the batch, flags) join nothing.
    let rows: Vec<&Vec<String>> = tables.iter().flat_map(|(_, rows)| rows).collect();
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for row in &rows {
        for cell in row.iter().collect::<HashSet<_>>() {
            *counts.entry(cell.as_str()).or_default() += 1;
        }
    }
    for (code, response) in &pairs {
        let with_code: Vec<&&Vec<String>> = rows.iter().filter(|r| r.contains(code)).collect();
        let with_response: Vec<&&Vec<String>> = rows.iter().filter(|r| r.contains(response)).collect();
        assert_eq!(with_code.len(), 1, "the code's hash is in one row");
        assert_eq!(with_response.len(), 1, "the response is in one row");
        for cell in with_code[0].iter() {
            let shared = with_response[0].contains(cell);
            assert!(!shared || counts[cell.as_str()] > 100, "{cell:?} joins a code to its response");
        }
        // Nor does any third row hold a value of each (a spent token beside its code, say).
        for row in &rows {
            if row.contains(code) || row.contains(response) {
                continue;
            }
            let of_code = row.iter().any(|c| counts[c.as_str()] <= 100 && with_code[0].contains(c));
            let of_response = row.iter().any(|c| counts[c.as_str()] <= 100 && with_response[0].contains(c));
            assert!(!(of_code && of_response), "a row joins a code to its response: {row:?}");
        }
    }
    // Row order: codes were redeemed, and responses stored, in the same order; the tables give
    // them back in an order that is not it (by hash and by random id on SQLite).
    let order = |table: &str, of: &dyn Fn(&Vec<String>) -> Option<usize>| -> Vec<usize> {
        tables.iter().find(|(n, _)| n == table).unwrap().1.iter().filter_map(of).collect()
    };
    let code_order = order("codes", &|row| pairs.iter().position(|(c, _)| row.contains(c)));
    let response_order = order("responses", &|row| pairs.iter().position(|(_, r)| row.contains(r)));
    assert_eq!(code_order.len(), 200);
    assert_eq!(response_order.len(), 200);
    if !postgres {
        let sorted: Vec<usize> = (0..200).collect();
        assert_ne!(code_order, sorted, "codes in the order they were redeemed");
        assert_ne!(response_order, sorted, "responses in the order they came");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn after_200_codes_no_table_joins_a_code_to_a_response_on_sqlite() {
    unlinkable(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn after_200_codes_no_table_joins_a_code_to_a_response_on_postgres() {
    unlinkable(true).await;
}

/// The command line: codes issued as cards (30 an A4 sheet, each code once, its QR code's link
/// with the code in the fragment), listed by batch, withdrawn; the database holds no code.
#[test]
fn codes_are_issued_as_cards_listed_and_withdrawn() {
    use std::process::Command;
    let temp = Temp::new("codes-cli");
    let db = temp.0.join("responses.db");
    drop(speaksafe_collector::store::open(&Location::Sqlite(db.clone()), Access::Collect).unwrap());
    drop(Records::open(&Location::Sqlite(db.clone()), Access::Collect).unwrap());
    let cards = temp.0.join("cards.html");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_speaksafe"))
            .args(args)
            .args(["--db", db.to_str().unwrap()])
            .output()
            .expect("runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, _, err) = run(&[
        "codes",
        "issue",
        "--survey",
        "school",
        "--count",
        "31",
        "--batch",
        "Year 9, school A",
        "--cards",
        cards.to_str().unwrap(),
        "--origin",
        "https://survey.example",
    ]);
    assert!(ok, "{err}");
    // The token key made with the first codes: its fingerprint said, as the console and
    // `speaksafe verify` show it.
    let kept = Records::open(&Location::Sqlite(db.clone()), Access::Existing).unwrap().token_public_keys().unwrap();
    let said = format!("fingerprint {}", speaksafe_collector::serve::surveys::fingerprint(&kept["school"]));
    assert!(err.contains(&said), "{err}");
    let html = std::fs::read_to_string(&cards).unwrap();
    assert_eq!(html.matches("class=\"sheet\"").count(), 2, "31 codes on two sheets");
    assert!(html.contains("@page { size: A4"));
    let codes: Vec<&str> = html.split("class=\"code\">").skip(1).map(|s| &s[..14]).collect();
    assert_eq!(codes.len(), 31);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), 31);
    for code in &codes {
        assert_eq!(speaksafe_core::code::read(code).as_deref(), Ok(*code));
    }
    assert_eq!(html.matches("<svg").count(), 31);
    // The database holds hashes, never a code.
    let database = std::fs::read(&db).unwrap();
    for code in &codes {
        assert!(!database.windows(14).any(|w| w == code.as_bytes()), "{code} is in the database");
    }
    let (ok, out, _) = run(&["codes", "list", "--survey", "school"]);
    assert!(ok && out.contains("Year 9, school A\t31 codes\t0 used"), "{out}");
    let (ok, _, err) = run(&["codes", "withdraw", "--survey", "school", "--batch", "Year 8"]);
    assert!(!ok && err.contains("no batch called \"Year 8\""), "{err}");
    let (ok, _, _) = run(&["codes", "withdraw", "--survey", "school", "--batch", "Year 9, school A"]);
    assert!(ok);
    let (_, out, _) = run(&["codes", "list", "--survey", "school"]);
    assert!(out.contains("withdrawn"), "{out}");
    // More codes: the same key.
    let (ok, _, err) =
        run(&["codes", "issue", "--survey", "school", "--count", "1", "--cards", cards.to_str().unwrap()]);
    assert!(ok && err.contains(&said), "{err}");
    let (ok, _, err) = run(&["codes", "issue", "--survey", "school", "--count", "0"]);
    assert!(!ok && err.contains("--count 0"), "{err}");
}
