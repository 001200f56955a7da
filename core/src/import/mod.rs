//! Surveys brought in from other formats: SurveyJS JSON and XLSForm spreadsheets. Each importer
//! turns what it can into a `speaksafe/1` definition and says, in a report, every element it
//! dropped or rewrote and why. What comes out always passes `check`: anything the importer kept
//! that the reader refuses (a condition it could not translate, say) is dropped too, and reported.
//!
//! Some things are never brought in, whatever the format: anything that identifies or locates a
//! respondent or fetches from the network (device ids, phone numbers, locations, photos, files,
//! signatures, cookies, choices loaded from a web address). The report names each one.

mod html;
mod surveyjs;
mod xlsform;
pub(crate) mod xlsx;

use crate::draft::{steps as parse_path, Step};
use crate::read::{read, Problem};
use serde_json::{Map, Value};

pub use crate::names::slug;

/// The largest file brought in, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The formats a survey can be brought in from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    SurveyJs,
    XlsForm,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::SurveyJs => "SurveyJS JSON",
            Format::XlsForm => "XLSForm",
        }
    }
}

/// What an importer did to one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Left out of the survey.
    Dropped,
    /// Brought in, but not as it was.
    Rewritten,
}

/// One line of an import's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The element, as the original names it (a question's name, `settings.cookieName`).
    pub element: String,
    pub change: Change,
    pub reason: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.change {
            Change::Dropped => "dropped",
            Change::Rewritten => "rewritten",
        };
        write!(f, "{what} {}: {}", self.element, self.reason)
    }
}

/// A survey brought in, and what was done to bring it in.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    /// A `speaksafe/1` definition that passes `check`.
    pub definition: Value,
    pub report: Vec<Note>,
}

/// Why nothing usable could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {0} bytes; the most speaksafe brings in is {MAX_FILE_BYTES}")]
    TooLarge(usize),
    #[error("this is neither SurveyJS JSON nor an XLSForm spreadsheet (.xlsx)")]
    Unknown,
    #[error("not a survey: {0}")]
    NotASurvey(String),
    #[error("the file is broken: {0}")]
    Broken(String),
    #[error("the spreadsheet unpacks to far more than its size ({0}); it is refused as a zip bomb")]
    ZipBomb(String),
    #[error("nothing usable could be made: {0}")]
    Unusable(String),
    #[error(
        "sheet \"{sheet}\" has something in cell {cell}, beyond what speaksafe reads: {rows} rows and {columns} columns (up to column {last}); delete what is past them and try again",
        rows = xlsx::MAX_ROWS,
        columns = xlsx::MAX_COLUMNS,
        last = xlsx::reference(0, xlsx::MAX_COLUMNS - 1)
    )]
    SheetTooLarge { sheet: String, cell: String },
}

/// What the file's content looks like: a zip (an .xlsx) or JSON.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Format::XlsForm);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    text.starts_with('{').then_some(Format::SurveyJs)
}

/// Brings in a survey, from the format its content shows unless `from` says which.
pub fn import(bytes: &[u8], from: Option<Format>) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let format = from.or_else(|| detect(bytes)).ok_or(ImportError::Unknown)?;
    let mut report = Report::default();
    let definition = match format {
        Format::SurveyJs => surveyjs::import(bytes, &mut report)?,
        Format::XlsForm => xlsform::import(bytes, &mut report)?,
    };
    let definition = passing_check(definition, &mut report)?;
    Ok(Imported { format, definition, report: report.notes })
}

/// The notes an importer makes as it goes.
#[derive(Debug, Default)]
pub(crate) struct Report {
    notes: Vec<Note>,
}

impl Report {
    pub(crate) fn dropped(&mut self, element: impl Into<String>, reason: impl Into<String>) {
        self.notes.push(Note { element: element.into(), change: Change::Dropped, reason: reason.into() });
    }

    pub(crate) fn rewritten(&mut self, element: impl Into<String>, reason: impl Into<String>) {
        self.notes.push(Note { element: element.into(), change: Change::Rewritten, reason: reason.into() });
    }
}

/// The definition with whatever `check` refuses taken out, each with a note, until it passes.
fn passing_check(mut definition: Value, report: &mut Report) -> Result<Value, ImportError> {
    for _ in 0..64 {
        let errors = match read(&definition.to_string()) {
            Ok(_) => return Ok(definition),
            Err(errors) => errors,
        };
        let mut changed = false;
        for Problem { path, message } in errors.iter().rev() {
            changed |= drop_at(&mut definition, path, message, report);
        }
        if !changed {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(ImportError::Unusable(list.join("; ")));
        }
    }
    Err(ImportError::Unusable("the survey did not settle into one that passes check".into()))
}

/// Takes out what an error is about: a condition, a rule, an option, a question or a page.
fn drop_at(definition: &mut Value, path: &str, message: &str, report: &mut Report) -> bool {
    let steps = parse_path(path);
    // The longest part of the path that can be dropped on its own.
    for cut in (1..=steps.len()).rev() {
        let (parent, last) = (&steps[..cut - 1], &steps[cut - 1]);
        let droppable = match last {
            Step::Key(key) => matches!(key.as_str(), "visible_if" | "required_if" | "validation" | "hint" | "safety"),
            Step::Index(_) => {
                matches!(parent.last(), Some(Step::Key(k)) if matches!(k.as_str(), "validation" | "options" | "rows" | "columns" | "questions" | "pages" | "support"))
            }
        };
        if !droppable {
            continue;
        }
        let name = describe(definition, &steps[..cut]);
        let Some(holder) = walk_mut(definition, parent) else { return false };
        let removed = match (holder, last) {
            (Value::Object(map), Step::Key(key)) => map.remove(key).is_some(),
            (Value::Array(items), Step::Index(i)) if *i < items.len() => {
                items.remove(*i);
                true
            }
            _ => false,
        };
        if removed {
            report.dropped(name, format!("speaksafe cannot use it ({message})"));
        }
        return removed;
    }
    false
}

fn walk_mut<'v>(value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// A name for what is at `steps`: its id if it has one, else its path.
fn describe(definition: &Value, steps: &[Step]) -> String {
    let mut value = definition;
    let mut name = String::new();
    for step in steps {
        let next = match step {
            Step::Key(k) => value.get(k.as_str()),
            Step::Index(i) => value.get(*i),
        };
        let Some(next) = next else { break };
        value = next;
        match (step, value.get("id").and_then(Value::as_str)) {
            (Step::Index(_), Some(id)) => name = id.to_string(),
            (Step::Key(k), _) => name = if name.is_empty() { k.clone() } else { format!("{name}.{k}") },
            (Step::Index(i), None) => name = format!("{name}[{i}]"),
        }
    }
    name
}

/// A text from its words by language code, as the definition writes it: a plain string in a
/// survey of one language, else an object (so that `check` can say which language lacks it).
pub(crate) fn text_value(entries: &[(String, String)], multilingual: bool) -> Option<Value> {
    let entries: Vec<&(String, String)> = entries.iter().filter(|(_, t)| !t.trim().is_empty()).collect();
    match entries.as_slice() {
        [] => None,
        [(_, only)] if !multilingual => Some(Value::String(only.trim().to_string())),
        many => {
            let mut map = Map::new();
            for (code, text) in many {
                map.insert(code.clone(), Value::String(text.trim().to_string()));
            }
            Some(Value::Object(map))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_steps() {
        assert_eq!(
            parse_path("pages[2].questions[10].visible_if"),
            [
                Step::Key("pages".into()),
                Step::Index(2),
                Step::Key("questions".into()),
                Step::Index(10),
                Step::Key("visible_if".into())
            ]
        );
    }

    #[test]
    fn the_format_is_told_by_the_content() {
        assert_eq!(detect(b"PK\x03\x04rest"), Some(Format::XlsForm));
        assert_eq!(detect(b"\xef\xbb\xbf  {\"pages\": []}"), Some(Format::SurveyJs));
        assert_eq!(detect(b"name,label"), None);
        assert_eq!(import(b"hello", None).unwrap_err(), ImportError::Unknown);
    }
}
