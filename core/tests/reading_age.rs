//! The reading-age check: each English question and option text rated above the survey's
//! audience is warned about at its field, with the grade and what to try; other languages are
//! told plainly that there is no check for them.

use serde_json::{json, Value};
use speaksafe_core::read::{check_value, Problem};
use std::path::Path;

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../surveys/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn reading_age(warnings: &[Problem]) -> Vec<&Problem> {
    warnings.iter().filter(|w| w.message.contains("Flesch")).collect()
}

/// A survey for `audience` with one question and its options.
fn survey(audience: Value, languages: Value, question: Value) -> Value {
    json!({
        "format": "speaksafe/1", "id": "s", "languages": languages, "audience": audience,
        "title": "T", "intro": "I", "completion": "C", "support": [{ "name": "Help" }],
        "exit": { "url": "https://example.org/" },
        "submit": { "endpoint": "/api/v1/surveys/s/responses", "public_key": "" },
        "pages": [{ "id": "p", "title": "P", "questions": [question] }]
    })
}

const HARD: &str = "Independent advisers can explain what happens at a criminal trial.";
const PLAIN: &str = "How safe do you feel at school?";

#[test]
fn the_youth_voice_example_passes_its_own_check_for_11_to_16() {
    let youth = example("youth-voice");
    assert_eq!(youth["audience"], "11-16");
    let findings = check_value(&youth);
    assert!(findings.errors.is_empty(), "{:?}", findings.errors);
    assert_eq!(reading_age(&findings.warnings), Vec::<&Problem>::new());
    // The check did run on it: a text made hard is found.
    let mut harder = youth.clone();
    harder["pages"][1]["questions"][3]["text"]["en"] = json!(HARD);
    let findings = check_value(&harder);
    let found: Vec<&str> = reading_age(&findings.warnings).iter().map(|w| w.path.as_str()).collect();
    assert_eq!(found, ["pages[1].questions[3].text.en"]);
}

#[test]
fn a_hard_question_is_warned_about_at_its_text_with_the_grade_and_what_to_try() {
    let question = json!({ "id": "q", "kind": "yes_no", "text": HARD });
    let findings = check_value(&survey(json!("11-16"), json!(["en"]), question));
    let warnings = reading_age(&findings.warnings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].path, "pages[0].questions[0].text");
    let message = &warnings[0].message;
    assert!(message.contains("grade 11.9 (Flesch–Kincaid), above grade 6 for ages 11 to 16"), "{message}");
    assert!(message.contains("common, shorter words than Independent, advisers, criminal"), "{message}");
}

#[test]
fn options_rows_columns_and_easy_read_versions_are_rated_where_they_are() {
    let question = json!({
        "id": "q", "kind": "single_choice", "text": PLAIN,
        "options": [
            { "value": "a", "text": "Very safe" },
            { "value": "b", "text": HARD },
            { "value": "c", "text": "Not safe", "easy": { "text": HARD } },
            // Too short to rate: one long word decides a fragment's grade.
            { "value": "d", "text": "Uncomfortable" }
        ]
    });
    let findings = check_value(&survey(json!("11-16"), json!(["en"]), question));
    let paths: Vec<&str> = reading_age(&findings.warnings).iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["pages[0].questions[0].options[1].text", "pages[0].questions[0].options[2].easy.text"]);

    let matrix = json!({
        "id": "m", "kind": "matrix", "text": PLAIN,
        "rows": [{ "value": "r", "text": { "en": HARD, "ar": "صعب" } }],
        "columns": [{ "value": "c", "text": { "en": "Yes", "ar": "نعم" } }]
    });
    let findings = check_value(&survey(json!("11-16"), json!(["en", "ar"]), matrix));
    let paths: Vec<&str> = reading_age(&findings.warnings).iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["pages[0].questions[0].rows[0].text.en"]);
}

#[test]
fn the_level_follows_the_audience() {
    // Grade 8.0: above grade 6 for 11-year-olds, within grade 8 for adults.
    let text = "Have you ever been made to feel uncomfortable by someone online?";
    let question = || json!({ "id": "q", "kind": "long_text", "text": text });
    let for_young = check_value(&survey(json!("11-16"), json!(["en"]), question()));
    assert_eq!(reading_age(&for_young.warnings).len(), 1, "{:?}", for_young.warnings);
    let for_adults = check_value(&survey(json!("adults"), json!(["en"]), question()));
    assert_eq!(reading_age(&for_adults.warnings), Vec::<&Problem>::new());
    let for_older = check_value(&survey(json!("14-18"), json!(["en"]), question()));
    assert_eq!(reading_age(&for_older.warnings), Vec::<&Problem>::new(), "grade 9 for 14-year-olds");
}

#[test]
fn without_an_audience_nothing_is_rated_and_a_wrong_one_is_an_error() {
    let question = || json!({ "id": "q", "kind": "long_text", "text": HARD });
    let mut none = survey(json!("x"), json!(["en"]), question());
    none.as_object_mut().unwrap().remove("audience");
    assert_eq!(reading_age(&check_value(&none).warnings), Vec::<&Problem>::new());

    for wrong in [json!("teenagers"), json!("16-11"), json!(11)] {
        let findings = check_value(&survey(wrong.clone(), json!(["en"]), question()));
        assert_eq!(findings.errors.len(), 1, "{wrong}: {:?}", findings.errors);
        assert_eq!(findings.errors[0].path, "audience");
        assert!(findings.errors[0].message.contains("\"adults\""), "{}", findings.errors[0].message);
    }
}

#[test]
fn other_languages_are_told_there_is_no_check_and_are_not_guessed_at() {
    let question =
        json!({ "id": "q", "kind": "long_text", "text": { "en": PLAIN, "ar": "سؤال صعب جدا جدا جدا جدا جدا جدا" } });
    let findings = check_value(&survey(json!("11-16"), json!(["en", "ar"]), question.clone()));
    assert_eq!(reading_age(&findings.warnings), Vec::<&Problem>::new(), "Arabic is not measured");
    let note: Vec<&Problem> = findings.warnings.iter().filter(|w| w.message.contains("reading-age")).collect();
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].path, "languages[1]");
    assert!(note[0].message.starts_with("no reading-age check is available for \"ar\""), "{}", note[0].message);

    // A survey in Welsh only: its plain texts are Welsh, not measured as English.
    let welsh = json!({ "id": "q", "kind": "long_text", "text": HARD });
    let findings = check_value(&survey(json!("11-16"), json!(["cy"]), welsh));
    assert_eq!(reading_age(&findings.warnings), Vec::<&Problem>::new());
    assert!(findings.warnings.iter().any(|w| w.message.contains("no reading-age check is available for \"cy\"")));
}
