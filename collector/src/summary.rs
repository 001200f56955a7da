//! `speaksafe summary --db responses.db|postgres://… --key NAME.key [--key OLD.key …] --survey ID [--surveys DIR]
//! [--min-cell 10] [--html report.html] [--include-text]`: counts and percentages for every
//! closed question, with small numbers withheld.
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
//! Free text (short and long text, numbers, and what was typed for "Other") is left out unless
//! `--include-text` is given: it is what most easily says who someone is.
//!
//! The HTML report (`--html`) is one self-contained file: inline CSS, an SVG bar chart and a
//! table per question, no script and nothing loaded from anywhere. Every survey text in it is
//! escaped. Suppressed bars are not drawn; they are labelled `<10` (or `withheld`).
//!
//! Exit status as `export`'s: 0 when the summary was made (responses that did not open are
//! counted on stderr), 1 when it could not be or none opened, 2 for a usage error.

use crate::responses::{self, Responses, Source};
use serde_json::Value;
use speaksafe_core::{Question, Shape};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub source: Source,
    /// Counts under this are withheld (shown as "<N").
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_cell: u64,
    /// Also write the summary as one self-contained HTML file with a bar chart per question.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Include free-text answers (and what was typed for "Other"). They can identify people.
    #[arg(long)]
    pub include_text: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let responses = match responses::load(&args.source) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("speaksafe summary: {message}");
            return ExitCode::FAILURE;
        }
    };
    let summary = Summary::new(&responses, args.min_cell as usize, args.include_text);
    if args.min_cell < 10 {
        eprintln!("warning: --min-cell {} withholds less than the usual 10", args.min_cell);
    }
    let stdout = std::io::stdout();
    let _ = stdout.lock().write_all(summary.text().as_bytes());
    if let Some(path) = &args.html {
        let written = responses::create_private(path).and_then(|mut file| {
            file.write_all(summary.html().as_bytes())?;
            file.sync_all()
        });
        match written {
            Ok(()) => eprintln!("Wrote the report to {}.", path.display()),
            Err(e) => {
                eprintln!("speaksafe summary: {}: cannot write: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    match responses.failure_report() {
        None => ExitCode::SUCCESS,
        Some(report) => {
            eprintln!("{report}");
            if responses.opened.is_empty() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// How a count is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The count and its percentage.
    Count,
    /// Under the minimum: withheld.
    Small,
    /// Withheld so that a small one cannot be worked out from the total.
    Secondary,
}

/// One option's count.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: String,
    pub label: String,
    pub count: usize,
    pub shown: Shown,
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
    pub answered: usize,
    /// Withheld too: the one small count had no other to hide behind.
    pub answered_withheld: bool,
    /// Several options could be ticked (the percentages add up to more than 100).
    pub multiple: bool,
    pub cells: Vec<Cell>,
}

/// What an open question got.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    pub id: String,
    pub text: String,
    pub kind: &'static str,
    pub answered: usize,
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
    pub responses: usize,
    pub not_opened: usize,
    pub min_cell: usize,
    pub include_text: bool,
    /// Questions in order; a matrix has one part per row.
    pub parts: Vec<Part>,
}

/// Which counts to withhold: those under `min_cell`, and if that is exactly one, the next
/// smallest too (the first of equals). The second value says the total must be withheld as
/// well: exactly one count is small and there is no other to withhold with it.
pub fn suppress(counts: &[usize], min_cell: usize) -> (Vec<Shown>, bool) {
    let mut shown: Vec<Shown> =
        counts.iter().map(|&c| if c < min_cell { Shown::Small } else { Shown::Count }).collect();
    let small = shown.iter().filter(|s| **s == Shown::Small).count();
    if small != 1 {
        return (shown, false);
    }
    let next = (0..counts.len()).filter(|&i| shown[i] == Shown::Count).min_by_key(|&i| (counts[i], i));
    match next {
        Some(i) => {
            shown[i] = Shown::Secondary;
            (shown, false)
        }
        None => (shown, true),
    }
}

impl Summary {
    pub fn new(responses: &Responses, min_cell: usize, include_text: bool) -> Summary {
        let survey = &responses.survey;
        let language = survey.default_language();
        let tally = Tally { responses, language: &language.code, min_cell, include_text };
        let parts = survey.questions().filter(|(_, q)| q.is_answerable()).flat_map(|(_, q)| tally.parts(q)).collect();
        Summary {
            survey_id: survey.id.clone(),
            title: tally.text(&survey.title),
            language: language.code.clone(),
            direction: language.direction.attribute(),
            responses: responses.opened.len(),
            not_opened: responses.failed.len(),
            min_cell,
            include_text,
            parts,
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

    fn explanation(&self) -> String {
        format!(
            "Counts under {m} (zero included) are shown as \"<{m}\", without a percentage. Where a question would have only one \
             such count, it and the next smallest count are both shown as \"withheld\", so that neither can be worked out \
             from the total. Percentages are of those who answered the question.",
            m = self.min_cell
        )
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

    /// The summary as one self-contained HTML page.
    pub fn html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <title>Summary: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
             <h1>{title}</h1>\n<p class=\"meta\">Survey <code>{id}</code> · {responses}.</p>\n<p class=\"note\">{note}</p>\n",
            lang = escape(&self.language),
            dir = self.direction,
            title = escape(&self.title),
            id = escape(&self.survey_id),
            responses = escape(&self.responses_line()),
            note = escape(&self.explanation()),
        );
        let mut number = 0;
        let mut last_question = String::new();
        for part in &self.parts {
            match part {
                Part::Closed(c) => {
                    let question = c.id.split('.').next().unwrap_or(&c.id).to_string();
                    if question != last_question {
                        number += 1;
                        last_question = question;
                    }
                    self.html_counts(&mut out, number, c);
                }
                Part::Open(o) => {
                    let question = o.id.split('.').next().unwrap_or(&o.id).to_string();
                    if question != last_question {
                        number += 1;
                        last_question = question;
                    }
                    let _ = write!(
                        out,
                        "<section>\n<h2><span class=\"n\">{number}.</span> {}</h2>\n<p class=\"meta\"><code>{}</code> · {} · {} answered</p>\n",
                        escape(&o.text),
                        escape(&o.id),
                        o.kind,
                        o.answered
                    );
                    if self.include_text {
                        if !o.answers.is_empty() {
                            out.push_str("<ul class=\"answers\">\n");
                            for answer in &o.answers {
                                let _ = writeln!(out, "<li>{}</li>", escape(answer));
                            }
                            out.push_str("</ul>\n");
                        }
                    } else {
                        out.push_str(
                            "<p class=\"note\">The answers are left out of this report (see the export).</p>\n",
                        );
                    }
                    out.push_str("</section>\n");
                }
            }
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }

    fn html_counts(&self, out: &mut String, number: usize, c: &Counts) {
        let row = c.row.as_ref().map_or_else(String::new, |r| format!(" — {}", escape(r)));
        let answered = if c.answered_withheld { "withheld".to_string() } else { c.answered.to_string() };
        let multiple = if c.multiple { " · more than one could be ticked" } else { "" };
        let _ = write!(
            out,
            "<section>\n<h2><span class=\"n\">{number}.</span> {}{row}</h2>\n<p class=\"meta\"><code>{}</code> · {} · {answered} answered{multiple}</p>\n",
            escape(&c.text),
            escape(&c.id),
            c.kind
        );
        // The chart: one bar per option, its length the percentage of those who answered.
        const LABEL: usize = 260;
        const BAR: usize = 300;
        const ROW: usize = 30;
        let width = LABEL + BAR + 110;
        let height = ROW * c.cells.len() + 8;
        let _ = writeln!(
            out,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
            escape(&format!("Bar chart: {}", c.text))
        );
        for (i, cell) in c.cells.iter().enumerate() {
            let y = i * ROW + 4;
            let label = shorten(&cell.label, 38);
            let _ = write!(
                out,
                "<g><title>{}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>",
                escape(&cell.label),
                LABEL - 10,
                y + 19,
                escape(&label)
            );
            match self.withheld(c, cell) {
                None => {
                    let p = percent(cell.count, c.answered);
                    let length = if c.answered == 0 { 0 } else { (cell.count * BAR).div_ceil(c.answered).min(BAR) };
                    let _ = writeln!(
                        out,
                        "<rect x=\"{LABEL}\" y=\"{}\" width=\"{length}\" height=\"{}\" class=\"bar\"/><text x=\"{}\" y=\"{}\" class=\"value\">{} ({p}%)</text></g>",
                        y + 4,
                        ROW - 10,
                        LABEL + length + 8,
                        y + 19,
                        cell.count
                    );
                }
                Some(label) => {
                    let _ = writeln!(
                        out,
                        "<text x=\"{}\" y=\"{}\" class=\"value withheld\">{}</text></g>",
                        LABEL + 8,
                        y + 19,
                        escape(&label)
                    );
                }
            }
        }
        out.push_str("</svg>\n");
        // The same numbers as a table, for screen readers and for copying.
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Answer</th><th scope=\"col\">Count</th><th scope=\"col\">%</th></tr></thead>\n<tbody>\n");
        for cell in &c.cells {
            let (count, p) = match self.withheld(c, cell) {
                None => (cell.count.to_string(), format!("{}%", percent(cell.count, c.answered))),
                Some(label) => (escape(&label), "–".to_string()),
            };
            let _ =
                writeln!(out, "<tr><th scope=\"row\">{}</th><td>{count}</td><td>{p}</td></tr>", escape(&cell.label));
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
}

#[allow(clippy::too_many_arguments)]
/// Counts the answers to one question at a time, by the shape of its answers.
struct Tally<'a> {
    responses: &'a Responses,
    language: &'a str,
    min_cell: usize,
    include_text: bool,
}

impl Tally<'_> {
    fn text(&self, text: &speaksafe_core::Text) -> String {
        text.get(self.language, self.language).to_string()
    }

    /// The answers given to a question.
    fn given<'r>(&'r self, id: &str) -> Vec<&'r Value> {
        self.responses.opened.iter().filter_map(|o| o.response.answers.get(id)).collect()
    }

    /// A question's parts of the summary: its counts (a matrix's, row by row), or what was typed.
    fn parts(&self, question: &Question) -> Vec<Part> {
        let id = &question.id;
        let given = self.given(id);
        let cells = |options: &[speaksafe_core::Choice], count: &dyn Fn(&str) -> usize| {
            options.iter().map(|o| (o.value.clone(), self.text(&o.text), count(&o.value))).collect::<Vec<_>>()
        };
        match question.kind.shape() {
            Shape::Chosen(options) => {
                let chosen: Vec<&str> = given.iter().filter_map(|v| v.as_str()).collect();
                let cells = cells(options, &|value| chosen.iter().filter(|v| **v == value).count());
                vec![self.closed(id.clone(), question, None, chosen.len(), false, cells)]
            }
            Shape::Ticked { options, .. } => {
                let ticked = |value: &str| {
                    given
                        .iter()
                        .filter(|v| v.as_array().is_some_and(|a| a.iter().any(|t| t.as_str() == Some(value))))
                        .count()
                };
                let answered = given.iter().filter(|v| v.as_array().is_some_and(|a| !a.is_empty())).count();
                let mut parts = vec![self.closed(id.clone(), question, None, answered, true, cells(options, &ticked))];
                let typed: Vec<String> = self
                    .responses
                    .opened
                    .iter()
                    .filter_map(|o| o.response.other.get(id))
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                if !typed.is_empty() {
                    let text = format!("{} — \"Other\", as typed", self.text(&question.text));
                    parts.push(self.open(format!("{id}.other.text"), text, "other text", typed));
                }
                parts
            }
            Shape::Rows { rows, columns } => rows
                .iter()
                .map(|row| {
                    let chosen: Vec<&str> =
                        given.iter().filter_map(|v| v.get(&row.value)).filter_map(Value::as_str).collect();
                    let cells = cells(columns, &|value| chosen.iter().filter(|v| **v == value).count());
                    let label = Some(self.text(&row.text));
                    self.closed(format!("{id}.{}", row.value), question, label, chosen.len(), false, cells)
                })
                .collect(),
            Shape::Typed { .. } | Shape::Nothing => {
                let typed: Vec<String> = given
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .filter(|s| !s.trim().is_empty())
                    .collect();
                vec![self.open(id.clone(), self.text(&question.text), question.kind.words(), typed)]
            }
        }
    }

    fn closed(
        &self,
        id: String,
        question: &Question,
        row: Option<String>,
        answered: usize,
        multiple: bool,
        cells: Vec<(String, String, usize)>,
    ) -> Part {
        let numbers: Vec<usize> = cells.iter().map(|(_, _, n)| *n).collect();
        let (shown, answered_withheld) = suppress(&numbers, self.min_cell);
        let cells = cells
            .into_iter()
            .zip(shown)
            .map(|((value, label, count), shown)| Cell { value, label, count, shown })
            .collect();
        // Each row of a matrix is counted on its own.
        let kind = if row.is_some() { "matrix row" } else { question.kind.words() };
        Part::Closed(Counts {
            id,
            text: self.text(&question.text),
            row,
            kind,
            answered,
            answered_withheld,
            multiple,
            cells,
        })
    }

    fn open(&self, id: String, text: String, kind: &'static str, typed: Vec<String>) -> Part {
        let answered = typed.len();
        Part::Open(Open { id, text, kind, answered, answers: if self.include_text { typed } else { Vec::new() } })
    }
}

/// A whole percentage, rounded half up.
fn percent(count: usize, of: usize) -> usize {
    if of == 0 {
        0
    } else {
        (count * 200 + of) / (2 * of)
    }
}

/// Text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
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
fn shorten(text: &str, max: usize) -> String {
    let text = printable(text);
    if text.chars().count() <= max {
        text
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

const STYLE: &str = "
body { font: 16px/1.5 system-ui, sans-serif; color: #0b0c0c; background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
section { border-top: 1px solid #b1b4b6; padding: 1rem 0 1.5rem; }
.n { color: #505a5f; }
.meta, .note { color: #505a5f; margin: 0 0 .75rem; }
.chart { display: block; max-width: 100%; height: auto; }
.chart .label { font-size: 14px; fill: #0b0c0c; }
.chart .value { font-size: 14px; fill: #0b0c0c; }
.chart .withheld { fill: #505a5f; font-style: italic; }
.chart .bar { fill: #1d70b8; }
table { border-collapse: collapse; margin-top: .75rem; font-size: .9rem; }
th, td { text-align: start; padding: .2rem .75rem .2rem 0; border-bottom: 1px solid #e5e5e5; }
td { font-variant-numeric: tabular-nums; }
.answers li { margin-bottom: .25rem; white-space: pre-wrap; }
@media print { section { break-inside: avoid; } }
";
