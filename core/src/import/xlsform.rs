//! XLSForm (.xlsx, as ODK, KoboToolbox, Enketo, SurveyCTO and Survey123 read it) to
//! `speaksafe/1`.
//!
//! | XLSForm | speaksafe |
//! | --- | --- |
//! | `begin group` … `end group` | a page (its `relevant` the page's `visible_if`); questions outside any group go on pages of their own |
//! | `select_one L` | `single_choice`, or `dropdown` with appearance `minimal` (`or_other` → `other`) |
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
use super::{date_hint, text_value, ImportError, Options, Report};
use crate::condition::{quote, rewrite, Condition, Literal, Rewrite};
use crate::definition::{FORMAT, OTHER, PREFER_NOT_TO_SAY};
use crate::names::Names;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Types that identify or locate a respondent, or fetch from the network (with the old names
/// pyxform still reads: `photo`, `gps`, `imei`, `phone`, `uri:deviceid`...).
const PRIVATE: &[&str] = &[
    "photo",
    "gps",
    "location",
    "imei",
    "phone",
    "uri:deviceid",
    "uri:email",
    "uri:phonenumber",
    "uri:simserial",
    "uri:subscriberid",
    "uri:username",
    "start-geopoint",
    "hidden",
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
    "select_one_external",
    // A map feature (OpenStreetMap), with where it is.
    "osm",
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
    // Names in the language itself, as forms write them.
    ("العربية", "ar"),
    ("عربي", "ar"),
    ("português", "pt"),
    ("portugues", "pt"),
    ("kiswahili", "sw"),
    ("polski", "pl"),
    ("türkçe", "tr"),
    ("italiano", "it"),
    ("deutsch", "de"),
    ("русский", "ru"),
    ("українська", "uk"),
    ("română", "ro"),
    ("lietuvių", "lt"),
    ("cymraeg", "cy"),
    ("soomaali", "so"),
    ("af-soomaali", "so"),
    ("اردو", "ur"),
    ("فارسی", "fa"),
    ("دری", "prs"),
    ("پښتو", "ps"),
    ("বাংলা", "bn"),
    ("हिन्दी", "hi"),
    ("हिंदी", "hi"),
    ("ਪੰਜਾਬੀ", "pa"),
    ("ગુજરાતી", "gu"),
    ("தமிழ்", "ta"),
    ("नेपाली", "ne"),
    ("nepali", "ne"),
    ("አማርኛ", "am"),
    ("ትግርኛ", "ti"),
    ("中文", "zh"),
    ("hausa", "ha"),
    ("yoruba", "yo"),
    ("igbo", "ig"),
    ("luganda", "lg"),
    ("kinyarwanda", "rw"),
    ("chichewa", "ny"),
    ("oromo", "om"),
    ("afaan oromoo", "om"),
    ("burmese", "my"),
    ("myanmar", "my"),
    ("khmer", "km"),
    ("thai", "th"),
    ("vietnamese", "vi"),
    ("tiếng việt", "vi"),
    ("indonesian", "id"),
    ("bahasa indonesia", "id"),
    ("malay", "ms"),
    ("tagalog", "tl"),
    ("haitian creole", "ht"),
    ("kreyòl", "ht"),
    ("tetum", "tet"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("greek", "el"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("hebrew", "he"),
    ("albanian", "sq"),
    ("serbian", "sr"),
    ("croatian", "hr"),
    ("bosnian", "bs"),
    ("mongolian", "mn"),
    ("uzbek", "uz"),
    ("kazakh", "kk"),
    ("tajik", "tg"),
    ("kirundi", "rn"),
    ("lingala", "ln"),
    ("wolof", "wo"),
    ("fula", "ff"),
    ("bambara", "bm"),
    ("malagasy", "mg"),
    ("sesotho", "st"),
    ("setswana", "tn"),
    ("zulu", "zu"),
    ("xhosa", "xh"),
    ("shona", "sn"),
    ("afrikaans", "af"),
    ("sinhala", "si"),
    ("marathi", "mr"),
    ("telugu", "te"),
    ("kannada", "kn"),
    ("malayalam", "ml"),
    ("odia", "or"),
    ("assamese", "as"),
    ("sindhi", "sd"),
    ("kurmanji", "kmr"),
    ("sorani", "ckb"),
];

/// The names pyxform reads for a column, besides its own (`bind::relevant` for `relevant`).
fn aliases(name: &str) -> Vec<String> {
    let mut names = vec![name.to_string()];
    let more: &[&str] = match name {
        "relevant" => &["relevance", "bind::relevant", "bind:relevant"],
        "constraint" => &["bind::constraint", "bind:constraint"],
        "constraint_message" => &[
            "constraint message",
            "constraint-message",
            "bind::jr:constraintMsg",
            "bind:jr:constraintMsg",
            "jr:constraintMsg",
        ],
        "required" => &["bind::required", "bind:required"],
        "required_message" => &["bind::jr:requiredMsg", "bind:jr:requiredMsg", "jr:requiredMsg"],
        "calculation" => &["bind::calculate", "bind:calculate"],
        "read_only" => &["bind::readonly", "bind:readonly", "readonly", "read only"],
        "appearance" => &["control::appearance", "control:appearance"],
        "default" => &["bind::default"],
        "choice_filter" => &["choice filter"],
        "list_name" => &["list name"],
        // pyxform's own names for them, which HOT's forms write.
        "form_title" => &["title", "set form title"],
        "form_id" => &["id_string", "set form id"],
        _ => &[],
    };
    names.extend(more.iter().map(|m| m.to_string()));
    names
}

/// The first answer a text shows (`${q}`, as ODK writes it), in any of its languages.
fn piped(text: &Value) -> Option<String> {
    let words: Vec<&str> = match text {
        Value::String(s) => vec![s.as_str()],
        Value::Object(map) => map.values().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    words.iter().find_map(|w| {
        let at = w.find("${")?;
        let end = w[at..].find('}')?;
        Some(w[at..at + end + 1].to_string())
    })
}

/// A choice filter that tests only the choices' own columns against fixed words (`pastel=yes`,
/// `region = 'north' and size != 'small'`), as (column, whether equal, the words); `None` for one
/// that reads an answer (`${q}`), or anything else.
fn fixed_filter(filter: &str) -> Option<Vec<(String, bool, String)>> {
    let mut tests = Vec::new();
    for part in filter.split(" and ") {
        let (column, equal, value) = match part.split_once("!=") {
            Some((c, v)) => (c, false, v),
            None => part.split_once('=').map(|(c, v)| (c, true, v))?,
        };
        let column = column.trim().to_lowercase();
        let value = value.trim();
        // A quoted word, or a bare one (ODK would read a bare word as a path to nothing; the
        // form's author meant the word).
        let value = match value.strip_prefix(['\'', '"']).and_then(|v| v.strip_suffix(['\'', '"'])) {
            Some(quoted) => quoted,
            None => value,
        };
        let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'));
        if !word(&column) || !word(value) {
            return None;
        }
        tests.push((column, equal, value.to_string()));
    }
    Some(tests)
}

/// An XLSForm type cell as (the type, its choice list, whether it adds "Other"): the type's
/// word is read whatever its case, the list as written (`select_one A_region`), and the old
/// forms pyxform still reads too (`select one from L or specify other`).
fn parse_type(cell: &str) -> (String, String, bool) {
    let words: Vec<&str> = cell.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let other_at = |at: usize| matches!(lower.get(at..), Some(["or_other"] | ["or", "specify", "other"]));
    match lower.as_slice() {
        ["select", "one" | "multiple", "from", ..] if words.len() >= 4 => {
            (format!("select_{}", lower[1]), words[3].to_string(), other_at(4))
        }
        ["select", "all", "that", "apply", "from", ..] if words.len() >= 6 => {
            ("select_multiple".into(), words[5].to_string(), other_at(6))
        }
        ["select", "all", "that", "apply", ..] if words.len() >= 5 => {
            ("select_multiple".into(), words[4].to_string(), other_at(5))
        }
        // A loop over a list's choices is a repeat (pyxform's old form).
        ["begin", "loop", ..] => ("begin repeat".into(), String::new(), false),
        ["end", "loop", ..] => ("end repeat".into(), String::new(), false),
        ["select1", ..] if words.len() >= 2 => ("select_one".into(), words[1].to_string(), other_at(2)),
        ["begin" | "end", what, ..] => (format!("{} {what}", lower[0]), String::new(), false),
        [base, ..] => {
            let base = match *base {
                "begin_group" => "begin group",
                "end_group" => "end group",
                "begin_repeat" => "begin repeat",
                "end_repeat" => "end repeat",
                other => other,
            };
            (base.to_string(), words.get(1).map_or(String::new(), |l| l.to_string()), other_at(2))
        }
        [] => (String::new(), String::new(), false),
    }
}

pub(super) fn import(bytes: &[u8], options: &Options, report: &mut Report) -> Result<Value, ImportError> {
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
    let languages = Languages::new(&survey, choices.as_ref(), &default, &options.language_codes)?;
    let mut importer = Importer {
        report,
        options,
        languages,
        questions: Names::default(),
        pages: Names::default(),
        lists: HashMap::new(),
        columns: HashMap::new(),
        list_of: HashMap::new(),
        multiple: Vec::new(),
        left_out: Default::default(),
    };
    importer.questions.reserve(PREFER_NOT_TO_SAY);
    if let Some(settings) = &settings {
        importer.settings(settings);
    }
    if let Some(choices) = &choices {
        importer.read_choices(choices);
    }
    let mut definition = Map::new();
    definition.insert("format".into(), json!(FORMAT));
    let form_id = settings.as_ref().and_then(|s| s.first("form_id"));
    definition.insert("id".into(), json!(super::survey_id(form_id.as_deref(), options)));
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

    /// A column by its name, or by another name pyxform reads for it (`bind::relevant`).
    fn column(&self, name: &str) -> Option<usize> {
        let names = aliases(name);
        self.header.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
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

    /// `label` or `label::…` columns (or another name pyxform reads for them): (column, the
    /// language it is in, or none for the plain one).
    fn translated(&self, field: &str) -> Vec<(usize, Option<String>)> {
        let names = aliases(field);
        self.header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let lower = h.to_ascii_lowercase();
                names.iter().find_map(|name| {
                    let name = name.to_ascii_lowercase();
                    if lower == name {
                        return Some((i, None));
                    }
                    lower.strip_prefix(&name)?.strip_prefix(':')?;
                    let original = h.get(name.len()..)?;
                    Some((i, Some(original.trim_start_matches(':').trim().to_string())))
                })
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
        given: &[(String, String)],
    ) -> Result<Languages, ImportError> {
        let mut by_name = HashMap::new();
        let mut codes: Vec<String> = Vec::new();
        let code_of = |name: &str| {
            given
                .iter()
                .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
                .map(|(_, c)| c.clone())
                .or_else(|| code_of(name))
        };
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
                None => return Err(ImportError::UnknownLanguage(name)),
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
    let known = |name: &str| {
        let lower = name.trim().to_lowercase();
        LANGUAGE_NAMES.iter().find(|(n, _)| *n == lower).map(|(_, c)| c.to_string())
    };
    if let (Some(open), true) = (name.rfind('('), name.ends_with(')')) {
        let code = as_code(&name[open + 1..name.len() - 1]);
        // "English (UK)" is English from the UK, not Ukrainian: a known name wins over a code
        // that is not one of its own.
        match (known(&name[..open]), code) {
            (Some(by_name), Some(code)) if !code.starts_with(&by_name) => return Some(by_name),
            (_, Some(code)) => return Some(code),
            (Some(by_name), None) => return Some(by_name),
            (None, None) => {}
        }
    }
    if let Some(code) = as_code(name).filter(|_| name.len() <= 3 || name.contains('-')) {
        return Some(code);
    }
    let lower = name.to_lowercase();
    LANGUAGE_NAMES.iter().find(|(n, _)| *n == lower).map(|(_, c)| c.to_string())
}

/// A language code as speaksafe writes it, whatever its case: `EN` → `en`, `pt-br` → `pt-BR`.
fn as_code(code: &str) -> Option<String> {
    let parts: Vec<String> = code
        .trim()
        .split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            (_, 4) => {
                let mut chars = part.chars();
                chars.next().map_or(String::new(), |c| {
                    c.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                })
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect();
    let code = parts.join("-");
    is_code(&code).then_some(code)
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
    options: &'r Options,
    languages: Languages,
    questions: Names,
    pages: Names,
    /// Choice list → its options (as the definition writes them) and their names.
    lists: HashMap<String, (Vec<Value>, Names)>,
    /// Choice list → each option's other cells (column, lower case → value), in the options'
    /// order: what a choice filter can test.
    columns: HashMap<String, Vec<HashMap<String, String>>>,
    /// Question id → the list its options come from.
    list_of: HashMap<String, String>,
    /// The ids of multiple-choice questions (`selected()` is `contains` for them).
    multiple: Vec<String>,
    /// Rows left out (calculations, what identifies a respondent...), by name: a condition
    /// naming one cannot come across.
    left_out: std::collections::HashSet<String>,
}

/// A row's type, read by [`parse_type`].
#[derive(Clone, Copy)]
struct Kind<'k> {
    base: &'k str,
    list: &'k str,
    or_other: bool,
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

    /// A question's words without the answers they show (`${q}` in ODK), each as "…", with a
    /// line: speaksafe never puts an answer into its words.
    fn unpiped(&mut self, text: Value, name: &str) -> Value {
        let Some(shown) = piped(&text) else { return text };
        self.report.rewritten(
            name,
            format!("its words show {shown}, an answer given before, which speaksafe never puts into its words: \"…\" stands there; reword it"),
        );
        let cut = |words: &str| {
            let mut out = String::new();
            let mut rest = words;
            while let Some(at) = rest.find("${") {
                out.push_str(&rest[..at]);
                match rest[at..].find('}') {
                    Some(end) => {
                        out.push('…');
                        rest = &rest[at + end + 1..];
                    }
                    None => {
                        out.push_str(&rest[at..]);
                        rest = "";
                    }
                }
            }
            out.push_str(rest);
            out
        };
        match text {
            Value::String(words) => json!(cut(&words)),
            Value::Object(map) => Value::Object(
                map.into_iter().map(|(code, w)| (code, json!(cut(w.as_str().unwrap_or_default())))).collect(),
            ),
            other => other,
        }
    }

    /// A line for each setting that does something speaksafe does otherwise, or not at all.
    fn settings(&mut self, settings: &Table) {
        // Read, or only about how ODK builds or stores the form.
        const QUIET: &[&str] = &[
            "form_title",
            "title",
            "set form title",
            "form_id",
            "id_string",
            "set form id",
            "default_language",
            "version",
            "style",
            "omit_instanceid",
            "clean_text_values",
            "flat",
            "namespaces",
            "allow_choice_duplicates",
            "auto_send",
            "auto_delete",
        ];
        let Some(row) = settings.rows.first() else { return };
        for (c, header) in settings.header.iter().enumerate() {
            let value = row.get(c).trim();
            let key = header.to_ascii_lowercase();
            let off = matches!(value.to_ascii_lowercase().as_str(), "" | "0" | "no" | "false" | "false()");
            if header.is_empty() || QUIET.contains(&key.as_str()) || off {
                continue;
            }
            let why = match key.as_str() {
                "submission_url" => "answers go to your speaksafe collector only (submit.endpoint)",
                "public_key" => {
                    "answers are sealed to your organisation's own key (submit.public_key, from speaksafe keygen)"
                }
                "instance_name" => "a response has no name: one made from its answers could tell who gave them",
                _ => "speaksafe has nothing for it",
            };
            self.report.dropped(format!("settings.{header}"), why);
        }
    }

    /// A line for each picture, sound or video a row shows (`image`, `audio`, `video`,
    /// `big-image`, `media::image::English (en)`…): they are left out.
    fn media(&mut self, table: &Table, row: &Row, name: &str) {
        for (c, header) in table.header.iter().enumerate() {
            let lower = header.to_ascii_lowercase();
            let kind = lower.trim_start_matches("media::").split("::").next().unwrap_or_default();
            if matches!(kind, "image" | "audio" | "video" | "big-image") && !row.get(c).trim().is_empty() {
                self.report.dropped(
                    super::part(name, header),
                    "a picture, sound or video file: speaksafe shows words only, and loads nothing else",
                );
            }
        }
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
            let (options, names) = self.lists.entry(list.clone()).or_insert_with(|| {
                let mut names = Names::default();
                names.reserve(OTHER);
                names.reserve(PREFER_NOT_TO_SAY);
                (Vec::new(), names)
            });
            let value = names.name(&name, "option");
            options.push(json!({ "value": value, "text": text }));
            self.media(choices, row, &format!("choice {name} of {list}"));
            let cells =
                choices.header.iter().enumerate().map(|(c, h)| (h.to_lowercase(), row.get(c).trim().to_string()));
            self.columns.entry(list.clone()).or_default().push(cells.collect());
        }
    }

    fn pages(&mut self, survey: &Table, title: &str) -> Vec<Value> {
        let mut pages: Vec<Page> = Vec::new();
        // Open groups, outermost first: (the group's id, its condition, whether it is a page).
        let mut groups: Vec<(String, Option<String>)> = Vec::new();
        // With each open group, its label's information block (a group in a group), and where
        // on the page it is: what comes after it until the group ends is under it.
        let mut headings: Vec<Option<(String, usize)>> = Vec::new();
        // How deep in a repeat, or in a group left out, the rows are: they are left out too.
        let mut left_out_depth = 0;
        let mut loose = 0;
        for (i, row) in survey.rows.iter().enumerate() {
            let (kind, list, or_other) = parse_type(survey.get(row, "type"));
            let name = survey.get(row, "name").to_string();
            // The sheet's header is its first row.
            let label = format!("{} (survey row {})", if name.is_empty() { kind.as_str() } else { &name }, i + 2);
            if kind.is_empty() {
                continue;
            }
            match kind.as_str() {
                "begin repeat" | "begin group" if left_out_depth > 0 => {
                    left_out_depth += 1;
                    continue;
                }
                "end repeat" | "end group" if left_out_depth > 0 => {
                    left_out_depth -= 1;
                    continue;
                }
                _ if left_out_depth > 0 => continue,
                "begin repeat" => {
                    left_out_depth = 1;
                    self.report
                        .dropped(label, "a repeat: repeated groups are not supported; everything in it is left out");
                    continue;
                }
                "end repeat" => continue,
                "begin group" => {
                    let Ok(condition) =
                        self.relevance(survey.get(row, "relevant"), &label, "group, with everything in it,")
                    else {
                        left_out_depth = 1;
                        continue;
                    };
                    if groups.is_empty() {
                        // ODK shows no heading for a group without a label (never its name).
                        let title = self.text(survey, row, "label").unwrap_or_else(|| {
                            self.report
                                .rewritten(&label, "it has no label: the form's title heads its page; write your own");
                            json!(title)
                        });
                        let id = self.pages.name(&name, "page");
                        self.report.source(&id, label);
                        pages.push(Page { id, title, visible_if: condition.clone(), questions: Vec::new() });
                        groups.push((name, None));
                        headings.push(None);
                    } else {
                        // A group in a group: on its page, its label as words, its condition on each
                        // of its questions.
                        let mut heading = None;
                        if let Some(text) = self.text(survey, row, "label") {
                            let id = self.questions.name(&name, "group");
                            self.report.source(&id, label);
                            let mut info = json!({ "id": id, "kind": "info", "text": text });
                            if let Some(c) = self.inherited(&groups, &condition) {
                                info["visible_if"] = json!(c);
                            }
                            if let Some(page) = pages.last_mut() {
                                heading = Some((id, page.questions.len()));
                                page.questions.push(info);
                            }
                        }
                        groups.push((name, condition));
                        headings.push(heading);
                    }
                    continue;
                }
                "end group" => {
                    groups.pop();
                    if let (Some(Some((id, at))), Some(page)) = (headings.pop(), pages.last()) {
                        let under = page.questions.iter().skip(at + 1).filter_map(|q| q["id"].as_str());
                        self.report.heading(&id, under.map(str::to_string).collect());
                    }
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
            let kind = Kind { base: &kind, list: &list, or_other };
            match self.question(survey, row, kind, &name, &label, inherited) {
                Some(question) => {
                    if let Some(page) = pages.last_mut() {
                        page.questions.push(question);
                    }
                }
                None => {
                    self.left_out.insert(name);
                }
            }
        }
        pages
            .into_iter()
            .filter_map(|page| {
                if page.questions.is_empty() {
                    // A page made for rows outside any group is no group of the form's: each of
                    // its rows has its own line.
                    let name = self.report.name_of(&page.id);
                    if name != page.id {
                        self.report.dropped(format!("group {name}"), "nothing in it could be brought in");
                    }
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

    /// A question from a row named `name` (`label` in the report: its name and row).
    fn question(
        &mut self,
        survey: &Table,
        row: &Row,
        kind: Kind,
        name: &str,
        label: &str,
        inherited: Option<String>,
    ) -> Option<Value> {
        let Kind { base, list, or_other } = kind;
        let list = list.to_string();
        if PRIVATE.contains(&base) {
            self.report.dropped(label, format!("type \"{base}\": speaksafe never collects what identifies or locates a respondent, or fetches from the network"));
            return None;
        }
        let calculation = survey.get(row, "calculation");
        if calculation.contains("pulldata") {
            self.report.dropped(label, "pulldata fetches from outside the survey");
            return None;
        }
        if matches!(survey.get(row, "read_only").to_ascii_lowercase().as_str(), "yes" | "true" | "true()")
            && base != "note"
        {
            self.report.dropped(label, "it is read only: a respondent cannot answer it");
            return None;
        }
        // The condition first: a question never shown, or whose condition cannot come across,
        // is left out before it takes a name.
        let relevant = self.relevance(survey.get(row, "relevant"), label, "question").ok()?;
        if !survey.get(row, "default").is_empty() {
            self.report.dropped(
                super::part(label, "default"),
                "answers are never filled in beforehand: each respondent starts with nothing chosen",
            );
        }
        let appearance = survey.get(row, "appearance").to_ascii_lowercase();
        let id = self.report.question_id(&mut self.questions, name, label, &format!("${{{name}}}"));
        let name = label;
        let mut out = Map::new();
        out.insert("id".into(), json!(id));
        self.media(survey, row, name);
        let kind_fields: Vec<(&str, Value)> = match base {
            "select_one" | "select_multiple" => {
                let Some((options, _)) = self.lists.get(&list) else {
                    self.report.dropped(name, format!("its choices \"{list}\" are not on the choices sheet"));
                    return None;
                };
                let mut options = options.clone();
                self.list_of.insert(id.clone(), list.clone());
                let filter = survey.get(row, "choice_filter");
                match fixed_filter(filter) {
                    _ if filter.is_empty() => {}
                    Some(tests) => {
                        let cells = self.columns.get(&list).map(Vec::as_slice).unwrap_or_default();
                        let shown = |cells: &HashMap<String, String>| {
                            tests.iter().all(|(column, equal, value)| {
                                (cells.get(column).map(String::as_str).unwrap_or_default() == value) == *equal
                            })
                        };
                        let mut keep = cells.iter().map(shown);
                        options.retain(|_| keep.next().unwrap_or(false));
                        self.report.rewritten(
                            super::part(name, "choice_filter"),
                            format!("only the choices where {filter}, as the filter says"),
                        );
                    }
                    None => self.report.dropped(
                        super::part(name, "choice_filter"),
                        "every choice is shown: filtering choices by an answer is not supported",
                    ),
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
                    let kind = if appearance.contains("minimal") { "dropdown" } else { "single_choice" };
                    let mut fields = vec![("kind", json!(kind)), ("options", Value::Array(options))];
                    if or_other {
                        fields.push(("other", json!("Other")));
                    }
                    fields
                }
            }
            "date" | "time" | "datetime" => {
                let (hint, note) = date_hint(base);
                self.report.rewritten(name, note);
                vec![("kind", json!("short_text")), ("hint", json!(hint))]
            }
            "text" if appearance.contains("multiline") => vec![("kind", json!("long_text"))],
            "text" => vec![("kind", json!("short_text"))],
            "integer" => vec![("kind", json!("number")), ("integer", json!(true))],
            "decimal" => vec![("kind", json!("number"))],
            "range" => self.range(survey.get(row, "parameters"), name),
            "note" => {
                let text = self.text(survey, row, "label")?;
                if let Some(shown) = piped(&text) {
                    self.report.dropped(
                        name,
                        format!("it shows {shown}, an answer or a value worked out from answers, which speaksafe never puts into its words"),
                    );
                    return None;
                }
                out.insert("kind".into(), json!("info"));
                // ODK shows a note's hint under it: the label is then its title, the hint its words.
                match self.text(survey, row, "hint") {
                    Some(hint) => {
                        out.insert("title".into(), text);
                        out.insert("text".into(), self.unpiped(hint, name));
                    }
                    None => {
                        out.insert("text".into(), text);
                    }
                }
                if let Some(c) = relevant.into_iter().chain(inherited).reduce(both) {
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
        let own_name = survey.get(row, "name");
        let text = self.text(survey, row, "label").unwrap_or_else(|| json!(own_name));
        out.insert("text".into(), self.unpiped(text, name));
        let own_hint = kind_fields.iter().find(|(k, _)| *k == "hint").map(|(_, h)| h.clone());
        if let Some(hint) = self.text(survey, row, "hint").or(own_hint) {
            out.insert("hint".into(), self.unpiped(hint, name));
        }
        if appearance.starts_with("ex:") || appearance.contains(" ex:") {
            self.report.rewritten(
                super::part(name, "appearance"),
                "an app on the phone would fill it in (ex:…): here the respondent answers it",
            );
        }
        for (key, value) in kind_fields.into_iter().filter(|(k, _)| *k != "hint") {
            out.insert(key.into(), value);
        }
        let required = survey.get(row, "required");
        // Anything else is an XPath expression, where 0 is false and 1 true (HOT's forms write 0).
        match required.to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "false()" | "0" => {}
            "yes" | "true" | "true()" | "1" => {
                out.insert("required".into(), json!(true));
            }
            expression => match self.translate(expression) {
                Ok(c) => {
                    out.insert("required_if".into(), json!(c));
                }
                Err(why) => self.report.dropped(
                    super::part(name, "required"),
                    format!("\"{expression}\": {why}; the question is kept, not required"),
                ),
            },
        }
        if let Some(c) = relevant.into_iter().chain(inherited).reduce(both) {
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
            // Steps of whole numbers from a whole number land on whole numbers only.
            let integer = start.fract() == 0.0 && step.fract() == 0.0;
            let what = if integer { "whole number" } else { "number" };
            let every = if step == 1.0 || !integer { String::new() } else { format!(" (any, not only every {step})") };
            self.report
                .rewritten(name, format!("a range from {start} to {end} by {step} is a {what} between them{every}"));
            let mut fields = vec![("kind", json!("number")), ("min", json!(start)), ("max", json!(end))];
            if integer {
                fields.push(("integer", json!(true)));
            }
            fields
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
                self.report.dropped(super::part(name, "constraint"), format!("\"{constraint}\": {why}"));
                return;
            }
        };
        let message = message.unwrap_or_else(|| {
            self.report.rewritten(
                super::part(name, "constraint_message"),
                "a constraint with no message was given one: translate it",
            );
            json!("Check your answer")
        });
        let rule = match base {
            "integer" | "decimal" => bounds(&tokens, base == "integer").map(|(min, max)| {
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
                super::part(name, "constraint"),
                format!("\"{constraint}\": only a number's range (limits that include themselves, or strict ones on whole numbers), regex(., '…') and string-length(.) are brought in"),
            ),
        }
    }

    /// A `relevant` expression as a condition: `Ok(None)` when always shown, `Ok(Some(_))`
    /// when shown on a condition, and `Err(())`, with a note, when what it stands on (`what`:
    /// "question") is left out: never shown (`false()`), or a condition that cannot come across
    /// (unless the organiser asked to show those always).
    fn relevance(&mut self, expression: &str, label: &str, what: &str) -> Result<Option<String>, ()> {
        let trimmed = expression.trim();
        match trimmed.to_ascii_lowercase().as_str() {
            "" | "true" | "true()" | "yes" => return Ok(None),
            "false" | "false()" | "no" => {
                self.report.dropped(label, format!("the {what} is never shown (relevant: {trimmed})"));
                return Err(());
            }
            _ => {}
        }
        match self.translate(expression) {
            Ok(condition) => Ok(Some(condition)),
            Err(why) if self.options.show_when_condition_lost => {
                self.report.dropped(
                    super::part(label, "relevant"),
                    format!("\"{expression}\": {why}; the {what} is kept, shown always (--show-when-condition-lost)"),
                );
                Ok(None)
            }
            Err(why) => {
                self.report.dropped(
                    label,
                    format!("its condition \"{expression}\" cannot come across: {why}; shown to everyone, the {what} would reach people it was not meant for, so it is left out (--show-when-condition-lost keeps it, shown always)"),
                );
                Err(())
            }
        }
    }

    fn translate(&self, expression: &str) -> Result<String, String> {
        // Curly quotes, as a word processor writes them, are quotes.
        let expression = expression.replace(['‘', '’'], "'").replace(['“', '”'], "\"");
        let tokens = tokens(&expression)?;
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
                // How many are ticked, or how long the answer is, against nothing: answered or not.
                [Token::Word(f), Token::Open, Token::Ref(q), Token::Close, Token::Op(op), Token::Num(n), ..]
                    if (f == "count-selected" || f == "string-length") && answered(op, n).is_some() =>
                {
                    i += 6;
                    let test = if answered(op, n) == Some(true) { "notempty" } else { "empty" };
                    format!("{{{}}} {test}", self.question_id(q)?)
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
        if self.left_out.contains(name) {
            return Err(format!("it names ${{{name}}}, which is left out"));
        }
        self.questions
            .get(name)
            .map(str::to_string)
            .ok_or_else(|| format!("it names ${{{name}}}, which is not a question before it"))
    }
}

/// Whether `count-selected(…)` or `string-length(…)` compared by `op` with `n` asks "answered"
/// (`> 0`, `>= 1`, `!= 0`: `Some(true)`) or "not answered" (`= 0`, `< 1`: `Some(false)`).
fn answered(op: &str, n: &str) -> Option<bool> {
    let n: f64 = n.parse().ok()?;
    match (op, n) {
        (">" | "!=", 0.0) | (">=", 1.0) => Some(true),
        ("=" | "<=", 0.0) | ("<", 1.0) => Some(false),
        _ => None,
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

/// `. >= 0 and . <= 120` as (min, max), limits included as speaksafe's ranges include them. A
/// strict limit (`. < 6`) on whole numbers is the next one in (5); on other numbers it cannot be
/// said exactly, and the constraint is not brought in.
fn bounds(tokens: &[Token], whole: bool) -> Option<(Option<f64>, Option<f64>)> {
    let (mut min, mut max) = (None, None);
    for part in tokens.split(|t| t == &Token::Word("and".into())) {
        let (op, n) = match part {
            [Token::Dot, Token::Op(op), Token::Num(n)] => (op.as_str(), n.parse::<f64>().ok()?),
            [Token::Num(n), Token::Op(op), Token::Dot] => (flip(op)?, n.parse::<f64>().ok()?),
            _ => return None,
        };
        let strict = matches!(op, ">" | "<");
        if strict && !whole {
            return None;
        }
        let step = if !strict {
            0.0
        } else if n.fract() == 0.0 {
            1.0
        } else {
            // `. < 5.5` on whole numbers: 5 at most.
            match op {
                "<" => n - n.floor(),
                _ => n.ceil() - n,
            }
        };
        match op {
            ">=" | ">" => min = Some(n + step),
            "<=" | "<" => max = Some(n - step),
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
    fn strict_limits_stay_strict_and_inclusive_ones_inclusive() {
        // `. < 6` allows 5 and not 6; speaksafe's max includes itself.
        assert_eq!(bounds(&tokens(". > 0 and . < 6").unwrap(), true), Some((Some(1.0), Some(5.0))));
        assert_eq!(bounds(&tokens("0 < .").unwrap(), true), Some((Some(1.0), None)));
        assert_eq!(bounds(&tokens(". < 5.5").unwrap(), true), Some((None, Some(5.0))));
        assert_eq!(bounds(&tokens(". >= 0 and . <= 6").unwrap(), true), Some((Some(0.0), Some(6.0))));
        // A decimal's strict limit cannot be said with included limits: not brought in.
        assert_eq!(bounds(&tokens(". > 0").unwrap(), false), None);
    }

    #[test]
    fn constraints_become_ranges_and_lengths() {
        assert_eq!(bounds(&tokens(". >= 0 and . <= 120").unwrap(), true), Some((Some(0.0), Some(120.0))));
        assert_eq!(bounds(&tokens("18 <= .").unwrap(), false), Some((Some(18.0), None)));
        assert_eq!(bounds(&tokens(". != 3").unwrap(), true), None);
        assert_eq!(length(&tokens("string-length(.) <= 20").unwrap()), Some((None, Some(20))));
    }
}
