//! The studio's state as a whole: the draft, what the check says of it, undo and redo, and where
//! the organiser is. Every edit goes through `speaksafe_core::draft`; every change is checked by
//! core's check.

use super::edit::Edit;
use super::history::History;
use super::view::View;
use serde_json::Value;
use speaksafe_core::draft;
use speaksafe_core::import_report::Note;
use speaksafe_core::read::{Changed, Checker, Findings};
use speaksafe_core::Survey;
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use yew::Reducible;

/// The draft: one document, changed in place, shared by every version of the studio's state.
/// Each version is told apart by `Studio::version`; what a change replaced is kept in undo.
#[derive(Clone, Default)]
pub struct Draft(Rc<RefCell<Value>>);

impl Draft {
    /// The draft as it is now. Not held across an edit (which changes it).
    pub fn read(&self) -> Ref<'_, Value> {
        self.0.borrow()
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
    draft: Draft,
    /// What the check says of the draft (its survey moved to `survey`).
    pub findings: Rc<Findings>,
    /// The last version without errors, for the preview and the condition builder: the draft's
    /// own when `findings` has no errors.
    pub survey: Option<Rc<Survey>>,
    /// Checks each change, reading again only the pages it changed.
    checker: Rc<RefCell<Checker>>,
    history: History,
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
        let studio = Studio {
            draft: Draft::default(),
            findings: Rc::new(Findings { survey: None, errors: Vec::new(), warnings: Vec::new() }),
            survey: None,
            checker: Rc::default(),
            history: History::default(),
            view: View::Start,
            language: "en".into(),
            unsaved: false,
            published: None,
            report: Rc::new(Vec::new()),
            name: String::new(),
            notice: None,
            version: 0,
        };
        studio.checked(draft::blank())
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
            && self.history.depth() == other.history.depth()
    }
}

impl Studio {
    /// The draft as it is now (the latest, whichever version of the state this is).
    pub fn draft(&self) -> Ref<'_, Value> {
        self.draft.read()
    }

    /// A handle on the draft, for callbacks that read it when they are called.
    pub fn draft_handle(&self) -> Draft {
        self.draft.clone()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Starts afresh on a whole new draft.
    fn checked(self, draft: Value) -> Studio {
        *self.draft.0.borrow_mut() = draft;
        self.recheck(Changed::Anything)
    }

    /// Checks the draft as it is now, keeping the last survey without errors for the preview.
    fn recheck(mut self, changed: Changed) -> Studio {
        let draft = self.draft.read();
        let mut findings = self.checker.borrow_mut().check_changed(&draft, changed);
        // The survey moves out of the findings, not copied: at a thousand questions a copy (and
        // later dropping it) is a good part of a keystroke on a slow laptop.
        if let Some(survey) = findings.survey.take() {
            self.survey = Some(Rc::new(survey));
        }
        let languages = draft::languages(&draft);
        let pages = draft.get("pages").and_then(Value::as_array).map_or(0, Vec::len);
        drop(draft);
        if !languages.contains(&self.language) {
            self.language = languages.first().cloned().unwrap_or_else(|| "en".into());
        }
        if let View::Page(p) = self.view {
            if p >= pages {
                self.view = if pages == 0 { View::Settings } else { View::Page(pages - 1) };
            }
        }
        self.findings = Rc::new(findings);
        self.version += 1;
        self
    }

    /// Makes an edit at time `now` (ms): typing into one field within a moment is one step to
    /// undo. An edit that changes nothing changes nothing, not even the undo list.
    fn edit(mut self, edit: &Edit, now: f64) -> Studio {
        let cell = Rc::clone(&self.draft.0);
        let mut draft = cell.borrow_mut();
        let reach = edit.reach(&draft);
        let was = reach.copy(&draft);
        edit.apply(&mut draft, &mut self.view);
        if reach.copy(&draft) == was {
            return self;
        }
        drop(draft);
        let changed = reach.changed();
        self.history.record(reach, was, edit.typing(), now);
        self.unsaved = true;
        self.recheck(changed)
    }

    /// Undoes the last change, or (`back` false) redoes the last undone.
    fn step(mut self, back: bool) -> Studio {
        let Some(changed) = self.history.step(back, &mut self.draft.0.borrow_mut()) else { return self };
        self.unsaved = true;
        self.recheck(changed)
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
                next.history.clear();
                next.unsaved = false;
                next.report = Rc::new(report);
                next.name = name;
                next.notice = None;
                next.survey = None;
                next.language = draft::languages(&draft).first().cloned().unwrap_or_else(|| "en".into());
                next.view = View::Settings;
                return Rc::new(next.checked(draft));
            }
            Msg::Edit(edit) => return Rc::new(next.edit(&edit, now())),
            Msg::Undo => return Rc::new(next.step(true)),
            Msg::Redo => return Rc::new(next.step(false)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn two_pages() -> Value {
        let mut draft = draft::blank();
        draft::add_page(&mut draft, None);
        draft::add_page(&mut draft, None);
        draft::add_question(&mut draft, 0, 0, "single_choice");
        draft::add_question(&mut draft, 1, 0, "text");
        draft
    }

    fn opened(draft: Value) -> Studio {
        let studio = Studio::default();
        studio.checked(draft)
    }

    /// Undo puts back exactly what each edit changed, whatever part of the draft it reached,
    /// and redo does it again.
    #[test]
    fn undo_and_redo_put_back_every_kind_of_edit() {
        let start = two_pages();
        let edits = [
            Edit::Text { path: "pages[1].questions[0].text".into(), language: "en".into(), text: "Where?".into() },
            Edit::Set("title".into(), json!("Park safety")),
            Edit::AddQuestion { page: 0, index: 1, kind: "number".into() },
            Edit::MoveItem { list: "pages".into(), from: 0, to: 1 },
            Edit::RenameQuestion { page: 0, index: 0, id: "where".into(), conditions: true },
            Edit::Set("exit.url".into(), json!("https://example.org/")),
            Edit::Many(vec![
                Edit::Text { path: "pages[0].title".into(), language: "en".into(), text: "First".into() },
                Edit::Set("intro".into(), json!("Hello")),
            ]),
            Edit::RemoveItem { list: "pages[1].questions".into(), index: 0 },
            Edit::DuplicatePage(0),
        ];
        let mut studio = opened(start.clone());
        let mut versions = vec![start];
        for (n, edit) in edits.iter().enumerate() {
            // Far apart in time: each is its own step to undo.
            studio = studio.edit(edit, n as f64 * 10_000.0);
            versions.push(studio.draft().clone());
        }
        assert!(versions.windows(2).all(|w| w[0] != w[1]), "every edit changed the draft");
        for expected in versions.iter().rev().skip(1) {
            studio = studio.step(true);
            assert_eq!(*studio.draft(), *expected);
        }
        assert!(!studio.can_undo());
        for expected in versions.iter().skip(1) {
            studio = studio.step(false);
            assert_eq!(*studio.draft(), *expected);
        }
    }

    #[test]
    fn typing_in_one_field_is_one_step_and_an_edit_that_changes_nothing_is_none() {
        let mut studio = opened(two_pages());
        let before = studio.draft().clone();
        for (n, text) in ["W", "Wh", "Whe", "Wher", "Where"].iter().enumerate() {
            let edit = Edit::Text { path: "pages[0].title".into(), language: "en".into(), text: text.to_string() };
            studio = studio.edit(&edit, n as f64 * 100.0);
        }
        assert_eq!(studio.history.depth().0, 1);
        let version = studio.version;
        studio = studio.edit(&Edit::Set("pages[0].title".into(), json!("Where")), 10_000.0);
        assert_eq!((studio.history.depth().0, studio.version), (1, version));
        studio = studio.step(true);
        assert_eq!(*studio.draft(), before);
    }

    /// Checking again after an edit finds what checking the draft afresh finds.
    #[test]
    fn the_check_after_each_edit_is_the_check_of_the_whole_draft() {
        let mut studio = opened(two_pages());
        let edits = [
            Edit::Set("pages[1].questions[0].visible_if".into(), json!("{question} = 'option_1'")),
            Edit::Set("pages[0].questions[0].id".into(), json!("bad id")),
            Edit::Set("pages[0].questions[0].id".into(), json!("question")),
            Edit::Set("languages".into(), json!(["en", "ar"])),
            Edit::Text { path: "pages[0].questions[0].text".into(), language: "ar".into(), text: "؟".into() },
            Edit::MoveItem { list: "pages".into(), from: 0, to: 1 },
        ];
        for (n, edit) in edits.iter().enumerate() {
            studio = studio.edit(edit, n as f64 * 10_000.0);
            let afresh = speaksafe_core::read::check_value(&studio.draft());
            assert_eq!(studio.findings.errors, afresh.errors, "after {edit:?}");
            assert_eq!(studio.findings.warnings, afresh.warnings, "after {edit:?}");
            assert_eq!(studio.survey.is_some() && studio.findings.errors.is_empty(), afresh.survey.is_some());
        }
    }
}
