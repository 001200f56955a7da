//! A survey's page: its status, closing day, live version and key, responses by day (counted by
//! the collector: nothing is opened), its versions with "Put this version back live", and close
//! or reopen.

use super::surveys::status;
use super::{heading, not_yet, short, use_ctx, use_fetched, Fetched};
use crate::state::{Msg, Screen};
use speaksafe_console_client::collector;
use speaksafe_console_client::contract::{Status, SurveyPage};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    pub id: String,
}

#[function_component]
pub fn SurveyScreen(props: &SurveyProps) -> Html {
    let ctx = use_ctx();
    let again = use_state(|| 0u32);
    let page = {
        let id = props.id.clone();
        use_fetched(*again, move |session| {
            let id = id.clone();
            async move { collector::survey(&session, &id).await }
        })
    };
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Result<String, String>>);
    // Runs an action on the survey, then shows the page again with what happened.
    let act = {
        let (ctx, again, busy, outcome) = (ctx.clone(), again.clone(), busy.clone(), outcome.clone());
        Callback::from(move |action: Action| {
            let Some(session) = ctx.session().filter(|_| !*busy) else { return };
            busy.set(true);
            let (ctx, again, busy, outcome) = (ctx.clone(), again.clone(), busy.clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let done = match &action {
                    Action::SetOpen(id, open) => {
                        collector::set_open(&session, id, *open).await.map(|now| match now.status {
                            Status::Open => "The survey is open: respondents can answer it.".to_string(),
                            Status::Closed => {
                                "The survey is closed: respondents now see \"This survey has closed\".".to_string()
                            }
                        })
                    }
                    Action::Live(id, version) => collector::put_live(&session, id, version)
                        .await
                        .map(|()| format!("Version {} is live again.", short(version))),
                };
                busy.set(false);
                match done {
                    Ok(words) => outcome.set(Some(Ok(words))),
                    Err(refusal) => {
                        if let Some(message) = ctx.refused(refusal) {
                            outcome.set(Some(Err(message)));
                        }
                    }
                }
                again.set(*again + 1);
            });
        })
    };
    let title = match &page {
        Fetched::Got(page) => page.listing.title.clone(),
        _ => props.id.clone(),
    };
    html! {
        <>
            <button type="button" class="ss-link-button ss-back" onclick={ctx.send.reform(|_| Msg::Show(Screen::Surveys))}>{ "All surveys" }</button>
            { heading(title) }
            if let Some(Ok(words)) = &*outcome {
                <div class="cs-notice" role="status"><p class="ss-body">{ words.clone() }</p></div>
            }
            if let Some(Err(message)) = &*outcome {
                <p class="ss-body cs-problem" role="alert">{ message.clone() }</p>
            }
            { match &page {
                Fetched::Got(page) => details(page, &ctx.send, &act, *busy),
                other => not_yet(other),
            } }
        </>
    }
}

enum Action {
    SetOpen(String, bool),
    Live(String, String),
}

fn details(page: &SurveyPage, send: &Callback<Msg>, act: &Callback<Action>, busy: bool) -> Html {
    let survey = &page.listing;
    let id = survey.id.clone();
    let row = |key: &str, value: Html| {
        html! {
            <div class="ss-summary-list__row">
                <dt class="ss-summary-list__key">{ key.to_string() }</dt>
                <dd class="ss-summary-list__value">{ value }</dd>
            </div>
        }
    };
    let open = survey.status == Status::Open;
    let toggle = {
        let (act, id) = (act.clone(), id.clone());
        Callback::from(move |_| act.emit(Action::SetOpen(id.clone(), !open)))
    };
    let to_results = Screen::Results(id.clone());
    let to_publish = Screen::Publish(Some(id.clone()));
    html! {
        <>
            <dl class="ss-summary-list">
                { row("Survey id", html! { <code>{ survey.id.clone() }</code> }) }
                { row("Status", html! { status(survey.status) }) }
                { row("Closes", html! { survey.closes.clone().unwrap_or_else(|| "No closing day".into()) }) }
                { row("Responses", html! { survey.responses }) }
                { row("Live version", html! { <code title={survey.version.clone()}>{ short(&survey.version) }</code> }) }
                { row("Public key", html! {
                    match &survey.key_fingerprint {
                        Some(fingerprint) => html! { <>{ "Fingerprint " }<code>{ fingerprint.clone() }</code></> },
                        None => html! { "The collector's own key (--public-key)" },
                    }
                }) }
                if let Some(fingerprint) = &survey.token_key_fingerprint {
                    { row("Access codes' key", html! { <>{ "Fingerprint " }<code>{ fingerprint.clone() }</code></> }) }
                }
            </dl>
            <div class="ss-button-group">
                <button type="button" class="ss-button" onclick={send.reform(move |_| Msg::Show(to_results.clone()))}>{ "Open responses" }</button>
                <button type="button" class="ss-button ss-button--secondary" onclick={send.reform(move |_| Msg::Show(to_publish.clone()))}>{ "Publish a new version" }</button>
                <button type="button" class={if open { "ss-button ss-button--warning" } else { "ss-button ss-button--secondary" }} aria-disabled={busy.to_string()} onclick={toggle}>
                    { if open { "Close the survey" } else { "Reopen the survey" } }
                </button>
            </div>
            <h2 class="ss-heading-m" id="cs-by-day">{ "Responses by day" }</h2>
            if page.by_day.is_empty() {
                <p class="ss-body">{ "No responses yet." }</p>
            } else {
                <table class="cs-table" aria-labelledby="cs-by-day">
                    <thead><tr><th scope="col">{ "Day" }</th><th scope="col" class="cs-number">{ "Responses" }</th></tr></thead>
                    <tbody>
                        { for page.by_day.iter().map(|day| html! {
                            <tr><th scope="row">{ day.day.clone() }</th><td class="cs-number">{ day.responses }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            <h2 class="ss-heading-m" id="cs-versions">{ "Versions" }</h2>
            <p class="ss-body">{ "Newest first. Putting an older version back live changes what respondents see from now on; answers already given stay as they are." }</p>
            <table class="cs-table" aria-labelledby="cs-versions">
                <thead>
                    <tr><th scope="col">{ "Version" }</th><th scope="col">{ "Published" }</th><th scope="col">{ "By" }</th><th scope="col">{ "Live" }</th></tr>
                </thead>
                <tbody>
                    { for page.versions.iter().map(|version| {
                        let live = if version.live {
                            html! { <strong>{ "Live" }</strong> }
                        } else {
                            let (act, id, hash) = (act.clone(), id.clone(), version.version.clone());
                            html! {
                                <button type="button" class="ss-link-button" aria-disabled={busy.to_string()}
                                    onclick={Callback::from(move |_| act.emit(Action::Live(id.clone(), hash.clone())))}>
                                    { "Put this version back live" }
                                    <span class="ss-visually-hidden">{ format!(" ({})", short(&version.version)) }</span>
                                </button>
                            }
                        };
                        html! {
                            <tr>
                                <th scope="row"><code title={version.version.clone()}>{ short(&version.version) }</code></th>
                                <td>{ version.day.clone() }</td>
                                <td>{ version.by.clone() }</td>
                                <td>{ live }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}
