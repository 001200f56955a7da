//! Every form of the corpus of real forms (tests/corpus/README.md) through the importers, each
//! against what was written down by reading it (tests/corpus/expected.tsv).
//!
//! The forms are other projects' files and live outside the repository: in
//! `$SPEAKSAFE_IMPORT_CORPUS`, else in `shared/import-corpus` beside the repository.

use speaksafe_core::import::{import_with, Options};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let given = std::env::var_os("SPEAKSAFE_IMPORT_CORPUS").map(PathBuf::from);
    let beside = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/import-corpus"));
    given.into_iter().chain([beside]).find(|p| p.is_dir())
}

/// One line of expected.tsv.
struct Expected {
    file: String,
    /// `None` for a file that must be refused.
    answerable: Option<usize>,
    identifying: Vec<String>,
    hidden: Vec<String>,
}

fn expected() -> Vec<Expected> {
    include_str!("corpus/expected.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let list = |cell: &str| cell.split_whitespace().filter(|w| *w != "-").map(str::to_lowercase).collect();
            Expected {
                file: cells[0].to_string(),
                answerable: cells[1].parse().ok(),
                identifying: list(cells[2]),
                hidden: list(cells[3]),
            }
        })
        .collect()
}

#[test]
fn every_real_form_comes_in_without_who_answered_and_with_nearly_every_other_question() {
    let Some(dir) = corpus() else {
        eprintln!("the corpus of real forms is not here (SPEAKSAFE_IMPORT_CORPUS, or shared/import-corpus beside the repository): nothing checked");
        return;
    };
    let (mut expected_total, mut kept_total) = (0, 0);
    let mut problems = Vec::new();
    for form in expected() {
        let folder = if form.file.ends_with(".json") { "surveyjs" } else { "xlsform" };
        let bytes = std::fs::read(dir.join(folder).join(&form.file)).expect("the corpus has every file");
        let options = Options { file_name: Some(form.file.clone()), ..Options::default() };
        let outcome = std::panic::catch_unwind(|| import_with(&bytes, &options));
        let Ok(outcome) = outcome else {
            problems.push(format!("{}: panicked", form.file));
            continue;
        };
        let imported = match (outcome, form.answerable) {
            (Ok(imported), Some(_)) => imported,
            // A refusal must say why.
            (Err(e), None) => {
                if e.to_string().trim().is_empty() {
                    problems.push(format!("{}: refused without a reason", form.file));
                }
                continue;
            }
            (Ok(_), None) => {
                problems.push(format!("{}: came in, but should be refused", form.file));
                continue;
            }
            (Err(e), Some(_)) => {
                problems.push(format!("{}: refused: {e}", form.file));
                continue;
            }
        };
        if let Err(errors) = speaksafe_core::read(&imported.definition.to_string()) {
            problems.push(format!("{}: does not pass check: {errors:?}", form.file));
        }
        let kept: Vec<String> = imported.definition["pages"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["questions"].as_array().into_iter().flatten())
            .filter(|q| q["kind"] != "info")
            .filter_map(|q| q["id"].as_str().map(str::to_lowercase))
            .collect();
        for id in form.identifying.iter().filter(|id| kept.contains(id)) {
            problems.push(format!("{}: {id} asks who the respondent is, and was kept", form.file));
        }
        let expect = form.answerable.unwrap_or(0) - form.identifying.len() - form.hidden.len();
        if kept.len() > expect {
            problems.push(format!("{}: {} questions kept, {expect} expected: {kept:?}", form.file, kept.len()));
        }
        expected_total += expect;
        kept_total += kept.len().min(expect);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let share = kept_total as f64 / expected_total as f64;
    eprintln!(
        "kept {kept_total} of {expected_total} answerable questions that do not identify ({:.1}%)",
        share * 100.0
    );
    assert!(share >= 0.95, "kept {kept_total} of {expected_total}");
}
