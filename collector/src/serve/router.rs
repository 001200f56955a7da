//! The collector's routes, with the security headers on every answer, addresses decoded once,
//! and every error in JSON.

use super::app::App;
use super::bucket::Bucket;
use super::counts::Counts;
use super::gate::REFUSED_PATH;
use super::headers::security_headers;
use super::pages::{definition, embed_script, first_screen};
use super::refusal::Refusal;
use super::submit::{responses_by_post, submit};
use super::surveys::{first_screens, gzip, Surveys};
use super::tls;
use crate::store::Store;
use axum::body::Bytes;
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
