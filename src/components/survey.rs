//! One respondent's survey: holds the session, sets language and title, arms the quick exit,
//! moves focus on every page change, and shows the engine's current screen.

use super::check_answers::CheckAnswers;
use super::closed::Closed;
use super::complete::Complete;
use super::content_note::ContentNote;
use super::easy_read_switch::easy_read_switch;
use super::exit_button::{exit_label, Leaving};
use super::intro::Intro;
use super::layout::{Around, Layout};
use super::question_page::QuestionPage;
use crate::dom;
use crate::quick_exit;
use crate::say::Say;
use crate::session::{Action, Session};
use crate::speech;
use crate::submission::deliver;
use speaksafe_core::{Access, Input, Respondent, Screen, Survey};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct SurveyViewProps {
    pub survey: Rc<Survey>,
    /// The studio's preview of a draft: the page around it is left alone (its title, language,
    /// keys), the quick exit is disarmed, and Submit sends nothing.
    #[prop_or_default]
    pub preview: Option<Preview>,
}

impl PartialEq for SurveyViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.survey, &other.survey) && self.preview == other.preview
    }
}

/// What the studio asks of its preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The language to show.
    pub language: AttrValue,
    /// "Go to page": the page, and a number that changes with each request.
    pub go_to: Option<(usize, u32)>,
    /// "Show hidden questions".
    pub reveal: bool,
    /// Said on the exit button, which does nothing here.
    pub exit_note: AttrValue,
    /// Said on the completion page, whose survey words may say the answers were sent: nothing is.
    pub sent_note: AttrValue,
    /// "Read aloud" beside the questions: off unless the organiser turns it on (the studio is
    /// for writing, and its page should not start talking).
    pub read_aloud: bool,
}

/// What the screens report, each as the session's action. Made once, so that a component
/// given one of them is not redrawn for getting a new one.
#[derive(Clone, PartialEq)]
struct Callbacks {
    start: Callback<()>,
    redeem: Callback<()>,
    code: Callback<String>,
    back: Callback<()>,
    next: Callback<()>,
    skip: Callback<()>,
    input: Callback<(String, Input)>,
    change: Callback<String>,
    submit: Callback<()>,
    try_again: Callback<()>,
    language: Callback<String>,
    delivery: Callback<crate::submission::Delivery>,
    redeemed: Callback<Result<(), crate::access_code::CodeProblem>>,
    easy_read: Callback<()>,
    reading: Callback<Option<String>>,
}

impl Callbacks {
    fn new(dispatch: Callback<Action>) -> Callbacks {
        Callbacks {
            start: dispatch.reform(|()| Action::Next),
            redeem: dispatch.reform(|()| Action::Redeem),
            code: dispatch.reform(Action::Code),
            back: dispatch.reform(|()| Action::Back),
            next: dispatch.reform(|()| Action::Next),
            skip: dispatch.reform(|()| Action::SkipPage),
            input: dispatch.reform(|(id, input)| Action::Input(id, input)),
            change: dispatch.reform(Action::Change),
            submit: dispatch.reform(|()| Action::Submit),
            try_again: dispatch.reform(|()| Action::TryAgain),
            language: dispatch.reform(Action::Language),
            delivery: dispatch.reform(Action::Delivery),
            redeemed: dispatch.reform(Action::Redeemed),
            easy_read: dispatch.reform(|()| Action::EasyRead),
            reading: dispatch.reform(Action::Reading),
        }
    }
}

#[function_component]
pub fn SurveyView(props: &SurveyViewProps) -> Html {
    let survey = Rc::clone(&props.survey);
    let preview = props.preview.clone();
    let session = use_reducer(|| {
        let mut respondent = Respondent::new(Rc::clone(&survey));
        // An embed's `lang=` (or the preview's language) picks the starting language.
        if let Some(code) = props.preview.as_ref().map(|p| p.language.to_string()).or_else(crate::embed::language) {
            respondent.set_language(&code);
        }
        let mut session = Session::new(respondent);
        session.preview = props.preview.is_some();
        // A code from the card's QR code (`#code=`), put in the field: nothing is sent until the
        // respondent has read the intro and pressed Start.
        if survey.access == Access::Codes && props.preview.is_none() {
            if let Some(code) = crate::access_code::code_from_address() {
                session.code.value = code.into();
            }
        }
        session
    });
    let on = {
        let dispatcher = session.dispatcher();
        use_memo((), move |_| Callbacks::new(Callback::from(move |action| dispatcher.dispatch(action))))
    };
    use_preview(&survey, preview.as_ref(), &session);

    let respondent = session.respondent.borrow();
    let language = AttrValue::from(respondent.language().code.clone());
    use_voices_changed();
    use_reading_stops_when_gone();
    let read_aloud = preview.as_ref().is_none_or(|p| p.read_aloud) && speech::local_voice(&language).is_some();
    let say = Say { survey: Rc::clone(&survey), language, easy: session.easy, read_aloud };
    use_page_settings(&say, Rc::clone(&session.respondent), &exit_label(&say), preview.is_none());
    // The widget's intro is drawn: it replaces the first screen the collector sent.
    use_effect_with((), |_| dom::take_over_first_screen());
    use_seal_module_at_check(&survey, respondent.screen() == Screen::Check && preview.is_none());
    use_focus_on_move(&session, &respondent);
    use_redeem(&survey, &session, on.redeemed.clone());
    // Sending: starts at Submit (sealing first), and reports back until it is sent.
    {
        let report = on.delivery.clone();
        use_effect_with(session.outbox.clone(), move |outbox| {
            if let Some(outbox) = outbox {
                deliver(Rc::clone(outbox), report);
            }
        });
    }

    let leaving = preview.as_ref().map_or(Leaving::Quickly, |p| Leaving::Disarmed(p.exit_note.clone()));
    let around = Around::Widget { leaving, on_language: on.language.clone() };
    let switches = if survey.offers_easy_read(&say.language) {
        easy_read_switch(say.words(), session.easy, &on.easy_read)
    } else {
        Html::default()
    };
    html! {
        <ContextProvider<Say> context={say}>
            <Layout {around} {switches} support={respondent.screen() != Screen::Complete}>
                // A closed survey takes no answers: it says so (the studio's preview shows the
                // survey as it would be were it open).
                if survey.submit.as_ref().is_some_and(|s| s.closed) && preview.is_none() {
                    <Closed />
                } else {
                    { screen(&respondent, &session, &on, preview.as_ref()) }
                }
            </Layout>
        </ContextProvider<Say>>
    }
}

/// The engine's current screen.
fn screen(respondent: &Respondent, session: &Session, on: &Callbacks, preview: Option<&Preview>) -> Html {
    match respondent.screen() {
        Screen::Intro if respondent.survey().access == Access::Codes => html! {
            <Intro on_start={Some(on.redeem.clone())} code={session.code.clone()} on_code={Some(on.code.clone())} />
        },
        Screen::Intro => html! { <Intro on_start={Some(on.start.clone())} /> },
        Screen::ContentNote(page) => html! {
            <ContentNote {page} on_back={on.back.clone()} on_continue={on.next.clone()} on_skip={on.skip.clone()} />
        },
        Screen::Page(page) => {
            let survey = respondent.survey();
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
                    reading={session.reading.clone()} on_reading={on.reading.clone()}
                    on_input={on.input.clone()} on_back={on.back.clone()} on_continue={on.next.clone()} />
            }
        }
        Screen::Check => html! {
            <CheckAnswers rows={Rc::new(respondent.check_answers())} delivery={session.delivery.clone()}
                on_back={on.back.clone()} on_change={on.change.clone()} on_submit={on.submit.clone()}
                on_try_again={on.try_again.clone()} />
        },
        Screen::Complete => html! { <Complete preview_note={preview.map(|p| p.sent_note.clone())} /> },
    }
}

/// Draws the survey again when the browser's list of voices changes: it may list none until it
/// has loaded them, and a voice may be added or taken away while the survey is open.
#[hook]
fn use_voices_changed() {
    let update = use_force_update();
    use_effect_with((), move |_| {
        let listener = speech::synthesis().map(|synthesis| {
            let target: &web_sys::EventTarget = wasm_bindgen::JsCast::unchecked_ref(&synthesis);
            gloo_events::EventListener::new(target, "voiceschanged", move |_| update.force_update())
        });
        move || drop(listener)
    });
}

/// Reading aloud stops when the survey goes (the studio's preview, closed).
#[hook]
fn use_reading_stops_when_gone() {
    use_effect_with((), |_| speech::stop);
}

/// A preview follows the studio: the survey as edited (answers carried over), the language, "go
/// to page" and "show hidden questions".
#[hook]
fn use_preview(survey: &Rc<Survey>, preview: Option<&Preview>, session: &UseReducerHandle<Session>) {
    let dispatcher = session.dispatcher();
    // The survey as edited: the respondent carries over to it in this drawing, not in an effect
    // after it, which would draw the whole page twice for each key pressed in the studio. Focus
    // stays where the organiser is typing.
    let current = std::ptr::eq(session.respondent.borrow().survey(), &**survey);
    if !current {
        let next = session.respondent.borrow().carry_over(Rc::clone(survey));
        *session.respondent.borrow_mut() = next;
    }
    let (language, go_to, reveal) = match preview {
        Some(p) => (Some(p.language.clone()), p.go_to, p.reveal),
        None => (None, None, false),
    };
    {
        let dispatcher = dispatcher.clone();
        use_effect_with(language, move |language| {
            if let Some(code) = language {
                dispatcher.dispatch(Action::Language(code.to_string()));
            }
        });
    }
    {
        let dispatcher = dispatcher.clone();
        use_effect_with(go_to, move |go_to| {
            if let Some((page, _)) = go_to {
                dispatcher.dispatch(Action::GoTo(*page));
            }
        });
    }
    use_effect_with(reveal, move |reveal| dispatcher.dispatch(Action::Reveal(*reveal)));
}

/// The quick exit knows this survey's address, keys and respondent; the page its language and
/// its neutral title (the tab and history never show what the survey is about). Not in a preview,
/// whose page is the studio's.
#[hook]
fn use_page_settings(say: &Say, respondent: Rc<RefCell<Respondent>>, exit_label: &str, armed: bool) {
    let survey = Rc::clone(&say.survey);
    let title = say.text(&survey.neutral_title).to_string();
    let language = survey.languages.iter().find(|l| l.code == say.language.as_str()).cloned();
    let label = exit_label.to_string();
    use_effect_with((say.language.clone(), title.clone()), move |_| {
        if !armed {
            return;
        }
        quick_exit::configure(&survey.exit, &title, Some(respondent));
        // In a partner's frame, embed.js learns the exit address, keys and words: the first time
        // only, in the language the survey started in (`embed::ready` says why).
        crate::embed::ready(&survey.exit, &label);
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
            if let (Some(root), Some(language)) = (document.document_element(), language) {
                let _ = root.set_attribute("lang", &language.code);
                let _ = root.set_attribute("dir", language.direction.attribute());
            }
        }
    });
}

/// The seal module (HPKE) is not in the first load: it is fetched when the respondent reaches
/// Check your answers, the screen before Submit (Submit waits for it if it is still coming).
/// Someone who leaves before then never downloads it.
#[hook]
fn use_seal_module_at_check(survey: &Survey, at_check: bool) {
    let takes_responses = survey.submit.as_ref().is_some_and(|s| !s.public_key.is_empty());
    use_effect_with(at_check, move |at_check| {
        if *at_check && takes_responses {
            crate::sealer::fetch_early();
        }
    });
}

/// A survey with codes: the token module is fetched once something is typed in the code field
/// (or a code came in the address), and the code is redeemed when Start read it well.
#[hook]
fn use_redeem(survey: &Survey, session: &Session, report: Callback<Result<(), crate::access_code::CodeProblem>>) {
    let typed = !session.code.value.is_empty() && !session.preview;
    use_effect_with(typed, |typed| {
        if *typed {
            crate::access_code::fetch_module_early();
        }
    });
    let endpoint = survey.submit.as_ref().map(|s| s.endpoint.clone()).unwrap_or_default();
    let key = survey.submit.as_ref().and_then(|s| s.token_key.clone());
    use_effect_with(session.redeeming.clone(), move |redeeming| {
        if let Some(code) = redeeming.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                report.emit(crate::access_code::redeem(&endpoint, key.as_deref(), &code).await);
            });
        }
    });
}

/// Focus moves on every change of screen: to the error summary when Continue was refused, to
/// the sending status after Submit, else to the new screen's heading.
#[hook]
fn use_focus_on_move(session: &Session, respondent: &Respondent) {
    let has_errors = !respondent.errors().is_empty() || session.code.problem.is_some();
    let sending = session.delivery.is_some() && respondent.screen() == Screen::Check;
    use_effect_with(session.moved, move |moved| {
        if *moved > 0 {
            dom::focus(if has_errors {
                dom::ERROR_SUMMARY
            } else if sending {
                dom::DELIVERY
            } else {
                dom::HEADING
            });
        }
    });
}
