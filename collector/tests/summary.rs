//! `speaksafe summary`: counts and percentages, small numbers withheld (and the next smallest
//! with them), and an HTML report that is self-contained and never lets survey text be markup.

mod sealed;

use sealed::{response, Setup};
use speaksafe_results::summary::{suppress, Shown};

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

fn summary(setup: &Setup, extra: &[&str]) -> (i32, String, String) {
    setup.run(&[&["summary", "--db", "responses.db", "--key", "org.key", "--survey", "small"], extra].concat())
}

/// The lines of one question's block in the text summary, from its heading to the blank line.
fn block<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = out.lines().skip_while(|l| !l.contains(heading));
    let mut block: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    assert!(!block.is_empty(), "no {heading:?} in:\n{out}");
    block.iter_mut().for_each(|l| *l = l.trim_end());
    block
}

#[test]
fn counts_percentages_and_withheld_cells() {
    let setup = setup();
    let (code, out, err) = summary(setup, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("A small survey <script>alert('title')</script> — survey small\n35 responses.\n"), "{out}");
    let squeeze =
        |lines: Vec<&str>| lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
    assert_eq!(
        squeeze(block(&out, "[group:")),
        [
            "1. Which group <script>alert(1)</script> & \"you\"? [group: single choice, 35 answered]",
            "Group A 12 34%",
            "Group <b>B</b> 20 57%",
            "Group C <10 -",
            "Prefer not to say <10 -",
        ]
    );
    // The labels line up.
    assert_eq!(block(&out, "[group:")[1], "   Group A                12   34%");
    assert_eq!(
        squeeze(block(&out, "[where:")),
        ["2. Where? [where: dropdown, 35 answered]", "X 20 57%", "Y withheld -", "Z withheld -"]
    );
    assert_eq!(
        squeeze(block(&out, "[apps:")),
        [
            "3. Apps? [apps: multiple choice, 35 answered; more than one could be ticked]",
            "Video 30 86%",
            "Games withheld -",
            "Other, please say withheld -",
        ]
    );
    assert_eq!(
        squeeze(block(&out, "[apps.other.text:")),
        [
            "3. Apps? — \"Other\", as typed [apps.other.text: other text, 2 answered]",
            "(the answers are left out: add --include-text, or see the export)",
        ]
    );
    assert_eq!(
        squeeze(block(&out, "[feel.school:")),
        ["4. How safe? — At school [feel.school: matrix row, 35 answered]", "Safe 25 71%", "Unsafe 10 29%"]
    );
    assert_eq!(
        squeeze(block(&out, "[feel.online:")),
        ["4. How safe? — Online [feel.online: matrix row, 0 answered]", "Safe <10 -", "Unsafe <10 -"]
    );
    // One small count and one other: both withheld.
    assert_eq!(squeeze(block(&out, "[ok:")), ["5. OK? [ok: yes/no, 35 answered]", "Yes withheld -", "No withheld -"]);
    assert_eq!(
        squeeze(block(&out, "[rating:")),
        ["6. Rate it [rating: scale, 0 answered]", "1 <10 -", "2 <10 -", "3 <10 -"]
    );
    assert_eq!(
        squeeze(block(&out, "[age:")),
        ["7. Age [age: number, 35 answered]", "(the answers are left out: add --include-text, or see the export)"]
    );
    assert_eq!(
        squeeze(block(&out, "[said:")),
        [
            "8. Anything else? [said: long text, 1 answered]",
            "(the answers are left out: add --include-text, or see the export)"
        ]
    );
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
    let squeeze =
        |lines: Vec<&str>| lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
    let group = squeeze(block(&out, "[group:"));
    assert_eq!(group[0], "1. Which group <script>alert(1)</script> & \"you\"? [group: single choice, 12 answered]");
    assert!(group.contains(&"Another group 11 92%".to_string()), "{group:?}");
    assert_eq!(
        squeeze(block(&out, "[group.other.text:")),
        [
            "1. Which group <script>alert(1)</script> & \"you\"? — \"Other\", as typed [group.other.text: other text, 11 answered]",
            "(the answers are left out: add --include-text, or see the export)",
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
    let group: Vec<String> =
        block(&out, "[group:").iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    // Now only "prefer not to say" is small, and Group C (3) is withheld with it.
    assert_eq!(
        group[1..],
        ["Group A 12 34%", "Group <b>B</b> 20 57%", "Group C withheld -", "Prefer not to say withheld -"]
    );
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
    assert_eq!(html.matches("class=\"value\">12 (34%)</text>").count(), 1, "{html}");
    assert_eq!(html.matches("<tr><th scope=\"row\">Group A</th><td>12</td><td>34%</td></tr>").count(), 1);
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
    assert!(out.contains("\n2 responses (1 more could not be opened).\n"), "{out}");
    assert!(
        err.contains("1 response could not be opened: 1 is not a well-formed envelope (envelope: it starts with \"v2\"; this speaksafe opens \"v1\" envelopes). The other 2 are included."),
        "{err}"
    );
}
