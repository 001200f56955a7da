//! Undo and redo: what each change replaced, one part of the draft at a time.

use serde_json::Value;
use speaksafe_core::draft::{steps, Step};
use speaksafe_core::read::Changed;
use std::rc::Rc;

/// How many edits can be undone.
const HISTORY: usize = 300;
/// Typing into the same field within this long is one edit to undo, not one per key.
const TYPING_MS: f64 = 1_500.0;

/// A part of the draft that an edit changes, and that undo puts back as it was: one page, one
/// of the survey's own fields, or (for what reaches further, such as renaming a question in
/// every condition) all of it. Copying one page is what lets a keystroke in a long survey stay
/// fast: a thousand-question draft is not copied on every key.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Reach {
    All,
    Field(String),
    Page(usize),
}

impl Reach {
    /// What holds `path`: its page, or its top-level field.
    pub(super) fn of(path: &str, draft: &Value) -> Reach {
        let steps = steps(path);
        match steps.as_slice() {
            [Step::Key(key), Step::Index(page), ..] if key == "pages" => Reach::page(*page, draft),
            [Step::Key(key), ..] if key != "pages" => Reach::Field(key.clone()),
            _ => Reach::All,
        }
    }

    pub(super) fn page(page: usize, draft: &Value) -> Reach {
        let pages = draft.get("pages").and_then(Value::as_array).map_or(0, Vec::len);
        if page < pages {
            Reach::Page(page)
        } else {
            Reach::All
        }
    }

    /// What the check is told changed.
    pub(super) fn changed(&self) -> Changed {
        match self {
            Reach::All => Changed::Anything,
            Reach::Field(_) => Changed::NoPage,
            Reach::Page(page) => Changed::Page(*page),
        }
    }

    /// A copy of what is there now.
    pub(super) fn copy(&self, draft: &Value) -> Option<Value> {
        match self {
            Reach::All => Some(draft.clone()),
            Reach::Field(key) => draft.get(key).cloned(),
            Reach::Page(page) => draft.get("pages").and_then(|p| p.get(*page)).cloned(),
        }
    }

    /// Puts `value` back where it was copied from.
    fn put(&self, draft: &mut Value, value: Option<Value>) {
        match (self, value) {
            (Reach::All, Some(value)) => *draft = value,
            (Reach::Field(key), value) => {
                if let Some(map) = draft.as_object_mut() {
                    match value {
                        Some(value) => {
                            map.insert(key.clone(), value);
                        }
                        None => {
                            map.remove(key);
                        }
                    }
                }
            }
            (Reach::Page(page), Some(value)) => {
                if let Some(slot) = draft.get_mut("pages").and_then(|p| p.get_mut(*page)) {
                    *slot = value;
                }
            }
            _ => {}
        }
    }
}

/// How to undo (or redo) one change: what a part of the draft was.
#[derive(Debug, Clone)]
struct Patch {
    reach: Reach,
    was: Option<Value>,
}

impl Patch {
    /// Puts the part back, and returns the patch that undoes that.
    fn apply(self, draft: &mut Value) -> Patch {
        let now = self.reach.copy(draft);
        self.reach.put(draft, self.was);
        Patch { reach: self.reach, was: now }
    }
}

/// What can be undone and redone. The patches are shared, not copied, with each new version of
/// the studio's state (there are two on every key pressed, and up to `HISTORY` patches of a page
/// each).
#[derive(Clone, Default)]
pub(super) struct History {
    undo: Vec<Rc<Patch>>,
    redo: Vec<Rc<Patch>>,
    /// The field last typed into, and when.
    typing: Option<(String, f64)>,
}

impl History {
    /// Keeps what a change at time `now` (ms) replaced (`was`, in `reach`): typing into one field
    /// (`typing`) within `TYPING_MS` of the last key is one step to undo.
    pub(super) fn record(&mut self, reach: Reach, was: Option<Value>, typing: Option<&str>, now: f64) {
        let same_field = match (&self.typing, typing) {
            (Some((field, at)), Some(path)) => field == path && now - at < TYPING_MS,
            _ => false,
        };
        if !same_field {
            self.undo.push(Rc::new(Patch { reach, was }));
            if self.undo.len() > HISTORY {
                self.undo.remove(0);
            }
        }
        self.typing = typing.map(|p| (p.to_string(), now));
        self.redo.clear();
    }

    /// Undoes the last change in `draft`, or (`back` false) redoes the last undone; what the
    /// check is told changed, None when there was nothing to do.
    pub(super) fn step(&mut self, back: bool, draft: &mut Value) -> Option<Changed> {
        let (from, to) = if back { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let patch = from.pop()?;
        let patch = Rc::try_unwrap(patch).unwrap_or_else(|shared| (*shared).clone());
        let changed = patch.reach.changed();
        to.push(Rc::new(patch.apply(draft)));
        self.typing = None;
        Some(changed)
    }

    /// Forgets everything (a new draft was opened).
    pub(super) fn clear(&mut self) {
        *self = History::default();
    }

    pub(super) fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub(super) fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many steps each way: versions of the state with other counts differ.
    pub(super) fn depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
}
