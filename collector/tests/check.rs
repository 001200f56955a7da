//! `speaksafe check`, run as the built binary on files written for each test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A new file with these contents in this test run's scratch folder.
fn file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "check-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("a scratch file");
    path
}

fn check(files: &[&Path]) -> (i32, String, String) {
    let Output { status, stdout, stderr } =
        Command::new(env!("CARGO_BIN_EXE_speaksafe")).arg("check").args(files).output().expect("the binary runs");
    let (stdout, stderr) =
        (String::from_utf8(stdout).expect("UTF-8 out"), String::from_utf8(stderr).expect("UTF-8 err"));
    assert!(!stderr.contains("panicked") && !stdout.contains("panicked"), "a panic:\n{stdout}\n{stderr}");
    // A crash (a stack overflow, a signal) has no exit code.
    let code = status.code().unwrap_or_else(|| panic!("killed by a signal: {status:?}\n{stdout}\n{stderr}"));
    (code, stdout, stderr)
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

const VALID: &str = r#"{
  "format": "speaksafe/1",
  "id": "small",
  "languages": ["en", "ar"],
  "title": { "en": "A small survey", "ar": "استبيان صغير" },
  "intro": "Hello",
  "completion": "Thank you",
  "exit": { "url": "https://www.bbc.co.uk/weather" },
  "submit": { "endpoint": "/api/v1/surveys/small/responses", "public_key": "" },
  "support": [{ "name": "Helpline", "phone": "0800 000 0000" }],
  "pages": [
    { "id": "one", "title": "One", "questions": [
      { "id": "age", "kind": "number", "text": "Age", "min": 11, "max": 16 },
      { "id": "about", "kind": "info", "text": "Next, school." },
      { "id": "school", "kind": "yes_no", "text": "At school?", "visible_if": "{age} < 16" }
    ]},
    { "id": "two", "title": "Two", "visible_if": "{school} = 'yes'", "questions": [
      { "id": "subjects", "kind": "multiple_choice", "text": "Subjects",
        "options": [{ "value": "maths", "text": "Maths" }, { "value": "art", "text": "Art" }],
        "required_if": "{age} > 12" }
    ]}
  ]
}"#;

/// What `check` says of every survey in Arabic until a native speaker has reviewed speaksafe's
/// own Arabic words (core/words/README.md).
const UNREVIEWED_AR: &str = "warning: languages[1]: speaksafe's built-in \"ar\" interface words have not been \
    reviewed by a native speaker yet: ask someone who reads them to check them before publishing \
    (core/words/README.md), or give them in \"interface\"";

#[test]
fn valid_survey_one_summary_line() {
    let path = file("small.json", VALID);
    let (code, out, _) = check(&[&path]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        lines(&out),
        [
            format!(
                "{}: ok — 2 pages, 3 questions, 1 information block, 2 languages (en, ar), 3 conditions",
                path.display()
            ),
            UNREVIEWED_AR.to_string(),
        ]
    );
}

#[test]
fn valid_survey_with_warnings() {
    let json = VALID
        .replace(r#""title": "Two","#, r#""title": { "en": "Two" },"#)
        .replace(r#""exit": { "url": "https://www.bbc.co.uk/weather" },"#, "");
    let path = file("warned.json", json);
    let (code, out, _) = check(&[&path]);
    assert_eq!(code, 0, "warnings do not fail a check:\n{out}");
    let out = lines(&out);
    assert!(
        out[0].ends_with(": ok — 2 pages, 3 questions, 1 information block, 2 languages (en, ar), 3 conditions"),
        "{out:?}"
    );
    assert_eq!(
        out[1..],
        [
            UNREVIEWED_AR,
            "warning: exit: not set; the quick exit will go to https://www.bbc.co.uk/weather",
            "warning: pages[1].title: no \"ar\" text; respondents reading ar will see the en text",
        ]
    );
}

#[test]
fn invalid_survey_every_error_then_a_count() {
    let json = VALID
        .replace(r#""format": "speaksafe/1""#, r#""format": "speaksafe/9""#)
        .replace("{age} < 16", "{agee} < 16")
        .replace(r#""phone": "0800 000 0000""#, r#""phone": "0800 000 0000", "url": "javascript:alert(1)""#);
    let path = file("broken.json", json);
    let (code, out, _) = check(&[&path]);
    assert_eq!(code, 1, "{out}");
    let out = lines(&out);
    assert_eq!(out.len(), 3, "{out:?}");
    assert!(
        out.contains(&"error: format: \"speaksafe/9\" is not a format this version reads; expected \"speaksafe/1\""),
        "{out:?}"
    );
    assert!(out.contains(&"error: support[0].url: \"javascript:alert(1)\" is not a web address a browser can open: it does not start with https:// (or http://)"), "{out:?}");
    assert_eq!(out[2], format!("{}: invalid — 2 errors", path.display()));
    // With the other errors fixed, the reference is checked too.
    let json = VALID.replace("{age} < 16", "{agee} < 16");
    let (code, out, _) = check(&[&file("reference.json", json)]);
    assert_eq!(code, 1);
    assert_eq!(
        lines(&out)[0],
        "error: pages[0].questions[2].visible_if: unknown question \"agee\" at column 2 (did you mean \"age\"?)"
    );
    assert!(lines(&out)[1].ends_with("reference.json: invalid — 1 error"), "{out}");
}

#[test]
fn three_errors_in_one_file_are_all_reported() {
    let json = VALID
        .replace(r#""id": "small""#, r#""id": "small survey""#)
        .replace(r#""kind": "yes_no""#, r#""kind": "yesno""#)
        .replace(r#""min": 11, "max": 16"#, r#""min": 16, "max": 11"#);
    let (code, out, _) = check(&[&file("three.json", json)]);
    assert_eq!(code, 1);
    let out = lines(&out);
    assert_eq!(out.len(), 4, "{out:?}");
    assert!(out[0].starts_with("error: id: \"small survey\" is not a usable name"), "{out:?}");
    assert!(out[1].starts_with("error: pages[0].questions[0].min: 16 is more than max 11"), "{out:?}");
    assert!(
        out[2].starts_with("error: pages[0].questions[2].kind: unknown kind \"yesno\" (did you mean \"yes_no\"?)"),
        "{out:?}"
    );
    assert!(out[3].ends_with("three.json: invalid — 3 errors"), "{out:?}");
}

#[test]
fn missing_file() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("there-is-no-such-survey.json");
    let (code, out, _) = check(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(
        lines(&out),
        [
            format!("error: {}: cannot open the file: No such file or directory", path.display()),
            format!("{}: invalid — 1 error", path.display()),
        ]
    );
}

#[test]
fn a_folder_is_not_a_file() {
    let dir = file("x.json", "{}");
    let dir = dir.parent().unwrap();
    let (code, out, _) = check(&[dir]);
    assert_eq!(code, 1);
    assert!(out.contains("is a folder, not a survey file"), "{out}");
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let (code, out, _) = check(&[&file("deep.json", "[".repeat(100_000))]);
    assert_eq!(code, 1, "{out}");
    assert!(lines(&out)[0].starts_with("error: the JSON is nested too deeply at line 1 column"), "{out}");
    let (code, out, _) = check(&[&file("deep-objects.json", r#"{"pages":"#.repeat(100_000))]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("nested too deeply"), "{out}");
}

#[test]
fn invalid_and_truncated_json() {
    let (code, out, _) = check(&[&file("invalid.json", "{\n  \"format\": speaksafe\n}")]);
    assert_eq!(code, 1);
    assert!(lines(&out)[0].starts_with("error: not valid JSON: expected value at line 2 column 13"), "{out}");
    let (code, out, _) = check(&[&file("cut.json", &VALID[..VALID.len() / 2])]);
    assert_eq!(code, 1);
    assert!(lines(&out)[0].starts_with("error: the JSON ends too early (is the file cut short?) at line"), "{out}");
    let (code, out, _) = check(&[&file("empty.json", "")]);
    assert_eq!(code, 1);
    assert!(out.contains("ends too early"), "{out}");
}

#[test]
fn not_utf8() {
    let mut bytes = b"{\n  \"title\": \"caf".to_vec();
    bytes.extend([0xe9, b'"', b'}']); // Latin-1 é
    let (code, out, _) = check(&[&file("latin1.json", bytes)]);
    assert_eq!(code, 1);
    assert!(
        lines(&out)[0].contains("not UTF-8 text: the first byte that is not is at line 2 (byte 17); save it as UTF-8"),
        "{out}"
    );
}

#[test]
fn huge_input() {
    let json = VALID.replace(r#""intro": "Hello""#, &format!(r#""intro": "{}""#, "a".repeat(3 << 20)));
    let (code, out, _) = check(&[&file("huge.json", json)]);
    assert_eq!(code, 1);
    assert!(
        lines(&out)[0].contains("the file is larger than 2097152 bytes (2 MiB), the most speaksafe reads"),
        "{out}"
    );
    // Just under the limit, but with a text that is too long.
    let json = VALID.replace(r#""intro": "Hello""#, &format!(r#""intro": "{}""#, "a".repeat(30_000)));
    let (code, out, _) = check(&[&file("long.json", json)]);
    assert_eq!(code, 1);
    assert_eq!(lines(&out)[0], "error: intro: is longer than 20000 characters");
}

#[test]
fn a_byte_order_mark_is_fine() {
    let (code, out, _) = check(&[&file("bom.json", format!("\u{feff}{VALID}"))]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn what_the_file_says_cannot_fool_the_terminal() {
    let json = VALID.replace(r#""intro": "Hello","#, "\"intro\": \"Hello\", \"\\u001b[2Jx\\u202e\\nzz\": 1,");
    let (code, out, _) = check(&[&file("escape.json", json)]);
    assert_eq!(code, 1);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "{out:?}");
    assert!(lines(&out)[0].starts_with(r"error: \u{1b}[2Jx\u{202e}\u{a}zz: unknown field"), "{out}");
}

#[test]
fn several_files() {
    let good = file("good.json", VALID);
    let bad = file("bad.json", "[]");
    let (code, out, _) = check(&[&good, &bad]);
    assert_eq!(code, 1, "one bad file fails the check");
    let out = lines(&out);
    assert!(out[0].starts_with(&format!("{}: ok — ", good.display())), "{out:?}");
    assert_eq!(out[1], UNREVIEWED_AR);
    assert_eq!(out[2], "error: expected an object, found a list");
    assert_eq!(out[3], format!("{}: invalid — 1 error", bad.display()));
    assert_eq!(out[4], "2 files: 1 usable, 1 not");
    let (code, out, _) = check(&[&good, &good]);
    assert_eq!(code, 0);
    assert!(out.ends_with("2 files: 2 usable, 0 not\n"), "{out}");
}

#[test]
fn usage_errors() {
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_speaksafe")).args(args).output().expect("runs");
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SURVEY.json"));
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["chekc", "x.json"]).status.code(), Some(2));
    let help = run(&["check", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Check survey definitions"));
}

#[test]
fn the_example_surveys_are_valid() {
    let surveys = Path::new(env!("CARGO_MANIFEST_DIR")).join("../surveys");
    for name in ["survivor-consultation.json", "youth-voice.json"] {
        let path = surveys.join(name);
        assert!(path.exists(), "{} is missing", path.display());
        let (code, out, _) = check(&[&path]);
        assert_eq!(code, 0, "{name}:\n{out}");
        let first = out.lines().next().unwrap_or("");
        assert!(first.starts_with(&format!("{}: ok — ", path.display())), "{first}");
        eprintln!("{first}");
    }
}

/// `check` on VALID with `from` replaced by `to`: its exit code and lines.
fn check_with(from: &str, to: &str) -> (i32, Vec<String>) {
    assert!(VALID.contains(from), "{from}");
    let (code, out, _) = check(&[&file("case.json", VALID.replace(from, to))]);
    (code, out.lines().map(str::to_string).collect())
}

#[test]
fn every_address_is_one_a_browser_can_open() {
    let exit = r#""exit": { "url": "https://www.bbc.co.uk/weather" }"#;
    let endpoint = r#""endpoint": "/api/v1/surveys/small/responses""#;
    let phone = r#""phone": "0800 000 0000""#;
    for (from, to, path, says) in [
        (exit, r#""exit": { "url": "https://example.com:99999/" }"#, "exit.url", "port"),
        (exit, r#""exit": { "url": "https://exa mple.com/" }"#, "exit.url", "a space"),
        (exit, "\"exit\": { \"url\": \"https://example.com/\\u202emoc.live\" }", "exit.url", "reverses text"),
        (exit, "\"exit\": { \"url\": \"https://exam\\u200bple.com/\" }", "exit.url", "invisible"),
        (exit, r#""exit": { "url": "https://bank.example@evil.example/" }"#, "exit.url", "user name"),
        (exit, r#""exit": { "url": "https://1.2.3/" }"#, "exit.url", "IP address"),
        (endpoint, r#""endpoint": "//evil.example/x""#, "submit.endpoint", "another site"),
        (endpoint, r#""endpoint": "/\\evil.example/x""#, "submit.endpoint", "another site"),
        (endpoint, r#""endpoint": "https://collector.example:70000/x""#, "submit.endpoint", "port"),
        (phone, r#""phone": "0800 000 0000", "url": "https://help.example/\u202e""#, "support[0].url", "reverses text"),
        (phone, r#""phone": "0800 000 0000", "url": "https://help.example:0x1/""#, "support[0].url", "port"),
    ] {
        let (code, out) = check_with(from, to);
        assert_eq!(code, 1, "{to}: {out:?}");
        assert!(out.iter().any(|l| l.starts_with(&format!("error: {path}: ")) && l.contains(says)), "{to}: {out:?}");
    }
}

#[test]
fn the_exit_button_says_plainly_what_it_does_in_at_most_40_characters() {
    let exit = r#""exit": { "url": "https://www.bbc.co.uk/weather" }"#;
    let long = format!(r#""exit": {{ "url": "https://www.bbc.co.uk/weather", "button": "{}" }}"#, "Leave ".repeat(500));
    let (code, out) = check_with(exit, &long);
    assert_eq!(code, 1);
    assert!(
        out.iter()
            .any(|l| l.starts_with("error: exit.button: is 3000 characters long; the exit button takes at most 40")),
        "{out:?}"
    );
    let per_language =
        r#""exit": { "url": "https://www.bbc.co.uk/weather", "button": { "en": "Leave", "ar": "غادر\u202e" } }"#;
    let (code, out) = check_with(exit, per_language);
    assert_eq!(code, 1);
    assert!(out.iter().any(|l| l.starts_with("error: exit.button.ar: contains U+202E")), "{out:?}");
    let fine =
        r#""exit": { "url": "https://www.bbc.co.uk/weather", "button": { "en": "Leave now", "ar": "غادر الآن" } }"#;
    assert_eq!(check_with(exit, fine).0, 0);
}

#[test]
fn text_that_turns_around_on_screen_or_holds_control_characters_is_warned_about_with_its_path() {
    let (code, out) = check_with(r#""intro": "Hello""#, "\"intro\": \"Press Esc \\u202eto leave\"");
    assert_eq!(code, 0, "{out:?}");
    assert!(
        out.iter()
            .any(|l| l.starts_with("warning: intro: contains U+202E, a character that turns text around on screen")),
        "{out:?}"
    );
    let (code, out) = check_with(r#""text": "Age""#, "\"text\": \"Age\\u0007\"");
    assert_eq!(code, 0, "{out:?}");
    assert!(
        out.iter().any(|l| l.starts_with("warning: pages[0].questions[0].text: contains U+0007, a control character")),
        "{out:?}"
    );
}
