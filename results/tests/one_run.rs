//! Everything one summary publishes, attacked together: each question's own counts, how many
//! answered, every `--by` breakdown and the breakdown questions crossed with each other. An exact
//! integer solver ([`attacker::attack`]) must find no withheld count with a single possible value
//! that the questions' own counts did not already give away.

mod attacker;

use attacker::{attack, responses};
use proptest::prelude::*;
use speaksafe_results::summary::{Part, Summary};

/// Three single-choice questions of three options each.
const SURVEY: &str = r#"{
  "format": "speaksafe/1", "id": "three", "languages": ["en"], "title": "Three", "intro": "Hello",
  "completion": "Thank you", "exit": { "url": "https://www.bbc.co.uk/weather" },
  "pages": [{ "id": "one", "title": "One", "questions": [
    { "id": "q", "kind": "single_choice", "text": "Q?",
      "options": [{ "value": "x", "text": "X" }, { "value": "y", "text": "Y" }, { "value": "z", "text": "Z" }] },
    { "id": "a", "kind": "single_choice", "text": "A?",
      "options": [{ "value": "x", "text": "X" }, { "value": "y", "text": "Y" }, { "value": "z", "text": "Z" }] },
    { "id": "b", "kind": "single_choice", "text": "B?",
      "options": [{ "value": "x", "text": "X" }, { "value": "y", "text": "Y" }, { "value": "z", "text": "Z" }] }
  ]}]
}"#;

const VALUES: [&str; 3] = ["x", "y", "z"];

/// Every count shown, in the questions' own lists and in every breakdown, is at least `min_cell`.
fn nothing_small_shown(summary: &Summary) {
    for part in &summary.parts {
        let Part::Closed(c) = part else { continue };
        for cell in &c.cells {
            assert!(
                cell.shown.withheld() || cell.truth >= summary.min_cell,
                "{} = {}: {}",
                c.id,
                cell.value,
                cell.truth
            );
        }
        for b in &c.breakdowns {
            let shown = b.crossed.cells.iter().flatten().chain(&b.crossed.answered).map(|(_, s)| s);
            let truth = b.truth.iter().flatten().chain(&b.truth_answered);
            for (&n, shown) in truth.zip(shown) {
                assert!(shown.withheld() || n >= summary.min_cell, "{} by {:?}: {n} shown", c.id, b.by);
            }
        }
    }
}

/// One response: an answer (or none) to each of q, a and b, and the options each may choose from
/// (two or three).
type Answers = [Option<usize>; 3];

fn check(answers: &[Answers], options: [usize; 3], by: &[String], min_cell: usize) {
    let ids = ["q", "a", "b"];
    let given: Vec<Vec<(&str, &str)>> = answers
        .iter()
        .map(|r| (0..3).filter_map(|i| r[i].filter(|&o| o < options[i]).map(|o| (ids[i], VALUES[o]))).collect())
        .collect();
    // A question of two options: the third is never chosen, and is counted as such.
    let survey = SURVEY.to_string();
    let summary = Summary::new(&responses(&survey, &given), min_cell, false, by).expect("a summary");
    nothing_small_shown(&summary);
    let pinned = attack(&summary, &ids);
    assert!(pinned.is_empty(), "worked out: {pinned:?}\n{}", summary.text());
}

fn strategy() -> impl Strategy<Value = (Vec<Answers>, [usize; 3], Vec<String>, usize)> {
    let answer = |n: usize| prop::option::weighted(0.9, 0..n);
    let options = [2usize..=3, 2usize..=3, 2usize..=3];
    let by = prop::sample::select(vec![vec!["b"], vec!["a", "b"], vec!["b", "a"], vec!["a"]]);
    (options, by, prop::sample::select(vec![3usize, 5, 10])).prop_flat_map(move |(options, by, min_cell)| {
        let response = (answer(options[0]), answer(options[1]), answer(options[2])).prop_map(|(q, a, b)| [q, a, b]);
        let by: Vec<String> = by.into_iter().map(str::to_string).collect();
        (prop::collection::vec(response, 0..36), Just(options), Just(by), Just(min_cell))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Whatever the responses, nothing withheld in one summary can be worked out from all of it.
    #[test]
    fn no_withheld_count_of_one_summary_can_be_worked_out((answers, options, by, min_cell) in strategy()) {
        check(&answers, options, &by, min_cell);
    }
}

/// The review's data: 200 Youth Voice responses, `police_opinion` by `school_officer`. On its own,
/// `police_opinion` withholds "Very good" (21) and "Very bad" (6) as a pair whose sum, 27, the
/// shown counts give. The breakdown used to show "Very good" as 10 and 11 in the two groups (the
/// small cells of each row withheld with each other), and everyone having answered both
/// questions, that made it 21, and so "Very bad" 6.
#[test]
fn a_breakdown_does_not_give_away_a_pair_withheld_in_the_questions_own_counts() {
    let survey = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../surveys/youth-voice.json"))
        .expect("the Youth Voice survey");
    let by_group = [
        ("yes", [("very_good", 10), ("good", 25), ("ok", 30), ("bad", 8), ("very_bad", 3), ("dont_know", 24)]),
        ("no", [("very_good", 11), ("good", 25), ("ok", 30), ("bad", 25), ("very_bad", 3), ("dont_know", 6)]),
    ];
    let mut given = Vec::new();
    for (officer, counts) in by_group {
        for (opinion, n) in counts {
            given.extend(std::iter::repeat_n(vec![("police_opinion", opinion), ("school_officer", officer)], n));
        }
    }
    assert_eq!(given.len(), 200);
    let summary = Summary::new(&responses(&survey, &given), 10, false, &["school_officer".to_string()]).unwrap();
    let Some(Part::Closed(opinion)) =
        summary.parts.iter().find(|p| matches!(p, Part::Closed(c) if c.id == "police_opinion"))
    else {
        panic!("no police_opinion")
    };
    let withheld: Vec<&str> = opinion.cells.iter().filter(|c| c.shown.withheld()).map(|c| c.value.as_str()).collect();
    assert_eq!(withheld, ["very_good", "very_bad"], "the review's shape: a withheld pair");
    nothing_small_shown(&summary);
    let pinned = attack(&summary, &["police_opinion", "school_officer"]);
    assert!(pinned.is_empty(), "worked out: {pinned:?}\n{}", summary.text());
    // The breakdown still shows what it can: "Good" and "OK" in both groups ("Bad" and "I do not
    // know" each have a small count in one group, withheld with the other).
    let breakdown = &opinion.breakdowns[0];
    let shown: Vec<usize> = breakdown.crossed.cells[0]
        .iter()
        .zip(&breakdown.truth[0])
        .filter(|((_, s), _)| !s.withheld())
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(shown, [25, 30]);
    // Each shown as perturbed: within the table's reach of the truth.
    let table = speaksafe_results::perturbation::Ptable::standard();
    for ((published, _), truth) in breakdown.crossed.cells[0].iter().zip(&breakdown.truth[0]) {
        assert!(table.outcomes(*truth).contains(published), "{truth} shown as {published}");
    }
}

/// The attacker finds what the review found, given the breakdown as it was published then.
#[test]
fn the_attacker_finds_the_reviews_pair() {
    use speaksafe_results::summary::Shown::{Count as C, Secondary as S, Small as L};
    let survey = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../surveys/youth-voice.json")).unwrap();
    let mut given = Vec::new();
    for (officer, very_good, bad) in [("yes", 10, 17), ("no", 11, 16)] {
        for (opinion, n) in
            [("very_good", very_good), ("good", 25), ("ok", 30), ("bad", bad), ("very_bad", 3), ("dont_know", 15)]
        {
            given.extend(std::iter::repeat_n(vec![("police_opinion", opinion), ("school_officer", officer)], n));
        }
    }
    let mut summary = Summary::new(&responses(&survey, &given), 10, false, &["school_officer".to_string()]).unwrap();
    // As published before counts were perturbed: every count as it is.
    summary.perturbed = false;
    summary.responses = summary.truth_responses;
    for part in &mut summary.parts {
        if let Part::Closed(c) = part {
            c.answered = c.truth_answered;
            c.cells.iter_mut().for_each(|cell| cell.count = cell.truth);
        }
    }
    let opinion = summary
        .parts
        .iter_mut()
        .find_map(|p| match p {
            Part::Closed(c) if c.id == "police_opinion" => Some(c),
            _ => None,
        })
        .unwrap();
    // As published before: "Very good" shown in both groups, "Very bad" under 10 in both, and a
    // cell of each row withheld beside it.
    let crossed = &mut opinion.breakdowns[0].crossed;
    crossed.cells = vec![
        vec![(10, C), (25, C), (30, C), (17, S), (3, L), (15, S)],
        vec![(11, C), (25, C), (30, C), (16, S), (3, L), (15, S)],
    ];
    crossed.answered = vec![(100, C), (100, C)];
    crossed.withheld_whole = false;
    let pinned = attack(&summary, &["police_opinion", "school_officer"]);
    let found: Vec<(&str, i64)> = pinned.iter().map(|p| (p.what.as_str(), p.value)).collect();
    assert!(found.contains(&("police_opinion = very_bad", 6)), "{found:?}");
    assert!(found.contains(&("police_opinion = very_good", 21)), "{found:?}");
}
