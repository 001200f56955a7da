//! Passkeys: how many the organiser has, and adding another (a phone beside a laptop).

use super::{heading, not_yet, use_ctx, use_fetched, Fetched};
use speaksafe_console_client::collector;
use yew::prelude::*;

#[function_component]
pub fn PasskeysScreen() -> Html {
    let ctx = use_ctx();
    let again = use_state(|| 0u32);
    let me = use_fetched(*again, |session| async move { collector::me(&session).await });
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Result<usize, String>>);
    let onclick = {
        let (ctx, busy, outcome, again) = (ctx.clone(), busy.clone(), outcome.clone(), again.clone());
        Callback::from(move |_| {
            let Some(session) = ctx.session().filter(|_| !*busy) else { return };
            busy.set(true);
            let (ctx, busy, outcome, again) = (ctx.clone(), busy.clone(), outcome.clone(), again.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let added = collector::add_passkey(&session).await;
                busy.set(false);
                match added {
                    Ok(n) => {
                        outcome.set(Some(Ok(n)));
                        again.set(*again + 1);
                    }
                    Err(refusal) => {
                        if let Some(message) = ctx.refused(refusal) {
                            outcome.set(Some(Err(message)));
                        }
                    }
                }
            });
        })
    };
    html! {
        <>
            { heading("Passkeys") }
            if let Some(Ok(n)) = &*outcome {
                <div class="cs-notice" role="status"><p class="ss-body">{ format!("Passkey added. You now have {}.", count(*n)) }</p></div>
            }
            if let Some(Err(message)) = &*outcome {
                <div class="ss-error-summary" role="alert" aria-labelledby="cs-passkey-problem">
                    <h2 class="ss-error-summary__title" id="cs-passkey-problem">{ "No passkey was added" }</h2>
                    <p class="ss-body">{ message.clone() }</p>
                </div>
            }
            { match &me {
                Fetched::Got(me) => html! { <p class="ss-body">{ format!("You have {}.", count(me.passkeys)) }</p> },
                other => not_yet(other),
            } }
            <p class="ss-body">{ "Add a passkey on each device you use (a laptop and a phone, say), so that losing one does not lock you out." }</p>
            <button type="button" class="ss-button" aria-disabled={busy.to_string()} {onclick}>{ "Add another passkey" }</button>
        </>
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 passkey".into()
    } else {
        format!("{n} passkeys")
    }
}
