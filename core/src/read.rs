//! Reading a survey definition: JSON in, a checked [`Survey`] out, or every problem with its path.
//!
//! The JSON is parsed into a generic value first (bounded depth, no panics), then read field by
//! field so that one pass reports every error, not just the first.

use crate::address::{check_endpoint, check_web_address, is_hidden, is_reordering};
use crate::condition::{Condition, Reference};
use crate::definition::*;
use crate::kind::{FieldValue, Shape};
use crate::number::text as number_text;
use crate::text::{Direction, Language, Text};
use crate::ui;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The largest definition read, in bytes.
pub const MAX_DEFINITION_BYTES: usize = 2 * 1024 * 1024;
/// The longest text, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The most questions a survey may have.
pub const MAX_QUESTIONS: usize = 10_000;
const MAX_ID_CHARS: usize = 64;
const MAX_PATTERN_CHARS: usize = 1_000;
/// The most characters on the exit button: a longer label could cover the page it is there to leave.
pub const MAX_EXIT_LABEL_CHARS: usize = 40;

/// An error or a warning about a definition, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}{message}", path, if path.is_empty() { "" } else { ": " })]
pub struct Problem {
    /// Where, e.g. `pages[2].questions[0].visible_if`; empty for the file as a whole.
    pub path: String,
    pub message: String,
}

/// A survey that read without errors, and what is worth a second look.
#[derive(Debug, Clone)]
pub struct Checked {
    pub survey: Survey,
    pub warnings: Vec<Problem>,
}

/// Reads and checks a survey definition.
pub fn read(json: &str) -> Result<Checked, Vec<Problem>> {
    if json.len() > MAX_DEFINITION_BYTES {
        return Err(vec![Problem {
            path: String::new(),
            message: format!(
                "the definition is {} bytes; the most speaksafe reads is {MAX_DEFINITION_BYTES}",
                json.len()
            ),
        }]);
    }
    // A byte order mark, as Windows editors write, is not part of the JSON (browsers drop it too).
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: Value =
        serde_json::from_str(json).map_err(|e| vec![Problem { path: String::new(), message: json_error(&e) }])?;
    let Findings { survey, errors, warnings } = check_value(&value);
    match survey {
        Some(survey) if errors.is_empty() => Ok(Checked { survey, warnings }),
        _ => Err(errors),
    }
}

/// What checking a definition finds: every error and every warning, and the survey when there
/// are no errors.
#[derive(Debug, Clone)]
pub struct Findings {
    pub survey: Option<Survey>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Checks a definition already parsed as JSON (the studio's draft): warnings too when it has
/// errors, so that an organiser sees everything at once.
pub fn check_value(value: &Value) -> Findings {
    let mut reader = Reader::default();
    let survey = reader.survey(value, None);
    let survey = survey.filter(|_| reader.errors.is_empty());
    Findings { survey, errors: reader.errors, warnings: reader.warnings }
}

/// Checks one draft again and again as it is edited (the studio checks on every key pressed):
/// the same findings as [`check_value`], but a page that has not changed since the last check
/// is not read again. Reading is most of a check, so a keystroke in a thousand-question survey
/// costs about one page's reading plus the checks across pages (ids, conditions, cycles).
#[derive(Default)]
pub struct Checker {
    pages: PagesRead,
}

/// What changed in a draft since it was last checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Anything: each page is compared with the page as last read.
    Anything,
    /// This page, or the survey's own fields: the other pages are as last read.
    Page(usize),
    /// Only the survey's own fields: every page is as last read.
    NoPage,
}

impl Checker {
    pub fn check(&mut self, value: &Value) -> Findings {
        self.check_changed(value, Changed::Anything)
    }

    /// Checks a draft of which only what `changed` says has changed since the last check, so
    /// that the other pages are not even compared (at a thousand questions, comparing them is
    /// a good part of a check).
    pub fn check_changed(&mut self, value: &Value, changed: Changed) -> Findings {
        let mut reader = Reader::default();
        let survey = reader.survey(value, Some((&mut self.pages, changed)));
        let survey = survey.filter(|_| reader.errors.is_empty());
        Findings { survey, errors: reader.errors, warnings: reader.warnings }
    }
}

/// Each page as last read, and what reading it said, with what it was read in: a page reads
/// the same only in the same place, in the same languages with the same interface words.
#[derive(Default)]
struct PagesRead {
    languages: Vec<String>,
    words: Vec<ui::Words>,
    /// The audience the pages' English was measured against.
    #[cfg(feature = "checks")]
    audience: Option<crate::readability::Audience>,
    pages: Vec<PageRead>,
}

struct PageRead {
    json: Value,
    page: Option<Arc<Page>>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    /// The languages of its easy-read texts.
    easy: Vec<String>,
}

impl PagesRead {
    fn pages(&mut self, reader: &mut Reader, list: &[Value], changed: Changed) -> Vec<Arc<Page>> {
        #[cfg(feature = "checks")]
        if self.audience != reader.audience {
            self.audience = reader.audience;
            self.pages.clear();
        }
        if self.languages != reader.languages || self.words != reader.words {
            self.languages.clone_from(&reader.languages);
            self.words.clone_from(&reader.words);
            self.pages.clear();
        }
        // Pages came or went (or nothing was read yet): not what the caller said; compare all.
        let changed = if self.pages.len() == list.len() { changed } else { Changed::Anything };
        self.pages.truncate(list.len());
        let mut pages = Vec::with_capacity(list.len());
        for (i, json) in list.iter().enumerate() {
            let same = |read: &PageRead| match changed {
                Changed::Anything => read.json == *json,
                Changed::Page(page) if page == i => read.json == *json,
                Changed::Page(_) | Changed::NoPage => true,
            };
            match self.pages.get(i) {
                Some(read) if same(read) => {
                    reader.errors.extend_from_slice(&read.errors);
                    reader.warnings.extend_from_slice(&read.warnings);
                    reader.easy_in(&read.easy);
                    pages.extend(read.page.clone());
                }
                _ => {
                    let (errors, warnings) = (reader.errors.len(), reader.warnings.len());
                    let before = std::mem::take(&mut reader.easy);
                    let page = reader.page(json, &format!("pages[{i}]")).map(Arc::new);
                    let easy = std::mem::replace(&mut reader.easy, before);
                    reader.easy_in(&easy);
                    let read = PageRead {
                        json: json.clone(),
                        page: page.clone(),
                        errors: reader.errors[errors..].to_vec(),
                        warnings: reader.warnings[warnings..].to_vec(),
                        easy,
                    };
                    if i < self.pages.len() {
                        self.pages[i] = read;
                    } else {
                        self.pages.push(read);
                    }
                    pages.extend(page);
                }
            }
        }
        pages
    }
}

fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("at line {} column {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => format!("the JSON ends too early (is the file cut short?) {at}"),
        Category::Syntax if e.to_string().contains("recursion limit") => format!("the JSON is nested too deeply {at}"),
        Category::Syntax => format!("not valid JSON: {e}"),
        _ => format!("cannot read the JSON: {e}"),
    }
}

/// Whether the `interface` block gives `key` in `code` (as a string).
fn map_has(map: &Map<String, Value>, code: &str, key: &str) -> bool {
    map.get("interface").and_then(|i| i.get(code)).and_then(|w| w.get(key)).is_some_and(Value::is_string)
}

fn field(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Levenshtein distance, for "did you mean" on short names.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + (ca != cb) as usize).min(row[j] + 1).min(here + 1);
            previous = here;
        }
    }
    row[b.len()]
}

/// `(did you mean "x"?)` when one of `names` is close to `name`.
pub(crate) fn suggestion<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> String {
    // A hint for whoever writes the survey; the widget's own reading has no use for it.
    if !cfg!(feature = "checks") {
        return String::new();
    }
    names
        .map(|n| (distance(name, n), n))
        .filter(|&(d, n)| d > 0 && d <= 2 && d < n.chars().count())
        .min()
        .map(|(_, n)| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default()
}

/// `"x" is not a web address a browser can open: it …`
fn not_an_address(address: &str, why: &str) -> String {
    // Escaped for an organiser's terminal, where a hidden character would not show; the widget
    // shows text as text, and carries no escaper for it.
    if cfg!(feature = "checks") {
        format!("\"{}\" is not a web address a browser can open: it {why}", address.escape_debug())
    } else {
        format!("\"{address}\" is not a web address a browser can open: it {why}")
    }
}

/// Whether `s` is a calendar day written `YYYY-MM-DD`.
pub fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let number =
        |r: std::ops::Range<usize>| s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse::<u32>().ok();
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else { return false };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Whether a language code is English (`en`, `en-GB`…): the one language the reading-age check
/// can measure.
#[cfg(feature = "checks")]
fn is_english(code: &str) -> bool {
    code.split('-').next().is_some_and(|primary| primary.eq_ignore_ascii_case("en"))
}

/// Where the easy-read version of the text at `path` is: `pages[0].questions[1].easy.text`.
#[cfg(feature = "checks")]
fn easy_path(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((object, key)) => format!("{object}.easy.{key}"),
        None => format!("easy.{path}"),
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= MAX_ID_CHARS
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The survey's fields, in the order the guide gives them (and `document` writes them).
pub(crate) const SURVEY_FIELDS: &[&str] = &[
    "$schema",
    "format",
    "id",
    "languages",
    "audience",
    "title",
    "neutral_title",
    "intro",
    "safety",
    "completion",
    "easy",
    "exit",
    "submit",
    "closes",
    "access",
    "support",
    "interface",
    "pages",
];
/// A page's fields, in the guide's order.
pub(crate) const PAGE_FIELDS: &[&str] = &["id", "title", "intro", "content_note", "easy", "visible_if", "questions"];
/// The fields every question that takes an answer has; each kind adds its own ([`Kind::fields`]).
const QUESTION_FIELDS: &[&str] =
    &["id", "kind", "text", "hint", "easy", "required", "required_if", "visible_if", "sensitive", "validation"];
/// The fields of an information block, which takes no answer, besides its kind's own.
const INFO_FIELDS: &[&str] = &["id", "kind", "text", "easy", "visible_if"];
/// The survey's texts that can have an easy-read version (`easy`), and a page's.
pub(crate) const SURVEY_EASY: &[&str] = &["title", "intro", "safety", "completion"];
pub(crate) const PAGE_EASY: &[&str] = &["title", "intro", "content_note"];
/// Every text that can have an easy-read version, in the guide's order: the survey's, a page's,
/// a question's and its kind's (each kind takes its own: [`question_easy`]), an option's.
pub(crate) const EASY_TEXTS: &[&str] = &[
    "title",
    "text",
    "hint",
    "intro",
    "safety",
    "content_note",
    "completion",
    "other",
    "prefer_not_to_say",
    "yes",
    "no",
    "min_label",
    "max_label",
];

/// The texts of a question of this kind that can have an easy-read version: its words, its
/// hint (an information block has none) and its kind's own texts.
pub(crate) fn question_easy(kind: &str) -> Vec<&'static str> {
    let own = Kind::fields(kind).unwrap_or(&[]).iter();
    let own = own.filter(|f| matches!(f.value, FieldValue::Text | FieldValue::PreferNotToSay)).map(|f| f.name);
    let common: &[&'static str] = if kind == "info" { &["text"] } else { &["text", "hint"] };
    common.iter().copied().chain(own).collect()
}

/// Reads a definition, gathering every error and warning with where it is. The kinds of
/// question read their own fields with it (`crate::kind`).
#[derive(Default)]
pub(crate) struct Reader {
    languages: Vec<String>,
    /// The interface words in each of `languages`: English, with the `interface` block's.
    words: Vec<ui::Words>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    /// The languages of the easy-read texts read so far (empty for a text in every language).
    easy: Vec<String>,
    /// Whom the survey is for, which the reading-age check measures its English against.
    #[cfg(feature = "checks")]
    audience: Option<crate::readability::Audience>,
}

impl Reader {
    /// Notes the languages of easy-read texts read elsewhere (a page read before).
    fn easy_in(&mut self, codes: &[String]) {
        for code in codes {
            if !self.easy.contains(code) {
                self.easy.push(code.clone());
            }
        }
    }

    pub(crate) fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(Problem { path: path.to_string(), message: message.into() });
    }

    /// A warning, for the organiser: only the organiser's builds (the `checks` feature: `check`,
    /// the collector, the studio) write them. The widget reads a survey already checked and
    /// shows none, so it carries neither the checks nor their words.
    fn warn(&mut self, path: &str, message: impl FnOnce() -> String) {
        if cfg!(feature = "checks") {
            self.warnings.push(Problem { path: path.to_string(), message: message() });
        }
    }

    /// The object at `path`, reporting any field not in `fields`.
    fn object<'v>(&mut self, value: &'v Value, path: &str, fields: &[&str]) -> Option<&'v Map<String, Value>> {
        let Some(map) = value.as_object() else {
            self.error(path, format!("expected an object, found {}", describe(value)));
            return None;
        };
        for key in map.keys().filter(|k| !fields.contains(&k.as_str())) {
            let hint = suggestion(key, fields.iter().copied());
            self.error(&field(path, key), format!("unknown field{hint}; expected one of {}", fields.join(", ")));
        }
        Some(map)
    }

    fn list<'v>(&mut self, map: &'v Map<String, Value>, key: &str, path: &str, required: bool) -> &'v [Value] {
        match map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.error(&field(path, key), "missing; a list is required here");
                }
                &[]
            }
            Some(Value::Array(items)) => {
                if required && items.is_empty() {
                    self.error(&field(path, key), "is empty; list at least one");
                }
                items
            }
            Some(other) => {
                self.error(&field(path, key), format!("expected a list, found {}", describe(other)));
                &[]
            }
        }
    }

    fn string(&mut self, map: &Map<String, Value>, key: &str, path: &str, required: bool) -> Option<String> {
        self.string_at(map.get(key), || field(path, key), required)
    }

    /// A string, with where it is: written out only when there is something to say about it
    /// (the studio checks the whole survey on every key pressed).
    fn string_at(&mut self, value: Option<&Value>, here: impl Fn() -> String, required: bool) -> Option<String> {
        match value {
            None | Some(Value::Null) => {
                if required {
                    self.error(&here(), "missing");
                }
                None
            }
            Some(Value::String(s)) if s.chars().count() > MAX_TEXT_CHARS => {
                self.error(&here(), format!("is longer than {MAX_TEXT_CHARS} characters"));
                None
            }
            Some(Value::String(s)) => {
                let hidden = |c: char| is_reordering(c) || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
                if let Some(c) = s.chars().find(|&c| cfg!(feature = "checks") && hidden(c)) {
                    let what = if is_reordering(c) {
                        "a character that turns text around on screen"
                    } else {
                        "a control character"
                    };
                    self.warn(&here(), || {
                        format!(
                            "contains U+{:04X}, {what}; respondents may see something other than what you wrote",
                            c as u32
                        )
                    });
                }
                Some(s.clone())
            }
            Some(other) => {
                self.error(&here(), format!("expected a string, found {}", describe(other)));
                None
            }
        }
    }

    fn identifier(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let id = self.string(map, key, path, true)?;
        if is_id(&id) {
            Some(id)
        } else {
            self.error(
                &field(path, key),
                format!("\"{id}\" is not a usable name: use 1 to {MAX_ID_CHARS} letters, digits, \"_\" or \"-\""),
            );
            None
        }
    }

    pub(crate) fn boolean(&mut self, map: &Map<String, Value>, key: &str, path: &str, default: bool) -> bool {
        match map.get(key) {
            None | Some(Value::Null) => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(&field(path, key), format!("expected true or false, found {}", describe(other)));
                default
            }
        }
    }

    pub(crate) fn number(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<f64> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()),
            Some(other) => {
                self.error(&field(path, key), format!("expected a number, found {}", describe(other)));
                None
            }
        }
    }

    pub(crate) fn count(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<usize> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|c| c <= MAX_TEXT_CHARS as u64) => {
                n.as_u64().map(|c| c as usize)
            }
            Some(other) => {
                self.error(
                    &field(path, key),
                    format!("expected a whole number from 0 to {MAX_TEXT_CHARS}, found {other}"),
                );
                None
            }
        }
    }

    /// A text: a string, or an object of language code → string; with its easy-read version
    /// when the object's `easy` field gives one for `key`.
    pub(crate) fn text(&mut self, map: &Map<String, Value>, key: &str, path: &str, required: bool) -> Option<Text> {
        let text = self.text_at(map.get(key), &|| field(path, key), required, true)?;
        let easy = map.get("easy").and_then(|e| e.get(key));
        if easy.is_none() {
            return Some(text);
        }
        // An easy-read version in some languages only is no fault of the text's: a respondent
        // reading another language sees the text in their own (the check says so once, for the
        // survey).
        let easy = self.text_at(easy, &|| field(&field(path, "easy"), key), true, false)?;
        for (code, _) in easy.entries() {
            if !self.easy.iter().any(|c| c == code) {
                self.easy.push(code.to_string());
            }
        }
        Some(text.with_easy(easy))
    }

    /// A text at `here`; `missing` warns about each of the survey's languages it lacks.
    fn text_at(
        &mut self,
        value: Option<&Value>,
        here: &dyn Fn() -> String,
        required: bool,
        missing: bool,
    ) -> Option<Text> {
        match value {
            None | Some(Value::Null) => {
                if required {
                    self.error(&here(), "missing; this text is required");
                }
                None
            }
            Some(Value::String(_)) => {
                let s = self.string_at(value, here, true)?;
                if required && s.trim().is_empty() {
                    self.error(&here(), "is empty; this text is required");
                }
                Some(Text::plain(s))
            }
            Some(Value::Object(translations)) => {
                let mut entries = Vec::new();
                for code in translations.keys() {
                    if !self.languages.contains(code) {
                        let hint = suggestion(code, self.languages.iter().map(String::as_str));
                        let known = self.languages.join(", ");
                        self.error(
                            &field(&here(), code),
                            format!("\"{code}\" is not one of the survey's languages ({known}){hint}"),
                        );
                    } else if let Some(s) = self.string_at(translations.get(code), || field(&here(), code), true) {
                        entries.push((code.clone(), s));
                    }
                }
                if entries.is_empty() {
                    if translations.is_empty() {
                        self.error(&here(), "is empty; give the text in at least one language");
                    }
                    return None;
                }
                for l in 0..self.languages.len() {
                    let code = &self.languages[l];
                    if cfg!(feature = "checks") && missing && !translations.contains_key(code) {
                        let default = &self.languages[0];
                        let fallback = if translations.contains_key(default) { default } else { &entries[0].0 };
                        let message =
                            format!("no \"{code}\" text; respondents reading {code} will see the {fallback} text");
                        self.warn(&here(), || message);
                    }
                }
                Some(Text::translated(entries))
            }
            Some(other) => {
                self.error(
                    &here(),
                    format!("expected a text (a string, or an object of language → string), found {}", describe(other)),
                );
                None
            }
        }
    }

    /// An object's `easy` field: an easy-read version for some of its texts (`texts`), each of
    /// which it has.
    /// The organiser's builds only: the collector refuses a survey that fails these, so the
    /// widget reads the easy-read texts as they come.
    fn easy_fields(&mut self, map: &Map<String, Value>, path: &str, texts: &[&str]) {
        let Some(easy) = map.get("easy").filter(|_| cfg!(feature = "checks")) else { return };
        let here = field(path, "easy");
        let Some(easy) = easy.as_object() else {
            let found = describe(easy);
            self.error(
                &here,
                format!("expected an object of field → easy-read text, such as {{\"text\": \"…\"}}, found {found}"),
            );
            return;
        };
        for key in easy.keys() {
            if !texts.contains(&key.as_str()) {
                let hint = suggestion(key, texts.iter().copied());
                let message =
                    format!("unknown field{hint}; an easy-read version can be given here for {}", texts.join(", "));
                self.error(&field(&here, key), message);
            } else if !map.get(key).is_some_and(|t| t.is_string() || t.is_object()) {
                self.error(
                    &field(&here, key),
                    format!("there is no \"{key}\" text here to give an easy-read version of"),
                );
            }
        }
    }

    fn condition(&mut self, map: &Map<String, Value>, key: &str, path: &str) -> Option<Condition> {
        let source = self.string(map, key, path, false)?;
        match Condition::parse(&source) {
            Ok(condition) => Some(condition),
            Err(e) => {
                self.error(&field(path, key), e.to_string());
                None
            }
        }
    }

    /// Reads the survey; with the pages as last read and what changed since, reads again only
    /// the pages that changed.
    fn survey(&mut self, value: &Value, pages_read: Option<(&mut PagesRead, Changed)>) -> Option<Survey> {
        let map = self.object(value, "", SURVEY_FIELDS)?;
        match map.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(Value::String(f)) => {
                self.error("format", format!("\"{f}\" is not a format this version reads; expected \"{FORMAT}\""))
            }
            Some(other) => self.error("format", format!("expected \"{FORMAT}\", found {}", describe(other))),
            None => self.error("format", format!("missing; start the file with \"format\": \"{FORMAT}\"")),
        }
        let id = self.identifier(map, "id", "");
        let languages = self.languages(map);
        self.languages = languages.iter().map(|l| l.code.clone()).collect();
        if self.languages.is_empty() {
            // Read on in English so that the rest of the file is still checked.
            self.languages.push("en".into());
        }
        self.words = self.interface(map);
        let title = self.text(map, "title", "", true);
        let neutral_title =
            self.text(map, "neutral_title", "", false).unwrap_or_else(|| self.ui_text(|w| w.neutral_title()));
        let intro = self.text(map, "intro", "", true);
        let safety = self.text(map, "safety", "", false);
        let completion = self.text(map, "completion", "", true);
        self.easy_fields(map, "", SURVEY_EASY);
        self.audience(map);
        let exit = self.exit(map);
        let submit = self.submit(map);
        let closes = self.day(map, "closes");
        let access = self.access(map);
        if access == Access::Codes && submit.is_none() {
            self.error("access", "\"codes\" needs \"submit\": the codes are redeemed at the survey's collector");
        }
        let support = self.support(map);
        let list = self.list(map, "pages", "", true);
        let pages: Vec<Arc<Page>> = match pages_read {
            Some((read, changed)) => read.pages(self, list, changed),
            None => list
                .iter()
                .enumerate()
                .filter_map(|(i, p)| self.page(p, &format!("pages[{i}]")).map(Arc::new))
                .collect(),
        };

        let (id, title, intro, completion) = (id?, title?, intro?, completion?);
        if languages.is_empty() || !self.errors.is_empty() {
            return None;
        }
        let mut survey = Survey {
            id,
            languages,
            title,
            neutral_title,
            intro,
            safety,
            completion,
            exit,
            submit,
            closes,
            access,
            support,
            pages,
            words: std::mem::take(&mut self.words),
            easy_read: std::mem::take(&mut self.easy),
            position: HashMap::default(),
            first_slot: Vec::new(),
            readers: Vec::new(),
        };
        self.index(&mut survey);
        self.resolve(&mut survey);
        self.cycles(&survey);
        if cfg!(feature = "checks") {
            self.warn_sensitive_required(&survey);
            self.warn_easy_read_gaps(&survey);
        }
        (self.errors.is_empty()).then_some(survey)
    }

    fn languages(&mut self, map: &Map<String, Value>) -> Vec<Language> {
        let mut languages: Vec<Language> = Vec::new();
        let items = self.list(map, "languages", "", true);
        for (i, item) in items.iter().enumerate() {
            let path = format!("languages[{i}]");
            let language = match item {
                Value::String(code) => Some(Language::new(code)),
                Value::Object(_) => self.object(item, &path, &["code", "name", "dir"]).and_then(|m| {
                    let code = self.string(m, "code", &path, true)?;
                    let mut language = Language::new(&code);
                    if let Some(name) = self.string(m, "name", &path, false) {
                        language.name = name;
                    }
                    match self.string(m, "dir", &path, false).as_deref() {
                        None => {}
                        Some("ltr") => language.direction = Direction::LeftToRight,
                        Some("rtl") => language.direction = Direction::RightToLeft,
                        Some(other) => self.error(
                            &field(&path, "dir"),
                            format!("\"{other}\" is not a direction; use \"ltr\" or \"rtl\""),
                        ),
                    }
                    Some(language)
                }),
                other => {
                    self.error(&path, format!("expected a language code such as \"en\", found {}", describe(other)));
                    None
                }
            };
            let Some(language) = language else { continue };
            let code = &language.code;
            let well_formed = code.split('-').enumerate().all(|(n, part)| {
                let letters = if n == 0 {
                    (2..=3).contains(&part.len()) && part.chars().all(|c| c.is_ascii_lowercase())
                } else {
                    (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
                };
                letters
            });
            if !well_formed {
                self.error(
                    &path,
                    format!("\"{code}\" is not a language code; use one such as \"en\", \"ar\" or \"pt-BR\""),
                );
            } else if languages.iter().any(|l| &l.code == code) {
                self.error(&path, format!("\"{code}\" is listed twice"));
            } else {
                languages.push(language);
            }
        }
        languages
    }

    fn exit(&mut self, map: &Map<String, Value>) -> Exit {
        let mut exit = Exit::default();
        let Some(value) = map.get("exit") else {
            self.warn("exit", || format!("not set; the quick exit will go to {DEFAULT_EXIT_URL}"));
            return exit;
        };
        let Some(m) = self.object(value, "exit", &["url", "escape", "shift_three_times", "button"]) else {
            return exit;
        };
        match self.string(m, "url", "exit", false) {
            Some(url) => match check_web_address(&url) {
                Ok(()) => exit.url = url,
                Err(why) => self.error(
                    "exit.url",
                    format!("{}; use the full https:// address of a neutral site", not_an_address(&url, &why)),
                ),
            },
            None => self.warn("exit.url", || format!("not set; the quick exit will go to {DEFAULT_EXIT_URL}")),
        }
        exit.escape = self.boolean(m, "escape", "exit", true);
        exit.shift_three_times = self.boolean(m, "shift_three_times", "exit", true);
        exit.button = self.text(m, "button", "exit", false);
        if let Some(button) = &exit.button {
            for (code, label) in button.entries() {
                let here = if code.is_empty() { "exit.button".to_string() } else { format!("exit.button.{code}") };
                let count = label.chars().count();
                if count > MAX_EXIT_LABEL_CHARS {
                    self.error(&here, format!("is {count} characters long; the exit button takes at most {MAX_EXIT_LABEL_CHARS}, so that it never covers the page"));
                }
                if let Some(c) = label.chars().find(|&c| is_hidden(c)) {
                    self.error(&here, format!("contains U+{:04X}, a character that does not show or that reorders text; the exit button must say plainly what it does", c as u32));
                }
            }
        }
        exit
    }

    fn submit(&mut self, map: &Map<String, Value>) -> Option<Submit> {
        let Some(value) = map.get("submit") else {
            self.warn("submit", || "not set; answers cannot be sent anywhere".into());
            return None;
        };
        let m = self.object(value, "submit", &["endpoint", "public_key", "version", "closed", "token_key"])?;
        let endpoint = self.string(m, "endpoint", "submit", true)?;
        if let Err(why) = check_endpoint(&endpoint) {
            self.error("submit.endpoint", not_an_address(&endpoint, &why));
        }
        let public_key = self.string(m, "public_key", "submit", false).unwrap_or_default();
        let version = self.string(m, "version", "submit", false);
        if let Some(version) = &version {
            if version.len() != 64 || !version.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                self.error(
                    "submit.version",
                    "expected 64 lowercase hexadecimal characters (a SHA-256), as the collector writes it",
                );
            }
        }
        let closed = self.boolean(m, "closed", "submit", false);
        let token_key = self.string(m, "token_key", "submit", false);
        if let Some(key) = &token_key {
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                self.error(
                    "submit.token_key",
                    "expected base64url (letters, digits, '-' and '_'), as the collector writes it",
                );
            }
        }
        Some(Submit { endpoint, public_key, version, closed, token_key })
    }

    /// A day, `YYYY-MM-DD`, if given.
    fn access(&mut self, map: &Map<String, Value>) -> Access {
        match self.string(map, "access", "", false).as_deref() {
            None | Some("open") => Access::Open,
            Some("codes") => Access::Codes,
            Some(other) => {
                self.error(
                    "access",
                    format!("\"{other}\" is not a kind of access; write \"open\" (anyone with the link) or \"codes\" (an access code each)"),
                );
                Access::Open
            }
        }
    }

    fn day(&mut self, map: &Map<String, Value>, key: &str) -> Option<String> {
        let day = self.string(map, key, "", false)?;
        if !is_day(&day) {
            self.error(key, format!("\"{day}\" is not a day; write it as YYYY-MM-DD, e.g. 2027-03-31"));
            return None;
        }
        Some(day)
    }

    fn support(&mut self, map: &Map<String, Value>) -> Vec<SupportLine> {
        let items = self.list(map, "support", "", false);
        if items.is_empty() {
            self.warn("support", || "no help lines; add at least one, it is shown on every page and at the end".into());
        }
        let mut lines = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("support[{i}]");
            let Some(m) = self.object(item, &path, &["name", "phone", "url", "text"]) else { continue };
            let name = self.text(m, "name", &path, true);
            let phone = self.string(m, "phone", &path, false);
            if let Some(phone) = &phone {
                if phone.chars().count() > 40 || !phone.chars().any(|c| c.is_ascii_digit()) {
                    self.error(
                        &field(&path, "phone"),
                        format!("\"{phone}\" is not a phone number; put other words in \"text\""),
                    );
                }
            }
            let url = self.string(m, "url", &path, false);
            if let Some(url) = &url {
                if let Err(why) = check_web_address(url) {
                    self.error(&field(&path, "url"), not_an_address(url, &why));
                }
            }
            let text = self.text(m, "text", &path, false);
            if let Some(name) = name {
                lines.push(SupportLine { name, phone, url, text });
            }
        }
        lines
    }

    fn page(&mut self, value: &Value, path: &str) -> Option<Page> {
        let m = self.object(value, path, PAGE_FIELDS)?;
        let id = self.identifier(m, "id", path);
        let title = self.text(m, "title", path, true);
        let intro = self.text(m, "intro", path, false);
        let content_note = self.text(m, "content_note", path, false);
        self.easy_fields(m, path, PAGE_EASY);
        let visible_if = self.condition(m, "visible_if", path);
        let questions = self
            .list(m, "questions", path, true)
            .iter()
            .enumerate()
            .filter_map(|(i, q)| self.question(q, &format!("{path}.questions[{i}]")))
            .collect();
        Some(Page { id: id?, title: title?, intro, content_note, visible_if, questions })
    }

    fn question(&mut self, value: &Value, path: &str) -> Option<Question> {
        let Some(m) = value.as_object() else {
            self.error(path, format!("expected an object, found {}", describe(value)));
            return None;
        };
        let kind_name = self.kind_name(m, path)?;
        let own = Kind::fields(kind_name).unwrap_or(&[]).iter().map(|f| f.name);
        let fields: Vec<&str> = if kind_name == "info" {
            INFO_FIELDS.iter().copied().chain(own).collect()
        } else {
            QUESTION_FIELDS.iter().copied().chain(own).collect()
        };
        self.object(value, path, &fields);

        let id = self.identifier(m, "id", path);
        let text = self.text(m, "text", path, true);
        let hint = self.text(m, "hint", path, false);
        let required = self.boolean(m, "required", path, false);
        let sensitive = self.boolean(m, "sensitive", path, false);
        let required_if = self.condition(m, "required_if", path);
        let visible_if = self.condition(m, "visible_if", path);
        let kind = Kind::read(kind_name, self, m, path)?;
        self.easy_fields(m, path, &question_easy(kind_name));
        let rules = self.rules(m, path, &kind);
        let question =
            Question { id: id?, kind, text: text?, hint, required, required_if, visible_if, sensitive, rules };
        #[cfg(feature = "checks")]
        {
            self.warn_identifying(&question, path);
            self.warn_reading_age(&question, path);
        }
        Some(question)
    }

    /// A question that asks who the respondent is (a name, a phone number...): read here, with
    /// the question, so that the studio's checker reads it again only with its page.
    #[cfg(feature = "checks")]
    fn warn_identifying(&mut self, question: &Question, path: &str) {
        let texts: Vec<&str> =
            question.text.entries().chain(question.hint.iter().flat_map(Text::entries)).map(|(_, t)| t).collect();
        if let Some(found) = crate::identifying::identifies(question.kind.name(), &question.id, &texts) {
            self.warn(&field(path, "text"), || {
                format!(
                    "\"{}\" looks like it asks for {}: {}. Take it out, or ask for something that does not pick a person out",
                    question.id,
                    found.what(),
                    found.why()
                )
            });
        }
    }

    /// The question's `kind`, if it names one.
    fn kind_name<'v>(&mut self, m: &'v Map<String, Value>, path: &str) -> Option<&'v str> {
        let names = Kind::NAMES.join(", ");
        let problem = match m.get("kind") {
            Some(Value::String(k)) if Kind::NAMES.contains(&k.as_str()) => return Some(k.as_str()),
            Some(Value::String(k)) => {
                let hint = suggestion(k, Kind::NAMES.iter().copied());
                format!("unknown kind \"{k}\"{hint}; expected one of {names}")
            }
            Some(other) => format!("expected one of {names}, found {}", describe(other)),
            None => format!("missing; expected one of {names}"),
        };
        self.error(&field(path, "kind"), problem);
        None
    }

    /// `prefer_not_to_say` on a question: `true` for the built-in words, or the survey's own;
    /// the option goes last.
    pub(crate) fn prefer_not_to_say(&mut self, m: &Map<String, Value>, path: &str, options: &mut Vec<Choice>) {
        let label = match m.get("prefer_not_to_say") {
            Some(Value::Bool(true)) => Some(self.ui_text(|w| w.prefer_not_to_say())),
            Some(Value::String(_) | Value::Object(_)) => self.text(m, "prefer_not_to_say", path, true),
            None | Some(Value::Bool(false) | Value::Null) => None,
            Some(other) => {
                self.error(
                    &field(path, "prefer_not_to_say"),
                    format!("expected true or a text, found {}", describe(other)),
                );
                None
            }
        };
        if let Some(text) = label {
            options.push(Choice { value: PREFER_NOT_TO_SAY.into(), text, exclusive: true });
        }
    }

    /// "Other, please say" (`other`: the option's words): the option `other` after the
    /// question's own, and its words. A single choice or a dropdown may have an ordinary option
    /// of that value (a multiple choice may not: [`Reader::choices`]), which would then be there
    /// twice.
    pub(crate) fn other(&mut self, m: &Map<String, Value>, path: &str, options: &mut Vec<Choice>) -> Option<Text> {
        let text = self.text(m, "other", path, false)?;
        if options.iter().any(|c| c.value == OTHER) {
            let mut listed = m.get("options").and_then(Value::as_array).into_iter().flatten();
            let i = listed.position(|o| o.get("value").and_then(Value::as_str) == Some(OTHER)).unwrap_or_default();
            self.error(
                &format!("{}[{i}].value", field(path, "options")),
                "\"other\" is the value of the question's own \"Other\" option (its \"other\" field): give this \
                 option another value, or leave \"other\" out",
            );
            options.retain(|c| c.value != OTHER);
        }
        options.push(Choice { value: OTHER.into(), text: text.clone(), exclusive: false });
        Some(text)
    }

    /// One interface word in each of the survey's languages.
    pub(crate) fn ui_text(&self, word: impl Fn(&ui::Words) -> &str) -> Text {
        Text::translated(
            self.languages.iter().zip(&self.words).map(|(code, w)| (code.clone(), word(w).to_string())).collect(),
        )
    }

    /// The `interface` block: each language's interface words, over English. Warns about a
    /// language whose words would be English, or whose built-in words no native speaker has
    /// reviewed yet, unless the block gives every word.
    fn interface(&mut self, map: &Map<String, Value>) -> Vec<ui::Words> {
        let mut words: Vec<ui::Words> = self.languages.iter().map(|code| ui::base_words(code)).collect();
        let mut given = vec![0usize; words.len()];
        // The widget takes the words as they come: the collector refuses to serve a survey whose
        // block fails the checks below, so only the organiser's builds carry them.
        let checks = cfg!(feature = "checks");
        match map.get("interface") {
            None | Some(Value::Null) => {}
            Some(Value::Object(block)) => {
                for (code, entries) in block {
                    let Some(l) = self.languages.iter().position(|c| c == code) else {
                        if checks {
                            let hint = suggestion(code, self.languages.iter().map(String::as_str));
                            let known = self.languages.join(", ");
                            let message = format!("\"{code}\" is not one of the survey's languages ({known}){hint}");
                            self.error(&field("interface", code), message);
                        }
                        continue;
                    };
                    let Some(entries) = entries.as_object() else {
                        if checks {
                            let message = format!("expected an object of word → wording, found {}", describe(entries));
                            self.error(&field("interface", code), message);
                        }
                        continue;
                    };
                    for (key, wording) in entries {
                        let at = || field(&field("interface", code), key);
                        let Some(wording) = wording.as_str().filter(|w| !checks || self.interface_word(&at(), key, w))
                        else {
                            if checks && !wording.is_string() {
                                self.error(&at(), format!("expected a string, found {}", describe(wording)));
                            }
                            continue;
                        };
                        if words[l].set(key, wording.to_string()) {
                            given[l] += 1;
                        }
                    }
                }
            }
            Some(other) if checks => self.error(
                "interface",
                format!(
                    "expected an object of language → words, such as {{\"pl\": {{\"start\": \"Zacznij\"}}}}, found {}",
                    describe(other)
                ),
            ),
            Some(_) => {}
        }
        if !cfg!(feature = "checks") {
            return words;
        }
        for (l, code) in self.languages.clone().iter().enumerate() {
            if given[l] == ui::KEYS.len() {
                continue;
            }
            let path = format!("languages[{l}]");
            match ui::reviewed(code) {
                Some(true) => {}
                Some(false) => self.warn(&path, || {
                    format!(
                        "speaksafe's built-in \"{code}\" interface words have not been reviewed by a native speaker \
                         yet: ask someone who reads them to check them before publishing (core/words/README.md), or \
                         give them in \"interface\""
                    )
                }),
                None => {
                    let missing: Vec<&str> = ui::KEYS.iter().copied().filter(|k| !map_has(map, code, k)).collect();
                    self.warn(&path, || {
                        format!(
                            "speaksafe has no built-in interface words in \"{code}\": these will be in English unless \
                             \"interface\" gives them: {}",
                            missing.join(", ")
                        )
                    });
                }
            }
        }
        words
    }

    /// Whether a word of an `interface` block is one speaksafe has, with the English's
    /// placeholders, and fits; says what is wrong where it is not.
    fn interface_word(&mut self, at: &str, key: &str, wording: &str) -> bool {
        let problem = if !ui::KEYS.contains(&key) {
            let hint = suggestion(key, ui::KEYS.iter().copied());
            Some(format!("unknown word{hint}; the words are those of core/words/en.json"))
        } else if wording.trim().is_empty() {
            Some("is empty; give the word, or leave it out to use the built-in one".to_string())
        } else if wording.chars().count() > MAX_TEXT_CHARS {
            Some(format!("is longer than {MAX_TEXT_CHARS} characters"))
        } else if let Some(problem) = ui::placeholder_problem(key, wording) {
            Some(problem)
        } else if key == "leave" && wording.chars().count() > MAX_EXIT_LABEL_CHARS {
            let count = wording.chars().count();
            Some(format!(
                "is {count} characters long; the exit button takes at most {MAX_EXIT_LABEL_CHARS}, so that it never \
                 covers the page"
            ))
        } else {
            None
        };
        match problem {
            Some(problem) => {
                self.error(at, problem);
                false
            }
            None => true,
        }
    }

    pub(crate) fn choices(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
        required: bool,
        exclusive_allowed: bool,
    ) -> Vec<Choice> {
        let mut choices: Vec<Choice> = Vec::new();
        let fields: &[&str] =
            if exclusive_allowed { &["value", "text", "easy", "exclusive"] } else { &["value", "text", "easy"] };
        for (i, item) in self.list(m, key, path, required).iter().enumerate() {
            let here = format!("{}[{i}]", field(path, key));
            let Some(o) = self.object(item, &here, fields) else { continue };
            let value = self.identifier(o, "value", &here);
            let text = self.text(o, "text", &here, true);
            self.easy_fields(o, &here, &["text"]);
            let exclusive = self.boolean(o, "exclusive", &here, false);
            let Some(value) = value else { continue };
            if value == PREFER_NOT_TO_SAY || (value == OTHER && exclusive_allowed) {
                let instead = if value == OTHER { "\"other\": TEXT" } else { "\"prefer_not_to_say\": true" };
                self.error(
                    &field(&here, "value"),
                    format!("\"{value}\" is kept for speaksafe's own option; use {instead} on the question"),
                );
            } else if choices.iter().any(|c| c.value == value) {
                self.error(&field(&here, "value"), format!("\"{value}\" is used twice in this list"));
            } else if let Some(text) = text {
                choices.push(Choice { value, text, exclusive });
            }
        }
        choices
    }

    fn rules(&mut self, m: &Map<String, Value>, path: &str, kind: &Kind) -> Vec<Rule> {
        let mut rules = Vec::new();
        let taken = Kind::rules(kind.name());
        for (i, item) in self.list(m, "validation", path, false).iter().enumerate() {
            let here = format!("{path}.validation[{i}]");
            let Some(o) = self.object(item, &here, &["rule", "min", "max", "pattern", "message"]) else { continue };
            let message = self.text(o, "message", &here, true);
            let rule = self.string(o, "rule", &here, true);
            let (min, max) = (self.number(o, "min", &here), self.number(o, "max", &here));
            let rule = match rule.as_deref() {
                Some(name @ ("length" | "range" | "pattern")) if !taken.contains(&name) => {
                    let kinds: Vec<&str> =
                        Kind::NAMES.iter().copied().filter(|k| Kind::rules(k).contains(&name)).collect();
                    let message =
                        format!("a \"{name}\" rule is for {} questions, not {}", kinds.join(" and "), kind.name());
                    self.error(&field(&here, "rule"), message);
                    None
                }
                Some("length") | Some("range") => {
                    if min.is_none() && max.is_none() {
                        self.error(&here, "give \"min\", \"max\" or both");
                    }
                    if let (Some(a), Some(b)) = (min, max) {
                        if a > b {
                            self.error(
                                &field(&here, "min"),
                                format!("{} is more than max {}", number_text(a), number_text(b)),
                            );
                        }
                    }
                    let whole = |n: Option<f64>| n.map(|n| n.max(0.0) as usize);
                    message.clone().map(|message| {
                        if rule.as_deref() == Some("length") {
                            Rule::Length { min: whole(min), max: whole(max), message }
                        } else {
                            Rule::Range { min, max, message }
                        }
                    })
                }
                Some("pattern") => {
                    let pattern = self.string(o, "pattern", &here, true);
                    match pattern {
                        Some(p) if p.chars().count() > MAX_PATTERN_CHARS => {
                            self.error(
                                &field(&here, "pattern"),
                                format!("is longer than {MAX_PATTERN_CHARS} characters"),
                            );
                            None
                        }
                        Some(p) => match crate::pattern::Pattern::new(&p) {
                            Ok(pattern) => message.clone().map(|message| Rule::Pattern { pattern, message }),
                            Err(e) => {
                                self.error(&field(&here, "pattern"), format!("not a pattern speaksafe can read: {e}"));
                                None
                            }
                        },
                        None => None,
                    }
                }
                Some(other) => {
                    let hint = suggestion(other, ["length", "range", "pattern"].into_iter());
                    self.error(
                        &field(&here, "rule"),
                        format!("unknown rule \"{other}\"{hint}; expected length, range or pattern"),
                    );
                    None
                }
                None => None,
            };
            rules.extend(rule);
        }
        rules
    }

    /// Numbers the questions and finds duplicate ids.
    fn index(&mut self, survey: &mut Survey) {
        let mut pages: HashMap<&str, usize> = HashMap::new();
        survey.position.reserve(survey.pages.iter().map(|p| p.questions.len()).sum());
        let mut slot = 0;
        for (p, page) in survey.pages.iter().enumerate() {
            if let Some(first) = pages.insert(&page.id, p) {
                self.error(&format!("pages[{p}].id"), format!("\"{}\" is already the id of pages[{first}]", page.id));
            }
            survey.first_slot.push(slot);
            for (q, question) in page.questions.iter().enumerate() {
                if let Some((fp, fq)) = survey.position.get(&question.id) {
                    self.error(
                        &format!("pages[{p}].questions[{q}].id"),
                        format!("\"{}\" is already the id of pages[{fp}].questions[{fq}]", question.id),
                    );
                } else {
                    survey.position.insert(question.id.clone(), (p, q));
                }
                slot += 1;
            }
        }
        if slot > MAX_QUESTIONS {
            self.error(
                "pages",
                format!("the survey has {slot} questions; the most speaksafe takes is {MAX_QUESTIONS}"),
            );
        }
        survey.readers = vec![Vec::new(); slot];
    }

    /// Checks every reference in every condition, and records which conditions read which answers.
    fn resolve(&mut self, survey: &mut Survey) {
        let mut readers = std::mem::take(&mut survey.readers);
        for (p, page) in survey.pages.iter().enumerate() {
            if let Some(c) = &page.visible_if {
                for target in self.references(survey, c, &format!("pages[{p}].visible_if"), p, None) {
                    readers[target].push(Owner::Page(p));
                }
            }
            for (q, question) in page.questions.iter().enumerate() {
                // Paths are written only for the questions with conditions: the studio checks
                // a thousand questions on every key pressed.
                let path = |key: &str| format!("pages[{p}].questions[{q}].{key}");
                let slot = survey.slot(p, q);
                if let Some(c) = &question.visible_if {
                    for target in self.references(survey, c, &path("visible_if"), p, Some(slot)) {
                        readers[target].push(Owner::Question(slot));
                    }
                }
                if let Some(c) = &question.required_if {
                    self.references(survey, c, &path("required_if"), p, None);
                }
            }
        }
        survey.readers = readers;
    }

    /// The questions a condition reads (by flat number), reporting references that cannot work.
    fn references(
        &mut self,
        survey: &Survey,
        condition: &Condition,
        path: &str,
        page: usize,
        owner: Option<usize>,
    ) -> Vec<usize> {
        let mut targets = Vec::new();
        for Reference { question, row, column } in condition.references() {
            let Some(&(tp, tq)) = survey.position.get(question) else {
                let hint = suggestion(question, survey.position.keys().map(String::as_str));
                self.error(path, format!("unknown question \"{question}\" at column {column}{hint}"));
                continue;
            };
            let target = &survey.pages[tp].questions[tq];
            let slot = survey.slot(tp, tq);
            let problem = match (target.kind.shape(), row) {
                (Shape::Nothing, _) => Some(format!("\"{question}\" is an information block and has no answer")),
                (Shape::Rows { rows, .. }, Some(r)) if !rows.iter().any(|x| &x.value == r) => {
                    let hint = suggestion(r, rows.iter().map(|x| x.value.as_str()));
                    Some(format!("matrix \"{question}\" has no row \"{r}\"{hint}"))
                }
                (Shape::Rows { rows, .. }, None) => {
                    let first = rows.first().map_or("row", |r| r.value.as_str());
                    Some(format!("\"{question}\" is a matrix: name one of its rows, e.g. {{{question}.{first}}}"))
                }
                (shape, Some(r)) if !matches!(shape, Shape::Rows { .. }) => {
                    Some(format!("\"{question}\" is not a matrix, so it has no row \"{r}\""))
                }
                _ if owner == Some(slot) => Some("a question cannot depend on its own answer".to_string()),
                _ => None,
            };
            if let Some(problem) = problem {
                self.error(path, format!("{problem} at column {column}"));
                continue;
            }
            if tp > page {
                self.warn(path, || {
                    format!("\"{question}\" at column {column} is on a later page, so it is still unanswered here")
                });
            }
            targets.push(slot);
        }
        targets
    }

    /// Finds visibility conditions that depend on themselves through other questions.
    fn cycles(&mut self, survey: &Survey) {
        // What each question's visibility reads: its own condition's, and its page's (the page
        // is kept with the edge, so that a cycle is reported at the condition that closes it).
        let n = survey.readers.len();
        let mut reads: Vec<Vec<(usize, Option<usize>)>> = vec![Vec::new(); n];
        for (target, owners) in survey.readers.iter().enumerate() {
            for owner in owners {
                match *owner {
                    Owner::Question(q) => reads[q].push((target, None)),
                    Owner::Page(p) => {
                        for q in 0..survey.pages[p].questions.len() {
                            reads[survey.slot(p, q)].push((target, Some(p)));
                        }
                    }
                }
            }
        }
        // Each question's id and place; its path is written only for a cycle found.
        let ids: Vec<(&str, (usize, usize))> = survey
            .pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| page.questions.iter().enumerate().map(move |(q, x)| (x.id.as_str(), (p, q))))
            .collect();
        let step = |names: &mut Vec<String>, via: Option<usize>, to: usize| {
            if let Some(p) = via {
                names.push(format!("page \"{}\"", survey.pages[p].id));
            }
            names.push(format!("\"{}\"", ids[to].0));
        };
        // Iterative depth-first search: 0 = new, 1 = on the path, 2 = done. The stack holds
        // (question, next edge to follow, the page the edge into it went through).
        let mut state = vec![0u8; n];
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize, None)];
            state[start] = 1;
            while let Some(&mut (node, ref mut next, _)) = stack.last_mut() {
                if let Some(&(target, via)) = reads[node].get(*next) {
                    *next += 1;
                    if state[target] == 0 {
                        state[target] = 1;
                        stack.push((target, 0, via));
                    } else if state[target] == 1 {
                        let from = stack.iter().position(|&(s, _, _)| s == target).unwrap_or(0);
                        let mut names = vec![format!("\"{}\"", ids[stack[from].0].0)];
                        for &(s, _, into) in &stack[from + 1..] {
                            step(&mut names, into, s);
                        }
                        step(&mut names, via, target);
                        let path = match via {
                            Some(p) => format!("pages[{p}].visible_if"),
                            None => {
                                let (p, q) = ids[node].1;
                                format!("pages[{p}].questions[{q}].visible_if")
                            }
                        };
                        self.error(
                            &path,
                            format!("circular condition: whether {} is shown depends on itself", names.join(" → ")),
                        );
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
    }

    /// `audience`: whom the survey is for, which the reading-age check measures its English
    /// against. Read only by the organiser's builds: the widget has no use for it.
    fn audience(&mut self, map: &Map<String, Value>) {
        #[cfg(feature = "checks")]
        {
            use crate::readability::Audience;
            self.audience = None;
            let Some(value) = map.get("audience") else { return };
            let problem = match value.as_str().map(|s| (s, Audience::parse(s))) {
                Some((_, Some(audience))) => {
                    self.audience = Some(audience);
                    None
                }
                Some((s, None)) => Some(format!("\"{s}\" is not an audience")),
                None => Some(format!("expected a text, found {}", describe(value))),
            };
            if let Some(problem) = problem {
                self.error(
                    "audience",
                    format!("{problem}; use \"adults\", or the ages of the young people it is for, such as \"11-16\""),
                );
                return;
            }
            // Said plainly, once a language: the check reads English only.
            for (l, code) in self.languages.clone().iter().enumerate() {
                if !is_english(code) {
                    self.warn(&format!("languages[{l}]"), || {
                        format!(
                            "no reading-age check is available for \"{code}\": speaksafe measures English only; ask \
                             someone who reads {code}, ideally someone from your audience, to read every text"
                        )
                    });
                }
            }
        }
        #[cfg(not(feature = "checks"))]
        let _ = map;
    }

    /// Each English question and option text (and its easy-read version) rated above the
    /// audience's grade: a warning at its field, with the grade and what to try.
    #[cfg(feature = "checks")]
    fn warn_reading_age(&mut self, question: &Question, path: &str) {
        use crate::readability::{counts, long_words, MIN_WORDS};
        let Some(audience) = self.audience else { return };
        let plain_is_english = self.languages.first().is_some_and(|c| is_english(c));
        let level = audience.grade();
        let mut texts: Vec<(String, &Text)> = vec![(field(path, "text"), &question.text)];
        let shape = question.kind.shape();
        let lists: [(&str, &[Choice]); 3] = match shape {
            Shape::Rows { rows, columns } => [("rows", rows), ("columns", columns), ("options", &[])],
            _ => [("options", shape.options()), ("rows", &[]), ("columns", &[])],
        };
        for (list, choices) in lists {
            // Only the survey's own options: "Prefer not to say", "Other" and yes/no's words are
            // read under other names, or are speaksafe's.
            for (i, choice) in
                choices.iter().enumerate().filter(|(_, c)| c.value != PREFER_NOT_TO_SAY && c.value != OTHER)
            {
                if matches!(question.kind, Kind::YesNo(_)) {
                    break;
                }
                texts.push((format!("{path}.{list}[{i}].text"), &choice.text));
            }
        }
        for (at, text) in texts {
            let versions = [(at.clone(), Some(text)), (easy_path(&at), text.easy())];
            for (at, version) in versions.iter().filter_map(|(at, v)| Some((at, (*v)?))) {
                for (code, words) in version.entries() {
                    if !(is_english(code) || (code.is_empty() && plain_is_english)) {
                        continue;
                    }
                    let measured = counts(words);
                    let grade = measured.grade();
                    if measured.words < MIN_WORDS || grade.floor() <= f64::from(level) {
                        continue;
                    }
                    let here = if code.is_empty() || version.is_plain() { at.clone() } else { field(at, code) };
                    let mut try_this = Vec::new();
                    if measured.sentence_length() > 12.0 {
                        try_this.push("shorter sentences, one idea each".to_string());
                    }
                    let long = long_words(words);
                    if !long.is_empty() {
                        try_this.push(format!("common, shorter words than {}", long.join(", ")));
                    }
                    if try_this.is_empty() {
                        try_this.push("shorter sentences and common words".to_string());
                    }
                    self.warn(&here, || {
                        format!(
                            "reads at grade {grade:.1} (Flesch–Kincaid), above grade {level} for {}: try {}",
                            audience.words(),
                            try_this.join("; ")
                        )
                    });
                }
            }
        }
    }

    /// Easy read for some questions and not others: a respondent who chose it would meet the
    /// standard words again at each of the others. Checked in each language that has it.
    fn warn_easy_read_gaps(&mut self, survey: &Survey) {
        if survey.easy_read.is_empty() {
            return;
        }
        for (l, language) in survey.languages.iter().enumerate() {
            let code = language.code.as_str();
            let has = |q: &Question| q.text.easy().is_some_and(|e| e.has(code));
            let with = survey.questions().filter(|(_, q)| has(q)).count();
            if with == 0 {
                let others: Vec<&str> = survey.easy_read.iter().filter(|c| !c.is_empty()).map(String::as_str).collect();
                self.warn(&format!("languages[{l}]"), || {
                    format!(
                        "no easy-read texts in \"{code}\" (there are in {}): respondents reading {code} are not \
                         offered easy read",
                        others.join(", ")
                    )
                });
                continue;
            }
            for (p, page) in survey.pages.iter().enumerate() {
                for (q, question) in page.questions.iter().enumerate().filter(|(_, q)| !has(q)) {
                    self.warn(&format!("pages[{p}].questions[{q}].easy.text"), || {
                        format!(
                            "\"{}\" has no easy-read version in \"{code}\", though {with} other questions have one: \
                             a respondent who chose easy read meets the standard words here",
                            question.id
                        )
                    });
                }
            }
        }
    }

    fn warn_sensitive_required(&mut self, survey: &Survey) {
        for (p, page) in survey.pages.iter().enumerate() {
            for (q, question) in page.questions.iter().enumerate() {
                if question.sensitive && (question.required || question.required_if.is_some()) {
                    self.warn(&format!("pages[{p}].questions[{q}].required"), || {
                        format!(
                            "\"{}\" is sensitive and required; survivors must be able to skip any question like this",
                            question.id
                        )
                    });
                }
            }
        }
    }
}
