//! The one place the respondent's state lives: a Yew reducer around the core engine.

use speaksafe_core::{Answer, Respondent, Response};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// Everything a respondent can do; the engine decides what follows.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Answer(String, Option<Answer>),
    Toggle { question: String, value: String, on: bool },
    Other { question: String, text: String },
    MatrixRow { question: String, row: String, column: Option<String> },
    Next,
    Back,
    SkipPage,
    Change(String),
    Submit,
    Language(String),
}

/// The respondent, and counters that tell the view when to redraw and when to move focus.
pub struct Session {
    pub respondent: Rc<RefCell<Respondent>>,
    /// Changes on every action: the view redraws.
    pub version: u64,
    /// Changes when the screen changes or errors appear: focus moves.
    pub moved: u64,
    /// The response, once submitted (sending it is the next step of the project).
    pub response: Option<Response>,
}

impl Session {
    pub fn new(respondent: Respondent) -> Session {
        Session { respondent: Rc::new(RefCell::new(respondent)), version: 0, moved: 0, response: None }
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
        let mut response = self.response.clone();
        let moved = {
            let Ok(mut r) = self.respondent.try_borrow_mut() else { return self };
            let screen = r.screen();
            let pressed_next = action == Action::Next;
            match action {
                Action::Answer(id, answer) => r.set_answer(&id, answer),
                Action::Toggle { question, value, on } => r.toggle(&question, &value, on),
                Action::Other { question, text } => r.set_other(&question, &text),
                Action::MatrixRow { question, row, column } => r.set_matrix_row(&question, &row, column.as_deref()),
                Action::Next => {
                    r.next();
                }
                Action::Back => r.back(),
                Action::SkipPage => r.skip_page(),
                Action::Change(id) => r.change(&id),
                Action::Submit => response = r.submit().or(response),
                Action::Language(code) => {
                    r.set_language(&code);
                }
            }
            // Focus moves to the new screen's heading, or to the error summary when Continue was refused.
            r.screen() != screen || (pressed_next && !r.errors().is_empty())
        };
        Rc::new(Session {
            respondent: Rc::clone(&self.respondent),
            version: self.version + 1,
            moved: self.moved + moved as u64,
            response,
        })
    }
}
