//! The console's banner: what this is, who is signed in, the screens, and Sign out.

use super::use_ctx;
use crate::state::{Msg, Screen, SignedOut};
use speaksafe_console_client::collector;
use yew::prelude::*;

#[function_component]
pub fn Header() -> Html {
    let ctx = use_ctx();
    let screen = &ctx.console.screen;
    let link = |to: Screen, words: &'static str, current: bool| {
        let send = ctx.send.clone();
        html! {
            <li>
                <button type="button" class="ss-link-button cs-nav__link" aria-current={current.then_some("page")}
                    onclick={Callback::from(move |_| send.emit(Msg::Show(to.clone())))}>{ words }</button>
            </li>
        }
    };
    let sign_out = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            if let Some(session) = ctx.session() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = collector::sign_out(&session).await;
                });
            }
            ctx.send.emit(Msg::SignedOut(SignedOut::Asked));
        })
    };
    html! {
        <header class="cs-header">
            <p class="cs-brand">{ "speaksafe console" }</p>
            if let Some(session) = &ctx.console.session {
                <p class="cs-who">{ "Signed in as " }<strong>{ session.organiser.clone() }</strong></p>
                <nav class="cs-nav" aria-label="Console">
                    <ul class="cs-nav__list">
                        { link(Screen::Surveys, "Surveys", matches!(screen, Screen::Surveys | Screen::Survey(_) | Screen::Results(_))) }
                        { link(Screen::Publish(None), "Publish a survey", matches!(screen, Screen::Publish(_))) }
                        { link(Screen::Log, "Log", *screen == Screen::Log) }
                        { link(Screen::Passkeys, "Passkeys", *screen == Screen::Passkeys) }
                        <li><button type="button" class="ss-link-button cs-nav__link" onclick={sign_out}>{ "Sign out" }</button></li>
                    </ul>
                </nav>
            }
        </header>
    }
}
