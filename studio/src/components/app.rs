//! The studio: its state, the keys, and the screen for what the organiser is doing.

use super::checks::Checks;
use super::navigation::Navigation;
use super::page_form::PageForm;
use super::preview::PreviewPane;
use super::report::ImportReport;
use super::settings::SettingsForm;
use super::start::StartScreen;
use super::toolbar::Toolbar;
use super::translations::TranslationsView;
use super::{Ctx, FieldCtx};
use crate::fields::problems;
use crate::keys;
use crate::state::{Msg, Studio, View};
use crate::subjects::{subjects, Subjects};
use std::rc::Rc;
use yew::prelude::*;

#[function_component]
pub fn App() -> Html {
    let studio = use_reducer(Studio::default);
    let send = {
        let dispatcher = studio.dispatcher();
        use_memo((), move |_| Callback::from(move |msg| dispatcher.dispatch(msg))).as_ref().clone()
    };
    {
        let send = send.clone();
        use_effect_with((), move |_| {
            let (undo, redo) = (send.clone(), send);
            let guard = keys::undo_keys(move || undo.emit(Msg::Undo), move || redo.emit(Msg::Redo));
            move || drop(guard)
        });
    }
    use_effect_with(studio.unsaved, |unsaved| {
        let guard = if *unsaved { keys::ask_before_leaving() } else { None };
        move || drop(guard)
    });
    let problems = {
        let findings = Rc::clone(&studio.findings);
        use_memo(studio.version, move |_| problems(&findings))
    };
    // The same list as before when what conditions can test has not changed (most edits): the
    // parts whose conditions show it need not be drawn again.
    let last_subjects = use_mut_ref(|| Rc::new(Subjects::default()));
    let subjects = {
        let survey = studio.survey.clone();
        use_memo((studio.version, studio.language.clone()), move |(_, language)| {
            let mut last = last_subjects.borrow_mut();
            let now = survey.map(|s| subjects(&s, language, &last)).unwrap_or_default();
            if **last != now {
                *last = Rc::new(now);
            }
            Rc::clone(&last)
        })
    };
    let subjects = (*subjects).clone();
    let ctx = Ctx::new(Rc::new((*studio).clone()), problems, subjects.clone(), send);
    let view = studio.view;
    let body = match view {
        View::Start => html! { <StartScreen /> },
        _ => {
            let editor = match view {
                View::Page(page) => html! { <PageForm key={format!("page-{page}")} {page} /> },
                View::Translations => html! { <TranslationsView /> },
                _ => html! { <SettingsForm /> },
            };
            html! {
                <div class="st-layout">
                    <nav class="st-nav" aria-label="Survey parts">
                        <Navigation />
                    </nav>
                    <main class="st-editor" id="st-main" tabindex="-1">
                        <ImportReport />
                        { editor }
                    </main>
                    <aside class="st-side" aria-label="Check and preview">
                        <Checks />
                        <PreviewPane />
                    </aside>
                </div>
            }
        }
    };
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
          <ContextProvider<FieldCtx> context={ctx.fields.clone()}>
            <ContextProvider<Rc<Subjects>> context={subjects}>
                <a class="ss-skip-link" href="#st-main">{ "Skip to the editor" }</a>
                <Toolbar />
                { body }
            </ContextProvider<Rc<Subjects>>>
          </ContextProvider<FieldCtx>>
        </ContextProvider<Ctx>>
    }
}
