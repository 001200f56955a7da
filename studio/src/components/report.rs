//! What an import dropped or rewrote: shown when a file from another format is opened.

use super::use_ctx;
use crate::state::Msg;
use speaksafe_core::import::Change;
use yew::prelude::*;

#[function_component]
pub fn ImportReport() -> Html {
    let ctx = use_ctx();
    let report = &ctx.studio.report;
    if report.is_empty() {
        return Html::default();
    }
    let dropped = report.iter().filter(|n| n.change == Change::Dropped).count();
    html! {
        <section class="st-report" aria-labelledby="st-report-title">
            <h2 class="ss-heading-m" id="st-report-title">{ format!("Brought in from {}", ctx.studio.name) }</h2>
            <p class="ss-body">{ format!("{dropped} left out and {} changed. Check each before you publish.", report.len() - dropped) }</p>
            <ul class="ss-body st-list">
                { for report.iter().map(|note| html! {
                    <li>
                        <strong>{ if note.change == Change::Dropped { "Left out" } else { "Changed" } }</strong>
                        { format!(" {}: {}", note.element, note.reason) }
                    </li>
                }) }
            </ul>
            <button type="button" class="ss-button ss-button--secondary" onclick={ctx.send.reform(|_| Msg::DismissReport)}>{ "Done reading this list" }</button>
        </section>
    }
}
