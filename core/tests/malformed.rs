//! Malformed survey definitions: each one must be refused with the exact path of what is wrong
//! and a message that names it. Warnings (sensitive and required, missing translations, no
//! exit, no support) are checked at the end.

use serde_json::{json, Value};
use speaksafe_core::read::{MAX_DEFINITION_BYTES, MAX_TEXT_CHARS};
use speaksafe_core::{read, Problem};

/// A small valid survey in English and Arabic, with no warnings:
/// pages[0] "about": age (number), gender (single choice), note (info);
/// pages[1] "life": feelings (multiple choice with "other"), m (matrix), name (short text);
/// pages[2] "more": story (long text, shown when age >= 16).
fn base() -> Value {
    json!({
        "format": "speaksafe/1",
        "id": "test-survey",
        "languages": ["en", "ar"],
        "title": "A test survey",
        "intro": "Some questions.",
        "completion": "Thank you.",
        "exit": { "url": "https://www.bbc.co.uk/weather" },
        "submit": { "endpoint": "/api/v1/surveys/test-survey/responses", "public_key": "" },
        "support": [{ "name": "Helpline", "phone": "0800 000 0000", "url": "https://help.example.org" }],
        "pages": [
            { "id": "about", "title": "About you", "questions": [
                { "id": "age", "kind": "number", "text": "How old are you?", "min": 0, "max": 120, "integer": true },
                { "id": "gender", "kind": "single_choice", "text": "Gender",
                  "options": [{ "value": "woman", "text": "Woman" }, { "value": "man", "text": "Man" }],
                  "prefer_not_to_say": true },
                { "id": "note", "kind": "info", "text": "The next page asks about your life." }
            ]},
            { "id": "life", "title": "Your life", "questions": [
                { "id": "feelings", "kind": "multiple_choice", "text": "How do you feel?",
                  "options": [{ "value": "safe", "text": "Safe" }, { "value": "none", "text": "None of these", "exclusive": true }],
                  "other": "Something else" },
                { "id": "m", "kind": "matrix", "text": "How often?",
                  "rows": [{ "value": "r1", "text": "At home" }, { "value": "r2", "text": "At school" }],
                  "columns": [{ "value": "c1", "text": "Never" }, { "value": "c2", "text": "Often" }] },
                { "id": "name", "kind": "short_text", "text": "A name you go by" }
            ]},
            { "id": "more", "title": "More", "questions": [
                { "id": "story", "kind": "long_text", "text": "Tell us more", "visible_if": "{age} >= 16" }
            ]}
        ]
    })
}

/// The base survey changed by `change`, as JSON text. It gives every Arabic interface word
/// itself (its wording does not matter here), so that the warning about speaksafe's unreviewed
/// built-in words shows only where a test asks for it.
fn with(change: impl FnOnce(&mut Value)) -> String {
    let mut survey = base();
    let every_word: serde_json::Map<String, Value> = speaksafe_core::ui::KEYS
        .iter()
        .zip(speaksafe_core::ui::ENGLISH)
        .map(|(key, wording)| (key.to_string(), json!(wording)))
        .collect();
    survey["interface"] = json!({ "ar": every_word });
    change(&mut survey);
    survey.to_string()
}

/// The question at `pages[p].questions[q]`.
fn question(survey: &mut Value, p: usize, q: usize) -> &mut Value {
    &mut survey["pages"][p]["questions"][q]
}

fn remove(value: &mut Value, key: &str) {
    value.as_object_mut().expect("an object").remove(key);
}

#[track_caller]
fn problems(json: &str) -> Vec<Problem> {
    match read(json) {
        Ok(_) => panic!("expected errors, but the definition was read: {}", &json[..json.len().min(300)]),
        Err(problems) => {
            assert!(!problems.is_empty(), "an error result with no problems");
            problems
        }
    }
}

fn listing(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}

/// Asserts that the definition has exactly these errors, in any order: each one by its exact path
/// and the words its message must contain.
#[track_caller]
fn expect_errors(json: &str, expected: &[(&str, &[&str])]) -> Vec<Problem> {
    let found = problems(json);
    assert_eq!(found.len(), expected.len(), "expected {} errors, found:{}", expected.len(), listing(&found));
    for (path, words) in expected {
        let matched = found.iter().any(|p| p.path == *path && words.iter().all(|w| p.message.contains(w)));
        assert!(matched, "no error at {path:?} containing {words:?}; found:{}", listing(&found));
    }
    found
}

/// Asserts that the definition has exactly one error, at `path`, whose message contains `words`.
#[track_caller]
fn expect_error(json: &str, path: &str, words: &[&str]) -> Problem {
    expect_errors(json, &[(path, words)]).remove(0)
}

#[test]
fn the_base_survey_is_valid_and_has_no_warnings() {
    let checked = read(&with(|_| {})).unwrap_or_else(|e| panic!("{}", listing(&e)));
    assert!(checked.warnings.is_empty(), "{}", listing(&checked.warnings));
    assert_eq!(checked.survey.pages.len(), 3);
    assert_eq!(checked.survey.question_count(), 7);
    assert_eq!(checked.survey.condition_count(), 1);
}

// ------------------------------------------------------------------ the file as a whole

#[test]
fn invalid_json() {
    let p = expect_error(r#"{"format": "speaksafe/1", "id": }"#, "", &["not valid JSON", "line 1 column 33"]);
    assert_eq!(p.to_string(), p.message, "a problem with no path displays as its message alone");
    expect_error("{'format': 'speaksafe/1'}", "", &["not valid JSON", "line 1 column 2"]);
    expect_error("", "", &["line 1 column 0"]);
    expect_error("{} {}", "", &["not valid JSON", "trailing characters"]);
}

#[test]
fn truncated_json() {
    let full = base().to_string();
    let cut = &full[..full.len() / 2];
    expect_error(cut, "", &["ends too early", "cut short", "line 1 column"]);
    expect_error(r#"{"format": "speaksafe/1", "title": "A tit"#, "", &["ends too early"]);
}

#[test]
fn deeply_nested_json() {
    let deep = "[".repeat(100_000);
    expect_error(&deep, "", &["nested too deeply", "line 1 column 128"]);
    let deep_objects = r#"{"a":"#.repeat(100_000);
    expect_error(&deep_objects, "", &["nested too deeply"]);
    // Deep but closed, inside a valid survey.
    let nested =
        with(|s| s["title"] = serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).unwrap());
    expect_error(&nested, "title", &["expected a text", "found a list"]);
}

#[test]
fn huge_string() {
    let huge = "x".repeat(MAX_TEXT_CHARS + 1);
    expect_error(&with(|s| s["title"] = json!(huge)), "title", &["longer than 20000 characters"]);
    let json = with(|s| question(s, 1, 2)["text"] = json!({ "en": huge, "ar": "نص" }));
    expect_error(&json, "pages[1].questions[2].text.en", &["longer than 20000 characters"]);
    // Exactly at the limit is fine (counted in characters, not bytes).
    assert!(read(&with(|s| s["intro"] = json!("é".repeat(MAX_TEXT_CHARS)))).is_ok());
}

#[test]
fn file_over_two_mebibytes() {
    let padding = "a".repeat(MAX_DEFINITION_BYTES);
    let json = with(|s| s["intro"] = json!(padding));
    expect_error(&json, "", &["bytes", "the most speaksafe reads is 2097152"]);
}

#[test]
fn a_byte_order_mark_is_not_an_error() {
    assert!(read(&format!("\u{feff}{}", base())).is_ok());
    expect_error(&format!("\u{feff}\u{feff}{}", base()), "", &["not valid JSON", "line 1 column 1"]);
}

#[test]
fn not_an_object() {
    expect_error("[]", "", &["expected an object", "found a list"]);
    expect_error("null", "", &["expected an object", "found null"]);
}

// ------------------------------------------------------------------ top-level fields

#[test]
fn wrong_format_version() {
    expect_error(
        &with(|s| s["format"] = json!("speaksafe/2")),
        "format",
        &["\"speaksafe/2\"", "expected \"speaksafe/1\""],
    );
    expect_error(&with(|s| s["format"] = json!(1)), "format", &["expected \"speaksafe/1\"", "found a number"]);
    expect_error(&with(|s| remove(s, "format")), "format", &["missing", "\"format\": \"speaksafe/1\""]);
}

#[test]
fn missing_id_title_and_pages() {
    let json = with(|s| {
        remove(s, "id");
        remove(s, "title");
        remove(s, "pages");
    });
    expect_errors(
        &json,
        &[("id", &["missing"]), ("title", &["missing", "required"]), ("pages", &["missing", "list is required"])],
    );
    expect_error(&with(|s| s["pages"] = json!([])), "pages", &["is empty", "at least one"]);
    expect_error(&with(|s| s["id"] = json!("my survey!")), "id", &["\"my survey!\"", "not a usable name"]);
    expect_error(&with(|s| s["title"] = json!("   ")), "title", &["is empty", "required"]);
}

#[test]
fn bad_language_code() {
    expect_error(
        &with(|s| {
            s["languages"] = json!(["en", "Arabic"]);
            remove(s, "interface");
        }),
        "languages[1]",
        &["\"Arabic\"", "not a language code"],
    );
    expect_error(
        &with(|s| {
            s["languages"] = json!(["en", ""]);
            remove(s, "interface");
        }),
        "languages[1]",
        &["not a language code"],
    );
    expect_error(
        &with(|s| {
            s["languages"] = json!(["en", 7]);
            remove(s, "interface");
        }),
        "languages[1]",
        &["expected a language code", "found a number"],
    );
    let json = with(|s| s["languages"] = json!(["en", { "code": "ar", "dir": "up" }]));
    expect_error(&json, "languages[1].dir", &["\"up\"", "not a direction"]);
    expect_error(
        &with(|s| {
            s["languages"] = json!([]);
            remove(s, "interface");
        }),
        "languages",
        &["is empty"],
    );
}

#[test]
fn duplicate_language() {
    let json = with(|s| s["languages"] = json!(["en", "ar", { "code": "en", "name": "English" }]));
    expect_error(&json, "languages[2]", &["\"en\"", "listed twice"]);
}

#[test]
fn text_in_an_unknown_language() {
    let json = with(|s| s["title"] = json!({ "en": "Title", "ar": "عنوان", "fr": "Titre" }));
    expect_error(&json, "title.fr", &["\"fr\" is not one of the survey's languages (en, ar)"]);
    let json = with(|s| question(s, 0, 0)["text"] = json!({ "en": "Age", "arr": "العمر" }));
    expect_error(
        &json,
        "pages[0].questions[0].text.arr",
        &["not one of the survey's languages", "did you mean \"ar\"?"],
    );
    expect_error(&with(|s| s["intro"] = json!({})), "intro", &["is empty", "at least one language"]);
}

#[test]
fn unknown_field_with_did_you_mean() {
    let json = with(|s| s["titel"] = json!("x"));
    expect_error(&json, "titel", &["unknown field", "(did you mean \"title\"?)"]);
    let json = with(|s| question(s, 0, 0)["requird"] = json!(true));
    expect_error(&json, "pages[0].questions[0].requird", &["unknown field", "did you mean \"required\"?"]);
    let json = with(|s| s["pages"][1]["visible"] = json!("{age} > 3"));
    expect_error(&json, "pages[1].visible", &["unknown field", "expected one of id, title"]);
    // A field of another kind: "options" on a number question.
    let json = with(|s| question(s, 0, 0)["options"] = json!([]));
    expect_error(&json, "pages[0].questions[0].options", &["unknown field"]);
    // Information blocks are never answered, so they cannot be required.
    let json = with(|s| question(s, 0, 2)["required"] = json!(true));
    let p = problems(&json);
    assert_eq!(p[0].path, "pages[0].questions[2].required", "{}", listing(&p));
    assert!(p[0].message.contains("unknown field"), "{}", listing(&p));
}

#[test]
fn unknown_kind() {
    let json = with(|s| question(s, 0, 1)["kind"] = json!("single_choise"));
    expect_error(
        &json,
        "pages[0].questions[1].kind",
        &["unknown kind \"single_choise\"", "did you mean \"single_choice\"?"],
    );
    let json = with(|s| question(s, 0, 1)["kind"] = json!("slider"));
    let p = expect_error(&json, "pages[0].questions[1].kind", &["unknown kind \"slider\"", "expected one of"]);
    assert!(!p.message.contains("did you mean"), "{p}");
    expect_error(&with(|s| remove(question(s, 0, 1), "kind")), "pages[0].questions[1].kind", &["missing"]);
}

#[test]
fn duplicate_question_ids() {
    let json = with(|s| question(s, 2, 0)["id"] = json!("gender"));
    expect_error(&json, "pages[2].questions[0].id", &["\"gender\" is already the id of pages[0].questions[1]"]);
    let json = with(|s| s["pages"][2]["id"] = json!("about"));
    expect_error(&json, "pages[2].id", &["\"about\" is already the id of pages[0]"]);
    let json = with(|s| question(s, 0, 0)["id"] = json!("a.b"));
    expect_error(&json, "pages[0].questions[0].id", &["\"a.b\"", "not a usable name"]);
}

#[test]
fn duplicate_option_values() {
    let json = with(|s| question(s, 0, 1)["options"][1]["value"] = json!("woman"));
    expect_error(&json, "pages[0].questions[1].options[1].value", &["\"woman\" is used twice"]);
    let json = with(|s| question(s, 1, 1)["columns"][1]["value"] = json!("c1"));
    expect_error(&json, "pages[1].questions[1].columns[1].value", &["\"c1\" is used twice"]);
}

#[test]
fn reserved_option_values() {
    let json = with(|s| question(s, 0, 1)["options"][1]["value"] = json!("prefer_not_to_say"));
    expect_error(
        &json,
        "pages[0].questions[1].options[1].value",
        &["kept for speaksafe's own option", "\"prefer_not_to_say\": true"],
    );
    let json = with(|s| question(s, 1, 0)["options"][0]["value"] = json!("other"));
    expect_error(&json, "pages[1].questions[0].options[0].value", &["\"other\" is kept", "\"other\": TEXT"]);
}

#[test]
fn an_option_valued_other_clashes_with_other_on_a_single_choice_or_dropdown() {
    for kind in ["single_choice", "dropdown"] {
        let json = with(|s| {
            question(s, 0, 1)["kind"] = json!(kind);
            question(s, 0, 1)["options"][1]["value"] = json!("other");
        });
        assert!(read(&json).is_ok(), "{kind}: without \"other\" on the question, \"other\" is an ordinary value");
        let json = with(|s| {
            question(s, 0, 1)["kind"] = json!(kind);
            question(s, 0, 1)["options"][1]["value"] = json!("other");
            question(s, 0, 1)["other"] = json!("Another way");
        });
        expect_error(&json, "pages[0].questions[1].options[1].value", &["the question's own \"Other\" option"]);
    }
}

#[test]
fn empty_options() {
    let json = with(|s| question(s, 0, 1)["options"] = json!([]));
    expect_error(&json, "pages[0].questions[1].options", &["is empty", "at least one"]);
    let json = with(|s| remove(question(s, 1, 0), "options"));
    expect_error(&json, "pages[1].questions[0].options", &["missing"]);
    let json = with(|s| question(s, 1, 1)["rows"] = json!([]));
    expect_error(&json, "pages[1].questions[1].rows", &["is empty"]);
}

#[test]
fn number_min_more_than_max() {
    let json = with(|s| {
        question(s, 0, 0)["min"] = json!(10);
        question(s, 0, 0)["max"] = json!(5);
    });
    expect_error(&json, "pages[0].questions[0].min", &["10 is more than max 5"]);
    let json = with(|s| question(s, 0, 0)["max"] = json!("120"));
    expect_error(&json, "pages[0].questions[0].max", &["expected a number", "found a string"]);
}

#[test]
fn bad_scale() {
    let scale = |extra: Value| {
        with(|s| {
            let mut q = json!({ "id": "happy", "kind": "scale", "text": "How happy?" });
            for (k, v) in extra.as_object().unwrap() {
                q[k] = v.clone();
            }
            *question(s, 1, 2) = q;
        })
    };
    assert!(read(&scale(json!({ "min": 1, "max": 5 }))).is_ok());
    assert!(read(&scale(json!({ "min": 0, "max": 10 }))).is_ok());
    let path = "pages[1].questions[2]";
    expect_error(&scale(json!({ "min": 1, "max": 20 })), path, &["2 to 11 points", "found 1 to 20"]);
    expect_error(&scale(json!({ "min": 5, "max": 1 })), path, &["found 5 to 1"]);
    expect_error(&scale(json!({ "min": 1, "max": 1 })), path, &["found 1 to 1"]);
    expect_error(&scale(json!({ "min": 1, "max": 4.5 })), path, &["whole numbers", "found 1 to 4.5"]);
    expect_error(
        &scale(json!({ "min": 1 })),
        "pages[1].questions[2].max",
        &["missing", "numbered scale needs \"max\""],
    );
    let both = scale(json!({ "max": 5, "options": [{ "value": "a", "text": "A" }] }));
    expect_error(&both, path, &["either \"options\"", "not both"]);
}

#[test]
fn bad_regex_pattern() {
    let json = with(|s| {
        question(s, 1, 2)["validation"] = json!([{ "rule": "pattern", "pattern": "([a-z", "message": "Letters only" }])
    });
    expect_error(
        &json,
        "pages[1].questions[2].validation[0].pattern",
        &["not a pattern speaksafe can read", "unclosed"],
    );
    let long = "a".repeat(1001);
    let json =
        with(|s| question(s, 1, 2)["validation"] = json!([{ "rule": "pattern", "pattern": long, "message": "x" }]));
    expect_error(&json, "pages[1].questions[2].validation[0].pattern", &["longer than 1000 characters"]);
    let json = with(|s| question(s, 1, 2)["validation"] = json!([{ "rule": "pattern", "pattern": "^[a-z]+$" }]));
    expect_error(&json, "pages[1].questions[2].validation[0].message", &["missing"]);
}

#[test]
fn rule_on_the_wrong_kind() {
    let json = with(|s| question(s, 1, 2)["validation"] = json!([{ "rule": "range", "min": 1, "message": "x" }]));
    expect_error(
        &json,
        "pages[1].questions[2].validation[0].rule",
        &["a \"range\" rule is for number questions, not short_text"],
    );
    let json = with(|s| question(s, 0, 0)["validation"] = json!([{ "rule": "length", "max": 3, "message": "x" }]));
    expect_error(
        &json,
        "pages[0].questions[0].validation[0].rule",
        &["\"length\" rule is for short_text and long_text questions, not number"],
    );
    let json =
        with(|s| question(s, 0, 1)["validation"] = json!([{ "rule": "pattern", "pattern": "a", "message": "x" }]));
    expect_error(&json, "pages[0].questions[1].validation[0].rule", &["not single_choice"]);
    let json = with(|s| question(s, 1, 2)["validation"] = json!([{ "rule": "lenght", "max": 3, "message": "x" }]));
    expect_error(
        &json,
        "pages[1].questions[2].validation[0].rule",
        &["unknown rule \"lenght\"", "did you mean \"length\"?"],
    );
    let json =
        with(|s| question(s, 1, 2)["validation"] = json!([{ "rule": "length", "min": 9, "max": 3, "message": "x" }]));
    expect_error(&json, "pages[1].questions[2].validation[0].min", &["9 is more than max 3"]);
    let json = with(|s| question(s, 1, 2)["validation"] = json!([{ "rule": "length", "message": "x" }]));
    expect_error(&json, "pages[1].questions[2].validation[0]", &["give \"min\", \"max\" or both"]);
}

// ------------------------------------------------------------------ conditions

#[test]
fn condition_syntax_error_with_column() {
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{age} >="));
    expect_error(&json, "pages[2].questions[0].visible_if", &["expected a value", "at column 9"]);
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{age} = 'yes"));
    expect_error(&json, "pages[2].questions[0].visible_if", &["unterminated string", "at column 9"]);
    let json = with(|s| s["pages"][2]["visible_if"] = json!("({age} > 3"));
    expect_error(&json, "pages[2].visible_if", &["unclosed \"(\"", "at column 1"]);
    let json = with(|s| question(s, 2, 0)["required_if"] = json!("{age} => 3"));
    expect_error(&json, "pages[2].questions[0].required_if", &["unknown operator \"=>\"", "at column 7"]);
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!(true));
    expect_error(&json, "pages[2].questions[0].visible_if", &["expected a string", "found true/false"]);
}

#[test]
fn unknown_question_reference() {
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{agee} = 1"));
    let p = expect_error(
        &json,
        "pages[2].questions[0].visible_if",
        &["unknown question \"agee\" at column 2", "did you mean \"age\"?"],
    );
    assert!(
        p.to_string().starts_with("pages[2].questions[0].visible_if: unknown question \"agee\" at column 2"),
        "{p}"
    );
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{age} > 3 and {nobody_here} empty"));
    expect_error(&json, "pages[2].questions[0].visible_if", &["unknown question \"nobody_here\" at column 16"]);
}

#[test]
fn reference_to_an_info_block() {
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{note} notempty"));
    expect_error(
        &json,
        "pages[2].questions[0].visible_if",
        &["\"note\" is an information block and has no answer", "at column 2"],
    );
}

#[test]
fn matrix_without_row_and_unknown_row() {
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{m} = 'c1'"));
    expect_error(&json, "pages[2].questions[0].visible_if", &["\"m\" is a matrix", "{m.r1}", "at column 2"]);
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{m.r3} = 'c1'"));
    expect_error(
        &json,
        "pages[2].questions[0].visible_if",
        &["matrix \"m\" has no row \"r3\"", "did you mean \"r1\"?", "at column 2"],
    );
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{age.r1} = 3"));
    expect_error(&json, "pages[2].questions[0].visible_if", &["\"age\" is not a matrix", "no row \"r1\""]);
    let ok = with(|s| question(s, 2, 0)["visible_if"] = json!("{m.r2} = 'c2'"));
    assert!(read(&ok).is_ok());
}

#[test]
fn self_reference() {
    let json = with(|s| question(s, 2, 0)["visible_if"] = json!("{story} notempty"));
    expect_error(&json, "pages[2].questions[0].visible_if", &["cannot depend on its own answer", "at column 2"]);
}

#[test]
fn cycle_between_two_questions() {
    let json = with(|s| {
        question(s, 1, 2)["visible_if"] = json!("{story} empty");
        question(s, 2, 0)["visible_if"] = json!("{name} notempty");
    });
    // Reported once, at the condition that closes the cycle.
    expect_error(
        &json,
        "pages[2].questions[0].visible_if",
        &["circular condition: whether \"name\" → \"story\" → \"name\" is shown depends on itself"],
    );
}

#[test]
fn cycle_through_three_questions_and_a_page() {
    // gender is shown if story is answered; story's page if feelings is; feelings if gender is.
    let json = with(|s| {
        question(s, 0, 1)["visible_if"] = json!("{story} notempty");
        s["pages"][2]["visible_if"] = json!("{feelings} notempty");
        question(s, 1, 0)["visible_if"] = json!("{gender} = 'woman'");
    });
    expect_error(
        &json,
        "pages[1].questions[0].visible_if",
        &["whether \"gender\" → \"story\" → page \"more\" → \"feelings\" → \"gender\" is shown depends on itself"],
    );
}

#[test]
fn page_condition_on_its_own_question() {
    // Once the page is hidden, "name" is hidden, so it is empty, so the page stays hidden.
    let json = with(|s| s["pages"][1]["visible_if"] = json!("{name} notempty"));
    expect_error(
        &json,
        "pages[1].visible_if",
        &["circular condition: whether \"name\" → page \"life\" → \"name\" is shown"],
    );
}

#[test]
fn a_chain_without_a_cycle_is_fine() {
    let json = with(|s| {
        question(s, 0, 1)["visible_if"] = json!("{age} > 10");
        s["pages"][1]["visible_if"] = json!("{gender} anyof ['woman', 'prefer_not_to_say']");
        question(s, 1, 2)["visible_if"] = json!("{feelings} contains 'safe' or {m.r1} = 'c2'");
        question(s, 2, 0)["visible_if"] = json!("{name} notempty and not ({age} < 16)");
    });
    let checked = read(&json).unwrap_or_else(|e| panic!("{}", listing(&e)));
    assert_eq!(checked.survey.condition_count(), 4);
}

// ------------------------------------------------------------------ exit and support

#[test]
fn javascript_exit_url() {
    let json = with(|s| s["exit"]["url"] = json!("javascript:alert(1)"));
    expect_error(&json, "exit.url", &["\"javascript:alert(1)\" is not a web address"]);
    let json = with(|s| s["exit"]["url"] = json!("https://"));
    expect_error(&json, "exit.url", &["not a web address"]);
    let json = with(|s| s["exit"]["url"] = json!("https://example.org/\"><script>"));
    expect_error(&json, "exit.url", &["not a web address"]);
    let json = with(|s| s["exit"]["escape"] = json!("yes"));
    expect_error(&json, "exit.escape", &["expected true or false", "found a string"]);
}

#[test]
fn bad_support_url() {
    let json = with(|s| s["support"][0]["url"] = json!("javascript:void(0)"));
    expect_error(&json, "support[0].url", &["not a web address"]);
    let json = with(|s| s["support"][0]["url"] = json!("www.help.example.org"));
    expect_error(&json, "support[0].url", &["\"www.help.example.org\" is not a web address"]);
    let json = with(|s| s["support"][0]["phone"] = json!("call us"));
    expect_error(&json, "support[0].phone", &["not a phone number"]);
    let json = with(|s| remove(&mut s["support"][0], "name"));
    expect_error(&json, "support[0].name", &["missing"]);
}

// ------------------------------------------------------------------ every error at once

#[test]
fn three_separate_errors_are_all_reported() {
    let json = with(|s| {
        s["format"] = json!("speaksafe/0");
        question(s, 0, 1)["kind"] = json!("dropdwn");
        s["support"][0]["url"] = json!("ftp://help.example.org");
    });
    expect_errors(
        &json,
        &[
            ("format", &["\"speaksafe/0\""]),
            ("pages[0].questions[1].kind", &["unknown kind", "did you mean \"dropdown\"?"]),
            ("support[0].url", &["not a web address"]),
        ],
    );
}

#[test]
fn errors_on_several_pages_are_all_reported() {
    let json = with(|s| {
        question(s, 0, 0)["min"] = json!(200);
        question(s, 1, 1)["rows"][0]["value"] = json!("r2");
        question(s, 2, 0)["visible_if"] = json!("{agee} > 3");
        s["pages"][2]["intro"] = json!({ "de": "Hallo" });
    });
    expect_errors(
        &json,
        &[
            ("pages[0].questions[0].min", &["200 is more than max 120"]),
            ("pages[1].questions[1].rows[1].value", &["\"r2\" is used twice"]),
            ("pages[2].intro.de", &["not one of the survey's languages"]),
            // References are checked only once every question has read: another error stops first.
        ],
    );
}

// ------------------------------------------------------------------ warnings

fn warnings(json: &str) -> Vec<Problem> {
    match read(json) {
        Ok(checked) => checked.warnings,
        Err(e) => panic!("expected a valid survey:{}", listing(&e)),
    }
}

#[track_caller]
fn expect_warning(warnings: &[Problem], path: &str, words: &[&str]) {
    let matched = warnings.iter().any(|p| p.path == path && words.iter().all(|w| p.message.contains(w)));
    assert!(matched, "no warning at {path:?} containing {words:?}; found:{}", listing(warnings));
}

#[test]
fn warning_sensitive_and_required() {
    let w = warnings(&with(|s| {
        question(s, 1, 0)["sensitive"] = json!(true);
        question(s, 1, 0)["required"] = json!(true);
    }));
    assert_eq!(w.len(), 1, "{}", listing(&w));
    expect_warning(&w, "pages[1].questions[0].required", &["\"feelings\" is sensitive and required", "skip"]);
    let w = warnings(&with(|s| {
        question(s, 1, 2)["sensitive"] = json!(true);
        question(s, 1, 2)["required_if"] = json!("{age} > 18");
    }));
    expect_warning(&w, "pages[1].questions[2].required", &["\"name\" is sensitive and required"]);
}

#[test]
fn warning_missing_translation() {
    let w = warnings(&with(|s| {
        s["title"] = json!({ "en": "Title", "ar": "عنوان" });
        question(s, 0, 0)["text"] = json!({ "en": "How old are you?" });
        question(s, 0, 1)["options"][0]["text"] = json!({ "ar": "امرأة" });
    }));
    assert_eq!(w.len(), 2, "{}", listing(&w));
    expect_warning(&w, "pages[0].questions[0].text", &["no \"ar\" text", "will see the en text"]);
    expect_warning(&w, "pages[0].questions[1].options[0].text", &["no \"en\" text", "will see the ar text"]);
}

#[test]
fn warning_no_exit() {
    let w = warnings(&with(|s| remove(s, "exit")));
    assert_eq!(w.len(), 1, "{}", listing(&w));
    expect_warning(&w, "exit", &["not set", "https://www.bbc.co.uk/weather"]);
    let w = warnings(&with(|s| s["exit"] = json!({ "escape": false })));
    expect_warning(&w, "exit.url", &["not set"]);
}

#[test]
fn warning_no_support() {
    let w = warnings(&with(|s| remove(s, "support")));
    assert_eq!(w.len(), 1, "{}", listing(&w));
    expect_warning(&w, "support", &["no help lines", "every page"]);
    expect_warning(&warnings(&with(|s| s["support"] = json!([]))), "support", &["no help lines"]);
}

#[test]
fn other_warnings() {
    let w = warnings(&with(|s| remove(s, "submit")));
    expect_warning(&w, "submit", &["not set"]);
    let w = warnings(&with(|s| {
        s["languages"] = json!(["en", "de"]);
        remove(s, "interface");
    }));
    expect_warning(&w, "languages[1]", &["no built-in interface words in \"de\"", "start, continue, back"]);
    let w = warnings(&with(|s| question(s, 0, 1)["visible_if"] = json!("{name} notempty")));
    expect_warning(&w, "pages[0].questions[1].visible_if", &["\"name\" at column 2 is on a later page"]);
}

// ------------------------------------------------------------------ interface words

#[test]
fn an_interface_block_gives_or_overrides_words() {
    let checked = read(&with(|s| {
        s["interface"]["ar"]["start"] = json!("ابدأ الآن");
        s["interface"]["en"] = json!({ "continue": "Next", "page_of": "Step {k} of {n}" });
    }))
    .unwrap_or_else(|e| panic!("{}", listing(&e)));
    let survey = &checked.survey;
    assert_eq!(survey.words("ar").start(), "ابدأ الآن");
    assert_eq!(survey.words("en").continue_(), "Next");
    assert_eq!(survey.words("en").page_of(), "Step {k} of {n}");
    assert_eq!(survey.words("en").back(), "Back", "a word not given stays as it was");
    // A yes/no question's built-in answers come from the same words.
    let yes_no = with(|s| {
        s["interface"]["ar"]["yes"] = json!("نعم");
        question(s, 0, 2)["kind"] = json!("yes_no");
        question(s, 0, 2)["text"] = json!("Yes?");
    });
    let survey = read(&yes_no).unwrap_or_else(|e| panic!("{}", listing(&e))).survey;
    let options = match survey.pages[0].questions[2].kind.shape() {
        speaksafe_core::Shape::Chosen { options, .. } => options.to_vec(),
        _ => panic!("a yes/no question is a choice"),
    };
    assert_eq!(options[0].text.get("ar", "en"), "نعم");
    assert_eq!(options[0].text.get("en", "en"), "Yes");
}

#[test]
fn a_broken_interface_block_gets_errors_with_paths() {
    expect_errors(
        &with(|s| {
            s["interface"]["ar"]["strat"] = json!("x");
            s["interface"]["ar"]["page_of"] = json!("الصفحة {k}");
            s["interface"]["ar"]["start"] = json!("{n} ابدأ");
            s["interface"]["ar"]["back"] = json!(3);
            s["interface"]["ar"]["submit"] = json!(" ");
            s["interface"]["ar"]["leave"] = json!("غادر هذا الموقع الآن من فضلك بسرعة كبيرة جدا جدا");
            s["interface"]["pl"] = json!({ "start": "Zacznij" });
            s["interface"]["en"] = json!("Start");
        }),
        &[
            ("interface.ar.strat", &["unknown word", "did you mean \"start\""]),
            ("interface.ar.page_of", &["is missing {n}", "exactly {k}, {n}"]),
            ("interface.ar.start", &["has {n} that the English does not"]),
            ("interface.ar.back", &["expected a string, found a number"]),
            ("interface.ar.submit", &["is empty"]),
            ("interface.ar.leave", &["the exit button takes at most 40"]),
            ("interface.pl", &["\"pl\" is not one of the survey's languages (en, ar)"]),
            ("interface.en", &["expected an object of word → wording, found a string"]),
        ],
    );
    expect_error(&with(|s| s["interface"] = json!([1])), "interface", &["expected an object of language → words"]);
}

#[test]
fn unreviewed_built_in_words_are_said_unless_the_block_gives_every_word() {
    let w = warnings(&with(|s| remove(s, "interface")));
    expect_warning(&w, "languages[1]", &["built-in \"ar\" interface words have not been reviewed by a native speaker"]);
    let w = warnings(&with(|s| {
        s["languages"] = json!(["en", "pl", "ur"]);
        s["interface"] = json!({ "pl": { "start": "Zacznij" } });
    }));
    expect_warning(&w, "languages[1]", &["\"pl\" interface words have not been reviewed"]);
    expect_warning(&w, "languages[2]", &["\"ur\" interface words have not been reviewed"]);
    assert!(!w.iter().any(|p| p.path == "languages[0]"), "English is reviewed:{}", listing(&w));
    // A language speaksafe has no words for: the warning lists what would be English.
    let w = warnings(&with(|s| {
        s["languages"] = json!(["en", "de"]);
        s["interface"] = json!({ "de": { "start": "Starten", "back": "Zurück" } });
    }));
    let warning = w.iter().find(|p| p.path == "languages[1]").expect("a warning about de");
    assert!(warning.message.contains("skip_to_content, leave, leave_hint, continue,"), "{warning}");
    assert!(!warning.message.contains(" start,") && !warning.message.contains(" back,"), "{warning}");
}

#[test]
fn access_is_open_unless_it_says_codes() {
    use speaksafe_core::Access;
    let open = read(&with(|_| {})).unwrap_or_else(|e| panic!("{}", listing(&e)));
    assert_eq!(open.survey.access, Access::Open);
    let codes = read(&with(|s| s["access"] = json!("codes"))).unwrap_or_else(|e| panic!("{}", listing(&e)));
    assert_eq!(codes.survey.access, Access::Codes);
    expect_error(&with(|s| s["access"] = json!("code")), "access", &["\"code\" is not a kind of access", "\"codes\""]);
    expect_error(&with(|s| s["access"] = json!(true)), "access", &["string"]);
    expect_error(
        &with(|s| {
            s["access"] = json!("codes");
            remove(s, "submit");
        }),
        "access",
        &["\"codes\" needs \"submit\""],
    );
}

#[test]
fn the_token_key_the_collector_writes_in_is_read_and_checked() {
    let named = read(&with(|s| {
        s["access"] = json!("codes");
        s["submit"]["token_key"] = json!("MIIBIjANBgkqhkiG9w0BAQ-_");
    }))
    .unwrap_or_else(|e| panic!("{}", listing(&e)));
    assert_eq!(named.survey.submit.unwrap().token_key.as_deref(), Some("MIIBIjANBgkqhkiG9w0BAQ-_"));
    let without = read(&with(|s| s["access"] = json!("codes"))).unwrap_or_else(|e| panic!("{}", listing(&e)));
    assert_eq!(without.survey.submit.unwrap().token_key, None);
    expect_error(&with(|s| s["submit"]["token_key"] = json!("not/base64url+")), "submit.token_key", &["base64url"]);
    expect_error(&with(|s| s["submit"]["token_key"] = json!("")), "submit.token_key", &["base64url"]);
    expect_error(&with(|s| s["submit"]["token_key"] = json!(7)), "submit.token_key", &["string"]);
}
