//! A survey's summary (`speaksafe summary`, the console's results): counts and percentages for
//! every closed question, broken down by the answers to others if asked, and responses by day,
//! with small numbers withheld.
//!
//! Closed questions are single and multiple choice, dropdowns, scales, yes/no, and each row of a
//! matrix. For each, the count of every option and its percentage of those who answered the
//! question (for multiple choice these add up to more than 100%).
//!
//! # Small-number suppression
//!
//! A count under `--min-cell` (10 unless told), zero included, is shown as `<10` and its
//! percentage withheld, so that nobody can be picked out of a small group. And if a question
//! (a matrix row) would have exactly one such count, the next smallest is withheld too, so that
//! the hidden one cannot be worked out by taking the others from the total (secondary
//! suppression). Those two are both shown as `withheld`: `<10` would be false for the second,
//! and a label of its own would give away which of the two is the small one. Should there be no
//! other count to withhold, the total is withheld instead.
//!
//! # Perturbation
//!
//! Every count published, totals and the number of responses included, is perturbed by the cell
//! key method ([`crate::perturbation`]): each response's record key, added up over the responses a
//! count counts, picks a small adjustment from the published table. The same responses always
//! give the same count, in every table and every publication. What to withhold is decided on the
//! true counts first; the counts kept as they truly are ([`Cell::truth`] and the like) are never
//! shown. Every output says in words that a table may not add up.
//!
//! # Breakdowns
//!
//! `--by QUESTION` (a single choice, dropdown, yes/no or scale question; more than one may be
//! given) adds, under each other closed question, its counts for each answer of QUESTION: a
//! two-way table whose rows are QUESTION's answers. An option or a group whose own count the
//! summary withholds is withheld whole in every breakdown, so that no breakdown, nor all of them
//! together, tells more of it than the summary's own list ([`crate::breakdown::cross`]). Every
//! other count, and each group's number of answers, is withheld under `--min-cell`, and more are
//! withheld until none of the withheld ones can be worked out from the rest, the totals, or the
//! question's own counts ([`crate::suppression::protect`]). A table that cannot be protected that
//! way is withheld whole. What this covers is one summary's tables together: publishing again
//! after more responses have come in is another set of equations, which the ledger of releases
//! covers ([`crate::ledger`]).
//! Several `--by` questions make one set of groups, each combination of their answers (a question
//! broken down by each of two questions, and those two by each other, can together give away
//! what each table protects); each `--by` question is broken down by the groups of those before
//! it. Free text is never broken down.
//!
//! # Answers by day
//!
//! How many responses came in each day, from the first day to the last; by week (Monday to
//! Sunday) when any day would be under `--min-cell`, weeks under it withheld as above.
//!
//! Free text (short and long text, numbers, and what was typed for "Other") is left out unless
//! `--include-text` is given: it is what most easily says who someone is.
//!
//! The HTML report (`--html`, [`crate::report`]) is one self-contained file: inline CSS, a chart
//! and a table per question, no script and nothing loaded from anywhere.
//!

use crate::breakdown::{self, Choice, Crossed, Known, Timeline};
use crate::compact::Answer;
use crate::opened::Responses;
use crate::perturbation::{self, Ptable};
pub use crate::suppression::{suppress, Shown};
use speaksafe_core::{Question, Shape};
use std::fmt::Write as _;

/// One option's count.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: String,
    pub label: String,
    /// The count as published: perturbed ([`crate::perturbation`]).
    pub count: usize,
    pub shown: Shown,
    /// The true count: never shown, only for deciding what to withhold (and for tests).
    pub truth: usize,
    /// Its cell key.
    key: u32,
}

/// The counts of one closed question, or of one matrix row.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// The column name of the export: `question` or `question.row`.
    pub id: String,
    pub text: String,
    /// The matrix row's label.
    pub row: Option<String>,
    pub kind: &'static str,
    /// How many answered, as published (perturbed).
    pub answered: usize,
    /// How many truly answered: never shown.
    pub truth_answered: usize,
    answered_key: u32,
    /// Withheld too: the one small count had no other to hide behind.
    pub answered_withheld: bool,
    /// Several options could be ticked (the percentages add up to more than 100).
    pub multiple: bool,
    pub cells: Vec<Cell>,
    /// Its counts for each answer of each `--by` question.
    pub breakdowns: Vec<Breakdown>,
}

/// A question's counts for each answer of a `--by` question.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The `--by` questions' ids (one, or the groups are each combination of their answers, the
    /// last question's answer changing fastest) and their texts, joined.
    pub by: Vec<String>,
    pub by_text: String,
    /// The groups' labels.
    pub groups: Vec<String>,
    /// The counts as published: perturbed, and withheld as [`breakdown::cross`] says.
    pub crossed: Crossed,
    /// The true counts (`[group][option]`) and each group's true number who answered: never shown.
    pub truth: Vec<Vec<usize>>,
    pub truth_answered: Vec<usize>,
}

/// What a breakdown is by: one `--by` question's answers, or with several, each combination of
/// their answers. Several questions are one grouping, not a breakdown by each: a question broken
/// down by two others, each by each, and those two by each other, are tables that share their
/// cells in a cycle, and together they can give away a count that each one alone protects.
/// Grouped together, every table hangs from the one before it, and each is protected knowing all
/// that the ones before it show.
struct Grouping {
    ids: Vec<String>,
    text: String,
    labels: Vec<String>,
    /// Each response's group.
    of: Vec<Choice>,
    /// Each group's size and how it is shown.
    sizes: Vec<(usize, Shown)>,
    /// How many are in a group, if a reader is told.
    answered: Option<usize>,
    /// The sizes are a breakdown's cells.
    crossed: bool,
}

impl Grouping {
    fn known(&self) -> Known<'_> {
        Known { cells: &self.sizes, answered: self.answered, multiple: false, crossed: self.crossed }
    }

    /// A question's breakdown by these groups as published: `crossed` holds its true counts (what
    /// to withhold was decided on them), each then perturbed with its cell key, the keys of the
    /// responses it counts (`chosen`: what each response chose).
    fn breakdown(
        &self,
        chosen: &[Choice],
        mut crossed: Crossed,
        keys: &[u32],
        table: &Ptable,
        min_cell: usize,
    ) -> Breakdown {
        let truth: Vec<Vec<usize>> = crossed.cells.iter().map(|row| row.iter().map(|(n, _)| *n).collect()).collect();
        let truth_answered: Vec<usize> = crossed.answered.iter().map(|(n, _)| *n).collect();
        let options = crossed.cells.first().map_or(0, Vec::len);
        let (cell_keys, answered_keys) = crossed_keys(chosen, &self.of, keys, self.labels.len(), options);
        let cells = crossed.cells.iter_mut().zip(&cell_keys).flat_map(|(row, keys)| row.iter_mut().zip(keys));
        for ((n, _), &key) in cells.chain(crossed.answered.iter_mut().zip(&answered_keys)) {
            *n = table.publish(*n, key, min_cell);
        }
        Breakdown {
            by: self.ids.clone(),
            by_text: self.text.clone(),
            groups: self.labels.clone(),
            crossed,
            truth,
            truth_answered,
        }
    }

    /// These groups, each split by the answers of one more question (`of` for each response),
    /// given that question broken down by these groups (`crossed`): its cells are the new groups.
    fn then(&self, id: &str, text: &str, labels: &[String], of: &[Choice], crossed: &Crossed) -> Grouping {
        let (before, options) = (self.labels.len(), labels.len());
        let sizes: Vec<(usize, Shown)> = crossed.cells.iter().flatten().copied().collect();
        Grouping {
            ids: self.ids.iter().cloned().chain([id.to_string()]).collect(),
            text: format!("{} and {text}", self.text),
            labels: self.labels.iter().flat_map(|g| labels.iter().map(move |o| format!("{g} · {o}"))).collect(),
            of: self
                .of
                .iter()
                .zip(of)
                .map(|(g, o)| match (g.as_deref(), o.as_deref()) {
                    (Some(&[g]), Some(&[o])) if g < before && o < options => Some(vec![g * options + o]),
                    _ => None,
                })
                .collect(),
            // How many answered both, taken as known to a reader (to be safe: it is more than the
            // breakdown shows when a group's number is withheld).
            answered: Some(sizes.iter().map(|(n, _)| n).sum()),
            sizes,
            crossed: true,
        }
    }
}

impl Counts {
    /// How many answered, unless that is withheld.
    pub fn shown_answered(&self) -> Option<usize> {
        (!self.answered_withheld).then_some(self.answered)
    }

    /// Every count withheld: nothing to chart.
    pub fn all_withheld(&self) -> bool {
        self.cells.iter().all(|c| c.shown.withheld())
    }
}

/// What an open question got.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    pub id: String,
    pub text: String,
    pub kind: &'static str,
    /// How many answered, as published (perturbed).
    pub answered: usize,
    /// How many truly answered: never shown.
    pub truth_answered: usize,
    answered_key: u32,
    /// The answers, only with `--include-text`.
    pub answers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Closed(Counts),
    Open(Open),
}

/// A survey's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub survey_id: String,
    pub title: String,
    pub language: String,
    pub direction: &'static str,
    /// How many responses, as published (perturbed like any count).
    pub responses: usize,
    /// How many truly: never shown.
    pub truth_responses: usize,
    pub not_opened: usize,
    pub min_cell: usize,
    pub include_text: bool,
    /// Questions in order; a matrix has one part per row.
    pub parts: Vec<Part>,
    /// The `--by` questions: id and text.
    pub by: Vec<(String, String)>,
    /// Responses by day (or week).
    pub timeline: Timeline,
    /// Whether the counts are perturbed (always, but for a test that rebuilds a summary as it
    /// was published before perturbation).
    pub perturbed: bool,
}

impl Summary {
    /// The summary of the responses, broken down by the `by` questions. Err when a `by` question
    /// is not one of the survey's, or not of a kind a breakdown can be made by.
    pub fn new(responses: &Responses, min_cell: usize, include_text: bool, by: &[String]) -> Result<Summary, String> {
        let survey = &responses.survey;
        let language = survey.default_language();
        let keys = record_keys(responses);
        let table = Ptable::standard();
        let tally = Tally { responses, keys: &keys, language: &language.code, min_cell, include_text };
        let (mut parts, mut choices) = (Vec::new(), Vec::new());
        for (_, question) in survey.questions().filter(|(_, q)| q.is_answerable()) {
            for (part, chosen) in tally.parts(question) {
                parts.push(part);
                choices.push(chosen);
            }
        }
        let mut by_questions: Vec<(String, String, usize)> = Vec::new();
        for id in by {
            let question = survey.questions().map(|(_, q)| q).find(|q| q.id == *id && q.is_answerable());
            let Some(question) = question else {
                return Err(format!("--by {id}: the survey has no question \"{id}\" (give a question's id)"));
            };
            if !matches!(question.kind.shape(), Shape::Chosen { .. }) {
                return Err(format!(
                    "--by {id}: a breakdown is by a single choice, dropdown, yes/no or scale question, and \"{id}\" is a {}",
                    question.kind.words()
                ));
            }
            let index = parts.iter().position(|p| matches!(p, Part::Closed(c) if c.id == *id));
            if let (Some(index), false) = (index, by_questions.iter().any(|(b, ..)| b == id)) {
                by_questions.push((id.clone(), tally.text(&question.text), index));
            }
        }
        // The groups: the first `--by` question's answers; each later one is broken down by the
        // groups so far (shown under it), and its cells are the groups from then on.
        let mut grouping: Option<Grouping> = None;
        for (by_id, by_text, by_index) in &by_questions {
            let Part::Closed(g) = &parts[*by_index] else { continue };
            let own: Vec<(usize, Shown)> = g.cells.iter().map(|c| (c.count, c.shown)).collect();
            let labels: Vec<String> = g.cells.iter().map(|c| c.label.clone()).collect();
            let answered = g.shown_answered();
            let of = choices[*by_index].clone().unwrap_or_default();
            grouping = Some(match grouping.take() {
                None => Grouping {
                    ids: vec![by_id.clone()],
                    text: by_text.clone(),
                    labels,
                    of,
                    sizes: own,
                    answered,
                    crossed: false,
                },
                Some(earlier) => {
                    let known = Known { cells: &own, answered, multiple: false, crossed: false };
                    let crossed = breakdown::cross(&of, &known, &earlier.of, &earlier.known(), min_cell);
                    // The new groups are decided on the true counts, before they are perturbed.
                    let then = earlier.then(by_id, by_text, &labels, &of, &crossed);
                    if let Part::Closed(g) = &mut parts[*by_index] {
                        g.breakdowns.push(earlier.breakdown(&of, crossed, &keys, &table, min_cell));
                    }
                    then
                }
            });
        }
        if let Some(grouping) = &grouping {
            for (part, chosen) in parts.iter_mut().zip(&choices) {
                let (Part::Closed(q), Some(chosen)) = (part, chosen) else { continue };
                let question = q.id.split('.').next().unwrap_or(&q.id);
                if grouping.ids.iter().any(|id| id == question) {
                    continue;
                }
                let own: Vec<(usize, Shown)> = q.cells.iter().map(|c| (c.count, c.shown)).collect();
                let known = Known { cells: &own, answered: q.shown_answered(), multiple: q.multiple, crossed: false };
                let crossed = breakdown::cross(chosen, &known, &grouping.of, &grouping.known(), min_cell);
                q.breakdowns.push(grouping.breakdown(chosen, crossed, &keys, &table, min_cell));
            }
        }
        // Every count is published perturbed, now that what to withhold has been decided on the
        // true counts (the breakdowns' were perturbed as they were made).
        for part in &mut parts {
            match part {
                Part::Closed(c) => {
                    for cell in &mut c.cells {
                        cell.count = table.publish(cell.truth, cell.key, min_cell);
                    }
                    c.answered = table.publish(c.truth_answered, c.answered_key, min_cell);
                }
                Part::Open(o) => o.answered = table.publish(o.truth_answered, o.answered_key, min_cell),
            }
        }
        let mut timeline = breakdown::timeline(responses.opened.iter().map(|o| o.day()), min_cell);
        let period_keys = period_keys(&timeline, responses, &keys);
        for ((_, n, _), key) in timeline.periods.iter_mut().zip(period_keys) {
            *n = table.publish(*n, key, min_cell);
        }
        Ok(Summary {
            survey_id: survey.id.clone(),
            title: tally.text(&survey.title),
            language: language.code.clone(),
            direction: language.direction.attribute(),
            responses: table.publish(responses.opened.len(), perturbation::cell_key(&keys), min_cell),
            truth_responses: responses.opened.len(),
            not_opened: responses.failed.len(),
            min_cell,
            include_text,
            parts,
            by: by_questions.into_iter().map(|(id, text, _)| (id, text)).collect(),
            timeline,
            perturbed: true,
        })
    }

    /// What a withheld count of a breakdown or of the timeline shows: `<10` under the minimum,
    /// `withheld` for one withheld so that a small one cannot be worked out.
    pub fn label(&self, shown: Shown) -> Option<String> {
        match shown {
            Shown::Count => None,
            Shown::Small => Some(format!("<{}", self.min_cell)),
            Shown::Secondary => Some("withheld".into()),
        }
    }

    /// What a withheld count shows: `<10` for a small count; `withheld` for both counts of a
    /// question with secondary suppression, since `<10` would be false for the second one and a
    /// different label for it alone would tell that it is the larger.
    pub fn withheld(&self, counts: &Counts, cell: &Cell) -> Option<String> {
        match cell.shown {
            Shown::Count => None,
            _ if counts.cells.iter().any(|c| c.shown == Shown::Secondary) => Some("withheld".into()),
            _ => Some(format!("<{}", self.min_cell)),
        }
    }

    /// What the perturbation does to every count, in plain words.
    pub fn noise_note(&self) -> String {
        let p = perturbation::PARAMETERS;
        format!(
            "Every count here, totals included, has had a small amount of noise added (at most {d} either way; a count \
             is never shown as 1{blocked}), the same way each time the same people are counted, so that nobody's answers \
             can be worked out by comparing tables or publications. So a table may not add up exactly, and a \
             percentage is of the counts as shown.",
            d = p.max_noise,
            blocked = (2..=p.blocked).map(|n| format!(" or {n}")).collect::<String>(),
        )
    }

    /// The rule of small-number protection, as the report states it at the top.
    pub fn explanation(&self) -> String {
        let mut rule = if self.perturbed { format!("{} ", self.noise_note()) } else { String::new() };
        rule += &format!(
            "Counts under {m} (zero included) are shown as \"<{m}\", without a percentage. Where a question would have only one \
             such count, it and the next smallest count are both shown as \"withheld\", so that neither can be worked out \
             from the total. Percentages are of those who answered the question.",
            m = self.min_cell
        );
        if !self.by.is_empty() {
            rule.push_str(&format!(
                " In a breakdown, an option or a group whose own count is withheld above is withheld whole (its counts \
                 say no more than its own count did). Every other count and group's number of answers under {m} is shown \
                 as \"<{m}\", and enough others are shown as \"withheld\" (each {m} or more) that no withheld count can \
                 be worked out from the ones shown, from the totals, from the question's own counts, or from all the \
                 breakdowns of this summary together; a breakdown that cannot be protected so is withheld whole. \
                 Percentages in a breakdown are of those in the group who answered. Free text is never broken down.",
                m = self.min_cell
            ));
        }
        rule.push_str(&format!(
            " Responses are counted by day, or by week when a day would have fewer than {m}, with the same protection.",
            m = self.min_cell
        ));
        rule
    }

    /// What the timeline is: by day, or by week and why.
    pub fn timeline_heading(&self) -> String {
        if self.timeline.weekly {
            format!("Responses by week (Monday to Sunday; by day, some days would have fewer than {})", self.min_cell)
        } else {
            "Responses by day".to_string()
        }
    }

    /// The value shown for a count of a breakdown: the count and its percentage of the group
    /// (when the group's number is shown), or what stands for it when withheld.
    pub fn crossed_value(&self, count: (usize, Shown), group: (usize, Shown)) -> String {
        match self.label(count.1) {
            Some(label) => label,
            None if !group.1.withheld() => format!("{} ({}%)", count.0, percent(count.0, group.0)),
            None => count.0.to_string(),
        }
    }

    fn responses_line(&self) -> String {
        let mut line = match self.responses {
            1 => "1 response".to_string(),
            n => format!("{n} responses"),
        };
        if self.not_opened > 0 {
            line.push_str(&format!(" ({} more could not be opened)", self.not_opened));
        }
        line
    }

    /// The summary for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} — survey {}", printable(&self.title), self.survey_id);
        let _ = writeln!(out, "{}.", self.responses_line());
        let _ = writeln!(out, "{}", self.explanation());
        if !self.timeline.periods.is_empty() {
            let _ = writeln!(out, "\n{}:", self.timeline_heading());
            if self.timeline.all_withheld() {
                let _ = writeln!(out, "   every count withheld (too few responses)");
            }
            for (day, count, shown) in self.timeline.periods.iter().filter(|_| !self.timeline.all_withheld()) {
                let _ = writeln!(out, "   {day}  {:>8}", self.label(*shown).unwrap_or_else(|| count.to_string()));
            }
        }
        let mut number = 0;
        let mut last_question = String::new();
        for part in &self.parts {
            let _ = writeln!(out);
            match part {
                Part::Closed(c) => {
                    let question = c.id.split('.').next().unwrap_or(&c.id).to_string();
                    if question != last_question {
                        number += 1;
                        last_question = question.clone();
                    }
                    let row = c.row.as_ref().map_or_else(String::new, |r| format!(" — {}", printable(r)));
                    let answered = if c.answered_withheld { "withheld".to_string() } else { c.answered.to_string() };
                    let multiple = if c.multiple { "; more than one could be ticked" } else { "" };
                    let _ = writeln!(
                        out,
                        "{number}. {}{row}  [{}: {}, {answered} answered{multiple}]",
                        printable(&c.text),
                        c.id,
                        c.kind
                    );
                    let width =
                        c.cells.iter().map(|cell| printable(&cell.label).chars().count()).max().unwrap_or(0).min(48);
                    for cell in &c.cells {
                        let label = printable(&cell.label);
                        let pad = width.saturating_sub(label.chars().count());
                        let (count, percent) = match self.withheld(c, cell) {
                            None => (cell.count.to_string(), format!("{}%", percent(cell.count, c.answered))),
                            Some(label) => (label, "-".to_string()),
                        };
                        let _ = writeln!(out, "   {label}{}  {count:>6}  {percent:>4}", " ".repeat(pad));
                    }
                    for b in &c.breakdowns {
                        self.text_breakdown(&mut out, c, b);
                    }
                }
                Part::Open(o) => {
                    let question = o.id.split('.').next().unwrap_or(&o.id).to_string();
                    if question != last_question {
                        number += 1;
                        last_question = question.clone();
                    }
                    let _ = writeln!(
                        out,
                        "{number}. {}  [{}: {}, {} answered]",
                        printable(&o.text),
                        o.id,
                        o.kind,
                        o.answered
                    );
                    if !self.include_text {
                        let _ = writeln!(out, "   (the answers are left out: add --include-text, or see the export)");
                    }
                    for answer in &o.answers {
                        let _ = writeln!(out, "   - {}", printable(answer));
                    }
                }
            }
        }
        out
    }

    /// A breakdown for a terminal: a row per group, a column per option and the group's number.
    fn text_breakdown(&self, out: &mut String, c: &Counts, b: &Breakdown) {
        let _ = writeln!(out, "   By {} [{}]:", printable(&b.by_text), b.by.join(", "));
        if b.crossed.all_withheld() {
            let _ = writeln!(out, "      every count withheld (too few in the groups to show any)");
            return;
        }
        let header: Vec<String> =
            c.cells.iter().map(|cell| shorten(&cell.label, 18)).chain(["answered".to_string()]).collect();
        let rows: Vec<(String, Vec<String>)> = b
            .groups
            .iter()
            .zip(b.crossed.cells.iter().zip(&b.crossed.answered))
            .map(|(label, (cells, &answered))| {
                let mut values: Vec<String> = cells.iter().map(|&cell| self.crossed_value(cell, answered)).collect();
                values.push(self.label(answered.1).unwrap_or_else(|| answered.0.to_string()));
                (shorten(label, 24), values)
            })
            .collect();
        let first = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                rows.iter().map(|(_, v)| v[i].chars().count()).chain([header[i].chars().count()]).max().unwrap_or(0)
            })
            .collect();
        let line = |label: &str, values: &[String]| {
            let mut line = format!("      {label}{}", " ".repeat(first - label.chars().count()));
            for (value, width) in values.iter().zip(&widths) {
                line.push_str(&format!("  {}{value}", " ".repeat(width - value.chars().count())));
            }
            line
        };
        let _ = writeln!(out, "{}", line("", &header));
        for (label, values) in &rows {
            let _ = writeln!(out, "{}", line(label, values));
        }
    }
}

/// Counts the answers to one question at a time, by the shape of its answers. Each count comes
/// with its cell key: the record keys of the responses it counts, added up.
struct Tally<'a> {
    responses: &'a Responses,
    /// Each response's record key, in the order of `responses.opened`.
    keys: &'a [u32],
    language: &'a str,
    min_cell: usize,
    include_text: bool,
}

/// A count and its cell key.
type Keyed = (usize, u32);

impl Tally<'_> {
    fn text(&self, text: &speaksafe_core::Text) -> String {
        text.get(self.language, self.language).to_string()
    }

    /// What each response answered to a question (`None` when it did not).
    fn each<'r>(&'r self, id: &'r str) -> impl Iterator<Item = Option<&'r Answer>> + 'r {
        self.responses.opened.iter().map(move |o| o.answer(id))
    }

    /// How many responses answered `id` with a value that `counts` says is counted, and their key.
    fn count(&self, id: &str, counts: impl Fn(&Answer) -> bool) -> Keyed {
        self.each(id)
            .zip(self.keys)
            .filter(|(v, _)| v.is_some_and(&counts))
            .fold((0, 0u32), |(n, key), (_, k)| (n + 1, key.wrapping_add(*k)))
    }

    /// A question's parts of the summary: its counts (a matrix's, row by row), or what was typed;
    /// with the counts, what each response chose, for breakdowns.
    fn parts(&self, question: &Question) -> Vec<(Part, Option<Vec<Choice>>)> {
        let id = &question.id;
        let cells = |options: &[speaksafe_core::Choice], count: &dyn Fn(&str) -> Keyed| {
            options.iter().map(|o| (o.value.clone(), self.text(&o.text), count(&o.value))).collect::<Vec<_>>()
        };
        let index = |options: &[speaksafe_core::Choice], value: &Answer| {
            value.as_str().and_then(|v| options.iter().position(|o| o.value == v))
        };
        match question.kind.shape() {
            Shape::Chosen { options, .. } => {
                let cells = cells(options, &|value| self.count(id, |v| v.as_str() == Some(value)));
                let answered = self.count(id, Answer::is_string);
                let choices = self
                    .each(id)
                    .map(|v| v.filter(|v| v.is_string()).map(|v| index(options, v).into_iter().collect()))
                    .collect();
                let counts = self.closed(id.clone(), question, None, answered, false, cells);
                let mut parts = vec![(counts, Some(choices))];
                parts.extend(self.other_typed(question).map(|part| (part, None)));
                parts
            }
            Shape::Ticked { options, .. } => {
                let ticked = |value: &str| {
                    self.count(id, |v| v.as_list().is_some_and(|a| a.iter().any(|t| t.as_str() == Some(value))))
                };
                let answered = self.count(id, |v| v.as_list().is_some_and(|a| !a.is_empty()));
                let choices = self
                    .each(id)
                    .map(|v| {
                        let ticks = v.and_then(Answer::as_list).filter(|a| !a.is_empty())?;
                        let mut chosen: Vec<usize> = ticks.iter().filter_map(|t| index(options, t)).collect();
                        chosen.sort_unstable();
                        chosen.dedup();
                        Some(chosen)
                    })
                    .collect();
                let counts = self.closed(id.clone(), question, None, answered, true, cells(options, &ticked));
                let mut parts = vec![(counts, Some(choices))];
                parts.extend(self.other_typed(question).map(|part| (part, None)));
                parts
            }
            Shape::Rows { rows, columns } => rows
                .iter()
                .map(|row| {
                    let at = |v: &Answer| v.get(&row.value).and_then(Answer::as_str).map(str::to_string);
                    let cells = cells(columns, &|value| self.count(id, |v| at(v).as_deref() == Some(value)));
                    let answered = self.count(id, |v| at(v).is_some());
                    let label = Some(self.text(&row.text));
                    let choices = self
                        .each(id)
                        .map(|v| {
                            let v = v.and_then(|v| v.get(&row.value)).filter(|v| v.is_string())?;
                            Some(index(columns, v).into_iter().collect())
                        })
                        .collect();
                    let counts = self.closed(format!("{id}.{}", row.value), question, label, answered, false, cells);
                    (counts, Some(choices))
                })
                .collect(),
            Shape::Typed { .. } | Shape::Nothing => {
                let typed: Vec<(String, u32)> = self
                    .each(id)
                    .zip(self.keys)
                    .filter_map(|(v, k)| {
                        let text = match v? {
                            Answer::Text(s) => s.to_string(),
                            other => other.to_string(),
                        };
                        (!text.trim().is_empty()).then_some((text, *k))
                    })
                    .collect();
                vec![(self.open(id.clone(), self.text(&question.text), question.kind.words(), typed), None)]
            }
        }
    }

    /// What was typed for "Other, please say", if anyone typed anything: free text, whose
    /// answers are left out unless asked for ([`Tally::open`]).
    fn other_typed(&self, question: &Question) -> Option<Part> {
        let id = &question.id;
        let typed: Vec<(String, u32)> = self
            .responses
            .opened
            .iter()
            .zip(self.keys)
            .filter_map(|(o, k)| Some((o.other(id)?.as_str()?.to_string(), *k)))
            .collect();
        let text = format!("{} — \"Other\", as typed", self.text(&question.text));
        (!typed.is_empty()).then(|| self.open(format!("{id}.other.text"), text, "other text", typed))
    }

    fn closed(
        &self,
        id: String,
        question: &Question,
        row: Option<String>,
        (answered, answered_key): Keyed,
        multiple: bool,
        cells: Vec<(String, String, Keyed)>,
    ) -> Part {
        let numbers: Vec<usize> = cells.iter().map(|(_, _, (n, _))| *n).collect();
        let (shown, answered_withheld) = suppress(&numbers, self.min_cell);
        let cells = cells
            .into_iter()
            .zip(shown)
            .map(|((value, label, (count, key)), shown)| Cell { value, label, count, shown, truth: count, key })
            .collect();
        // Each row of a matrix is counted on its own.
        let kind = if row.is_some() { "matrix row" } else { question.kind.words() };
        Part::Closed(Counts {
            id,
            text: self.text(&question.text),
            row,
            kind,
            answered,
            truth_answered: answered,
            answered_key,
            answered_withheld,
            multiple,
            cells,
            breakdowns: Vec::new(),
        })
    }

    fn open(&self, id: String, text: String, kind: &'static str, typed: Vec<(String, u32)>) -> Part {
        let answered = typed.len();
        let answered_key = perturbation::cell_key(typed.iter().map(|(_, k)| k));
        let answers = if self.include_text { typed.into_iter().map(|(t, _)| t).collect() } else { Vec::new() };
        Part::Open(Open { id, text, kind, answered, truth_answered: answered, answered_key, answers })
    }
}

/// The cell keys of a breakdown's counts, as [`breakdown::cross`] counts them: `(cells[group][option],
/// answered[group])`, those in no group left out.
fn crossed_keys(
    question: &[Choice],
    by: &[Choice],
    keys: &[u32],
    groups: usize,
    options: usize,
) -> (Vec<Vec<u32>>, Vec<u32>) {
    let (mut cells, mut answered) = (vec![vec![0u32; options]; groups], vec![0u32; groups]);
    for ((chosen, group), &key) in question.iter().zip(by).zip(keys) {
        let Some(chosen) = chosen.as_ref().filter(|c| !c.is_empty()) else { continue };
        let Some(&[g]) = group.as_deref() else { continue };
        if g >= groups {
            continue;
        }
        answered[g] = answered[g].wrapping_add(key);
        for &o in chosen.iter().filter(|&&o| o < options) {
            cells[g][o] = cells[g][o].wrapping_add(key);
        }
    }
    (cells, answered)
}

/// Each response's record key: its own, or for one sealed before responses had one, the one it
/// was given when opened ([`crate::Opened::new`]).
fn record_keys(responses: &Responses) -> Vec<u32> {
    responses.opened.iter().map(crate::Opened::key).collect()
}

/// The cell key of each period of the timeline: the keys of the responses received in it.
fn period_keys(timeline: &Timeline, responses: &Responses, keys: &[u32]) -> Vec<u32> {
    let mut sums = vec![0u32; timeline.periods.len()];
    let Some(first) = timeline.periods.first().and_then(|(day, ..)| breakdown::day_number(day)) else { return sums };
    let step = if timeline.weekly { 7 } else { 1 };
    for (o, &key) in responses.opened.iter().zip(keys) {
        let Some(day) = breakdown::day_number(o.day()) else { continue };
        if let Some(sum) = usize::try_from((day - first) / step).ok().and_then(|i| sums.get_mut(i)) {
            *sum = sum.wrapping_add(key);
        }
    }
    sums
}

/// A whole percentage, rounded half up.
pub fn percent(count: usize, of: usize) -> usize {
    if of == 0 {
        0
    } else {
        (count * 200 + of) / (2 * of)
    }
}

/// Text for a terminal: control characters (which could move the cursor or recolour the screen)
/// shown escaped, and lines joined.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => " ".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// At most `max` characters, with "…" when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = printable(text);
    if text.chars().count() <= max {
        text
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}
