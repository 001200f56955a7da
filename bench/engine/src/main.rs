//! Times the respondent engine on a generated survey the size of a large consultation:
//! 1 000 questions over 50 pages with 500 conditions (`=`, `contains`, `anyof`, `notempty`,
//! `>`, `and`/`or`, chains of conditional questions within and across pages, page conditions).
//!
//! What is timed: reading and checking the definition; building the `Respondent`; and "one
//! answer plus recomputation" — `set_answer` / `toggle` on questions that drive conditions —
//! over 20 000 answers, reported as median, p95 and max. The same is then run on a survey five
//! times larger with the same shape: if recomputation only touches the conditions that read the
//! changed answer, the time per answer stays about the same, and exactly the same when the
//! answers go to the same 50 pages (what grows otherwise is the memory touched, not the work).
//!
//! Run: `cargo run --release -p speaksafe-bench-engine` (optionally `-- ANSWERS`).

use serde_json::{json, Value};
use speaksafe_core::{Answer, Respondent, Survey};
use std::hint::black_box;
use std::rc::Rc;
use std::time::{Duration, Instant};

const QUESTIONS_PER_PAGE: usize = 20;
/// Questions 0..8 of each page drive conditions and have none of their own.
const DRIVERS: usize = 8;

fn id(page: usize, k: usize) -> String {
    format!("p{page}q{k}")
}

fn options(values: &[&str]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| json!({ "value": v, "text": { "en": format!("Option {v}"), "ar": format!("خيار {v}") } }))
            .collect(),
    )
}

/// The kind of question `k` of a page (drivers, then conditional questions).
fn kind(k: usize) -> &'static str {
    match k {
        0 | 5 | 8 | 14 => "single_choice",
        1 | 6 | 9 | 15 => "multiple_choice",
        2 | 10 | 16 => "yes_no",
        3 | 11 | 17 | 18 => "short_text",
        4 | 12 | 19 => "number",
        7 | 13 => "dropdown",
        _ => unreachable!(),
    }
}

/// Whether page `page` has a condition of its own (one page in five, not the first).
fn page_has_condition(page: usize) -> bool {
    page % 5 == 4
}

/// The visibility condition of question `k` on `page`, if it has one.
fn condition(page: usize, k: usize) -> Option<String> {
    let q = |k: usize| id(page, k);
    let prev = |k: usize| id(page.saturating_sub(1), k);
    Some(match k {
        8 => format!("{{{}}} = 'a'", q(0)),
        9 => format!("{{{}}} contains 'b'", q(1)),
        10 => format!("{{{}}} anyof ['a', 'c']", q(5)),
        11 => format!("{{{}}} notempty", q(3)),
        12 => format!("{{{}}} = 'yes' and {{{}}} > 10", q(2), q(4)),
        13 => format!("{{{}}} = 'b' or {{{}}} contains 'a'", q(7), q(6)),
        // Chains within the page: 14 reads 8 (conditional), 15 reads 14.
        14 => format!("{{{}}} notempty", q(8)),
        15 => format!("{{{}}} anyof ['a', 'b'] and {{{}}} notempty", q(14), q(11)),
        // Chains across pages: 16 reads the previous page's 15; 17 reads 16.
        16 if page > 0 => format!("{{{}}} notempty or {{{}}} = 'c'", prev(15), q(0)),
        16 => format!("{{{}}} = 'c'", q(0)),
        17 if !page_has_condition(page) => format!("{{{}}} = 'yes'", q(16)),
        _ => return None,
    })
}

fn question(page: usize, k: usize) -> Value {
    let mut q = json!({ "id": id(page, k), "kind": kind(k), "text": { "en": format!("Question {page}.{k}"), "ar": format!("سؤال {page}.{k}") } });
    match kind(k) {
        "single_choice" | "dropdown" => q["options"] = options(&["a", "b", "c"]),
        "multiple_choice" => q["options"] = options(&["a", "b", "c", "d"]),
        "number" => {
            q["min"] = json!(0);
            q["max"] = json!(100);
        }
        _ => {}
    }
    if let Some(c) = condition(page, k) {
        q["visible_if"] = json!(c);
    }
    q
}

fn definition(pages: usize) -> String {
    let pages: Vec<Value> = (0..pages)
        .map(|p| {
            let mut page = json!({
                "id": format!("page{p}"),
                "title": format!("Page {p}"),
                "questions": (0..QUESTIONS_PER_PAGE).map(|k| question(p, k)).collect::<Vec<_>>()
            });
            if page_has_condition(p) {
                page["visible_if"] = json!(format!("{{{}}} = 'yes' or {{{}}} notempty", id(p - 1, 2), id(p - 1, 3)));
            }
            page
        })
        .collect();
    json!({
        "format": "speaksafe/1", "id": "bench", "languages": ["en", "ar"],
        "title": "Benchmark", "intro": "Intro", "completion": "Done",
        "exit": { "url": "https://www.bbc.co.uk/weather" },
        "submit": { "endpoint": "/api/v1/surveys/bench/responses", "public_key": "" },
        "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
        "pages": pages
    })
    .to_string()
}

/// Answers every question (conditional ones included, so that hiding them hides their answers
/// from the conditions that read them, and chains cascade).
fn answer_everything(r: &mut Respondent, pages: usize) {
    for p in 0..pages {
        for k in 0..QUESTIONS_PER_PAGE {
            let id = id(p, k);
            match kind(k) {
                "single_choice" | "dropdown" => r.set_answer(&id, Some(Answer::choice("a"))),
                "multiple_choice" => r.toggle(&id, "b", true),
                "yes_no" => r.set_answer(&id, Some(Answer::choice("yes"))),
                "short_text" => r.set_answer(&id, Some(Answer::Text("hello".into()))),
                _ => r.set_answer(&id, Some(Answer::Text("42".into()))),
            }
        }
    }
}

/// The n-th timed answer: a driving question and a new answer for it, chosen so that
/// visibility keeps changing.
fn nth_answer(n: usize, pages: usize, state: &mut u64) -> (String, Step) {
    // `pages`: answers go to driving questions on pages 0..pages.
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    let page = (*state % pages as u64) as usize;
    let k = (*state >> 32) as usize % DRIVERS;
    let flip = (*state >> 40) % 3;
    let step = match kind(k) {
        "single_choice" | "dropdown" => Step::Set(Some(Answer::choice(["a", "b", "c"][flip as usize]))),
        "multiple_choice" => Step::Toggle(["a", "b", "c"][flip as usize], n.is_multiple_of(2)),
        "yes_no" => Step::Set(Some(Answer::choice(if n.is_multiple_of(2) { "yes" } else { "no" }))),
        "short_text" => Step::Set(if n.is_multiple_of(2) { Some(Answer::Text("typed".into())) } else { None }),
        _ => Step::Set(Some(Answer::Text(["5", "15", "50"][flip as usize].into()))),
    };
    (id(page, k), step)
}

enum Step {
    Set(Option<Answer>),
    Toggle(&'static str, bool),
}

struct Figures {
    median: f64,
    p95: f64,
    max: f64,
}

fn figures(mut times: Vec<Duration>) -> Figures {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    Figures { median: at(0.5), p95: at(0.95), max: at(1.0) }
}

/// The median of `runs` timings of `f`, in milliseconds.
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2].as_secs_f64() * 1e3
}

struct Run {
    questions: usize,
    conditions: usize,
    bytes: usize,
    read_ms: f64,
    new_ms: f64,
    answer: Figures,
    /// The same answers confined to the first 50 pages (a 1 000-question working set).
    answer_first_pages: Figures,
    progress: Figures,
    answers: usize,
    visibility_changes: usize,
}

/// Times `answers` answers to driving questions on pages `0..on_pages`, after answering every
/// question, with nothing else in between that would cool the caches.
fn time_answers(
    survey: &Rc<Survey>,
    pages: usize,
    on_pages: usize,
    answers: usize,
) -> (Respondent, Vec<Duration>, u64) {
    let mut r = Respondent::new(Rc::clone(survey));
    answer_everything(&mut r, pages);
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut times = Vec::with_capacity(answers);
    for n in 0..answers {
        let (id, step) = nth_answer(n, on_pages, &mut state);
        let start = Instant::now();
        match step {
            Step::Set(answer) => r.set_answer(&id, answer),
            Step::Toggle(value, on) => r.toggle(&id, value, on),
        }
        times.push(start.elapsed());
    }
    (r, times, state)
}

fn run(pages: usize, answers: usize) -> Run {
    let json = definition(pages);
    let survey: Survey = match speaksafe_core::read(&json) {
        Ok(checked) => checked.survey,
        Err(problems) => panic!("the generated survey does not read: {problems:#?}"),
    };
    let read_ms = median_ms(21, || speaksafe_core::read(&json).is_ok());
    let survey = Rc::new(survey);
    let new_ms = median_ms(21, || Respondent::new(Rc::clone(&survey)));

    let (_, first_pages, _) = time_answers(&survey, pages, pages.min(50), answers);
    let (mut r, times, mut state) = time_answers(&survey, pages, pages, answers);
    // Then: how often an answer changes what is shown, and what progress() costs after one.
    let all_ids: Vec<String> = survey.questions().map(|(_, q)| q.id.clone()).collect();
    let visible = |r: &Respondent| all_ids.iter().filter(|id| r.is_visible(id)).count();
    let (mut progress_times, mut visibility_changes) = (Vec::new(), 0);
    let mut shown = visible(&r);
    for n in 0..answers / 10 {
        let (id, step) = nth_answer(n, pages, &mut state);
        match step {
            Step::Set(answer) => r.set_answer(&id, answer),
            Step::Toggle(value, on) => r.toggle(&id, value, on),
        }
        let start = Instant::now();
        black_box(r.progress());
        progress_times.push(start.elapsed());
        let now = visible(&r);
        visibility_changes += (now != shown) as usize;
        shown = now;
    }
    Run {
        questions: survey.question_count(),
        conditions: survey.condition_count(),
        bytes: json.len(),
        read_ms,
        new_ms,
        answer: figures(times),
        answer_first_pages: figures(first_pages),
        progress: figures(progress_times),
        answers,
        visibility_changes,
    }
}

fn main() {
    let answers: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000).max(10_000);
    let build = if cfg!(debug_assertions) { "debug (use --release for figures that mean anything)" } else { "release" };
    println!("speaksafe-core engine benchmark, {build} build\n");
    let mut medians = Vec::new();
    for pages in [50, 250] {
        let r = run(pages, answers);
        println!(
            "survey: {} questions over {pages} pages, {} conditions, {} KiB of JSON",
            r.questions,
            r.conditions,
            r.bytes / 1024
        );
        println!("  read + check the definition: {:>9.3} ms (median of 21)", r.read_ms);
        println!("  build the Respondent:        {:>9.3} ms (median of 21)", r.new_ms);
        println!(
            "  one answer + recomputation:  median {:.2} µs, p95 {:.2} µs, max {:.2} µs ({} answers to driving questions)",
            r.answer.median,
            r.answer.p95,
            r.answer.max,
            r.answers,
        );
        if pages > 50 {
            println!(
                "    … answers confined to its first 50 pages: median {:.2} µs, p95 {:.2} µs, max {:.2} µs (the same working set as 1 000 questions)",
                r.answer_first_pages.median, r.answer_first_pages.p95, r.answer_first_pages.max
            );
        }
        println!(
            "  progress() after an answer:  median {:.2} µs, p95 {:.2} µs, max {:.2} µs (walks every visible question; {} of {} answers changed how many questions are shown)\n",
            r.progress.median,
            r.progress.p95,
            r.progress.max,
            r.visibility_changes,
            r.answers / 10
        );
        medians.push((r.questions, r.answer.median, r.answer_first_pages.median, r.new_ms));
    }
    let (small, large) = (medians[0], medians[1]);
    println!(
        "scaling: {}× the questions → {:.2}× the time per answer spread over every page, {:.2}× on the same 50 pages \
         (building the Respondent, a full recomputation, scales {:.2}×)",
        large.0 / small.0,
        large.1 / small.1,
        large.2 / small.1,
        large.3 / small.3
    );
}
