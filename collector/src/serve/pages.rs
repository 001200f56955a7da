//! What a browser gets: a survey's definition, its first screen, and the partner's embed script.

use super::app::App;
use super::headers::accepts;
use super::refusal::Refusal;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

/// `GET /surveys/{id}.json`.
pub async fn definition(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
    let path = request.uri().path();
    let id = path.strip_prefix("/surveys/").and_then(|file| file.strip_suffix(".json")).unwrap_or("");
    let catalogue = app.live.now();
    let Some(served) = catalogue.surveys.get(id) else { return Err(Refusal::NoSuchSurvey) };
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Err(Refusal::MethodNotAllowed { method: request.method().clone(), allow: "GET, HEAD" });
    }
    if accepts(&request, "gzip") {
        Ok(([(header::CONTENT_TYPE, "application/json"), (header::CONTENT_ENCODING, "gzip")], served.gzipped.clone())
            .into_response())
    } else {
        Ok(([(header::CONTENT_TYPE, "application/json")], served.text.clone()).into_response())
    }
}

/// `GET /`: the survey's first screen, in the language asked for (`?survey=ID&lang=..`), or the
/// build's index.html when there is none for that address.
pub async fn first_screen(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
    let query = request.uri().query().unwrap_or("");
    let param =
        |name: &str| query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v);
    // Ids and language codes are letters, digits, '-' and '_': nothing here needs decoding.
    let framed = param("embed") == Some("1");
    let catalogue = app.live.now();
    let page = catalogue.first.find(param("survey"), param("lang"), framed);
    let Some(page) = page else {
        let file = ServeFile::new(app.static_dir.join("index.html")).precompressed_br().precompressed_gzip();
        return match file.oneshot(request).await {
            Ok(response) => Ok(response.map(Body::new)),
            Err(_) => Err(Refusal::NotBuilt("index.html")),
        };
    };
    // The collector's policy, which also allows the first screen's inline stylesheet and
    // exit.js, each by its hash.
    let policy = app
        .policy
        .replacen("style-src 'self'", &format!("style-src 'self' {}", catalogue.first.style_hash), 1)
        .replacen(
            "script-src 'self' 'wasm-unsafe-eval'",
            &format!("script-src 'self' 'wasm-unsafe-eval' {}", catalogue.first.script_hash),
            1,
        );
    let policy = HeaderValue::from_str(&policy).ok();
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
pub async fn embed_script(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
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
            // The partner's <script integrity crossorigin> needs a CORS answer to check its hash.
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            Ok(response)
        }
        _ => Err(Refusal::NotBuilt("embed.js")),
    }
}

/// Where the release manifest and its signature are served, for anyone to check this collector
/// against (`speaksafe verify`).
pub const MANIFEST_PATH: &str = "/.well-known/speaksafe/manifest.json";

/// `GET /.well-known/speaksafe/manifest.json` and `….sig`: the build's manifest.json (written by
/// scripts/build) and its signature (`speaksafe release sign`), readable from any site.
pub async fn release_manifest(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
    let (name, kind) = if request.uri().path().ends_with(".sig") {
        ("manifest.json.sig", "text/plain; charset=utf-8")
    } else {
        ("manifest.json", "application/json")
    };
    let file = ServeFile::new(app.static_dir.join(name));
    match file.oneshot(request).await {
        Ok(response) if response.status() == StatusCode::OK => {
            let mut response = response.map(Body::new);
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            headers.insert(
                HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("cross-origin"),
            );
            Ok(response)
        }
        _ => Err(Refusal::NotBuilt(name)),
    }
}
