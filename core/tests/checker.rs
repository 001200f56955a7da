//! The studio's check, which reads again only the pages an edit changed, finds what checking
//! the whole draft afresh finds, edit after edit.

use serde_json::{json, Value};
use speaksafe_core::draft;
use speaksafe_core::read::{check_value, Changed, Checker};

fn example(name: &str) -> Value {
    let path = format!("{}/../surveys/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A run of edits of every sort: words, names, conditions (good and broken), languages,
/// interface words, pages moved, copied and removed.
type EditOf = Box<dyn Fn(&mut Value)>;

fn edits(survey: &Value) -> Vec<EditOf> {
    let first_id = survey["pages"][0]["questions"][0]["id"].as_str().unwrap().to_string();
    let last_page = survey["pages"].as_array().unwrap().len() - 1;
    vec![
        Box::new(|d| draft::set_text(d, "pages[0].questions[0].text", "en", "Changed words")),
        Box::new(|d| draft::set(d, "pages[0].questions[0].id", json!("not a name"))),
        Box::new(move |d| draft::set(d, "pages[0].questions[0].id", json!(first_id.clone()))),
        Box::new(move |d| draft::set(d, &format!("pages[{last_page}].visible_if"), json!("{nobody} = 'x'"))),
        Box::new(move |d| draft::set(d, &format!("pages[{last_page}].visible_if"), Value::Null)),
        Box::new(|d| draft::set(d, "pages[1].questions[0].visible_if", json!("{"))),
        Box::new(|d| draft::set(d, "pages[1].questions[0].visible_if", Value::Null)),
        Box::new(|d| {
            draft::move_item(d, "pages", 0, 1);
        }),
        Box::new(|d| {
            draft::duplicate_page(d, 0);
        }),
        Box::new(|d| {
            draft::remove_item(d, "pages", 1);
        }),
        Box::new(|d| draft::set(d, "interface", json!({ "en": { "next": "Onwards" } }))),
        Box::new(|d| draft::set(d, "interface", json!({ "en": { "nxet": "Onwards" } }))),
        Box::new(|d| draft::set(d, "interface", Value::Null)),
        Box::new(|d| {
            let mut languages = d["languages"].as_array().cloned().unwrap_or_default();
            languages.push(json!("pl"));
            draft::set(d, "languages", Value::Array(languages));
        }),
        Box::new(|d| draft::set(d, "pages[0].questions[0].sensitive", json!(true))),
        Box::new(|d| draft::set(d, "pages[0].questions[0].required", json!(true))),
    ]
}

#[test]
fn checking_edit_after_edit_finds_what_a_fresh_check_finds() {
    for name in ["survivor-consultation", "youth-voice"] {
        let mut survey = example(name);
        let mut checker = Checker::default();
        let (mut with_errors, mut with_warnings) = (0, 0);
        for (n, edit) in edits(&survey).iter().enumerate() {
            edit(&mut survey);
            let again = checker.check(&survey);
            let afresh = check_value(&survey);
            with_errors += usize::from(!afresh.errors.is_empty());
            with_warnings += usize::from(!afresh.warnings.is_empty());
            assert_eq!(again.errors, afresh.errors, "{name}, after edit {n}");
            assert_eq!(again.warnings, afresh.warnings, "{name}, after edit {n}");
            match (again.survey, afresh.survey) {
                (Some(a), Some(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}, after edit {n}"),
                (None, None) => {}
                _ => panic!("{name}, after edit {n}: one check has a survey, the other not"),
            }
        }
        assert!(with_errors >= 3 && with_warnings >= 3, "{name}: the edits made errors and warnings to find");
    }
}

/// Told which page an edit changed (as the studio is, from the edit), the check compares no
/// other page, and still finds what a fresh check finds.
#[test]
fn told_what_changed_the_check_still_finds_everything() {
    let mut survey = example("youth-voice");
    let mut checker = Checker::default();
    checker.check(&survey);
    let steps: Vec<(Changed, EditOf)> = vec![
        (Changed::Page(1), Box::new(|d| draft::set(d, "pages[1].questions[0].visible_if", json!("{nobody} = 'x'")))),
        (Changed::NoPage, Box::new(|d| draft::set(d, "interface", json!({ "en": { "nxet": "On" } })))),
        (Changed::NoPage, Box::new(|d| draft::set(d, "interface", Value::Null))),
        (Changed::Page(1), Box::new(|d| draft::set(d, "pages[1].questions[0].visible_if", Value::Null))),
        (Changed::Page(0), Box::new(|d| draft::set_text(d, "pages[0].questions[0].text", "en", ""))),
        (Changed::Page(2), Box::new(|d| draft::set(d, "pages[2].id", json!("bad id")))),
        // Told wrongly that one page changed when pages were removed: compared in full.
        (
            Changed::Page(0),
            Box::new(|d| {
                draft::remove_item(d, "pages", 1);
            }),
        ),
    ];
    for (n, (changed, edit)) in steps.iter().enumerate() {
        edit(&mut survey);
        let again = checker.check_changed(&survey, *changed);
        let afresh = check_value(&survey);
        assert_eq!(again.errors, afresh.errors, "after step {n}");
        assert_eq!(again.warnings, afresh.warnings, "after step {n}");
        assert_eq!(again.survey.is_some(), afresh.survey.is_some(), "after step {n}");
    }
}
