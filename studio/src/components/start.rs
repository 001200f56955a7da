//! Where an organiser starts: a blank survey, an example, or a file they have (speaksafe JSON,
//! SurveyJS JSON, or an XLSForm spreadsheet, brought in by core's importers in the converter).

use super::use_ctx;
use crate::converter;
use crate::examples::EXAMPLES;
use crate::files;
use crate::state::Msg;
use serde_json::Value;
use speaksafe_core::draft;
use yew::prelude::*;

/// A speaksafe survey's own file as a draft, as it is; `None` for anything else.
pub fn own(name: &str, bytes: &[u8]) -> Option<Msg> {
    let text = std::str::from_utf8(bytes).ok().map(|t| t.trim_start_matches('\u{feff}'));
    let draft = text
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .filter(|v| v.get("format").and_then(Value::as_str) == Some("speaksafe/1"))?;
    Some(Msg::Open { draft, report: Vec::new(), name: name.to_string() })
}

/// A file's contents as a draft: a speaksafe survey as it is, anything else through an importer
/// (in the converter, started for it the first time).
pub async fn open(name: &str, bytes: &[u8]) -> Msg {
    if let Some(open) = own(name, bytes) {
        return open;
    }
    match converter::bring_in(name, bytes).await {
        Ok((draft, report)) => Msg::Open { draft, report, name: name.to_string() },
        Err(e) => Msg::Notice(Some(e)),
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
                    Ok(bytes) => send.emit(open(&name, &bytes).await),
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
                    // An example is a speaksafe survey: it opens as it is, with no converter.
                    let onclick = send.reform(move |_: MouseEvent| {
                        own(name, text.as_bytes()).unwrap_or_else(|| Msg::Notice(Some(format!("{name} could not be opened"))))
                    });
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
