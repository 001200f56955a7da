//! The surveys on this collector: each with its status, closing day and count of responses (from
//! what the collector already knows: nothing is opened).

use super::{heading, not_yet, use_ctx, use_fetched, Fetched};
use crate::state::{Msg, Screen};
use speaksafe_console_client::collector;
use speaksafe_console_client::contract::Status;
use yew::prelude::*;

#[function_component]
pub fn SurveysScreen() -> Html {
    let ctx = use_ctx();
    let surveys = use_fetched(0, |session| async move { collector::surveys(&session).await });
    let body = match &surveys {
        Fetched::Got(list) if list.surveys.is_empty() => html! {
            <p class="ss-body">{ "No survey is on this collector yet. Publish one from a file, or from the studio." }</p>
        },
        Fetched::Got(list) => html! {
            <table class="cs-table">
                <caption class="ss-visually-hidden">{ "Surveys on this collector" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Survey" }</th>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col" class="cs-number">{ "Responses" }</th>
                        <th scope="col">{ "Closes" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for list.surveys.iter().map(|survey| {
                        let to = Screen::Survey(survey.id.clone());
                        let open = ctx.send.reform(move |_| Msg::Show(to.clone()));
                        html! {
                            <tr>
                                <th scope="row">
                                    <button type="button" class="ss-link-button" onclick={open}>{ survey.title.clone() }</button>
                                    <span class="cs-id">{ survey.id.clone() }</span>
                                </th>
                                <td>{ status(survey.status) }</td>
                                <td class="cs-number">{ survey.responses }</td>
                                <td>{ survey.closes.clone().unwrap_or_else(|| "—".into()) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
        other => not_yet(other),
    };
    html! {
        <>
            { heading("Surveys") }
            { body }
            <button type="button" class="ss-button ss-button--secondary" onclick={ctx.send.reform(|_| Msg::Show(Screen::Publish(None)))}>
                { "Publish a survey from a file" }
            </button>
        </>
    }
}

/// "Open" or "Closed".
pub fn status(status: Status) -> &'static str {
    match status {
        Status::Open => "Open",
        Status::Closed => "Closed",
    }
}
