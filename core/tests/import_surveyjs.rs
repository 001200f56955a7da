//! The SurveyJS importer, through `import` as the CLI and the studio call it: what comes in, and
//! that the report names everything left out.

use serde_json::{json, Value};
use speaksafe_core::import::{import, Format, Imported};

fn bring_in(survey: Value) -> Imported {
    import(survey.to_string().as_bytes(), Some(Format::SurveyJs)).expect("imported")
}

/// The report's lines, as the CLI prints them.
fn lines(imported: &Imported) -> Vec<String> {
    imported.report.iter().map(ToString::to_string).collect()
}

fn has_line(imported: &Imported, start: &str) -> bool {
    lines(imported).iter().any(|l| l.starts_with(start))
}

#[test]
fn every_key_neither_read_nor_layout_is_reported_as_dropped() {
    let imported = bring_in(json!({
        "title": "T",
        "logo": "https://tracker.example/pixel.png",
        "logoPosition": "right",
        "showProgressBar": "top",
        "maxTimeToFinish": 60,
        "someFutureSetting": 3,
        "pages": [{ "name": "p1", "navigationButtonsVisibility": "show", "questionsOrder": "random", "elements": [
            { "type": "radiogroup", "name": "colour", "title": "Colour?", "choices": [
                "red", { "value": "blue", "text": "Blue", "imageLink": "https://example.org/blue.png" }],
              "defaultValue": "red", "width": "50%", "startWithNewLine": false, "hasComment": true },
            { "type": "text", "name": "age", "title": "Age?", "inputType": "number",
              "defaultValueExpression": "today()", "placeholder": "e.g. 25", "correctAnswer": 25 },
            { "type": "boolean", "name": "ok", "title": "OK?", "defaultValue": false },
            { "type": "text", "name": "town", "title": "Town?", "validators": [
                { "type": "text", "maxLength": 20, "allowDigits": false, "text": "Too long" }] },
            { "type": "html", "name": "banner", "html": "<img src=\"https://tracker.example/b.gif\">" }
        ]}]
    }));
    for line in [
        "dropped logo: an image loaded from the network",
        "dropped maxTimeToFinish: speaksafe has no time limits",
        "dropped someFutureSetting: speaksafe has nothing for it",
        "dropped page p1.questionsOrder:",
        "dropped colour.blue.imageLink: an image loaded from the network",
        "dropped colour.defaultValue: answers are never filled in beforehand",
        "dropped colour.hasComment:",
        "dropped age.defaultValueExpression: answers are never filled in beforehand",
        "dropped age.correctAnswer:",
        "dropped ok.defaultValue:",
        "dropped town.validators[0].allowDigits:",
        "dropped banner: an html block with no words",
    ] {
        assert!(has_line(&imported, line), "no line {line:?} in {:#?}", lines(&imported));
    }
    // Layout is left out without a line; a placeholder is the box's hint.
    for quiet in
        ["logoPosition", "showProgressBar", "navigationButtonsVisibility", "width", "startWithNewLine", "placeholder"]
    {
        assert!(!lines(&imported).iter().any(|l| l.contains(quiet)), "{quiet}: {:#?}", lines(&imported));
    }
    let age = &imported.definition["pages"][0]["questions"][1];
    assert_eq!(age["hint"], json!("e.g. 25"));
}

#[test]
fn an_html_block_that_is_only_a_heading_comes_in_as_words() {
    let imported = bring_in(json!({
        "title": "T",
        "pages": [{ "name": "p1", "elements": [
            { "type": "html", "name": "about_home", "html": "<h3>About your home</h3>" },
            { "type": "boolean", "name": "garden", "title": "A garden?" }
        ]}]
    }));
    let info = &imported.definition["pages"][0]["questions"][0];
    assert_eq!((info["kind"].as_str(), info["text"].as_str()), (Some("info"), Some("About your home")));
}
