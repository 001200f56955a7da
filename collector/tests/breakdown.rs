//! `speaksafe summary --by`: breakdowns with small-number protection. A hand-computed fixture of
//! 60 responses, and a property test over random response sets; both check, with a solver of
//! their own (every table that fits what a reader is shown, found by search), that no withheld
//! count can be worked out.

mod sealed;

use proptest::prelude::*;
use sealed::{response, Setup};
use speaksafe_results::breakdown::{cross, Choice, Crossed, Known};
use speaksafe_results::summary::{suppress, Shown};

/// What a reader is told: a sum of some unknowns (with signs) lies in `lo..=hi`.
#[derive(Debug, Clone)]
struct Fact {
    terms: Vec<(usize, i64)>,
    lo: i64,
    hi: i64,
}

/// The unknowns are whole numbers from 0 to `most`.
struct Solver {
    unknowns: usize,
    most: i64,
    facts: Vec<Fact>,
}

impl Solver {
    fn fact(&mut self, terms: Vec<(usize, i64)>, lo: i64, hi: i64) {
        self.facts.push(Fact { terms, lo, hi });
    }

    /// For each target (an unknown), whether two tables that fit every fact give it different
    /// values: one table that fits is found, then one where the target is less, or more.
    fn undetermined(&self, targets: &[usize]) -> Vec<bool> {
        let start = vec![(0, self.most); self.unknowns];
        let one = self.solve(start.clone()).expect("the true table fits what is shown");
        targets
            .iter()
            .map(|&t| {
                let mut less = start.clone();
                less[t].1 = one[t] - 1;
                let mut more = start.clone();
                more[t].0 = one[t] + 1;
                self.solve(less).is_some() || self.solve(more).is_some()
            })
            .collect()
    }

    /// A table within `bounds` that fits every fact, if there is one: bounds narrowed by each
    /// fact in turn until none narrows, then the widest unknown split in two, each half tried.
    fn solve(&self, mut bounds: Vec<(i64, i64)>) -> Option<Vec<i64>> {
        if !self.narrow(&mut bounds) {
            return None;
        }
        let open = (0..self.unknowns).filter(|&u| bounds[u].0 < bounds[u].1).max_by_key(|&u| bounds[u].1 - bounds[u].0);
        let Some(u) = open else {
            return Some(bounds.iter().map(|b| b.0).collect());
        };
        let middle = bounds[u].0 + (bounds[u].1 - bounds[u].0) / 2;
        let mut low = bounds.clone();
        low[u].1 = middle;
        bounds[u].0 = middle + 1;
        self.solve(low).or_else(|| self.solve(bounds))
    }

    /// Narrows the bounds by the facts until nothing changes; false when nothing fits.
    fn narrow(&self, bounds: &mut [(i64, i64)]) -> bool {
        loop {
            let mut changed = false;
            for fact in &self.facts {
                let range = |bounds: &[(i64, i64)], (u, sign): (usize, i64)| {
                    let (lo, hi) = bounds[u];
                    if sign > 0 {
                        (sign * lo, sign * hi)
                    } else {
                        (sign * hi, sign * lo)
                    }
                };
                let (low, high) =
                    fact.terms.iter().map(|&t| range(bounds, t)).fold((0i64, 0i64), |(l, h), (a, b)| (l + a, h + b));
                if high < fact.lo || low > fact.hi {
                    return false;
                }
                let snapshot = bounds.to_vec();
                for &(u, sign) in &fact.terms {
                    // Against the bounds the fact's sums were taken with.
                    let (a, b) = range(&snapshot, (u, sign));
                    // This term lies within the fact's range less what the others can be.
                    let (term_lo, term_hi) = (fact.lo - (high - b), fact.hi - (low - a));
                    let (new_lo, new_hi) = if sign > 0 {
                        (div_ceil(term_lo, sign), div_floor(term_hi, sign))
                    } else {
                        (div_ceil(term_hi, sign), div_floor(term_lo, sign))
                    };
                    let (lo, hi) = bounds[u];
                    let narrowed = (lo.max(new_lo), hi.min(new_hi));
                    if narrowed.0 > narrowed.1 {
                        return false;
                    }
                    if narrowed != (lo, hi) {
                        bounds[u] = narrowed;
                        changed = true;
                    }
                }
            }
            if !changed {
                return true;
            }
        }
    }
}

fn div_floor(a: i64, b: i64) -> i64 {
    a.div_euclid(b) - if b < 0 && a.rem_euclid(b) != 0 { 1 } else { 0 }
}

fn div_ceil(a: i64, b: i64) -> i64 {
    -div_floor(-a, b)
}

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
        Known { cells: &self.cells, answered: (!self.answered_withheld).then_some(self.answered), multiple }
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
    let mut solver = Solver { unknowns: rows * (options + 1) + rows - 1, most: people as i64, facts: Vec::new() };
    let m = min_cell as i64;
    // What the breakdown itself shows, kept apart from what a reader knows without it.
    let mut shown_facts: Vec<Fact> = Vec::new();
    let mut shown_as = |terms: Vec<(usize, i64)>, (n, shown): (usize, Shown)| {
        let (lo, hi) = match shown {
            Shown::Count => (n as i64, n as i64),
            Shown::Small => (0, m - 1),
            Shown::Secondary => (m, i64::MAX / 4),
        };
        shown_facts.push(Fact { terms, lo, hi });
    };
    for g in 0..rows {
        // A group's cells and its number: one option each, or ticks (each at most the number).
        let row: Vec<(usize, i64)> = (0..options).map(|o| (cell(g, o), 1)).collect();
        if multiple {
            for o in 0..options {
                solver.fact(vec![(cell(g, o), 1), (total(g), -1)], i64::MIN / 4, 0);
            }
            solver.fact(row.iter().map(|&(u, _)| (u, 1)).chain([(total(g), -1)]).collect(), 0, i64::MAX / 4);
        } else {
            solver.fact(row.into_iter().chain([(total(g), -1)]).collect(), 0, 0);
        }
        if g == rows - 1 {
            // Those in no group: how many, taken as known.
            solver.fact(vec![(total(g), 1)], truth.answered[g] as i64, truth.answered[g] as i64);
            continue;
        }
        for o in 0..options {
            shown_as(vec![(cell(g, o), 1)], crossed.cells[g][o]);
        }
        shown_as(vec![(total(g), 1)], crossed.answered[g]);
        // The group's size, as the breakdown question's own counts show it; its number who
        // answered is at most that, and is that when all of the group answered.
        if let Some((lo, hi)) = groups.bounds(g, min_cell) {
            solver.fact(vec![(size(g), 1)], lo, hi);
            let exact = groups.cells[g].0 == truth.answered[g] && groups.cells[g].1 == Shown::Count;
            solver.fact(vec![(total(g), 1)], if exact { lo } else { 0 }, hi);
        }
        solver.fact(vec![(total(g), 1), (size(g), -1)], i64::MIN / 4, 0);
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
    let mut targets: Vec<usize> = Vec::new();
    for g in 0..rows - 1 {
        for o in 0..options {
            if crossed.cells[g][o].1.withheld() {
                targets.push(cell(g, o));
            }
        }
        if crossed.answered[g].1.withheld() {
            targets.push(total(g));
        }
    }
    // A count a reader could work out without the breakdown is no secret of the breakdown's.
    let without = solver.undetermined(&targets);
    solver.facts.extend(shown_facts);
    let with = solver.undetermined(&targets);
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
    let mut solver = Solver { unknowns: 2, most: 12, facts: Vec::new() };
    solver.fact(vec![(0, 1), (1, 1)], 12, 12);
    solver.fact(vec![(0, 1)], 9, 9);
    assert_eq!(solver.undetermined(&[1]), [false]);
    // Shown only as "under 10": the second could be 3 to 12.
    solver.facts[1] = Fact { terms: vec![(0, 1)], lo: 0, hi: 9 };
    assert_eq!(solver.undetermined(&[1]), [true]);
    // Two withheld that must be zero (a total of zero).
    let mut solver = Solver { unknowns: 2, most: 5, facts: Vec::new() };
    solver.fact(vec![(0, 1), (1, 1)], 0, 0);
    assert_eq!(solver.undetermined(&[0, 1]), [false, false]);
    // Negative signs: x0 - x1 = 2 with x1 known to be 3.
    let mut solver = Solver { unknowns: 2, most: 9, facts: Vec::new() };
    solver.fact(vec![(0, 1), (1, -1)], 2, 2);
    solver.fact(vec![(1, 1)], 3, 3);
    assert_eq!(solver.undetermined(&[0]), [false]);
    assert_eq!(solver.solve(vec![(0, 9); 2]), Some(vec![5, 3]));
}

/// 60 responses to the test survey: which group (a, b, c, prefer not to say) by where (x, y, z).
///
/// |       | x  | y  | z | answered |
/// | ----- | -- | -- | - | -------- |
/// | a     | 15 | 12 | 3 | 30       |
/// | b     | 12 | 14 | 0 | 26       |
/// | c     | 2  | 1  | 1 | 4        |
/// | prefer| 0  | 0  | 0 | 0        |
/// | where | 29 | 27 | 4 | 60       |
///
/// On their own, "where" shows x 29 and withholds y and z (z is small, y the next smallest);
/// "group" shows a 30 and b 26 and withholds c and "prefer not to say" (both small).
///
/// In the breakdown, every count under 10 is withheld: a's z, b's z, all of c and of "prefer not
/// to say", and those two groups' numbers. Then a's z (3) is a's 30 less 15 and 12: withheld with
/// the cheapest cells that make a rectangle with it, a's y (12) and two of c's (already withheld).
/// And b's z (0) is b's 26 less 12 and 14: b's x (12) goes with it, in a rectangle with c's x and
/// z. Group a and b's numbers are known from "group" itself (everyone answered both), so they are
/// shown; percentages are of them.
#[test]
fn a_breakdown_hand_computed() {
    let setup = Setup::new("breakdown");
    let table = [("a", [15, 12, 3]), ("b", [12, 14, 0]), ("c", [2, 1, 1])];
    for (group, counts) in table {
        for (place, n) in ["x", "y", "z"].into_iter().zip(counts) {
            for _ in 0..n {
                let answers = format!(r#"{{ "group": "{group}", "where": "{place}", "ok": "yes", "age": 14 }}"#);
                setup.add(&response(&answers, &[]), "2026-03-02");
            }
        }
    }
    let (code, out, err) = setup.run(&[
        "summary",
        "--db",
        "responses.db",
        "--key",
        "org.key",
        "--survey",
        "small",
        "--by",
        "group",
        "--by",
        "where",
    ]);
    assert_eq!(code, 0, "{err}");
    let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let block: Vec<String> = out
        .lines()
        .skip_while(|l| !l.contains("[where: dropdown"))
        .skip_while(|l| !l.starts_with("   By "))
        .take_while(|l| !l.is_empty())
        .map(squeeze)
        .collect();
    assert_eq!(
        block,
        [
            "By Which group <script>alert(1)</script> & \"you\"? [group]:",
            "X Y Z answered",
            "Group A 15 (50%) withheld <10 30",
            "Group <b>B</b> withheld 14 (54%) <10 26",
            "Group C <10 <10 <10 <10",
            "Prefer not to say <10 <10 <10 <10",
        ],
        "{out}"
    );
    // Crossed once: "group" is not broken down by "where" as well.
    let group_block: Vec<&str> =
        out.lines().skip_while(|l| !l.contains("[group: single choice")).take_while(|l| !l.is_empty()).collect();
    assert!(!group_block.iter().any(|l| l.contains("By ")), "{out}");
    // Free text is never broken down.
    let age: Vec<&str> =
        out.lines().skip_while(|l| !l.contains("[age: number")).take_while(|l| !l.is_empty()).collect();
    assert_eq!(age.len(), 2, "{out}");
    assert!(
        out.contains("In a breakdown, every count and every group's number of answers under 10 is shown as \"<10\"")
    );

    // And no withheld count can be worked out from all that is shown.
    use Shown::{Count as C, Secondary as S, Small as L};
    let truth = Truth {
        cells: vec![vec![15, 12, 3], vec![12, 14, 0], vec![2, 1, 1], vec![0, 0, 0], vec![0, 0, 0]],
        answered: vec![30, 26, 4, 0, 0],
    };
    let crossed = Crossed {
        cells: vec![
            vec![(15, C), (12, S), (3, L)],
            vec![(12, S), (14, C), (0, L)],
            vec![(2, L), (1, L), (1, L)],
            vec![(0, L), (0, L), (0, L)],
        ],
        answered: vec![(30, C), (26, C), (4, L), (0, L)],
        withheld_whole: false,
    };
    check_protected(&truth, &crossed, &own(vec![29, 27, 4], 60, 10), &own(vec![30, 26, 4, 0], 60, 10), false, 10);
    // The same table with b's x shown would give b's z away (26 - 12 - 14).
    let mut leaky = crossed.clone();
    leaky.cells[1][0].1 = C;
    let caught = std::panic::catch_unwind(|| {
        check_protected(&truth, &leaky, &own(vec![29, 27, 4], 60, 10), &own(vec![30, 26, 4, 0], 60, 10), false, 10)
    });
    assert!(caught.is_err(), "the check must catch a count given away");
}

/// Responses by day fall back to weeks when a day is small, with the same protection.
#[test]
fn responses_by_week_when_a_day_is_small() {
    let setup = Setup::new("by-week");
    for (day, n) in [("2026-03-02", 12), ("2026-03-04", 3), ("2026-03-10", 11), ("2026-03-23", 25)] {
        for _ in 0..n {
            setup.add(&response(r#"{ "ok": "yes" }"#, &[]), day);
        }
    }
    let (code, out, err) = setup.run(&["summary", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    let block: Vec<String> = out
        .lines()
        .skip_while(|l| !l.starts_with("Responses by week"))
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // Weeks of 2, 9, 16 and 23 March: 15, 11, 0, 25. The empty week is small, and the smallest
    // other (11) is withheld with it, or it would be 51 less the rest.
    assert_eq!(
        block,
        [
            "Responses by week (Monday to Sunday; by day, some days would have fewer than 10):",
            "2026-03-02 15",
            "2026-03-09 withheld",
            "2026-03-16 <10",
            "2026-03-23 25",
        ],
        "{out}"
    );
}

/// A `--by` question must be one that a breakdown can be made by.
#[test]
fn by_must_name_a_closed_single_answer_question() {
    let setup = Setup::new("by-errors");
    setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-02");
    let run =
        |by: &str| setup.run(&["summary", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--by", by]);
    let (code, _, err) = run("nothing");
    assert_eq!(code, 2);
    assert!(err.contains("--by nothing: the survey has no question \"nothing\""), "{err}");
    let (code, _, err) = run("apps");
    assert_eq!(code, 2);
    assert!(err.contains("\"apps\" is a multiple choice"), "{err}");
    let (code, _, err) = run("said");
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run("ok");
    assert_eq!(code, 0, "{err}");
}
