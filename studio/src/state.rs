//! The one place the studio's state lives: the draft (a definition, as a JSON document), what
//! the check says of it, undo and redo, and where the organiser is. Every edit goes through
//! `speaksafe_core::draft`; every change is checked by `speaksafe_core::read::check_value`.

use serde_json::Value;
use speaksafe_core::draft;
use speaksafe_core::import::Note;
use speaksafe_core::read::{check_value, Findings};
use speaksafe_core::Survey;
use std::rc::Rc;
use yew::Reducible;

/// How many edits can be undone.
const HISTORY: usize = 300;
/// Typing into the same field within this long is one edit to undo, not one per key.
const TYPING_MS: f64 = 1_500.0;

/// What the organiser is looking at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Nothing open yet: start blank, from an example or from a file.
    Start,
    /// The survey's own settings: title, intro, languages, help lines, the quick exit.
    Settings,
    /// One page and its questions.
    Page(usize),
    /// Every text in every language.
    Translations,
}

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
    fn typing(&self) -> Option<&str> {
        match self {
            Edit::Text { path, .. } => Some(path),
            Edit::Set(path, Value::String(_) | Value::Number(_)) => Some(path),
            Edit::RenameSurvey(_) => Some("id"),
            Edit::Many(edits) => edits.first().and_then(Edit::typing),
            _ => None,
        }
    }
}

/// Everything the organiser can do.
#[derive(Debug, Clone)]
pub enum Msg {
    /// Starts on this draft (blank, an example, a file): undo starts afresh.
    Open {
        draft: Value,
        report: Vec<Note>,
        name: String,
    },
    Edit(Edit),
    Undo,
    Redo,
    Show(View),
    /// The language texts are edited in.
    Language(String),
    /// The published version, to compare with before saving.
    Published(Option<Rc<Survey>>),
    /// Saved to a file: nothing unsaved.
    Saved,
    /// A message for the organiser (a file that could not be opened, …).
    Notice(Option<String>),
    DismissReport,
}

#[derive(Clone)]
pub struct Studio {
    pub draft: Rc<Value>,
    /// What the check says of the draft (its survey moved to `survey`).
    pub findings: Rc<Findings>,
    /// The last version without errors, for the preview and the condition builder: the draft's
    /// own when `findings` has no errors.
    pub survey: Option<Rc<Survey>>,
    undo: Vec<Rc<Value>>,
    redo: Vec<Rc<Value>>,
    /// The field last typed into, and when.
    typing: Option<(String, f64)>,
    pub view: View,
    pub language: String,
    pub unsaved: bool,
    pub published: Option<Rc<Survey>>,
    /// What an import dropped or rewrote.
    pub report: Rc<Vec<Note>>,
    /// The name of the file opened.
    pub name: String,
    pub notice: Option<String>,
    /// Changes with every change of the draft.
    pub version: u64,
}

impl Default for Studio {
    fn default() -> Self {
        let draft = draft::blank();
        let findings = check_value(&draft);
        Studio {
            draft: Rc::new(draft),
            findings: Rc::new(findings),
            survey: None,
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
            view: View::Start,
            language: "en".into(),
            unsaved: false,
            published: None,
            report: Rc::new(Vec::new()),
            name: String::new(),
            notice: None,
            version: 0,
        }
    }
}

impl PartialEq for Studio {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.view == other.view
            && self.language == other.language
            && self.unsaved == other.unsaved
            && self.notice == other.notice
            && Rc::ptr_eq(&self.report, &other.report)
            && self.published.as_ref().map(Rc::as_ptr) == other.published.as_ref().map(Rc::as_ptr)
            && self.undo.len() == other.undo.len()
            && self.redo.len() == other.redo.len()
    }
}

impl Studio {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Checks the draft as it is now, keeping the last survey without errors for the preview.
    fn checked(mut self, draft: Value) -> Studio {
        let mut findings = check_value(&draft);
        // The survey moves out of the findings, not copied: at a thousand questions a copy (and
        // later dropping it) is a good part of a keystroke on a slow laptop.
        if let Some(survey) = findings.survey.take() {
            self.survey = Some(Rc::new(survey));
        }
        let languages = draft::languages(&draft);
        if !languages.contains(&self.language) {
            self.language = languages.first().cloned().unwrap_or_else(|| "en".into());
        }
        if let View::Page(p) = self.view {
            let pages = draft.get("pages").and_then(Value::as_array).map_or(0, Vec::len);
            if p >= pages {
                self.view = if pages == 0 { View::Settings } else { View::Page(pages - 1) };
            }
        }
        self.findings = Rc::new(findings);
        self.draft = Rc::new(draft);
        self.version += 1;
        self
    }

    fn apply(&mut self, edit: &Edit, draft: &mut Value) {
        match edit.clone() {
            Edit::Set(path, value) => draft::set(draft, &path, value),
            Edit::Text { path, language, text } => draft::set_text(draft, &path, &language, &text),
            Edit::AddPage { after } => {
                let page = draft::add_page(draft, after);
                self.view = View::Page(page);
            }
            Edit::MoveItem { list, from, to } => {
                draft::move_item(draft, &list, from, to);
                if list == "pages" && self.view == View::Page(from) {
                    self.view = View::Page(to);
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
                    self.view = View::Page(copy);
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
                    self.apply(edit, draft);
                }
            }
        }
    }
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Reducible for Studio {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Open { draft, report, name } => {
                next.undo.clear();
                next.redo.clear();
                next.typing = None;
                next.unsaved = false;
                next.report = Rc::new(report);
                next.name = name;
                next.notice = None;
                next.survey = None;
                next.language = draft::languages(&draft).first().cloned().unwrap_or_else(|| "en".into());
                next.view = View::Settings;
                return Rc::new(next.checked(draft));
            }
            Msg::Edit(edit) => {
                let mut draft = (*self.draft).clone();
                next.apply(&edit, &mut draft);
                if draft == *self.draft {
                    return Rc::new(next);
                }
                // Typing in one field is one step to undo.
                let now = now();
                let same_field = match (&next.typing, edit.typing()) {
                    (Some((field, at)), Some(path)) => field == path && now - at < TYPING_MS,
                    _ => false,
                };
                if !same_field {
                    next.undo.push(Rc::clone(&self.draft));
                    if next.undo.len() > HISTORY {
                        next.undo.remove(0);
                    }
                }
                next.typing = edit.typing().map(|p| (p.to_string(), now));
                next.redo.clear();
                next.unsaved = true;
                return Rc::new(next.checked(draft));
            }
            Msg::Undo => {
                if let Some(before) = next.undo.pop() {
                    next.redo.push(Rc::clone(&self.draft));
                    next.typing = None;
                    next.unsaved = true;
                    return Rc::new(next.checked((*before).clone()));
                }
            }
            Msg::Redo => {
                if let Some(after) = next.redo.pop() {
                    next.undo.push(Rc::clone(&self.draft));
                    next.typing = None;
                    next.unsaved = true;
                    return Rc::new(next.checked((*after).clone()));
                }
            }
            Msg::Show(view) => next.view = view,
            Msg::Language(code) => next.language = code,
            Msg::Published(survey) => next.published = survey,
            Msg::Saved => next.unsaved = false,
            Msg::Notice(notice) => next.notice = notice,
            Msg::DismissReport => next.report = Rc::new(Vec::new()),
        }
        Rc::new(next)
    }
}
