//! Every form of the corpus of real forms (tests/corpus/README.md) through the importers, each
//! against what was written down by reading it (tests/corpus/expected.tsv).
//!
//! The forms are other projects' files and live outside the repository: in
//! `$SPEAKSAFE_IMPORT_CORPUS`, else in `shared/import-corpus` beside the repository.

use speaksafe_core::import::{import_with, Change, ImportError, Options};
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

/// What the corpus as a whole came to; printed with `--nocapture`.
#[derive(Default)]
struct Figures {
    forms: usize,
    /// Answerable questions that do not identify and are not hidden by design, and of those kept.
    expected: usize,
    kept: usize,
    /// Identifying questions found by reading the sources, and of those kept.
    identifying: usize,
    identifying_kept: usize,
    refused: usize,
    refused_explained: usize,
    dropped: usize,
    rewritten: usize,
    /// Report lines that give no reason.
    unexplained: usize,
}

#[test]
fn every_real_form_comes_in_without_who_answered_and_with_nearly_every_other_question() {
    let Some(dir) = corpus() else {
        eprintln!("the corpus of real forms is not here (SPEAKSAFE_IMPORT_CORPUS, or shared/import-corpus beside the repository): nothing checked");
        return;
    };
    let mut figures = Figures::default();
    let mut problems = Vec::new();
    for form in expected() {
        figures.forms += 1;
        let folder = if form.file.ends_with(".json") { "surveyjs" } else { "xlsform" };
        let bytes = std::fs::read(dir.join(folder).join(&form.file)).expect("the corpus has every file");
        let options = Options { file_name: Some(form.file.clone()), ..Options::default() };
        let outcome = std::panic::catch_unwind(|| import_with(&bytes, &options));
        let Ok(outcome) = outcome else {
            problems.push(format!("{}: panicked", form.file));
            continue;
        };
        figures.identifying += form.identifying.len();
        let imported = match (outcome, form.answerable) {
            (Ok(imported), Some(_)) => imported,
            // A refusal must say why, and list what was left out on the way.
            (Err(e), None) => {
                figures.refused += 1;
                let explained = match &e {
                    ImportError::Unusable { dropped, .. } => dropped
                        .iter()
                        .filter(|n| n.change == Change::Dropped)
                        .all(|n| e.to_string().contains(&n.element)),
                    other => !other.to_string().trim().is_empty(),
                };
                if explained {
                    figures.refused_explained += 1;
                } else {
                    problems.push(format!("{}: refused without saying what was left out: {e}", form.file));
                }
                eprintln!("{}: refused: {e}", form.file);
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
            figures.identifying_kept += 1;
            problems.push(format!("{}: {id} asks who the respondent is, and was kept", form.file));
        }
        let expect = form.answerable.unwrap_or(0) - form.identifying.len() - form.hidden.len();
        if kept.len() > expect {
            problems.push(format!("{}: {} questions kept, {expect} expected: {kept:?}", form.file, kept.len()));
        }
        let count = |change| imported.report.iter().filter(|n| n.change == change).count();
        figures.dropped += count(Change::Dropped);
        figures.rewritten += count(Change::Rewritten);
        figures.unexplained += imported.report.iter().filter(|n| n.reason.trim().is_empty()).count();
        eprintln!(
            "{}: kept {} of {expect}; {} identifying left out; {} dropped, {} rewritten",
            form.file,
            kept.len(),
            form.identifying.len(),
            count(Change::Dropped),
            count(Change::Rewritten)
        );
        figures.expected += expect;
        figures.kept += kept.len().min(expect);
    }
    let share = figures.kept as f64 / figures.expected as f64;
    eprintln!("forms: {}", figures.forms);
    eprintln!(
        "answerable questions that do not identify: kept {} of {} ({:.1}%)",
        figures.kept,
        figures.expected,
        share * 100.0
    );
    eprintln!(
        "identifying questions (by reading the sources): {}, kept {}",
        figures.identifying, figures.identifying_kept
    );
    eprintln!("refused: {}, explained {}", figures.refused, figures.refused_explained);
    eprintln!(
        "report lines: {} dropped, {} rewritten, {} without a reason",
        figures.dropped, figures.rewritten, figures.unexplained
    );
    if figures.unexplained > 0 {
        problems.push(format!("{} report lines give no reason", figures.unexplained));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(share >= 0.95, "kept {} of {}", figures.kept, figures.expected);
}
