//! The organisers' log: who did what, to which survey, on which day (newest first). It holds
//! nothing about any respondent.

use super::{heading, not_yet, use_fetched, Fetched};
use speaksafe_console_client::collector;
use yew::prelude::*;

#[function_component]
pub fn LogScreen() -> Html {
    let log = use_fetched(0, |session| async move { collector::log(&session).await });
    html! {
        <>
            { heading("Log") }
            <p class="ss-body">{ "What organisers have done on this collector, newest first. It records who, what and which day: nothing about anyone who answered." }</p>
            { match &log {
                Fetched::Got(log) if log.entries.is_empty() => html! { <p class="ss-body">{ "Nothing yet." }</p> },
                Fetched::Got(log) => html! {
                    <table class="cs-table">
                        <caption class="ss-visually-hidden">{ "What organisers did, newest first" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Day" }</th>
                                <th scope="col">{ "Organiser" }</th>
                                <th scope="col">{ "Action" }</th>
                                <th scope="col">{ "Survey" }</th>
                                <th scope="col">{ "Detail" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for log.entries.iter().map(|entry| html! {
                                <tr>
                                    <td>{ entry.day.clone() }</td>
                                    <td>{ entry.organiser.clone() }</td>
                                    <td>{ entry.action.clone() }</td>
                                    <td>{ entry.survey.clone().unwrap_or_default() }</td>
                                    <td>{ entry.detail.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                },
                other => not_yet(other),
            } }
        </>
    }
}
