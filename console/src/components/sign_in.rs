//! Sign in: one button, and the passkey says who (a discoverable credential: no name to type).

use super::{heading, use_ctx};
use crate::state::Msg;
use speaksafe_console_client::collector;
use yew::prelude::*;

#[function_component]
pub fn SignInScreen() -> Html {
    let ctx = use_ctx();
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let onclick = {
        let (send, busy, error) = (ctx.send.clone(), busy.clone(), error.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (send, busy, error) = (send.clone(), busy.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match collector::sign_in().await {
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
            { heading("Sign in") }
            if let Some(why) = &ctx.console.signed_out {
                <div class="cs-notice" role="status"><p class="ss-body">{ why.message() }</p></div>
            }
            if let Some(message) = &*error {
                <div class="ss-error-summary" role="alert" aria-labelledby="cs-sign-in-problem">
                    <h2 class="ss-error-summary__title" id="cs-sign-in-problem">{ "You are not signed in" }</h2>
                    <p class="ss-body">{ message.clone() }</p>
                </div>
            }
            <p class="ss-body">{ "Sign in with the passkey you made when you were invited: your device asks you to confirm it is you (a fingerprint, your face, or the device's PIN)." }</p>
            <p class="ss-body">{ "Nothing is kept in this browser: reloading the page, closing it, or 30 minutes without use signs you out." }</p>
            <button type="button" class="ss-button ss-button--start" aria-disabled={busy.to_string()} {onclick}>{ "Sign in with a passkey" }</button>
            <p class="ss-hint">{ "No passkey yet? Ask whoever runs this collector for an invitation link." }</p>
        </>
    }
}
