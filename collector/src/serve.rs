//! `speaksafe serve`: the collector. It serves the widget (the Trunk build) and the survey
//! definitions, and stores the sealed responses browsers send, which it cannot open.
//!
//! ```text
//! speaksafe serve --db responses.db --surveys surveys/ --static dist/ --listen 127.0.0.1:8080 \
//!     [--frame-ancestors "https://partner.example https://school.example"] \
//!     [--public-key NAME.pub] [--rate-limit 200]
//! ```
//!
//! # Endpoints
//!
//! - `POST /api/v1/surveys/{id}/responses`, body `{"submission_id": "<32 lowercase hex>",
//!   "envelope": "v1.<base64url>.<base64url>"}` (nothing else, at most 64 KiB; the envelope's
//!   shape is checked as `speaksafe_core::envelope::Envelope::from_text` reads it):
//!   - `201 {"status":"stored"}` once the response is on disk; the same submission sent again
//!     gets the same answer and is stored once;
//!   - `409` the submission id is already stored with another envelope;
//!   - `400` the body is not such JSON; `404` no such survey; `405` another method;
//!     `413` the body is over 64 KiB; `429` (with `Retry-After`, seconds) too many submissions
//!     this second, across all respondents; `503` (with `Retry-After`) the store could not
//!     write: send it again.
//!
//!   Every error is JSON: `{"error": "what is wrong"}`.
//! - `GET /surveys/{id}.json`: a definition read from `--surveys` at start (checked, with
//!   `--public-key` written into `submit.public_key`). Nothing else under `/surveys/` is served,
//!   not even a copy in `--static`.
//! - `GET /embed.js`: the partner's one-line embed (issue 6), from `--static`, as
//!   `text/javascript` with `Cross-Origin-Resource-Policy: cross-origin`: it is meant to be
//!   loaded by other sites' pages (even those that require CORP of what they load).
//! - `GET` anything else: a file from `--static` (`/` is `index.html`).
//!
//! Compressed for browsers that accept it (respondents are on slow phones): a file from
//! `--static` (and `/embed.js`) as its `.br` or `.gz` twin when the build made one
//! (`scripts/finish-build.mjs`, run by Trunk after every build), a definition gzipped once at
//! start. Such answers carry `Content-Encoding` and `Vary: Accept-Encoding`.
//!
//! `--frame-ancestors` is the CSP `frame-ancestors` of every response, the survey page
//! included: a site not listed gets no survey in a frame (the browser refuses to show it).
//! `Cross-Origin-Opener-Policy: same-origin` applies to the survey page only when it is the
//! top-level page; in a partner's frame browsers ignore it, so it does not stop embedding.
//!
//! Every response carries the security headers of [`security_headers`], and `Cache-Control:
//! no-store`: a shared school computer keeps nothing.
//!
//! # What the collector never records
//!
//! No address, no user agent, no time of a request. This is enforced here, in one place:
//! - [`run`] serves with `axum::serve(listener, router)`, not `into_make_service_with_connect_info`,
//!   so no handler can even see the peer's address;
//! - [`router`] adds no request-logging layer (no `tower_http::trace::TraceLayer`, whose default
//!   fields include the URI, headers and timing), and no handler reads request headers other
//!   than `Content-Length`;
//! - the only output is the address listened on, at start, and counts, at the end. Counts are not
//!   printed as they happen, since a log line's timestamp would date a submission.
//! - the store keeps the day only ([`crate::store`]).

use crate::store::{self, Inserted, SqliteStore, Store, StoreError, Submission};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use speaksafe_core::envelope::{Envelope, EnvelopeError, PublicKey};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// The largest request body read, in bytes.
pub const MAX_BODY: usize = 64 * 1024;
/// How long shutdown waits for open requests before it stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SQLite database the responses are kept in (created if missing).
    #[arg(long, value_name = "FILE", default_value = "responses.db")]
    pub db: PathBuf,
    /// The folder of survey definitions (*.json) to serve; every one must be valid.
    #[arg(long, value_name = "DIR", default_value = "surveys")]
    pub surveys: PathBuf,
    /// The folder of the built widget (Trunk's dist/).
    #[arg(long = "static", value_name = "DIR", default_value = "dist")]
    pub static_dir: PathBuf,
    /// The address and port to listen on.
    #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The sites allowed to embed the survey in a frame, separated by spaces
    /// (e.g. "https://partner.example https://school.example"); none when not given.
    #[arg(long, value_name = "SOURCES")]
    pub frame_ancestors: Option<String>,
    /// A public key file (43 characters of base64url, from `speaksafe keygen`) written into
    /// every served definition's submit.public_key.
    #[arg(long, value_name = "NAME.pub")]
    pub public_key: Option<PathBuf>,
    /// The most submissions accepted per second, across all respondents (0: no limit).
    #[arg(long, value_name = "PER_SECOND", default_value_t = 200)]
    pub rate_limit: u32,
}

/// How the router behaves, apart from its store and surveys.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `--static` folder.
    pub static_dir: PathBuf,
    /// The CSP `frame-ancestors` sources, already checked ([`frame_ancestors`]); `'none'` if empty.
    pub frame_ancestors: Vec<String>,
    /// Submissions per second across all respondents; 0 for no limit.
    pub rate_limit: u32,
}

/// The survey definitions served, by id: the JSON text exactly as served.
pub type Surveys = BTreeMap<String, String>;

/// What the collector counts (and prints when it stops).
#[derive(Debug, Default)]
pub struct Counts {
    pub stored: AtomicU64,
    pub repeated: AtomicU64,
    pub conflicts: AtomicU64,
    pub malformed: AtomicU64,
    pub rate_limited: AtomicU64,
    pub store_failures: AtomicU64,
}

impl Counts {
    fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// One line, for the end of a run.
    pub fn summary(&self) -> String {
        let n = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "responses stored: {} (and {} sent again); refused: {} conflicting ids, {} malformed, {} rate-limited; store failures: {}",
            n(&self.stored),
            n(&self.repeated),
            n(&self.conflicts),
            n(&self.malformed),
            n(&self.rate_limited),
            n(&self.store_failures)
        )
    }
}

struct App {
    store: Arc<dyn Store>,
    /// Each definition gzipped, for browsers that accept gzip.
    gzipped: BTreeMap<String, Bytes>,
    /// The `--static` folder (for `/embed.js`).
    static_dir: PathBuf,
    surveys: Surveys,
    bucket: Option<Bucket>,
    counts: Arc<Counts>,
    /// Whether a store failure has been reported; only the first is printed (see the module doc).
    failure_reported: AtomicBool,
}

/// Runs `speaksafe serve`.
pub fn run(args: &Args) -> ExitCode {
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("speaksafe serve: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &Args) -> Result<(), String> {
    let frame_ancestors = frame_ancestors(args.frame_ancestors.as_deref().unwrap_or(""))?;
    let public_key = match &args.public_key {
        Some(path) => Some(read_public_key(path)?),
        None => None,
    };
    let (surveys, warnings) = load_surveys(&args.surveys, public_key.as_deref()).map_err(|problems| {
        let mut message = format!("cannot serve the surveys in {}:", args.surveys.display());
        for problem in problems {
            let _ = write!(message, "\n  {problem}");
        }
        message
    })?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    if !args.static_dir.is_dir() {
        return Err(format!("--static {}: not a folder (build the widget with `trunk build --release`)", args.static_dir.display()));
    }
    let store = Arc::new(SqliteStore::open(&args.db).map_err(|e| format!("--db {}: {e}", args.db.display()))?);
    let counts = Arc::new(Counts::default());
    let options = Options { static_dir: args.static_dir.clone(), frame_ancestors, rate_limit: args.rate_limit };
    let ids: Vec<String> = surveys.keys().cloned().collect();
    let app = router_with_counts(store.clone(), surveys, &options, counts.clone());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("speaksafe-serve")
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // Our own address, so that a test or a supervisor can find the port: never a client's.
        println!("speaksafe: serving {} on http://{address}/", ids.join(", "));
        let _ = std::io::Write::flush(&mut std::io::stdout());

        let stop = Arc::new(tokio::sync::Notify::new());
        let stopping = {
            let stop = stop.clone();
            async move {
                shutdown_signal().await;
                // notify_one keeps a permit, so the deadline below starts even if it is not yet waiting.
                stop.notify_one();
            }
        };
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        // `axum::serve(listener, app)`: no connect info, so no handler can see an address.
        let server = axum::serve(listener, app).with_graceful_shutdown(stopping);
        let deadline = async {
            stop.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            result = server => result.map_err(|e| format!("server: {e}")),
            () = deadline => {
                eprintln!("speaksafe: requests still open {} s after the signal; stopping anyway", SHUTDOWN_GRACE.as_secs());
                Ok(())
            }
        }
    });
    // Every acknowledged submission is already on disk; write what is still waiting, then stop.
    store.close();
    runtime.shutdown_timeout(Duration::from_secs(1));
    println!("speaksafe: stopped; {}", counts.summary());
    served
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// Checks `--frame-ancestors`: CSP sources separated by spaces. Each is `'self'`, or a scheme
/// and host (`https://school.example`, `https://*.example.org`, with a port if needed), or a
/// scheme alone (`https:`). An empty list means `'none'`.
pub fn frame_ancestors(list: &str) -> Result<Vec<String>, String> {
    let mut sources = Vec::new();
    for source in list.split_ascii_whitespace() {
        let valid = source == "'self'"
            || source == "'none'"
            || (source.len() <= 255
                && source.split_once(':').is_some_and(|(scheme, rest)| {
                    !scheme.is_empty()
                        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                        && (rest.is_empty()
                            || rest.strip_prefix("//").is_some_and(|host| {
                                !host.is_empty()
                                    && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-*:/[]_".contains(c))
                            }))
                }));
        if !valid {
            return Err(format!(
                "--frame-ancestors: \"{}\" is not a source; use addresses such as \"https://school.example\", separated by spaces",
                source.escape_default()
            ));
        }
        sources.push(source.to_string());
    }
    if sources.len() > 1 && sources.iter().any(|s| s == "'none'") {
        return Err("--frame-ancestors: 'none' cannot be listed with other sources".into());
    }
    Ok(sources)
}

/// Reads a public key file: 43 characters of base64url (32 bytes, X25519), surrounding
/// whitespace ignored.
pub fn read_public_key(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--public-key {}: {e}", path.display()))?;
    let key = text.trim();
    PublicKey::from_text(key).map_err(|e| {
        format!("--public-key {}: not a public key ({e}); expected 43 characters of base64url, as `speaksafe keygen` writes", path.display())
    })?;
    Ok(key.to_string())
}

/// Reads every `*.json` in `dir` as a survey definition. With a public key, writes it into each
/// definition's `submit.public_key` (adding `submit` with the collector's endpoint if missing).
/// Returns the definitions to serve and warnings, or every problem found.
pub fn load_surveys(dir: &Path, public_key: Option<&str>) -> Result<(Surveys, Vec<String>), Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "json") && path.is_file())
        .collect();
    paths.sort();
    let mut surveys = Surveys::new();
    let mut from: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for path in &paths {
        let name = path.display();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let checked = match speaksafe_core::read(&text) {
            Ok(checked) => checked,
            Err(errors) => {
                problems.extend(errors.iter().map(|e| format!("{name}: {e}")));
                continue;
            }
        };
        let id = checked.survey.id.clone();
        let endpoint = format!("/api/v1/surveys/{id}/responses");
        let served = match public_key {
            None => text,
            Some(key) => match with_public_key(&text, key, &endpoint) {
                Ok(served) => served,
                Err(e) => {
                    problems.push(format!("{name}: {e}"));
                    continue;
                }
            },
        };
        let submit = speaksafe_core::read(&served).ok().and_then(|c| c.survey.submit);
        match &submit {
            None => warnings.push(format!("{name}: no \"submit\": its answers cannot be sent")),
            Some(submit) if submit.public_key.is_empty() => {
                warnings.push(format!("{name}: submit.public_key is empty and no --public-key was given: its answers cannot be sealed"))
            }
            Some(submit) if submit.endpoint.starts_with('/') && submit.endpoint != endpoint => {
                warnings.push(format!("{name}: submit.endpoint is \"{}\"; this collector takes responses at {endpoint}", submit.endpoint))
            }
            Some(_) => {}
        }
        if let Some(first) = from.get(&id) {
            problems.push(format!("{name}: the id \"{id}\" is already used by {}", first.display()));
            continue;
        }
        from.insert(id.clone(), path.clone());
        surveys.insert(id, served);
    }
    if problems.is_empty() && surveys.is_empty() {
        problems.push(format!("{}: no survey definitions (*.json)", dir.display()));
    }
    if problems.is_empty() { Ok((surveys, warnings)) } else { Err(problems) }
}

fn with_public_key(text: &str, key: &str, endpoint: &str) -> Result<String, String> {
    let mut value: Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| e.to_string())?;
    let definition = value.as_object_mut().ok_or("not a JSON object")?;
    let submit = definition.entry("submit").or_insert_with(|| json!({ "endpoint": endpoint }));
    let submit = submit.as_object_mut().ok_or("submit is not an object")?;
    submit.insert("public_key".into(), Value::String(key.into()));
    let served = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    // What is served must read as well as the file did.
    speaksafe_core::read(&served).map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    Ok(served)
}

/// The collector's routes, with the security headers on every response.
pub fn router(store: Arc<dyn Store>, surveys: Surveys, options: &Options) -> Router {
    router_with_counts(store, surveys, options, Arc::new(Counts::default()))
}

/// [`router`], counting into `counts`.
pub fn router_with_counts(store: Arc<dyn Store>, surveys: Surveys, options: &Options, counts: Arc<Counts>) -> Router {
    let bucket = (options.rate_limit > 0).then(|| Bucket::new(options.rate_limit));
    let ids: Vec<String> = surveys.keys().cloned().collect();
    let gzipped = surveys.iter().map(|(id, text)| (id.clone(), Bytes::from(gzip(text.as_bytes())))).collect();
    let app = Arc::new(App {
        store,
        gzipped,
        static_dir: options.static_dir.clone(),
        surveys,
        bucket,
        counts,
        failure_reported: AtomicBool::new(false),
    });
    let mut router = Router::new()
        .route("/api/v1/surveys/{id}/responses", post(submit).fallback(method_not_allowed))
        .route("/embed.js", get(embed_script))
        .route("/api", any(no_such_endpoint))
        .route("/api/{*rest}", any(no_such_endpoint));
    for id in ids {
        // Survey ids are letters, digits, "_" and "-" (speaksafe-core checks), so a literal path.
        router = router.route(&format!("/surveys/{id}.json"), get(definition));
    }
    // Any other definition, even one left in --static by the widget's build, is not served: the
    // widget would show a survey whose answers this collector refuses.
    router = router.route("/surveys/{*rest}", get(no_such_survey));
    let headers = Arc::new(security_headers(&options.frame_ancestors));
    // No request-logging layer here, nor anywhere: see the module documentation.
    let files = ServeDir::new(&options.static_dir).precompressed_br().precompressed_gzip();
    router.fallback_service(files).with_state(app).layer(axum::middleware::map_response(move |mut response: Response| {
        let headers = headers.clone();
        async move {
            for (name, value) in headers.iter() {
                response.headers_mut().insert(name.clone(), value.clone());
            }
            if response.headers().contains_key(header::CONTENT_ENCODING) {
                response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            response
        }
    }))
}

/// `bytes` gzipped at the best compression (once per definition, at start).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write as _;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Whether the request's `Accept-Encoding` accepts `coding` (named, or `*`, without `q=0`).
fn accepts(request: &Request, coding: &str) -> bool {
    let Some(accept) = request.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else { return false };
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().map_or(true, |q| q <= 0.0)));
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

/// The headers every response carries.
pub fn security_headers(frame_ancestors: &[String]) -> Vec<(HeaderName, HeaderValue)> {
    let csp = |ancestors: &str| {
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        )
    };
    let ancestors = if frame_ancestors.is_empty() { "'none'".to_string() } else { frame_ancestors.join(" ") };
    // frame_ancestors() admits only header-safe text; anything else fails closed, to 'none'.
    let policy = HeaderValue::from_str(&csp(&ancestors)).unwrap_or_else(|_| HeaderValue::from_str(&csp("'none'")).expect("ASCII"));
    vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
    ]
}

/// `GET /surveys/{id}.json`.
async fn definition(State(app): State<Arc<App>>, request: Request) -> Response {
    let id = request.uri().path().trim_start_matches("/surveys/").trim_end_matches(".json");
    match (app.surveys.get(id), app.gzipped.get(id)) {
        (Some(_), Some(gzipped)) if accepts(&request, "gzip") => {
            ([(header::CONTENT_TYPE, "application/json"), (header::CONTENT_ENCODING, "gzip")], gzipped.clone()).into_response()
        }
        (Some(text), _) => ([(header::CONTENT_TYPE, "application/json")], text.clone()).into_response(),
        _ => error(StatusCode::NOT_FOUND, "no such survey"),
    }
}

/// `GET /embed.js`: the partner's embed script, loadable from any site.
async fn embed_script(State(app): State<Arc<App>>, request: Request) -> Response {
    // Its brotli or gzip twin from the build when the browser takes it, as for every other file.
    let file = ServeFile::new(app.static_dir.join("embed.js")).precompressed_br().precompressed_gzip();
    match file.oneshot(request).await {
        Ok(response) if response.status() == StatusCode::OK => {
            let mut response = response.map(Body::new);
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
            headers.insert(HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("cross-origin"));
            response
        }
        _ => error(StatusCode::NOT_FOUND, "no embed.js in --static (build the widget with `trunk build --release`)"),
    }
}

/// `POST /api/v1/surveys/{id}/responses`.
async fn submit(State(app): State<Arc<App>>, UrlPath(survey): UrlPath<String>, request: Request) -> Response {
    if !app.surveys.contains_key(&survey) {
        return error(StatusCode::NOT_FOUND, "no such survey");
    }
    if let Some(bucket) = &app.bucket {
        if let Err(wait) = bucket.take() {
            Counts::add(&app.counts.rate_limited);
            let mut response = error(StatusCode::TOO_MANY_REQUESTS, "too many responses are arriving at once; send it again shortly");
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
            return response;
        }
    }
    let too_large = || error(StatusCode::PAYLOAD_TOO_LARGE, &format!("the body is over {} KiB", MAX_BODY / 1024));
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        Counts::add(&app.counts.malformed);
        return too_large();
    }
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY).await {
        Ok(body) => body,
        Err(e) => {
            Counts::add(&app.counts.malformed);
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            let mut over = false;
            while let Some(c) = cause {
                over |= c.is::<http_body_util::LengthLimitError>();
                cause = c.source();
            }
            return if over { too_large() } else { error(StatusCode::BAD_REQUEST, "the body could not be read") };
        }
    };
    let (submission_id, envelope) = match parse_submission(&body) {
        Ok(parsed) => parsed,
        Err(message) => {
            Counts::add(&app.counts.malformed);
            return error(StatusCode::BAD_REQUEST, &message);
        }
    };
    let submission = Submission { survey, submission_id, envelope, day: store::today() };
    match app.store.submit(submission).await {
        Ok(Inserted::New) => {
            Counts::add(&app.counts.stored);
            stored()
        }
        Ok(Inserted::Duplicate) => {
            Counts::add(&app.counts.repeated);
            stored()
        }
        Ok(Inserted::Conflict) => {
            Counts::add(&app.counts.conflicts);
            error(StatusCode::CONFLICT, "this submission_id is already stored with a different envelope; a new response needs a new id")
        }
        Err(e) => {
            Counts::add(&app.counts.store_failures);
            if matches!(e, StoreError::Database(_)) && !app.failure_reported.swap(true, Ordering::Relaxed) {
                // The database's own words (disk full, …), never anything from the request.
                eprintln!("speaksafe: the store failed: {e} (later failures are counted, not printed)");
            }
            let mut response = error(StatusCode::SERVICE_UNAVAILABLE, "the response could not be stored; send it again");
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}

fn stored() -> Response {
    (StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], r#"{"status":"stored"}"#).into_response()
}

async fn method_not_allowed(method: Method) -> Response {
    let mut response = error(StatusCode::METHOD_NOT_ALLOWED, &format!("{method} is not allowed here; responses are sent with POST"));
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

async fn no_such_survey() -> Response {
    error(StatusCode::NOT_FOUND, "no such survey")
}

async fn no_such_endpoint() -> Response {
    error(StatusCode::NOT_FOUND, "no such endpoint; responses go to POST /api/v1/surveys/{id}/responses")
}

/// An error response: `{"error": message}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({ "error": message }).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], Body::from(body)).into_response()
}

/// Reads a submission body: `{"submission_id": "<32 lowercase hex>", "envelope": "v1.<key>.<ciphertext>"}`,
/// nothing else. The envelope's shape is checked; what is inside it cannot be, by design.
pub fn parse_submission(body: &Bytes) -> Result<(String, String), String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let Value::Object(mut fields) = value else {
        return Err(r#"the body must be a JSON object: {"submission_id": "…", "envelope": "…"}"#.into());
    };
    if let Some(unknown) = fields.keys().find(|k| *k != "submission_id" && *k != "envelope") {
        return Err(format!(
            "unknown field \"{}\": the body has only \"submission_id\" and \"envelope\"",
            unknown.chars().take(64).collect::<String>()
        ));
    }
    let submission_id = string_field(&mut fields, "submission_id")?;
    if submission_id.len() != 32 || !submission_id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err("\"submission_id\" must be 32 lowercase hexadecimal characters (16 random bytes)".into());
    }
    let envelope = string_field(&mut fields, "envelope")?;
    check_envelope_shape(&envelope)?;
    Ok((submission_id, envelope))
}

fn string_field(fields: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match fields.remove(name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("\"{name}\" must be a string")),
        None => Err(format!("\"{name}\" is missing")),
    }
}

/// Checks that an envelope has the shape of one (`v1.<key>.<ciphertext>`, base64url, a 32-byte
/// key and a ciphertext of one of the bucket sizes), as `speaksafe_core::envelope` reads it. It
/// cannot be opened here: the collector has no private key.
pub fn check_envelope_shape(envelope: &str) -> Result<(), String> {
    match Envelope::from_text(envelope) {
        Ok(_) => Ok(()),
        Err(EnvelopeError::MalformedEnvelope(problem)) => Err(format!("\"envelope\" is not a sealed envelope: {problem}")),
        Err(other) => Err(format!("\"envelope\" is not a sealed envelope: {other}")),
    }
}

/// A token bucket shared by all respondents (never keyed on an address: the collector does not
/// look at addresses). Holds up to one second's worth of submissions.
struct Bucket {
    per_second: f64,
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    fn new(per_second: u32) -> Self {
        let per_second = f64::from(per_second);
        Bucket { per_second, state: Mutex::new((per_second, Instant::now())) }
    }

    /// Takes a token, or says how long until one is free.
    fn take(&self) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = &mut *state;
        let now = Instant::now();
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.per_second.max(1.0));
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(((1.0 - *tokens) / self.per_second).ceil()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestor_sources() {
        assert_eq!(frame_ancestors("").unwrap(), Vec::<String>::new());
        assert_eq!(frame_ancestors(" https://a.example  https://*.b.example:8443 'self' https: ").unwrap().len(), 4);
        for bad in ["https://a.example; script-src *", "https://a.example,https://b", "'unsafe-inline'", "a.example", "'none' https://a.example", "https://é.example"] {
            assert!(frame_ancestors(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bucket_refuses_past_its_rate_and_says_when() {
        let bucket = Bucket::new(3);
        assert!(bucket.take().is_ok());
        assert!(bucket.take().is_ok());
        assert!(bucket.take().is_ok());
        assert_eq!(bucket.take(), Err(Duration::from_secs(1)));
    }
}
