//! The attacker: an exact integer solver over what a reader of the results is told, used by the
//! tests to check that nothing withheld can be worked out. Written apart from the protection it
//! checks (which reasons with flow networks), so that the two do not share a mistake.
//!
//! A reader's facts are linear: a sum of some unknown whole numbers (each at least 0) lies in a
//! range. A count can be worked out when exactly one value of it fits every fact; the solver
//! finds one table that fits, then asks for one where the count is less, or more.

#![allow(dead_code)]

use speaksafe_results::perturbation::Ptable;
use speaksafe_results::summary::{Part, Shown, Summary};

/// What a reader is told: a sum of some unknowns (with signs) lies in `lo..=hi`.
#[derive(Debug, Clone)]
pub struct Fact {
    pub terms: Vec<(usize, i64)>,
    pub lo: i64,
    pub hi: i64,
}

/// More than any count can be.
pub const UNBOUNDED: i64 = i64::MAX / 4;

/// The unknowns are whole numbers from 0 to `most`.
pub struct Solver {
    pub unknowns: usize,
    pub most: i64,
    pub facts: Vec<Fact>,
}

impl Solver {
    pub fn new(unknowns: usize, most: i64) -> Solver {
        Solver { unknowns, most, facts: Vec::new() }
    }

    pub fn fact(&mut self, terms: Vec<(usize, i64)>, lo: i64, hi: i64) {
        self.facts.push(Fact { terms, lo, hi });
    }

    /// For each target (a sum of unknowns), whether two tables that fit every fact give it
    /// different values: one table that fits is found, then one where the target is less, or more.
    /// `None` when no table fits at all.
    pub fn undetermined_sums(&self, targets: &[Vec<usize>]) -> Option<Vec<bool>> {
        let start = vec![(0, self.most); self.unknowns];
        let one = self.solve(start.clone(), &self.facts)?;
        Some(
            targets
                .iter()
                .map(|target| {
                    let value: i64 = target.iter().map(|&u| one[u]).sum();
                    let terms: Vec<(usize, i64)> = target.iter().map(|&u| (u, 1)).collect();
                    let with = |lo: i64, hi: i64| {
                        let mut facts = self.facts.clone();
                        facts.push(Fact { terms: terms.clone(), lo, hi });
                        self.solve(start.clone(), &facts).is_some()
                    };
                    with(0, value - 1) || with(value + 1, UNBOUNDED)
                })
                .collect(),
        )
    }

    /// For each target (an unknown), whether it could take two values.
    pub fn undetermined(&self, targets: &[usize]) -> Vec<bool> {
        let sums: Vec<Vec<usize>> = targets.iter().map(|&t| vec![t]).collect();
        self.undetermined_sums(&sums).expect("the true table fits what is shown")
    }

    /// A table within `bounds` that fits every fact, if there is one. Branch and bound: the bounds
    /// are narrowed by each fact in turn until none narrows, then the linear programme (the same
    /// facts over real numbers) is solved; none fits, so no table does; a whole-numbered answer is
    /// a table (checked exactly against every fact); else the unknown with a fraction is split at
    /// it, each side tried.
    pub fn solve(&self, mut bounds: Vec<(i64, i64)>, facts: &[Fact]) -> Option<Vec<i64>> {
        if !narrow(facts, &mut bounds) {
            return None;
        }
        if bounds.iter().all(|(lo, hi)| lo == hi) {
            let table: Vec<i64> = bounds.iter().map(|b| b.0).collect();
            return fits(facts, &table).then_some(table);
        }
        let relaxed = linear::feasible(facts, &bounds)?;
        let rounded: Vec<i64> = relaxed.iter().map(|x| x.round() as i64).collect();
        let whole = relaxed.iter().zip(&rounded).all(|(x, r)| (x - *r as f64).abs() < 1e-7);
        if whole && fits(facts, &rounded) && rounded.iter().zip(&bounds).all(|(x, (lo, hi))| lo <= x && x <= hi) {
            return Some(rounded);
        }
        // Split the most fractional unknown at its value (or, should the rounding have been off,
        // the widest in the middle).
        let fraction = |u: usize| (relaxed[u] - relaxed[u].floor() - 0.5).abs();
        let (u, at) = match (0..self.unknowns)
            .filter(|&u| bounds[u].0 < bounds[u].1 && (relaxed[u] - relaxed[u].round()).abs() >= 1e-7)
            .min_by(|&a, &b| fraction(a).total_cmp(&fraction(b)))
        {
            Some(u) => (u, (relaxed[u].floor() as i64).clamp(bounds[u].0, bounds[u].1 - 1)),
            None => {
                let u = (0..self.unknowns).max_by_key(|&u| bounds[u].1 - bounds[u].0)?;
                (u, bounds[u].0 + (bounds[u].1 - bounds[u].0) / 2)
            }
        };
        let mut low = bounds.clone();
        low[u].1 = at;
        bounds[u].0 = at + 1;
        self.solve(low, facts).or_else(|| self.solve(bounds, facts))
    }
}

/// Whether a table fits every fact, exactly.
fn fits(facts: &[Fact], table: &[i64]) -> bool {
    facts.iter().all(|f| {
        let sum: i64 = f.terms.iter().map(|&(u, sign)| sign * table[u]).sum();
        f.lo <= sum && sum <= f.hi
    })
}

/// Whether the facts fit some real numbers within the bounds: the first phase of the simplex
/// method, on a dense tableau (the models here have at most a few hundred rows), with Bland's rule
/// so that it cannot cycle.
mod linear {
    use super::{Fact, UNBOUNDED};

    const EPSILON: f64 = 1e-9;

    pub fn feasible(facts: &[Fact], bounds: &[(i64, i64)]) -> Option<Vec<f64>> {
        let n = bounds.len();
        // Each unknown less its least value: y = x - lo, 0 <= y <= hi - lo.
        let mut rows: Vec<(Vec<f64>, i8, f64)> = Vec::new(); // coefficients, -1 <=, 0 =, 1 >=, right side
        for (u, &(lo, hi)) in bounds.iter().enumerate() {
            if hi - lo < UNBOUNDED / 2 {
                let mut a = vec![0.0; n];
                a[u] = 1.0;
                rows.push((a, -1, (hi - lo) as f64));
            }
        }
        for fact in facts {
            let mut a = vec![0.0; n];
            let mut shift = 0i64;
            for &(u, sign) in &fact.terms {
                a[u] += sign as f64;
                shift += sign * bounds[u].0;
            }
            let (lo, hi) = (fact.lo.saturating_sub(shift), fact.hi.saturating_sub(shift));
            if fact.lo == fact.hi {
                rows.push((a, 0, lo as f64));
                continue;
            }
            if fact.hi < UNBOUNDED / 2 {
                rows.push((a.clone(), -1, hi as f64));
            }
            if fact.lo > -UNBOUNDED / 2 {
                rows.push((a, 1, lo as f64));
            }
        }
        let m = rows.len();
        // Columns: the unknowns, a slack for each row, an artificial for each row.
        let width = n + 2 * m + 1;
        let mut tableau = vec![vec![0.0; width]; m];
        let mut basis = vec![0usize; m];
        for (r, (a, sense, b)) in rows.into_iter().enumerate() {
            let row = &mut tableau[r];
            row[..n].copy_from_slice(&a);
            row[n + r] = match sense {
                -1 => 1.0,
                1 => -1.0,
                _ => 0.0,
            };
            row[width - 1] = b;
            if b < 0.0 {
                row.iter_mut().for_each(|v| *v = -*v);
            }
            row[n + m + r] = 1.0;
            basis[r] = n + m + r;
        }
        // Minimise the artificials' sum: the objective row is minus the sum of the rows.
        let mut cost = vec![0.0; width];
        for row in &tableau {
            for (c, v) in cost.iter_mut().zip(row) {
                *c -= v;
            }
        }
        cost[n + m..n + 2 * m].iter_mut().for_each(|c| *c = 0.0);
        while let Some(enter) = (0..width - 1).find(|&c| cost[c] < -EPSILON) {
            let mut leave: Option<(usize, f64)> = None;
            for (r, row) in tableau.iter().enumerate() {
                if row[enter] > EPSILON {
                    let ratio = row[width - 1] / row[enter];
                    let better = match leave {
                        None => true,
                        Some((l, best)) => ratio < best - EPSILON || (ratio < best + EPSILON && basis[r] < basis[l]),
                    };
                    if better {
                        leave = Some((r, ratio));
                    }
                }
            }
            let (r, _) = leave?; // unbounded: cannot happen when minimising a sum of non-negatives
            let pivot = tableau[r][enter];
            tableau[r].iter_mut().for_each(|v| *v /= pivot);
            let pivot_row = tableau[r].clone();
            for (i, row) in tableau.iter_mut().enumerate() {
                if i != r && row[enter].abs() > EPSILON {
                    let f = row[enter];
                    row.iter_mut().zip(&pivot_row).for_each(|(v, p)| *v -= f * p);
                }
            }
            let f = cost[enter];
            cost.iter_mut().zip(&pivot_row).for_each(|(v, p)| *v -= f * p);
            basis[r] = enter;
        }
        if -cost[width - 1] > 1e-7 {
            return None;
        }
        let mut x: Vec<f64> = bounds.iter().map(|&(lo, _)| lo as f64).collect();
        for (r, &b) in basis.iter().enumerate() {
            if b < n {
                x[b] += tableau[r][width - 1];
            }
        }
        Some(x)
    }
}

/// Narrows the bounds by the facts until nothing changes; false when nothing fits.
fn narrow(facts: &[Fact], bounds: &mut [(i64, i64)]) -> bool {
    loop {
        let mut changed = false;
        for fact in facts {
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
                let (term_lo, term_hi) = (fact.lo.saturating_sub(high - b), fact.hi.saturating_sub(low - a));
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

fn div_floor(a: i64, b: i64) -> i64 {
    a.div_euclid(b) - if b < 0 && a.rem_euclid(b) != 0 { 1 } else { 0 }
}

fn div_ceil(a: i64, b: i64) -> i64 {
    -div_floor(-a, b)
}

/// A withheld count the reader can work out, and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    pub what: String,
    pub value: i64,
}

/// Everything one summary publishes about some single-answer questions (those named, each a
/// closed part of the summary): their own counts and how many answered each, every breakdown
/// among them, and how many responses there were. The unknowns are how many gave each
/// combination of answers (or no answer) to those questions, so every table is a sum of them and
/// every way the tables hang together (a question broken down by two others that are crossed
/// themselves) is in the model. Returns the withheld counts that can be worked out from all of
/// it, and not from the questions' own counts alone.
pub fn attack(summary: &Summary, questions: &[&str]) -> Vec<Pinned> {
    let parts: Vec<&speaksafe_results::summary::Counts> = questions
        .iter()
        .map(|id| {
            summary
                .parts
                .iter()
                .find_map(|p| match p {
                    Part::Closed(c) if c.id == *id => Some(c),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no closed part {id}"))
        })
        .collect();
    assert!(parts.iter().all(|p| !p.multiple), "single-answer questions only");
    // Each question's answers, and one more: no answer.
    let radix: Vec<usize> = parts.iter().map(|p| p.cells.len() + 1).collect();
    let unknowns: usize = radix.iter().product();
    let answers_of = |mut cell: usize| {
        radix
            .iter()
            .map(|&r| {
                let a = cell % r;
                cell /= r;
                a
            })
            .collect::<Vec<usize>>()
    };
    // The unknowns whose answer to question `q` is `a` (`None`: any but no answer), and to each
    // question of `by` the answer given with it.
    let cells_where = |q: usize, a: Option<usize>, by: &[(usize, usize)]| -> Vec<usize> {
        (0..unknowns)
            .filter(|&cell| {
                let answers = answers_of(cell);
                let fits = match a {
                    Some(a) => answers[q] == a,
                    None => answers[q] < radix[q] - 1,
                };
                fits && by.iter().all(|&(b, g)| answers[b] == g)
            })
            .collect()
    };
    let m = summary.min_cell as i64;
    let ptable = Ptable::standard();
    // What a published count says of the true one: exactly it, or (perturbed) any count the
    // published table could have turned into it, under the minimum if it is published under it;
    // `at_least` adds what being shown says (at least the minimum).
    let range_of = |published: usize, at_least: i64| -> (i64, i64) {
        if !summary.perturbed {
            return (published as i64, published as i64);
        }
        let could_be = ptable.could_be(published);
        let (lo, hi) = (could_be[0] as i64, *could_be.last().unwrap() as i64);
        // A count of at least the minimum is never published under it.
        let hi = if (published as i64) < m { hi.min(m - 1) } else { hi };
        (lo.max(at_least), hi)
    };
    let (lo, hi) = range_of(summary.responses, 0);
    let mut solver = Solver::new(unknowns, hi);
    let mut targets: Vec<(String, Vec<usize>)> = Vec::new();
    solver.fact((0..unknowns).map(|u| (u, 1)).collect(), lo, hi);
    let sum = |cells: &[usize]| cells.iter().map(|&u| (u, 1)).collect::<Vec<_>>();
    // The questions' own counts, as the summary lists them.
    for (q, part) in parts.iter().enumerate() {
        for (o, cell) in part.cells.iter().enumerate() {
            let cells = cells_where(q, Some(o), &[]);
            match summary.withheld(part, cell).as_deref() {
                None => {
                    let (lo, hi) = range_of(cell.count, m);
                    solver.fact(sum(&cells), lo, hi)
                }
                Some(label) if label.starts_with('<') => {
                    solver.fact(sum(&cells), 0, m - 1);
                    targets.push((format!("{} = {}", part.id, cell.value), cells));
                }
                Some(_) => targets.push((format!("{} = {}", part.id, cell.value), cells)),
            }
        }
        let answered = cells_where(q, None, &[]);
        match part.shown_answered() {
            Some(n) => {
                let (lo, hi) = range_of(n, 0);
                solver.fact(sum(&answered), lo, hi)
            }
            None => targets.push((format!("{} answered", part.id), answered)),
        }
    }
    let own_facts = solver.facts.len();
    // Every breakdown among them.
    for (q, part) in parts.iter().enumerate() {
        for breakdown in &part.breakdowns {
            let Some(by) =
                breakdown.by.iter().map(|b| questions.iter().position(|id| id == b)).collect::<Option<Vec<usize>>>()
            else {
                continue;
            };
            if breakdown.crossed.all_withheld() {
                continue; // shown as "every count withheld": nothing else
            }
            // A group is a combination of answers to the `by` questions, the last changing fastest.
            let answers_in = |mut g: usize| -> Vec<(usize, usize)> {
                let mut given: Vec<(usize, usize)> = by
                    .iter()
                    .rev()
                    .map(|&b| {
                        let n = parts[b].cells.len();
                        let a = g % n;
                        g /= n;
                        (b, a)
                    })
                    .collect();
                given.reverse();
                given
            };
            let option_withheld = |o: usize| part.cells[o].shown.withheld();
            // A group's size is the breakdown question's own count, or a cell of the last `by`
            // question broken down by the others.
            let group_withheld = |g: usize| match by.as_slice() {
                [b] => parts[*b].cells[g].shown.withheld(),
                [earlier @ .., last] => {
                    let ids: Vec<String> = earlier.iter().map(|&b| questions[b].to_string()).collect();
                    let n = parts[*last].cells.len();
                    let sizes = parts[*last].breakdowns.iter().find(|b| b.by == ids).expect("the groups' sizes");
                    sizes.crossed.all_withheld() || sizes.crossed.cells[g / n][g % n].1.withheld()
                }
                [] => true,
            };
            for (g, row) in breakdown.crossed.cells.iter().enumerate() {
                let mut told = |what: String, cells: Vec<usize>, (n, shown): (usize, Shown), plain_withheld: bool| {
                    match shown {
                        Shown::Count => {
                            let (lo, hi) = range_of(n, m);
                            solver.fact(sum(&cells), lo, hi)
                        }
                        Shown::Small => {
                            solver.fact(sum(&cells), 0, m - 1);
                            targets.push((what, cells));
                        }
                        // "withheld": 10 or more, but where the option or the group is withheld
                        // in its own counts, where it says nothing.
                        Shown::Secondary => {
                            if !plain_withheld {
                                solver.fact(sum(&cells), m, UNBOUNDED);
                            }
                            targets.push((what, cells));
                        }
                    }
                };
                for (o, &count) in row.iter().enumerate() {
                    let what = format!("{} = {} where {:?} = {g}", part.id, part.cells[o].value, breakdown.by);
                    told(what, cells_where(q, Some(o), &answers_in(g)), count, option_withheld(o) || group_withheld(g));
                }
                let what = format!("{} answered where {:?} = {g}", part.id, breakdown.by);
                told(what, cells_where(q, None, &answers_in(g)), breakdown.crossed.answered[g], group_withheld(g));
            }
        }
    }
    let sums: Vec<Vec<usize>> = targets.iter().map(|(_, cells)| cells.clone()).collect();
    let with = solver.undetermined_sums(&sums).expect("the true responses fit what is shown");
    // What the questions' own counts alone give away is theirs, not the breakdowns'.
    let all_facts = std::mem::take(&mut solver.facts);
    solver.facts = all_facts[..own_facts].to_vec();
    let without = solver.undetermined_sums(&sums).expect("the true responses fit their own counts");
    solver.facts = all_facts;
    let one = solver.solve(vec![(0, solver.most); unknowns], &solver.facts).expect("fits");
    targets
        .iter()
        .enumerate()
        .filter(|&(i, _)| !with[i] && without[i])
        .map(|(_, (what, cells))| Pinned { what: what.clone(), value: cells.iter().map(|&u| one[u]).sum() })
        .collect()
}

/// The counts of the closed part `id` of a summary.
pub fn closed<'s>(summary: &'s Summary, id: &str) -> &'s speaksafe_results::summary::Counts {
    summary
        .parts
        .iter()
        .find_map(|p| match p {
            Part::Closed(c) if c.id == id => Some(c),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no closed part {id}"))
}

/// A record key for the `i`th response, spread as the widget's random ones are (SplitMix64).
pub fn record_key(i: u64) -> u32 {
    let mut z = i.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) as u32
}

/// The responses to a survey (its definition as JSON), each given as its answers (question id →
/// option value), all received on one day.
pub fn responses(survey: &str, answers: &[Vec<(&str, &str)>]) -> speaksafe_results::Responses {
    let survey = speaksafe_core::read(survey).unwrap_or_else(|e| panic!("{e:?}")).survey;
    let mut shared = speaksafe_results::Shared::of(&survey);
    let opened = answers
        .iter()
        .enumerate()
        .map(|(i, given)| {
            let answers =
                given.iter().map(|(q, a)| (q.to_string(), serde_json::Value::String(a.to_string()))).collect();
            let response = speaksafe_core::Response {
                survey: survey.id.clone(),
                version: None,
                language: "en".into(),
                answers,
                other: serde_json::Map::new(),
                key: Some(record_key(i as u64)),
            };
            speaksafe_results::Opened::new("2026-03-02", response, &mut shared)
        })
        .collect();
    speaksafe_results::Responses { survey, opened, failed: Vec::new(), keys: 1 }
}
