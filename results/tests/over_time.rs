//! Releases over time, attacked: the review's shape, the Youth Voice summary of 200 responses and
//! then of 201. The ledger refuses the second. Made anyway (`--force`), this is what the
//! difference gives an attacker who knows the method (the published table, and that the same
//! people are always perturbed the same way) but no record key: every count that does not count
//! the new respondent is published exactly as before, so a count that moved is theirs, with
//! certainty. Perturbation hides their answer only where the count of it happened not to move,
//! or was withheld both times.

mod attacker;

use attacker::{closed, record_key, responses};
use speaksafe_core::Shape;
use speaksafe_results::ledger::{judge, Judgement, Release};
use speaksafe_results::perturbation::Ptable;
use speaksafe_results::summary::{Shown, Summary};

fn youth_voice() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../surveys/youth-voice.json")).unwrap()
}

/// The survey's single-answer questions, each with its options' values.
fn single_answer_questions(survey: &str) -> Vec<(String, Vec<String>)> {
    let survey = speaksafe_core::read(survey).unwrap_or_else(|e| panic!("{e:?}")).survey;
    survey
        .questions()
        .filter_map(|(_, q)| match q.kind.shape() {
            Shape::Chosen { options, .. } => Some((q.id.clone(), options.iter().map(|o| o.value.clone()).collect())),
            _ => None,
        })
        .collect()
}

/// SplitMix64, for the answers.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// One response: an answer to each question (one in ten skipped), some options more often than
/// others, as in a real survey.
fn answer<'q>(questions: &'q [(String, Vec<String>)], rng: &mut Rng) -> Vec<(&'q str, &'q str)> {
    let mut given = Vec::new();
    for (id, options) in questions {
        if rng.below(10) != 0 {
            let skewed = rng.below(options.len()).min(rng.below(options.len()));
            given.push((id.as_str(), options[skewed].as_str()));
        }
    }
    given
}

fn release(number: u64, summary: &Summary) -> Release {
    Release {
        number,
        survey: summary.survey_id.clone(),
        kind: "summary".into(),
        by: Vec::new(),
        min_cell: summary.min_cell,
        day: "2026-03-09".into(),
        responses: summary.truth_responses,
        digest: format!("{} responses", summary.truth_responses),
        forced: false,
    }
}

#[test]
fn the_ledger_refuses_the_reviews_second_release_and_forced_it_gives_away_every_answer_whose_count_moved() {
    let survey = youth_voice();
    let questions = single_answer_questions(&survey);
    assert!(questions.len() >= 12, "the review's 12 questions and more");
    let table = Ptable::standard();
    let (mut answers_given, mut moved, mut kept, mut withheld, mut crossed) = (0, 0, 0, 0, 0);
    for run in 0..40u64 {
        let mut rng = Rng(run);
        let first: Vec<Vec<(&str, &str)>> = (0..200).map(|_| answer(&questions, &mut rng)).collect();
        let new = answer(&questions, &mut rng);
        let mut second = first.clone();
        second.push(new.clone());
        // Record keys drawn afresh for each run, each response keeping its own in both releases.
        let keyed = |given: &[Vec<(&str, &str)>]| {
            let mut opened = responses(&survey, given);
            for (i, o) in opened.opened.iter_mut().enumerate() {
                o.set_key(record_key((run << 32) | i as u64));
            }
            opened
        };
        let before = Summary::new(&keyed(&first), 10, false, &[]).unwrap();
        let after = Summary::new(&keyed(&second), 10, false, &[]).unwrap();

        // The ledger refuses the second release, naming the first.
        let refused = judge(&release(0, &after), &[release(1, &before)]);
        assert_eq!(refused, Judgement::TooSoon { conflict: release(1, &before), needed: 210 });

        // Forced: what an attacker who knows the method reads from the two.
        for (id, value) in &new {
            let (was, is) = (closed(&before, id), closed(&after, id));
            answers_given += 1;
            for (old, now) in was.cells.iter().zip(&is.cells) {
                let theirs = old.value == *value;
                match (old.shown.withheld(), now.shown.withheld()) {
                    // Counted without the new respondent: the same people, the same count.
                    (false, false) if !theirs => assert_eq!(old.count, now.count, "{id} = {}", old.value),
                    // Theirs: moved, and so given away; or not, and hidden among the others that
                    // did not move.
                    (false, false) => {
                        if old.count != now.count {
                            moved += 1;
                        } else {
                            kept += 1;
                        }
                    }
                    (true, true) if theirs => withheld += 1,
                    // Theirs, under 10 before and shown now (the review's "<10" that became 10):
                    // it was exactly 9.
                    (true, false) if theirs && old.shown == Shown::Small => {
                        assert_eq!(old.truth, 9, "{id} = {}", old.value);
                        crossed += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    // How often a shown count of theirs moves: one minus the chance that the table's noise for
    // the count before, and its noise (with a new cell key) for one more, land on the same number.
    let row = table.probabilities().last().unwrap();
    let last = table.probabilities().len() - 1;
    let chance = |noise: i64| {
        row.iter().find(|&&(j, _)| j as i64 - last as i64 == noise).map_or(0.0, |&(_, probability)| probability)
    };
    let stays: f64 = (-3..=3).map(|e| chance(e) * chance(e - 1)).sum();
    let shown = moved + kept;
    let share = moved as f64 / shown as f64;
    eprintln!(
        "forced 201 after 200, {answers_given} answers of the new respondent over 40 runs: {moved} given away by a \
         count that moved ({:.0}% of those shown; the table says {:.0}%), {kept} hidden by a count that did not \
         move, {withheld} withheld both times, {crossed} given away by a count that was withheld and is now shown",
        100.0 * share,
        100.0 * (1.0 - stays)
    );
    assert!((share - (1.0 - stays)).abs() < 0.06, "{share} moved, where the table says {}", 1.0 - stays);
    assert!(moved > 0 && kept > 0 && withheld > 0);
}
