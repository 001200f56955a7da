//! Surveys brought in from other formats: SurveyJS JSON and XLSForm spreadsheets. Each importer
//! turns what it can into a `speaksafe/1` definition and says, in a report, every element it
//! dropped or rewrote and why. What comes out always passes `check`: anything the importer kept
//! that the reader refuses (a condition it could not translate, say) is dropped too, and reported.
//!
//! Some things are never brought in, whatever the format: anything that identifies or locates a
//! respondent or fetches from the network (device ids, phone numbers, locations, photos, files,
//! signatures, cookies, choices loaded from a web address), and questions that ask who the
//! respondent is (a name, an address, an e-mail address: `crate::identifying`) unless the
//! organiser asks to keep them. The report names each one.
//!
//! A condition that cannot come across (it names a question left out, or a calculation) leaves
//! its question or page out too, by default: shown to everyone, a question meant for some would
//! reach people it was not meant for. The report says which, and why.

mod html;
mod surveyjs;
mod xlsform;
pub(crate) mod xlsx;

use crate::draft::{steps as parse_path, Step};
use crate::names::Names;
use crate::read::{read, Problem};
use serde_json::{Map, Value};

pub use crate::import_report::{summary, Change, Note};
pub use crate::names::slug;

/// The largest file brought in, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The formats a survey can be brought in from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    SurveyJs,
    XlsForm,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::SurveyJs => "SurveyJS JSON",
            SourceFormat::XlsForm => "XLSForm",
        }
    }
}

/// How to bring a survey in.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The format, if not the one the content shows.
    pub from: Option<SourceFormat>,
    /// The file's name: the survey's id comes from it when the source names none.
    pub file_name: Option<String>,
    /// Keep questions that ask who the respondent is, each with a line in the report.
    pub keep_identifying: bool,
    /// Show a question (or page) whose condition cannot come across to everyone, instead of
    /// leaving it out.
    pub show_when_condition_lost: bool,
    /// Language names as columns write them, with their codes: `("العربية", "ar")`.
    pub language_codes: Vec<(String, String)>,
}

/// A survey brought in, and what was done to bring it in.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: SourceFormat,
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
    #[error("nothing usable could be made: {why}{}", left_out(dropped))]
    Unusable { why: String, dropped: Vec<Note> },
    #[error(
        "sheet \"{sheet}\" has something in cell {cell}, beyond what speaksafe reads: {rows} rows and {columns} columns (up to column {last}); delete what is past them and try again",
        rows = xlsx::MAX_ROWS,
        columns = xlsx::MAX_COLUMNS,
        last = xlsx::reference(0, xlsx::MAX_COLUMNS - 1)
    )]
    SheetTooLarge { sheet: String, cell: String },
    #[error("the column for the language \"{0}\" does not say its code, and speaksafe cannot tell it from the name: bring the file in again with --lang-map \"{0}=CODE\" (such as {0}=ar), or write the column as label::{0} (ar)")]
    UnknownLanguage(String),
}

/// What a refusal lists: everything left out on the way to nothing usable.
fn left_out(notes: &[Note]) -> String {
    let dropped: Vec<String> =
        notes.iter().filter(|n| n.change == Change::Dropped).map(|n| format!("{} ({})", n.element, n.reason)).collect();
    if dropped.is_empty() {
        String::new()
    } else {
        format!(". On the way, {} left out: {}", dropped.len(), dropped.join("; "))
    }
}

/// What the file's content looks like: a zip (an .xlsx) or JSON.
pub fn detect(bytes: &[u8]) -> Option<SourceFormat> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(SourceFormat::XlsForm);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    text.starts_with('{').then_some(SourceFormat::SurveyJs)
}

/// Brings in a survey, from the format its content shows unless `from` says which, with the
/// default options.
pub fn import(bytes: &[u8], from: Option<SourceFormat>) -> Result<Imported, ImportError> {
    import_with(bytes, &Options { from, ..Options::default() })
}

/// Brings in a survey as `options` say.
pub fn import_with(bytes: &[u8], options: &Options) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(bytes.len()));
    }
    let format = options.from.or_else(|| detect(bytes)).ok_or(ImportError::Unknown)?;
    let mut report = Report::default();
    let made = match format {
        SourceFormat::SurveyJs => surveyjs::import(bytes, options, &mut report),
        SourceFormat::XlsForm => xlsform::import(bytes, options, &mut report),
    };
    let refused = |why: String, report: Report| ImportError::Unusable { why, dropped: report.notes };
    let mut definition = match made {
        Ok(definition) => definition,
        Err(ImportError::Unusable { why, .. }) => return Err(refused(why, report)),
        Err(e) => return Err(e),
    };
    leave_out_identifying(&mut definition, options.keep_identifying, &mut report);
    let mut definition = match passing_check(definition, options, &mut report) {
        Ok(definition) => definition,
        Err(why) => return Err(refused(why, report)),
    };
    if leave_out_bare_headings(&mut definition, &mut report) {
        definition = match passing_check(definition, options, &mut report) {
            Ok(definition) => definition,
            Err(why) => return Err(refused(why, report)),
        };
    }
    Ok(Imported { format, definition, report: report.notes })
}

/// The survey's id: the source's own, else the file's name, else `imported`.
pub(crate) fn survey_id(own: Option<&str>, options: &Options) -> String {
    let from_file = options.file_name.as_deref().map(|name| {
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_string()
    });
    let id = own.filter(|id| !id.trim().is_empty()).map(str::to_string).or(from_file);
    slug(id.as_deref().unwrap_or(""), "imported")
}

/// The notes an importer makes as it goes, and the source's name for each question and page
/// it made, so that what is done to them later is said in the source's words.
#[derive(Debug, Default)]
pub(crate) struct Report {
    notes: Vec<Note>,
    /// A question's or page's id → the source's name and place (`Travel Mode (pages[0].elements[2])`).
    sources: std::collections::HashMap<String, String>,
    /// Information blocks that are a group's title (a SurveyJS panel's), with the questions
    /// that were under them.
    headings: Vec<(String, Vec<String>)>,
}

impl Report {
    pub(crate) fn dropped(&mut self, element: impl Into<String>, reason: impl Into<String>) {
        self.notes.push(Note { element: element.into(), change: Change::Dropped, reason: reason.into() });
    }

    pub(crate) fn rewritten(&mut self, element: impl Into<String>, reason: impl Into<String>) {
        self.notes.push(Note { element: element.into(), change: Change::Rewritten, reason: reason.into() });
    }

    fn kept(&mut self, element: impl Into<String>, reason: impl Into<String>) {
        self.notes.push(Note { element: element.into(), change: Change::Kept, reason: reason.into() });
    }

    /// The id for the question the source calls `name` (`label` in the report; conditions write
    /// it `in_conditions`), recorded as coming from it. A second one of the same name is kept
    /// with a name of its own, `name_2`, and a line: the source would store both answers under
    /// one name, the second over the first.
    pub(crate) fn question_id(&mut self, names: &mut Names, name: &str, label: &str, in_conditions: &str) -> String {
        let id = if name.trim().is_empty() {
            // A row with no name (an XLSForm note): no condition can name it, so it is no
            // second of anything.
            names.fresh("question")
        } else if names.get(name).is_some() {
            let id = names.another(name, "question");
            self.rewritten(
                label,
                format!("another is named \"{name}\" before it: this one is {id}; conditions naming {in_conditions} mean the first"),
            );
            id
        } else {
            names.name(name, "question")
        };
        self.source(&id, label.to_string());
        id
    }

    /// The information block `id` is the title of a group of these questions.
    pub(crate) fn heading(&mut self, id: &str, under: Vec<String>) {
        self.headings.push((id.to_string(), under));
    }

    /// Where the question or page now called `id` came from.
    pub(crate) fn source(&mut self, id: &str, name: impl Into<String>) {
        self.sources.insert(id.to_string(), name.into());
    }

    /// The source's name for what is now called `id` (the id itself if it was not recorded).
    pub(crate) fn name_of(&self, id: &str) -> String {
        self.sources.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// Takes out every question that asks who the respondent is, each with a note (or,
/// when the organiser asked to keep them, keeps each with a note).
fn leave_out_identifying(definition: &mut Value, keep: bool, report: &mut Report) {
    use crate::identifying::identifies;
    let texts = |value: Option<&Value>| -> Vec<String> {
        match value {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Object(map)) => map.values().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let Some(pages) = definition.get_mut("pages").and_then(Value::as_array_mut) else { return };
    for page in pages {
        let Some(questions) = page.get_mut("questions").and_then(Value::as_array_mut) else { continue };
        questions.retain(|question| {
            let kind = question.get("kind").and_then(Value::as_str).unwrap_or("");
            let id = question.get("id").and_then(Value::as_str).unwrap_or("");
            let words: Vec<String> =
                texts(question.get("text")).into_iter().chain(texts(question.get("hint"))).collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            // The source's own name, before it was made an id: `patientLastName`, not
            // `patientlastname`.
            let name = report.name_of(id);
            let source = name.rsplit_once(" (").map_or(name.as_str(), |(n, _)| n);
            let Some(found) = identifies(kind, source, &words).or_else(|| identifies(kind, id, &words)) else {
                return true;
            };
            if keep {
                report.kept(name, format!("it asks for {}, kept as asked: {}", found.what(), found.why()));
            } else {
                report.dropped(
                    name,
                    format!(
                        "it asks for {}, which an anonymous survey must not: {} (--keep-identifying keeps it)",
                        found.what(),
                        found.why()
                    ),
                );
            }
            keep
        });
    }
}

/// Takes out a group's title when none of its questions is left (each was left out, with its
/// own line): it would stand over the next group's questions instead. Whether it took any out.
fn leave_out_bare_headings(definition: &mut Value, report: &mut Report) -> bool {
    let kept: std::collections::HashSet<String> = definition["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["questions"].as_array().into_iter().flatten())
        .filter_map(|q| q["id"].as_str().map(str::to_string))
        .collect();
    let bare: Vec<String> = report
        .headings
        .iter()
        .filter(|(_, under)| !under.iter().any(|q| kept.contains(q)))
        .map(|(id, _)| id.clone())
        .collect();
    let mut changed = false;
    for page in definition["pages"].as_array_mut().into_iter().flatten() {
        let Some(questions) = page["questions"].as_array_mut() else { continue };
        questions.retain(|q| {
            let id = q["id"].as_str().unwrap_or_default();
            if !bare.iter().any(|b| b == id) {
                return true;
            }
            report.dropped(report.name_of(id), "its title: nothing under it could be brought in");
            changed = true;
            false
        });
    }
    changed
}

/// The definition with whatever `check` refuses taken out, each with a note, until it passes.
/// A condition that cannot stay takes its question or page with it, unless the organiser asked
/// to show such questions to everyone.
fn passing_check(mut definition: Value, options: &Options, report: &mut Report) -> Result<Value, String> {
    for _ in 0..64 {
        let errors = match read(&definition.to_string()) {
            Ok(_) => return Ok(definition),
            Err(errors) => errors,
        };
        let mut changed = false;
        for Problem { path, message } in errors.iter().rev() {
            changed |= drop_at(&mut definition, path, message, options, report);
        }
        if !changed {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(list.join("; "));
        }
    }
    Err("the survey did not settle into one that passes check".into())
}

/// Takes out what an error is about: a condition, a rule, an option, a question or a page. A
/// `visible_if` takes out what it stands on.
fn drop_at(definition: &mut Value, path: &str, message: &str, options: &Options, report: &mut Report) -> bool {
    let mut steps = parse_path(path);
    let hides = matches!(steps.last(), Some(Step::Key(k)) if k == "visible_if");
    if hides && !options.show_when_condition_lost && steps.len() >= 2 {
        let condition = walk_mut(definition, &steps).and_then(|c| c.as_str().map(str::to_string)).unwrap_or_default();
        steps.pop();
        let name = describe(definition, &steps, report);
        let what = if steps.len() == 2 { "page" } else { "question" };
        let (parent, last) = steps.split_at(steps.len() - 1);
        let removed = match (walk_mut(definition, parent), last) {
            (Some(Value::Array(items)), [Step::Index(i)]) if *i < items.len() => {
                items.remove(*i);
                true
            }
            _ => false,
        };
        if removed {
            report.dropped(
                name,
                format!(
                    "its condition \"{condition}\" cannot come across ({message}); shown to everyone, the {what} would reach people it was not meant for, so it is left out (--show-when-condition-lost keeps it, shown always)"
                ),
            );
        }
        return removed;
    }
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
        let name = describe(definition, &steps[..cut], report);
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
            // A page whose questions were all left out (each with its own line).
            let emptied = matches!(parent, [Step::Key(k)] if k == "pages") && message.starts_with("is empty");
            let reason = if emptied {
                "nothing on it is left".to_string()
            } else {
                format!("speaksafe cannot use it ({message})")
            };
            report.dropped(name, reason);
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

/// A name for what is at `steps`: the source's name for the nearest thing with an id, then the
/// rest of the path.
fn describe(definition: &Value, steps: &[Step], report: &Report) -> String {
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
            (Step::Index(_), Some(id)) => name = report.name_of(id),
            (Step::Key(k), _) => name = part(&name, k),
            (Step::Index(i), None) => name = part(&name, &format!("[{i}]")),
        }
    }
    name
}

/// A part of an element the report names as `name (where)`: `name.part (where)`, or
/// `name[2] (where)` for a part that is an index.
pub(crate) fn part(label: &str, part: &str) -> String {
    let joined = |name: &str| if part.starts_with('[') { format!("{name}{part}") } else { format!("{name}.{part}") };
    match label.rsplit_once(" (") {
        Some((name, place)) if label.ends_with(')') => format!("{} ({place}", joined(name)),
        _ if label.is_empty() => part.to_string(),
        _ => joined(label),
    }
}

/// What a date, time or date-and-time question becomes, the same from either format: a short
/// text with a hint saying what to write (speaksafe has no date question, and a date picker
/// would bring what a respondent chose no closer), and the report's line for it.
pub(crate) fn date_hint(kind: &str) -> (&'static str, &'static str) {
    let hint = match kind {
        "time" => "A time, such as 14:30",
        "datetime" | "datetime-local" | "dateTime" => "A date and time, such as 31 December 2024, 14:30",
        "month" => "A month, such as December 2024",
        "week" => "A week, such as the week of 2 December 2024",
        _ => "A date, such as 31 December 2024",
    };
    (hint, "a date or time is a short text here, with a hint saying what to write: translate the hint")
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
        assert_eq!(detect(b"PK\x03\x04rest"), Some(SourceFormat::XlsForm));
        assert_eq!(detect(b"\xef\xbb\xbf  {\"pages\": []}"), Some(SourceFormat::SurveyJs));
        assert_eq!(detect(b"name,label"), None);
        assert_eq!(import(b"hello", None).unwrap_err(), ImportError::Unknown);
    }
}
