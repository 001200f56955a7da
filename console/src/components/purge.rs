//! Deleting a survey's responses from the collector once they are downloaded: the collector asks
//! for a typed confirmation, and records it in the organisers' log.

use super::use_ctx;
use speaksafe_console_client::confirm_field::ConfirmField;
use speaksafe_console_client::contract::Purge;
use speaksafe_console_client::{collector, Refusal};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PurgeProps {
    pub survey: String,
    /// Delete only what came before this day (`YYYY-MM-DD`), or everything.
    pub before: Option<String>,
}

#[derive(Clone, PartialEq)]
enum Stage {
    Offered,
    /// The collector's words, and what to type.
    Confirming {
        error: String,
        confirm: String,
    },
    Deleted(u64),
    Refused(String),
}

#[function_component]
pub fn PurgeSection(props: &PurgeProps) -> Html {
    let ctx = use_ctx();
    let stage = use_state(|| Stage::Offered);
    let busy = use_state(|| false);
    let purge = {
        let (ctx, stage, busy, survey, before) =
            (ctx.clone(), stage.clone(), busy.clone(), props.survey.clone(), props.before.clone());
        Callback::from(move |confirm: Option<String>| {
            let Some(session) = ctx.session().filter(|_| !*busy) else { return };
            busy.set(true);
            let (ctx, stage, busy, survey, before) =
                (ctx.clone(), stage.clone(), busy.clone(), survey.clone(), before.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let body = Purge { confirm: confirm.as_deref(), before: before.as_deref() };
                let done = collector::purge(&session, &survey, &body).await;
                busy.set(false);
                match done {
                    Ok(purged) => stage.set(Stage::Deleted(purged.deleted)),
                    Err(Refusal::Confirm { error, confirm }) => stage.set(Stage::Confirming { error, confirm }),
                    Err(refusal) => {
                        if let Some(message) = ctx.refused(refusal) {
                            stage.set(Stage::Refused(message));
                        }
                    }
                }
            });
        })
    };
    let what = match &props.before {
        Some(day) => format!(
            "This deletes the responses the collector received before {day} (today, in UTC): they are all in what you \
             downloaded. Today's stay, since more may come today that you have not downloaded."
        ),
        None => {
            "The survey is closed, so this deletes all of its responses: they are all in what you downloaded.".into()
        }
    };
    html! {
        <section class="cs-section" aria-labelledby="cs-purge-title">
            <h2 class="ss-heading-m" id="cs-purge-title">{ "Delete the responses from the collector" }</h2>
            { match &*stage {
                Stage::Offered => html! {
                    <>
                        <p class="ss-body">{ format!("{what} Keep your download, and your key, safe first: deleted responses cannot be brought back.") }</p>
                        <button type="button" class="ss-button ss-button--warning" aria-disabled={busy.to_string()} onclick={purge.reform(|_| None)}>
                            { "Delete the responses from the collector" }
                        </button>
                    </>
                },
                Stage::Confirming { error, confirm } => html! {
                    <>
                        <p class="ss-body" id="cs-purge-what">{ error.clone() }</p>
                        <ConfirmField id="cs-confirm-purge" confirm={confirm.clone()} action="Delete the responses" busy={*busy}
                            described_by={Some(AttrValue::from("cs-purge-what"))}
                            onconfirm={purge.reform(Some)} />
                    </>
                },
                Stage::Deleted(n) => html! {
                    <p class="ss-body" role="status">{ match n { 1 => "1 response was deleted from the collector.".to_string(), n => format!("{n} responses were deleted from the collector.") } }</p>
                },
                Stage::Refused(message) => html! { <p class="ss-body cs-problem" role="alert">{ message.clone() }</p> },
            } }
        </section>
    }
}
