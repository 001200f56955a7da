//! The collector's routes, with the security headers on every answer, addresses decoded once,
//! and every error in JSON.

use super::app::App;
use super::bucket::Bucket;
use super::codes;
use super::console::{self, Console};
use super::counters::Counters;
use super::gate::REFUSED_PATH;
use super::headers::{organiser_headers, security_headers};
use super::pages::{definition, embed_script, first_screen, release_manifest, MANIFEST_PATH};
use super::refusal::Refusal;
use super::submit::{responses_by_post, submit};
use super::surveys::{watch, Live, Surveys};
use super::tls;
use crate::store::{Records, Store};
use axum::extract::{Path as UrlPath, Request};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::json;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::ServeDir;

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
    /// `--public-key`: the key of a survey published from the console without its own.
    pub public_key: Option<String>,
    /// Where organisers reach this service (`--origin`): the console's passkeys are for it.
    pub origin: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            static_dir: PathBuf::from("dist"),
            frame_ancestors: Vec::new(),
            rate_limit: 200,
            body_timeout: Duration::from_secs(20),
            hsts: false,
            public_key: None,
            origin: "http://localhost:8080".into(),
        }
    }
}

/// The collector's routes, with the security headers on every response (no console).
pub fn router(store: Arc<dyn Store>, surveys: Surveys, options: &Options) -> Router {
    router_with_counts(store, None, surveys, options, Arc::new(Counters::default()))
}

/// [`router`], with the console when `records` are given, counting into `counts`. With the
/// console, the surveys published from it are served too, and followed (every second) as they
/// change, when called within a Tokio runtime.
pub fn router_with_counts(
    store: Arc<dyn Store>,
    records: Option<Arc<Records>>,
    surveys: Surveys,
    options: &Options,
    counts: Arc<Counters>,
) -> Router {
    let bucket = (options.rate_limit > 0).then(|| Bucket::new(options.rate_limit));
    let junk = (options.rate_limit > 0).then(|| Bucket::new(options.rate_limit));
    let live = Arc::new(Live::new(surveys, options.public_key.clone(), options.static_dir.clone()));
    if let Some(records) = &records {
        if let Err(e) = live.refresh(records) {
            eprintln!("speaksafe: cannot read the published surveys: {e}");
        }
        if tokio::runtime::Handle::try_current().is_ok() {
            tokio::spawn(watch(live.clone(), records.clone()));
        }
    }
    let policy = respondent_policy(&options.frame_ancestors);
    let console =
        records.as_ref().map(|records| Console::new(records.clone(), store.clone(), live.clone(), &options.origin));
    let app = Arc::new(App {
        store,
        live,
        records,
        policy,
        static_dir: options.static_dir.clone(),
        bucket,
        junk,
        body_timeout: options.body_timeout,
        counts,
        failure_reported: AtomicBool::new(false),
        keys: Default::default(),
    });
    let router = Router::new()
        .route("/api/v1/surveys/{id}/responses", post(submit).fallback(responses_by_post))
        .route("/api/v1/surveys/{id}/tokens", post(codes::redeem))
        .route("/", get(first_screen))
        .route("/index.html", get(first_screen))
        .route("/embed.js", get(embed_script))
        .route(MANIFEST_PATH, get(release_manifest))
        .route(&format!("{MANIFEST_PATH}.sig"), get(release_manifest))
        // Survey ids are letters, digits, "_" and "-" (speaksafe-core checks). Any other
        // definition, even one left in --static by the widget's build, is not served: the widget
        // would show a survey whose answers this collector refuses.
        .route("/surveys/{*file}", any(definition))
        .route(&format!("{REFUSED_PATH}/{{status}}"), any(refused_at_the_gate));
    let router = match console {
        Some(console) => router.merge(console::routes(console)),
        None => router,
    };
    let router = router.route("/api", any(no_such_endpoint)).route("/api/{*rest}", any(no_such_endpoint));
    let mut respondent = security_headers(&options.frame_ancestors);
    let mut organiser = organiser_headers();
    if options.hsts {
        for headers in [&mut respondent, &mut organiser] {
            headers.push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(tls::HSTS)));
        }
    }
    let headers = Arc::new((respondent, organiser));
    // No request-logging layer here, nor anywhere: see the module documentation.
    let files = ServeDir::new(&options.static_dir).precompressed_br().precompressed_gzip();
    let routed = router.fallback_service(files).with_state(app).layer(axum::middleware::from_fn(bare_errors_in_json));
    // Middleware on a router runs after it has routed: the path is decoded by an outer router
    // whose one service is the routed one, so that routes see the decoded path.
    Router::new().fallback_service(routed).layer(axum::middleware::from_fn(decode_path_once)).layer(
        axum::middleware::from_fn(move |request: Request, next: Next| {
            let headers = headers.clone();
            async move {
                // The organisers' pages (the studio, the console) are framed by nobody and may use
                // passkeys; the respondent's may be framed by the listed partners and may not.
                let path = request.uri().path();
                let for_organisers = ["/studio", "/console", "/api/v1/console"]
                    .iter()
                    .any(|p| path == *p || path.starts_with(&format!("{p}/")));
                let mut response = next.run(request).await;
                let headers = if for_organisers { &headers.1 } else { &headers.0 };
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

/// The respondent's pages' Content-Security-Policy, as text.
fn respondent_policy(frame_ancestors: &[String]) -> String {
    security_headers(frame_ancestors)
        .into_iter()
        .find(|(name, _)| name == header::CONTENT_SECURITY_POLICY)
        .and_then(|(_, value)| value.to_str().ok().map(str::to_string))
        .unwrap_or_default()
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
