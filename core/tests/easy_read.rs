//! Easy read in the format: an `easy` field beside a survey's, a page's, a question's and an
//! option's texts, read with the text; what is wrong with one is said where it is; and `check`
//! warns when some questions have easy read and others do not.

use serde_json::{json, Value};
use speaksafe_core::read::check_value;

fn survey(languages: Value, questions: Value) -> Value {
    json!({
        "format": "speaksafe/1", "id": "s", "languages": languages,
        "title": "T", "intro": "Hard words here.", "completion": "C", "support": [{ "name": "Help" }],
        "easy": { "intro": "Easy words." },
        "exit": { "url": "https://example.org/" },
        "submit": { "endpoint": "/api/v1/surveys/s/responses", "public_key": "" },
        "pages": [{ "id": "p", "title": "P", "content_note": "A hard page.", "easy": { "content_note": "This page is hard." }, "questions": questions }]
    })
}

#[test]
fn every_text_a_respondent_reads_has_its_easy_read_version_beside_it() {
    let questions = json!([{
        "id": "q", "kind": "multiple_choice", "text": "Which apply?", "hint": "Tick any.",
        "easy": { "text": "What is true for you?", "hint": "You can tick more than one.", "other": "Something else" },
        "options": [{ "value": "a", "text": "Alpha", "easy": { "text": "A" } }, { "value": "b", "text": "Beta" }],
        "other": "Another thing"
    }]);
    let findings = check_value(&survey(json!(["en"]), questions));
    assert_eq!(findings.errors, vec![]);
    let survey = findings.survey.unwrap();
    let easy = |t: &speaksafe_core::Text| t.version(true, "en").get("en", "en").to_string();
    assert_eq!(easy(&survey.intro), "Easy words.");
    assert_eq!(easy(survey.pages[0].content_note.as_ref().unwrap()), "This page is hard.");
    let q = &survey.pages[0].questions[0];
    assert_eq!(easy(&q.text), "What is true for you?");
    assert_eq!(easy(q.hint.as_ref().unwrap()), "You can tick more than one.");
    let options: Vec<String> = q.kind.options().iter().map(|o| easy(&o.text)).collect();
    assert_eq!(options, ["A", "Beta", "Something else"], "an option with none keeps its text");
    assert_eq!(q.text.version(false, "en").get("en", "en"), "Which apply?");
    assert!(survey.offers_easy_read("en"));
}

#[test]
fn easy_read_is_offered_in_the_languages_it_is_written_in() {
    let questions = json!([{ "id": "q", "kind": "yes_no", "text": { "en": "Q?", "ar": "س؟" }, "easy": { "text": { "en": "Easy Q?" } } }]);
    let mut definition = survey(json!(["en", "ar"]), questions);
    definition["easy"] = json!({ "intro": { "en": "Easy words." } });
    definition["intro"] = json!({ "en": "Hard words here.", "ar": "كلمات" });
    definition["pages"][0]["easy"] = json!({ "content_note": { "en": "This page is hard." } });
    let findings = check_value(&definition);
    assert_eq!(findings.errors, vec![]);
    let survey = findings.survey.unwrap();
    assert!(survey.offers_easy_read("en") && !survey.offers_easy_read("ar"));
    // No "no ar text" warnings for easy read written in English only; one line for the survey.
    assert!(!findings.warnings.iter().any(|w| w.path.contains("easy")), "{:?}", findings.warnings);
    let arabic: Vec<&str> =
        findings.warnings.iter().filter(|w| w.message.contains("easy read")).map(|w| w.path.as_str()).collect();
    assert_eq!(arabic, ["languages[1]"]);
}

#[test]
fn check_warns_when_some_questions_have_easy_read_and_others_not() {
    let questions = json!([
        { "id": "a", "kind": "yes_no", "text": "A?", "easy": { "text": "Easy A?" } },
        { "id": "b", "kind": "yes_no", "text": "B?" },
        { "id": "c", "kind": "info", "text": "Read this.", "easy": { "text": "Easy." } }
    ]);
    let findings = check_value(&survey(json!(["en"]), questions));
    let gaps: Vec<_> = findings.warnings.iter().filter(|w| w.message.contains("easy-read version")).collect();
    assert_eq!(gaps.len(), 1, "{:?}", findings.warnings);
    assert_eq!(gaps[0].path, "pages[0].questions[1].easy.text");
    assert!(
        gaps[0].message.contains("\"b\" has no easy-read version in \"en\", though 2 other questions"),
        "{}",
        gaps[0].message
    );

    let none = json!([{ "id": "a", "kind": "yes_no", "text": "A?" }]);
    let mut plain = survey(json!(["en"]), none);
    plain.as_object_mut().unwrap().remove("easy");
    plain["pages"][0].as_object_mut().unwrap().remove("easy");
    let findings = check_value(&plain);
    assert!(!findings.warnings.iter().any(|w| w.message.contains("easy")), "no easy read at all: nothing to say");
    assert!(!findings.survey.unwrap().offers_easy_read("en"));
}

#[test]
fn a_wrong_easy_field_is_an_error_where_it_is() {
    let cases = [
        (
            json!({ "text": "Q?", "easy": { "hint": "No hint to simplify." } }),
            "pages[0].questions[0].easy.hint",
            "there is no \"hint\"",
        ),
        (
            json!({ "text": "Q?", "easy": { "txet": "Typo." } }),
            "pages[0].questions[0].easy.txet",
            "did you mean \"text\"",
        ),
        (json!({ "text": "Q?", "easy": "Easy Q?" }), "pages[0].questions[0].easy", "expected an object of field"),
        (json!({ "text": "Q?", "easy": { "text": "" } }), "pages[0].questions[0].easy.text", "is empty"),
        (
            json!({ "text": "Q?", "easy": { "text": { "pl": "Łatwe" } } }),
            "pages[0].questions[0].easy.text.pl",
            "not one of the survey's languages",
        ),
    ];
    for (fields, path, says) in cases {
        let mut question = json!({ "id": "q", "kind": "yes_no" });
        question.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        let findings = check_value(&survey(json!(["en"]), json!([question])));
        let found = findings.errors.iter().find(|e| e.path == path);
        assert!(found.is_some_and(|e| e.message.contains(says)), "{path}: {:?}", findings.errors);
    }
    let mut definition = survey(json!(["en"]), json!([{ "id": "q", "kind": "yes_no", "text": "Q?" }]));
    definition["easy"] = json!({ "neutral_title": "Survey" });
    let findings = check_value(&definition);
    assert!(findings.errors.iter().any(|e| e.path == "easy.neutral_title"), "{:?}", findings.errors);
}
