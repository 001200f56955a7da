//! The console's API (`/api/v1/console/…`): who may call what, publishing a survey live,
//! versions, closing and reopening, the log, and downloading the sealed responses, on both
//! stores, with two collectors sharing a database.
//!
//! A session is made here the way a finished passkey sign-in makes one (the records' own
//! `start_session`); the passkey ceremonies themselves are tested in Chromium with its virtual
//! authenticator (tests/e2e/console.spec.mjs).

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::{shared_cluster as cluster, Temp};
use serde_json::{json, Value};
use speaksafe_collector::serve::console::{self, hash, now, Guard};
use speaksafe_collector::serve::{self, Counters, Options};
use speaksafe_collector::store::{Access, Location, Records, Store};
use speaksafe_core::envelope::encode;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const KEY: &str = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng";
const OTHER_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const SESSION: &str = "s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s0s";

fn park(title: &str, options: &[&str]) -> Value {
    json!({
        "format": "speaksafe/1",
        "id": "park",
        "languages": ["en"],
        "title": title,
        "intro": "About the park.",
        "completion": "Thank you.",
        "exit": { "url": "https://www.bbc.co.uk/weather" },
        "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
        "pages": [{ "id": "p1", "title": "The park", "questions": [
            { "id": "visit", "kind": "single_choice", "text": "How often do you go?",
              "options": options.iter().map(|o| json!({ "value": o, "text": o })).collect::<Vec<_>>() }
        ]}]
    })
}

fn envelope(fill: u8) -> String {
    format!("v1.{}.{}", encode(&[fill; 32]), encode(&vec![fill; 1024 + 16]))
}

/// A collector with the console, over a database of its own (or another collector's).
struct Collector {
    router: Router,
    records: Arc<Records>,
    store: Arc<dyn Store>,
}

/// A test's database, and the PostgreSQL cluster it is in (kept running while the test holds it).
fn location(temp: &Temp, postgres: bool, name: &str) -> (Location, Option<Arc<common::Postgres>>) {
    if postgres {
        let cluster = cluster();
        (Location::Postgres(cluster.fresh(name)), Some(cluster))
    } else {
        (Location::Sqlite(temp.0.join("responses.db")), None)
    }
}

impl Collector {
    fn on(location: &Location, temp: &Temp) -> Collector {
        let static_dir = temp.0.join("dist");
        std::fs::create_dir_all(&static_dir).unwrap();
        let surveys_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys");
        let (surveys, _) = serve::surveys::load_surveys(&surveys_dir, Some(KEY)).unwrap();
        let store = speaksafe_collector::store::open(location, Access::Collect).unwrap();
        let records = Arc::new(Records::open(location, Access::Collect).unwrap());
        let options = Options { static_dir, public_key: Some(KEY.into()), ..Options::default() };
        let router = serve::router_with_counts(
            store.clone(),
            Some(records.clone()),
            surveys,
            &options,
            Arc::new(Counters::default()),
        );
        Collector { router, records, store }
    }

    /// Signs `who` in, as a passkey sign-in does: an organiser with a session `token`.
    fn signed_in(&self, who: &str, token: &str) {
        self.records
            .invite(
                who,
                &format!("00000000-0000-4000-8000-{:012}", who.len()),
                &hash(&format!("invite-{who}")),
                now() + 60,
                "2026-12-04",
            )
            .unwrap();
        self.records.start_session(&hash(token), who, None, now(), "2026-12-04").unwrap();
    }

    async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).to_string();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn raw(&self, path: &str, token: &str) -> String {
        let request = Request::builder()
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        String::from_utf8(axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    async fn submit(&self, id: &str, fill: u8) -> StatusCode {
        let body = json!({ "submission_id": id, "envelope": envelope(fill) });
        self.call(Method::POST, "/api/v1/surveys/park/responses", None, Some(body)).await.0
    }

    async fn definition(&self) -> (StatusCode, Value) {
        self.call(Method::GET, "/surveys/park.json", None, None).await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_guarded_route_refuses_a_caller_with_no_session_or_a_forged_one() {
    let temp = Temp::new("console-guards");
    let collector = Collector::on(&location(&temp, false, "guards").0, &temp);
    let open: Vec<&str> = console::table().iter().filter(|(_, g, _)| *g == Guard::Open).map(|(p, ..)| *p).collect();
    // The only ways in: a new guarded route is refused below without being listed here.
    assert_eq!(
        open,
        [
            "/api/v1/console",
            "/api/v1/console/register/start",
            "/api/v1/console/register/finish",
            "/api/v1/console/sign-in/start",
            "/api/v1/console/sign-in/finish"
        ]
    );
    let forged = "f".repeat(43);
    let mut tried = 0;
    for (path, guard, _) in console::table() {
        if guard == Guard::Open {
            continue;
        }
        let path = path.replace("{id}", "youth-voice");
        for method in [Method::GET, Method::POST, Method::DELETE, Method::PUT] {
            for token in [None, Some(forged.as_str()), Some("not a token")] {
                let (status, body) = collector.call(method.clone(), &path, token, Some(json!({}))).await;
                assert!(
                    status == StatusCode::UNAUTHORIZED || status == StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} with {token:?}: {status} {body}"
                );
                if status == StatusCode::UNAUTHORIZED {
                    assert_eq!(body["signed_out"], true, "{path}");
                    tried += 1;
                }
            }
        }
    }
    assert!(tried >= 3 * 13, "every guarded route was refused with a 401 for its own methods ({tried})");
}

async fn publish_watch_close_and_reopen(postgres: bool) {
    let temp = Temp::new("console-publish");
    let (db, _cluster) = location(&temp, postgres, "publish");
    let city = Collector::on(&db, &temp);
    city.signed_in("Amira", SESSION);

    // Not served until it is published.
    assert_eq!(city.definition().await.0, StatusCode::NOT_FOUND);
    let (status, body) = city
        .call(
            Method::POST,
            "/api/v1/console/surveys/park/versions",
            Some(SESSION),
            Some(json!({ "definition": park("The park", &["often", "never"]), "public_key": OTHER_KEY })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let first = body["version"].as_str().unwrap().to_string();
    assert_eq!(first.len(), 64);

    // Live at once, with its own key and its version written in.
    let (status, served) = city.definition().await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served["submit"]["public_key"], OTHER_KEY);
    assert_eq!(served["submit"]["version"], first.as_str());
    assert_eq!(served["submit"].get("closed"), None);

    // A second collector on the same database serves it within a second or two, unrestarted.
    let temp2 = Temp::new("console-second");
    let second = Collector::on(&db, &temp2);
    assert_eq!(second.definition().await.1["submit"]["version"], first.as_str());

    // Answers come in through either.
    assert_eq!(city.submit("11111111111111111111111111111111", 1).await, StatusCode::CREATED);
    assert_eq!(second.submit("22222222222222222222222222222222", 2).await, StatusCode::CREATED);
    let (_, survey) = city.call(Method::GET, "/api/v1/console/surveys/park", Some(SESSION), None).await;
    assert_eq!(survey["responses"], 2, "{survey}");
    assert_eq!(survey["by_day"][0]["responses"], 2);
    assert_eq!(survey["status"], "open");
    assert_eq!(survey["key_fingerprint"].as_str().unwrap().len(), 16);

    // A change that would break the answers collected asks for the survey's id first.
    let breaking = json!({ "definition": park("The park", &["often"]) });
    let (status, body) =
        city.call(Method::POST, "/api/v1/console/surveys/park/versions", Some(SESSION), Some(breaking.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["confirm"], "park");
    assert!(body["breaking"][0].as_str().unwrap().contains("never"), "{body}");
    let mut confirmed = breaking.clone();
    confirmed["confirm"] = json!("park");
    let (status, body) =
        city.call(Method::POST, "/api/v1/console/surveys/park/versions", Some(SESSION), Some(confirmed)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let second_version = body["version"].as_str().unwrap().to_string();
    assert_eq!(city.definition().await.1["submit"]["public_key"], OTHER_KEY, "the survey keeps its key");

    // Errors are refused with where they are, and nothing changes.
    let mut broken = park("The park", &["often"]);
    broken["pages"][0]["questions"][0]["visible_if"] = json!("{nothing} = 'x'");
    let (status, body) = city
        .call(
            Method::POST,
            "/api/v1/console/surveys/park/versions",
            Some(SESSION),
            Some(json!({ "definition": broken })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["problems"][0].as_str().unwrap().contains("pages[0].questions[0].visible_if"), "{body}");

    // An older version back live.
    let (status, _) = city
        .call(Method::POST, "/api/v1/console/surveys/park/live", Some(SESSION), Some(json!({ "version": first })))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(city.definition().await.1["submit"]["version"], first.as_str());
    let (_, survey) = city.call(Method::GET, "/api/v1/console/surveys/park", Some(SESSION), None).await;
    let versions = survey["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], second_version.as_str());
    assert_eq!(versions[1]["live"], true);

    // Closed: said in the definition, and the endpoint answers 410.
    assert_eq!(
        city.call(Method::POST, "/api/v1/console/surveys/park/close", Some(SESSION), Some(json!({}))).await.0,
        StatusCode::OK
    );
    assert_eq!(city.definition().await.1["submit"]["closed"], true);
    assert_eq!(city.submit("33333333333333333333333333333333", 3).await, StatusCode::GONE);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(second.submit("44444444444444444444444444444444", 4).await, StatusCode::GONE, "closed everywhere");
    assert_eq!(
        city.call(Method::POST, "/api/v1/console/surveys/park/open", Some(SESSION), Some(json!({}))).await.0,
        StatusCode::OK
    );
    assert_eq!(city.submit("33333333333333333333333333333333", 3).await, StatusCode::CREATED);

    // A survey from --surveys can be closed too.
    assert_eq!(
        city.call(Method::POST, "/api/v1/console/surveys/youth-voice/close", Some(SESSION), Some(json!({}))).await.0,
        StatusCode::OK
    );
    assert_eq!(city.call(Method::GET, "/surveys/youth-voice.json", None, None).await.1["submit"]["closed"], true);

    // The log: who did what, which day; nothing about a respondent.
    let (_, log) = city.call(Method::GET, "/api/v1/console/log", Some(SESSION), None).await;
    let actions: Vec<&str> = log["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["close", "publish", "open", "close", "live", "publish", "publish", "sign-in", "invite"]);
    assert!(log["entries"].as_array().unwrap().iter().all(|e| e["organiser"] == "Amira"));

    // With access codes: once codes are issued (the key made), the console shows the fingerprint
    // of the token key the survey's definition names, as `speaksafe codes issue` prints it.
    let (_, survey) = city.call(Method::GET, "/api/v1/console/surveys/park", Some(SESSION), None).await;
    assert_eq!(survey["token_key_fingerprint"], Value::Null, "an open survey has no token key");
    let mut with_codes = park("The park", &["often"]);
    with_codes["access"] = json!("codes");
    with_codes["submit"] = json!({ "endpoint": "/api/v1/surveys/park/responses" });
    let publish = json!({ "definition": with_codes, "confirm": "park" });
    let (status, body) =
        city.call(Method::POST, "/api/v1/console/surveys/park/versions", Some(SESSION), Some(publish)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let key = speaksafe_collector::access::TokenKey::generate().unwrap();
    Records::open(&db, Access::Existing)
        .unwrap()
        .keep_token_key("park", &key.secret_text().unwrap(), &key.public_text)
        .unwrap();
    let mut named = Value::Null;
    for _ in 0..50 {
        named = city.definition().await.1["submit"]["token_key"].clone();
        if named.is_string() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(named, key.public_text.as_str());
    let (_, survey) = city.call(Method::GET, "/api/v1/console/surveys/park", Some(SESSION), None).await;
    assert_eq!(survey["token_key_fingerprint"], speaksafe_collector::serve::surveys::fingerprint(&key.public_text));
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_publish_watch_close_and_reopen() {
    publish_watch_close_and_reopen(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_publish_watch_close_and_reopen() {
    publish_watch_close_and_reopen(true).await;
}

async fn sessions_end(postgres: bool) {
    let temp = Temp::new("console-sessions");
    let (db, _cluster) = location(&temp, postgres, "sessions");
    let collector = Collector::on(&db, &temp);
    collector.signed_in("Amira", SESSION);
    assert_eq!(collector.call(Method::GET, "/api/v1/console/me", Some(SESSION), None).await.0, StatusCode::OK);
    // Signing out ends it.
    assert_eq!(
        collector.call(Method::POST, "/api/v1/console/sign-out", Some(SESSION), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        collector.call(Method::GET, "/api/v1/console/me", Some(SESSION), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Thirty minutes idle ends it.
    let idle = "i".repeat(43);
    collector.records.start_session(&hash(&idle), "Amira", None, now() - console::IDLE - 1, "2026-12-04").unwrap();
    assert_eq!(collector.call(Method::GET, "/api/v1/console/me", Some(&idle), None).await.0, StatusCode::UNAUTHORIZED);
    // Removing the organiser ends theirs at once.
    let other = "o".repeat(43);
    collector.signed_in("Ben", &other);
    assert_eq!(collector.call(Method::GET, "/api/v1/console/me", Some(&other), None).await.0, StatusCode::OK);
    assert!(collector.records.remove("Ben", "Amira", "2026-12-04").unwrap());
    assert_eq!(collector.call(Method::GET, "/api/v1/console/me", Some(&other), None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_sessions_end_at_sign_out_when_idle_and_when_removed() {
    sessions_end(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_sessions_end_at_sign_out_when_idle_and_when_removed() {
    sessions_end(true).await;
}

async fn invites(postgres: bool) {
    let temp = Temp::new("console-invites");
    let (db, _cluster) = location(&temp, postgres, "invites");
    let collector = Collector::on(&db, &temp);
    let records = &collector.records;
    records.invite("Amira", "00000000-0000-4000-8000-000000000001", &hash("good"), now() + 60, "2026-12-04").unwrap();
    records.invite("Ben", "00000000-0000-4000-8000-000000000002", &hash("old"), now() - 1, "2026-12-04").unwrap();
    let start = |invite: &str| json!({ "invite": invite });
    let (status, body) =
        collector.call(Method::POST, "/api/v1/console/register/start", None, Some(start("good"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["organiser"], "Amira");
    assert_eq!(body["options"]["publicKey"]["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(body["ceremony"].as_str().unwrap().len(), 43);
    let (status, body) = collector.call(Method::POST, "/api/v1/console/register/start", None, Some(start("old"))).await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    assert!(body["error"].as_str().unwrap().contains("expired"));
    assert_eq!(
        collector.call(Method::POST, "/api/v1/console/register/start", None, Some(start("nobody"))).await.0,
        StatusCode::NOT_FOUND
    );
    // An invite works once.
    assert_eq!(records.use_invite(&hash("good"), now()).unwrap().as_deref(), Some("Amira"));
    assert_eq!(records.use_invite(&hash("good"), now()).unwrap(), None);
    let (status, body) =
        collector.call(Method::POST, "/api/v1/console/register/start", None, Some(start("good"))).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(body["error"].as_str().unwrap().contains("already been used"), "{body}");
    // A ceremony id that was never given out is refused as gone.
    let (status, _) = collector
        .call(
            Method::POST,
            "/api/v1/console/sign-in/finish",
            None,
            Some(json!({ "ceremony": "x".repeat(43), "credential": {} })),
        )
        .await;
    assert!(status == StatusCode::GONE || status == StatusCode::BAD_REQUEST, "{status}");
    let (status, body) = collector.call(Method::POST, "/api/v1/console/sign-in/start", None, Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["options"]["publicKey"]["challenge"].is_string(), "{body}");
    assert_eq!(body["options"].get("mediation"), None, "a button, not autofill");
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_invites_work_once_and_for_a_day() {
    invites(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_invites_work_once_and_for_a_day() {
    invites(true).await;
}

async fn download(postgres: bool) {
    let temp = Temp::new("console-download");
    let (db, _cluster) = location(&temp, postgres, "download");
    let collector = Collector::on(&db, &temp);
    collector.signed_in("Amira", SESSION);
    let ids: Vec<String> = (0..25u8).map(|i| format!("{:032x}", u128::from(i) * 7919 + 1)).collect();
    for (i, id) in ids.iter().enumerate() {
        let body = json!({ "submission_id": id, "envelope": envelope(i as u8) });
        let (status, _) = collector.call(Method::POST, "/api/v1/surveys/youth-voice/responses", None, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // In pieces of 10, each going on from the last id it had.
    let mut got: Vec<String> = Vec::new();
    let mut after = String::new();
    loop {
        let text = collector
            .raw(&format!("/api/v1/console/surveys/youth-voice/responses?limit=10&after={after}"), SESSION)
            .await;
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let (end, rows) = lines.split_last().unwrap();
        assert_eq!(end["end"], true, "a whole download ends with its last line");
        assert_eq!(end["total"], 25);
        for row in rows {
            assert!(row["envelope"].as_str().unwrap().starts_with("v1."));
            assert_eq!(row["day"].as_str().unwrap().len(), 10);
            got.push(row["id"].as_str().unwrap().to_string());
        }
        if end["more"] != true {
            break;
        }
        after = got.last().unwrap().clone();
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(got, sorted, "every response once, in the order of their ids");

    // A command-line token reads its own survey's responses, and no other's.
    let token = "t".repeat(43);
    collector.records.start_session(&hash(&token), "Amira", Some("youth-voice"), now(), "2026-12-04").unwrap();
    assert!(collector.raw("/api/v1/console/surveys/youth-voice/responses", &token).await.contains("\"end\":true"));
    let (status, _) = collector
        .call(Method::GET, "/api/v1/console/surveys/survivor-consultation/responses", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // It cannot purge, nor use the rest of the console.
    assert_eq!(
        collector.call(Method::GET, "/api/v1/console/surveys", Some(&token), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        collector
            .call(
                Method::DELETE,
                "/api/v1/console/surveys/youth-voice/responses",
                Some(&token),
                Some(json!({ "confirm": "youth-voice" }))
            )
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );

    // The purge asks for the survey's id first.
    let (status, body) = collector
        .call(Method::DELETE, "/api/v1/console/surveys/youth-voice/responses", Some(SESSION), Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["confirm"], "youth-voice");
    assert_eq!(collector.store.count("youth-voice").unwrap(), 25);
    let (status, body) = collector
        .call(
            Method::DELETE,
            "/api/v1/console/surveys/youth-voice/responses",
            Some(SESSION),
            Some(json!({ "confirm": "youth-voice" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["deleted"], 25);
    assert_eq!(collector.store.count("youth-voice").unwrap(), 0);
    let (_, log) = collector.call(Method::GET, "/api/v1/console/log", Some(SESSION), None).await;
    let actions: Vec<&str> = log["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(&actions[..4], ["purge", "download", "token", "download"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_sealed_responses_download_in_pieces_and_purge_when_confirmed() {
    download(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_sealed_responses_download_in_pieces_and_purge_when_confirmed() {
    download(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_studio_and_console_are_framed_by_nobody_and_may_use_passkeys() {
    let temp = Temp::new("console-headers");
    let (db, _cluster) = location(&temp, false, "headers");
    let store = speaksafe_collector::store::open(&db, Access::Collect).unwrap();
    let records = Arc::new(Records::open(&db, Access::Collect).unwrap());
    // The survey may be framed by a partner; the organisers' pages by nobody.
    let options = Options { frame_ancestors: vec!["https://partner.example".into()], ..Options::default() };
    let router = serve::router_with_counts(store, Some(records), Vec::new(), &options, Arc::new(Counters::default()));
    for path in ["/studio/", "/studio/index.html", "/console/", "/api/v1/console"] {
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(csp.ends_with("frame-ancestors 'none'"), "{path}: {csp}");
        let permissions = response.headers()["permissions-policy"].to_str().unwrap();
        assert!(permissions.contains("publickey-credentials-get=(self)"), "{path}");
    }
    let request = Request::builder().uri("/").body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert!(response.headers()["permissions-policy"].to_str().unwrap().contains("publickey-credentials-get=()"));
    assert!(response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .ends_with("frame-ancestors https://partner.example"));
}
