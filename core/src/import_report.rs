//! What an importer did to a survey's elements, one line each: the report the command line
//! prints and the studio lists. Apart from the importers (`crate::import`), so that the studio
//! can show a report without carrying them: it brings files in through its converter worker,
//! which sends the report as JSON ([`Note::to_json`]).

use serde_json::{json, Value};

/// What an importer did to one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Left out of the survey.
    Dropped,
    /// Brought in, but not as it was.
    Rewritten,
    /// Brought in although it should not be, because the organiser asked (`keep_identifying`).
    Kept,
}

/// One line of an import's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The element, as the original names it (a question's name, `settings.cookieName`).
    pub element: String,
    pub change: Change,
    pub reason: String,
}

impl Change {
    /// The word a report line starts with.
    pub fn word(self) -> &'static str {
        match self {
            Change::Dropped => "dropped",
            Change::Rewritten => "rewritten",
            Change::Kept => "kept",
        }
    }

    /// The change [`Change::word`] names: a report sent as text is read back by it.
    pub fn from_word(word: &str) -> Option<Change> {
        [Change::Dropped, Change::Rewritten, Change::Kept].into_iter().find(|c| c.word() == word)
    }
}

impl Note {
    /// The note as JSON, `[change, element, reason]` (the change as [`Change::word`] names it).
    pub fn to_json(&self) -> Value {
        json!([self.change.word(), self.element, self.reason])
    }

    /// A note as [`Note::to_json`] writes it; `None` for anything else.
    pub fn from_json(value: &Value) -> Option<Note> {
        let [change, element, reason] = [0, 1, 2].map(|i| value.get(i).and_then(Value::as_str));
        Some(Note { change: Change::from_word(change?)?, element: element?.to_string(), reason: reason?.to_string() })
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.change.word(), self.element, self.reason)
    }
}

/// The line over a report, the same in the command line and the studio: "3 dropped, 1
/// rewritten" (and how many identifying questions were kept, when any were). Nothing for an
/// empty report.
pub fn summary(report: &[Note]) -> Option<String> {
    if report.is_empty() {
        return None;
    }
    let count = |change| report.iter().filter(|n| n.change == change).count();
    let kept = match count(Change::Kept) {
        0 => String::new(),
        kept => format!(", {kept} kept that ask who the respondent is"),
    };
    Some(format!("{} dropped, {} rewritten{kept}", count(Change::Dropped), count(Change::Rewritten)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_named_by_its_word_and_back() {
        for change in [Change::Dropped, Change::Rewritten, Change::Kept] {
            assert_eq!(Change::from_word(change.word()), Some(change));
        }
        assert_eq!(Change::from_word("deleted"), None);
    }

    #[test]
    fn a_note_comes_back_from_its_json_as_it_was() {
        let note = Note { element: "settings.cookieName".into(), change: Change::Dropped, reason: "it tracks".into() };
        assert_eq!(note.to_json(), json!(["dropped", "settings.cookieName", "it tracks"]));
        assert_eq!(Note::from_json(&note.to_json()), Some(note));
        for bad in [json!(null), json!(["gone", "a", "b"]), json!(["kept", "a"]), json!(["kept", 1, "b"])] {
            assert_eq!(Note::from_json(&bad), None, "{bad}");
        }
    }
}
