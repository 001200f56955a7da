//! One respondent's survey: holds the session, sets language and title, arms the quick exit,
//! moves focus on every page change, and shows the engine's current screen.

use super::check_answers::CheckAnswers;
use super::complete::Complete;
use super::content_note::ContentNote;
use super::exit_button::ExitButton;
use super::intro::Intro;
use super::language_switcher::LanguageSwitcher;
use super::question_page::QuestionPage;
use super::support::Support;
use crate::quick_exit;
use crate::say::Say;
use crate::session::{Action, Session};
use crate::submission::deliver;
use speaksafe_core::read::MAX_EXIT_LABEL_CHARS;
use speaksafe_core::{Respondent, Screen, Survey};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties)]
pub struct SurveyViewProps {
    pub survey: Rc<Survey>,
}

impl PartialEq for SurveyViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.survey, &other.survey)
    }
}

/// Moves focus to the element with this id (a heading with tabindex="-1", or the error summary).
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

#[function_component]
pub fn SurveyView(props: &SurveyViewProps) -> Html {
    let survey = Rc::clone(&props.survey);
    let session = use_reducer(|| {
        let mut respondent = Respondent::new(Rc::clone(&survey));
        // An embed's `lang=` picks the starting language, if the survey has it.
        if let Some(code) = crate::embed::language() {
            respondent.set_language(&code);
        }
        Session::new(respondent)
    });
    let on_action: Callback<Action> = {
        let dispatcher = session.dispatcher();
        use_memo((), move |_| Callback::from(move |action| dispatcher.dispatch(action))).as_ref().clone()
    };

    let respondent = session.respondent.borrow();
    let language = respondent.language().clone();
    let say = Say { survey: Rc::clone(&survey), language: AttrValue::from(language.code.clone()) };
    let words = say.words();
    let neutral_title = say.text(&survey.neutral_title).to_string();

    // The quick exit knows this survey's address, keys and respondent; the page its language and
    // its neutral title (the tab and history never show what the survey is about).
    // `check` refuses a longer label; the cap here holds even for a definition that was not
    // checked, so that the button can never cover the page it is there to leave.
    let exit_label: String =
        survey.exit.button.as_ref().map_or(words.leave, |t| say.text(t)).chars().take(MAX_EXIT_LABEL_CHARS).collect();
    {
        let (survey, respondent) = (Rc::clone(&survey), Rc::clone(&session.respondent));
        let (code, dir, title) = (language.code.clone(), language.direction.attribute(), neutral_title.clone());
        let label = exit_label.clone();
        use_effect_with((code.clone(), title.clone()), move |_| {
            quick_exit::configure(&survey.exit, &title, Some(respondent));
            // In a partner's frame, embed.js learns the exit address, keys and words.
            crate::embed::ready(&survey.exit, &label);
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&title);
                if let Some(root) = document.document_element() {
                    let _ = root.set_attribute("lang", &code);
                    let _ = root.set_attribute("dir", dir);
                }
            }
        });
    }
    // The seal module (HPKE) is not in the first load: it is fetched when the respondent reaches
    // Check your answers, the screen before Submit (Submit waits for it if it is still coming).
    // Someone who leaves before then never downloads it.
    {
        let takes_responses = survey.submit.as_ref().is_some_and(|s| !s.public_key.is_empty());
        use_effect_with(respondent.screen() == Screen::Check, move |at_check| {
            if *at_check && takes_responses {
                crate::sealer::fetch_early();
            }
        });
    }
    // Focus: the error summary when Continue was refused, the sending status after Submit,
    // else the new screen's heading.
    {
        let has_errors = !respondent.errors().is_empty();
        let sending = session.delivery.is_some() && respondent.screen() == Screen::Check;
        use_effect_with(session.moved, move |moved| {
            if *moved > 0 {
                focus(if has_errors {
                    "ss-error-summary"
                } else if sending {
                    "ss-delivery"
                } else {
                    "ss-heading"
                });
            }
        });
    }
    // Sending: starts at Submit (sealing first), and reports back until it is sent.
    {
        let on_action = on_action.clone();
        use_effect_with(session.outbox.clone(), move |outbox| {
            if let Some(outbox) = outbox {
                deliver(Rc::clone(outbox), on_action.reform(Action::Delivery));
            }
        });
    }

    let screen = match respondent.screen() {
        Screen::Intro => html! { <Intro on_action={on_action.clone()} /> },
        Screen::ContentNote(page) => html! { <ContentNote {page} on_action={on_action.clone()} /> },
        Screen::Page(page) => {
            let progress = respondent.progress();
            let questions: Vec<usize> = respondent
                .visible_questions(page)
                .filter_map(|q| survey.pages[page].questions.iter().position(|x| x.id == q.id))
                .collect();
            let answers =
                questions.iter().map(|&i| respondent.answer(&survey.pages[page].questions[i].id).cloned()).collect();
            let errors = respondent
                .errors()
                .iter()
                .map(|e| (AttrValue::from(e.question.clone()), AttrValue::from(e.message.clone())))
                .collect();
            html! {
                <QuestionPage {page} questions={Rc::new(questions)} answers={Rc::new(answers)} errors={Rc::new(errors)}
                    progress_text={respondent.progress_text()} progress={(progress.page, progress.pages)}
                    on_action={on_action.clone()} />
            }
        }
        Screen::Check => html! {
            <CheckAnswers rows={Rc::new(respondent.check_answers())} delivery={session.delivery.clone()} on_action={on_action.clone()} />
        },
        Screen::Complete => html! { <Complete /> },
    };
    let hint = (survey.exit.escape).then(|| AttrValue::from(words.leave_hint));
    let skip = Callback::from(|event: MouseEvent| {
        // Move focus without changing the address: a "#main" would add a history entry.
        event.prevent_default();
        focus("ss-main");
    });
    let in_pages = !matches!(respondent.screen(), Screen::Complete);
    html! {
        <ContextProvider<Say> context={say.clone()}>
            <div class="ss-page" lang={language.code.clone()} dir={language.direction.attribute()}>
                <a class="ss-skip-link" href="#ss-main" onclick={skip}>{ words.skip_to_content }</a>
                <ExitButton label={exit_label} {hint} />
                if survey.languages.len() > 1 {
                    <LanguageSwitcher on_action={on_action.clone()} />
                }
                <main class="ss-main" id="ss-main" tabindex="-1">
                    { screen }
                </main>
                if in_pages {
                    <Support />
                }
            </div>
        </ContextProvider<Say>>
    }
}
