//! Property tests: nothing a survey file or a respondent does makes core panic.
//!
//! (a) arbitrary bytes, strings and JSON-like token soup into `read`;
//! (b) a valid survey with random fields replaced, deleted, retyped, added or copied;
//! (c) random valid surveys walked by a respondent with random answers and navigation, checking
//!     the engine's invariants and that visibility computed step by step is the visibility
//!     computed from scratch.
//!
//! Each test prints how many cases it ran (`cargo test -p speaksafe-core --test fuzz -- --nocapture`).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};
use speaksafe_core::kind::Matrix;
use speaksafe_core::{read, Answer, Kind, Respondent, Response, Screen, Shape, Survey};
use std::cell::Cell;
use std::rc::Rc;

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, max_shrink_iters: 2_000, ..Config::default() }
}

/// Runs a property over `cases` cases and returns how many ran.
fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> usize {
    let ran = Cell::new(0usize);
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&strategy, |input| {
        ran.set(ran.get() + 1);
        test(input)
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!("{name}: {} cases", ran.get());
    ran.get()
}

/// `read` must not panic; every problem it reports must say something.
fn read_is_total(json: &str) -> Result<bool, TestCaseError> {
    match read(json) {
        Ok(checked) => {
            for w in &checked.warnings {
                prop_assert!(!w.message.trim().is_empty(), "empty warning at {:?}", w.path);
            }
            Ok(true)
        }
        Err(problems) => {
            prop_assert!(!problems.is_empty(), "an error result with no problems");
            for p in &problems {
                prop_assert!(!p.message.trim().is_empty(), "empty message at {:?}", p.path);
                let _ = p.to_string();
            }
            Ok(false)
        }
    }
}

// ------------------------------------------------------------------ (a) arbitrary input

#[test]
fn arbitrary_bytes_never_panic() {
    let ran = run("arbitrary bytes", 5_000, prop::collection::vec(any::<u8>(), 0..400), |bytes| {
        read_is_total(&String::from_utf8_lossy(&bytes)).map(|_| ())
    });
    assert!(ran >= 5_000);
}

#[test]
fn arbitrary_strings_never_panic() {
    let ran = run("arbitrary strings", 5_000, any::<String>(), |s| read_is_total(&s).map(|_| ()));
    assert!(ran >= 5_000);
}

/// JSON-shaped text made of the survey format's own words, so that it often parses.
fn json_soup() -> impl Strategy<Value = String> {
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"format\"",
        "\"speaksafe/1\"",
        "\"id\"",
        "\"x\"",
        "\"languages\"",
        "\"en\"",
        "\"ar\"",
        "\"title\"",
        "\"intro\"",
        "\"completion\"",
        "\"pages\"",
        "\"questions\"",
        "\"kind\"",
        "\"number\"",
        "\"matrix\"",
        "\"rows\"",
        "\"options\"",
        "\"value\"",
        "\"text\"",
        "\"visible_if\"",
        "\"{x} = 1\"",
        "\"{x\"",
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1e999",
        "1.5",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\"é\"",
        " ",
        "\n",
    ];
    prop::collection::vec(prop::sample::select(tokens.to_vec()), 0..80).prop_map(|t| t.concat())
}

#[test]
fn json_soup_never_panics() {
    let ran = run("json soup", 5_000, json_soup(), |s| read_is_total(&s).map(|_| ()));
    assert!(ran >= 5_000);
}

// ------------------------------------------------------------------ (b) structured mutation

/// A small survey that uses every kind, conditions, rules, translations, exit and support.
fn valid_survey() -> Value {
    json!({
        "format": "speaksafe/1",
        "id": "fuzz",
        "languages": ["en", { "code": "ar", "name": "العربية", "dir": "rtl" }],
        "title": { "en": "Title", "ar": "عنوان" },
        "neutral_title": "Survey",
        "intro": "Intro",
        "safety": "Press Esc to leave.",
        "completion": "Thanks",
        "exit": { "url": "https://www.bbc.co.uk/weather", "escape": true, "shift_three_times": true, "button": "Leave" },
        "submit": { "endpoint": "/api/v1/surveys/fuzz/responses", "public_key": "" },
        "support": [{ "name": "Line", "phone": "0800 000 0000", "url": "https://help.example.org", "text": "Free" }],
        "pages": [
            { "id": "p0", "title": "P0", "intro": "Hello", "questions": [
                { "id": "age", "kind": "number", "text": "Age", "min": 0, "max": 120, "integer": true, "required": true,
                  "validation": [{ "rule": "range", "min": 5, "max": 99, "message": "Range" }] },
                { "id": "pick", "kind": "single_choice", "text": "Pick", "prefer_not_to_say": true,
                  "options": [{ "value": "a", "text": "A" }, { "value": "b", "text": { "en": "B", "ar": "ب" } }] },
                { "id": "drop", "kind": "dropdown", "text": "Drop", "options": [{ "value": "x", "text": "X" }] },
                { "id": "note", "kind": "info", "title": "Note", "text": "Info" }
            ]},
            { "id": "p1", "title": "P1", "content_note": "Hard page", "visible_if": "{age} < 17 or {pick} = 'a'", "questions": [
                { "id": "many", "kind": "multiple_choice", "text": "Many", "other": "Other", "prefer_not_to_say": "Rather not",
                  "options": [{ "value": "s", "text": "S" }, { "value": "n", "text": "None", "exclusive": true }] },
                { "id": "m", "kind": "matrix", "text": "M", "required": true,
                  "rows": [{ "value": "r1", "text": "R1" }, { "value": "r2", "text": "R2" }],
                  "columns": [{ "value": "c1", "text": "C1" }, { "value": "c2", "text": "C2" }] },
                { "id": "why", "kind": "long_text", "text": "Why", "max_length": 50, "sensitive": true,
                  "visible_if": "{many} contains 's' and {m.r1} = 'c2'", "required_if": "{many} anyof ['n']",
                  "validation": [{ "rule": "length", "min": 2, "message": "Longer" }] }
            ]},
            { "id": "p2", "title": "P2", "questions": [
                { "id": "scale", "kind": "scale", "text": "Scale", "min": 1, "max": 5, "min_label": "Low", "max_label": "High" },
                { "id": "labelled", "kind": "scale", "text": "Agree?", "options": [{ "value": "agree", "text": "Agree" }, { "value": "disagree", "text": "Disagree" }] },
                { "id": "yn", "kind": "yes_no", "text": "YN", "yes": "Yes!", "no": "No!", "visible_if": "not ({why} empty)" },
                { "id": "code", "kind": "short_text", "text": "Code", "hint": "Like AB1",
                  "validation": [{ "rule": "pattern", "pattern": "^[A-Z]{2}[0-9]$", "message": "Like AB1" }] }
            ]}
        ]
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the node at the path.
    Replace(Vec<usize>, Value),
    /// Delete the node at the path from its object or list.
    Delete(Vec<usize>),
    /// Add a field to the object at the path (or an item to the list).
    Insert(Vec<usize>, String, Value),
    /// Turn the node into another type holding the same content.
    Retype(Vec<usize>, u8),
    /// Copy one node into the list or object at another path (duplicate ids, pages, options).
    Copy(Vec<usize>, Vec<usize>),
}

/// The words of the format, for values that are nearly right.
const WORDS: &[&str] = &[
    "",
    " ",
    "age",
    "pick",
    "many",
    "m",
    "m.r1",
    "r1",
    "c2",
    "why",
    "note",
    "p0",
    "p1",
    "en",
    "ar",
    "fr",
    "EN",
    "pt-BR",
    "speaksafe/1",
    "speaksafe/2",
    "single_choice",
    "multiple_choice",
    "matrix",
    "number",
    "info",
    "scale",
    "yes_no",
    "short_text",
    "long_text",
    "dropdown",
    "length",
    "range",
    "pattern",
    "other",
    "prefer_not_to_say",
    "rtl",
    "up",
    "{age} > 3",
    "{m.r1} = 'c1'",
    "{m} = 1",
    "{note} empty",
    "{nobody} = 1",
    "{age} =",
    "((({age}",
    "{why} notempty",
    "{many} anyof ['s', 'n']",
    "not not {pick}",
    "{age} < [1]",
    "'unterminated",
    "https://example.org",
    "javascript:alert(1)",
    "http://",
    "/api/x",
    "^[a-z]+$",
    "([a-z",
    "(?i)x",
    "a{99999}",
    "0800 000 0000",
    "\u{202e}",
    "<script>alert(1)</script>",
    "\0",
    "💥",
    "{",
    "}",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, 1, -1, 2, 5, 11, 12, 20_000, 20_001, u32::MAX as i64]).prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(WORDS.to_vec()).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        (1usize..25_000).prop_map(|n| Value::from("x".repeat(n))),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(WORDS.to_vec()), inner), 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn path() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(any::<usize>(), 0..7)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let key = prop_oneof![prop::sample::select(WORDS.to_vec()).prop_map(String::from), any::<String>()];
    prop_oneof![
        3 => (path(), value()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        3 => path().prop_map(Mutation::Delete),
        2 => (path(), key, value()).prop_map(|(p, k, v)| Mutation::Insert(p, k, v)),
        2 => (path(), any::<u8>()).prop_map(|(p, t)| Mutation::Retype(p, t)),
        2 => (path(), path()).prop_map(|(a, b)| Mutation::Copy(a, b)),
    ]
}

/// The node that `path` leads to: each step picks a field or item by its number (modulo).
fn walk<'v>(mut node: &'v mut Value, path: &[usize]) -> &'v mut Value {
    for &step in path {
        let len = match &*node {
            Value::Object(m) if !m.is_empty() => m.len(),
            Value::Array(a) if !a.is_empty() => a.len(),
            _ => break,
        };
        node = match node {
            Value::Object(m) => m.values_mut().nth(step % len).expect("in range"),
            Value::Array(a) => &mut a[step % len],
            _ => unreachable!(),
        };
    }
    node
}

fn retype(v: &Value, to: u8) -> Value {
    let as_text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match to % 6 {
        0 => Value::Null,
        1 => Value::Bool(!as_text.is_empty()),
        2 => as_text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::from(as_text.len()), Value::Number),
        3 => Value::String(as_text),
        4 => Value::Array(vec![v.clone()]),
        _ => {
            let mut m = Map::new();
            m.insert("en".into(), v.clone());
            Value::Object(m)
        }
    }
}

fn apply(survey: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Replace(p, v) => *walk(survey, p) = v.clone(),
        Mutation::Delete(p) if !p.is_empty() => {
            let parent = walk(survey, &p[..p.len() - 1]);
            let last = p[p.len() - 1];
            match parent {
                Value::Object(m) if !m.is_empty() => {
                    let key = m.keys().nth(last % m.len()).cloned().expect("in range");
                    m.remove(&key);
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = last % a.len();
                    a.remove(i);
                }
                _ => {}
            }
        }
        Mutation::Delete(_) => {}
        Mutation::Insert(p, k, v) => match walk(survey, p) {
            Value::Object(m) => {
                m.insert(k.clone(), v.clone());
            }
            Value::Array(a) => a.push(v.clone()),
            other => *other = v.clone(),
        },
        Mutation::Retype(p, t) => {
            let node = walk(survey, p);
            *node = retype(node, *t);
        }
        Mutation::Copy(from, to) => {
            let copy = walk(survey, from).clone();
            match walk(survey, to) {
                Value::Array(a) => a.push(copy),
                Value::Object(m) => {
                    m.insert("copy".into(), copy);
                }
                other => *other = copy,
            }
        }
    }
}

#[test]
fn mutated_surveys_never_panic() {
    assert!(read(&valid_survey().to_string()).is_ok(), "the starting survey must be valid");
    let (ok, walked) = (Cell::new(0usize), Cell::new(0usize));
    let ran =
        run("mutated surveys", 10_000, (prop::collection::vec(mutation(), 1..5), any::<u64>()), |(mutations, seed)| {
            let mut survey = valid_survey();
            for m in &mutations {
                apply(&mut survey, m);
            }
            let json = survey.to_string();
            if read_is_total(&json)? {
                ok.set(ok.get() + 1);
                // A mutated survey that still reads must still work for a respondent.
                if let Ok(checked) = read(&json) {
                    walked.set(walked.get() + 1);
                    walk_blindly(Rc::new(checked.survey), seed);
                }
            }
            Ok(())
        });
    eprintln!("mutated surveys: {} read without errors and were walked", walked.get());
    assert!(ran >= 10_000);
    assert!(
        ok.get() >= 500,
        "too few mutated surveys still read ({}): the mutations are too destructive to test much",
        ok.get()
    );
}

/// A few hundred steps of every engine action, driven by a simple generator, for surveys we did
/// not build ourselves.
fn walk_blindly(survey: Rc<Survey>, mut seed: u64) {
    let mut roll = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let ids: Vec<String> = survey.questions().map(|(_, q)| q.id.clone()).collect();
    let mut r = Respondent::new(Rc::clone(&survey));
    for _ in 0..60 {
        let id = ids.get(roll(ids.len() + 1)).cloned().unwrap_or_else(|| "nobody".into());
        let word = WORDS[roll(WORDS.len())];
        match roll(10) {
            0 => {
                r.continue_on();
            }
            1 => r.back(),
            2 => r.skip_page(),
            3 => r.change(&id),
            4 => r.set_answer(&id, Some(Answer::Text(word.into()))),
            5 => r.set_answer(&id, Some(Answer::choice(word))),
            6 => r.toggle(&id, word, roll(2) == 0),
            7 => r.set_matrix_row(&id, word, Some(word)),
            8 => {
                let _ = r.set_language(word);
            }
            _ => {
                let _ = submit(&mut r);
            }
        }
        let _ = (r.progress(), r.check_answers(), r.response().to_json(), r.progress_text());
    }
}

// ------------------------------------------------------------------ (c) random surveys, random walks

/// A reference to an earlier question (which, modulo the count) and a condition template.
type Reference = (usize, u8);
/// A second reference joined by `and` (true) or `or`.
type Joined = (bool, usize, u8);

/// What one question of a generated survey is.
#[derive(Debug, Clone)]
struct QuestionPlan {
    kind: u8,
    /// Start a new page before this question.
    new_page: bool,
    /// Give the new page a content note / a condition.
    page_note: bool,
    page_condition: Option<Reference>,
    /// A visibility condition on earlier questions: (which, template), and a second one joined
    /// by and/or.
    visible_if: Option<(Reference, Option<Joined>)>,
    required: bool,
    required_if: Option<Reference>,
    rule: u8,
}

fn question_plan() -> impl Strategy<Value = QuestionPlan> {
    let reference = (any::<usize>(), any::<u8>());
    (
        0u8..10,
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.3),
        prop::option::weighted(0.3, reference),
        prop::option::weighted(
            0.5,
            (reference, prop::option::weighted(0.3, (any::<bool>(), any::<usize>(), any::<u8>()))),
        ),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.2, reference),
        0u8..6,
    )
        .prop_map(|(kind, new_page, page_note, page_condition, visible_if, required, required_if, rule)| {
            QuestionPlan { kind, new_page, page_note, page_condition, visible_if, required, required_if, rule }
        })
}

const KIND_NAMES: [&str; 10] = [
    "single_choice",
    "multiple_choice",
    "dropdown",
    "short_text",
    "long_text",
    "number",
    "scale",
    "matrix",
    "yes_no",
    "info",
];

fn options(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "value": format!("o{i}"), "text": { "en": format!("Option {i}"), "ar": format!("خيار {i}") } })).collect())
}

fn question_json(i: usize, plan: &QuestionPlan) -> Value {
    let kind = KIND_NAMES[plan.kind as usize];
    let mut q = json!({ "id": format!("q{i}"), "kind": kind, "text": { "en": format!("Question {i}"), "ar": format!("سؤال {i}") } });
    match kind {
        "single_choice" | "dropdown" => {
            q["options"] = options(3);
            q["prefer_not_to_say"] = json!(plan.rule.is_multiple_of(2));
        }
        "multiple_choice" => {
            let mut o = options(3);
            o[2]["exclusive"] = json!(true);
            q["options"] = o;
            q["other"] = json!("Other");
            q["prefer_not_to_say"] = json!(plan.rule % 2 == 1);
        }
        "short_text" | "long_text" => {
            q["max_length"] = json!(5 + plan.rule as usize * 4);
            match plan.rule {
                1 => q["validation"] = json!([{ "rule": "length", "min": 2, "max": 12, "message": "Length" }]),
                2 => q["validation"] = json!([{ "rule": "pattern", "pattern": "^[a-z]+$", "message": "Letters" }]),
                _ => {}
            }
        }
        "number" => {
            q["integer"] = json!(plan.rule.is_multiple_of(2));
            if plan.rule > 2 {
                q["min"] = json!(0);
                q["max"] = json!(50);
            }
            if plan.rule == 4 {
                q["validation"] = json!([{ "rule": "range", "min": 1, "max": 40, "message": "Range" }]);
            }
        }
        "scale" => {
            if plan.rule.is_multiple_of(2) {
                q["min"] = json!(1);
                q["max"] = json!(5);
            } else {
                q["options"] = options(4);
            }
        }
        "matrix" => {
            q["rows"] = json!([{ "value": "r0", "text": "Row 0" }, { "value": "r1", "text": "Row 1" }]);
            q["columns"] = options(3);
        }
        _ => {}
    }
    q
}

/// A condition on question `target` (of the given kind), chosen by `template`.
fn condition_on(target: usize, kind: &str, template: u8) -> String {
    let t = format!("q{target}");
    let c = match (kind, template % 5) {
        ("single_choice" | "dropdown", 0) => format!("{{{t}}} = 'o0'"),
        ("single_choice" | "dropdown", 1) => format!("{{{t}}} anyof ['o1', 'prefer_not_to_say']"),
        ("multiple_choice", 0) => format!("{{{t}}} contains 'o0'"),
        ("multiple_choice", 1) => format!("{{{t}}} anyof ['o1', 'other']"),
        ("multiple_choice", 2) => format!("{{{t}}} allof ['o0', 'o1']"),
        ("multiple_choice", 3) => format!("{{{t}}} notcontains 'o2'"),
        ("number", 0) => format!("{{{t}}} > 5"),
        ("number", 1) => format!("{{{t}}} <= 10"),
        ("number", 2) => format!("{{{t}}} = 3"),
        ("scale", 0) => format!("{{{t}}} >= '3'"),
        ("yes_no", 0) => format!("{{{t}}} = 'yes'"),
        ("yes_no", 1) => format!("{{{t}}} <> 'no'"),
        ("short_text" | "long_text", 0) => format!("{{{t}}} contains 'a'"),
        ("short_text" | "long_text", 1) => format!("{{{t}}} = 'abc'"),
        ("matrix", n) => format!("{{{t}.r{}}} = 'o{}'", n % 2, n % 3),
        (_, 4) => format!("{{{t}}} empty"),
        _ => format!("{{{t}}} notempty"),
    };
    if template % 7 == 6 {
        format!("not ({c})")
    } else {
        c
    }
}

/// A generated survey, and the kind of each question.
fn survey_from(plans: &[QuestionPlan], two_languages: bool) -> (Value, Vec<&'static str>) {
    let kinds: Vec<&str> = plans.iter().map(|p| KIND_NAMES[p.kind as usize]).collect();
    let answerable_before = |i: usize| (0..i).filter(|&j| kinds[j] != "info").collect::<Vec<_>>();
    let pick = |candidates: &[usize], which: usize| candidates.get(which % candidates.len().max(1)).copied();
    let mut pages: Vec<Value> = Vec::new();
    let mut page_start = 0;
    for (i, plan) in plans.iter().enumerate() {
        if i == 0 || plan.new_page {
            let mut page = json!({ "id": format!("page{}", pages.len()), "title": format!("Page {}", pages.len()), "questions": [] });
            if plan.page_note {
                page["content_note"] = json!("This page may be hard.");
            }
            // A page's condition reads only questions on earlier pages.
            if let Some((which, template)) = plan.page_condition {
                if let Some(t) = pick(&answerable_before(i), which) {
                    page["visible_if"] = json!(condition_on(t, kinds[t], template));
                }
            }
            pages.push(page);
            page_start = i;
        }
        let _ = page_start;
        let mut q = question_json(i, plan);
        let earlier = answerable_before(i);
        if let Some(((which, template), second)) = plan.visible_if {
            if let Some(t) = pick(&earlier, which) {
                let mut c = condition_on(t, kinds[t], template);
                if let Some((and, which2, template2)) = second {
                    let t2 = pick(&earlier, which2).unwrap_or(t);
                    c = format!("({c}) {} {}", if and { "and" } else { "or" }, condition_on(t2, kinds[t2], template2));
                }
                q["visible_if"] = json!(c);
            }
        }
        if kinds[i] != "info" {
            q["required"] = json!(plan.required);
            if let Some((which, template)) = plan.required_if {
                if let Some(t) = pick(&earlier, which) {
                    q["required_if"] = json!(condition_on(t, kinds[t], template));
                }
            }
        }
        pages.last_mut().expect("a page")["questions"].as_array_mut().expect("a list").push(q);
    }
    let languages = if two_languages { json!(["en", "ar"]) } else { json!(["en"]) };
    if !two_languages {
        pages.iter_mut().for_each(english_only);
    }
    let survey = json!({
        "format": "speaksafe/1", "id": "generated", "languages": languages,
        "title": "Generated", "intro": "Intro", "completion": "Done", "pages": pages
    });
    (survey, kinds)
}

/// Drops the Arabic from every translated text.
fn english_only(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.contains_key("en") {
                m.remove("ar");
            }
            m.values_mut().for_each(english_only);
        }
        Value::Array(a) => a.iter_mut().for_each(english_only),
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Action {
    Next,
    Back,
    Skip,
    /// Change the n-th row of check answers.
    Change(usize),
    /// Answer the n-th shown question of the current page (or any question, when not realistic).
    Answer(usize, u8, String),
    Toggle(usize, u8, bool),
    Other(usize, String),
    Row(usize, u8, Option<u8>),
    Clear(usize),
    Language,
    Submit,
}

fn action() -> impl Strategy<Value = Action> {
    let typed = prop_oneof![
        prop::sample::select(vec![
            "", " ", "0", "3", "5", "6", "10", "12.5", "-1", "49", "1e3", "abc", "a", "x y", "NaN", "inf", "ابت"
        ])
        .prop_map(String::from),
        "[a-z0-9 ]{0,20}",
        any::<String>(),
    ];
    prop_oneof![
        6 => Just(Action::Next),
        2 => Just(Action::Back),
        1 => Just(Action::Skip),
        1 => any::<usize>().prop_map(Action::Change),
        6 => (any::<usize>(), any::<u8>(), typed.clone()).prop_map(|(q, c, t)| Action::Answer(q, c, t)),
        3 => (any::<usize>(), any::<u8>(), any::<bool>()).prop_map(|(q, o, on)| Action::Toggle(q, o, on)),
        1 => (any::<usize>(), typed).prop_map(|(q, t)| Action::Other(q, t)),
        2 => (any::<usize>(), any::<u8>(), prop::option::of(any::<u8>())).prop_map(|(q, r, c)| Action::Row(q, r, c)),
        1 => any::<usize>().prop_map(Action::Clear),
        1 => Just(Action::Language),
        2 => Just(Action::Submit),
    ]
}

/// The ids of the questions an action may touch: the shown questions of the current page (what
/// the widget offers), or every question.
fn targets(r: &Respondent, realistic: bool) -> Vec<String> {
    match (realistic, r.screen()) {
        (true, Screen::Page(p)) => r.visible_questions(p).filter(|q| q.is_answerable()).map(|q| q.id.clone()).collect(),
        (true, _) => Vec::new(),
        (false, _) => r.survey().questions().map(|(_, q)| q.id.clone()).chain(["nobody".to_string()]).collect(),
    }
}

fn perform(r: &mut Respondent, action: &Action, realistic: bool) -> Option<Response> {
    let ids = targets(r, realistic);
    let target = |n: usize| ids.get(n % ids.len().max(1)).cloned();
    let options = |r: &Respondent, id: &str| -> Vec<String> {
        r.survey().question(id).map(|q| q.kind.options().iter().map(|c| c.value.clone()).collect()).unwrap_or_default()
    };
    match action {
        Action::Next => {
            r.continue_on();
        }
        Action::Back => r.back(),
        Action::Skip => r.skip_page(),
        Action::Change(n) => {
            let rows = r.check_answers();
            if let Some(row) = rows.get(n % rows.len().max(1)) {
                r.change(&row.question);
            }
        }
        Action::Answer(n, c, typed) => {
            let id = target(*n)?;
            let kind = r.survey().question(&id).map(|q| q.kind.clone());
            let answer = match kind.as_ref().map(Kind::shape) {
                Some(Shape::Typed { .. }) => Answer::Text(typed.clone()),
                Some(Shape::Ticked { .. } | Shape::Rows { .. }) if realistic => return None,
                _ => {
                    let opts = options(r, &id);
                    Answer::choice(opts.get(*c as usize % (opts.len() + 1)).cloned().unwrap_or_else(|| typed.clone()))
                }
            };
            r.set_answer(&id, Some(answer));
        }
        Action::Toggle(n, o, on) => {
            let id = target(*n)?;
            let opts = options(r, &id);
            if let Some(value) = opts.get(*o as usize % opts.len().max(1)) {
                r.toggle(&id, value, *on);
            }
        }
        Action::Other(n, typed) => {
            let id = target(*n)?;
            if !realistic || r.survey().question(&id).is_some_and(|q| matches!(q.kind.shape(), Shape::Ticked { .. })) {
                r.set_other(&id, typed);
            }
        }
        Action::Row(n, row, column) => {
            let id = target(*n)?;
            if let Some(Kind::Matrix(Matrix { rows, columns })) = r.survey().question(&id).map(|q| q.kind.clone()) {
                let row = &rows[*row as usize % rows.len()].value;
                let column = column.map(|c| columns[c as usize % columns.len()].value.clone());
                r.set_matrix_row(&id, row, column.as_deref());
            }
        }
        Action::Clear(n) => {
            let id = target(*n)?;
            r.set_answer(&id, None);
        }
        Action::Language => {
            let next = if r.language().code == "en" { "ar" } else { "en" };
            r.set_language(next);
        }
        Action::Submit => return submit(r),
    }
    None
}

/// Submit as the widget does it: the checked response, then, once it is delivered, on to the
/// completion page.
fn submit(r: &mut Respondent) -> Option<Response> {
    let response = r.checked_response()?;
    r.finish();
    Some(response)
}

/// What must hold after every step.
fn invariants(r: &Respondent, realistic: bool) -> Result<(), TestCaseError> {
    let progress = r.progress();
    prop_assert!(progress.answered <= progress.questions, "{progress:?}");
    prop_assert!(progress.page <= progress.pages, "{progress:?}");
    let rows = r.check_answers();
    prop_assert_eq!(rows.len(), progress.questions);
    prop_assert_eq!(rows.iter().filter(|row| row.answered).count(), progress.answered);
    for row in &rows {
        prop_assert!(r.is_visible(&row.question));
        prop_assert!(!row.answer.is_empty(), "an empty answer line for {}", row.question);
    }
    if let Screen::Page(p) | Screen::ContentNote(p) = r.screen() {
        prop_assert!(p < r.survey().pages.len());
        if realistic {
            prop_assert!(r.is_page_visible(p), "on page {p}, which is hidden");
            prop_assert!(progress.page >= 1);
        }
    }
    for e in r.errors() {
        prop_assert!(!e.message.is_empty());
        prop_assert!(r.is_visible(&e.question), "an error on a hidden question {}", e.question);
    }
    let response = r.response();
    for (id, value) in &response.answers {
        prop_assert!(r.is_visible(id), "hidden {id} in the response");
        prop_assert!(!value.is_null());
        // Only answers that pass their checks go into the response: a number is a number.
        if r.survey().question(id).is_some_and(|q| matches!(q.kind.shape(), Shape::Typed { number: true })) {
            prop_assert!(value.is_number(), "{id} = {value} in the response");
        }
    }
    for id in response.other.keys() {
        prop_assert!(response.answers.contains_key(id));
    }
    Ok(())
}

/// Visibility set step by step must equal visibility computed from scratch: a new respondent
/// given the same answers in the opposite order.
fn same_as_from_scratch(r: &Respondent) -> Result<(), TestCaseError> {
    let survey = Rc::new(r.survey().clone());
    let mut fresh = Respondent::new(Rc::clone(&survey));
    let ids: Vec<String> = survey.questions().map(|(_, q)| q.id.clone()).collect();
    for id in ids.iter().rev() {
        fresh.set_answer(id, r.answer(id).cloned());
    }
    for (p, _) in survey.pages.iter().enumerate() {
        prop_assert_eq!(fresh.is_page_visible(p), r.is_page_visible(p), "page {}", p);
    }
    for id in &ids {
        prop_assert_eq!(fresh.is_visible(id), r.is_visible(id), "question {}", id);
    }
    prop_assert_eq!(fresh.response().answers, r.response().answers);
    Ok(())
}

#[test]
fn random_surveys_survive_random_walks() {
    let (steps, submitted) = (Cell::new(0usize), Cell::new(0usize));
    let strategy = (
        prop::collection::vec(question_plan(), 1..14),
        any::<bool>(),
        prop::collection::vec(action(), 0..50),
        prop::bool::weighted(0.7),
    );
    let ran = run("random survey walks", 5_000, strategy, |(plans, two_languages, actions, realistic)| {
        let (definition, kinds) = survey_from(&plans, two_languages);
        let checked = match read(&definition.to_string()) {
            Ok(checked) => checked,
            Err(problems) => {
                return Err(TestCaseError::fail(format!(
                    "a generated survey does not read: {problems:?}\n{definition}"
                )))
            }
        };
        let mut r = Respondent::new(Rc::new(checked.survey));
        invariants(&r, realistic)?;
        for action in &actions {
            steps.set(steps.get() + 1);
            if let Some(response) = perform(&mut r, action, realistic) {
                submitted.set(submitted.get() + 1);
                prop_assert_eq!(r.screen(), Screen::Complete);
                // What is sent passed its checks: a number question's answer is a JSON number.
                for (id, value) in &response.answers {
                    let i: usize = id[1..].parse().expect("generated ids are q<n>");
                    if kinds[i] == "number" {
                        prop_assert!(value.is_number(), "{id} = {value} sent as a non-number");
                    }
                }
                let doc: Value = serde_json::from_str(&response.to_json()).expect("the response is JSON");
                prop_assert!(doc.as_object().is_some_and(|o| o
                    .keys()
                    .all(|k| ["format", "survey", "language", "answers", "other"].contains(&k.as_str()))));
            }
            invariants(&r, realistic)?;
        }
        same_as_from_scratch(&r)?;
        Ok(())
    });
    eprintln!("random survey walks: {} steps, {} submitted", steps.get(), submitted.get());
    assert!(ran >= 5_000);
    assert!(submitted.get() >= 100, "too few walks reach Submit ({})", submitted.get());
}
