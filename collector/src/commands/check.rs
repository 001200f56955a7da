//! `speaksafe check SURVEY.json...`: reads each definition as the widget will and reports
//! what is wrong, with where.
//!
//! On stdout, for each file either one summary line and its warnings:
//!
//! ```text
//! surveys/youth-voice.json: ok — 8 pages, 31 questions, 2 languages (en, ar), 14 conditions
//! warning: pages[3].questions[0].text: no "ar" text; respondents reading ar will see the en text
//! ```
//!
//! or every error and a count line:
//!
//! ```text
//! error: pages[2].questions[0].visible_if: unknown question "agee" at column 2 (did you mean "age"?)
//! error: support[0].url: "javascript:void(0)" is not a web address; use a full https:// address
//! surveys/broken.json: invalid — 2 errors
//! ```
//!
//! With `--against PUBLISHED.json`, every change since that version that would break or muddle
//! the responses already collected is a warning (an error with `--strict`): a question removed
//! or of another kind, an option, row or column removed or renamed (with the likely new name), a
//! question id used again for a different question.
//!
//! Exit status: 0 when every file is usable (warnings allowed), 1 when any is not (including
//! a file that cannot be read), 2 for a usage error.

use speaksafe_core::compare::breaking_changes;
use speaksafe_core::read::MAX_DEFINITION_BYTES;
use speaksafe_core::{Checked, Problem, Survey};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Survey definition files (JSON, format speaksafe/1).
    #[arg(value_name = "SURVEY.json", required = true)]
    pub files: Vec<PathBuf>,
    /// The version already published: warn about every change that would break or muddle the
    /// responses already collected (a question removed, an option renamed, …).
    #[arg(long, value_name = "PUBLISHED.json")]
    pub against: Option<PathBuf>,
    /// With --against: such changes are errors, not warnings.
    #[arg(long, requires = "against")]
    pub strict: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let published = match &args.against {
        Some(path) => match load(path)
            .map_err(|m| vec![Problem { path: String::new(), message: m }])
            .and_then(|j| speaksafe_core::read(&j))
        {
            Ok(checked) => Some(checked.survey),
            Err(errors) => {
                let _ = report_errors(&printable(&path.display().to_string()), &errors, &mut out);
                let _ = writeln!(out, "the published survey must be a usable one to compare with");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let mut invalid = 0;
    for path in &args.files {
        if !check_file(path, published.as_ref(), args.strict, &mut out) {
            invalid += 1;
        }
    }
    if args.files.len() > 1 {
        let n = args.files.len();
        let _ = writeln!(out, "{}: {} usable, {invalid} not", plural(n, "file", "files"), n - invalid);
    }
    // A closed pipe (`speaksafe check … | head`) is not worth a panic or a message.
    let _ = out.flush();
    if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Checks one file and reports on it, with what changed since `published`; whether it is usable.
fn check_file(path: &Path, published: Option<&Survey>, strict: bool, out: &mut impl Write) -> bool {
    let name = printable(&path.display().to_string());
    let result = load(path)
        .map_err(|message| vec![Problem { path: name.clone(), message }])
        .and_then(|json| speaksafe_core::read(&json));
    let result = result.and_then(|mut checked| {
        let changes = published.map(|p| breaking_changes(&checked.survey, p)).unwrap_or_default();
        if strict && !changes.is_empty() {
            return Err(changes);
        }
        checked.warnings.extend(changes);
        Ok(checked)
    });
    // Writing can fail only when stdout is closed; nothing useful can be said then.
    let _ = match &result {
        Ok(checked) => report_ok(&name, checked, out),
        Err(errors) => report_errors(&name, errors, out),
    };
    result.is_ok()
}

fn report_ok(name: &str, checked: &Checked, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{name}: ok — {}", summary(checked))?;
    for warning in &checked.warnings {
        writeln!(out, "warning: {}", printable(&warning.to_string()))?;
    }
    Ok(())
}

fn report_errors(name: &str, errors: &[Problem], out: &mut impl Write) -> io::Result<()> {
    for error in errors {
        writeln!(out, "error: {}", printable(&error.to_string()))?;
    }
    writeln!(out, "{name}: invalid — {}", plural(errors.len(), "error", "errors"))
}

/// `8 pages, 31 questions, 2 languages (en, ar), 14 conditions` (and information blocks, if any).
fn summary(checked: &Checked) -> String {
    let survey = &checked.survey;
    let (mut questions, mut info) = (0, 0);
    for (_, question) in survey.questions() {
        if question.is_answerable() {
            questions += 1
        } else {
            info += 1
        }
    }
    let codes: Vec<&str> = survey.languages.iter().map(|l| l.code.as_str()).collect();
    let mut parts = vec![plural(survey.pages.len(), "page", "pages"), plural(questions, "question", "questions")];
    if info > 0 {
        parts.push(plural(info, "information block", "information blocks"));
    }
    parts.push(format!("{} ({})", plural(codes.len(), "language", "languages"), codes.join(", ")));
    parts.push(plural(survey.condition_count(), "condition", "conditions"));
    printable(&parts.join(", "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The file's text: at most [`MAX_DEFINITION_BYTES`] of UTF-8, read without loading more.
fn load(path: &Path) -> Result<String, String> {
    let file = File::open(path).map_err(|e| format!("cannot open the file: {}", io_reason(&e)))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err("is a folder, not a survey file".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_DEFINITION_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {}", io_reason(&e)))?;
    if bytes.len() > MAX_DEFINITION_BYTES {
        return Err(format!("the file is larger than {MAX_DEFINITION_BYTES} bytes (2 MiB), the most speaksafe reads"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = &e.as_bytes()[..at];
        let line = text.iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "the file is not UTF-8 text: the first byte that is not is at line {line} (byte {at}); save it as UTF-8"
        )
    })
}

/// An I/O error without Rust's "(os error 2)".
fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Text from a survey file made safe for a terminal, one line: control characters (line breaks
/// too) and the invisible characters that reorder text (which could hide or fake what is
/// printed) are shown escaped.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden =
            matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || hidden {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_fool_a_terminal() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(printable("two\nlines"), "two\\u{a}lines");
        assert_eq!(printable("عنوان — ok"), "عنوان — ok");
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(plural(1, "page", "pages"), "1 page");
        assert_eq!(plural(0, "page", "pages"), "0 pages");
    }
}
