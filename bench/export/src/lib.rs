//! Sealed responses to a survey for the benchmarks: answers chosen at random as a respondent
//! could give them, sealed with the widget's own code (`speaksafe_core::envelope`) on every core.
//! Used by this crate's export benchmark and by bench/console-open's seeder.

use serde_json::{json, Map, Value};
use speaksafe_core::envelope::{seal_with_system_random, PublicKey};
use speaksafe_core::{Kind, Response, Shape, Survey};

/// N responses answered at random, sealed on every core.
pub fn seal_all(survey: &Survey, key: &PublicKey, n: usize, threads: usize) -> Vec<String> {
    let per = n.div_ceil(threads.max(1));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let count = per.min(n.saturating_sub(t * per));
                scope.spawn(move || {
                    let mut rng = Rng(0x5eed ^ (t as u64) << 32);
                    (0..count)
                        .map(|_| {
                            let response = random_response(survey, &mut rng);
                            seal_with_system_random(&response, key).expect("sealed").to_text()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a sealing thread")).collect()
    })
}

/// A response that answers most questions, at random, as the widget would write it.
pub fn random_response(survey: &Survey, rng: &mut Rng) -> Response {
    let mut answers = Map::new();
    let mut other = Map::new();
    for (_, question) in survey.questions().filter(|(_, q)| q.is_answerable()) {
        if rng.below(10) == 0 {
            continue; // skipped
        }
        let pick = |rng: &mut Rng, options: &[speaksafe_core::Choice]| options[rng.below(options.len())].value.clone();
        let answer = match question.kind.shape() {
            Shape::Ticked { options, other: other_text } => {
                let chosen: Vec<Value> =
                    options.iter().filter(|_| rng.below(3) == 0).map(|o| Value::String(o.value.clone())).collect();
                if other_text && chosen.iter().any(|c| c == "other") {
                    other.insert(question.id.clone(), json!("something else, in a few words"));
                }
                Value::Array(chosen)
            }
            Shape::Rows { rows, columns } => {
                Value::Object(rows.iter().map(|r| (r.value.clone(), Value::String(pick(rng, columns)))).collect())
            }
            Shape::Typed { number: true } => json!(11 + rng.below(6)),
            Shape::Typed { number: false } if matches!(question.kind, Kind::ShortText(_)) => json!("E16"),
            Shape::Typed { number: false } => json!("More lights on the way home, and someone to talk to who listens."),
            Shape::Chosen { options, other: other_text } => {
                let chosen = pick(rng, options);
                if other_text && chosen == "other" {
                    other.insert(question.id.clone(), json!("somewhere else, in a few words"));
                }
                Value::String(chosen)
            }
            Shape::Nothing => continue,
        };
        answers.insert(question.id.clone(), answer);
    }
    Response {
        survey: survey.id.clone(),
        version: None,
        language: if rng.below(4) == 0 { "ar" } else { "en" }.into(),
        answers,
        other,
        key: Some(rng.next_u64() as u32),
    }
}

/// SplitMix64: answers and ids for the benchmark, not for anything secret.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
