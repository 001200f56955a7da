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
pub mod publish;
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
use crate::scope::Scope;
use crate::state::{Draft, Edit, Msg, Studio};
use crate::subjects::Subjects;
use serde_json::Value;
use std::cell::Ref;
use std::rc::Rc;
use yew::prelude::*;

/// What a field sees and does: the draft (read when used), the language it is edited in, what
/// the check says, what conditions can test, and sending edits. Not the studio's state as a
/// whole: inside a part ([`part::Part`]) this context is the one last made for the part, kept
/// while the part is unchanged, and a studio kept with it would be stale. So a field has no way
/// to read what the check or the preview said at some earlier change; the draft it reads is
/// always the latest ([`FieldCtx::draft`]).
#[derive(Clone)]
pub struct FieldCtx {
    draft: Draft,
    /// The language texts are edited in.
    pub language: String,
    /// What the check says, by path.
    pub problems: Rc<Problems>,
    /// What conditions can test, in the language being edited.
    pub subjects: Rc<Subjects>,
    pub send: Callback<Msg>,
    /// Inside one part of the draft (a question, a page's own fields): what that part shows.
    /// Its fields are drawn again when it changes, not on every change elsewhere.
    scope: Option<Rc<Scope>>,
    /// The draft's version, outside a part: its fields are drawn again on every change.
    version: u64,
}

impl PartialEq for FieldCtx {
    fn eq(&self, other: &Self) -> bool {
        match (&self.scope, &other.scope) {
            (Some(a), Some(b)) => (Rc::ptr_eq(a, b) || a == b) && self.send == other.send,
            (None, None) => {
                self.version == other.version
                    && self.language == other.language
                    && self.problems == other.problems
                    && self.subjects == other.subjects
                    && self.send == other.send
            }
            _ => false,
        }
    }
}

impl FieldCtx {
    /// The draft as it is now, the latest whenever it is read. Read it when it is used (in a
    /// callback), not when drawing, for anything outside the field's own part: the part is not
    /// drawn again when the rest changes.
    pub fn draft(&self) -> Ref<'_, Value> {
        self.draft.read()
    }

    /// A handle on the draft, for callbacks that read it when they are called.
    pub fn draft_handle(&self) -> Draft {
        self.draft.clone()
    }

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

    /// The same context inside the part at `path`, showing `scope`.
    fn within(&self, scope: Scope) -> FieldCtx {
        FieldCtx { scope: Some(Rc::new(scope)), ..self.clone() }
    }

    /// What the part it was made for shows; None outside a part.
    fn scope(&self) -> Option<&Scope> {
        self.scope.as_deref()
    }
}

/// What the studio's screens see and do: the studio's state as a whole, and all a field sees.
/// Fields inside a part cannot have it (see [`FieldCtx`]).
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub studio: Rc<Studio>,
    pub fields: FieldCtx,
}

impl Ctx {
    /// The studio's contexts for this version of its state.
    pub fn new(studio: Rc<Studio>, problems: Rc<Problems>, subjects: Rc<Subjects>, send: Callback<Msg>) -> Ctx {
        let fields = FieldCtx {
            draft: studio.draft_handle(),
            language: studio.language.clone(),
            problems,
            subjects,
            send,
            scope: None,
            version: studio.version,
        };
        Ctx { studio, fields }
    }
}

/// A screen sees what a field sees: `ctx.editing(…)`, `ctx.problems_at(…)`, `ctx.send`.
impl std::ops::Deref for Ctx {
    type Target = FieldCtx;

    fn deref(&self) -> &FieldCtx {
        &self.fields
    }
}

/// The studio's context, for its screens (every component is inside it). Not for a field that
/// may be inside a part: that takes [`use_field_ctx`].
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("inside the studio")
}

/// A field's context: its part's, inside a part, else the studio's.
#[hook]
pub fn use_field_ctx() -> FieldCtx {
    use_context::<FieldCtx>().expect("inside the studio")
}
