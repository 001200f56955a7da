//! The respondent engine: screens, navigation, visibility, validation, progress, "check your
//! answers" and the response document, on small inline surveys.

use serde_json::{json, Value};
use speaksafe_core::{read, Answer, Input, Respondent, Response, Screen};
use std::rc::Rc;

/// Submit as the widget does it: the checked response, then, once it is delivered, on to the
/// completion page.
fn submit(r: &mut Respondent) -> Option<Response> {
    let response = r.checked_response()?;
    r.finish();
    Some(response)
}

/// A respondent for a definition, which must read without errors, served as the collector
/// serves it: with the built-in words of its languages.
fn respondent(mut definition: Value) -> Respondent {
    speaksafe_core::document::add_built_in_words(&mut definition);
    match read(&definition.to_string()) {
        Ok(checked) => Respondent::new(Rc::new(checked.survey)),
        Err(problems) => panic!("the fixture does not read: {problems:#?}"),
    }
}

/// A survey with the given pages, in English and Arabic.
fn survey(pages: Value) -> Value {
    json!({
        "format": "speaksafe/1",
        "id": "fixture",
        "languages": ["en", "ar"],
        "title": "Fixture",
        "intro": "Intro",
        "completion": "Thanks",
        "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
        "pages": pages
    })
}

/// Pages:
/// 0 "about": age (number, whole, 0–120), gender (single choice + prefer not to say), an info block
/// 1 "school" (only when age < 17): at_school (yes/no), school_name (short text, only when at_school = yes)
/// 2 "hard" (content note): feelings (multiple choice, "none" exclusive, other, prefer not to say),
///   details (long text, required if feelings contains "scared")
/// 3 "end": comments (short text)
fn main_survey() -> Respondent {
    respondent(survey(json!([
        { "id": "about", "title": "About you", "questions": [
            { "id": "age", "kind": "number", "text": { "en": "How old are you?", "ar": "كم عمرك؟" },
              "min": 0, "max": 120, "integer": true },
            { "id": "gender", "kind": "single_choice", "text": "Gender",
              "options": [{ "value": "girl", "text": { "en": "Girl", "ar": "بنت" } }, { "value": "boy", "text": "Boy" }],
              "prefer_not_to_say": true },
            { "id": "note", "kind": "info", "text": "Next, school." }
        ]},
        { "id": "school", "title": "School", "visible_if": "{age} < 17", "questions": [
            { "id": "at_school", "kind": "yes_no", "text": "Do you go to school?" },
            { "id": "school_name", "kind": "short_text", "text": "Which school?", "visible_if": "{at_school} = 'yes'" }
        ]},
        { "id": "hard", "title": "Feelings", "content_note": "This page asks how safe you feel. You can skip it.", "questions": [
            { "id": "feelings", "kind": "multiple_choice", "text": "How do you feel?",
              "options": [
                  { "value": "safe", "text": "Safe" },
                  { "value": "scared", "text": "Scared" },
                  { "value": "none", "text": "None of these", "exclusive": true }
              ],
              "other": "Something else", "prefer_not_to_say": true },
            { "id": "details", "kind": "long_text", "text": "Tell us more", "required_if": "{feelings} contains 'scared'" }
        ]},
        { "id": "end", "title": "The end", "questions": [
            { "id": "comments", "kind": "short_text", "text": "Anything else?" }
        ]}
    ])))
}

fn text(s: &str) -> Option<Answer> {
    Some(Answer::Text(s.to_string()))
}

fn choice(s: &str) -> Option<Answer> {
    Some(Answer::choice(s.to_string()))
}

fn chosen(r: &Respondent, id: &str) -> Vec<String> {
    match r.answer(id) {
        Some(Answer::Choices { chosen, .. }) => chosen.clone(),
        None => Vec::new(),
        other => panic!("not a multiple choice answer: {other:?}"),
    }
}

fn errors(r: &Respondent) -> Vec<(String, String)> {
    r.errors().iter().map(|e| (e.question.clone(), e.message.clone())).collect()
}

fn visible_ids(r: &Respondent, page: usize) -> Vec<String> {
    r.visible_questions(page).map(|q| q.id.clone()).collect()
}

/// The response document as JSON.
fn response_json(r: &Respondent) -> Value {
    serde_json::from_str(&r.response().to_json()).expect("the response is JSON")
}

/// Continue, which must succeed.
#[track_caller]
fn next(r: &mut Respondent) {
    assert!(r.continue_on(), "Continue was refused on {:?}: {:?}", r.screen(), r.errors());
}

// ------------------------------------------------------------------ screens and navigation

#[test]
fn intro_pages_check_complete() {
    let mut r = main_survey();
    assert_eq!(r.screen(), Screen::Intro);
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(0));
    r.set_answer("age", text("14"));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(1));
    next(&mut r);
    assert_eq!(r.screen(), Screen::ContentNote(2));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(2));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(3));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    assert!(r.continue_on(), "Continue on check answers does nothing");
    assert_eq!(r.screen(), Screen::Check);
    let response = submit(&mut r).expect("submitted from check answers");
    assert_eq!(r.screen(), Screen::Complete);
    assert_eq!(response.survey, "fixture");
    assert_eq!(response.language, "en");
    assert_eq!(response.answers.get("age"), Some(&json!(14)));
    assert!(submit(&mut r).is_none(), "a second submit sends nothing");
}

#[test]
fn submit_only_from_check_answers() {
    let mut r = main_survey();
    assert!(submit(&mut r).is_none());
    next(&mut r);
    assert!(submit(&mut r).is_none());
    assert_eq!(r.screen(), Screen::Page(0));
}

#[test]
fn back_from_the_completion_page_goes_nowhere() {
    let mut r = main_survey();
    next(&mut r);
    r.set_answer("age", text("30"));
    for _ in 0..4 {
        next(&mut r);
    }
    assert_eq!(r.screen(), Screen::Check);
    submit(&mut r).expect("submitted");
    r.back();
    assert_eq!(r.screen(), Screen::Complete, "after submitting, Back must not lead back into the answers");
    r.continue_on();
    assert_eq!(r.screen(), Screen::Complete);
}

#[test]
fn content_note_continue_and_skip() {
    let mut r = main_survey();
    next(&mut r);
    r.set_answer("age", text("40")); // no school page
    next(&mut r);
    assert_eq!(r.screen(), Screen::ContentNote(2));
    assert_eq!(
        r.text(r.survey().pages[2].content_note.as_ref().unwrap()),
        "This page asks how safe you feel. You can skip it."
    );
    // Skip: straight on to the next page, nothing answered.
    r.skip_page();
    assert_eq!(r.screen(), Screen::Page(3));
    r.back();
    assert_eq!(r.screen(), Screen::ContentNote(2));
    // Continue: to the page's questions; Back returns to the note.
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(2));
    r.back();
    assert_eq!(r.screen(), Screen::ContentNote(2));
    next(&mut r);
    // Skipping from the page itself also moves on, without checking the page.
    r.toggle("feelings", "scared", true); // details is now required
    r.skip_page();
    assert_eq!(r.screen(), Screen::Page(3));
}

#[test]
fn back_walks_the_trail_and_passes_over_pages_that_are_hidden_now() {
    let mut r = main_survey();
    r.back();
    assert_eq!(r.screen(), Screen::Intro, "Back on the intro stays there");
    next(&mut r);
    r.set_answer("age", text("14"));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(1));
    r.back();
    assert_eq!(r.screen(), Screen::Page(0));
    next(&mut r);
    next(&mut r);
    next(&mut r);
    next(&mut r);
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    // From check answers, change the age so that the school page is hidden.
    r.change("age");
    assert_eq!(r.screen(), Screen::Page(0));
    r.set_answer("age", text("40"));
    assert!(!r.is_page_visible(1));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check, "Continue after a change returns to check answers");
    r.back();
    assert_eq!(r.screen(), Screen::Page(0), "Back returns to the page that was changed");
    r.back();
    assert_eq!(r.screen(), Screen::Check);
    r.back();
    assert_eq!(r.screen(), Screen::Page(3));
    r.back();
    assert_eq!(r.screen(), Screen::Page(2));
    r.back();
    assert_eq!(r.screen(), Screen::ContentNote(2));
    r.back();
    assert_eq!(r.screen(), Screen::Page(0), "the hidden school page is passed over");
    r.back();
    assert_eq!(r.screen(), Screen::Intro);
}

#[test]
fn back_passes_over_a_page_hidden_by_a_later_answer() {
    // Page "early" is shown only while "late" (on the next page) is unanswered.
    let mut r = respondent(survey(json!([
        { "id": "first", "title": "First", "questions": [{ "id": "a", "kind": "short_text", "text": "A" }] },
        { "id": "early", "title": "Early", "visible_if": "{late} empty", "questions": [{ "id": "b", "kind": "short_text", "text": "B" }] },
        { "id": "later", "title": "Later", "questions": [{ "id": "late", "kind": "short_text", "text": "Late" }] }
    ])));
    next(&mut r);
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(1));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Page(2));
    r.set_answer("late", text("now"));
    assert!(!r.is_page_visible(1));
    r.back();
    assert_eq!(r.screen(), Screen::Page(0));
}

// ------------------------------------------------------------------ visibility

#[test]
fn visible_if_shows_and_hides_a_question_and_a_page() {
    let mut r = main_survey();
    // Unanswered age: "{age} < 17" is false, so the school page is hidden.
    assert!(!r.is_page_visible(1));
    assert!(visible_ids(&r, 1).is_empty());
    r.set_answer("age", text("12"));
    assert!(r.is_page_visible(1));
    assert_eq!(visible_ids(&r, 1), ["at_school"]);
    assert!(!r.is_visible("school_name"));
    r.set_answer("at_school", choice("yes"));
    assert!(r.is_visible("school_name"));
    assert_eq!(visible_ids(&r, 1), ["at_school", "school_name"]);
    r.set_answer("at_school", choice("no"));
    assert!(!r.is_visible("school_name"));
    r.set_answer("at_school", choice("yes"));
    // Hiding the page hides its questions too.
    r.set_answer("age", text("17"));
    assert!(!r.is_page_visible(1) && !r.is_visible("at_school") && !r.is_visible("school_name"));
    // Clearing an answer is the same as never giving it.
    r.set_answer("age", text("16"));
    assert!(r.is_visible("school_name"));
    r.set_answer("age", None);
    assert!(!r.is_visible("school_name"));
    r.set_answer("age", text("   "));
    assert!(r.answer("age").is_none(), "a blank answer is no answer");
}

#[test]
fn hidden_answers_are_left_out_of_the_response_and_of_conditions() {
    // c is shown when b is answered; b is shown when a = 'yes'. Hiding b must hide c, even
    // though b's answer is still kept (in case a changes back).
    let mut r = respondent(survey(json!([
        { "id": "one", "title": "One", "questions": [
            { "id": "a", "kind": "yes_no", "text": "A?" },
            { "id": "b", "kind": "short_text", "text": "B?", "visible_if": "{a} = 'yes'" },
            { "id": "c", "kind": "short_text", "text": "C?", "visible_if": "{b} notempty" },
            { "id": "d", "kind": "short_text", "text": "D?", "required_if": "{b} = 'needed'" }
        ]}
    ])));
    r.set_answer("a", choice("yes"));
    r.set_answer("b", text("needed"));
    r.set_answer("c", text("see"));
    assert!(r.is_visible("c"));
    let answers = response_json(&r)["answers"].clone();
    assert_eq!(answers, json!({ "a": "yes", "b": "needed", "c": "see" }));
    next(&mut r);
    assert!(!r.continue_on(), "d is required while b says so");
    assert_eq!(errors(&r), [("d".to_string(), "Enter an answer".to_string())]);

    r.set_answer("a", choice("no"));
    assert!(!r.is_visible("b") && !r.is_visible("c"));
    assert_eq!(r.answer("b"), Some(&Answer::Text("needed".into())), "the hidden answer is kept");
    assert_eq!(response_json(&r)["answers"], json!({ "a": "no" }));
    assert!(r.continue_on(), "b is hidden, so it cannot make d required");

    // Answers come back when the question is shown again.
    r.set_answer("a", choice("yes"));
    assert!(r.is_visible("c"));
    assert_eq!(response_json(&r)["answers"], json!({ "a": "yes", "b": "needed", "c": "see" }));
}

#[test]
fn a_hidden_page_hides_its_answers_from_conditions_on_other_pages() {
    let mut r = respondent(survey(json!([
        { "id": "p0", "title": "0", "questions": [{ "id": "gate", "kind": "yes_no", "text": "Gate?" }] },
        { "id": "p1", "title": "1", "visible_if": "{gate} = 'yes'", "questions": [{ "id": "x", "kind": "number", "text": "X?" }] },
        { "id": "p2", "title": "2", "visible_if": "{x} > 5", "questions": [{ "id": "y", "kind": "short_text", "text": "Y?" }] }
    ])));
    r.set_answer("gate", choice("yes"));
    r.set_answer("x", text("9"));
    assert!(r.is_page_visible(1) && r.is_page_visible(2));
    r.set_answer("gate", choice("no"));
    assert!(!r.is_page_visible(1));
    assert!(!r.is_page_visible(2), "x is on a hidden page, so it is empty for p2's condition");
    r.set_answer("gate", choice("yes"));
    assert!(r.is_page_visible(2));
}

// ------------------------------------------------------------------ validation

#[test]
fn required_and_required_if_in_english_and_arabic() {
    let mut r = respondent(survey(json!([
        { "id": "p", "title": "P", "questions": [
            { "id": "name", "kind": "short_text", "text": "Name", "required": true },
            { "id": "pick", "kind": "single_choice", "text": "Pick", "required": true,
              "options": [{ "value": "a", "text": "A" }] },
            { "id": "why", "kind": "long_text", "text": "Why?", "required_if": "{pick} = 'a'" },
            { "id": "count", "kind": "number", "text": "How many?", "required_if": "{pick} = 'a'" },
            { "id": "info", "kind": "info", "text": "Nothing to answer here." }
        ]}
    ])));
    next(&mut r);
    assert!(!r.continue_on());
    assert_eq!(r.screen(), Screen::Page(0));
    assert_eq!(
        errors(&r),
        [("name".to_string(), "Enter an answer".to_string()), ("pick".to_string(), "Choose an answer".to_string())]
    );
    assert_eq!(r.error("pick"), Some("Choose an answer"));
    assert!(r.set_language("ar"));
    assert_eq!(r.error("name"), Some("اكتب إجابة"), "messages already shown follow the language");
    assert_eq!(r.error("pick"), Some("اختر إجابة"));
    assert!(!r.set_language("fr"));
    assert_eq!(r.language().code, "ar");
    // Answering a question removes its error at once.
    r.set_answer("pick", choice("a"));
    assert_eq!(r.errors().len(), 1);
    assert!(!r.continue_on());
    assert_eq!(
        errors(&r),
        [
            ("name".to_string(), "اكتب إجابة".to_string()),
            ("why".to_string(), "اكتب إجابة".to_string()),
            ("count".to_string(), "اكتب إجابة".to_string())
        ]
    );
    r.set_language("en");
    assert_eq!(r.error("why"), Some("Enter an answer"));
    r.set_answer("name", text("Sam"));
    r.set_answer("why", text("Because"));
    r.set_answer("count", text("3"));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    assert!(r.errors().is_empty());
}

#[test]
fn number_validation() {
    let mut r = respondent(survey(json!([
        { "id": "p", "title": "P", "questions": [
            { "id": "age", "kind": "number", "text": "Age", "integer": true, "min": 11, "max": 16 },
            { "id": "height", "kind": "number", "text": "Height", "min": 0.5 },
            { "id": "debt", "kind": "number", "text": "Debt", "max": 0 },
            { "id": "any", "kind": "number", "text": "Any number" }
        ]}
    ])));
    next(&mut r);
    let check = |r: &mut Respondent, id: &str, typed: &str| -> Option<String> {
        r.set_answer(id, text(typed));
        r.continue_on();
        let message = r.error(id).map(str::to_string);
        if r.screen() != Screen::Page(0) {
            r.back();
        }
        message
    };
    assert_eq!(check(&mut r, "age", "twelve").as_deref(), Some("Enter a whole number, like 12"));
    assert_eq!(check(&mut r, "age", "12.5").as_deref(), Some("Enter a whole number, like 12"));
    assert_eq!(check(&mut r, "age", "10").as_deref(), Some("Enter a number between 11 and 16"));
    assert_eq!(check(&mut r, "age", "17").as_deref(), Some("Enter a number between 11 and 16"));
    assert_eq!(check(&mut r, "age", " 12 ").as_deref(), None);
    assert_eq!(check(&mut r, "height", "tall").as_deref(), Some("Enter a number, like 12"));
    assert_eq!(check(&mut r, "height", "NaN").as_deref(), Some("Enter a number, like 12"));
    assert_eq!(check(&mut r, "height", "inf").as_deref(), Some("Enter a number, like 12"));
    assert_eq!(check(&mut r, "height", "0.25").as_deref(), Some("Enter a number that is 0.5 or more"));
    assert_eq!(check(&mut r, "height", "1.75").as_deref(), None);
    assert_eq!(check(&mut r, "debt", "1").as_deref(), Some("Enter a number that is 0 or less"));
    assert_eq!(check(&mut r, "debt", "-20").as_deref(), None);
    assert_eq!(check(&mut r, "any", "1e3").as_deref(), None);
    r.set_language("ar");
    assert_eq!(check(&mut r, "age", "twelve").as_deref(), Some("اكتب عددًا صحيحًا، مثل 12"));
    assert_eq!(check(&mut r, "age", "99").as_deref(), Some("اكتب رقمًا بين 11 و16"));
    r.set_language("en");
    r.set_answer("age", text("13"));
    r.set_answer("debt", text("-20"));
    r.set_answer("any", text("1e3"));
    next(&mut r);
    let answers = response_json(&r)["answers"].clone();
    assert_eq!(answers, json!({ "age": 13, "height": 1.75, "debt": -20, "any": 1000 }));
}

#[test]
fn max_length() {
    let mut r = respondent(survey(json!([
        { "id": "p", "title": "P", "questions": [
            { "id": "short", "kind": "short_text", "text": "Short", "max_length": 5 },
            { "id": "default", "kind": "short_text", "text": "Default" },
            { "id": "long", "kind": "long_text", "text": "Long" }
        ]}
    ])));
    next(&mut r);
    r.set_answer("short", text("abcdef"));
    r.set_answer("default", text(&"x".repeat(201)));
    r.set_answer("long", text(&"y".repeat(2001)));
    assert!(!r.continue_on());
    assert_eq!(
        errors(&r),
        [
            ("short".to_string(), "Your answer must be 5 characters or fewer".to_string()),
            ("default".to_string(), "Your answer must be 200 characters or fewer".to_string()),
            ("long".to_string(), "Your answer must be 2000 characters or fewer".to_string()),
        ]
    );
    // Characters, not bytes.
    r.set_answer("short", text("ééééé"));
    r.set_answer("default", text(&"x".repeat(200)));
    r.set_answer("long", text(&"ي".repeat(2000)));
    next(&mut r);
}

#[test]
fn length_range_and_pattern_rules() {
    let mut r = respondent(survey(json!([
        { "id": "p", "title": "P", "questions": [
            { "id": "nick", "kind": "short_text", "text": "Nickname", "validation": [
                { "rule": "length", "min": 2, "max": 8, "message": { "en": "Use 2 to 8 letters", "ar": "استخدم من 2 إلى 8 أحرف" } },
                { "rule": "pattern", "pattern": "^[A-Za-z]+$", "message": "Use letters only" }
            ]},
            { "id": "hours", "kind": "number", "text": "Hours", "validation": [
                { "rule": "range", "min": 0, "max": 24, "message": "There are 24 hours in a day" }
            ]},
            { "id": "free", "kind": "long_text", "text": "Optional", "validation": [
                { "rule": "length", "min": 10, "message": "Say a little more" }
            ]}
        ]}
    ])));
    next(&mut r);
    assert!(r.continue_on(), "rules apply only to answers that are given");
    r.back();
    r.set_answer("nick", text("x"));
    r.set_answer("hours", text("25"));
    r.set_answer("free", text("short"));
    assert!(!r.continue_on());
    assert_eq!(
        errors(&r),
        [
            ("nick".to_string(), "Use 2 to 8 letters".to_string()),
            ("hours".to_string(), "There are 24 hours in a day".to_string()),
            ("free".to_string(), "Say a little more".to_string()),
        ]
    );
    r.set_language("ar");
    assert_eq!(r.error("nick"), Some("استخدم من 2 إلى 8 أحرف"));
    assert_eq!(r.error("hours"), Some("There are 24 hours in a day"), "a plain message is the same in every language");
    r.set_language("en");
    r.set_answer("nick", text("toolongname"));
    r.continue_on();
    assert_eq!(r.error("nick"), Some("Use 2 to 8 letters"));
    r.set_answer("nick", text("r2d2"));
    r.continue_on();
    assert_eq!(r.error("nick"), Some("Use letters only"));
    r.set_answer("nick", text("  Sam  ")); // trimmed before the rules
    r.set_answer("hours", text("24"));
    r.set_answer("free", text("long enough now"));
    next(&mut r);
}

// ------------------------------------------------------------------ kinds

fn matrix_survey() -> Respondent {
    respondent(survey(json!([
        { "id": "p", "title": "P", "questions": [
            { "id": "m", "kind": "matrix", "text": "How often?", "required": true,
              "rows": [{ "value": "home", "text": { "en": "At home", "ar": "في البيت" } }, { "value": "school", "text": "At school" }],
              "columns": [{ "value": "never", "text": "Never" }, { "value": "often", "text": { "en": "Often", "ar": "غالبًا" } }] },
            { "id": "home_help", "kind": "short_text", "text": "What would help at home?", "visible_if": "{m.home} = 'often'" },
            { "id": "either", "kind": "short_text", "text": "Either", "visible_if": "{m.home} = 'often' or {m.school} = 'often'" }
        ]}
    ])))
}

#[test]
fn matrix_rows_and_row_conditions() {
    let mut r = matrix_survey();
    next(&mut r);
    assert!(!r.continue_on());
    assert_eq!(r.error("m"), Some("Choose an answer"));
    r.set_matrix_row("m", "school", Some("often"));
    assert!(!r.is_visible("home_help") && r.is_visible("either"));
    assert!(!r.continue_on(), "a required matrix needs every row");
    assert_eq!(r.error("m"), Some("Answer every row"));
    r.set_matrix_row("m", "home", Some("often"));
    assert!(r.is_visible("home_help"));
    r.set_matrix_row("m", "home", Some("never"));
    assert!(!r.is_visible("home_help"));
    r.set_matrix_row("m", "home", Some("often"));
    r.set_matrix_row("m", "school", None);
    assert!(r.is_visible("either"));
    r.set_matrix_row("m", "school", Some("never"));
    next(&mut r);
    assert_eq!(response_json(&r)["answers"], json!({ "m": { "home": "often", "school": "never" } }));
    let rows = r.check_answers();
    assert_eq!(rows[0].answer, ["At home: Often", "At school: Never"]);
    r.set_language("ar");
    assert_eq!(r.check_answers()[0].answer, ["في البيت: غالبًا", "At school: Never"]);
    // Clearing every row clears the answer.
    r.set_matrix_row("m", "home", None);
    r.set_matrix_row("m", "school", None);
    assert!(r.answer("m").is_none());
    assert!(!r.is_visible("either"));
}

#[test]
fn multiple_choice_exclusive_options_and_other() {
    let mut r = main_survey();
    r.toggle("feelings", "scared", true);
    r.toggle("feelings", "safe", true);
    assert_eq!(chosen(&r, "feelings"), ["safe", "scared"], "in the order of the options");
    r.toggle("feelings", "none", true);
    assert_eq!(chosen(&r, "feelings"), ["none"], "None of these clears the others");
    r.toggle("feelings", "safe", true);
    assert_eq!(chosen(&r, "feelings"), ["safe"], "another choice clears None of these");
    r.toggle("feelings", "prefer_not_to_say", true);
    assert_eq!(chosen(&r, "feelings"), ["prefer_not_to_say"], "prefer not to say is exclusive");
    r.toggle("feelings", "scared", true);
    r.toggle("feelings", "other", true);
    assert_eq!(chosen(&r, "feelings"), ["scared", "other"]);
    r.set_other("feelings", "Angry");
    assert_eq!(r.answer("feelings").and_then(Answer::other_text), Some("Angry"));
    r.set_answer("age", text("30"));
    let doc = response_json(&r);
    assert_eq!(doc["answers"]["feelings"], json!(["scared", "other"]));
    assert_eq!(doc["other"], json!({ "feelings": "Angry" }));
    // Unticking "other" keeps what was typed (in case it is ticked again) but sends none of it.
    r.toggle("feelings", "other", false);
    let doc = response_json(&r);
    assert_eq!(doc["answers"]["feelings"], json!(["scared"]));
    assert!(doc.get("other").is_none(), "{doc}");
    r.toggle("feelings", "other", true);
    assert_eq!(r.answer("feelings").and_then(Answer::other_text), Some("Angry"));
    // Unticking everything leaves the question unanswered.
    r.toggle("feelings", "other", false);
    r.toggle("feelings", "scared", false);
    assert!(response_json(&r)["answers"].get("feelings").is_none());
    // Typing in "other" with nothing chosen chooses "other".
    r.set_answer("feelings", None);
    r.set_other("feelings", "Tired");
    assert_eq!(chosen(&r, "feelings"), ["other"]);
}

/// A single choice and a dropdown, each with "Other, please say" and "Prefer not to say", and a
/// question shown when "other" is chosen.
fn other_survey() -> Respondent {
    respondent(survey(json!([
        { "id": "p", "title": "Getting here", "questions": [
            { "id": "travel", "kind": "single_choice", "text": "How did you get here?",
              "options": [{ "value": "bus", "text": "By bus" }, { "value": "walk", "text": "On foot" }],
              "other": "Another way", "prefer_not_to_say": true },
            { "id": "borough", "kind": "dropdown", "text": "Borough",
              "options": [{ "value": "newham", "text": "Newham" }], "other": { "en": "Somewhere else", "ar": "مكان آخر" } },
            { "id": "why_other", "kind": "short_text", "text": "Why?", "visible_if": "{travel} = 'other'" }
        ]}
    ])))
}

#[test]
fn single_choice_and_dropdown_other_opens_a_box_whose_text_goes_with_other_only() {
    let mut r = other_survey();
    let values =
        |id: &str| r.survey().question(id).unwrap().kind.options().iter().map(|c| c.value.clone()).collect::<Vec<_>>();
    assert_eq!(values("travel"), ["bus", "walk", "other", "prefer_not_to_say"], "Other last before Prefer not to say");
    assert_eq!(values("borough"), ["newham", "other"]);
    // Typing in the box chooses "Other"; a condition sees the value "other".
    r.input("travel", Input::Other("Bike".into()));
    assert_eq!(r.answer("travel").and_then(Answer::other_text), Some("Bike"));
    assert!(r.is_visible("why_other"));
    r.input("borough", Input::Choose("other".into()));
    r.input("borough", Input::Other("  Outside London ".into()));
    let doc = response_json(&r);
    assert_eq!(doc["answers"], json!({ "travel": "other", "borough": "other" }));
    assert_eq!(doc["other"], json!({ "travel": "Bike", "borough": "Outside London" }));
    // Another option: what was typed is kept (in case "Other" is chosen again) but not sent.
    r.input("travel", Input::Choose("bus".into()));
    assert!(!r.is_visible("why_other"));
    let doc = response_json(&r);
    assert_eq!(doc["answers"]["travel"], json!("bus"));
    assert_eq!(doc["other"], json!({ "borough": "Outside London" }), "{doc}");
    r.input("travel", Input::Choose("other".into()));
    assert_eq!(r.answer("travel").and_then(Answer::other_text), Some("Bike"));
    // Clearing the answer drops it all.
    r.input("travel", Input::Give(None));
    assert!(response_json(&r)["answers"].get("travel").is_none());
    assert!(response_json(&r)["other"].get("travel").is_none());
}

#[test]
fn other_chosen_with_nothing_typed_is_an_answer_and_check_answers_shows_what_was_typed() {
    let mut r = other_survey();
    next(&mut r);
    r.input("travel", Input::Choose("other".into()));
    r.input("borough", Input::Choose("other".into()));
    r.input("borough", Input::Other("Ealing".into()));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check, "Other with nothing typed is a whole answer: {:?}", errors(&r));
    let rows: Vec<(String, Vec<String>)> =
        r.check_answers().into_iter().map(|row| (row.question, row.answer)).collect();
    assert_eq!(rows[0], ("travel".to_string(), vec!["Another way".to_string()]));
    assert_eq!(rows[1], ("borough".to_string(), vec!["Somewhere else".to_string(), "Please say: Ealing".to_string()]));
    let doc = response_json(&r);
    assert_eq!(doc["answers"]["travel"], json!("other"));
    assert_eq!(doc["other"], json!({ "borough": "Ealing" }));
}

#[test]
fn other_text_is_refused_where_the_question_has_no_other() {
    let mut r = main_survey();
    // gender is a single choice without "other"; a typed text cannot ride on its answer.
    r.input("gender", Input::Other("x".into()));
    r.set_answer("gender", Some(Answer::Choice { chosen: "girl".into(), other: "x".into() }));
    assert_eq!(r.answer("gender"), None);
    r.set_answer("age", text("30"));
    assert!(response_json(&r).get("other").is_none());
}

#[test]
fn other_text_without_other_ticked_is_not_an_answer() {
    let mut r = main_survey();
    r.set_answer("age", text("30"));
    r.toggle("feelings", "other", true);
    r.set_other("feelings", "Angry");
    r.toggle("feelings", "other", false);
    // Nothing is chosen: the question counts as unanswered everywhere.
    let progress = r.progress();
    assert_eq!((progress.answered, progress.questions), (1, 5), "{progress:?}");
    let row = r.check_answers().into_iter().find(|row| row.question == "feelings").unwrap();
    assert!(!row.answered);
    assert_eq!(row.answer, ["Not answered"]);
    assert!(response_json(&r)["answers"].get("feelings").is_none());
}

#[test]
fn yes_no_and_prefer_not_to_say_labels() {
    let mut r = main_survey();
    r.set_answer("age", text("12"));
    r.set_answer("at_school", choice("yes"));
    r.set_answer("gender", choice("prefer_not_to_say"));
    let rows = r.check_answers();
    let row = |id: &str| rows.iter().find(|x| x.question == id).unwrap().answer.clone();
    assert_eq!(row("at_school"), ["Yes"]);
    assert_eq!(row("gender"), ["Prefer not to say"]);
    r.set_language("ar");
    let rows = r.check_answers();
    let row = |id: &str| rows.iter().find(|x| x.question == id).unwrap().answer.clone();
    assert_eq!(row("at_school"), ["نعم"]);
    assert_eq!(row("gender"), ["أفضّل عدم الإجابة"]);
}

// ------------------------------------------------------------------ progress

#[test]
fn progress_over_visible_pages_and_questions() {
    let mut r = main_survey();
    let p = r.progress();
    assert_eq!((p.page, p.pages, p.answered, p.questions), (0, 3, 0, 5), "school page hidden: 3 pages, 5 questions");
    next(&mut r);
    assert_eq!(r.progress_text(), "Page 1 of 3");
    r.set_answer("age", text("12"));
    assert_eq!(r.progress_text(), "Page 1 of 4", "the school page is now shown");
    let p = r.progress();
    assert_eq!((p.answered, p.questions), (1, 6));
    r.set_answer("at_school", choice("yes"));
    let p = r.progress();
    assert_eq!((p.answered, p.questions), (2, 7), "school_name is now shown");
    next(&mut r);
    assert_eq!(r.progress_text(), "Page 2 of 4");
    next(&mut r);
    assert_eq!(r.screen(), Screen::ContentNote(2));
    assert_eq!(r.progress_text(), "Page 3 of 4", "a content note counts as its page");
    r.set_language("ar");
    assert_eq!(r.progress_text(), "الصفحة 3 من 4");
    r.set_language("en");
    r.skip_page();
    assert_eq!(r.progress_text(), "Page 4 of 4");
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    assert_eq!(r.progress().page, 4);
    // A hidden answer is not counted.
    r.set_answer("age", text("40"));
    let p = r.progress();
    assert_eq!((p.pages, p.answered, p.questions), (3, 1, 5));
}

// ------------------------------------------------------------------ check answers

#[test]
fn check_answers_rows() {
    let mut r = main_survey();
    next(&mut r);
    r.set_answer("age", text(" 12 "));
    r.set_answer("gender", choice("girl"));
    next(&mut r);
    r.set_answer("at_school", choice("no"));
    next(&mut r);
    next(&mut r);
    r.toggle("feelings", "safe", true);
    r.toggle("feelings", "other", true);
    r.set_other("feelings", "Hopeful");
    next(&mut r);
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    let rows = r.check_answers();
    let summary: Vec<(&str, Vec<String>, bool, usize)> =
        rows.iter().map(|row| (row.question.as_str(), row.answer.clone(), row.answered, row.page)).collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary,
        [
            ("age", s(&["12"]), true, 0),
            ("gender", s(&["Girl"]), true, 0),
            ("at_school", s(&["No"]), true, 1),
            ("feelings", s(&["Safe", "Something else", "Please say: Hopeful"]), true, 2),
            ("details", s(&["Not answered"]), false, 2),
            ("comments", s(&["Not answered"]), false, 3),
        ],
        "visible, answerable questions only (no info block, no hidden school_name)"
    );
    assert_eq!(rows[0].text, "How old are you?");
    r.set_language("ar");
    let rows = r.check_answers();
    assert_eq!((rows[0].text.as_str(), rows[1].answer[0].as_str()), ("كم عمرك؟", "بنت"));
    assert_eq!(rows[5].answer, ["لم تتم الإجابة"]);
    r.set_language("en");

    // Change returns to check answers after Continue, without the content note.
    r.change("feelings");
    assert_eq!(r.screen(), Screen::Page(2));
    r.toggle("feelings", "scared", true);
    assert!(!r.continue_on(), "details is now required");
    assert_eq!(r.screen(), Screen::Page(2));
    r.set_answer("details", text("At night"));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    // Change to a page whose answer reveals a question: still back to check answers.
    r.change("at_school");
    assert_eq!(r.screen(), Screen::Page(1));
    r.set_answer("at_school", choice("yes"));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check);
    let row = r.check_answers().into_iter().find(|row| row.question == "school_name").expect("now shown");
    assert!(!row.answered);
    // Change on a hidden page does nothing; change only works from check answers.
    r.set_answer("age", text("40"));
    r.change("at_school");
    assert_eq!(r.screen(), Screen::Check);
    r.change("nobody");
    assert_eq!(r.screen(), Screen::Check);
    // Back passes over the school page (hidden now) and over check answers itself.
    r.back();
    let screen = r.screen();
    assert_eq!(screen, Screen::Page(2));
    r.change("comments");
    assert_eq!(r.screen(), screen);
}

#[test]
fn an_invalid_change_left_with_back_is_caught_before_submit() {
    let mut r = main_survey();
    next(&mut r);
    r.set_answer("age", text("30"));
    for _ in 0..4 {
        next(&mut r);
    }
    assert_eq!(r.screen(), Screen::Check);
    r.change("age");
    r.set_answer("age", text("thirty"));
    r.back(); // leaves the page without Continue, so without checking it
    assert_eq!(r.screen(), Screen::Check);
    // The response document never holds an answer that fails its checks, whatever the path.
    assert!(response_json(&r)["answers"].get("age").is_none());
    assert!(r.checked_response().is_none(), "an answer that fails its checks must not be sent");
    assert_eq!(r.screen(), Screen::Page(0));
    assert_eq!(r.error("age"), Some("Enter a whole number, like 12"));
    r.back();
    assert_eq!(r.screen(), Screen::Check);
    assert!(submit(&mut r).is_none(), "an answer that fails its checks must not be sent");
    assert_eq!(r.screen(), Screen::Page(0));
    assert_eq!(r.error("age"), Some("Enter a whole number, like 12"));
    r.set_answer("age", text("31"));
    next(&mut r);
    assert_eq!(r.screen(), Screen::Check, "Continue returns to check answers");
    let response = r.checked_response().expect("now it can be sent");
    assert_eq!(r.screen(), Screen::Check, "checked_response stays on check answers");
    assert_eq!(response.answers["age"], json!(31));
    let response = submit(&mut r).expect("now it is sent");
    assert_eq!(r.screen(), Screen::Complete);
    assert_eq!(response.answers["age"], json!(31));
}

// ------------------------------------------------------------------ the response

#[test]
fn the_response_document() {
    let mut r = respondent(survey(json!([
        { "id": "p", "title": "P", "questions": [
            { "id": "pick", "kind": "dropdown", "text": "Pick", "options": [{ "value": "x", "text": "X" }] },
            { "id": "many", "kind": "multiple_choice", "text": "Many", "options": [{ "value": "a", "text": "A" }, { "value": "b", "text": "B" }], "other": "Other" },
            { "id": "n", "kind": "number", "text": "N" },
            { "id": "f", "kind": "number", "text": "F" },
            { "id": "neg", "kind": "number", "text": "Neg" },
            { "id": "words", "kind": "long_text", "text": "Words" },
            { "id": "s", "kind": "scale", "text": "S", "min": 1, "max": 5 },
            { "id": "yn", "kind": "yes_no", "text": "YN", "prefer_not_to_say": true },
            { "id": "m", "kind": "matrix", "text": "M", "rows": [{ "value": "r", "text": "R" }], "columns": [{ "value": "c", "text": "C" }] },
            { "id": "skipped", "kind": "short_text", "text": "Not answered" }
        ]}
    ])));
    r.set_answer("pick", choice("x"));
    r.toggle("many", "b", true);
    r.toggle("many", "other", true);
    r.set_other("many", "  Mine  ");
    r.set_answer("n", text("42"));
    r.set_answer("f", text("2.5"));
    r.set_answer("neg", text("-7"));
    r.set_answer("words", text("  Line one\n\nLine two  \n"));
    r.set_answer("s", choice("4"));
    r.set_answer("yn", choice("prefer_not_to_say"));
    r.set_matrix_row("m", "r", Some("c"));
    next(&mut r);
    next(&mut r);
    let json = submit(&mut r).expect("submitted").to_json();
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc,
        json!({
            "format": "speaksafe/1",
            "survey": "fixture",
            "language": "en",
            "answers": {
                "pick": "x", "many": ["b", "other"], "n": 42, "f": 2.5, "neg": -7,
                "words": "  Line one\n\nLine two", "s": "4", "yn": "prefer_not_to_say", "m": { "r": "c" }
            },
            "other": { "many": "Mine" }
        })
    );
    assert!(doc["answers"]["n"].is_u64() && doc["answers"]["neg"].is_i64() && doc["answers"]["f"].is_f64());
    // Nothing about time or the device, anywhere in the document.
    for word in ["time", "date", "agent", "device", "ip", "screen", "started", "duration", "Z\""] {
        assert!(!json.to_lowercase().contains(&word.to_lowercase()), "{word} in {json}");
    }
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["answers", "format", "language", "other", "survey"]);
    // The document reads back.
    let back = speaksafe_core::Response::from_json(&json).unwrap();
    assert_eq!(back.answers.len(), 9);
    assert_eq!(back.other.get("many"), Some(&json!("Mine")));
}

#[test]
fn the_response_is_in_the_language_answered() {
    let mut r = main_survey();
    r.set_language("ar");
    r.set_answer("age", text("15"));
    let doc = response_json(&r);
    assert_eq!(doc["language"], "ar");
    assert_eq!(doc["answers"], json!({ "age": 15 }));
    assert!(doc.get("other").is_none());
}

#[test]
fn answers_to_unknown_questions_are_ignored() {
    let mut r = main_survey();
    r.set_answer("nobody", text("x"));
    r.toggle("nobody", "x", true);
    r.set_matrix_row("nobody", "r", Some("c"));
    r.set_other("nobody", "x");
    assert!(r.answer("nobody").is_none());
    assert_eq!(response_json(&r)["answers"], json!({}));
}

#[test]
fn answers_that_do_not_fit_the_question_are_ignored() {
    let mut r = main_survey();
    r.set_answer("gender", choice("girl"));
    r.set_answer("gender", choice("robot")); // not an option
    r.set_answer("gender", text("girl")); // a text for a choice
    assert_eq!(r.answer("gender"), Some(&Answer::choice("girl")));
    r.set_answer("age", choice("12")); // a choice for a number
    r.toggle("age", "o1", true);
    r.set_other("age", "x");
    r.set_matrix_row("age", "r", Some("c"));
    assert!(r.answer("age").is_none());
    r.toggle("feelings", "furious", true); // not an option
    assert!(r.answer("feelings").is_none());
    r.set_answer("note", text("an info block takes no answer"));
    assert!(r.answer("note").is_none());
    // An empty choice still clears.
    r.set_answer("gender", choice(""));
    assert!(r.answer("gender").is_none());
    assert_eq!(response_json(&r)["answers"], json!({}));
}

#[test]
fn a_preview_keeps_its_answers_when_the_survey_is_edited_and_can_show_everything() {
    let mut r = main_survey();
    r.continue_on();
    r.set_answer("age", Some(Answer::Text("30".into())));
    r.set_answer("gender", Some(Answer::choice("girl")));
    r.set_language("ar");
    assert!(!r.is_page_visible(1), "school is for under 17s");
    // The organiser edits the survey: an option goes, the first page gets a new question.
    let edited = survey(json!([
        { "id": "about", "title": "About you", "questions": [
            { "id": "age", "kind": "number", "text": "How old are you?", "min": 0, "max": 120 },
            { "id": "new", "kind": "short_text", "text": "New?" },
            { "id": "gender", "kind": "single_choice", "text": "Gender", "options": [{ "value": "boy", "text": "Boy" }] }
        ]},
        { "id": "school", "title": "School", "visible_if": "{age} < 17", "questions": [
            { "id": "at_school", "kind": "yes_no", "text": "Do you go to school?" }
        ]}
    ]));
    let mut next = r.carry_over(Rc::new(read(&edited.to_string()).unwrap().survey));
    assert_eq!(next.screen(), Screen::Page(0));
    assert_eq!(next.language().code, "ar");
    assert_eq!(next.answer("age"), Some(&Answer::Text("30".into())));
    assert_eq!(next.answer("gender"), None, "\"girl\" is no longer offered");
    // "Show hidden questions": the school page shows, though the condition says no…
    next.reveal_all(true);
    assert!(next.is_page_visible(1));
    next.go_to_page(1);
    assert_eq!(next.screen(), Screen::Page(1));
    assert_eq!(next.visible_questions(1).count(), 1);
    // …and the response still keeps only what the conditions show.
    next.set_answer("at_school", Some(Answer::choice("yes")));
    assert!(!next.response().answers.contains_key("at_school"));
    next.reveal_all(false);
    assert!(!next.is_page_visible(1));
}
