//! `speaksafe serve`: the collector. It serves the widget (the Trunk build) and the survey
//! definitions, and stores the sealed responses browsers send, which it cannot open.
//!
//! ```text
//! speaksafe serve --db responses.db|postgres://user@host/dbname --surveys surveys/ --static dist/ \
//!     --listen 127.0.0.1:8080 [--frame-ancestors "https://partner.example https://school.example"] \
//!     [--public-key NAME.pub] [--rate-limit 200] [--tls-cert FULLCHAIN.pem --tls-key KEY.pem]
//! ```
//!
//! `--db` is a SQLite file or a PostgreSQL URL ([`crate::store`], [`crate::postgres`]); several
//! collectors may share one PostgreSQL database. With `--tls-cert`/`--tls-key` the collector
//! speaks HTTPS itself ([`crate::tls`]: reread on SIGHUP, `Strict-Transport-Security` on every
//! answer); without them plain HTTP, for use behind a proxy that does TLS. docs/deploy.md is the
//! operator's guide.
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
//! - `GET /embed.js`: the partner's one-line embed, from `--static`, as
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
//! no-store`: a shared school computer keeps nothing. Every error, whoever made it (a handler, the
//! static files, the connection gate), has a JSON body: `{"error": "what is wrong"}`.
//!
//! # Slow and junk clients
//!
//! Each connection passes through the gate ([`crate::gate`]): a request's head must arrive within
//! `--header-timeout` seconds of its first byte (else 408), and a connection with nothing going
//! either way for `--idle-timeout` seconds is closed. A submission's body must arrive within
//! `--body-timeout` seconds (else 408). At most `--max-connections` are open at once (kept below
//! the open-file limit, which is raised to its maximum at start); beyond that, new connections
//! wait to be accepted.
//!
//! Every limit here (connections, the rate limit, the store's queue) is this process's own: with
//! several collectors behind a load balancer the service takes their sum.
//!
//! A submission is read and checked before it takes one of the `--rate-limit` tokens, so junk
//! never takes a real response's place. Refused requests have a budget of their own (as many per
//! second as the rate limit): past it they get 429 at once.
//!
//! Addresses are percent-decoded once, before routing: `/%73urveys/x.json` is `/surveys/x.json`,
//! and a path that would decode to something else again (`%25`) or holds anything a file name
//! here cannot is 404.
//!
//! # What the collector never records
//!
//! No address, no user agent, no time of a request. This is enforced here, in one place:
//! - [`run`] serves through [`connections::serve`], which drops the peer's address as the
//!   connection is accepted, so no handler can even see it;
//! - [`router`] adds no request-logging layer (no `tower_http::trace::TraceLayer`, whose default
//!   fields include the URI, headers and timing), and no handler reads request headers other
//!   than `Content-Length`;
//! - the only output is the address listened on, at start, and counts, at the end. Counts are not
//!   printed as they happen, since a log line's timestamp would date a submission.
//! - the store keeps the day only ([`crate::store`]).

use crate::connections::{self, Settings};
use crate::first_screen::FirstScreens;
use crate::gate::{Limits, REFUSED_PATH};
use crate::refusal::Refusal;
use crate::store::{self, Inserted, Store, StoreError, Submission};
use crate::tls::{self, Certificates};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
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
    /// Where the responses are kept: a SQLite file (created if missing), or a PostgreSQL URL
    /// (postgres://user@host/dbname; its table is created or brought up to date at start).
    #[arg(long, value_name = "FILE|URL", default_value = "responses.db", env = "SPEAKSAFE_DB", hide_env_values = true)]
    pub db: store::Location,
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
    /// The most connections open at once (kept below the open-file limit).
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// Seconds a request's head may take to arrive, from its first byte.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout: u64,
    /// Seconds a submission's body may take to arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub body_timeout: u64,
    /// Seconds a connection may stay with nothing sent or received.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,
    /// Serve HTTPS with this certificate chain (PEM; reread on SIGHUP). Needs --tls-key. Without
    /// it, plain HTTP, for use behind a proxy that does TLS.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM; reread on SIGHUP).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
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
    /// How long a submission's body may take to arrive.
    pub body_timeout: Duration,
    /// Served over TLS: every response says so with `Strict-Transport-Security`.
    pub hsts: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            static_dir: PathBuf::from("dist"),
            frame_ancestors: Vec::new(),
            rate_limit: 200,
            body_timeout: Duration::from_secs(20),
            hsts: false,
        }
    }
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
    /// Refused past the budget for refused requests (a junk flood).
    pub flooded: AtomicU64,
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
            "responses stored: {} (and {} sent again); refused: {} conflicting ids, {} malformed, {} rate-limited, {} in a flood of refused requests; store failures: {}",
            n(&self.stored),
            n(&self.repeated),
            n(&self.conflicts),
            n(&self.malformed),
            n(&self.rate_limited),
            n(&self.flooded),
            n(&self.store_failures)
        )
    }
}

struct App {
    store: Arc<dyn Store>,
    /// Each definition gzipped, for browsers that accept gzip.
    gzipped: BTreeMap<String, Bytes>,
    /// Each survey's first screen, in each language: the page `/` sends.
    first: FirstScreens,
    first_policy: Option<HeaderValue>,
    /// The `--static` folder (for `/embed.js`).
    static_dir: PathBuf,
    surveys: Surveys,
    /// Submissions per second.
    bucket: Option<Bucket>,
    /// Refused requests per second: their own budget, so that junk never takes a submission's.
    junk: Option<Bucket>,
    body_timeout: Duration,
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
        return Err(format!(
            "--static {}: not a folder (build the widget with `trunk build --release`)",
            args.static_dir.display()
        ));
    }
    let store = store::open(&args.db, store::Access::Collect).map_err(|e| format!("--db {e}"))?;
    let counts = Arc::new(Counts::default());
    let certificates = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(Arc::new(Certificates::load(cert, key)?)),
        _ => None,
    };
    let options = Options {
        static_dir: args.static_dir.clone(),
        frame_ancestors,
        rate_limit: args.rate_limit,
        body_timeout: Duration::from_secs(args.body_timeout),
        hsts: certificates.is_some(),
    };
    let ids: Vec<String> = surveys.keys().cloned().collect();
    let app = router_with_counts(store.clone(), surveys, &options, counts.clone());
    let files = connections::raise_file_limit();
    let settings = Settings {
        max: connections::cap(args.max_connections, files),
        limits: Limits {
            head_time: Duration::from_secs(args.header_timeout),
            idle_time: Duration::from_secs(args.idle_timeout),
            ..Limits::default()
        },
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("speaksafe-serve")
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // Our own address, so that a test or a supervisor can find the port: never a client's.
        let scheme = if certificates.is_some() { "https" } else { "http" };
        println!("speaksafe: serving {} on {scheme}://{address}/", ids.join(", "));
        println!("speaksafe: up to {} connections at once", settings.max);
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
        // No connect info reaches the router, so no handler can see an address.
        if let Some(certificates) = &certificates {
            tokio::spawn(tls::reload_on_hangup(certificates.clone()));
        }
        let server = connections::serve_tls(listener, app, settings, certificates.clone(), stopping);
        let deadline = async {
            stop.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            () = server => Ok(()),
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
        let served = match as_served(&text, public_key, &endpoint) {
            Ok(served) => served,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let submit = speaksafe_core::read(&served).ok().and_then(|c| c.survey.submit);
        match &submit {
            None => warnings.push(format!("{name}: no \"submit\": its answers cannot be sent")),
            Some(submit) if submit.public_key.is_empty() => warnings.push(format!(
                "{name}: submit.public_key is empty and no --public-key was given: its answers cannot be sealed"
            )),
            Some(submit) if submit.endpoint.starts_with('/') && submit.endpoint != endpoint => warnings.push(format!(
                "{name}: submit.endpoint is \"{}\"; this collector takes responses at {endpoint}",
                submit.endpoint
            )),
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
    if problems.is_empty() {
        Ok((surveys, warnings))
    } else {
        Err(problems)
    }
}

/// A definition as it is served: with the interface words of its languages (the widget has
/// only English of its own), and with `--public-key` as `submit.public_key` when given.
fn as_served(text: &str, key: Option<&str>, endpoint: &str) -> Result<String, String> {
    let mut value: Value =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| e.to_string())?;
    speaksafe_core::ui::add_built_in_words(&mut value);
    let definition = value.as_object_mut().ok_or("not a JSON object")?;
    if let Some(key) = key {
        let submit = definition.entry("submit").or_insert_with(|| json!({ "endpoint": endpoint }));
        let submit = submit.as_object_mut().ok_or("submit is not an object")?;
        submit.insert("public_key".into(), Value::String(key.into()));
    }
    // Without indentation: every respondent downloads it (about 9 % less, gzipped).
    let served = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    // What is served must read as well as the file did.
    speaksafe_core::read(&served)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    Ok(served)
}

/// The collector's routes, with the security headers on every response.
pub fn router(store: Arc<dyn Store>, surveys: Surveys, options: &Options) -> Router {
    router_with_counts(store, surveys, options, Arc::new(Counts::default()))
}

/// [`router`], counting into `counts`.
pub fn router_with_counts(store: Arc<dyn Store>, surveys: Surveys, options: &Options, counts: Arc<Counts>) -> Router {
    let bucket = (options.rate_limit > 0).then(|| Bucket::new(options.rate_limit));
    let junk = (options.rate_limit > 0).then(|| Bucket::new(options.rate_limit));
    let ids: Vec<String> = surveys.keys().cloned().collect();
    let gzipped = surveys.iter().map(|(id, text)| (id.clone(), Bytes::from(gzip(text.as_bytes())))).collect();
    let first = first_screens(&surveys, &options.static_dir);
    // The first screens' policy: the collector's, which also allows their inline stylesheet and
    // exit.js, each by its hash.
    let first_policy = security_headers(&options.frame_ancestors)
        .into_iter()
        .find(|(name, _)| name == header::CONTENT_SECURITY_POLICY)
        .and_then(|(_, value)| value.to_str().ok().map(str::to_string))
        .map(|csp| {
            csp.replacen("style-src 'self'", &format!("style-src 'self' {}", first.style_hash), 1).replacen(
                "script-src 'self' 'wasm-unsafe-eval'",
                &format!("script-src 'self' 'wasm-unsafe-eval' {}", first.script_hash),
                1,
            )
        })
        .and_then(|csp| HeaderValue::from_str(&csp).ok());
    let app = Arc::new(App {
        store,
        gzipped,
        first,
        first_policy,
        static_dir: options.static_dir.clone(),
        surveys,
        bucket,
        junk,
        body_timeout: options.body_timeout,
        counts,
        failure_reported: AtomicBool::new(false),
    });
    let mut router = Router::new()
        .route("/api/v1/surveys/{id}/responses", post(submit).fallback(responses_by_post))
        .route("/", get(first_screen))
        .route("/index.html", get(first_screen))
        .route("/embed.js", get(embed_script))
        .route("/api", any(no_such_endpoint))
        .route("/api/{*rest}", any(no_such_endpoint))
        .route(&format!("{REFUSED_PATH}/{{status}}"), any(refused_at_the_gate));
    for id in ids {
        // Survey ids are letters, digits, "_" and "-" (speaksafe-core checks), so a literal path.
        router = router.route(&format!("/surveys/{id}.json"), get(definition));
    }
    // Any other definition, even one left in --static by the widget's build, is not served: the
    // widget would show a survey whose answers this collector refuses.
    router = router.route("/surveys/{*rest}", any(no_such_survey));
    let mut headers = security_headers(&options.frame_ancestors);
    if options.hsts {
        headers.push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(tls::HSTS)));
    }
    let headers = Arc::new(headers);
    // No request-logging layer here, nor anywhere: see the module documentation.
    let files = ServeDir::new(&options.static_dir).precompressed_br().precompressed_gzip();
    let routed = router.fallback_service(files).with_state(app).layer(axum::middleware::from_fn(bare_errors_in_json));
    // Middleware on a router runs after it has routed: the path is decoded by an outer router
    // whose one service is the routed one, so that routes see the decoded path.
    Router::new().fallback_service(routed).layer(axum::middleware::from_fn(decode_path_once)).layer(
        axum::middleware::map_response(move |mut response: Response| {
            let headers = headers.clone();
            async move {
                for (name, value) in headers.iter() {
                    // A first screen's policy also allows its inline stylesheet and script, by hash.
                    if name == header::CONTENT_SECURITY_POLICY && response.headers().contains_key(name) {
                        continue;
                    }
                    response.headers_mut().insert(name.clone(), value.clone());
                }
                // Only embed.js is for other sites' pages; everything else is this site's own.
                response
                    .headers_mut()
                    .entry(HeaderName::from_static("cross-origin-resource-policy"))
                    .or_insert(HeaderValue::from_static("same-origin"));
                if response.headers().contains_key(header::CONTENT_ENCODING) {
                    response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                }
                response
            }
        }),
    )
}

/// Decodes the path's percent-encoding once, before anything routes it, so that
/// `/%73urveys/x.json` is the same address as `/surveys/x.json` everywhere (and never reaches the
/// static files as something else). What would decode to something else a second time (`%25`),
/// or holds what no file or route here has in its name, is refused.
async fn decode_path_once(mut request: Request, next: Next) -> Response {
    match decoded_path(request.uri()) {
        Some(path) => {
            if path != request.uri().path() {
                let mut parts = request.uri().clone().into_parts();
                let query = request.uri().query().map_or(String::new(), |q| format!("?{q}"));
                parts.path_and_query = format!("{path}{query}").parse().ok();
                match Uri::from_parts(parts) {
                    Ok(uri) => *request.uri_mut() = uri,
                    Err(_) => return Refusal::NoSuchPage.into_response(),
                }
            }
            next.run(request).await
        }
        None => Refusal::NoSuchPage.into_response(),
    }
}

/// The path, percent-decoded once, if it is one this collector could have anything at.
pub fn decoded_path(uri: &Uri) -> Option<String> {
    let raw = uri.path().as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())?;
            bytes.push(hex);
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(bytes).ok()?;
    // One spelling per address: no empty, "." or ".." parts, which the static files would read
    // past (`//surveys/x.json` is `surveys/x.json` to them) and routes would not.
    let fits = path.starts_with('/')
        && !path.contains("//")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b))
        && path.split('/').all(|part| part.len() <= 255 && part != "." && part != "..");
    fits.then_some(path)
}

/// Gives a bare error (a static file's 404 or 405, a redirect, anything with no body) the JSON
/// body every other error has.
async fn bare_errors_in_json(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    if response.headers().contains_key(header::CONTENT_TYPE)
        || !(status.is_client_error() || status.is_server_error() || status.is_redirection())
    {
        return response;
    }
    if status.is_redirection() {
        let location = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
        let mut moved =
            (status, [(header::CONTENT_TYPE, "application/json")], json!({ "moved_to": location }).to_string())
                .into_response();
        if let Some(value) = response.headers().get(header::LOCATION) {
            moved.headers_mut().insert(header::LOCATION, value.clone());
        }
        return moved;
    }
    // A static file that could not be read is, to the browser, not there.
    let refusal = if status.is_server_error() { Refusal::NoSuchPage } else { Refusal::for_status(status, &method) };
    refusal.into_response()
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
    let Some(accept) = request.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
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
    let policy = HeaderValue::from_str(&csp(&ancestors))
        .unwrap_or_else(|_| HeaderValue::from_str(&csp("'none'")).expect("ASCII"));
    vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
        // The survey needs none of these: no page here may ask for them.
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), \
                 idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), \
                 screen-wake-lock=(), serial=(), usb=()",
            ),
        ),
    ]
}

/// `GET /surveys/{id}.json`.
async fn definition(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
    let id = request.uri().path().trim_start_matches("/surveys/").trim_end_matches(".json");
    match (app.surveys.get(id), app.gzipped.get(id)) {
        (Some(_), Some(gzipped)) if accepts(&request, "gzip") => {
            Ok(([(header::CONTENT_TYPE, "application/json"), (header::CONTENT_ENCODING, "gzip")], gzipped.clone())
                .into_response())
        }
        (Some(text), _) => Ok(([(header::CONTENT_TYPE, "application/json")], text.clone()).into_response()),
        _ => Err(Refusal::NoSuchSurvey),
    }
}

/// The first screens of every survey, if the build has the widget's stylesheet and exit.js (a
/// collector serving no build sends none, and `/` is then the static index.html).
fn first_screens(surveys: &Surveys, static_dir: &Path) -> FirstScreens {
    let file = |name: &str| std::fs::read_to_string(static_dir.join(name)).ok();
    let (Some(css), Some(exit_js)) = (file("main.css"), file("exit.js")) else { return FirstScreens::default() };
    let read: Vec<speaksafe_core::Survey> =
        surveys.values().filter_map(|text| speaksafe_core::read(text).ok().map(|c| c.survey)).collect();
    FirstScreens::render(&read, &css, &exit_js, gzip).unwrap_or_default()
}

/// `GET /`: the survey's first screen, in the language asked for (`?survey=ID&lang=..`), or the
/// build's index.html when there is none for that address.
async fn first_screen(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
    let query = request.uri().query().unwrap_or("");
    let param =
        |name: &str| query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v);
    // Ids and language codes are letters, digits, '-' and '_': nothing here needs decoding.
    let framed = param("embed") == Some("1");
    let page = app.first.find(param("survey"), param("lang"), framed);
    let Some(page) = page else {
        let file = ServeFile::new(app.static_dir.join("index.html")).precompressed_br().precompressed_gzip();
        return match file.oneshot(request).await {
            Ok(response) => Ok(response.map(Body::new)),
            Err(_) => Err(Refusal::NotBuilt("index.html")),
        };
    };
    let policy = app.first_policy.clone();
    let mut response = if accepts(&request, "gzip") {
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_ENCODING, "gzip")], page.gzipped.clone())
            .into_response()
    } else {
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page.html.clone()).into_response()
    };
    if let Some(policy) = policy {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Ok(response)
}

/// `GET /embed.js`: the partner's embed script, loadable from any site.
async fn embed_script(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
    // Its brotli or gzip twin from the build when the browser takes it, as for every other file.
    let file = ServeFile::new(app.static_dir.join("embed.js")).precompressed_br().precompressed_gzip();
    match file.oneshot(request).await {
        Ok(response) if response.status() == StatusCode::OK => {
            let mut response = response.map(Body::new);
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
            headers.insert(
                HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("cross-origin"),
            );
            Ok(response)
        }
        _ => Err(Refusal::NotBuilt("embed.js")),
    }
}

/// `POST /api/v1/surveys/{id}/responses`.
async fn submit(State(app): State<Arc<App>>, UrlPath(survey): UrlPath<String>, request: Request) -> Response {
    match take(&app, survey, request).await {
        Ok(inserted) => {
            Counts::add(if inserted == Inserted::New { &app.counts.stored } else { &app.counts.repeated });
            (StatusCode::CREATED, [(header::CONTENT_TYPE, "application/json")], r#"{"status":"stored"}"#)
                .into_response()
        }
        Err(refusal) => refusal.counted(&app.counts).into_response(),
    }
}

/// Reads, checks and stores one submission. It is read and checked before it takes a token of
/// the rate limit: a request that is refused never takes a real submission's place, and refused
/// requests have a budget of their own.
async fn take(app: &App, survey: String, request: Request) -> Result<Inserted, Refusal> {
    if !app.surveys.contains_key(&survey) {
        return Err(Refusal::NoSuchSurvey);
    }
    let (submission_id, envelope) =
        read_submission(app, request).await.map_err(|refusal| match app.junk.as_ref().map(Bucket::take) {
            Some(Err(wait)) => Refusal::Flooded(wait),
            _ => refusal,
        })?;
    if let Some(bucket) = &app.bucket {
        bucket.take().map_err(Refusal::Busy)?;
    }
    let submission = Submission { survey, submission_id, envelope, day: store::today() };
    match app.store.submit(submission).await {
        Ok(Inserted::Conflict) => Err(Refusal::Conflict),
        Ok(inserted) => Ok(inserted),
        Err(e) => {
            if matches!(e, StoreError::Database(_)) && !app.failure_reported.swap(true, Ordering::Relaxed) {
                // The database's own words (disk full, …), never anything from the request.
                eprintln!("speaksafe: the store failed: {e} (later failures are counted, not printed)");
            }
            Err(Refusal::StoreFailed)
        }
    }
}

/// The submission's id and envelope, read within the time and size allowed.
async fn read_submission(app: &App, request: Request) -> Result<(String, String), Refusal> {
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return Err(Refusal::TooLarge);
    }
    let body = match tokio::time::timeout(app.body_timeout, axum::body::to_bytes(request.into_body(), MAX_BODY)).await {
        Err(_) => return Err(Refusal::TooSlow),
        Ok(Ok(body)) => body,
        Ok(Err(e)) => {
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(c) = cause {
                if c.is::<http_body_util::LengthLimitError>() {
                    return Err(Refusal::TooLarge);
                }
                cause = c.source();
            }
            return Err(Refusal::Unreadable);
        }
    };
    parse_submission(&body).map_err(Refusal::Malformed)
}

async fn responses_by_post(method: Method) -> Refusal {
    Refusal::MethodNotAllowed { method, allow: "POST" }
}

async fn no_such_survey() -> Refusal {
    Refusal::NoSuchSurvey
}

async fn no_such_endpoint() -> Refusal {
    Refusal::NoSuchEndpoint
}

/// What the connection gate refused, answered as every other refusal is (see [`crate::gate`]).
async fn refused_at_the_gate(UrlPath(status): UrlPath<u16>) -> Refusal {
    match StatusCode::from_u16(status) {
        Ok(status) if status.is_client_error() => Refusal::Gate(status),
        _ => Refusal::NoSuchPage,
    }
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
        Err(EnvelopeError::MalformedEnvelope(problem)) => {
            Err(format!("\"envelope\" is not a sealed envelope: {problem}"))
        }
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
        for bad in [
            "https://a.example; script-src *",
            "https://a.example,https://b",
            "'unsafe-inline'",
            "a.example",
            "'none' https://a.example",
            "https://é.example",
        ] {
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
