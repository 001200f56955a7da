//! What a summary publishes: every count perturbed by the published table with the cell key of
//! the responses it counts, the same responses always giving the same count, and the words that
//! say so.

mod attacker;

use attacker::{closed, responses};
use speaksafe_results::perturbation::Ptable;
use speaksafe_results::summary::{Part, Summary};
use speaksafe_results::{report, xlsx};

fn youth_voice() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../surveys/youth-voice.json")).unwrap()
}

/// 120 responses to two questions, in a few shapes.
fn answers() -> Vec<Vec<(&'static str, &'static str)>> {
    let opinions = ["very_good", "good", "ok", "bad", "very_bad", "dont_know"];
    (0..120)
        .map(|i| {
            vec![("police_opinion", opinions[(i * 7) % 6 % (1 + i % 6)]), ("school_officer", ["yes", "no"][i % 2])]
        })
        .collect()
}

#[test]
fn every_count_is_one_the_table_allows_for_the_truth_and_the_same_every_time() {
    let survey = youth_voice();
    let table = Ptable::standard();
    let by = ["school_officer".to_string()];
    let summary = Summary::new(&responses(&survey, &answers()), 10, false, &by).unwrap();
    let mut moved = 0;
    let mut counts = 0;
    let mut check = |truth: usize, published: usize| {
        assert!(table.outcomes(truth).contains(&published), "{truth} published as {published}");
        assert!(published == 0 || published > table.parameters.blocked, "{published} is never published");
        if truth > 0 {
            moved += usize::from(truth != published);
            counts += 1;
        }
    };
    check(summary.truth_responses, summary.responses);
    for part in &summary.parts {
        match part {
            Part::Closed(c) => {
                check(c.truth_answered, c.answered);
                c.cells.iter().for_each(|cell| check(cell.truth, cell.count));
                for b in &c.breakdowns {
                    let published = b.crossed.cells.iter().flatten().chain(&b.crossed.answered).map(|(n, _)| *n);
                    b.truth.iter().flatten().chain(&b.truth_answered).zip(published).for_each(|(&t, p)| check(t, p));
                }
            }
            Part::Open(o) => check(o.truth_answered, o.answered),
        }
    }
    for (truth, (_, published, _)) in summary.timeline.truth.iter().zip(&summary.timeline.periods) {
        check(*truth, *published);
    }
    // The noise is real: most counts that are not zero are moved (6 in 10 by the table).
    assert!(moved * 3 > counts, "only {moved} of {counts} moved");
    // Opened again, or broken down differently, the same responses give the same counts.
    let again = Summary::new(&responses(&survey, &answers()), 10, false, &by).unwrap();
    assert_eq!(again, summary);
    let plain = Summary::new(&responses(&survey, &answers()), 10, false, &[]).unwrap();
    let own = |s: &Summary| -> Vec<Vec<usize>> {
        s.parts
            .iter()
            .filter_map(|p| match p {
                Part::Closed(c) => Some(c.cells.iter().map(|cell| cell.count).collect()),
                Part::Open(_) => None,
            })
            .collect()
    };
    assert_eq!(own(&plain), own(&summary));
}

/// Broken down by two questions together (each combination of their answers a group), every
/// count is one the table allows, and the same people are the same count in every table: those
/// in a group of the combined breakdown who answered (all did) are a cell of the second question
/// broken down by the first.
#[test]
fn grouped_breakdowns_are_perturbed_the_same_way_wherever_the_same_people_are_counted() {
    let survey = youth_voice();
    let table = Ptable::standard();
    let genders = ["girl", "boy", "another_way"];
    let given: Vec<Vec<(&str, &str)>> = answers()
        .into_iter()
        .enumerate()
        .map(|(i, mut answers)| {
            answers.push(("gender", genders[i % 3]));
            answers
        })
        .collect();
    let by = ["gender".to_string(), "school_officer".to_string()];
    let summary = Summary::new(&responses(&survey, &given), 10, false, &by).unwrap();
    let closed = |id: &str| closed(&summary, id);
    let (officer, opinion) = (closed("school_officer"), closed("police_opinion"));
    let sizes = &officer.breakdowns[0];
    assert_eq!(sizes.by, ["gender"]);
    let grouped = &opinion.breakdowns[0];
    assert_eq!(grouped.by, ["gender", "school_officer"]);
    assert_eq!(grouped.groups.len(), closed("gender").cells.len() * officer.cells.len());
    for b in [sizes, grouped] {
        let published = b.crossed.cells.iter().flatten().chain(&b.crossed.answered).map(|(n, _)| *n);
        for (&truth, shown) in b.truth.iter().flatten().chain(&b.truth_answered).zip(published) {
            assert!(table.outcomes(truth).contains(&shown), "{truth} published as {shown}");
        }
    }
    let mut compared = 0;
    for (g, (answered, _)) in grouped.crossed.answered.iter().enumerate() {
        let (gender, answer) = (g / officer.cells.len(), g % officer.cells.len());
        let (cell, _) = sizes.crossed.cells[gender][answer];
        assert_eq!(grouped.truth_answered[g], sizes.truth[gender][answer], "the same people");
        assert_eq!(*answered, cell, "group {}: the same people, the same count", grouped.groups[g]);
        compared += usize::from(sizes.truth[gender][answer] > 0);
    }
    assert_eq!(compared, 6, "two answers of school_officer for each of three genders");
}

#[test]
fn every_output_says_that_tables_may_not_add_up() {
    let survey = youth_voice();
    let opened = responses(&survey, &answers());
    let summary = Summary::new(&opened, 10, false, &["school_officer".to_string()]).unwrap();
    let words = "a table may not add up exactly";
    assert!(summary.text().contains(words));
    assert!(report::html(&summary).contains(words));
    let (book, _) = xlsx::workbook(&opened, &summary).unwrap();
    // The note is the Counts sheet's first row, in the workbook's shared strings.
    let mut archive = zip_text(&book);
    archive.retain(|c| !c.is_control());
    assert!(archive.contains(words), "the workbook says so");
}

/// The text of an XLSX (a zip of XML): stored parts read as they are, deflated ones inflated by
/// the spreadsheet reader the tests use.
fn zip_text(book: &[u8]) -> String {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(book.to_vec())).unwrap();
    let counts = workbook.worksheet_range("Counts").unwrap();
    counts.rows().flatten().map(|c| c.to_string()).collect::<Vec<_>>().join("\n")
}
