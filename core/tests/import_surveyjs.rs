//! The SurveyJS importer, through `import` as the CLI and the studio call it: what comes in, and
//! that the report names everything left out.

use serde_json::{json, Value};
use speaksafe_core::import::{import, import_with, Imported, Options, SourceFormat};

fn bring_in(survey: Value) -> Imported {
    import(survey.to_string().as_bytes(), Some(SourceFormat::SurveyJs)).expect("imported")
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
        "dropped page p1.questionsOrder (pages[0]):",
        "dropped colour.blue.imageLink (pages[0].elements[0]): an image loaded from the network",
        "dropped colour.defaultValue (pages[0].elements[0]): answers are never filled in beforehand",
        "dropped colour.hasComment (pages[0].elements[0]):",
        "dropped age.defaultValueExpression (pages[0].elements[1]): answers are never filled in beforehand",
        "dropped age.correctAnswer (pages[0].elements[1]):",
        "dropped ok.defaultValue (pages[0].elements[2]):",
        "dropped town.validators[0].allowDigits (pages[0].elements[3]):",
        "dropped banner (pages[0].elements[4]): an html block with no words",
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

fn bring_in_with(survey: Value, options: Options) -> Imported {
    import_with(survey.to_string().as_bytes(), &Options { from: Some(SourceFormat::SurveyJs), ..options })
        .expect("imported")
}

fn question<'d>(imported: &'d Imported, id: &str) -> Option<&'d Value> {
    imported.definition["pages"]
        .as_array()?
        .iter()
        .flat_map(|p| p["questions"].as_array().into_iter().flatten())
        .find(|q| q["id"] == id)
}

#[test]
fn visible_false_with_a_condition_is_shown_when_the_condition_holds() {
    // SurveyJS works visibleIf out again on every change and sets visible from it.
    let imported = bring_in(json!({ "title": "T", "pages": [{ "name": "p", "elements": [
        { "type": "boolean", "name": "bus", "title": "Bus?" },
        { "type": "comment", "name": "why", "title": "Why?", "visible": false, "visibleIf": "{bus} = true" },
        { "type": "comment", "name": "never", "title": "Never", "visible": false }
    ]}]}));
    assert_eq!(question(&imported, "why").unwrap()["visible_if"], json!("{bus} = 'yes'"));
    assert!(question(&imported, "never").is_none());
    assert!(has_line(&imported, "dropped never (pages[0].elements[2]): it is never shown"), "{:#?}", lines(&imported));
}

#[test]
fn a_condition_that_cannot_come_across_hides_its_question_unless_asked() {
    let survey = json!({ "title": "T", "calculatedValues": [{ "name": "adult", "expression": "{age} >= 18" }],
    "pages": [{ "name": "p", "elements": [
        { "type": "text", "name": "age", "inputType": "number", "title": "Age?" },
        { "type": "comment", "name": "adults_only", "title": "For adults", "visibleIf": "{adult} = true" },
        { "type": "comment", "name": "by_function", "title": "F", "visibleIf": "age({birth}) > 18" },
        { "type": "comment", "name": "also", "title": "Always", "requiredIf": "{adult} = true" }
    ]}]});
    let imported = bring_in(survey.clone());
    for hidden in ["adults_only", "by_function"] {
        assert!(question(&imported, hidden).is_none(), "{hidden} is hidden, not shown to everyone");
    }
    assert!(
        has_line(
            &imported,
            "dropped adults_only (pages[0].elements[1]): its condition \"{adult} = true\" cannot come across"
        ),
        "{:#?}",
        lines(&imported)
    );
    assert!(
        question(&imported, "also").unwrap().get("required_if").is_none(),
        "an unreadable required_if only makes it optional"
    );
    let shown = bring_in_with(survey, Options { show_when_condition_lost: true, ..Options::default() });
    assert!(question(&shown, "adults_only").unwrap().get("visible_if").is_none());
}

#[test]
fn a_second_element_of_the_same_name_is_renamed_and_kept() {
    let imported = bring_in(json!({ "title": "T", "pages": [
        { "name": "p1", "elements": [{ "type": "comment", "name": "q", "title": "First" }] },
        { "name": "p2", "elements": [{ "type": "comment", "name": "q", "title": "Second" }] }
    ]}));
    assert_eq!(question(&imported, "q").unwrap()["text"], json!("First"));
    assert_eq!(question(&imported, "q_2").unwrap()["text"], json!("Second"));
    assert!(
        has_line(&imported, "rewritten q (pages[1].elements[0]): another is named \"q\""),
        "{:#?}",
        lines(&imported)
    );
}

#[test]
fn an_iframe_block_is_reported() {
    let imported = bring_in(json!({ "title": "T", "pages": [{ "name": "p", "elements": [
        { "type": "html", "name": "video", "html": "<iframe src=\"https://video.example/x\"></iframe>" },
        { "type": "comment", "name": "q", "title": "Q" }
    ]}]}));
    assert!(
        has_line(&imported, "dropped video (pages[0].elements[0]): an html block holding only a frame"),
        "{:#?}",
        lines(&imported)
    );
}

#[test]
fn a_matrix_with_no_rows_is_a_scale_or_a_single_choice() {
    let imported = bring_in(json!({ "title": "T", "pages": [{ "name": "p", "elements": [
        { "type": "matrix", "name": "nps", "title": "How likely?", "columns": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        { "type": "matrix", "name": "mood", "title": "Mood?", "columns": ["Good", "Bad"] }
    ]}]}));
    let nps = question(&imported, "nps").unwrap();
    assert_eq!((&nps["kind"], &nps["min"], &nps["max"]), (&json!("scale"), &json!(0), &json!(10)));
    let mood = question(&imported, "mood").unwrap();
    assert_eq!(mood["kind"], json!("single_choice"));
    assert_eq!(mood["options"].as_array().unwrap().len(), 2);
}

#[test]
fn a_matrix_of_one_dropdown_column_is_a_matrix() {
    let imported = bring_in(json!({ "title": "T", "pages": [{ "name": "p", "elements": [
        { "type": "matrixdropdown", "name": "use", "title": "How often?", "rows": ["Bus", "Train"],
          "columns": [{ "name": "often", "title": "How often", "choices": ["Daily", "Weekly", "Never"] }] },
        { "type": "matrixdropdown", "name": "two", "title": "Two", "rows": ["a"], "columns": [{ "name": "x" }, { "name": "y" }] }
    ]}]}));
    let matrix = question(&imported, "use").unwrap();
    assert_eq!(matrix["kind"], json!("matrix"));
    assert_eq!(matrix["rows"].as_array().unwrap().len(), 2);
    assert_eq!(matrix["columns"].as_array().unwrap().len(), 3);
    assert!(
        has_line(&imported, "dropped two (pages[0].elements[1]): a matrix of dropdowns with several columns"),
        "{:#?}",
        lines(&imported)
    );
}

#[test]
fn a_date_box_is_a_short_text_with_a_hint() {
    let imported = bring_in(json!({ "title": "T", "pages": [{ "name": "p", "elements": [
        { "type": "text", "name": "when", "title": "When did it start?", "inputType": "date" }
    ]}]}));
    let when = question(&imported, "when").unwrap();
    assert_eq!((&when["kind"], &when["hint"]), (&json!("short_text"), &json!("A date, such as 31 December 2024")));
}

#[test]
fn questions_that_ask_who_the_respondent_is_are_left_out_unless_kept() {
    let survey = json!({ "title": "T", "pages": [{ "name": "p", "elements": [
        { "type": "text", "name": "q1", "title": "What is your name?" },
        { "type": "text", "name": "mail", "title": "Contact", "inputType": "email" },
        { "type": "comment", "name": "q3", "title": "How safe do you feel at your address?" },
        { "type": "comment", "name": "q4", "title": "Why?", "visibleIf": "{q1} notempty" }
    ]}]});
    let imported = bring_in(survey.clone());
    assert!(question(&imported, "q1").is_none() && question(&imported, "mail").is_none());
    assert!(question(&imported, "q3").is_some(), "mentioning an address is not asking for one");
    assert!(question(&imported, "q4").is_none(), "its condition names a question left out: hidden");
    assert!(has_line(&imported, "dropped q1 (pages[0].elements[0]): it asks for a name"), "{:#?}", lines(&imported));
    let kept = bring_in_with(survey, Options { keep_identifying: true, ..Options::default() });
    assert!(question(&kept, "q1").is_some() && question(&kept, "mail").is_some());
    assert!(has_line(&kept, "kept q1 (pages[0].elements[0]): it asks for a name"), "{:#?}", lines(&kept));
}

#[test]
fn the_id_comes_from_the_file_name_when_the_source_has_none() {
    let imported = bring_in_with(
        json!({ "title": "T", "elements": [{ "type": "comment", "name": "q", "title": "Q" }] }),
        Options { file_name: Some("Park Safety 2024.json".into()), ..Options::default() },
    );
    assert_eq!(imported.definition["id"], json!("park_safety_2024"));
}

#[test]
fn a_refusal_lists_everything_left_out_on_the_way() {
    let error = import(
        json!({ "title": "T", "pages": [{ "name": "p", "elements": [
            { "type": "file", "name": "upload", "title": "A file" },
            { "type": "text", "name": "email", "title": "Your email" }
        ]}]})
        .to_string()
        .as_bytes(),
        Some(SourceFormat::SurveyJs),
    )
    .unwrap_err()
    .to_string();
    for words in ["nothing usable could be made", "upload (pages[0].elements[0])", "email (pages[0].elements[1])"] {
        assert!(error.contains(words), "{error}");
    }
}

#[test]
fn show_other_item_on_a_radiogroup_or_dropdown_keeps_what_the_respondent_types() {
    let imported = bring_in(json!({
        "pages": [{ "name": "p", "elements": [
            { "type": "radiogroup", "name": "travel", "title": "How?", "choices": ["bus", "walk"],
              "showOtherItem": true, "otherText": { "default": "Another way", "fr": "Autrement" } },
            { "type": "dropdown", "name": "borough", "title": "Where?", "choices": ["newham"], "hasOther": true },
            { "type": "radiogroup", "name": "ok", "title": "OK?", "choices": ["yes", "no"], "showOtherItem": true },
            { "type": "text", "name": "why", "title": "Why?", "visibleIf": "{travel} = 'other'" }
        ]}]
    }));
    let q = |id: &str| {
        imported.definition["pages"][0]["questions"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap().clone()
    };
    let travel = q("travel");
    assert_eq!(travel["kind"], json!("single_choice"));
    assert_eq!(travel["other"], json!({ "en": "Another way", "fr": "Autrement" }));
    assert_eq!(travel["options"].as_array().unwrap().len(), 2, "Other is not a plain option: {travel}");
    assert_eq!((q("borough")["kind"].clone(), q("borough")["other"].clone()), (json!("dropdown"), json!("Other")));
    // Yes, no and Other is not a yes/no question.
    assert_eq!((q("ok")["kind"].clone(), q("ok")["other"].clone()), (json!("single_choice"), json!("Other")));
    assert_eq!(q("why")["visible_if"], json!("{travel} = 'other'"));
    assert!(!has_line(&imported, "rewritten travel"), "{:#?}", lines(&imported));
    speaksafe_core::read(&imported.definition.to_string()).expect("it passes check");
}

/// The questions of an import, by id.
fn questions(imported: &Imported) -> Vec<Value> {
    imported.definition["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["questions"].as_array().unwrap().clone())
        .collect()
}

fn kept(imported: &Imported, id: &str) -> Value {
    question(imported, id).cloned().unwrap_or_else(|| panic!("no {id}: {:#?}", imported.definition))
}

#[test]
fn a_value_and_its_words_written_as_one_with_a_bar_are_split_as_surveyjs_splits_them() {
    let imported = bring_in(json!({
        "pages": [{ "name": "p", "title": "P", "elements": [
            { "type": "radiogroup", "name": "phone", "title": "Smartphone?", "choices": ["ok|Yes", "not|No"] },
            { "type": "radiogroup", "name": "os", "title": "Which?", "choices": ["IOS", "Android"], "visibleIf": "{phone} = 'ok'" },
            { "type": "radiogroup", "name": "use", "title": "How often?", "choices": ["a|Every day", { "value": "d|Never", "text": "Not at all" }] },
            { "type": "checkbox", "name": "why", "title": "Why not?", "choices": ["x|Cost"], "visibleIf": "{use} != 'd'" }
        ]}]
    }));
    assert_eq!(
        kept(&imported, "phone")["options"],
        json!([{ "value": "ok", "text": "Yes" }, { "value": "not", "text": "No" }])
    );
    assert_eq!(kept(&imported, "os")["visible_if"], json!("{phone} = 'ok'"));
    assert_eq!(
        kept(&imported, "use")["options"],
        json!([{ "value": "a", "text": "Every day" }, { "value": "d", "text": "Not at all" }]),
        "words given beside the value are its words"
    );
    assert_eq!(kept(&imported, "why")["visible_if"], json!("{use} != 'd'"));
    speaksafe_core::read(&imported.definition.to_string()).expect("it passes check");
}

#[test]
fn a_question_with_a_blank_title_alone_in_a_titled_panel_asks_the_panels_words() {
    let imported = bring_in(json!({
        "pages": [{ "name": "p", "title": "P", "elements": [
            { "type": "panel", "name": "panel1", "title": "How often do you eat fresh fruit?", "elements": [
                { "type": "radiogroup", "name": "fruit", "title": " ", "choices": ["Never", "Daily"] }] },
            { "type": "panel", "name": "panel2", "title": "About you", "elements": [
                { "type": "radiogroup", "name": "a", "title": "A?", "choices": ["x"] }] }
        ]}]
    }));
    let kept: Vec<(String, Value)> =
        questions(&imported).iter().map(|q| (q["id"].as_str().unwrap().to_string(), q["text"].clone())).collect();
    assert_eq!(
        kept,
        [
            ("fruit".to_string(), json!("How often do you eat fresh fruit?")),
            ("panel2".to_string(), json!("About you")),
            ("a".to_string(), json!("A?")),
        ],
        "never the name \"fruit\" as its words, and no heading asking it again"
    );
    assert!(has_line(&imported, "rewritten fruit"), "{:#?}", lines(&imported));
}

#[test]
fn a_panels_title_with_nothing_left_under_it_is_left_out() {
    let imported = bring_in(json!({
        "pages": [{ "name": "p", "title": "P", "elements": [
            { "type": "panel", "name": "patientName", "title": "Patient Name", "elements": [
                { "type": "text", "name": "lastName", "title": "(Last)" },
                { "type": "text", "name": "firstName", "title": "(First)" }] },
            { "type": "panel", "name": "visit", "title": "Your visit", "elements": [
                { "type": "radiogroup", "name": "ok", "title": "Was it on time?", "choices": ["yes", "no", "late"] }] }
        ]}]
    }));
    let ids: Vec<String> = questions(&imported).iter().map(|q| q["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["visit", "ok"], "\"Patient Name\" would stand over the next panel's question");
    assert!(has_line(&imported, "dropped patientName"), "{:#?}", lines(&imported));
}

#[test]
fn a_text_box_whose_check_takes_only_numbers_is_a_number_question() {
    let imported = bring_in(json!({
        "pages": [{ "name": "p", "title": "P", "elements": [
            { "type": "text", "name": "minutes", "title": "Minutes?", "validators": [{ "type": "numeric", "text": "Value must be a number" }] },
            { "type": "text", "name": "hours", "title": "Hours?", "validators": [{ "type": "numeric", "minValue": 0, "maxValue": 24, "text": "0 to 24" }] }
        ]}]
    }));
    let minutes = kept(&imported, "minutes");
    assert_eq!(minutes["kind"], json!("number"), "{minutes}");
    assert!(minutes.get("validation").is_none(), "{minutes}");
    let hours = kept(&imported, "hours");
    assert_eq!(hours["kind"], json!("number"));
    assert_eq!(hours["validation"], json!([{ "rule": "range", "min": 0.0, "max": 24.0, "message": "0 to 24" }]));
}

#[test]
fn a_page_without_a_title_is_headed_by_the_surveys_title_never_its_name() {
    let imported = bring_in(json!({
        "title": "Health check",
        "pages": [{ "name": "page3", "elements": [{ "type": "text", "name": "q", "title": "Q?" }] }]
    }));
    assert_eq!(imported.definition["pages"][0]["title"], json!("Health check"));
    assert!(has_line(&imported, "rewritten page page3"), "{:#?}", lines(&imported));
}

#[test]
fn the_older_names_surveyjs_still_reads_are_read() {
    let imported = bring_in(json!({
        "pages": [{ "name": "p", "title": "P", "elements": [
            { "type": "rating", "name": "satisfaction", "title": "Satisfied?",
              "mininumRateDescription": "Not satisfied", "maximumRateDescription": "Completely satisfied" },
            { "type": "text", "name": "age", "title": "Age group", "placeHolder": "Enter an age group" }
        ]}]
    }));
    let scale = kept(&imported, "satisfaction");
    assert_eq!(
        (scale["min_label"].clone(), scale["max_label"].clone()),
        (json!("Not satisfied"), json!("Completely satisfied"))
    );
    assert_eq!(kept(&imported, "age")["hint"], json!("Enter an age group"));
    assert!(
        !lines(&imported).iter().any(|l| l.contains("RateDescription") || l.contains("placeHolder")),
        "{:#?}",
        lines(&imported)
    );
}

#[test]
fn a_page_left_with_nothing_says_so() {
    let imported = bring_in(json!({
        "pages": [
            { "name": "p", "title": "P", "elements": [{ "type": "comment", "name": "q", "title": "Q?" }] },
            { "name": "last", "title": "Last", "elements": [{ "type": "text", "name": "email", "title": "Your e-mail address" }] }
        ]
    }));
    assert!(has_line(&imported, "dropped page last (pages[1]): nothing on it is left"), "{:#?}", lines(&imported));
}
