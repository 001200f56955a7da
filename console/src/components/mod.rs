//! The console's screens and their parts, one component a file. They read the console's state
//! from a context ([`Ctx`]) and send messages back through it.

pub mod app;
pub mod error_summary;
pub mod file_field;
pub mod header;
pub mod log;
pub mod passkeys;
pub mod publish;
pub mod purge;
pub mod register;
pub mod report_frame;
pub mod results;
pub mod sign_in;
pub mod summary_choices;
pub mod survey;
pub mod surveys;
pub mod withheld;

use crate::state::{Console, Msg, SignedOut};
use speaksafe_console_client::{Refusal, Session};
use std::future::Future;
use std::rc::Rc;
use yew::prelude::*;

/// The one `<h1>` of every screen: focus moves to it when the screen changes.
pub const HEADING: &str = "cs-heading";

/// What every screen can see and do.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub console: Rc<Console>,
    pub send: Callback<Msg>,
}

impl Ctx {
    /// The signed-in organiser's session (every screen but sign-in and register has one).
    pub fn session(&self) -> Option<Session> {
        self.console.session.clone()
    }

    /// What to show of a refusal: a session that has ended signs out (and shows nothing here).
    pub fn refused(&self, refusal: Refusal) -> Option<String> {
        match refusal {
            Refusal::SignedOut(why) => {
                self.send.emit(Msg::SignedOut(SignedOut::Ended(why)));
                None
            }
            other => Some(other.message()),
        }
    }
}

#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("inside the console")
}

/// What a screen asked the collector for.
#[derive(Debug, PartialEq)]
pub enum Fetched<T> {
    Loading,
    Got(Rc<T>),
    Failed(String),
}

// Not derived: that would ask T to be Clone, and an Rc is cloned whatever it holds.
impl<T> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        match self {
            Fetched::Loading => Fetched::Loading,
            Fetched::Got(got) => Fetched::Got(Rc::clone(got)),
            Fetched::Failed(message) => Fetched::Failed(message.clone()),
        }
    }
}

/// Asks the collector for what a screen shows, when it is first drawn and again whenever
/// `again` changes (after an action). A session that has ended signs out.
#[hook]
pub fn use_fetched<T, F, Fut>(again: u32, fetch: F) -> Fetched<T>
where
    T: 'static,
    F: Fn(Session) -> Fut + 'static,
    Fut: Future<Output = Result<T, Refusal>> + 'static,
{
    let ctx = use_ctx();
    let state = use_state(|| Fetched::Loading);
    {
        let state = state.clone();
        use_effect_with(again, move |_| {
            if let Some(session) = ctx.session() {
                let future = fetch(session);
                wasm_bindgen_futures::spawn_local(async move {
                    match future.await {
                        Ok(got) => state.set(Fetched::Got(Rc::new(got))),
                        Err(refusal) => {
                            if let Some(message) = ctx.refused(refusal) {
                                state.set(Fetched::Failed(message));
                            }
                        }
                    }
                });
            }
        });
    }
    (*state).clone()
}

/// "Loading…", or why it could not be loaded.
pub fn not_yet<T>(fetched: &Fetched<T>) -> Html {
    match fetched {
        Fetched::Failed(message) => html! { <p class="ss-body cs-problem" role="alert">{ message.clone() }</p> },
        _ => html! { <p class="ss-body" role="status">{ "Loading…" }</p> },
    }
}

/// The screen's heading.
pub fn heading(text: impl Into<Html>) -> Html {
    html! { <h1 class="ss-heading-l" id={HEADING} tabindex="-1">{ text.into() }</h1> }
}

/// A short form of a version's hash (what the organiser compares by eye).
pub fn short(version: &str) -> String {
    version.chars().take(12).collect()
}
