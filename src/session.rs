//! The one place the respondent's state lives: a Yew reducer around the core engine.

use crate::access_code::{self, CodeProblem};
use crate::components::intro::CodeField;
use crate::submission::{prepare, Delivery, Outbox};
use speaksafe_core::{Access, Input, Respondent, Screen};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// Everything a respondent can do; the engine decides what follows.
#[derive(Debug, Clone)]
pub enum Action {
    /// Something done to a question's answer (by its id).
    Input(String, Input),
    /// Continue (Start on the intro).
    Next,
    /// The access code field's text changed.
    Code(String),
    /// Start on the intro of a survey with codes: the code is read, then redeemed.
    Redeem,
    /// How the redemption went (the token is kept by `access_code`).
    Redeemed(Result<(), CodeProblem>),
    Back,
    SkipPage,
    Change(String),
    /// Start sealing and sending the checked response.
    Submit,
    /// How sending is going.
    Delivery(Delivery),
    /// "Try again" while waiting to send.
    TryAgain,
    Language(String),
    /// A preview's "go to page".
    GoTo(usize),
    /// A preview's "show hidden questions".
    Reveal(bool),
    /// "Easy read" pressed: on or off.
    EasyRead,
    /// A question's reading aloud started (its id) or ended.
    Reading(Option<String>),
}

/// The respondent, and counters that tell the view when to redraw and when to move focus.
pub struct Session {
    pub respondent: Rc<RefCell<Respondent>>,
    /// Changes on every action: the view redraws.
    pub version: u64,
    /// Changes when the screen changes or errors appear: focus moves.
    pub moved: u64,
    /// The checked response on its way (sealed, then sent), from Submit until it is sent.
    pub outbox: Option<Rc<Outbox>>,
    /// How sending is going, once Submit was pressed.
    pub delivery: Option<Delivery>,
    /// The studio's preview: Submit sends nothing.
    pub preview: bool,
    /// The respondent chose easy read.
    pub easy: bool,
    /// The question being read aloud, if one is.
    pub reading: Option<String>,
    /// A survey with codes: the code field on the intro.
    pub code: CodeField,
    /// The code being redeemed (as read), from Start until the collector answers.
    pub redeeming: Option<String>,
}

impl Session {
    pub fn new(respondent: Respondent) -> Session {
        Session {
            respondent: Rc::new(RefCell::new(respondent)),
            version: 0,
            moved: 0,
            outbox: None,
            delivery: None,
            preview: false,
            easy: false,
            reading: None,
            code: CodeField::default(),
            redeeming: None,
        }
    }
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.respondent, &other.respondent) && self.version == other.version
    }
}

impl Reducible for Session {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (mut outbox, mut delivery) = (self.outbox.clone(), self.delivery.clone());
        let (mut easy, mut reading) = (self.easy, self.reading.clone());
        let (mut code, mut redeeming) = (self.code.clone(), self.redeeming.clone());
        let moved = {
            let Ok(mut r) = self.respondent.try_borrow_mut() else { return self };
            let (screen, language) = (r.screen(), r.language().code.clone());
            let pressed_next = matches!(action, Action::Next);
            let pressed_submit = matches!(action, Action::Submit);
            let pressed_start = matches!(action, Action::Redeem | Action::Redeemed(_));
            match action {
                Action::Input(id, input) => r.input(&id, input),
                // The intro of a survey with codes goes on only once a code was taken (Redeem).
                Action::Next
                    if screen == Screen::Intro
                        && r.survey().access == Access::Codes
                        && !code.taken
                        && !self.preview => {}
                Action::Next => {
                    r.continue_on();
                }
                // While the sealed response is on its way, it is what was checked: no changes.
                Action::Code(typed) => code.value = typed.into(),
                Action::Redeem if redeeming.is_some() => {}
                // A preview sends nothing, and a code taken already is not asked for again.
                Action::Redeem if self.preview || code.taken || r.survey().access != Access::Codes => {
                    r.continue_on();
                }
                // A code mistyped is caught here, before anything is sent.
                Action::Redeem => match speaksafe_core::code::read(&code.value) {
                    Ok(read) => {
                        code.problem = None;
                        code.checking = true;
                        redeeming = Some(read);
                    }
                    Err(_) if code.value.trim().is_empty() => code.problem = Some(CodeProblem::Empty),
                    Err(_) => code.problem = Some(CodeProblem::Mistyped),
                },
                Action::Redeemed(result) => {
                    redeeming = None;
                    code.checking = false;
                    match result {
                        Ok(()) => {
                            code = CodeField { taken: true, ..CodeField::default() };
                            r.continue_on();
                        }
                        Err(problem) => code.problem = Some(problem),
                    }
                }
                Action::Back | Action::Change(_) if outbox.is_some() => {}
                Action::Back => r.back(),
                Action::SkipPage => r.skip_page(),
                Action::Change(id) => r.change(&id),
                // A preview sends nothing: Submit goes straight to the completion page.
                Action::Submit if self.preview => {
                    if r.checked_response().is_some() {
                        r.finish();
                    }
                }
                // An answer that fails its checks takes the respondent to it instead.
                Action::Submit if outbox.is_none() => {
                    if let Some(response) = r.checked_response() {
                        match prepare(r.survey(), &response, access_code::token()) {
                            Ok(ready) => {
                                outbox = Some(Rc::new(ready));
                                delivery = Some(Delivery::Sending);
                            }
                            Err(reason) => delivery = Some(Delivery::Refused(reason)),
                        }
                    }
                }
                Action::Submit => {}
                Action::Delivery(Delivery::Sent) => {
                    // Safely with the collector: the answers go from memory, and the token spent
                    // with them.
                    r.finish();
                    access_code::forget();
                    outbox = None;
                    delivery = None;
                }
                // Closed meanwhile: the sealed response will never be taken; it goes from memory.
                // Closed meanwhile, or the seal module served is not the published one: the
                // response will never be sent; it goes from memory.
                Action::Delivery(news @ (Delivery::Closed | Delivery::CouldNotStart)) => {
                    outbox = None;
                    delivery = Some(news);
                }
                Action::Delivery(news) => delivery = outbox.is_some().then_some(news),
                Action::TryAgain => {
                    if let Some(o) = &outbox {
                        o.try_now.set(true);
                    }
                }
                Action::Language(code) => {
                    r.set_language(&code);
                }
                Action::GoTo(page) => r.go_to_page(page),
                Action::Reveal(reveal) => r.reveal_all(reveal),
                Action::EasyRead => easy = !easy,
                Action::Reading(question) => reading = question,
            }
            // Reading aloud stops at once when what it reads goes: a new screen, another
            // language, easy read turned on or off.
            if reading.is_some() && (r.screen() != screen || r.language().code != language || easy != self.easy) {
                crate::speech::stop();
                reading = None;
            }
            // Focus moves to the new screen's heading, or to the error summary when Continue was refused.
            r.screen() != screen
                || (pressed_next && !r.errors().is_empty())
                || (pressed_submit && delivery.is_some())
                || (pressed_start && code.problem.is_some())
        };
        Rc::new(Session {
            respondent: Rc::clone(&self.respondent),
            version: self.version + 1,
            moved: self.moved + moved as u64,
            outbox,
            delivery,
            preview: self.preview,
            easy,
            reading,
            code,
            redeeming,
        })
    }
}
