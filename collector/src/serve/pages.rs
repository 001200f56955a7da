//! What a browser gets: a survey's definition, its first screen, and the partner's embed script.

use super::app::App;
use super::headers::accepts;
use super::refusal::Refusal;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

/// `GET /surveys/{id}.json`.
pub async fn definition(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
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

/// `GET /`: the survey's first screen, in the language asked for (`?survey=ID&lang=..`), or the
/// build's index.html when there is none for that address.
pub async fn first_screen(State(app): State<Arc<App>>, request: Request) -> Result<Response, Refusal> {
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
            Ok(response)
        }
        _ => Err(Refusal::NotBuilt("embed.js")),
    }
}
