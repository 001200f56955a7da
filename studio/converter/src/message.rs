//! What the studio asks of the converter, and what it answers: JSON text, beside the bytes of a
//! file (the file brought in, the translator's spreadsheet; the spreadsheet made). Every request
//! gets an answer; bad input of any kind is refused with words that say what and where (those of
//! core's importers and translations, as the studio said them when it did this work itself), and
//! never panics.
//!
//! | the studio asks (`kind`) | with bytes | the converter answers | with bytes |
//! | --- | --- | --- | --- |
//! | `open`: `name` (the file's) | the file | `opened`: `draft` (a `speaksafe/1` definition that passes the check), `report` (each line as [`Note::to_json`] writes it) | |
//! | `spreadsheet`: `draft`, `language` | | `spreadsheet` | the .xlsx for a translator |
//! | `rows` | a translator's .xlsx or .csv | `rows` (each as [`Row::to_json`] writes it) | |
//!
//! and to anything it cannot do, `refused`: `message`.

use serde_json::{json, Value};
use speaksafe_core::import::{import_with, Note, Options};
use speaksafe_core::translations::{self, Row};

/// One request (JSON text) and the file that came with it → the answer, and the bytes of a file
/// made.
pub fn answer(request: &str, bytes: &[u8]) -> (Value, Option<Vec<u8>>) {
    let request: Value = match serde_json::from_str(request) {
        Ok(request) => request,
        Err(e) => return (refused(format!("the converter was sent a request it cannot read: {e}")), None),
    };
    let text = |name: &str| request.get(name).and_then(Value::as_str).unwrap_or_default();
    match text("kind") {
        "open" => (open(text("name"), bytes), None),
        "spreadsheet" => match spreadsheet(request.get("draft").unwrap_or(&Value::Null), text("language")) {
            Ok(made) => (json!({ "kind": "spreadsheet" }), Some(made)),
            Err(message) => (refused(message), None),
        },
        "rows" => (rows(bytes), None),
        other => (refused(format!("the converter was asked for \"{other}\", which it does not do")), None),
    }
}

fn refused(message: String) -> Value {
    json!({ "kind": "refused", "message": message })
}

/// A file from another format, brought in by core's importers (the file's name gives the survey
/// its id when the file names none).
fn open(name: &str, bytes: &[u8]) -> Value {
    let options = Options { file_name: Some(name.to_string()), ..Options::default() };
    match import_with(bytes, &options) {
        Ok(imported) => {
            let report: Vec<Value> = imported.report.iter().map(Note::to_json).collect();
            json!({ "kind": "opened", "draft": imported.definition, "report": report })
        }
        Err(e) => refused(format!("{name} could not be opened: {e}")),
    }
}

/// The spreadsheet for translating the draft into `language`.
fn spreadsheet(draft: &Value, language: &str) -> Result<Vec<u8>, String> {
    translations::export(draft, language)
        .and_then(|rows| translations::to_xlsx(draft, language, &rows))
        .map_err(|e| e.to_string())
}

/// A translator's spreadsheet, read into rows (the studio puts them in its draft).
fn rows(bytes: &[u8]) -> Value {
    match translations::read(bytes) {
        Ok(rows) => {
            let rows: Vec<Value> = rows.iter().map(Row::to_json).collect();
            json!({ "kind": "rows", "rows": rows })
        }
        Err(e) => refused(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Youth Voice example: English and Arabic.
    const YOUTH_VOICE: &str = include_str!("../../../surveys/youth-voice.json");

    fn ask(request: Value, bytes: &[u8]) -> (Value, Option<Vec<u8>>) {
        answer(&request.to_string(), bytes)
    }

    fn refusal(answer: &(Value, Option<Vec<u8>>)) -> &str {
        assert_eq!(answer.0["kind"], "refused", "{}", answer.0);
        assert_eq!(answer.1, None);
        answer.0["message"].as_str().expect("a refusal says why")
    }

    #[test]
    fn a_surveyjs_file_comes_in_as_a_draft_that_passes_the_check_with_its_report() {
        let file = json!({
            "title": "Parks",
            "cookieName": "parks",
            "pages": [{ "name": "p1", "elements": [
                { "type": "radiogroup", "name": "often", "title": "How often do you go?", "choices": ["Daily", "Weekly"] },
                { "type": "text", "name": "email", "inputType": "email", "title": "Your e-mail address" },
            ] }],
        });
        let (answer, bytes) = ask(json!({ "kind": "open", "name": "parks.json" }), file.to_string().as_bytes());
        assert_eq!(answer["kind"], "opened", "{answer}");
        assert_eq!(bytes, None);
        let draft = &answer["draft"];
        assert_eq!(draft["format"], "speaksafe/1");
        assert_eq!(draft["id"], "parks");
        assert!(speaksafe_core::read(&draft.to_string()).is_ok(), "{draft}");
        let report: Vec<Note> = answer["report"].as_array().unwrap().iter().filter_map(Note::from_json).collect();
        assert_eq!(report.len(), answer["report"].as_array().unwrap().len(), "every line reads back");
        assert!(report.iter().any(|n| n.element.contains("cookieName")), "{report:?}");
        assert!(report.iter().any(|n| n.element.contains("email")), "{report:?}");
    }

    #[test]
    fn a_file_that_cannot_come_in_is_refused_with_its_name_and_the_importers_words() {
        let refused = ask(json!({ "kind": "open", "name": "notes.txt" }), b"just some notes");
        assert_eq!(
            refusal(&refused),
            "notes.txt could not be opened: this is neither SurveyJS JSON nor an XLSForm spreadsheet (.xlsx)"
        );
        let refused = ask(json!({ "kind": "open", "name": "form.xlsx" }), b"PK\x03\x04 and then nothing a zip has");
        assert!(refusal(&refused).starts_with("form.xlsx could not be opened: the file is broken: "), "{}", refused.0);
        let refused = ask(json!({ "kind": "open", "name": "empty.json" }), b"");
        assert!(refusal(&refused).starts_with("empty.json could not be opened: "), "{}", refused.0);
        let refused = ask(json!({ "kind": "open", "name": "list.json" }), b"{\"pages\": 3}");
        assert!(refusal(&refused).starts_with("list.json could not be opened: "), "{}", refused.0);
    }

    #[test]
    fn a_spreadsheet_goes_out_and_its_rows_come_back() {
        let draft: Value = serde_json::from_str(YOUTH_VOICE).unwrap();
        let (answer, bytes) = ask(json!({ "kind": "spreadsheet", "draft": draft, "language": "ar" }), &[]);
        assert_eq!(answer, json!({ "kind": "spreadsheet" }));
        let bytes = bytes.expect("the spreadsheet's bytes");
        assert!(bytes.starts_with(b"PK\x03\x04"), "an .xlsx is a zip");

        let (answer, made) = ask(json!({ "kind": "rows" }), &bytes);
        assert_eq!(answer["kind"], "rows", "{answer}");
        assert_eq!(made, None);
        let rows: Vec<Row> = answer["rows"].as_array().unwrap().iter().map(Row::from_json).collect();
        assert_eq!(rows, translations::export(&draft, "ar").unwrap(), "the rows as they went out");
        let mut translated = draft.clone();
        let applied = translations::apply(&mut translated, "ar", &rows).unwrap();
        assert!(applied.stale.is_empty() && applied.unknown.is_empty(), "{applied:?}");
    }

    #[test]
    fn a_spreadsheet_the_survey_cannot_have_is_refused_with_why() {
        let draft: Value = serde_json::from_str(YOUTH_VOICE).unwrap();
        let first = ask(json!({ "kind": "spreadsheet", "draft": draft, "language": "en" }), &[]);
        assert_eq!(refusal(&first), "\"en\" is the survey's first language, which the texts are translated from");
        let other = ask(json!({ "kind": "spreadsheet", "draft": draft, "language": "cy" }), &[]);
        assert_eq!(refusal(&other), "the survey is not offered in \"cy\"; its languages are en, ar");
        let nothing = ask(json!({ "kind": "spreadsheet", "language": "ar" }), &[]);
        assert!(refusal(&nothing).starts_with("the survey is not offered in \"ar\""), "{}", nothing.0);
    }

    #[test]
    fn a_translators_file_that_cannot_be_read_is_refused_with_why() {
        let csv = ask(json!({ "kind": "rows" }), b"where,text\nx,y\n");
        assert_eq!(refusal(&csv), "the spreadsheet has no columns \"path\", the text and the translation");
        let binary = ask(json!({ "kind": "rows" }), &[0xff, 0xfe, 0x00, 0x80]);
        assert_eq!(refusal(&binary), "the spreadsheet cannot be read: not UTF-8 text");
        let zip = ask(json!({ "kind": "rows" }), b"PK\x03\x04 broken");
        assert!(refusal(&zip).starts_with("the spreadsheet cannot be read: "), "{}", zip.0);
    }

    #[test]
    fn a_request_it_cannot_read_or_does_not_know_is_refused() {
        let garbled = answer("{\"kind\": \"open\"", b"");
        assert!(refusal(&garbled).starts_with("the converter was sent a request it cannot read: "), "{}", garbled.0);
        assert!(refusal(&answer("", b"")).starts_with("the converter was sent a request it cannot read: "));
        let unknown = ask(json!({ "kind": "publish" }), b"");
        assert_eq!(refusal(&unknown), "the converter was asked for \"publish\", which it does not do");
        let not_an_object = answer("[1, 2]", b"");
        assert_eq!(refusal(&not_an_object), "the converter was asked for \"\", which it does not do");
    }

    #[test]
    fn a_spreadsheet_cut_short_or_damaged_anywhere_is_refused_or_read_never_a_panic() {
        let draft: Value = serde_json::from_str(YOUTH_VOICE).unwrap();
        let (_, bytes) = ask(json!({ "kind": "spreadsheet", "draft": draft, "language": "ar" }), &[]);
        let bytes = bytes.unwrap();
        for at in (0..bytes.len()).step_by(97) {
            for kind in ["rows", "open"] {
                let (answer, _) = ask(json!({ "kind": kind, "name": "cut.xlsx" }), &bytes[..at]);
                assert!(["refused", "rows", "opened"].contains(&answer["kind"].as_str().unwrap()), "{answer}");
                let mut damaged = bytes.clone();
                damaged[at] ^= 0x5a;
                let (answer, _) = ask(json!({ "kind": kind, "name": "damaged.xlsx" }), &damaged);
                assert!(["refused", "rows", "opened"].contains(&answer["kind"].as_str().unwrap()), "{answer}");
            }
        }
    }
}
