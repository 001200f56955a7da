//! `speaksafe summary --by`: breakdowns with small-number protection as the command prints them.
//! That nothing withheld can be worked out is tested where the protection is, in
//! `results/tests/` (table by table, and every table of a summary together).

mod sealed;

use sealed::{may_publish, response, Setup};

/// A breakdown's row (spaces squeezed) after its label: each cell (a count with its percentage
/// in one, or what withholds it), then the group's number.
fn cells_of(line: &str, label: &str) -> Vec<String> {
    let rest = line.strip_prefix(label).unwrap_or_else(|| panic!("{line:?} is not {label}'s"));
    let mut cells: Vec<String> = Vec::new();
    for word in rest.split_whitespace() {
        match cells.last_mut() {
            Some(last) if word.starts_with('(') => *last = format!("{last} {word}"),
            _ => cells.push(word.to_string()),
        }
    }
    cells
}

/// "15 (50%)": the count and the percentage.
fn count_and_percent(cell: &str) -> (usize, usize) {
    let (count, percent) = cell.split_once(" (").unwrap_or_else(|| panic!("{cell:?} shows no count"));
    (count.parse().unwrap(), percent.trim_end_matches("%)").parse().unwrap())
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
/// In the breakdown, what the lists withhold is withheld whole: the columns y and z ("withheld",
/// as in the list of "where"), and the rows c and "prefer not to say" ("<10", as in the list of
/// "group"). What is left, a's and b's x, is 10 or more and gives nothing away: c's and "prefer
/// not to say"'s x are 2 between them, which could be split either way. Group a and b's numbers
/// are known from "group" itself (everyone answered both), so they are shown; percentages are of
/// them. Every count shown is perturbed: the test knows the truth, not the published noise.
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
    let breakdown_of = |question: &str| -> Vec<String> {
        out.lines()
            .skip_while(|l| !l.contains(question))
            .skip_while(|l| !l.starts_with("   By "))
            .take_while(|l| !l.is_empty())
            .map(squeeze)
            .collect()
    };
    let block = breakdown_of("[where: dropdown");
    assert_eq!(block[..2], ["By Which group <script>alert(1)</script> & \"you\"? [group]:", "X Y Z answered"], "{out}");
    // Groups a and b: x shown (15 of 30, and 12 of 26), y and z withheld. Each count is one the
    // published table can make of the truth, and its percentage is of the group's number as shown.
    let mut x_shown = Vec::new();
    for (line, label, x, answered) in [(&block[2], "Group A", 15, 30), (&block[3], "Group <b>B</b>", 12, 26)] {
        let cells = cells_of(line, label);
        let [x_cell, y, z, n] = &cells[..] else { panic!("{line}") };
        let (count, percent) = count_and_percent(x_cell);
        let n: usize = n.parse().unwrap_or_else(|_| panic!("{line}"));
        assert!(may_publish(x, count) && may_publish(answered, n), "{line}: x is {x} of {answered}");
        assert_eq!(percent, speaksafe_results::summary::percent(count, n), "{line}");
        assert_eq!([y.as_str(), z.as_str()], ["withheld", "withheld"], "{line}");
        x_shown.push((count, n));
    }
    assert_eq!(block[4..], ["Group C <10 <10 <10 <10", "Prefer not to say <10 <10 <10 <10"], "{out}");
    // The same people are the same count wherever they are counted: group a's 30 (all answered
    // "where") in the list of "group" and as its number in the breakdown.
    let group_a = out
        .lines()
        .skip_while(|l| !l.contains("[group: single choice"))
        .map(squeeze)
        .find(|l| l.starts_with("Group A "))
        .expect("Group A's line");
    assert_eq!(cells_of(&group_a, "Group A")[0], x_shown[0].1.to_string(), "{out}");
    // Any other question is broken down by the two together: one group for each combination.
    let ok = breakdown_of("[ok: yes/no");
    assert_eq!(ok[0], "By Which group <script>alert(1)</script> & \"you\"? and Where? [group, where]:", "{out}");
    // Those in group a at x (15, all answered "ok"): counted as they are counted under "where".
    assert_eq!(ok[2], format!("Group A · X withheld withheld {}", x_shown[0].0), "{out}");
    assert_eq!(ok.len(), 2 + 4 * 3, "{out}");
    // Crossed once: "group" is not broken down by "where" as well.
    let group_block: Vec<&str> =
        out.lines().skip_while(|l| !l.contains("[group: single choice")).take_while(|l| !l.is_empty()).collect();
    assert!(!group_block.iter().any(|l| l.contains("By ")), "{out}");
    // Free text is never broken down.
    let age: Vec<&str> =
        out.lines().skip_while(|l| !l.contains("[age: number")).take_while(|l| !l.is_empty()).collect();
    assert_eq!(age.len(), 2, "{out}");
    assert!(out.contains("In a breakdown, an option or a group whose own count is withheld above is withheld whole"));
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
    // other (11) is withheld with it, or it would be 51 less the rest. The two shown are as the
    // published table may make them.
    assert_eq!(block.len(), 5, "{out}");
    assert_eq!(block[0], "Responses by week (Monday to Sunday; by day, some days would have fewer than 10):");
    assert_eq!(block[2..4], ["2026-03-09 withheld", "2026-03-16 <10"], "{out}");
    for (line, week, truth) in [(&block[1], "2026-03-02 ", 15), (&block[4], "2026-03-23 ", 25)] {
        let shown = line.strip_prefix(week).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{line}"));
        assert!(may_publish(truth, shown), "{line}: {truth} responses that week");
    }
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
