//! The studio's screens and fields, one component a file. They read the studio's state from a
//! context ([`Ctx`]) and send edits back through it; leaf fields take plain callbacks.

pub mod app;
pub mod checks;
pub mod condition_field;
pub mod help_lines;
pub mod kind_fields;
pub mod languages;
pub mod navigation;
pub mod options;
pub mod page_form;
pub mod part;
pub mod preview;
pub mod question_form;
pub mod report;
pub mod rules;
pub mod save_dialog;
pub mod select_field;
pub mod settings;
pub mod start;
pub mod text_input;
pub mod toolbar;
pub mod translations;

use crate::fields::Problems;
use crate::state::{Edit, Msg, Studio};
use condition_field::Subjects;
use std::rc::Rc;
use yew::prelude::*;

/// What every part of the studio can see and do.
#[derive(Clone)]
pub struct Ctx {
    pub studio: Rc<Studio>,
    /// What the check says, by path.
    pub problems: Rc<Problems>,
    /// What conditions can test, in the language being edited.
    pub subjects: Rc<Subjects>,
    pub send: Callback<Msg>,
    /// Inside one part of the draft (a question, a page's own fields): what that part shows.
    /// Its fields are drawn again when it changes, not on every change elsewhere.
    pub scope: Option<Rc<part::Scope>>,
}

impl PartialEq for Ctx {
    fn eq(&self, other: &Self) -> bool {
        match (&self.scope, &other.scope) {
            (Some(a), Some(b)) => (Rc::ptr_eq(a, b) || a == b) && self.send == other.send,
            (None, None) => {
                self.studio == other.studio
                    && self.problems == other.problems
                    && self.subjects == other.subjects
                    && self.send == other.send
            }
            _ => false,
        }
    }
}

impl Ctx {
    /// Sends an edit of the draft.
    pub fn edit(&self, edit: Edit) {
        self.send.emit(Msg::Edit(edit));
    }

    /// A callback that makes an edit of what it is given.
    pub fn editing<T: 'static>(&self, make: impl Fn(T) -> Edit + 'static) -> Callback<T> {
        self.send.reform(move |value| Msg::Edit(make(value)))
    }

    /// The messages the check has for a path: (is it an error, the message).
    pub fn problems_at(&self, path: &str) -> Vec<(bool, String)> {
        self.problems.get(path).cloned().unwrap_or_default()
    }
}

/// The studio's context; every component is inside it.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("inside the studio")
}
