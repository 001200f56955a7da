//! "Publish to this service": offered only when the collector that served the studio has a
//! console (it answers `GET /api/v1/console`). Signs in with a passkey if need be (one touch: the
//! session is kept in this page's memory only, as the console keeps it), then publishes the draft
//! as the survey's live version. The collector's check refuses errors (each linked to its field
//! here), and a change that would break answers already collected needs the typed confirmation it
//! names. Nothing is stored in the browser.

use super::checks::{go_to, place};
use super::use_ctx;
use crate::state::Msg;
use speaksafe_console_client::confirm_field::ConfirmField;
use speaksafe_console_client::contract::{Publish, Published};
use speaksafe_console_client::publishing::{not_private_by_name, read_public_key};
use speaksafe_console_client::{collector, files, Refusal, Session};
use std::rc::Rc;
use yew::prelude::*;

/// What came of publishing, in the dialog: focused when it appears.
const OUTCOME: &str = "st-publish-outcome";

#[derive(Clone, PartialEq)]
enum Stage {
    /// Asked for: sign in if need be, then send.
    Ready,
    Sending,
    Published(Published),
    Problems {
        error: String,
        problems: Vec<String>,
    },
    Breaking {
        error: String,
        breaking: Vec<String>,
        confirm: String,
    },
    Refused(String),
}

#[function_component]
pub fn PublishToService() -> Html {
    let ctx = use_ctx();
    let here = use_state(|| false);
    {
        let here = here.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { here.set(collector::console_here().await) });
        });
    }
    let session = use_mut_ref(|| None::<Session>);
    // The public key chosen in the dialog, read once: sent again with a typed confirmation.
    let public_key = use_mut_ref(|| None::<String>);
    let stage = use_state(|| None::<Stage>);
    let key_input = use_node_ref();
    let publish = {
        let (ctx, session, public_key, stage, key_input) =
            (ctx.clone(), session.clone(), public_key.clone(), stage.clone(), key_input.clone());
        Callback::from(move |confirm: Option<String>| {
            if *stage == Some(Stage::Sending) {
                return;
            }
            let definition = ctx.studio.draft().clone();
            let id = definition.get("id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            // A new choice of key file only from the first step (the input is gone after it).
            let chosen = key_input.cast::<web_sys::HtmlInputElement>().map(|i| files::chosen(&i));
            let (session, public_key, stage) = (session.clone(), public_key.clone(), stage.clone());
            stage.set(Some(Stage::Sending));
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(chosen) = chosen {
                    match read_key(chosen).await {
                        Ok(key) => *public_key.borrow_mut() = key,
                        Err(message) => return stage.set(Some(Stage::Refused(message))),
                    }
                }
                let key = public_key.borrow().clone();
                let done = send(&session, &id, &definition, key.as_deref(), confirm.as_deref()).await;
                stage.set(Some(match done {
                    Ok(published) => Stage::Published(published),
                    Err(Refusal::Problems { error, problems }) => Stage::Problems { error, problems },
                    Err(Refusal::Breaking { error, breaking, confirm }) => Stage::Breaking { error, breaking, confirm },
                    Err(refusal) => Stage::Refused(refusal.message()),
                }));
            });
        })
    };
    if !*here {
        return html! {};
    }
    let errors = ctx.studio.findings.errors.len();
    let open = {
        let (stage, send) = (stage.clone(), ctx.send.clone());
        Callback::from(move |_: MouseEvent| {
            if errors > 0 {
                let things = if errors == 1 { "1 error" } else { "errors" };
                send.emit(Msg::Notice(Some(format!(
                    "Fix the {things} the check lists before publishing: a survey with errors cannot go live."
                ))));
            } else {
                stage.set(Some(Stage::Ready));
            }
        })
    };
    let close = {
        let stage = stage.clone();
        Callback::from(move |_| stage.set(None))
    };
    html! {
        <>
            <button type="button" class="ss-button" onclick={open}>{ "Publish to this service" }</button>
            if let Some(now) = &*stage {
                <PublishDialog stage={now.clone()} key_input={key_input.clone()} publish={publish.clone()} close={close.clone()} />
            }
        </>
    }
}

/// The public key file chosen, if any, read (a private key refused by its name before it is read).
async fn read_key(file: Option<web_sys::File>) -> Result<Option<String>, String> {
    let Some(file) = file else { return Ok(None) };
    let name = file.name();
    not_private_by_name(&name)?;
    let bytes = files::read(file).await.map_err(|e| format!("{name}: {e}"))?;
    read_public_key(&name, &bytes, None).map(Some)
}

/// Signs in if there is no session yet (or it has ended), then publishes: the session is tried
/// once more after a fresh sign-in if the collector had ended it.
async fn send(
    session: &Rc<std::cell::RefCell<Option<Session>>>,
    id: &str,
    definition: &serde_json::Value,
    public_key: Option<&str>,
    confirm: Option<&str>,
) -> Result<Published, Refusal> {
    for _ in 0..2 {
        let current = session.borrow().clone();
        let signed_in = match current {
            Some(s) => s,
            None => {
                let fresh = collector::sign_in().await?;
                *session.borrow_mut() = Some(fresh.clone());
                fresh
            }
        };
        let body = Publish { definition, public_key, confirm };
        match collector::publish(&signed_in, id, &body).await {
            Err(Refusal::SignedOut(_)) => *session.borrow_mut() = None,
            other => return other,
        }
    }
    Err(Refusal::SignedOut("Your session ended twice in a row: sign in again.".into()))
}

#[derive(Properties, PartialEq)]
struct PublishDialogProps {
    stage: Stage,
    key_input: NodeRef,
    publish: Callback<Option<String>>,
    close: Callback<()>,
}

#[function_component]
fn PublishDialog(props: &PublishDialogProps) -> Html {
    let ctx = use_ctx();
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        // A modal <dialog>: the page behind it is inert, focus stays in it, Escape closes it.
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = d.show_modal();
            }
        });
    }
    // What replaced the button that was pressed takes focus: the outcome, said first.
    {
        let step = std::mem::discriminant(&props.stage);
        use_effect_with(step, |_| {
            let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(OUTCOME));
            if let Some(element) = element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = element.focus();
            }
        });
    }
    let oncancel = props.close.reform(|e: Event| e.prevent_default());
    let close = props.close.reform(|_: MouseEvent| ());
    let go = props.publish.reform(|_: MouseEvent| None);
    let body = match &props.stage {
        Stage::Ready | Stage::Sending => html! {
            <>
                <p class="ss-body">{ "The draft goes live on this collector at once, as the survey's new version. You sign in with your passkey if you have not yet." }</p>
                <div class="ss-form-group">
                    <label class="ss-label" for="st-publish-key">{ "Its public key (a .pub file, optional)" }</label>
                    <p class="ss-hint" id="st-publish-key-hint">{ "For a new survey, or a new key. Leave it empty to keep the survey's key, or use the collector's own. Never the .key file: that one stays on your computer." }</p>
                    <input type="file" id="st-publish-key" class="st-file__input" accept=".pub,text/plain" aria-describedby="st-publish-key-hint" ref={props.key_input.clone()} />
                </div>
                if props.stage == Stage::Sending {
                    <p class="ss-body" role="status">{ "Publishing…" }</p>
                }
                <div class="ss-button-group">
                    <button type="button" class="ss-button" aria-disabled={(props.stage == Stage::Sending).to_string()} onclick={go}>{ "Publish" }</button>
                    <button type="button" class="ss-button ss-button--secondary" onclick={close.clone()}>{ "Cancel" }</button>
                </div>
            </>
        },
        Stage::Published(published) => html! {
            <>
                <p class="ss-body" id={OUTCOME} tabindex="-1" role="status">{ format!("Published: version {} is live.", published.version.chars().take(12).collect::<String>()) }</p>
                if !published.warnings.is_empty() {
                    <p class="ss-body">{ "The check's warnings:" }</p>
                    <ul class="ss-body st-list">{ for published.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                }
                <button type="button" class="ss-button" onclick={close.clone()}>{ "Close" }</button>
            </>
        },
        Stage::Problems { error, problems } => html! {
            <>
                <p class="ss-body" id={OUTCOME} tabindex="-1" role="alert">{ error.clone() }</p>
                <ul class="ss-body st-list">
                    { for problems.iter().map(|problem| {
                        // "pages[2].questions[0].text: …": its place in words, a link to its field.
                        let (path, message) = problem.split_once(": ").unwrap_or(("", problem.as_str()));
                        let (path, send, close) = (path.to_string(), ctx.send.clone(), props.close.clone());
                        let onclick = {
                            let path = path.clone();
                            Callback::from(move |_: MouseEvent| {
                                close.emit(());
                                go_to(&path, &send);
                            })
                        };
                        let words = format!("{}: {message}", place(&path));
                        html! { <li><button type="button" class="ss-link-button" {onclick}>{ words }</button></li> }
                    }) }
                </ul>
                <button type="button" class="ss-button ss-button--secondary" onclick={close.clone()}>{ "Close" }</button>
            </>
        },
        Stage::Breaking { error, breaking, confirm } => html! {
            <>
                <div id="st-breaking-what">
                    <p class="ss-body">{ error.clone() }</p>
                    <ul class="ss-body st-list">{ for breaking.iter().map(|b| html! { <li>{ b.clone() }</li> }) }</ul>
                </div>
                <ConfirmField id="st-confirm-publish" confirm={confirm.clone()} action="Publish anyway"
                    described_by={Some(AttrValue::from("st-breaking-what"))} onconfirm={props.publish.reform(Some)} />
                <button type="button" class="ss-button ss-button--secondary" onclick={close.clone()}>{ "Go back and change it" }</button>
            </>
        },
        Stage::Refused(message) => html! {
            <>
                <p class="ss-body" id={OUTCOME} tabindex="-1" role="alert">{ message.clone() }</p>
                <div class="ss-button-group">
                    <button type="button" class="ss-button" onclick={props.publish.reform(|_: MouseEvent| None)}>{ "Try again" }</button>
                    <button type="button" class="ss-button ss-button--secondary" onclick={close}>{ "Close" }</button>
                </div>
            </>
        },
    };
    html! {
        <dialog class="st-dialog" ref={dialog} aria-labelledby="st-publish-title" {oncancel}>
            <h2 class="ss-heading-m" id="st-publish-title">{ "Publish to this service" }</h2>
            { body }
        </dialog>
    }
}
