//! What an import dropped or rewrote: shown when a file from another format is opened.

use super::use_ctx;
use crate::state::Msg;
use speaksafe_core::import_report::summary;
use yew::prelude::*;

/// The report's lines are the command line's, word for word (`speaksafe import`): an organiser
/// who asks about one can be answered from either.
#[function_component]
pub fn ImportReport() -> Html {
    let ctx = use_ctx();
    let report = &ctx.studio.report;
    let Some(summary) = summary(report) else {
        return Html::default();
    };
    html! {
        <section class="st-report" aria-labelledby="st-report-title">
            <h2 class="ss-heading-m" id="st-report-title">{ format!("Brought in from {}", ctx.studio.name) }</h2>
            <p class="ss-body">{ format!("{summary}. Check each before you publish.") }</p>
            <ul class="ss-body st-list">
                { for report.iter().map(|note| html! {
                    <li>
                        <strong>{ note.change.word() }</strong>
                        { format!(" {}: {}", note.element, note.reason) }
                    </li>
                }) }
            </ul>
            <button type="button" class="ss-button ss-button--secondary" onclick={ctx.send.reform(|_| Msg::DismissReport)}>{ "Done reading this list" }</button>
        </section>
    }
}
