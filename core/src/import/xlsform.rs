//! XLSForm (.xlsx, as ODK, KoboToolbox, Enketo, SurveyCTO and Survey123 read it) to
//! `speaksafe/1`.
//!
//! | XLSForm | speaksafe |
//! | --- | --- |
//! | `begin group` … `end group` | a page (its `relevant` the page's `visible_if`); questions outside any group go on pages of their own |
//! | `select_one L` | `single_choice`, or `dropdown` with appearance `minimal` |
//! | `select_multiple L` | `multiple_choice` (`or_other` → `other`) |
//! | `text` | `short_text`, or `long_text` with appearance `multiline` |
//! | `integer`, `decimal` | `number` |
//! | `range` | `scale` (`start`, `end`) |
//! | `note` | `info` |
//!
//! `label::Language (code)` and `hint::…` columns give the texts in each language;
//! `settings.default_language` says which is first. `relevant` and `constraint` are translated:
//! `${q}`, `=`, `!=`, comparisons, `selected(${q}, 'x')`, `not()`, `and`, `or`; a constraint on
//! `.` becomes a number's range, `regex(., '…')` a pattern, `string-length(.)` a length.

use super::xlsx::{self, Row, Sheet};
use super::{text_value, ImportError, Report};
use crate::condition::{quote, rewrite, Condition, Literal, Rewrite};
use crate::definition::{FORMAT, OTHER, PREFER_NOT_TO_SAY};
use crate::names::Names;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Types that identify or locate a respondent, or fetch from the network.
const PRIVATE: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "geopoint",
    "geotrace",
    "geoshape",
    "image",
    "audio",
    "video",
    "file",
    "background-audio",
    "barcode",
    "xml-external",
    "csv-external",
    "select_one_from_file",
    "select_multiple_from_file",
];

/// Language names XLSForms often write without a code.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("francais", "fr"),
    ("français", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("portuguese", "pt"),
    ("arabic", "ar"),
    ("polish", "pl"),
    ("swahili", "sw"),
    ("hindi", "hi"),
    ("urdu", "ur"),
    ("bengali", "bn"),
    ("bangla", "bn"),
    ("somali", "so"),
    ("turkish", "tr"),
    ("romanian", "ro"),
    ("italian", "it"),
    ("german", "de"),
    ("chinese", "zh"),
    ("russian", "ru"),
    ("ukrainian", "uk"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("dari", "prs"),
    ("pashto", "ps"),
    ("tigrinya", "ti"),
    ("amharic", "am"),
    ("welsh", "cy"),
    ("lithuanian", "lt"),
    ("punjabi", "pa"),
    ("gujarati", "gu"),
    ("tamil", "ta"),
    ("kurdish", "ku"),
];

pub(super) fn import(bytes: &[u8], report: &mut Report) -> Result<Value, ImportError> {
    let sheets = xlsx::sheets(bytes)?;
    let sheet = |name: &str| sheets.iter().find(|s| s.name.trim().eq_ignore_ascii_case(name));
    let survey = sheet("survey").ok_or_else(|| ImportError::NotASurvey("it has no \"survey\" sheet".into()))?;
    let settings = sheet("settings").map(Table::new);
    let survey = Table::new(survey);
    if !survey.has("type") || !survey.has("name") {
        return Err(ImportError::NotASurvey("the \"survey\" sheet has no \"type\" and \"name\" columns".into()));
    }
    let choices = sheet("choices").map(Table::new);
    let default = settings.as_ref().and_then(|s| s.first("default_language")).unwrap_or_default();
    let languages = Languages::new(&survey, choices.as_ref(), &default, report)?;
    let mut importer = Importer {
        report,
        languages,
        questions: Names::default(),
        pages: Names::default(),
        lists: HashMap::new(),
        list_of: HashMap::new(),
        multiple: Vec::new(),
    };
    importer.questions.reserve(PREFER_NOT_TO_SAY);
    if let Some(choices) = &choices {
        importer.read_choices(choices);
    }
    let mut definition = Map::new();
    definition.insert("format".into(), json!(FORMAT));
    let form_id = settings.as_ref().and_then(|s| s.first("form_id")).unwrap_or_else(|| "imported".into());
    definition.insert("id".into(), json!(super::slug(&form_id, "imported")));
    definition.insert("languages".into(), json!(importer.languages.codes));
    let title = settings.as_ref().and_then(|s| s.first("form_title")).unwrap_or_else(|| {
        importer
            .report
            .rewritten("settings.form_title", "the form has no title: \"Survey\" was put in; write your own");
        "Survey".into()
    });
    definition.insert("title".into(), json!(title));
    importer.report.rewritten("intro", "XLSForm has no introduction: a short one was put in; write your own");
    definition.insert("intro".into(), json!("Thank you for taking part. You can skip any question."));
    definition.insert("completion".into(), json!("Thank you. Your answers have been sent."));
    let pages = importer.pages(&survey, &title);
    definition.insert("pages".into(), Value::Array(pages));
    Ok(Value::Object(definition))
}

/// A sheet by column name; names are read as XLSForm writes them (`label::English (en)`).
struct Table<'s> {
    header: Vec<String>,
    rows: &'s [Row],
}

impl<'s> Table<'s> {
    fn new(sheet: &'s Sheet) -> Table<'s> {
        let header = sheet
            .rows
            .first()
            .map(|h| (0..h.width()).map(|c| h.get(c).trim().to_string()).collect())
            .unwrap_or_default();
        let rows = sheet.rows.get(1..).unwrap_or(&[]);
        Table { header, rows }
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    fn has(&self, name: &str) -> bool {
        self.column(name).is_some()
    }

    fn get<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.column(name).map_or("", |c| row.get(c).trim())
    }

    /// The first row's value in a column (the settings sheet has one row).
    fn first(&self, name: &str) -> Option<String> {
        self.rows.first().map(|r| self.get(r, name).to_string()).filter(|v| !v.is_empty())
    }

    /// `label` or `label::…` columns: (column, the language it is in, or none for the plain one).
    fn translated(&self, field: &str) -> Vec<(usize, Option<String>)> {
        self.header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let lower = h.to_ascii_lowercase();
                if lower == field {
                    Some((i, None))
                } else {
                    let rest = lower
                        .strip_prefix(field)?
                        .strip_prefix("::")
                        .or_else(|| lower.strip_prefix(field)?.strip_prefix(':'))?;
                    let _ = rest;
                    let original = &h[field.len()..];
                    Some((i, Some(original.trim_start_matches(':').trim().to_string())))
                }
            })
            .collect()
    }
}

/// The survey's languages: codes, the default first, and which column name is which.
struct Languages {
    codes: Vec<String>,
    /// Language as a column names it ("English (en)") → its code; "" for plain columns.
    by_name: HashMap<String, String>,
}

impl Languages {
    fn new(
        survey: &Table,
        choices: Option<&Table>,
        default: &str,
        report: &mut Report,
    ) -> Result<Languages, ImportError> {
        let mut by_name = HashMap::new();
        let mut codes: Vec<String> = Vec::new();
        let default_code = if default.is_empty() { None } else { code_of(default) };
        let names = ["label", "hint", "constraint_message", "required_message"]
            .iter()
            .flat_map(|f| survey.translated(f))
            .chain(choices.into_iter().flat_map(|c| c.translated("label")))
            .filter_map(|(_, name)| name);
        for name in names {
            if by_name.contains_key(&name) {
                continue;
            }
            match code_of(&name) {
                Some(code) => {
                    if !codes.contains(&code) {
                        codes.push(code.clone());
                    }
                    by_name.insert(name, code);
                }
                None => {
                    report.dropped(
                        format!("label::{name}"),
                        "no language code: write the column as label::Name (code), e.g. label::English (en)",
                    );
                    by_name.insert(name, String::new());
                }
            }
        }
        let plain = default_code.clone().or_else(|| codes.first().cloned()).unwrap_or_else(|| "en".into());
        if !codes.contains(&plain) {
            codes.insert(0, plain.clone());
        }
        if let Some(default) = default_code {
            codes.retain(|c| c != &default);
            codes.insert(0, default);
        }
        by_name.insert(String::new(), plain);
        if codes.is_empty() {
            return Err(ImportError::NotASurvey("no language".into()));
        }
        Ok(Languages { codes, by_name })
    }

    /// The code of a column's language ("" for a plain column: the default).
    fn code(&self, name: &Option<String>) -> Option<&str> {
        let code = self.by_name.get(name.as_deref().unwrap_or(""))?;
        (!code.is_empty()).then_some(code.as_str())
    }
}

/// `English (en)` → `en`; `en` → `en`; `English` → `en` (a few names are known).
fn code_of(name: &str) -> Option<String> {
    let name = name.trim();
    if let (Some(open), true) = (name.rfind('('), name.ends_with(')')) {
        let code = name[open + 1..name.len() - 1].trim();
        if is_code(code) {
            return Some(code.to_string());
        }
    }
    if is_code(name) && name.len() <= 3 {
        return Some(name.to_ascii_lowercase());
    }
    let lower = name.to_lowercase();
    LANGUAGE_NAMES.iter().find(|(n, _)| *n == lower).map(|(_, c)| c.to_string())
}

fn is_code(code: &str) -> bool {
    code.split('-').enumerate().all(|(i, part)| {
        if i == 0 {
            (2..=3).contains(&part.len()) && part.chars().all(|c| c.is_ascii_lowercase())
        } else {
            (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        }
    })
}

struct Importer<'r> {
    report: &'r mut Report,
    languages: Languages,
    questions: Names,
    pages: Names,
    /// Choice list → its options (as the definition writes them) and their names.
    lists: HashMap<String, (Vec<Value>, Names)>,
    /// Question id → the list its options come from.
    list_of: HashMap<String, String>,
    /// The ids of multiple-choice questions (`selected()` is `contains` for them).
    multiple: Vec<String>,
}

/// Where rows are going while the survey sheet is read.
struct Page {
    id: String,
    title: Value,
    visible_if: Option<String>,
    questions: Vec<Value>,
}

impl Importer<'_> {
    fn text(&self, table: &Table, row: &Row, field: &str) -> Option<Value> {
        let entries: Vec<(String, String)> = table
            .translated(field)
            .into_iter()
            .filter_map(|(column, language)| {
                let code = self.languages.code(&language)?;
                Some((code.to_string(), row.get(column).trim().to_string()))
            })
            .collect();
        text_value(&entries, self.languages.codes.len() > 1)
    }

    fn read_choices(&mut self, choices: &Table) {
        let list_column = if choices.has("list_name") { "list_name" } else { "list name" };
        for row in choices.rows {
            let list = choices.get(row, list_column).to_string();
            let name = choices.get(row, "name").to_string();
            if list.is_empty() || name.is_empty() {
                continue;
            }
            let text = self.text(choices, row, "label").unwrap_or_else(|| json!(name));
            let (options, names) = self.lists.entry(list).or_insert_with(|| {
                let mut names = Names::default();
                names.reserve(OTHER);
                names.reserve(PREFER_NOT_TO_SAY);
                (Vec::new(), names)
            });
            let value = names.name(&name, "option");
            options.push(json!({ "value": value, "text": text }));
        }
    }

    fn pages(&mut self, survey: &Table, title: &str) -> Vec<Value> {
        let mut pages: Vec<Page> = Vec::new();
        // Open groups, outermost first: (the group's id, its condition, whether it is a page).
        let mut groups: Vec<(String, Option<String>)> = Vec::new();
        let mut repeat_depth = 0;
        let mut loose = 0;
        for row in survey.rows {
            let kind = survey.get(row, "type").to_ascii_lowercase();
            let kind = kind.split_whitespace().collect::<Vec<_>>().join(" ");
            let name = survey.get(row, "name").to_string();
            let label = || name.clone();
            if kind.is_empty() {
                continue;
            }
            match kind.as_str() {
                "begin repeat" | "begin_repeat" => {
                    repeat_depth += 1;
                    self.report
                        .dropped(label(), "a repeat: repeated groups are not supported; everything in it is left out");
                    continue;
                }
                "end repeat" | "end_repeat" => {
                    repeat_depth -= 1;
                    continue;
                }
                _ if repeat_depth > 0 => continue,
                "begin group" | "begin_group" => {
                    let condition = self.condition(survey.get(row, "relevant"), &name);
                    if groups.is_empty() {
                        let title = self.text(survey, row, "label").unwrap_or_else(|| json!(name));
                        let id = self.pages.name(&name, "page");
                        pages.push(Page { id, title, visible_if: condition.clone(), questions: Vec::new() });
                        groups.push((name, None));
                    } else {
                        // A group in a group: on its page, its label as words, its condition on each
                        // of its questions.
                        if let Some(text) = self.text(survey, row, "label") {
                            let id = self.questions.name(&name, "group");
                            let mut info = json!({ "id": id, "kind": "info", "text": text });
                            if let Some(c) = self.inherited(&groups, &condition) {
                                info["visible_if"] = json!(c);
                            }
                            if let Some(page) = pages.last_mut() {
                                page.questions.push(info);
                            }
                        }
                        groups.push((name, condition));
                    }
                    continue;
                }
                "end group" | "end_group" => {
                    groups.pop();
                    continue;
                }
                _ => {}
            }
            if groups.is_empty() && pages.last().is_none_or(|p| !p.id.starts_with("questions")) {
                loose += 1;
                let id = self.pages.name(&format!("questions_{loose}"), "questions");
                pages.push(Page { id, title: json!(title), visible_if: None, questions: Vec::new() });
            }
            let inherited = self.inherited(&groups, &None);
            if let Some(question) = self.question(survey, row, &kind, &name, inherited) {
                if let Some(page) = pages.last_mut() {
                    page.questions.push(question);
                }
            }
        }
        pages
            .into_iter()
            .filter_map(|page| {
                if page.questions.is_empty() {
                    self.report.dropped(format!("group {}", page.id), "nothing in it could be brought in");
                    return None;
                }
                let mut out = json!({ "id": page.id, "title": page.title, "questions": page.questions });
                if let Some(c) = page.visible_if {
                    out["visible_if"] = json!(c);
                }
                Some(out)
            })
            .collect()
    }

    /// The conditions of the groups within the page (not the page's own), and `own`, as one.
    fn inherited(&self, groups: &[(String, Option<String>)], own: &Option<String>) -> Option<String> {
        let all: Vec<&String> = groups.iter().skip(1).filter_map(|(_, c)| c.as_ref()).chain(own.iter()).collect();
        match all.as_slice() {
            [] => None,
            [one] => Some((*one).clone()),
            many => Some(many.iter().map(|c| format!("({c})")).collect::<Vec<_>>().join(" and ")),
        }
    }

    fn question(
        &mut self,
        survey: &Table,
        row: &Row,
        kind: &str,
        name: &str,
        inherited: Option<String>,
    ) -> Option<Value> {
        let mut words = kind.split(' ');
        let base = words.next().unwrap_or("");
        let list = words.next().unwrap_or("").to_string();
        let or_other = kind.ends_with(" or_other");
        if PRIVATE.contains(&base) {
            self.report.dropped(name, format!("a {base}: speaksafe never collects what identifies or locates a respondent, or fetches from the network"));
            return None;
        }
        let calculation = survey.get(row, "calculation");
        if calculation.contains("pulldata") {
            self.report.dropped(name, "pulldata fetches from outside the survey");
            return None;
        }
        let appearance = survey.get(row, "appearance").to_ascii_lowercase();
        let id = self.questions.name(name, "question");
        let mut out = Map::new();
        out.insert("id".into(), json!(id));
        let kind_fields: Vec<(&str, Value)> = match base {
            "select_one" | "select_multiple" => {
                let Some((options, _)) = self.lists.get(&list) else {
                    self.report.dropped(name, format!("its choices \"{list}\" are not on the choices sheet"));
                    return None;
                };
                let mut options = options.clone();
                self.list_of.insert(id.clone(), list.clone());
                if !survey.get(row, "choice_filter").is_empty() {
                    self.report.dropped(
                        format!("{name}.choice_filter"),
                        "every choice is shown: filtering choices by an answer is not supported",
                    );
                }
                if base == "select_multiple" {
                    self.multiple.push(id.clone());
                    let mut fields = vec![("kind", json!("multiple_choice"))];
                    if or_other {
                        fields.push(("other", json!("Other")));
                    }
                    fields.push(("options", Value::Array(options)));
                    fields
                } else {
                    if or_other {
                        options.push(json!({ "value": "other", "text": "Other" }));
                        self.report.rewritten(
                            format!("{name} or_other"),
                            "\"Other\" is an option; the box to say what is only on multiple choice questions",
                        );
                    }
                    let kind = if appearance.contains("minimal") { "dropdown" } else { "single_choice" };
                    vec![("kind", json!(kind)), ("options", Value::Array(options))]
                }
            }
            "text" if appearance.contains("multiline") => vec![("kind", json!("long_text"))],
            "text" => vec![("kind", json!("short_text"))],
            "integer" => vec![("kind", json!("number")), ("integer", json!(true))],
            "decimal" => vec![("kind", json!("number"))],
            "range" => self.range(survey.get(row, "parameters"), name),
            "note" => {
                let text = self.text(survey, row, "label")?;
                out.insert("kind".into(), json!("info"));
                out.insert("text".into(), text);
                if let Some(c) =
                    self.condition(survey.get(row, "relevant"), name).into_iter().chain(inherited).reduce(both)
                {
                    out.insert("visible_if".into(), json!(c));
                }
                return Some(Value::Object(out));
            }
            "calculate" => {
                self.report.dropped(name, "calculated values are not supported");
                return None;
            }
            other => {
                self.report.dropped(name, format!("\"{other}\" is not a kind of question speaksafe has"));
                return None;
            }
        };
        let text = self.text(survey, row, "label").unwrap_or_else(|| json!(name));
        out.insert("text".into(), text);
        for (key, value) in kind_fields {
            out.insert(key.into(), value);
        }
        if let Some(hint) = self.text(survey, row, "hint") {
            out.insert("hint".into(), hint);
        }
        let required = survey.get(row, "required");
        match required.to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "false()" => {}
            "yes" | "true" | "true()" => {
                out.insert("required".into(), json!(true));
            }
            expression => {
                if let Some(c) = self.condition(expression, &format!("{name}.required")) {
                    out.insert("required_if".into(), json!(c));
                }
            }
        }
        if let Some(c) = self.condition(survey.get(row, "relevant"), name).into_iter().chain(inherited).reduce(both) {
            out.insert("visible_if".into(), json!(c));
        }
        let constraint = survey.get(row, "constraint");
        if !constraint.is_empty() {
            let message = self.text(survey, row, "constraint_message");
            self.constraint(constraint, message, base, name, &mut out);
        }
        Some(Value::Object(out))
    }

    fn range(&mut self, parameters: &str, name: &str) -> Vec<(&'static str, Value)> {
        let number = |key: &str| {
            parameters
                .split(|c: char| c.is_whitespace() || c == ';')
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim() == key)
                .and_then(|(_, v)| v.trim().parse::<f64>().ok())
        };
        let (start, end, step) =
            (number("start").unwrap_or(1.0), number("end").unwrap_or(10.0), number("step").unwrap_or(1.0));
        let whole = start.fract() == 0.0 && end.fract() == 0.0 && step == 1.0;
        if whole && (1.0..=10.0).contains(&(end - start)) {
            vec![("kind", json!("scale")), ("min", json!(start as i64)), ("max", json!(end as i64))]
        } else {
            self.report.rewritten(name, format!("a range from {start} to {end} by {step} is a number between them"));
            vec![("kind", json!("number")), ("min", json!(start)), ("max", json!(end))]
        }
    }

    /// A constraint as a number's range, a pattern or a length; else dropped, with a note.
    fn constraint(
        &mut self,
        constraint: &str,
        message: Option<Value>,
        base: &str,
        name: &str,
        out: &mut Map<String, Value>,
    ) {
        let tokens = match tokens(constraint) {
            Ok(tokens) => tokens,
            Err(why) => {
                self.report.dropped(format!("{name}.constraint"), format!("\"{constraint}\": {why}"));
                return;
            }
        };
        let message = message.unwrap_or_else(|| {
            self.report.rewritten(
                format!("{name}.constraint_message"),
                "a constraint with no message was given one: translate it",
            );
            json!("Check your answer")
        });
        let rule = match base {
            "integer" | "decimal" => bounds(&tokens).map(|(min, max)| {
                let mut rule = json!({ "rule": "range", "message": message });
                if let Some(min) = min {
                    rule["min"] = json!(min);
                }
                if let Some(max) = max {
                    rule["max"] = json!(max);
                }
                rule
            }),
            "text" => match tokens.as_slice() {
                [Token::Word(f), Token::Open, Token::Dot, Token::Comma, Token::Str(pattern), Token::Close]
                    if f == "regex" =>
                {
                    Some(json!({ "rule": "pattern", "pattern": pattern, "message": message }))
                }
                _ => length(&tokens).map(|(min, max)| {
                    let mut rule = json!({ "rule": "length", "message": message });
                    if let Some(min) = min {
                        rule["min"] = json!(min);
                    }
                    if let Some(max) = max {
                        rule["max"] = json!(max);
                    }
                    rule
                }),
            },
            _ => None,
        };
        match rule {
            Some(rule) => {
                out.insert("validation".into(), json!([rule]));
            }
            None => self.report.dropped(
                format!("{name}.constraint"),
                format!("\"{constraint}\": only a number's range, regex(., '…') and string-length(.) are brought in"),
            ),
        }
    }

    /// A `relevant` (or `required`) expression in speaksafe's condition language; `None`, with a
    /// note, when it cannot be.
    fn condition(&mut self, expression: &str, element: &str) -> Option<String> {
        if expression.trim().is_empty() {
            return None;
        }
        match self.translate(expression) {
            Ok(condition) => Some(condition),
            Err(why) => {
                self.report.dropped(
                    format!("{element}.relevant"),
                    format!("\"{expression}\": {why}; the question is kept, shown always"),
                );
                None
            }
        }
    }

    fn translate(&self, expression: &str) -> Result<String, String> {
        let tokens = tokens(expression)?;
        let mut out = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let piece = match &tokens[i..] {
                [Token::Word(f), Token::Open, Token::Ref(q), Token::Comma, Token::Str(value), Token::Close, ..]
                    if f == "selected" =>
                {
                    i += 6;
                    let id = self.question_id(q)?;
                    let op = if self.multiple.contains(&id) { "contains" } else { "=" };
                    format!("{{{id}}} {op} {}", quote(value))
                }
                [Token::Word(f), Token::Open, Token::Close, ..] if f == "true" || f == "false" => {
                    i += 3;
                    f.clone()
                }
                [Token::Word(f), Token::Open, ..] if f == "not" => {
                    i += 2;
                    "not (".into()
                }
                [Token::Word(f), Token::Open, ..] => {
                    return Err(format!("it uses {f}(), which speaksafe does not have"))
                }
                [Token::Word(w), ..] if w == "and" || w == "or" => {
                    i += 1;
                    w.clone()
                }
                [Token::Word(w), ..] => return Err(format!("speaksafe does not know \"{w}\" here")),
                [Token::Ref(q), ..] => {
                    i += 1;
                    format!("{{{}}}", self.question_id(q)?)
                }
                [Token::Dot, ..] => return Err("\".\" (this answer) belongs in a constraint".into()),
                [Token::Str(s), ..] => {
                    i += 1;
                    quote(s)
                }
                [Token::Num(n), ..] => {
                    i += 1;
                    n.clone()
                }
                [Token::Op(op), ..] if matches!(op.as_str(), "=" | "!=" | "<" | "<=" | ">" | ">=") => {
                    i += 1;
                    op.clone()
                }
                [Token::Op(op), ..] => return Err(format!("arithmetic (\"{op}\") is not supported")),
                [Token::Open, ..] => {
                    i += 1;
                    "(".into()
                }
                [Token::Close, ..] => {
                    i += 1;
                    ")".into()
                }
                [Token::Comma, ..] => return Err("a \",\" outside selected()".into()),
                [] => break,
            };
            if !out.is_empty() && !out.ends_with('(') && piece != ")" {
                out.push(' ');
            }
            out.push_str(&piece);
        }
        let renamed = rewrite(&out, &ChoiceNames(self)).map_err(|e| format!("speaksafe cannot read it ({e})"))?;
        Condition::parse(&renamed).map_err(|e| format!("speaksafe cannot read it ({e})"))?;
        Ok(renamed)
    }

    fn question_id(&self, name: &str) -> Result<String, String> {
        self.questions
            .get(name)
            .map(str::to_string)
            .ok_or_else(|| format!("it names ${{{name}}}, which is not a question before it"))
    }
}

/// Two conditions that must both hold.
fn both(a: String, b: String) -> String {
    format!("({a}) and ({b})")
}

/// Choice names as they are now, for values compared with a question's answer.
struct ChoiceNames<'a, 'r>(&'a Importer<'r>);

impl Rewrite for ChoiceNames<'_, '_> {
    fn literal(&self, question: &str, _row: Option<&str>, literal: &Literal) -> Option<String> {
        let Literal::Text(text) = literal else { return None };
        let list = self.0.list_of.get(question)?;
        self.0.lists.get(list)?.1.get(text).map(str::to_string)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(String),
    Dot,
    Str(String),
    Num(String),
    Op(String),
    Word(String),
    Open,
    Close,
    Comma,
}

/// An XLSForm (XPath) expression as tokens.
fn tokens(expression: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = expression.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let token = match c {
            c if c.is_whitespace() => continue,
            '$' if chars.get(i) == Some(&'{') => {
                let end = chars[i..].iter().position(|&c| c == '}').ok_or("a \"${\" is not closed")? + i;
                let name: String = chars[i + 1..end].iter().collect();
                i = end + 1;
                Token::Ref(name.trim().to_string())
            }
            '\'' | '"' => {
                let end = chars[i..].iter().position(|&q| q == c).ok_or("a quote is not closed")? + i;
                let text: String = chars[i..end].iter().collect();
                i = end + 1;
                Token::Str(text)
            }
            '.' if !chars.get(i).is_some_and(char::is_ascii_digit) => Token::Dot,
            c if c.is_ascii_digit() || c == '.' => {
                let start = i - 1;
                while chars.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                    i += 1;
                }
                Token::Num(chars[start..i].iter().collect())
            }
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '=' | '!' | '<' | '>' => {
                let mut op = c.to_string();
                if chars.get(i) == Some(&'=') {
                    op.push('=');
                    i += 1;
                }
                if op == "!" {
                    return Err("a lone \"!\"".into());
                }
                Token::Op(op)
            }
            '+' | '-' | '*' => Token::Op(c.to_string()),
            c if c.is_alphabetic() || c == '_' => {
                let start = i - 1;
                while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == ':') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match word.as_str() {
                    "div" | "mod" => Token::Op(word),
                    _ => Token::Word(word),
                }
            }
            other => return Err(format!("\"{other}\" cannot be read")),
        };
        out.push(token);
    }
    Ok(out)
}

/// `. >= 0 and . <= 120` as (min, max).
fn bounds(tokens: &[Token]) -> Option<(Option<f64>, Option<f64>)> {
    let (mut min, mut max) = (None, None);
    for part in tokens.split(|t| t == &Token::Word("and".into())) {
        let (op, n) = match part {
            [Token::Dot, Token::Op(op), Token::Num(n)] => (op.as_str(), n.parse::<f64>().ok()?),
            [Token::Num(n), Token::Op(op), Token::Dot] => (flip(op)?, n.parse::<f64>().ok()?),
            _ => return None,
        };
        match op {
            ">=" | ">" => min = Some(n),
            "<=" | "<" => max = Some(n),
            _ => return None,
        }
    }
    Some((min, max))
}

/// `string-length(.) <= 20 and string-length(.) >= 2` as (min, max).
fn length(tokens: &[Token]) -> Option<(Option<u64>, Option<u64>)> {
    let (mut min, mut max) = (None, None);
    for part in tokens.split(|t| t == &Token::Word("and".into())) {
        let [Token::Word(f), Token::Open, Token::Dot, Token::Close, Token::Op(op), Token::Num(n)] = part else {
            return None;
        };
        if f != "string-length" {
            return None;
        }
        let n = n.parse::<u64>().ok()?;
        match op.as_str() {
            ">=" => min = Some(n),
            ">" => min = Some(n + 1),
            "<=" => max = Some(n),
            "<" => max = Some(n.saturating_sub(1)),
            _ => return None,
        }
    }
    Some((min, max))
}

fn flip(op: &str) -> Option<&'static str> {
    Some(match op {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_columns_name_their_code() {
        assert_eq!(code_of("English (en)").as_deref(), Some("en"));
        assert_eq!(code_of("Français (fr)").as_deref(), Some("fr"));
        assert_eq!(code_of("pl").as_deref(), Some("pl"));
        assert_eq!(code_of("Somali").as_deref(), Some("so"));
        assert_eq!(code_of("Klingon"), None);
    }

    #[test]
    fn constraints_become_ranges_and_lengths() {
        assert_eq!(bounds(&tokens(". >= 0 and . <= 120").unwrap()), Some((Some(0.0), Some(120.0))));
        assert_eq!(bounds(&tokens("18 <= .").unwrap()), Some((Some(18.0), None)));
        assert_eq!(bounds(&tokens(". != 3").unwrap()), None);
        assert_eq!(length(&tokens("string-length(.) <= 20").unwrap()), Some((None, Some(20))));
    }
}
