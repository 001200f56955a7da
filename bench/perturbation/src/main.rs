//! The utility cost of cell key perturbation: random response sets to the Youth Voice survey
//! (`surveys/youth-voice.json`, every closed question answered at random, a few skipped), each
//! summarised at speaksafe's parameters (`--min-cell 10`, broken down by `school_officer`), and
//! the mean absolute error of every count shown (not withheld) against its true value, with how
//! many were moved at all. `cargo run --release -p speaksafe-bench-perturbation`.

use serde_json::{Map, Value};
use speaksafe_core::{Response, Shape};
use speaksafe_results::perturbation::PARAMETERS;
use speaksafe_results::summary::{Part, Summary};
use speaksafe_results::{Opened, Responses, Shared};

fn main() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../surveys/youth-voice.json"))
        .expect("surveys/youth-voice.json");
    let survey = speaksafe_core::read(&text).expect("the Youth Voice survey").survey;
    println!(
        "parameters: noise at most {}, variance {}, never published as 1 to {}; --min-cell 10, --by school_officer",
        PARAMETERS.max_noise, PARAMETERS.variance, PARAMETERS.blocked
    );
    println!("| responses | runs | counts shown (per run) | moved | mean absolute error | largest error |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut rng = Rng(0x5eed);
    for n in [200, 1_000, 5_000] {
        let runs = 20;
        let (mut shown, mut moved, mut error, mut largest) = (0usize, 0usize, 0usize, 0usize);
        for _ in 0..runs {
            let mut shared = Shared::of(&survey);
            let opened =
                (0..n).map(|_| Opened::new("2026-03-02", random_response(&survey, &mut rng), &mut shared)).collect();
            let responses = Responses { survey: survey.clone(), opened, failed: Vec::new(), keys: 1 };
            let summary = Summary::new(&responses, 10, false, &["school_officer".to_string()]).expect("a summary");
            let mut count = |truth: usize, published: usize| {
                shown += 1;
                let e = truth.abs_diff(published);
                moved += usize::from(e > 0);
                error += e;
                largest = largest.max(e);
            };
            count(summary.truth_responses, summary.responses);
            for part in &summary.parts {
                let Part::Closed(c) = part else { continue };
                if !c.answered_withheld {
                    count(c.truth_answered, c.answered);
                }
                c.cells.iter().filter(|cell| !cell.shown.withheld()).for_each(|cell| count(cell.truth, cell.count));
                for b in &c.breakdowns {
                    let published = b.crossed.cells.iter().flatten().chain(&b.crossed.answered);
                    let truth = b.truth.iter().flatten().chain(&b.truth_answered);
                    for (&t, &(p, s)) in truth.zip(published) {
                        if !s.withheld() {
                            count(t, p);
                        }
                    }
                }
            }
        }
        println!(
            "| {n} | {runs} | {} | {:.1}% | {:.3} | {largest} |",
            shown / runs,
            100.0 * moved as f64 / shown as f64,
            error as f64 / shown as f64
        );
    }
}

/// A response answering every closed question at random (one in ten skipped), with a record key.
fn random_response(survey: &speaksafe_core::Survey, rng: &mut Rng) -> Response {
    let mut answers = Map::new();
    for (_, question) in survey.questions().filter(|(_, q)| q.is_answerable()) {
        if rng.below(10) == 0 {
            continue;
        }
        let pick = |rng: &mut Rng, options: &[speaksafe_core::Choice]| options[rng.below(options.len())].value.clone();
        let answer = match question.kind.shape() {
            Shape::Chosen { options, .. } => Value::String(pick(rng, options)),
            Shape::Ticked { options, .. } => Value::Array(
                options.iter().filter(|_| rng.below(3) == 0).map(|o| Value::String(o.value.clone())).collect(),
            ),
            Shape::Rows { rows, columns } => {
                Value::Object(rows.iter().map(|r| (r.value.clone(), Value::String(pick(rng, columns)))).collect())
            }
            _ => continue,
        };
        answers.insert(question.id.clone(), answer);
    }
    Response {
        survey: survey.id.clone(),
        version: None,
        language: "en".into(),
        answers,
        other: Map::new(),
        key: Some(rng.next_u64() as u32),
    }
}

/// SplitMix64: answers and keys for the benchmark, not for anything secret.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
