//! Publish from a file: the survey's definition and, optionally, its public key (`.pub`); the
//! survey keeps its key when none is given. The collector checks it first: its problems are
//! listed (422), and a change that would break answers already collected needs the typed
//! confirmation it names (409).

use super::error_summary::ErrorSummary;
use super::file_field::FileField;
use super::{heading, short, use_ctx, use_fetched, Fetched};
use crate::state::{Msg, Screen};
use speaksafe_console_client::confirm_field::ConfirmField;
use speaksafe_console_client::contract::Publish;
use speaksafe_console_client::publishing::{not_private_by_name, read_definition, read_public_key, Definition};
use speaksafe_console_client::{collector, files, Refusal, Session};
use std::rc::Rc;
use yew::prelude::*;

const DEFINITION: &str = "cs-definition";
const KEY: &str = "cs-public-key";

#[derive(Properties, PartialEq)]
pub struct PublishProps {
    /// The survey a new version is for; a new survey when none.
    pub id: Option<String>,
}

/// What is being published: kept for sending again with the typed confirmation.
#[derive(Clone, PartialEq)]
struct Ready {
    definition: Rc<Definition>,
    public_key: Option<String>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    /// A file could not be used: (field, problem).
    Files(Vec<(AttrValue, AttrValue)>),
    /// The check found errors.
    Problems {
        error: String,
        problems: Vec<String>,
    },
    /// It would break answers already collected: what, and what to type to go ahead.
    Breaking {
        ready: Ready,
        error: String,
        breaking: Vec<String>,
        confirm: String,
    },
    Refused(String),
}

#[function_component]
pub fn PublishScreen(props: &PublishProps) -> Html {
    let ctx = use_ctx();
    let current = {
        let id = props.id.clone();
        use_fetched(0, move |session| {
            let id = id.clone();
            async move {
                match id {
                    Some(id) => collector::survey(&session, &id).await.map(Some),
                    None => Ok(None),
                }
            }
        })
    };
    let definition_input = use_node_ref();
    let key_input = use_node_ref();
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Outcome>);
    let send_ready = {
        let (ctx, busy, outcome) = (ctx.clone(), busy.clone(), outcome.clone());
        Callback::from(move |(ready, confirm): (Ready, Option<String>)| {
            let Some(session) = ctx.session() else { return };
            busy.set(true);
            let (ctx, busy, outcome) = (ctx.clone(), busy.clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let body = Publish {
                    definition: &ready.definition.json,
                    public_key: ready.public_key.as_deref(),
                    confirm: confirm.as_deref(),
                };
                let published = collector::publish(&session, &ready.definition.id, &body).await;
                busy.set(false);
                match published {
                    Ok(published) => {
                        let mut notice = format!("Published: version {} is live.", short(&published.version));
                        if !published.warnings.is_empty() {
                            notice.push_str(&format!(" The check's warnings: {}", published.warnings.join("; ")));
                        }
                        ctx.send.emit(Msg::Done(Screen::Survey(ready.definition.id.clone()), notice));
                    }
                    Err(Refusal::Problems { error, problems }) => {
                        outcome.set(Some(Outcome::Problems { error, problems }))
                    }
                    Err(Refusal::Breaking { error, breaking, confirm }) => {
                        outcome.set(Some(Outcome::Breaking { ready, error, breaking, confirm }))
                    }
                    Err(refusal) => {
                        if let Some(message) = ctx.refused(refusal) {
                            outcome.set(Some(Outcome::Refused(message)));
                        }
                    }
                }
            });
        })
    };
    let onsubmit = {
        let (ctx, id) = (ctx.clone(), props.id.clone());
        let (definition_input, key_input, busy, outcome, send_ready) =
            (definition_input.clone(), key_input.clone(), busy.clone(), outcome.clone(), send_ready.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(session) = ctx.session().filter(|_| !*busy) else { return };
            let definition = definition_input.cast::<web_sys::HtmlInputElement>().and_then(|i| files::chosen(&i));
            let key = key_input.cast::<web_sys::HtmlInputElement>().and_then(|i| files::chosen(&i));
            busy.set(true);
            let (id, busy, outcome, send_ready) = (id.clone(), busy.clone(), outcome.clone(), send_ready.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match read_files(&session, id.as_deref(), definition, key).await {
                    Ok(ready) => {
                        outcome.set(None);
                        send_ready.emit((ready, None));
                    }
                    Err(problems) => {
                        busy.set(false);
                        outcome.set(Some(Outcome::Files(problems)));
                    }
                }
            });
        })
    };
    let field_error = |field: &str| match &*outcome {
        Some(Outcome::Files(problems)) => problems.iter().find(|(f, _)| f == field).map(|(_, p)| p.clone()),
        _ => None,
    };
    let keep = match &current {
        Fetched::Got(page) => page.as_ref().as_ref().and_then(|p| p.listing.key_fingerprint.clone()),
        _ => None,
    };
    let key_hint = match (&props.id, keep) {
        (Some(_), Some(fingerprint)) => format!("Leave this empty to keep its key (fingerprint {fingerprint})."),
        _ => "Made with speaksafe keygen: NAME.pub. Leave this empty to use the survey's key, or the collector's own."
            .to_string(),
    };
    let title = match &props.id {
        Some(id) => format!("Publish a new version of {id}"),
        None => "Publish a survey".to_string(),
    };
    html! {
        <>
            if let Some(id) = &props.id {
                <button type="button" class="ss-link-button ss-back" onclick={ctx.send.reform({ let id = id.clone(); move |_| Msg::Show(Screen::Survey(id.clone())) })}>
                    { "Back to the survey" }
                </button>
            }
            { heading(title) }
            { match &*outcome {
                Some(Outcome::Files(problems)) => html! { <ErrorSummary errors={problems.clone()} /> },
                Some(Outcome::Problems { error, problems }) => html! {
                    <ErrorSummary errors={vec![(AttrValue::from(DEFINITION), AttrValue::from(error.clone()))]}>
                        <p class="ss-body">{ "What the check found (fix it in the studio, or in the file, then choose the file again):" }</p>
                        <ul class="cs-problems">{ for problems.iter().map(|p| html! { <li><code>{ p.clone() }</code></li> }) }</ul>
                    </ErrorSummary>
                },
                Some(Outcome::Refused(message)) => html! {
                    <ErrorSummary errors={vec![(AttrValue::from(DEFINITION), AttrValue::from(message.clone()))]} />
                },
                _ => html! {},
            } }
            if let Some(Outcome::Breaking { ready, error, breaking, confirm }) = &*outcome {
                <section class="cs-warning" aria-labelledby="cs-breaking">
                    <h2 class="ss-heading-m" id="cs-breaking">{ "This change would break answers already collected" }</h2>
                    <div id="cs-breaking-what">
                        <p class="ss-body">{ error.clone() }</p>
                        <ul class="cs-problems">{ for breaking.iter().map(|b| html! { <li>{ b.clone() }</li> }) }</ul>
                    </div>
                    <ConfirmField id="cs-confirm-publish" confirm={confirm.clone()} action="Publish anyway" busy={*busy}
                        described_by={Some(AttrValue::from("cs-breaking-what"))}
                        onconfirm={{ let (send_ready, ready) = (send_ready.clone(), ready.clone()); Callback::from(move |typed| send_ready.emit((ready.clone(), Some(typed)))) }} />
                </section>
            }
            <form novalidate=true {onsubmit}>
                <FileField id={DEFINITION} label="The survey's definition (a .json file)" accept=".json,application/json"
                    hint={Some(AttrValue::from("Saved from the studio, or written by hand. The collector checks it before it goes live, on every collector sharing its database."))}
                    error={field_error(DEFINITION)} input={definition_input} onchange={Callback::noop()} />
                <FileField id={KEY} label="Its public key (a .pub file, optional)" accept=".pub,text/plain"
                    hint={Some(AttrValue::from(format!("{key_hint} Never the .key file: that one stays on your computer.")))}
                    error={field_error(KEY)} input={key_input} onchange={Callback::noop()} />
                <button type="submit" class="ss-button" aria-disabled={busy.to_string()}>{ "Publish" }</button>
            </form>
        </>
    }
}

/// Reads the chosen files: the definition (required), and the public key if one was chosen
/// (checked against the survey's own key, so that its private key is never sent). Each problem
/// with the field it is about.
async fn read_files(
    session: &Session,
    id: Option<&str>,
    definition: Option<web_sys::File>,
    key: Option<web_sys::File>,
) -> Result<Ready, Vec<(AttrValue, AttrValue)>> {
    let problem = |field: &str, message: String| vec![(AttrValue::from(field.to_string()), AttrValue::from(message))];
    let Some(file) = definition else {
        return Err(problem(DEFINITION, "Choose the survey's definition file".into()));
    };
    let name = file.name();
    let bytes = files::read(file).await.map_err(|e| problem(DEFINITION, format!("{name}: {e}")))?;
    let definition = read_definition(&name, &bytes, id).map_err(|e| problem(DEFINITION, e))?;
    let public_key = match key {
        None => None,
        Some(file) => {
            let name = file.name();
            // A private key is refused before it is even read.
            not_private_by_name(&name).map_err(|e| problem(KEY, e))?;
            let bytes = files::read(file).await.map_err(|e| problem(KEY, format!("{name}: {e}")))?;
            let survey_key = match collector::survey(session, &definition.id).await {
                Ok(page) => page.public_key,
                Err(_) => None,
            };
            Some(read_public_key(&name, &bytes, survey_key.as_deref()).map_err(|e| problem(KEY, e))?)
        }
    };
    Ok(Ready { definition: Rc::new(definition), public_key })
}
