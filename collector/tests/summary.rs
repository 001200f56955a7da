//! `speaksafe summary`: counts and percentages, small numbers withheld (and the next smallest
//! with them), and an HTML report that is self-contained and never lets survey text be markup.

mod sealed;

use sealed::{may_publish, number_before, response, Setup};
use speaksafe_results::summary::{percent as percent_of, suppress, Shown};

use Shown::{Count as C, Secondary as S, Small as L};

#[test]
fn suppression_rules() {
    // None small.
    assert_eq!(suppress(&[50, 30, 12], 10), (vec![C, C, C], false));
    // Exactly one small: the next smallest is withheld too.
    assert_eq!(suppress(&[50, 30, 5], 10), (vec![C, S, L], false));
    assert_eq!(suppress(&[9, 10, 11], 10), (vec![L, S, C], false));
    // Zero counts as small.
    assert_eq!(suppress(&[0, 40, 25], 10), (vec![L, C, S], false));
    // Of equals, the first.
    assert_eq!(suppress(&[20, 3, 20], 10), (vec![S, L, C], false));
    // Two or more small: the total cannot tell either.
    assert_eq!(suppress(&[50, 8, 5], 10), (vec![C, L, L], false));
    assert_eq!(suppress(&[0, 0], 10), (vec![L, L], false));
    // One small and nothing else to withhold: the total is withheld instead.
    assert_eq!(suppress(&[4], 10), (vec![L], true));
    assert_eq!(suppress(&[], 10), (vec![], false));
    // Another minimum.
    assert_eq!(suppress(&[4, 5, 6], 5), (vec![L, S, C], false));
}

/// The test survey's responses, with counts chosen to show each rule:
/// group: a 12, b 20, c 3, prefer not to say 0 (two small: no secondary);
/// where: x 20, y 11, z 4 (one small: y withheld too);
/// apps: video 30, games 15, other 2 (one small: games withheld too), "Other" typed twice;
/// feel.school: safe 25, unsafe 10; ok: yes 35.
/// Made once and only read by the tests that share it.
fn setup() -> &'static Setup {
    static SETUP: std::sync::OnceLock<Setup> = std::sync::OnceLock::new();
    SETUP.get_or_init(make_setup)
}

fn make_setup() -> Setup {
    let setup = Setup::new("summary");
    for i in 0..35 {
        let group = match i {
            0..12 => "a",
            12..32 => "b",
            _ => "c",
        };
        let place = match i {
            0..20 => "x",
            20..31 => "y",
            _ => "z",
        };
        let mut apps = vec![];
        if i < 30 {
            apps.push("\"video\"");
        }
        if i >= 20 {
            apps.push("\"games\"");
        }
        if i < 2 {
            apps.push("\"other\"");
        }
        let feel = if i < 25 { "safe" } else { "unsafe" };
        let said = if i == 0 { r#", "said": "I <script>alert('said')</script> think""# } else { "" };
        let answers = format!(
            r#"{{ "group": "{group}", "where": "{place}", "apps": [{}], "feel": {{ "school": "{feel}" }}, "ok": "yes", "age": {}{said} }}"#,
            apps.join(", "),
            11 + i % 5
        );
        let other: &[(&str, &str)] = if i < 2 { &[("apps", "Drawing <img src=x onerror=alert(1)>")] } else { &[] };
        setup.add(&response(&answers, other), "2026-03-01");
    }
    setup
}

/// These tests look at what one summary shows, several of the same responses with other choices:
/// `--force`, which the ledger of releases would ask for (tests/ledger.rs tests it).
fn summary(setup: &Setup, extra: &[&str]) -> (i32, String, String) {
    let args = ["summary", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--force"];
    setup.run(&[&args[..], extra].concat())
}

/// The lines of one question's block in the text summary, from its heading to the blank line.
fn block<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = out.lines().skip_while(|l| !l.contains(heading));
    let mut block: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    assert!(!block.is_empty(), "no {heading:?} in:\n{out}");
    block.iter_mut().for_each(|l| *l = l.trim_end());
    block
}

/// Spaces squeezed.
fn squeeze(lines: Vec<&str>) -> Vec<String> {
    lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// How an option's count is published: shown (its true count), or withheld with these words.
enum Published {
    Is(usize),
    Withheld(&'static str),
}

use Published::{Is, Withheld};

/// Checks a question's block (spaces squeezed) as published: its heading is `heading` with the
/// number who answered in place of `{}`, one the perturbation table can make of `answered`; then a
/// line for each option, a shown count being one the table can make of its truth, with its
/// percentage of the number answered as shown. Returns the counts as published.
fn assert_block(block: &[String], heading: &str, answered: usize, options: &[(&str, Published)]) -> Vec<usize> {
    let shown_answered = number_before(&block[0], " answered");
    assert_eq!(block[0], heading.replace("{}", &shown_answered.to_string()));
    assert!(may_publish(answered, shown_answered), "{answered} answered, published as {shown_answered}");
    assert_eq!(block.len(), 1 + options.len(), "{block:?}");
    let mut counts = Vec::new();
    for (line, (label, published)) in block[1..].iter().zip(options) {
        let rest = line.strip_prefix(&format!("{label} ")).unwrap_or_else(|| panic!("{line:?} is not {label:?}"));
        match published {
            Withheld(words) => assert_eq!(rest, format!("{words} -"), "{line}"),
            Is(truth) => {
                let (count, percent) = rest.split_once(' ').unwrap_or_else(|| panic!("{line}"));
                let count: usize = count.parse().unwrap_or_else(|_| panic!("{line}"));
                assert!(may_publish(*truth, count), "{line}: truly {truth}");
                assert_eq!(percent, format!("{}%", percent_of(count, shown_answered)), "{line}");
                counts.push(count);
            }
        }
    }
    counts
}

#[test]
fn counts_percentages_and_withheld_cells() {
    let setup = setup();
    let (code, out, err) = summary(setup, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("A small survey <script>alert('title')</script> — survey small\n"), "{out}");
    let responses = number_before(out.lines().nth(1).unwrap(), " responses.");
    assert!(may_publish(35, responses), "35 responses, published as {responses}\n{out}");
    let group = squeeze(block(&out, "[group:"));
    let heading = "1. Which group <script>alert(1)</script> & \"you\"? [group: single choice, {} answered]";
    let options = [
        ("Group A", Is(12)),
        ("Group <b>B</b>", Is(20)),
        ("Group C", Withheld("<10")),
        ("Prefer not to say", Withheld("<10")),
    ];
    assert_block(&group, heading, 35, &options);
    // The counts line up.
    let lines = block(&out, "[group:");
    assert!(lines[1].starts_with("   Group A  "), "{lines:?}");
    assert!(lines[1..].iter().all(|l| l.chars().count() == lines[1].chars().count()), "{lines:?}");
    let options = [("X", Is(20)), ("Y", Withheld("withheld")), ("Z", Withheld("withheld"))];
    assert_block(&squeeze(block(&out, "[where:")), "2. Where? [where: dropdown, {} answered]", 35, &options);
    let options = [("Video", Is(30)), ("Games", Withheld("withheld")), ("Other, please say", Withheld("withheld"))];
    let heading = "3. Apps? [apps: multiple choice, {} answered; more than one could be ticked]";
    assert_block(&squeeze(block(&out, "[apps:")), heading, 35, &options);
    let typed = squeeze(block(&out, "[apps.other.text:"));
    assert_eq!(typed.len(), 2);
    assert_block(&typed[..1], "3. Apps? — \"Other\", as typed [apps.other.text: other text, {} answered]", 2, &[]);
    assert_eq!(typed[1], "(the answers are left out: add --include-text, or see the export)");
    let heading = "4. How safe? — At school [feel.school: matrix row, {} answered]";
    assert_block(&squeeze(block(&out, "[feel.school:")), heading, 35, &[("Safe", Is(25)), ("Unsafe", Is(10))]);
    // Zero stays zero.
    assert_eq!(
        squeeze(block(&out, "[feel.online:")),
        ["4. How safe? — Online [feel.online: matrix row, 0 answered]", "Safe <10 -", "Unsafe <10 -"]
    );
    // One small count and one other: both withheld.
    let options = [("Yes", Withheld("withheld")), ("No", Withheld("withheld"))];
    assert_block(&squeeze(block(&out, "[ok:")), "5. OK? [ok: yes/no, {} answered]", 35, &options);
    assert_eq!(
        squeeze(block(&out, "[rating:")),
        ["6. Rate it [rating: scale, 0 answered]", "1 <10 -", "2 <10 -", "3 <10 -"]
    );
    let age = squeeze(block(&out, "[age:"));
    assert_block(&age[..1], "7. Age [age: number, {} answered]", 35, &[]);
    assert_eq!(age[1..], ["(the answers are left out: add --include-text, or see the export)"]);
    let said = squeeze(block(&out, "[said:"));
    assert_block(&said[..1], "8. Anything else? [said: long text, {} answered]", 1, &[]);
    assert_eq!(said[1..], ["(the answers are left out: add --include-text, or see the export)"]);
    // Everyone answered group, where, apps, the matrix's first row, ok and age: the same 35
    // people, so the same number, the number of responses, whatever the noise.
    for heading in ["[group:", "[where:", "[apps:", "[feel.school:", "[ok:", "[age:"] {
        assert_eq!(number_before(block(&out, heading)[0], " answered"), responses, "{heading}\n{out}");
    }
    assert!(!out.contains("I <script>alert('said')"), "free text is left out");
    assert!(!out.contains("Drawing"), "free text is left out");
}

#[test]
fn include_text_lists_free_text() {
    let setup = setup();
    let (code, out, err) = summary(setup, &["--include-text"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("   - I <script>alert('said')</script> think\n"), "{out}");
    assert_eq!(out.matches("   - Drawing <img src=x onerror=alert(1)>\n").count(), 2, "{out}");
}

#[test]
fn other_on_a_single_choice_is_counted_and_what_was_typed_left_out_unless_asked() {
    let setup = Setup::new("summary-other");
    setup.with_other_on_single_choices();
    for i in 0..12 {
        let (group, typed): (&str, &[(&str, &str)]) =
            if i < 11 { ("other", &[("group", "Carers")]) } else { ("a", &[]) };
        setup.add(&response(&format!(r#"{{ "group": "{group}" }}"#), typed), "2026-03-01");
    }
    let (code, out, err) = summary(&setup, &[]);
    assert_eq!(code, 0, "{err}");
    let group = squeeze(block(&out, "[group:"));
    let heading = "1. Which group <script>alert(1)</script> & \"you\"? [group: single choice, {} answered]";
    let line = group.iter().find(|l| l.starts_with("Another group ")).unwrap_or_else(|| panic!("{group:?}"));
    let (count, percent) = line["Another group ".len()..].split_once(' ').unwrap();
    let count: usize = count.parse().unwrap();
    assert!(may_publish(11, count), "{line}");
    assert_block(&group[..1], heading, 12, &[]);
    assert_eq!(percent, format!("{}%", percent_of(count, number_before(&group[0], " answered"))));
    // What was typed: free text, left out; its number is of the same 11 people, so the same.
    let typed = squeeze(block(&out, "[group.other.text:"));
    assert_eq!(
        typed,
        [
            format!("1. Which group <script>alert(1)</script> & \"you\"? — \"Other\", as typed [group.other.text: other text, {count} answered]"),
            "(the answers are left out: add --include-text, or see the export)".to_string(),
        ]
    );
    assert!(!out.contains("Carers"), "free text is left out: {out}");
    let (code, out, err) = summary(&setup, &["--include-text"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("   - Carers\n").count(), 11, "{out}");
}

#[test]
fn another_minimum_cell() {
    let setup = setup();
    let (code, out, err) = summary(setup, &["--min-cell", "3"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: --min-cell 3 withholds less than the usual 10"), "{err}");
    assert!(out.contains("Counts under 3 (zero included) are shown as \"<3\""), "{out}");
    // Now only "prefer not to say" is small, and Group C (3) is withheld with it.
    let heading = "1. Which group <script>alert(1)</script> & \"you\"? [group: single choice, {} answered]";
    let options = [
        ("Group A", Is(12)),
        ("Group <b>B</b>", Is(20)),
        ("Group C", Withheld("withheld")),
        ("Prefer not to say", Withheld("withheld")),
    ];
    assert_block(&squeeze(block(&out, "[group:")), heading, 35, &options);
    let (code, _, err) = summary(setup, &["--min-cell", "0"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn html_report_is_self_contained_and_escapes_survey_text() {
    let setup = setup();
    let (code, _, err) = summary(setup, &["--html", "report.html", "--include-text"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Wrote the report to report.html."), "{err}");
    let html = std::fs::read_to_string(setup.dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"), "{html}");
    // Self-contained: no script, nothing loaded from elsewhere. Every tag is one of the report's
    // own, with no attribute that loads anything or runs anything; links only within the page.
    let lower = html.to_lowercase();
    for tag in tags(&lower) {
        let name = tag.trim_start_matches('/').split([' ', '>']).next().unwrap();
        assert!(REPORT_TAGS.contains(&name), "<{tag}> in the report");
        for attribute in ["src=", "style=", " on", "url(", "javascript:"] {
            assert!(!tag.contains(attribute), "{attribute} in <{tag}>");
        }
        if let Some((_, link)) = tag.split_once("href=") {
            assert!(link.starts_with("\"#part-") || link.starts_with("\"#timeline\""), "<{tag}>");
        }
    }
    assert!(!lower.contains("<script") && !lower.contains("@import") && !lower.contains("url("));
    assert_eq!(
        lower.matches("http://").count(),
        lower.matches("http://www.w3.org/2000/svg").count(),
        "only the SVG namespace"
    );
    assert!(!lower.contains("https://") && !lower.contains("//cdn"));
    assert!(html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(html.contains("default-src 'none'"), "a CSP that forbids loading anything");
    // Survey text and answers escaped.
    assert!(
        html.contains("<title>Summary: A small survey &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</title>"),
        "{html}"
    );
    assert!(html.contains("Which group &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;you&quot;?"), "{html}");
    assert!(html.contains("Group &lt;b&gt;B&lt;/b&gt;"), "{html}");
    assert!(html.contains("<li>I &lt;script&gt;alert(&#39;said&#39;)&lt;/script&gt; think</li>"), "{html}");
    assert!(html.contains("<li>Drawing &lt;img src=x onerror=alert(1)&gt;</li>"), "{html}");
    // One chart per closed question (and matrix row) with a count shown, and one of the days;
    // bars only for counts shown. Where every count is withheld, words instead of a chart.
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 5, "days, group, where, apps, feel.school");
    assert_eq!(html.matches("class=\"withheld-note\"").count(), 3, "feel.online, ok, rating");
    assert!(html.contains("Every count for this question is withheld"), "{html}");
    // group 2, where 1, apps 1, feel.school 2, the day 1.
    assert_eq!(html.matches("<rect").count(), 7);
    // Each count once in a chart and once in a table (under it, with a caption).
    let row = "<tr><th scope=\"row\">Group A</th><td>";
    let (count, percent) = html[html.find(row).expect("Group A's row") + row.len()..]
        .split_once("%</td></tr>")
        .and_then(|(cells, _)| cells.split_once("</td><td>"))
        .expect("a count and a percentage");
    assert!(may_publish(12, count.parse().unwrap()), "Group A: 12 published as {count}");
    assert_eq!(html.matches(&format!("{row}{count}</td><td>{percent}%</td></tr>")).count(), 1);
    // In the chart, beside Group A's bar (another count can be published as the same number).
    let bar = &html[html.find(">Group A</tspan></text>").expect("Group A's bar")..];
    let value = &bar[bar.find("class=\"value\">").expect("a value by the bar")..];
    assert!(value.starts_with(&format!("class=\"value\">{count} ({percent}%)</text>")), "{html}");
    assert_eq!(html.matches("<table>").count(), html.matches("<caption>").count());
    assert_eq!(html.matches("<table>").count(), 8, "days and each closed part");
    assert!(html.contains("class=\"value withheld\">&lt;10</text>"), "{html}");
    assert!(html.contains("class=\"value withheld\">withheld</text>"), "{html}");
    assert!(!html.contains(">3 (9%)<") && !html.contains(">4 ("), "withheld counts appear nowhere");
    // The charts are hidden from screen readers (the tables say the same), and a contents list.
    assert_eq!(
        html.matches("<svg class=\"chart\"").count(),
        html.matches("aria-hidden=\"true\" focusable=\"false\">").count()
    );
    assert!(html.contains("<nav aria-labelledby=\"contents\">"));
    assert_eq!(html.matches("<li><a href=\"#part-").count(), 10, "every part of the summary");
    assert!(html.contains("<li><a href=\"#timeline\">When the responses came in</a></li>"));
    assert!(html.contains("@media print"));
    // The rule, at the top.
    let rule = html.find("About these numbers").unwrap();
    assert!(rule < html.find("<nav").unwrap() && html[rule..].contains("Counts under 10 (zero included)"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(setup.dir.join("report.html")).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

/// The tags the report is made of.
const REPORT_TAGS: [&str; 35] = [
    "!doctype", "html", "head", "meta", "title", "style", "body", "header", "main", "nav", "ol", "a", "h1", "h2", "h3",
    "p", "code", "span", "section", "svg", "g", "text", "tspan", "rect", "table", "caption", "thead", "tbody", "tr",
    "th", "td", "ul", "li", "/", "/a",
];

/// Everything between `<` and `>`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<').skip(1).map(|t| t.split('>').next().unwrap()).collect()
}

#[test]
fn html_without_text_leaves_it_out() {
    let setup = setup();
    let (code, _, err) = summary(setup, &["--html", "report-no-text.html"]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(setup.dir.join("report-no-text.html")).unwrap();
    assert!(!html.contains("think"), "{html}");
    assert!(!html.contains("Drawing"));
    assert!(html.contains("The answers are left out of this report"));
}

#[test]
fn responses_that_do_not_open_are_counted() {
    let setup = Setup::new("summary-not-opened");
    setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-01");
    setup.add(&response(r#"{ "ok": "no" }"#, &[]), "2026-03-01");
    setup.add_envelope("small", "v2.a.b", "2026-03-02");
    let (code, out, err) = summary(&setup, &[]);
    assert_eq!(code, 0, "{err}");
    let line = out.lines().find(|l| l.ends_with(" responses (1 more could not be opened).")).expect(&out);
    assert!(may_publish(2, number_before(line, " responses")), "{line}");
    assert!(
        err.contains("1 response could not be opened: 1 is not a well-formed envelope (envelope: it starts with \"v2\"; this speaksafe opens \"v1\" envelopes). The other 2 are included."),
        "{err}"
    );
}
