//! Loading the survey definition: which survey the page asks for, and fetching it from the same
//! origin without leaving a copy in the browser's cache.

use speaksafe_core::{read, Checked};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The survey shown when the page names none.
pub const DEFAULT_SURVEY: &str = "survivor-consultation";

/// The survey id from `?survey=ID` (or `data-survey` on the mount element), if it is a usable name.
pub fn requested_survey() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let from_element =
        window.document().and_then(|d| d.get_element_by_id("speaksafe")).and_then(|e| e.get_attribute("data-survey"));
    let from_query = window
        .location()
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("survey"));
    let id = from_query.or(from_element).unwrap_or_else(|| DEFAULT_SURVEY.to_string());
    let usable =
        !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if usable {
        Ok(id)
    } else {
        Err(format!("\"{id}\" is not the name of a survey"))
    }
}

/// Fetches `surveys/ID.json` and reads it; every problem as a line of text.
pub async fn load_survey(id: &str) -> Result<Checked, Vec<String>> {
    let json = fetch_text(&format!("surveys/{id}.json")).await.map_err(|e| vec![e])?;
    read(&json).map_err(|problems| problems.iter().map(ToString::to_string).collect())
}

/// The fetch boot.js started for this same address while the wasm was loading, if there is one
/// (taken once: a second call fetches anew).
fn fetch_started_early(url: &str) -> Option<js_sys::Promise> {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str("speaksafeSurvey");
    let early = js_sys::Reflect::get(&global, &key).ok().filter(|v| v.is_object())?;
    let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
    let same = js_sys::Reflect::get(&early, &"url".into()).ok()?.as_string()? == url;
    let response = js_sys::Reflect::get(&early, &"response".into()).ok()?;
    same.then(|| response.dyn_into().ok()).flatten()
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let failed = |_| format!("the survey could not be loaded from {url}");
    let early = match fetch_started_early(url) {
        Some(started) => JsFuture::from(started).await.ok(),
        None => None,
    };
    let response = match early {
        Some(response) => response,
        None => {
            let init = web_sys::RequestInit::new();
            // Not kept in the HTTP cache: a shared computer keeps no copy of which survey was open.
            init.set_cache(web_sys::RequestCache::NoStore);
            JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(failed)?
        }
    };
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("the survey could not be loaded from {url} (the server answered {})", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?).await.map_err(failed)?;
    text.as_string().ok_or_else(|| format!("the survey at {url} is not text"))
}
