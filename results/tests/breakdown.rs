//! Breakdowns with small-number protection, table by table: a property test over random
//! response sets (single and multiple choice), checked with the attacker's exact solver
//! ([`attacker::Solver`]: every table that fits what a reader is shown, found by search), that no
//! withheld count can be worked out from a breakdown, its question's own counts and the breakdown
//! question's. `one_run.rs` attacks every table of a summary together.

mod attacker;

use attacker::{Fact, Solver, UNBOUNDED};
use proptest::prelude::*;
use speaksafe_results::breakdown::{cross, Choice, Crossed, Known};
use speaksafe_results::summary::{suppress, Shown};

/// One question's own counts and how they are shown, as the summary shows them.
struct Own {
    cells: Vec<(usize, Shown)>,
    answered: usize,
    answered_withheld: bool,
}

fn own(counts: Vec<usize>, answered: usize, min_cell: usize) -> Own {
    let (shown, answered_withheld) = suppress(&counts, min_cell);
    Own { cells: counts.into_iter().zip(shown).collect(), answered, answered_withheld }
}

impl Own {
    fn known(&self, multiple: bool) -> Known<'_> {
        Known {
            cells: &self.cells,
            answered: (!self.answered_withheld).then_some(self.answered),
            multiple,
            crossed: false,
        }
    }

    /// What a reader learns of count `i` from the question's own counts: its value, that it is
    /// under the minimum (when shown as such: with a secondary, all are "withheld"), or nothing.
    fn bounds(&self, i: usize, min_cell: usize) -> Option<(i64, i64)> {
        let secondary = self.cells.iter().any(|(_, s)| *s == Shown::Secondary);
        match self.cells[i] {
            (n, Shown::Count) => Some((n as i64, n as i64)),
            (_, Shown::Small) if !secondary => Some((0, min_cell as i64 - 1)),
            _ => None,
        }
    }
}

/// A breakdown's true counts, as the tests make them.
struct Truth {
    /// `cells[group][option]`, the last group being those who did not answer the breakdown question.
    cells: Vec<Vec<usize>>,
    /// Each group's number who answered the question (the last: those in no group).
    answered: Vec<usize>,
}

/// Every fact a reader has of a breakdown (the question's own counts, the breakdown question's
/// own counts, what the breakdown shows), and whether each withheld count of the breakdown can be
/// worked out from them when it could not be without the breakdown. The unknowns: each group's
/// number who answered, its cells, and its size.
fn check_protected(truth: &Truth, crossed: &Crossed, question: &Own, groups: &Own, multiple: bool, min_cell: usize) {
    let (rows, options) = (truth.cells.len(), truth.cells[0].len());
    // Each group's number first, then its cells: the search can then cut a row short. After
    // them, each group's size (how many gave that answer to the breakdown question).
    let total = |g: usize| g * (options + 1);
    let cell = |g: usize, o: usize| g * (options + 1) + 1 + o;
    let size = |g: usize| rows * (options + 1) + g;
    let responses: usize = truth.answered.iter().sum();
    let people = responses.max(groups.answered);
    let mut solver = Solver::new(rows * (options + 1) + rows - 1, people as i64);
    let m = min_cell as i64;
    // What the breakdown itself shows, kept apart from what a reader knows without it.
    let mut shown_facts: Vec<Fact> = Vec::new();
    // "withheld" is 10 or more, but in the column or row of an option or group whose own count is
    // withheld, where it says nothing.
    let mut shown_as = |terms: Vec<(usize, i64)>, (n, shown): (usize, Shown), own_withheld: bool| {
        let (lo, hi) = match shown {
            Shown::Count => (n as i64, n as i64),
            Shown::Small => (0, m - 1),
            Shown::Secondary if own_withheld => (0, UNBOUNDED),
            Shown::Secondary => (m, UNBOUNDED),
        };
        shown_facts.push(Fact { terms, lo, hi });
    };
    for g in 0..rows {
        // A group's cells and its number: one option each, or ticks (each at most the number).
        let row: Vec<(usize, i64)> = (0..options).map(|o| (cell(g, o), 1)).collect();
        if multiple {
            for o in 0..options {
                solver.fact(vec![(cell(g, o), 1), (total(g), -1)], -UNBOUNDED, 0);
            }
            solver.fact(row.iter().map(|&(u, _)| (u, 1)).chain([(total(g), -1)]).collect(), 0, UNBOUNDED);
        } else {
            solver.fact(row.into_iter().chain([(total(g), -1)]).collect(), 0, 0);
        }
        if g == rows - 1 {
            // Those in no group: how many, taken as known.
            solver.fact(vec![(total(g), 1)], truth.answered[g] as i64, truth.answered[g] as i64);
            continue;
        }
        for o in 0..options {
            let own_withheld = question.cells[o].1.withheld() || groups.cells[g].1.withheld();
            shown_as(vec![(cell(g, o), 1)], crossed.cells[g][o], own_withheld);
        }
        shown_as(vec![(total(g), 1)], crossed.answered[g], groups.cells[g].1.withheld());
        // The group's size, as the breakdown question's own counts show it; its number who
        // answered is at most that, and is that when all of the group answered.
        if let Some((lo, hi)) = groups.bounds(g, min_cell) {
            solver.fact(vec![(size(g), 1)], lo, hi);
            let exact = groups.cells[g].0 == truth.answered[g] && groups.cells[g].1 == Shown::Count;
            solver.fact(vec![(total(g), 1)], if exact { lo } else { 0 }, hi);
        }
        solver.fact(vec![(total(g), 1), (size(g), -1)], -UNBOUNDED, 0);
    }
    // The groups' sizes add up to how many answered the breakdown question, when that is shown.
    if !groups.answered_withheld {
        let sum = groups.answered as i64;
        solver.fact((0..rows - 1).map(|g| (size(g), 1)).collect(), sum, sum);
    }
    for o in 0..options {
        if let Some((lo, hi)) = question.bounds(o, min_cell) {
            solver.fact((0..rows).map(|g| (cell(g, o), 1)).collect(), lo, hi);
        }
    }
    if !question.answered_withheld && question.answered == responses {
        solver.fact((0..rows).map(|g| (total(g), 1)).collect(), responses as i64, responses as i64);
    }
    let mut targets: Vec<Vec<usize>> = Vec::new();
    for g in 0..rows - 1 {
        for o in 0..options {
            if crossed.cells[g][o].1.withheld() {
                targets.push(vec![cell(g, o)]);
            }
        }
        if crossed.answered[g].1.withheld() {
            targets.push(vec![total(g)]);
        }
        // The breakdown question's own withheld counts: each group's size.
        if groups.cells[g].1.withheld() {
            targets.push(vec![size(g)]);
        }
    }
    // The question's own withheld counts: each a column's total (ticks, for multiple choice).
    for o in (0..options).filter(|&o| question.cells[o].1.withheld()) {
        targets.push((0..rows).map(|g| cell(g, o)).collect());
    }
    // A count a reader could work out without the breakdown is no secret of the breakdown's.
    let without = solver.undetermined_sums(&targets).expect("the truth fits");
    solver.facts.extend(shown_facts);
    let with = solver.undetermined_sums(&targets).expect("the truth fits");
    for ((target, free), free_without) in targets.iter().zip(with).zip(without) {
        assert!(
            free || !free_without,
            "the withheld count {target:?} can be worked out from what is shown, and not without it: {crossed:?}"
        );
    }
}

/// Tallies responses (a `Choice` for the question and one for the breakdown question each).
fn tally(question: &[Choice], by: &[Choice], options: usize, groups: usize) -> Truth {
    let mut truth = Truth { cells: vec![vec![0; options]; groups + 1], answered: vec![0; groups + 1] };
    for (q, g) in question.iter().zip(by) {
        let Some(q) = q.as_ref().filter(|q| !q.is_empty()) else { continue };
        let row = g.as_ref().map_or(groups, |g| g[0]);
        truth.answered[row] += 1;
        for &o in q {
            truth.cells[row][o] += 1;
        }
    }
    truth
}

fn responses_strategy() -> impl Strategy<Value = (usize, usize, bool, usize, Vec<(Choice, Choice)>)> {
    (2usize..=3, 2usize..=3, any::<bool>(), prop::sample::select(vec![3usize, 5, 10])).prop_flat_map(
        |(groups, options, multiple, min_cell)| {
            let group = prop::option::weighted(0.9, (0..groups).prop_map(|g| vec![g]));
            let answer = if multiple {
                prop::option::weighted(0.9, prop::collection::btree_set(0..options, 1..=options))
                    .prop_map(|s| s.map(|s| s.into_iter().collect::<Vec<_>>()))
                    .boxed()
            } else {
                prop::option::weighted(0.9, (0..options).prop_map(|o| vec![o])).boxed()
            };
            let response = (answer, group);
            (Just(groups), Just(options), Just(multiple), Just(min_cell), prop::collection::vec(response, 0..40))
        },
    )
}

/// Breaks a question down by another for these responses (a `Choice` of each), and checks that
/// every count it shows is at least the minimum and that no withheld one can be worked out.
fn check_responses(groups: usize, options: usize, multiple: bool, min_cell: usize, responses: &[(Choice, Choice)]) {
    let question: Vec<Choice> = responses.iter().map(|(q, _)| q.clone()).collect();
    let by: Vec<Choice> = responses.iter().map(|(_, g)| g.clone()).collect();
    let truth = tally(&question, &by, options, groups);
    let question_own = own(
        (0..options).map(|o| truth.cells.iter().map(|row| row[o]).sum()).collect(),
        truth.answered.iter().sum(),
        min_cell,
    );
    let group_sizes: Vec<usize> =
        (0..groups).map(|g| by.iter().filter(|b| b.as_deref() == Some(&[g][..])).count()).collect();
    let answered_group = group_sizes.iter().sum();
    let groups_own = own(group_sizes, answered_group, min_cell);
    let crossed = cross(&question, &question_own.known(multiple), &by, &groups_own.known(false), min_cell);
    // Nothing under the minimum is shown.
    for (g, row) in crossed.cells.iter().enumerate() {
        for (o, &(n, shown)) in row.iter().enumerate() {
            assert_eq!(n, truth.cells[g][o]);
            assert!(n >= min_cell || shown.withheld(), "{n} shown");
        }
        assert!(crossed.answered[g].0 >= min_cell || crossed.answered[g].1.withheld());
    }
    // A breakdown withheld whole shows nothing at all; otherwise, nothing can be worked out.
    if !crossed.withheld_whole {
        check_protected(&truth, &crossed, &question_own, &groups_own, multiple, min_cell);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever the responses, no withheld count of a breakdown can be worked out from what the
    /// report shows: the breakdown, the question's own counts and the breakdown question's.
    #[test]
    fn no_withheld_count_can_be_worked_out((groups, options, multiple, min_cell, responses) in responses_strategy()) {
        check_responses(groups, options, multiple, min_cell, &responses);
    }
}

/// Four in group 2 of 3, three of whom answered: "2" and "1" of them, withheld. Groups 1 and 3
/// are empty, and that is no secret of the breakdown's: the breakdown question's own counts show
/// group 2's four to be all of its four answers.
#[test]
fn groups_shown_empty_by_the_breakdown_questions_own_counts() {
    let (a, b) = (Some(vec![0]), Some(vec![1]));
    let second = Some(vec![1]);
    let responses = [(None, second.clone()), (a.clone(), second.clone()), (b, second.clone()), (a, second)];
    check_responses(3, 2, false, 3, &responses);
}

/// Groups of 1, 0 and 3, and 3 answers: 1 from the first group, 2 from the third. Each group's
/// number of answers is under 3; but the two small groups hold one person between them (4 in all,
/// 3 in the third), so the third group's "<3" would be 2: the breakdown must not say it.
#[test]
fn small_groups_are_known_together_by_their_sum() {
    let (a, third) = (Some(vec![0]), Some(vec![2]));
    let responses = [(a.clone(), third.clone()), (a.clone(), third.clone()), (None, third), (a, Some(vec![0]))];
    check_responses(3, 2, false, 3, &responses);
}

/// The solver itself: it finds what can be worked out.
#[test]
fn the_solver_finds_a_count_given_away_by_a_total() {
    // Two unknowns summing to 12, the first shown as 9: the second is 3.
    let mut solver = Solver::new(2, 12);
    solver.fact(vec![(0, 1), (1, 1)], 12, 12);
    solver.fact(vec![(0, 1)], 9, 9);
    assert_eq!(solver.undetermined(&[1]), [false]);
    // Shown only as "under 10": the second could be 3 to 12.
    solver.facts[1] = Fact { terms: vec![(0, 1)], lo: 0, hi: 9 };
    assert_eq!(solver.undetermined(&[1]), [true]);
    // Two withheld that must be zero (a total of zero).
    let mut solver = Solver::new(2, 5);
    solver.fact(vec![(0, 1), (1, 1)], 0, 0);
    assert_eq!(solver.undetermined(&[0, 1]), [false, false]);
    // Negative signs: x0 - x1 = 2 with x1 known to be 3.
    let mut solver = Solver::new(2, 9);
    solver.fact(vec![(0, 1), (1, -1)], 2, 2);
    solver.fact(vec![(1, 1)], 3, 3);
    assert_eq!(solver.undetermined(&[0]), [false]);
    assert_eq!(solver.solve(vec![(0, 9); 2], &solver.facts), Some(vec![5, 3]));
}
