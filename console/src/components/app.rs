//! The console: its state, the banner, and the screen for what the organiser is doing. Focus
//! moves to the screen's heading each time the screen changes; the session ends (and everything
//! shown with it) after the collector's idle time with no request, and when the page is left.

use super::header::Header;
use super::log::LogScreen;
use super::passkeys::PasskeysScreen;
use super::publish::PublishScreen;
use super::register::RegisterScreen;
use super::results::ResultsScreen;
use super::sign_in::SignInScreen;
use super::survey::SurveyScreen;
use super::surveys::SurveysScreen;
use super::{Ctx, HEADING};
use crate::components::error_summary::focus;
use crate::state::{Console, Msg, Screen, SignedOut};
use crate::{idle, invite};
use gloo_events::EventListener;
use speaksafe_console_client::collector;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The invitation token from the link the console was opened with.
    pub invite: Option<String>,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let console = {
        let invite = props.invite.clone();
        use_reducer(move || Console::opening(invite))
    };
    let send = {
        let dispatcher = console.dispatcher();
        use_memo((), move |_| Callback::from(move |msg| dispatcher.dispatch(msg))).as_ref().clone()
    };
    // Focus the heading of each new screen (not the first: the page has just loaded).
    use_effect_with(console.shown, |shown| {
        if *shown > 0 {
            focus(HEADING);
        }
    });
    // Counting the organiser's use of the page (for the results' idle time), and an invitation
    // link opened in this tab.
    {
        let send = send.clone();
        use_effect_with((), move |_| {
            let listeners = idle::watch_input();
            let invited = invite::watch(move |token| send.emit(Msg::Invited(token)));
            move || drop((listeners, invited))
        });
    }
    // Signed in: the idle clock, and leaving the page ends the session.
    let idle_minutes = use_mut_ref(|| 30u32);
    {
        let (session, send, idle_minutes) = (console.session.clone(), send.clone(), idle_minutes.clone());
        use_effect_with(session, move |session| {
            let guard = session.clone().map(|session| {
                let signed_in = idle::now();
                {
                    let (session, idle_minutes) = (session.clone(), idle_minutes.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(me) = collector::me(&session).await {
                            *idle_minutes.borrow_mut() = me.idle_minutes.max(1);
                        }
                    });
                }
                let tick = {
                    let (session, send) = (session.clone(), send.clone());
                    gloo_timers::callback::Interval::new(idle::TICK_MS, move || {
                        let minutes = *idle_minutes.borrow();
                        let last = collector::last_request().max(signed_in);
                        if idle::passed(idle::now(), last, minutes) {
                            collector::sign_out_now(&session);
                            send.emit(Msg::SignedOut(SignedOut::Idle { minutes }));
                        }
                    })
                };
                let leave = web_sys::window().map(|window| {
                    let (session, send) = (session.clone(), send.clone());
                    EventListener::new(&window, "pagehide", move |_| {
                        collector::sign_out_now(&session);
                        send.emit(Msg::SignedOut(SignedOut::Asked));
                    })
                });
                (tick, leave)
            });
            move || drop(guard)
        });
    }
    let ctx = Ctx { console: Rc::new((*console).clone()), send };
    let screen = match &console.screen {
        Screen::SignIn => html! { <SignInScreen /> },
        Screen::Register => html! { <RegisterScreen /> },
        Screen::Surveys => html! { <SurveysScreen /> },
        Screen::Survey(id) => html! { <SurveyScreen key={id.clone()} id={id.clone()} /> },
        Screen::Publish(id) => html! { <PublishScreen id={id.clone()} /> },
        Screen::Results(id) => html! { <ResultsScreen key={id.clone()} id={id.clone()} /> },
        Screen::Log => html! { <LogScreen /> },
        Screen::Passkeys => html! { <PasskeysScreen /> },
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <a class="ss-skip-link" href="#cs-main" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); focus("cs-main"); })}>
                { "Skip to main content" }
            </a>
            <Header />
            <main class="ss-main cs-main" id="cs-main" tabindex="-1">
                if let Some(notice) = &console.notice {
                    <div class="cs-notice" role="status"><p class="ss-body">{ notice.clone() }</p></div>
                }
                { screen }
            </main>
        </ContextProvider<Ctx>>
    }
}
