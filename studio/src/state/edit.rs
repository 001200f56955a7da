//! An edit of the draft, as the studio's fields make it: what it changes, and how much of the
//! draft it can reach (what undo keeps a copy of).

use super::history::Reach;
use super::view::View;
use serde_json::Value;
use speaksafe_core::draft;

/// An edit of the draft.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Sets a value (`null` removes the field).
    Set(String, Value),
    /// Sets a text in one language.
    Text {
        path: String,
        language: String,
        text: String,
    },
    AddPage {
        after: Option<usize>,
    },
    MoveItem {
        list: String,
        from: usize,
        to: usize,
    },
    RemoveItem {
        list: String,
        index: usize,
    },
    InsertItem {
        list: String,
        index: usize,
        item: Value,
    },
    DuplicatePage(usize),
    AddQuestion {
        page: usize,
        index: usize,
        kind: String,
    },
    DuplicateQuestion {
        page: usize,
        index: usize,
    },
    QuestionToPage {
        page: usize,
        index: usize,
        to: usize,
    },
    /// Renames a question, and (if asked) every condition that names it.
    RenameQuestion {
        page: usize,
        index: usize,
        id: String,
        conditions: bool,
    },
    /// Renames an option's value, and (if asked) every condition that compares with it.
    RenameValue {
        list: String,
        index: usize,
        value: String,
        conditions: bool,
    },
    /// Replaces the whole draft (translations brought back from a spreadsheet).
    Replace(Value),
    /// Several edits as one (a question's words and the id made from them).
    Many(Vec<Edit>),
    /// Renames the survey (where answers go follows).
    RenameSurvey(String),
}

impl Edit {
    /// The field typed into, when it is typing: such edits in a row are undone together.
    pub(super) fn typing(&self) -> Option<&str> {
        match self {
            Edit::Text { path, .. } => Some(path),
            Edit::Set(path, Value::String(_) | Value::Number(_)) => Some(path),
            Edit::RenameSurvey(_) => Some("id"),
            Edit::Many(edits) => edits.first().and_then(Edit::typing),
            _ => None,
        }
    }

    /// The part of the draft the edit can change: what undo keeps a copy of.
    pub(super) fn reach(&self, draft: &Value) -> Reach {
        match self {
            Edit::Set(path, _) | Edit::Text { path, .. } => Reach::of(path, draft),
            Edit::MoveItem { list, .. } | Edit::RemoveItem { list, .. } | Edit::InsertItem { list, .. } => {
                Reach::of(list, draft)
            }
            Edit::AddQuestion { page, .. } | Edit::DuplicateQuestion { page, .. } => Reach::page(*page, draft),
            Edit::RenameQuestion { page, conditions: false, .. } => Reach::page(*page, draft),
            Edit::RenameValue { list, conditions: false, .. } => Reach::of(list, draft),
            Edit::Many(edits) => {
                let mut reaches = edits.iter().map(|e| e.reach(draft));
                let first = reaches.next().unwrap_or(Reach::All);
                if reaches.all(|r| r == first) {
                    first
                } else {
                    Reach::All
                }
            }
            _ => Reach::All,
        }
    }

    /// Makes the edit in `draft`; `view` follows a page that it adds, copies or moves.
    pub(super) fn apply(&self, draft: &mut Value, view: &mut View) {
        match self.clone() {
            Edit::Set(path, value) => draft::set(draft, &path, value),
            Edit::Text { path, language, text } => draft::set_text(draft, &path, &language, &text),
            Edit::AddPage { after } => {
                let page = draft::add_page(draft, after);
                *view = View::Page(page);
            }
            Edit::MoveItem { list, from, to } => {
                draft::move_item(draft, &list, from, to);
                if list == "pages" && *view == View::Page(from) {
                    *view = View::Page(to);
                }
            }
            Edit::RemoveItem { list, index } => {
                draft::remove_item(draft, &list, index);
            }
            Edit::InsertItem { list, index, item } => {
                draft::insert_item(draft, &list, index, item);
            }
            Edit::DuplicatePage(page) => {
                if let Some(copy) = draft::duplicate_page(draft, page) {
                    *view = View::Page(copy);
                }
            }
            Edit::AddQuestion { page, index, kind } => {
                draft::add_question(draft, page, index, &kind);
            }
            Edit::DuplicateQuestion { page, index } => {
                draft::duplicate_question(draft, page, index);
            }
            Edit::QuestionToPage { page, index, to } => {
                draft::move_question_to_page(draft, page, index, to);
            }
            Edit::RenameQuestion { page, index, id, conditions } => {
                if conditions {
                    draft::rename_question(draft, page, index, &id);
                } else {
                    draft::set(draft, &format!("pages[{page}].questions[{index}].id"), Value::String(id));
                }
            }
            Edit::RenameValue { list, index, value, conditions } => {
                if conditions {
                    draft::rename_value(draft, &list, index, &value);
                } else {
                    draft::set(draft, &format!("{list}[{index}].value"), Value::String(value));
                }
            }
            Edit::Replace(value) => *draft = value,
            Edit::RenameSurvey(id) => draft::rename_survey(draft, &id),
            Edit::Many(edits) => {
                for edit in &edits {
                    edit.apply(draft, view);
                }
            }
        }
    }
}
