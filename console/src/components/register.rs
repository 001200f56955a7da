//! An invitation link was opened: the organiser makes their passkey, which signs them in.

use super::{heading, use_ctx};
use crate::state::{Msg, Screen};
use speaksafe_console_client::collector;
use yew::prelude::*;

#[function_component]
pub fn RegisterScreen() -> Html {
    let ctx = use_ctx();
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let onclick = {
        let (ctx, busy, error) = (ctx.clone(), busy.clone(), error.clone());
        Callback::from(move |_| {
            let Some(invite) = ctx.console.invite.clone().filter(|_| !*busy) else { return };
            busy.set(true);
            error.set(None);
            let (send, busy, error) = (ctx.send.clone(), busy.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match collector::register(&invite).await {
                    Ok(session) => send.emit(Msg::SignedIn(session)),
                    Err(refusal) => {
                        busy.set(false);
                        error.set(Some(refusal.message()));
                    }
                }
            });
        })
    };
    html! {
        <>
            { heading("Create your passkey") }
            <p class="ss-body">{ "You have been invited to this survey collector's console. A passkey is how you sign in: there is no password. Your device keeps it, and asks you to confirm it is you (a fingerprint, your face, or the device's PIN) each time." }</p>
            if let Some(message) = &*error {
                <div class="ss-error-summary" role="alert" aria-labelledby="cs-register-problem">
                    <h2 class="ss-error-summary__title" id="cs-register-problem">{ "No passkey was made" }</h2>
                    <p class="ss-body">{ message.clone() }</p>
                </div>
            }
            <button type="button" class="ss-button ss-button--start" aria-disabled={busy.to_string()} {onclick}>
                { "Create a passkey" }
            </button>
            <p class="ss-body">
                { "Already have one? " }
                <button type="button" class="ss-link-button" onclick={ctx.send.reform(|_| Msg::Show(Screen::SignIn))}>{ "Sign in instead" }</button>
            </p>
        </>
    }
}
