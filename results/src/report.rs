//! The summary as one self-contained HTML page (`speaksafe summary --html`), made to be read:
//! the rule of small-number protection at the top, a contents list, responses by day, then a
//! section per question with one chart and, under it, the same counts as a table with a caption
//! (the accessible version: the chart is hidden from screen readers, so nothing is read twice).
//! Breakdowns are grouped bars with a legend. Labels are wrapped, and cut with the full text in a
//! `<title>` when long, always starting inside the chart. A question whose counts are all
//! withheld says so in words instead of drawing empty bars.
//!
//! Inline CSS (with a print stylesheet) and inline SVG; no script, no link to anything outside
//! the page, a Content-Security-Policy that forbids loading anything. Every survey text is escaped.

use crate::summary::{percent, Breakdown, Counts, Open, Part, Summary};
use speaksafe_core::text::escape_html as escape;
use std::fmt::Write as _;

/// The chart's geometry, in CSS pixels: labels from the left edge, wrapped to [`WRAP`]
/// characters, bars from [`BAR_X`], and room after the longest bar for its value.
const WIDTH: usize = 680;
const LABEL_X: usize = 4;
const BAR_X: usize = 270;
const BAR_WIDTH: usize = 290;
const WRAP: usize = 30;
const MAX_LINES: usize = 3;
const LINE: usize = 17;
/// Colours of the groups in a breakdown (GOV.UK's palette, each at least 3:1 against white).
const GROUP_CLASSES: usize = 8;

/// The report.
pub fn html(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>Summary: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<p class=\"meta\">Survey <code>{id}</code> · {responses}.</p>\n</header>\n<main>\n\
         <section aria-labelledby=\"rule\">\n<h2 id=\"rule\">About these numbers</h2>\n<p class=\"rule\">{rule}</p>\n</section>\n",
        lang = escape(&summary.language),
        dir = summary.direction,
        title = escape(&summary.title),
        id = escape(&summary.survey_id),
        responses = escape(&responses_line(summary)),
        rule = escape(&summary.explanation()),
    );
    let numbered = numbered(summary);
    out.push_str("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
    if !summary.timeline.periods.is_empty() {
        out.push_str("<li><a href=\"#timeline\">When the responses came in</a></li>\n");
    }
    for (i, (number, part)) in numbered.iter().enumerate() {
        let _ = writeln!(out, "<li><a href=\"#part-{i}\">{number}. {}</a></li>", escape(&heading_text(part)));
    }
    out.push_str("</ol>\n</nav>\n");
    timeline(summary, &mut out);
    for (i, (number, part)) in numbered.iter().enumerate() {
        match part {
            Part::Closed(c) => closed(summary, &mut out, i, *number, c),
            Part::Open(o) => open(summary, &mut out, i, *number, o),
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn responses_line(summary: &Summary) -> String {
    let mut line = match summary.responses {
        1 => "1 response".to_string(),
        n => format!("{n} responses"),
    };
    if summary.not_opened > 0 {
        line.push_str(&format!(" ({} more could not be opened)", summary.not_opened));
    }
    line
}

/// Each part with its question's number (a matrix's rows share one).
fn numbered(summary: &Summary) -> Vec<(usize, &Part)> {
    let mut number = 0;
    let mut last = "";
    summary
        .parts
        .iter()
        .map(|part| {
            let id = match part {
                Part::Closed(c) => &c.id,
                Part::Open(o) => &o.id,
            };
            let question = id.split('.').next().unwrap_or(id);
            if question != last {
                number += 1;
                last = question;
            }
            (number, part)
        })
        .collect()
}

fn heading_text(part: &Part) -> String {
    match part {
        Part::Closed(c) => match &c.row {
            Some(row) => format!("{} — {row}", c.text),
            None => c.text.clone(),
        },
        Part::Open(o) => o.text.clone(),
    }
}

fn section_start(out: &mut String, i: usize, number: usize, heading: &str, meta: &str) {
    let _ = write!(
        out,
        "<section id=\"part-{i}\" aria-labelledby=\"part-{i}-h\">\n<h2 id=\"part-{i}-h\"><span class=\"n\">{number}.</span> {}</h2>\n<p class=\"meta\">{meta}</p>\n",
        escape(heading)
    );
}

fn closed(summary: &Summary, out: &mut String, i: usize, number: usize, c: &Counts) {
    let answered = if c.answered_withheld { "withheld".to_string() } else { c.answered.to_string() };
    let multiple = if c.multiple { " · more than one could be ticked" } else { "" };
    let meta = format!("<code>{}</code> · {} · {answered} answered{multiple}", escape(&c.id), c.kind);
    section_start(out, i, number, &heading_text(&Part::Closed(c.clone())), &meta);
    if c.all_withheld() {
        let _ = writeln!(
            out,
            "<p class=\"withheld-note\">Every count for this question is withheld: each is under {m}, or would give one \
             under {m} away. Nothing is charted.</p>",
            m = summary.min_cell
        );
    } else {
        let rows: Vec<Bars> = c
            .cells
            .iter()
            .map(|cell| Bars {
                label: cell.label.clone(),
                bars: vec![match summary.withheld(c, cell) {
                    None => Bar::Value {
                        length: length(cell.count, c.answered),
                        text: format!("{} ({}%)", cell.count, percent(cell.count, c.answered)),
                        class: 0,
                    },
                    Some(label) => Bar::Withheld { label, class: 0 },
                }],
            })
            .collect();
        chart(out, &rows, false);
    }
    // The same counts as a table: what a screen reader reads, and what can be copied.
    let of = if c.answered_withheld { String::new() } else { format!(" of the {} who answered", c.answered) };
    let _ = write!(
        out,
        "<table>\n<caption>{}: the count of each answer, and its percentage{of}</caption>\n\
         <thead><tr><th scope=\"col\">Answer</th><th scope=\"col\">Count</th><th scope=\"col\">%</th></tr></thead>\n<tbody>\n",
        escape(&heading_text(&Part::Closed(c.clone())))
    );
    for cell in &c.cells {
        let (count, p) = match summary.withheld(c, cell) {
            None => (cell.count.to_string(), format!("{}%", percent(cell.count, c.answered))),
            Some(label) => (escape(&label), "–".to_string()),
        };
        let _ = writeln!(out, "<tr><th scope=\"row\">{}</th><td>{count}</td><td>{p}</td></tr>", escape(&cell.label));
    }
    out.push_str("</tbody>\n</table>\n");
    for b in &c.breakdowns {
        breakdown(summary, out, c, b);
    }
    out.push_str("</section>\n");
}

fn breakdown(summary: &Summary, out: &mut String, c: &Counts, b: &Breakdown) {
    let _ = writeln!(out, "<h3>By {}</h3>", escape(&b.by_text));
    let crossed = &b.crossed;
    if crossed.all_withheld() {
        let _ = writeln!(
            out,
            "<p class=\"withheld-note\">This breakdown is withheld: there are too few answers in its groups to show \
             any count without giving away one under {}.</p>",
            summary.min_cell
        );
        return;
    }
    // Groups whose number is shown are charted as percentages of the group.
    let charted: Vec<usize> = (0..b.groups.len()).filter(|&g| !crossed.answered[g].1.withheld()).collect();
    if charted.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"withheld-note\">Not charted: every group's number of answers is withheld. The counts are in the \
             table.</p>"
        );
    } else {
        out.push_str("<ul class=\"legend\">\n");
        for &g in &charted {
            let _ = writeln!(
                out,
                "<li><svg class=\"swatch\" aria-hidden=\"true\" focusable=\"false\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\"><rect class=\"g{}\" width=\"14\" height=\"14\"/></svg>{}</li>",
                g % GROUP_CLASSES,
                escape(&b.groups[g])
            );
        }
        out.push_str("</ul>\n");
        let left_out: Vec<&str> =
            (0..b.groups.len()).filter(|g| !charted.contains(g)).map(|g| b.groups[g].as_str()).collect();
        if !left_out.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"note\">Not charted, as their number of answers is withheld: {}.</p>",
                escape(&left_out.join("; "))
            );
        }
        let rows: Vec<Bars> = c
            .cells
            .iter()
            .enumerate()
            .map(|(o, cell)| Bars {
                label: cell.label.clone(),
                bars: charted
                    .iter()
                    .map(|&g| {
                        let (count, shown) = crossed.cells[g][o];
                        let group = crossed.answered[g].0;
                        match summary.label(shown) {
                            None => Bar::Value {
                                length: length(count, group),
                                text: format!("{count} ({}%)", percent(count, group)),
                                class: g % GROUP_CLASSES,
                            },
                            Some(label) => Bar::Withheld { label, class: g % GROUP_CLASSES },
                        }
                    })
                    .collect(),
            })
            .collect();
        chart(out, &rows, true);
    }
    let _ = write!(
        out,
        "<table>\n<caption>{} by {}: the count of each answer in each group, and its percentage of those in the group \
         who answered</caption>\n<thead><tr><th scope=\"col\">{}</th>",
        escape(&heading_text(&Part::Closed(c.clone()))),
        escape(&b.by_text),
        escape(&b.by_text)
    );
    for cell in &c.cells {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&cell.label));
    }
    out.push_str("<th scope=\"col\">Answered</th></tr></thead>\n<tbody>\n");
    for (g, label) in b.groups.iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(label));
        for &cell in &crossed.cells[g] {
            let _ = write!(out, "<td>{}</td>", escape(&summary.crossed_value(cell, crossed.answered[g])));
        }
        let (n, shown) = crossed.answered[g];
        let _ = writeln!(out, "<td>{}</td></tr>", escape(&summary.label(shown).unwrap_or_else(|| n.to_string())));
    }
    out.push_str("</tbody>\n</table>\n");
}

fn open(summary: &Summary, out: &mut String, i: usize, number: usize, o: &Open) {
    let meta = format!("<code>{}</code> · {} · {} answered", escape(&o.id), o.kind, o.answered);
    section_start(out, i, number, &o.text, &meta);
    if summary.include_text {
        if !o.answers.is_empty() {
            out.push_str("<ul class=\"answers\">\n");
            for answer in &o.answers {
                let _ = writeln!(out, "<li>{}</li>", escape(answer));
            }
            out.push_str("</ul>\n");
        }
    } else {
        out.push_str("<p class=\"note\">The answers are left out of this report (see the export).</p>\n");
    }
    out.push_str("</section>\n");
}

fn timeline(summary: &Summary, out: &mut String) {
    let t = &summary.timeline;
    if t.periods.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"timeline\" aria-labelledby=\"timeline-h\">\n<h2 id=\"timeline-h\">When the responses came in</h2>\n<p class=\"meta\">{}.</p>",
        escape(&summary.timeline_heading())
    );
    let unit = if t.weekly { "Week starting" } else { "Day" };
    if t.all_withheld() {
        let _ = writeln!(
            out,
            "<p class=\"withheld-note\">Every count is withheld: there are too few responses to show any {} without \
             giving away one under {}.</p>",
            if t.weekly { "week" } else { "day" },
            summary.min_cell
        );
    } else {
        let most = t.periods.iter().filter(|(_, _, s)| !s.withheld()).map(|(_, n, _)| *n).max().unwrap_or(1);
        let rows: Vec<Bars> = t
            .periods
            .iter()
            .map(|(day, n, shown)| Bars {
                label: day.clone(),
                bars: vec![match summary.label(*shown) {
                    None => Bar::Value { length: length(*n, most), text: n.to_string(), class: 0 },
                    Some(label) => Bar::Withheld { label, class: 0 },
                }],
            })
            .collect();
        chart(out, &rows, false);
    }
    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{unit}</th><th scope=\"col\">Responses</th></tr></thead>\n<tbody>\n",
        escape(&summary.timeline_heading())
    );
    for (day, n, shown) in &t.periods {
        let value = summary.label(*shown).unwrap_or_else(|| n.to_string());
        let _ = writeln!(out, "<tr><th scope=\"row\">{day}</th><td>{}</td></tr>", escape(&value));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// One label of a chart and its bars (one, or one per group).
struct Bars {
    label: String,
    bars: Vec<Bar>,
}

enum Bar {
    /// A bar `length` pixels long, its value written after it, in the colour of group `class`.
    Value { length: usize, text: String, class: usize },
    /// No bar: what stands for the withheld count (of group `class`).
    Withheld { label: String, class: usize },
}

/// A bar's length for `count` of `of`, at least a pixel for any count above zero.
fn length(count: usize, of: usize) -> usize {
    if of == 0 {
        0
    } else {
        (count * BAR_WIDTH).div_ceil(of).min(BAR_WIDTH)
    }
}

/// Horizontal bars, labels on the left wrapped to fit (the chart is laid out left to right
/// whatever the page's direction, so that a label never starts outside it).
fn chart(out: &mut String, rows: &[Bars], grouped: bool) {
    let bar_height = if grouped { 14 } else { 20 };
    let gap = 4;
    let mut body = String::new();
    let mut y = 6;
    for row in rows {
        let (lines, cut) = wrap(&row.label, WRAP, MAX_LINES);
        let text_height = lines.len() * LINE;
        let bars_height = row.bars.len() * (bar_height + gap) - gap;
        let height = text_height.max(bars_height);
        // A few pixels in from the edge: a glyph's ink can start left of its origin.
        let _ = write!(body, "<text x=\"{LABEL_X}\" y=\"{}\" class=\"label\">", y + 13);
        if cut || lines.len() > 1 {
            let _ = write!(body, "<title>{}</title>", escape(&row.label));
        }
        for (n, line) in lines.iter().enumerate() {
            let _ = write!(
                body,
                "<tspan x=\"{LABEL_X}\" dy=\"{}\">{}</tspan>",
                if n == 0 { 0 } else { LINE },
                escape(line)
            );
        }
        body.push_str("</text>\n");
        for (n, bar) in row.bars.iter().enumerate() {
            let top = y + n * (bar_height + gap);
            let baseline = top + bar_height / 2 + 5;
            match bar {
                Bar::Value { length, text, class } => {
                    let _ = writeln!(
                        body,
                        "<rect x=\"{BAR_X}\" y=\"{top}\" width=\"{length}\" height=\"{bar_height}\" class=\"bar g{class}\"/><text x=\"{}\" y=\"{baseline}\" class=\"value\">{}</text>",
                        BAR_X + length + 6,
                        escape(text)
                    );
                }
                Bar::Withheld { label, class } => {
                    // In grouped bars, a sliver of the group's colour says whose count is withheld.
                    if grouped {
                        let _ = write!(
                            body,
                            "<rect x=\"{BAR_X}\" y=\"{top}\" width=\"3\" height=\"{bar_height}\" class=\"bar g{class}\"/>"
                        );
                    }
                    let _ = writeln!(
                        body,
                        "<text x=\"{}\" y=\"{baseline}\" class=\"value withheld\">{}</text>",
                        BAR_X + 8,
                        escape(label)
                    );
                }
            }
        }
        y += height + 12;
    }
    let height = y;
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\">\n{body}</svg>\n"
    );
}

/// A label in lines of at most `width` characters, broken between words (a word longer than a
/// line is broken inside); at most `max_lines`, the last ending in "…" when some is left out.
/// The second value says whether some was.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> (Vec<String>, bool) {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 { width } else { width.saturating_sub(used + 1) };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than a line.
            line.extend(&word[..width]);
            lines.push(std::mem::take(&mut line));
            word.drain(..width);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() <= max_lines {
        return (lines, false);
    }
    lines.truncate(max_lines);
    let last = lines.last_mut().expect("max_lines is at least one");
    let mut kept: String = last.chars().take(width.saturating_sub(1)).collect();
    kept.push('…');
    *last = kept;
    (lines, true)
}

const STYLE: &str = "
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, sans-serif; color: #0b0c0c; background: #fff; margin: 0; }
header, main { max-width: 60rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
section, nav { border-top: 1px solid #b1b4b6; padding: 1rem 0 1.5rem; }
nav ol { margin: 0; padding: 0; list-style: none; columns: 2 20rem; }
nav li { margin-bottom: .25rem; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
.n { color: #505a5f; }
.meta, .note { color: #505a5f; margin: 0 0 .75rem; }
.rule { max-width: 45rem; }
.withheld-note { border-inline-start: 5px solid #505a5f; padding: .25rem .75rem; margin: .5rem 0 .75rem; }
.chart { display: block; max-width: 100%; height: auto; direction: ltr; margin: .5rem 0; }
.chart text { font: 14px system-ui, sans-serif; fill: #0b0c0c; }
.chart .withheld { fill: #505a5f; font-style: italic; }
.g0 { fill: #1d70b8; } .g1 { fill: #d4351c; } .g2 { fill: #00703c; } .g3 { fill: #4c2c92; }
.g4 { fill: #b58840; } .g5 { fill: #5694ca; } .g6 { fill: #912b88; } .g7 { fill: #6f777b; }
.legend { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.swatch { flex: none; }
table { border-collapse: collapse; margin: .75rem 0 0; font-size: .9rem; min-width: min(100%, 32rem); }
caption { text-align: start; font-weight: 600; padding-bottom: .25rem; }
th, td { text-align: start; padding: .2rem .75rem .2rem 0; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
.answers li { margin-bottom: .25rem; white-space: pre-wrap; }
@media print {
  body { font-size: 11pt; }
  header, main { max-width: none; padding: 0; }
  nav { break-after: page; }
  section { break-inside: avoid; }
  h2, h3, caption { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .chart, .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  table { font-size: 9pt; }
}
";

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn labels_wrap_between_words_and_are_cut_with_an_ellipsis() {
        assert_eq!(wrap("Yes", 30, 3), (vec!["Yes".to_string()], false));
        assert_eq!(
            wrap("I have experienced violence or abuse myself", 20, 3),
            (vec!["I have experienced".into(), "violence or abuse".into(), "myself".into()], false)
        );
        let (lines, cut) = wrap("one two three four five six seven eight nine ten", 10, 2);
        assert_eq!(lines, ["one two", "three fou…"]);
        assert!(cut);
        // A word longer than a line is broken.
        assert_eq!(wrap("abcdefghijkl", 5, 3).0, ["abcde", "fghij", "kl"]);
        assert!(wrap("", 5, 3).0 == [""]);
        for (text, width, lines) in [("αβγ δεζ ηθι κλμ", 7, 2), ("a\u{7}b c", 3, 1)] {
            let (wrapped, _) = wrap(text, width, lines);
            assert!(wrapped.len() <= lines && wrapped.iter().all(|l| l.chars().count() <= width), "{wrapped:?}");
        }
    }
}
