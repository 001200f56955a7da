//! The collector's HTTP interface: every answer it gives, the headers on each, what it keeps.
//!
//! Most tests drive the router in-process (`tower::ServiceExt::oneshot`, no network); a few go
//! through a real socket on 127.0.0.1. Every test that stores or reads responses runs twice, on
//! each store: `sqlite::…` and `postgres::…` (a throwaway PostgreSQL cluster, `common`).

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::{shared_cluster as cluster, Postgres, Temp};
use rusqlite::Connection;
use serde_json::Value;
use speaksafe_collector::serve::connections::{self, Settings};
use speaksafe_collector::serve::gate::Limits;
use speaksafe_collector::serve::{self, Options};
use speaksafe_collector::store::PostgresStore;
use speaksafe_collector::store::{
    Access, Inserted, Pending, SqliteStore, Store, StoreError, StoredResponse, Submission,
};
use speaksafe_core::envelope::encode;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

const KEY: &str = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng";
const SURVEY: &str = "youth-voice";
const RESPONSES: &str = "/api/v1/surveys/youth-voice/responses";
const ID: &str = "0123456789abcdef0123456789abcdef";
/// An envelope of the right shape (a 32-byte key, a 1 KiB bucket); the collector cannot tell it
/// from a real one, and must not try.
static ENVELOPE: LazyLock<String> = LazyLock::new(|| envelope_with(7, 1024));

fn envelope_with(fill: u8, bucket: usize) -> String {
    format!("v1.{}.{}", encode(&[fill; 32]), encode(&vec![fill; bucket + 16]))
}

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// Where a test's responses are, to read them back as another process would.
enum Database {
    Sqlite(PathBuf),
    Postgres { cluster: Arc<Postgres>, url: String },
}

impl Database {
    fn new(backend: Backend, temp: &Temp, name: &str) -> Database {
        match backend {
            Backend::Sqlite => Database::Sqlite(temp.0.join("responses.db")),
            Backend::Postgres => {
                let cluster = cluster();
                let url = cluster.fresh(name);
                Database::Postgres { cluster, url }
            }
        }
    }

    fn open(&self) -> Arc<dyn Store> {
        match self {
            Database::Sqlite(path) => Arc::new(SqliteStore::open(path).unwrap()),
            Database::Postgres { url, .. } => Arc::new(PostgresStore::open(url, Access::Collect).unwrap()),
        }
    }

    /// The tables there are, and the columns of `responses` with their types (lower case).
    fn schema(&self) -> (Vec<String>, Vec<(String, String)>) {
        match self {
            Database::Sqlite(path) => {
                let conn = Connection::open(path).unwrap();
                let strings = |sql: &str| -> Vec<Vec<String>> {
                    let mut statement = conn.prepare(sql).unwrap();
                    let n = statement.column_count();
                    statement
                        .query_map([], |r| (0..n).map(|i| r.get::<_, String>(i)).collect())
                        .unwrap()
                        .map(Result::unwrap)
                        .collect()
                };
                let tables = strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
                let columns = strings("SELECT name, lower(type) FROM pragma_table_info('responses')");
                (
                    tables.into_iter().map(|r| r[0].clone()).collect(),
                    columns.into_iter().map(|r| (r[0].clone(), r[1].clone())).collect(),
                )
            }
            Database::Postgres { cluster, url } => {
                let tables = cluster.sql_in(
                    url,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
                );
                let columns = cluster.sql_in(
                    url,
                    "SELECT column_name, data_type FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = 'responses' ORDER BY ordinal_position",
                );
                (
                    tables.into_iter().map(|r| r[0].clone()).collect(),
                    columns.into_iter().map(|r| (r[0].clone(), r[1].clone())).collect(),
                )
            }
        }
    }

    /// Every row, in id order: (survey, submission id, envelope, day), read on a connection of its own.
    fn rows(&self) -> Vec<(String, String, String, String)> {
        const ALL: &str = "SELECT survey, submission_id, envelope, day FROM responses ORDER BY submission_id";
        match self {
            Database::Sqlite(path) => {
                let conn = Connection::open(path).unwrap();
                let mut statement = conn.prepare(ALL).unwrap();
                statement
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Database::Postgres { cluster, url } => cluster
                .sql_in(url, ALL)
                .into_iter()
                .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
                .collect(),
        }
    }
}

fn repo_surveys() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys")
}

/// A collector over a temporary database and static folder, serving the repository's surveys.
struct Collector {
    temp: Temp,
    database: Database,
    store: Arc<dyn Store>,
    router: Router,
}

impl Collector {
    /// A collector on SQLite, for what does not depend on the store.
    fn new(name: &str) -> Collector {
        Collector::on(Backend::Sqlite, name)
    }

    fn on(backend: Backend, name: &str) -> Collector {
        Collector::with(backend, name, Vec::new(), 0)
    }

    fn with(backend: Backend, name: &str, frame_ancestors: Vec<String>, rate_limit: u32) -> Collector {
        let temp = Temp::new(name);
        let static_dir = temp.0.join("dist");
        std::fs::create_dir_all(static_dir.join("surveys")).unwrap();
        std::fs::write(static_dir.join("index.html"), "<!doctype html><title>Survey</title>").unwrap();
        std::fs::write(static_dir.join("widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(static_dir.join("widget.js"), "export default 1;").unwrap();
        std::fs::write(static_dir.join("embed.js"), "/* embed */").unwrap();
        // A stale copy of a definition in the widget's build: the collector's own must win.
        std::fs::write(static_dir.join("surveys/youth-voice.json"), "{\"stale\": true}").unwrap();
        std::fs::write(static_dir.join("surveys/only-in-dist.json"), "{\"stale\": true}").unwrap();
        // Something outside the static folder that must never be served.
        std::fs::write(temp.0.join("secret.txt"), "secret").unwrap();
        let (surveys, _warnings) = serve::surveys::load_surveys(&repo_surveys(), Some(KEY)).unwrap();
        let database = Database::new(backend, &temp, name);
        let store = database.open();
        let options = Options { static_dir, frame_ancestors, rate_limit, ..Options::default() };
        let router = serve::router(store.clone(), surveys, &options);
        Collector { temp, database, store, router }
    }

    fn rows(&self) -> Vec<(String, String, String, String)> {
        self.database.rows()
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        (status, headers, body)
    }

    async fn post(&self, path: &str, body: impl Into<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap();
        self.send(request).await
    }

    async fn get(&self, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        self.send(Request::builder().uri(path).body(Body::empty()).unwrap()).await
    }
}

fn submission(id: &str, envelope: &str) -> String {
    serde_json::json!({ "submission_id": id, "envelope": envelope }).to_string()
}

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

/// The error message of a JSON error body.
fn error_of(body: &[u8]) -> String {
    json(body)["error"].as_str().expect("an error body is {\"error\": \"…\"}").to_string()
}

fn assert_security_headers(headers: &axum::http::HeaderMap, frame_ancestors: &str) {
    let h = |name: &str| headers.get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap().to_string();
    assert_eq!(
        h("content-security-policy"),
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
        )
    );
    assert_eq!(h("referrer-policy"), "no-referrer");
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("cache-control"), "no-store");
    assert_eq!(h("cross-origin-opener-policy"), "same-origin");
    let permissions = h("permissions-policy");
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"] {
        assert!(permissions.contains(feature), "permissions-policy: {permissions}");
    }
    assert!(["same-origin", "cross-origin"].contains(&h("cross-origin-resource-policy").as_str()));
    assert!(headers.get(header::SET_COOKIE).is_none());
}

async fn a_response_is_stored_and_on_disk_when_201_is_answered(backend: Backend) {
    let c = Collector::on(backend, "stored");
    let (status, headers, body) = c.post(RESPONSES, submission(ID, &ENVELOPE)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(json(&body), serde_json::json!({ "status": "stored" }));
    // A separate connection to the file, as another process would open it.
    let stored = c.rows();
    assert_eq!(stored.len(), 1);
    let (survey, id, envelope, day) = &stored[0];
    assert_eq!((survey.as_str(), id.as_str(), envelope.as_str()), (SURVEY, ID, ENVELOPE.as_str()));
    assert_eq!(day, &speaksafe_collector::store::today());
    assert_eq!(c.store.count(SURVEY), Ok(1));
    assert_eq!(
        c.store.responses(SURVEY).unwrap(),
        vec![StoredResponse { day: day.clone(), envelope: ENVELOPE.clone() }]
    );
}

async fn the_same_submission_twice_is_one_row_and_the_same_answer(backend: Backend) {
    let c = Collector::on(backend, "twice");
    let first = c.post(RESPONSES, submission(ID, &ENVELOPE)).await;
    let second = c.post(RESPONSES, submission(ID, &ENVELOPE)).await;
    assert_eq!(first.0, StatusCode::CREATED);
    assert_eq!((first.0, first.2), (second.0, second.2));
    assert_eq!(c.rows().len(), 1);
}

async fn the_same_submission_many_times_at_once_is_one_row(backend: Backend) {
    let c = Collector::on(backend, "at-once");
    let sends: Vec<_> = (0..20)
        .map(|_| {
            let request = Request::builder()
                .method(Method::POST)
                .uri(RESPONSES)
                .body(Body::from(submission(ID, &ENVELOPE)))
                .unwrap();
            tokio::spawn(c.router.clone().oneshot(request))
        })
        .collect();
    for send in sends {
        assert_eq!(send.await.unwrap().unwrap().status(), StatusCode::CREATED);
    }
    assert_eq!(c.rows().len(), 1);
}

async fn the_same_id_with_another_envelope_or_survey_is_a_conflict(backend: Backend) {
    let c = Collector::on(backend, "conflict");
    assert_eq!(c.post(RESPONSES, submission(ID, &ENVELOPE)).await.0, StatusCode::CREATED);
    let (status, headers, body) = c.post(RESPONSES, submission(ID, &envelope_with(8, 1024))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(error_of(&body).contains("submission_id"), "{}", error_of(&body));
    assert_security_headers(&headers, "'none'");
    let (status, _, _) = c.post("/api/v1/surveys/survivor-consultation/responses", submission(ID, &ENVELOPE)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let stored = c.rows();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].2, *ENVELOPE);
}

async fn an_unknown_survey_is_404_json(backend: Backend) {
    let c = Collector::on(backend, "unknown");
    for path in
        ["/api/v1/surveys/no-such-survey/responses", "/api/v1/surveys/youth-voice/answers", "/api/v2/anything", "/api"]
    {
        let (status, headers, body) = c.post(path, submission(ID, &ENVELOPE)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!error_of(&body).is_empty());
        assert_security_headers(&headers, "'none'");
    }
    assert!(c.rows().is_empty());
}

async fn malformed_bodies_are_400_saying_what_is_wrong(backend: Backend) {
    let c = Collector::on(backend, "malformed");
    let long = envelope_with(1, 2048);
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "not JSON"),
        ("submission_id=x".into(), "not JSON"),
        ("{\"submission_id\": \"".into(), "not JSON"),
        ("[1, 2]".into(), "JSON object"),
        ("\"v1.a.b\"".into(), "JSON object"),
        ("null".into(), "JSON object"),
        (serde_json::json!({ "envelope": ENVELOPE.as_str() }).to_string(), "\"submission_id\" is missing"),
        (serde_json::json!({ "submission_id": ID }).to_string(), "\"envelope\" is missing"),
        (
            serde_json::json!({ "submission_id": 12, "envelope": ENVELOPE.as_str() }).to_string(),
            "\"submission_id\" must be a string",
        ),
        (serde_json::json!({ "submission_id": ID, "envelope": ["v1"] }).to_string(), "\"envelope\" must be a string"),
        (submission("0123456789abcdef", &ENVELOPE), "32 lowercase hexadecimal"),
        (submission(&format!("{ID}00"), &ENVELOPE), "32 lowercase hexadecimal"),
        (submission(&ID.to_uppercase(), &ENVELOPE), "32 lowercase hexadecimal"),
        (submission("0123456789abcdef0123456789abcdeg", &ENVELOPE), "32 lowercase hexadecimal"),
        (submission("", &ENVELOPE), "32 lowercase hexadecimal"),
        (submission(ID, ""), "3 parts"),
        (submission(ID, "{\"age\": 14}"), "3 parts"),
        (submission(ID, &format!("v2.{}", &ENVELOPE[3..])), "\"v2\""),
        (submission(ID, &ENVELOPE[..ENVELOPE.rfind('.').unwrap()]), "3 parts"),
        (submission(ID, &format!("{}.AAAA", *ENVELOPE)), "3 parts"),
        (submission(ID, &format!("v1..{}", &ENVELOPE[47..])), "43"),
        (submission(ID, &format!("v1.{}.{}", encode(&[1; 16]), &ENVELOPE[47..])), "43"),
        (submission(ID, &format!("v1.{}+.{}", &ENVELOPE[3..45], &ENVELOPE[47..])), "encapsulated key"),
        (submission(ID, &format!("{}.", &ENVELOPE[..46])), "ciphertext (part 3)"),
        (submission(ID, &format!("{}==", *ENVELOPE)), "ciphertext (part 3)"),
        (submission(ID, &format!("{} ", *ENVELOPE)), "ciphertext (part 3)"),
        (submission(ID, &format!("{}.{}", &ENVELOPE[..46], encode(&[1; 100]))), "ciphertext (part 3) is 100 bytes"),
        (submission(ID, &format!("{}.{}", &ENVELOPE[..46], encode(&vec![1; 40_000]))), "bytes long"),
        (
            serde_json::json!({ "submission_id": ID, "envelope": ENVELOPE.as_str(), "answers": { "age": 14 } })
                .to_string(),
            "unknown field \"answers\"",
        ),
        (
            serde_json::json!({ "submission_id": ID, "envelope": long, "ip": "1.2.3.4" }).to_string(),
            "unknown field \"ip\"",
        ),
    ];
    for (body, expected) in cases {
        let (status, headers, response) = c.post(RESPONSES, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}", &body[..body.len().min(120)]);
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        let message = error_of(&response);
        assert!(message.contains(expected), "{}: {message:?} does not say {expected:?}", &body[..body.len().min(120)]);
        assert_security_headers(&headers, "'none'");
    }
    assert!(c.rows().is_empty());
}

async fn a_body_over_64_kib_is_413_whether_its_length_is_declared_or_not(backend: Backend) {
    let c = Collector::on(backend, "large");
    let big = submission(ID, &format!("{}{}", *ENVELOPE, "B".repeat(64 * 1024)));
    let (status, headers, body) = c.post(RESPONSES, big.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error_of(&body).contains("64 KiB"));
    assert_security_headers(&headers, "'none'");
    // Streamed, with no Content-Length: the limit holds while reading.
    let streamed = Body::new(Chunked(big.into_bytes().chunks(1000).map(<[u8]>::to_vec).collect()));
    let request = Request::builder().method(Method::POST).uri(RESPONSES).body(streamed).unwrap();
    let (status, _, _) = c.send(request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // The largest envelope (a 32 KiB bucket) fits.
    let largest = submission(ID, &envelope_with(3, 32 * 1024));
    assert!(largest.len() < 64 * 1024);
    assert_eq!(c.post(RESPONSES, largest).await.0, StatusCode::CREATED);
    assert_eq!(c.rows().len(), 1);
}

/// A body that arrives in pieces and does not say its length.
struct Chunked(std::collections::VecDeque<Vec<u8>>);

impl http_body::Body for Chunked {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(self.get_mut().0.pop_front().map(|chunk| Ok(http_body::Frame::data(chunk.into()))))
    }
}

async fn too_many_submissions_at_once_are_429_with_retry_after(backend: Backend) {
    let c = Collector::with(backend, "rate", Vec::new(), 3);
    let mut statuses = Vec::new();
    for i in 0..6 {
        let (status, headers, body) = c.post(RESPONSES, submission(&format!("{i:032x}"), &ENVELOPE)).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            let retry: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
            assert!((1..=2).contains(&retry), "Retry-After: {retry}");
            assert!(!error_of(&body).is_empty());
            assert_security_headers(&headers, "'none'");
        }
        statuses.push(status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 3, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count(), 3, "{statuses:?}");
    assert_eq!(c.rows().len(), 3);
}

async fn a_wrong_method_is_405(backend: Backend) {
    let c = Collector::on(backend, "method");
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::PATCH] {
        let request = Request::builder()
            .method(method.clone())
            .uri(RESPONSES)
            .body(Body::from(submission(ID, &ENVELOPE)))
            .unwrap();
        let (status, headers, body) = c.send(request).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(headers[header::ALLOW], "POST");
        assert!(error_of(&body).contains("POST"));
        assert_security_headers(&headers, "'none'");
    }
    for path in ["/surveys/youth-voice.json", "/", "/index.html"] {
        let (status, headers, _) = c.post(path, submission(ID, &ENVELOPE)).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "POST {path}");
        assert_security_headers(&headers, "'none'");
    }
    assert!(c.rows().is_empty());
}

/// A store whose disk has gone.
struct BrokenStore;

impl Store for BrokenStore {
    fn submit(&self, _: Submission) -> Pending {
        Pending::ready(Err(StoreError::Database("disk I/O error".into())))
    }
    fn page(&self, _: &str, _: Option<&str>, _: usize) -> Result<Vec<(String, StoredResponse)>, StoreError> {
        Err(StoreError::Database("disk I/O error".into()))
    }
    fn count_before(&self, _: &str, _: Option<&str>) -> Result<u64, StoreError> {
        Err(StoreError::Database("disk I/O error".into()))
    }
    fn purge(&self, _: &str, _: Option<&str>) -> Result<u64, StoreError> {
        Err(StoreError::Database("disk I/O error".into()))
    }
}

async fn a_store_failure_is_503_and_the_browser_may_send_again(backend: Backend) {
    let temp = Temp::new("broken");
    let (surveys, _) = serve::surveys::load_surveys(&repo_surveys(), None).unwrap();
    let options = Options { static_dir: temp.0.clone(), rate_limit: 0, ..Options::default() };
    let router = serve::router(Arc::new(BrokenStore), surveys, &options);
    let request =
        Request::builder().method(Method::POST).uri(RESPONSES).body(Body::from(submission(ID, &ENVELOPE))).unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    assert_security_headers(response.headers(), "'none'");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    assert!(error_of(&body).contains("send it again"));

    // A closed store (shutting down) answers the same.
    let c = Collector::on(backend, "closed");
    c.store.close();
    assert_eq!(c.post(RESPONSES, submission(ID, &ENVELOPE)).await.0, StatusCode::SERVICE_UNAVAILABLE);
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let c =
        Collector::with(backend, "headers", vec!["https://partner.example".into(), "https://school.example".into()], 0);
    let expected = "https://partner.example https://school.example";
    let mut seen = Vec::new();
    for path in [
        "/",
        "/index.html",
        "/widget_bg.wasm",
        "/widget.js",
        "/surveys/youth-voice.json",
        "/no-such-file",
        RESPONSES,
        "/api/x",
    ] {
        let (status, headers, _) = c.get(path).await;
        assert_security_headers(&headers, expected);
        seen.push(status.as_u16());
    }
    let (status, headers, _) = c.post(RESPONSES, submission(ID, &ENVELOPE)).await;
    assert_security_headers(&headers, expected);
    seen.push(status.as_u16());
    let head = Request::builder().method(Method::HEAD).uri("/").body(Body::empty()).unwrap();
    let (status, headers, _) = c.send(head).await;
    assert_security_headers(&headers, expected);
    seen.push(status.as_u16());
    assert_eq!(seen, [200, 200, 200, 200, 200, 404, 405, 404, 201, 200]);
}

#[tokio::test]
async fn every_error_and_redirect_has_a_json_body_and_the_headers_whoever_made_it() {
    let c = Collector::new("bare");
    let long = format!("/{}", "a".repeat(10_000));
    let put = Request::builder().method(Method::PUT).uri("/index.html").body(Body::empty()).unwrap();
    let (status, headers, body) = c.send(put).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert!(error_of(&body).contains("PUT"));
    assert_security_headers(&headers, "'none'");
    for (path, want) in [("/no-such-file", 404), ("/no/such/file.js", 404), (long.as_str(), 404), ("/surveys", 307)] {
        let (status, headers, body) = c.get(path).await;
        assert_eq!(status.as_u16(), want, "{}", &path[..path.len().min(40)]);
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{}", &path[..path.len().min(40)]);
        let body = json(&body);
        assert!(body["error"].is_string() || body["moved_to"].is_string(), "{body}");
        assert_security_headers(&headers, "'none'");
        assert_eq!(headers["cross-origin-resource-policy"], "same-origin");
    }
}

async fn encoded_addresses_reach_the_collectors_own_definition_never_the_builds_copy(backend: Backend) {
    let c = Collector::on(backend, "encoded");
    for path in [
        "/%73urveys/youth-voice.json",
        "/surveys%2fyouth-voice.json",
        "/surveys%2Fyouth-voice.json",
        "/surveys/youth%2Dvoice.json",
        "/%2Fsurveys/youth-voice.json",
        "/%2573urveys/youth-voice.json",
        "/surveys/only-in-dist%2ejson",
        "/%73urveys/only-in-dist.json",
        "/surveys/youth-voice.json%00",
        "/./surveys/youth-voice.json",
        "//surveys/youth-voice.json",
        "/%2fsurveys/youth-voice.json",
        "/surveys/./youth-voice.json",
        "/x/../surveys/youth-voice.json",
    ] {
        let (status, headers, body) = c.get(path).await;
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("stale"), "{path}: the build's copy was served");
        match status {
            StatusCode::OK => assert_eq!(json(&body)["submit"]["public_key"], KEY, "{path}"),
            StatusCode::NOT_FOUND => assert!(!error_of(&body).is_empty(), "{path}"),
            other => panic!("{path}: {other}"),
        }
        assert_security_headers(&headers, "'none'");
    }
    // An encoded address of a response is the same address.
    let (status, _, _) = c.post("/api/v1/%73urveys/youth-voice/responses", submission(ID, &ENVELOPE)).await;
    assert_eq!(status, StatusCode::CREATED);
}

async fn a_flood_of_junk_takes_no_real_submissions_place(backend: Backend) {
    let c = Arc::new(Collector::with(backend, "flood", Vec::new(), 50));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut flooders = Vec::new();
    for _ in 0..4 {
        let (c, stop) = (Arc::clone(&c), Arc::clone(&stop));
        flooders.push(tokio::spawn(async move {
            let mut sent = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let (status, _, _) = c.post(RESPONSES, "{}").await;
                assert!(status == StatusCode::BAD_REQUEST || status == StatusCode::TOO_MANY_REQUESTS, "{status}");
                sent += 1;
                tokio::task::yield_now().await;
            }
            sent
        }));
    }
    let mut stored = 0;
    for i in 0..29 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if c.post(RESPONSES, submission(&format!("{i:032x}"), &ENVELOPE)).await.0 == StatusCode::CREATED {
            stored += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut junk = 0;
    for f in flooders {
        junk += f.await.unwrap();
    }
    assert!(junk > 1000, "the flood sent only {junk} requests");
    assert!(stored >= 27, "only {stored} of 29 real submissions were stored during a flood of {junk} junk requests");
    assert_eq!(c.rows().len(), stored);
}

#[cfg(unix)]
#[test]
fn the_database_and_its_log_are_readable_by_the_collectors_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let temp = Temp::new("modes");
    let db = temp.0.join("responses.db");
    // A database left from before, readable by all.
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = SqliteStore::open(&db).unwrap();
    let submission = Submission {
        survey: SURVEY.into(),
        spent_token: None,
        submission_id: ID.into(),
        envelope: ENVELOPE.clone(),
        day: "2025-06-01".into(),
    };
    assert_eq!(store.insert(submission), Ok(Inserted::New));
    for name in ["responses.db", "responses.db-wal", "responses.db-shm"] {
        let mode = std::fs::metadata(temp.0.join(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name} is {mode:o}");
    }
    let fresh = temp.0.join("fresh.db");
    drop(SqliteStore::open(&fresh).unwrap());
    assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn frame_ancestors_is_none_unless_configured_and_refuses_what_is_not_a_source() {
    assert!(serve::headers::security_headers(&[])[0].1.to_str().unwrap().ends_with("frame-ancestors 'none'"));
    let sources = serve::headers::frame_ancestors("https://partner.example https://school.example").unwrap();
    assert!(serve::headers::security_headers(&sources)[0]
        .1
        .to_str()
        .unwrap()
        .ends_with("frame-ancestors https://partner.example https://school.example"));
    for bad in [
        "https://x.example; script-src https://evil.example",
        "*; sandbox",
        "https://x.example\r\nSet-Cookie: a=b",
        "javascript",
    ] {
        assert!(serve::headers::frame_ancestors(bad).is_err(), "{bad:?}");
    }
}

#[tokio::test]
async fn static_files_are_served_with_their_types_and_nothing_outside() {
    let c = Collector::new("static");
    let (status, headers, body) = c.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("<title>Survey</title>"));
    let (status, headers, _) = c.get("/widget_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    let (_, headers, _) = c.get("/widget.js").await;
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/surveys/..%2f..%2fsecret.txt",
        "/%2E%2E/secret.txt",
        "/dist/../../secret.txt",
    ] {
        let (status, _, body) = c.get(path).await;
        assert_ne!(status, StatusCode::OK, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
    }
}

#[tokio::test]
async fn embed_js_is_a_script_other_sites_may_load_and_the_survey_page_keeps_its_frame_ancestors() {
    let partner = serve::headers::frame_ancestors("https://partner.example").unwrap();
    let c = Collector::with(Backend::Sqlite, "embed", partner, 0);
    let (status, headers, body) = c.get("/embed.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"/* embed */");
    assert_eq!(headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert_eq!(headers["cross-origin-resource-policy"], "cross-origin");
    assert_security_headers(&headers, "https://partner.example");
    let (status, headers, _) = c.get("/?survey=youth-voice&embed=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_security_headers(&headers, "https://partner.example");
    std::fs::remove_file(c.temp.0.join("dist/embed.js")).unwrap();
    let (status, _, body) = c.get("/embed.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error_of(&body).contains("embed.js"));
}

#[tokio::test]
async fn survey_definitions_are_the_collectors_own_with_the_public_key() {
    let c = Collector::new("surveys");
    let (status, headers, body) = c.get("/surveys/youth-voice.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let definition = json(&body);
    assert_eq!(definition["id"], SURVEY);
    assert_eq!(definition["submit"]["public_key"], KEY);
    assert_eq!(definition["submit"]["endpoint"], RESPONSES);
    assert!(speaksafe_core::read(std::str::from_utf8(&body).unwrap()).is_ok());
    let (status, _, body) = c.get("/surveys/survivor-consultation.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["submit"]["public_key"], KEY);
    for path in
        ["/surveys/no-such-survey.json", "/surveys/only-in-dist.json", "/surveys/", "/surveys/youth-voice.json/x"]
    {
        let (status, headers, body) = c.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("stale"), "{path}");
        assert_security_headers(&headers, "'none'");
    }
}

/// GET `path` with `Accept-Encoding: accept`.
async fn get_accepting(c: &Collector, path: &str, accept: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    c.send(Request::builder().uri(path).header(header::ACCEPT_ENCODING, accept).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn browsers_that_accept_compression_get_definitions_gzipped_and_files_as_their_twins() {
    let c = Collector::new("compressed");
    let (_, _, plain) = c.get("/surveys/youth-voice.json").await;
    // A definition: gzipped for a browser that takes gzip, the same JSON once unpacked.
    for accept in ["gzip", "gzip, deflate, br, zstd", "br;q=1.0, GZIP;q=0.5", "*"] {
        let (status, headers, body) = get_accepting(&c, "/surveys/youth-voice.json", accept).await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip", "{accept}");
        assert_eq!(headers[header::VARY], "accept-encoding", "{accept}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        assert_security_headers(&headers, "'none'");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain, "{accept}");
        assert!(body.len() * 3 < plain.len(), "{} bytes gzipped, {} plain", body.len(), plain.len());
    }
    for accept in ["identity", "gzip;q=0", "br", "deflate, gzip; q=0"] {
        let (_, headers, body) = get_accepting(&c, "/surveys/youth-voice.json", accept).await;
        assert!(headers.get(header::CONTENT_ENCODING).is_none(), "{accept}");
        assert_eq!(body, plain, "{accept}");
    }
    // A file of the build: its .br or .gz twin when there is one and the browser takes it.
    let dist = c.temp.0.join("dist");
    std::fs::write(dist.join("widget_bg.wasm.br"), b"brotli twin").unwrap();
    std::fs::write(dist.join("widget_bg.wasm.gz"), b"gzip twin").unwrap();
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), &b"brotli twin"[..]),
        ("gzip", Some("gzip"), b"gzip twin"),
        ("identity", None, b"\0asm\x01\0\0\0"),
    ] {
        let (status, headers, got) = get_accepting(&c, "/widget_bg.wasm", accept).await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/wasm", "{accept}");
        assert_eq!(headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert_eq!(headers.get(header::VARY).is_some(), encoding.is_some(), "{accept}");
        assert_eq!(got, body, "{accept}");
        assert_security_headers(&headers, "'none'");
    }
    // The partner's embed script too, still loadable from any site.
    std::fs::write(dist.join("embed.js.br"), b"brotli embed").unwrap();
    let (status, headers, body) = get_accepting(&c, "/embed.js", "gzip, br").await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"brotli embed"[..]));
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::VARY], "accept-encoding");
    assert_eq!(headers["cross-origin-resource-policy"], "cross-origin");
    let (_, headers, body) = get_accepting(&c, "/embed.js", "gzip").await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, b"/* embed */");
    // No twin: the file as it is, whatever the browser takes.
    let (_, headers, body) = get_accepting(&c, "/widget.js", "br, gzip").await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, b"export default 1;");
}

#[test]
fn the_collector_refuses_to_start_on_a_bad_survey_and_says_which_and_why() {
    let temp = Temp::new("bad-surveys");
    std::fs::copy(repo_surveys().join("youth-voice.json"), temp.0.join("a.json")).unwrap();
    std::fs::write(temp.0.join("broken.json"), "{\"format\": \"speaksafe/1\", \"id\": ").unwrap();
    std::fs::write(temp.0.join("notes.txt"), "not a survey").unwrap();
    let problems = serve::surveys::load_surveys(&temp.0, None).unwrap_err();
    assert!(problems.iter().any(|p| p.contains("broken.json")), "{problems:?}");
    std::fs::remove_file(temp.0.join("broken.json")).unwrap();
    assert_eq!(serve::surveys::load_surveys(&temp.0, None).unwrap().0.len(), 1);
    // Two files with one id.
    std::fs::copy(repo_surveys().join("youth-voice.json"), temp.0.join("b.json")).unwrap();
    let problems = serve::surveys::load_surveys(&temp.0, None).unwrap_err();
    assert!(problems.iter().any(|p| p.contains("b.json") && p.contains("already used by")), "{problems:?}");
    // No surveys at all.
    let empty = Temp::new("no-surveys");
    assert!(serve::surveys::load_surveys(&empty.0, None).unwrap_err()[0].contains("no survey definitions"));
    // A public key file must hold a public key.
    std::fs::write(temp.0.join("k.pub"), format!("{KEY}\n")).unwrap();
    assert_eq!(serve::surveys::read_public_key(&temp.0.join("k.pub")).unwrap(), KEY);
    std::fs::write(temp.0.join("bad.pub"), "-----BEGIN PUBLIC KEY-----").unwrap();
    assert!(serve::surveys::read_public_key(&temp.0.join("bad.pub")).unwrap_err().contains("43 characters"));
}

async fn the_store_keeps_no_address_and_no_time_finer_than_the_day(backend: Backend) {
    let c = Collector::on(backend, "no-ip");
    let request = Request::builder()
        .method(Method::POST)
        .uri(RESPONSES)
        .header("x-forwarded-for", "203.0.113.7")
        .header("forwarded", "for=203.0.113.7")
        .header("user-agent", "Mozilla/5.0 (SchoolPC)")
        .body(Body::from(submission(ID, &ENVELOPE)))
        .unwrap();
    assert_eq!(c.send(request).await.0, StatusCode::CREATED);
    // One table of responses with four text columns (beside the hashes of spent access-code
    // tokens and, in PostgreSQL, the schema's version), and nothing that counts: no sequence, no
    // identity, no serial.
    let (tables, columns) = c.database.schema();
    let expected_tables: &[&str] = match backend {
        Backend::Sqlite => &["responses", "spent_tokens"],
        Backend::Postgres => &["responses", "speaksafe_schema", "spent_tokens"],
    };
    assert_eq!(tables, expected_tables);
    let expected = [("survey", "text"), ("submission_id", "text"), ("envelope", "text"), ("day", "text")];
    assert_eq!(columns, expected.map(|(n, t)| (n.to_string(), t.to_string())));
    let (survey, id, envelope, day) = c.rows().remove(0);
    assert_eq!((survey.as_str(), id.as_str(), envelope.as_str()), (SURVEY, ID, ENVELOPE.as_str()));
    assert!(is_day(&day), "{day}");
    for value in [&survey, &id, &envelope, &day] {
        assert!(!value.contains("203.0.113.7") && !value.contains("127.0.0.1") && !value.contains("Mozilla"));
        assert!(!value.contains(':'), "{value} looks like a time or an address");
    }
}

fn is_day(day: &str) -> bool {
    let b = day.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

async fn rows_are_kept_in_an_order_that_says_nothing_about_arrival(backend: Backend) {
    let c = Collector::on(backend, "order");
    // Arrival order 0, 1, 2, …; ids in another order.
    let id_of = |i: u8| format!("{:032x}", (u32::from(i) * 7919) % 101);
    for i in 0..40u8 {
        assert_eq!(c.post(RESPONSES, submission(&id_of(i), &envelope_with(i, 1024))).await.0, StatusCode::CREATED);
    }
    // No row numbers to read the arrival order from.
    match &c.database {
        Database::Sqlite(path) => {
            let conn = Connection::open(path).unwrap();
            let error = conn.prepare("SELECT rowid FROM responses").map(|_| ()).unwrap_err();
            assert!(error.to_string().contains("no such column"), "{error}");
        }
        Database::Postgres { cluster, url } => {
            let counters = cluster.sql_in(
                url,
                "SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace",
            );
            assert_eq!(counters, [["0"]], "a sequence numbers something");
        }
    }
    // Rows come back in the order of their ids, not of arrival.
    let mut by_id: Vec<u8> = (0..40).collect();
    by_id.sort_by_key(|&i| id_of(i));
    let expected: Vec<String> = by_id.iter().map(|&i| envelope_with(i, 1024)).collect();
    let returned: Vec<String> = c.store.responses(SURVEY).unwrap().into_iter().map(|r| r.envelope).collect();
    assert_eq!(returned, expected);
    assert_ne!(by_id, (0..40).collect::<Vec<u8>>());
}

/// One HTTP/1.1 request on an open connection; the status and body of the answer.
fn http(stream: &mut BufReader<TcpStream>, request: &str) -> (u16, Vec<(String, String)>, String) {
    stream.get_mut().write_all(request.as_bytes()).unwrap();
    let mut status = String::new();
    stream.read_line(&mut status).unwrap();
    let code: u16 = status.split(' ').nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").map(|(_, v)| v.parse().unwrap()).unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    (code, headers, String::from_utf8(body).unwrap())
}

/// The collector's router served on 127.0.0.1 as `speaksafe serve` serves it (the gate, the
/// connection cap), in a runtime of its own; stops when dropped.
struct Served {
    address: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    runtime: tokio::runtime::Runtime,
}

impl Served {
    fn new(router: Router, limits: Limits) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let settings = Settings { max: 64, limits };
        let server = runtime.spawn(connections::serve(listener, router, settings, async {
            let _ = stopped.await;
        }));
        Served { address, stop: Some(stop), server: Some(server), runtime }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.stop.take().map(|s| s.send(()));
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server);
        }
    }
}

fn through_a_real_socket_on_loopback(backend: Backend) {
    let c = Collector::on(backend, "socket");
    let served = Served::new(c.router.clone(), Limits::default());
    let address = served.address;

    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let mut stream = BufReader::new(stream);
    let body = submission(ID, &ENVELOPE);
    let post = format!(
        "POST {RESPONSES} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // Two requests on one keep-alive connection, then a page.
    let (code, headers, answer) = http(&mut stream, &post);
    assert_eq!((code, answer.as_str()), (201, r#"{"status":"stored"}"#));
    assert!(headers.iter().any(|(n, v)| n == "cache-control" && v == "no-store"));
    assert!(headers.iter().any(|(n, v)| n == "content-security-policy" && v.ends_with("frame-ancestors 'none'")));
    let (code, _, answer) = http(&mut stream, &post);
    assert_eq!((code, answer.as_str()), (201, r#"{"status":"stored"}"#));
    let (code, headers, _) = http(&mut stream, "GET /widget_bg.wasm HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(code, 200);
    assert!(headers.iter().any(|(n, v)| n == "content-type" && v == "application/wasm"));
    let (code, _, answer) = http(
        &mut stream,
        "POST /api/v1/surveys/youth-voice/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
    );
    assert_eq!(code, 400);
    assert!(answer.contains("submission_id"));
    drop(stream);

    let stored = c.rows();
    assert_eq!(stored.len(), 1);
    // Exactly what was sent, and the day: nothing of the connection.
    let today = speaksafe_collector::store::today();
    assert_eq!(stored[0], (SURVEY.to_string(), ID.to_string(), ENVELOPE.to_string(), today));
    drop(served);
}

fn requests_the_gate_refuses_are_answered_in_json_with_every_header(backend: Backend) {
    let c = Collector::on(backend, "gate");
    let limits = Limits { head_time: std::time::Duration::from_millis(500), ..Limits::default() };
    let served = Served::new(c.router.clone(), limits);
    let refused = |request: &[u8]| {
        let mut stream = TcpStream::connect(served.address).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        stream.write_all(request).unwrap();
        let mut answer = String::new();
        BufReader::new(stream).read_to_string(&mut answer).unwrap();
        answer
    };
    let long = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(10_000));
    let big = format!("GET / HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n", "a".repeat(20_000));
    for (request, status) in [
        (b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec(), "408"),
        (b"GET / HTTP/1.1\r\nthis is not a header\r\n\r\n".to_vec(), "400"),
        (b"NOT HTTP AT ALL\r\n\r\n".to_vec(), "400"),
        (long.into_bytes(), "414"),
        (big.into_bytes(), "431"),
        (b"POST /api/v1/surveys/youth-voice/responses HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(), "411"),
    ] {
        let answer = refused(&request);
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("{status}: {answer:?}"));
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{status}: {head}");
        let lower = head.to_ascii_lowercase();
        for header in [
            "content-security-policy: ",
            "permissions-policy: ",
            "cross-origin-resource-policy: same-origin",
            "content-type: application/json",
            "cache-control: no-store",
            "referrer-policy: no-referrer",
            "x-content-type-options: nosniff",
        ] {
            assert!(lower.contains(header), "{status} lacks {header}: {head}");
        }
        assert!(!error_of(body.as_bytes()).is_empty());
    }
    assert!(c.rows().is_empty());
}

fn a_blocking_insert_answers_after_the_commit(backend: Backend) {
    let temp = Temp::new("blocking");
    let database = Database::new(backend, &temp, "blocking");
    let store = database.open();
    let submission = Submission {
        survey: SURVEY.into(),
        spent_token: None,
        submission_id: ID.into(),
        envelope: ENVELOPE.clone(),
        day: "2025-06-01".into(),
    };
    assert_eq!(store.insert(submission.clone()), Ok(Inserted::New));
    assert_eq!(database.rows().len(), 1);
    assert_eq!(store.insert(submission), Ok(Inserted::Duplicate));
}

async fn a_sealed_response_goes_in_as_ciphertext_and_opens_only_with_the_key(backend: Backend) {
    use speaksafe_core::envelope::{open, seal_with_system_random, Envelope, PrivateKey};
    let c = Collector::on(backend, "sealed");
    let key = PrivateKey::generate_with_system_random().unwrap();
    let mut answers = serde_json::Map::new();
    answers.insert("feel_safe".into(), Value::String("mostly".into()));
    let response = speaksafe_core::Response {
        survey: SURVEY.into(),
        version: None,
        language: "en".into(),
        answers,
        other: serde_json::Map::new(),
        key: None,
    };
    let sealed = seal_with_system_random(&response, key.public_key()).unwrap().to_text();
    assert_eq!(c.post(RESPONSES, submission(ID, &sealed)).await.0, StatusCode::CREATED);
    let stored = c.store.responses(SURVEY).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].envelope, sealed);
    assert!(!stored[0].envelope.contains("mostly") && !stored[0].envelope.contains("feel_safe"));
    let envelope = Envelope::from_text(&stored[0].envelope).unwrap();
    assert_eq!(open(&envelope, &key, SURVEY).unwrap(), response);
}

/// Runs each named test once on each store: `sqlite::name` and `postgres::name`.
macro_rules! on_both_stores {
    (async: $($async_test:ident),* ; sync: $($sync_test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $async_test() {
                    super::$async_test(super::Backend::Sqlite).await
                }
            )*
            $(
                #[test]
                fn $sync_test() {
                    super::$sync_test(super::Backend::Sqlite)
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $async_test() {
                    super::$async_test(super::Backend::Postgres).await
                }
            )*
            $(
                #[test]
                fn $sync_test() {
                    super::$sync_test(super::Backend::Postgres)
                }
            )*
        }
    };
}

on_both_stores!(
    async: a_response_is_stored_and_on_disk_when_201_is_answered,
    the_same_submission_twice_is_one_row_and_the_same_answer,
    the_same_submission_many_times_at_once_is_one_row,
    the_same_id_with_another_envelope_or_survey_is_a_conflict,
    an_unknown_survey_is_404_json,
    malformed_bodies_are_400_saying_what_is_wrong,
    a_body_over_64_kib_is_413_whether_its_length_is_declared_or_not,
    too_many_submissions_at_once_are_429_with_retry_after,
    a_wrong_method_is_405,
    a_store_failure_is_503_and_the_browser_may_send_again,
    every_response_carries_the_security_headers,
    encoded_addresses_reach_the_collectors_own_definition_never_the_builds_copy,
    a_flood_of_junk_takes_no_real_submissions_place,
    the_store_keeps_no_address_and_no_time_finer_than_the_day,
    rows_are_kept_in_an_order_that_says_nothing_about_arrival,
    a_sealed_response_goes_in_as_ciphertext_and_opens_only_with_the_key;
    sync: through_a_real_socket_on_loopback,
    requests_the_gate_refuses_are_answered_in_json_with_every_header,
    a_blocking_insert_answers_after_the_commit,
);
