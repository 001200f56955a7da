//! Where an organiser starts: a blank survey, an example, or a file they have (speaksafe JSON,
//! SurveyJS JSON, or an XLSForm spreadsheet, brought in by core's importers).

use super::use_ctx;
use crate::examples::EXAMPLES;
use crate::files;
use crate::state::Msg;
use serde_json::Value;
use speaksafe_core::draft;
use speaksafe_core::import::{import_with, Options};
use yew::prelude::*;

/// A file's contents as a draft: a speaksafe survey as it is, anything else through an importer.
pub fn open(name: &str, bytes: &[u8]) -> Msg {
    let text = std::str::from_utf8(bytes).ok().map(|t| t.trim_start_matches('\u{feff}'));
    let own = text
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .filter(|v| v.get("format").and_then(Value::as_str) == Some("speaksafe/1"));
    if let Some(draft) = own {
        return Msg::Open { draft, report: Vec::new(), name: name.to_string() };
    }
    match import_with(bytes, &Options { file_name: Some(name.to_string()), ..Options::default() }) {
        Ok(imported) => Msg::Open { draft: imported.definition, report: imported.report, name: name.to_string() },
        Err(e) => Msg::Notice(Some(format!("{name} could not be opened: {e}"))),
    }
}

#[function_component]
pub fn StartScreen() -> Html {
    let ctx = use_ctx();
    let send = ctx.send.clone();
    let blank =
        send.reform(|_: MouseEvent| Msg::Open { draft: draft::blank(), report: Vec::new(), name: String::new() });
    let onchange = {
        let send = send.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = files::chosen(&input) else { return };
            let send = send.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match files::read(file).await {
                    Ok(bytes) => send.emit(open(&name, &bytes)),
                    Err(e) => send.emit(Msg::Notice(Some(e))),
                }
            });
        })
    };
    html! {
        <main class="st-start" id="st-main" tabindex="-1">
            <h1 class="ss-heading-xl">{ "Make a survey" }</h1>
            <p class="ss-body">{ "Build, translate, check and try out a survey here, then save it to a file for your speaksafe service. Nothing you open or write here is sent anywhere or kept in this browser: save your work to a file." }</p>
            <h2 class="ss-heading-m">{ "Start" }</h2>
            <div class="ss-button-group">
                <button type="button" class="ss-button" onclick={blank}>{ "Start a blank survey" }</button>
            </div>
            <h2 class="ss-heading-m">{ "Start from an example" }</h2>
            <ul class="st-list st-examples">
                { for EXAMPLES.iter().map(|(name, text)| {
                    let (name, text) = (*name, *text);
                    let onclick = send.reform(move |_: MouseEvent| open(name, text.as_bytes()));
                    html! { <li><button type="button" class="ss-button ss-button--secondary" {onclick}>{ format!("Open the {name} example") }</button></li> }
                }) }
            </ul>
            <h2 class="ss-heading-m">{ "Open a file" }</h2>
            <div class="ss-form-group">
                <label class="ss-label" for="st-open">{ "A survey file" }</label>
                <div class="ss-hint" id="st-open-hint">{ "A speaksafe survey (.json), a SurveyJS survey (.json) or an XLSForm (.xlsx, from ODK, KoboToolbox or similar). Other formats are brought in as far as they can be, with a list of what changed." }</div>
                <input type="file" id="st-open" class="st-file__input" aria-describedby="st-open-hint"
                    accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {onchange} />
            </div>
        </main>
    }
}
