//! The importers never panic, whatever they are given, and what they make always passes check:
//! arbitrary bytes, SurveyJS JSON changed at random in its structure, and XLSForms whose cells are
//! drawn at random from what such forms hold (and then their bytes flipped).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use speaksafe_core::import::{import, SourceFormat};
use speaksafe_core::read;

/// Imports, and if a survey comes out, it must pass check.
fn holds(bytes: &[u8], from: Option<SourceFormat>) -> Result<(), TestCaseError> {
    if let Ok(imported) = import(bytes, from) {
        let text = imported.definition.to_string();
        prop_assert!(read(&text).is_ok(), "the import does not pass check: {:?}", read(&text).err());
    }
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

#[test]
fn arbitrary_bytes_never_panic() {
    runner(2000)
        .run(&(proptest::collection::vec(any::<u8>(), 0..2048), 0..3u8), |(bytes, from)| {
            let from = [None, Some(SourceFormat::SurveyJs), Some(SourceFormat::XlsForm)][from as usize];
            holds(&bytes, from)
        })
        .unwrap();
}

fn surveyjs() -> Value {
    json!({
        "title": { "default": "T", "pl": "P" }, "description": "Intro", "completedHtml": "<p>Done</p>",
        "pages": [
            { "name": "one", "title": "One", "elements": [
                { "type": "radiogroup", "name": "r", "title": "R", "choices": ["A x", { "value": 2, "text": "Two" }], "showNoneItem": true, "showOtherItem": true },
                { "type": "checkbox", "name": "c", "title": "C", "choices": ["a", "b"], "showOtherItem": true, "visibleIf": "{r} = 'A x'" },
                { "type": "text", "name": "t", "inputType": "number", "min": 1, "max": 9, "validators": [{ "type": "numeric", "minValue": 2 }] },
                { "type": "boolean", "name": "b", "title": "B", "valueTrue": "Y", "valueFalse": "N" },
                { "type": "rating", "name": "s", "rateValues": [1, 2, { "value": "x", "text": "X" }], "minRateDescription": "lo" },
                { "type": "matrix", "name": "m", "rows": ["r1"], "columns": ["c1", "c2"], "visibleIf": "{m.r1} = 'c1'" },
                { "type": "panel", "name": "p", "title": "P", "visibleIf": "{t} > 3", "elements": [
                    { "type": "html", "name": "h", "html": "<h2>H</h2><p>x</p>" },
                    { "type": "comment", "name": "k", "maxLength": 10, "requiredIf": "{c} contains 'a'" }
                ]}
            ]},
            { "name": "two", "title": "Two", "visibleIf": "{b} = true", "elements": [
                { "type": "comment", "name": "more", "title": "More" }
            ]}
        ]
    })
}

/// A value drawn from what SurveyJS JSON holds.
fn noise() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z{}'=() ]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("radiogroup"),
            Just("checkbox"),
            Just("matrix"),
            Just("panel"),
            Just("html"),
            Just("rating"),
            Just("boolean"),
            Just("text"),
            Just("file"),
            Just("paneldynamic")
        ]
        .prop_map(|t| json!(t)),
        Just(json!({ "default": "x", "pl": "y" })),
        Just(json!([])),
        Just(json!({})),
        Just(json!(["a", 1, null, { "value": "v" }])),
    ]
}

/// Replaces the `n`th value met (depth first) with `with`, or deletes the key there.
fn mutate(value: &mut Value, n: &mut usize, with: &Value, delete: bool) -> bool {
    let children: Vec<String> = match value {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
        _ => Vec::new(),
    };
    for key in children {
        if *n == 0 {
            match value {
                Value::Object(map) if delete => {
                    map.remove(&key);
                }
                Value::Object(map) => {
                    map.insert(key, with.clone());
                }
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = with.clone(),
                _ => {}
            }
            return true;
        }
        *n -= 1;
        let child = match value {
            Value::Object(map) => map.get_mut(&key).unwrap(),
            Value::Array(items) => &mut items[key.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
        if mutate(child, n, with, delete) {
            return true;
        }
    }
    false
}

#[test]
fn surveyjs_changed_at_random_never_panics_and_comes_out_checked() {
    let base = surveyjs();
    assert!(import(base.to_string().as_bytes(), None).is_ok(), "the fixture itself comes in");
    runner(1500)
        .run(&proptest::collection::vec((0..200usize, noise(), any::<bool>()), 1..6), |changes| {
            let mut survey = base.clone();
            for (at, with, delete) in &changes {
                let mut n = *at;
                mutate(&mut survey, &mut n, with, *delete);
            }
            holds(survey.to_string().as_bytes(), None)
        })
        .unwrap();
}

/// An XLSForm from cells drawn from what such forms hold.
fn xlsform(survey: &[Vec<String>], choices: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in [("survey", survey), ("choices", choices)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop_oneof![
            Just("text"),
            Just("integer"),
            Just("decimal"),
            Just("note"),
            Just("select_one l"),
            Just("select_multiple l"),
            Just("select_one l or_other"),
            Just("begin group"),
            Just("end group"),
            Just("begin repeat"),
            Just("end repeat"),
            Just("range"),
            Just("geopoint"),
            Just("calculate"),
            Just("date")
        ]
        .prop_map(String::from),
        prop_oneof![Just("a"), Just("b"), Just("c"), Just("x y")].prop_map(String::from),
        prop_oneof![
            Just("${a} = 'x'"),
            Just("selected(${b}, 'y')"),
            Just(". > 3 and . < 9"),
            Just("regex(., '^[a-z]+$')"),
            Just("not(${c} != 2)"),
            Just("count-selected(${b}) > 1"),
            Just("yes"),
            Just("start=1 end=5"),
            Just("${")
        ]
        .prop_map(String::from),
        "[a-z ]{0,8}",
    ]
}

#[test]
fn xlsforms_of_random_cells_never_panic_and_come_out_checked() {
    let header: Vec<String> = [
        "type",
        "name",
        "label::English (en)",
        "label::Polski (pl)",
        "relevant",
        "constraint",
        "required",
        "appearance",
        "parameters",
    ]
    .map(String::from)
    .to_vec();
    let choices: Vec<Vec<String>> = vec![
        ["list_name", "name", "label::English (en)"].map(String::from).to_vec(),
        ["l", "x", "X"].map(String::from).to_vec(),
        ["l", "y z", "Y"].map(String::from).to_vec(),
    ];
    runner(300)
        .run(
            &(
                proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..12),
                proptest::collection::vec(any::<(u16, u8)>(), 0..3),
            ),
            |(rows, flips)| {
                let mut survey = vec![header.clone()];
                survey.extend(rows);
                let mut bytes = xlsform(&survey, &choices);
                holds(&bytes, None)?;
                // And with a few of its bytes changed.
                for (at, to) in flips {
                    let at = at as usize % bytes.len();
                    bytes[at] = to;
                }
                holds(&bytes, None)
            },
        )
        .unwrap();
}
