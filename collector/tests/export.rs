//! `speaksafe export`: a database of sealed responses built here, opened and written as CSV.

mod sealed;

use sealed::{parse_csv, response, Setup, COLUMNS};
use speaksafe_core::cell::{csv_field, neutralise};
use std::collections::BTreeMap;

/// The export's rows as column → value maps (empty values left out), in the order written.
fn records(csv: &str) -> Vec<BTreeMap<String, String>> {
    let rows = parse_csv(csv);
    assert_eq!(rows[0], COLUMNS, "the header");
    rows[1..]
        .iter()
        .map(|row| {
            assert_eq!(row.len(), COLUMNS.len(), "every row has every column: {row:?}");
            COLUMNS.iter().zip(row).filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), v.clone())).collect()
        })
        .collect()
}

fn record(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

const FULL: &str = r#"{ "group": "b", "where": "z", "apps": ["video", "other"], "feel": { "school": "safe", "online": "unsafe" },
                        "ok": "prefer_not_to_say", "rating": "3", "age": 13, "said": "Hello, \"you\"\nthere" }"#;

#[test]
fn every_kind_of_question_in_its_columns() {
    let setup = Setup::new("export-kinds");
    let mut full = response(FULL, &[("apps", "Drawing, painting")]);
    // A record key of ten digits, which no export should contain.
    let record_key = 3_917_204_561;
    full.key = Some(record_key);
    setup.add(&full, "2026-03-02");
    let (code, out, err) =
        setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        records(&out),
        [record(&[
            ("day", "2026-03-02"),
            ("language", "en"),
            ("group", "b"),
            ("where", "z"),
            ("apps.video", "1"),
            ("apps.other", "1"),
            ("apps.other.text", "Drawing, painting"),
            ("feel.school", "safe"),
            ("feel.online", "unsafe"),
            ("ok", "prefer_not_to_say"),
            ("rating", "3"),
            ("age", "13"),
            ("said", "Hello, \"you\"\nthere"),
        ])]
    );
    // The record key sealed with the response is for the results' perturbation, never exported.
    assert!(!out.contains(&record_key.to_string()), "{out}");
    // Quoted where needed, CRLF line ends.
    assert!(out.contains(",\"Hello, \"\"you\"\"\nthere\"\r\n"), "{out:?}");
    assert!(out
        .starts_with("day,language,version,group,where,apps.video,apps.games,apps.other,apps.other.text,feel.school,"));
    assert_eq!(err.trim(), "Exported 1 response of survey small (15 columns).");
}

#[test]
fn other_on_a_single_choice_or_dropdown_has_its_text_column_after_the_answer() {
    let setup = Setup::new("export-other");
    setup.with_other_on_single_choices();
    setup.add(
        &response(r#"{ "group": "other", "where": "other" }"#, &[("group", "Carers"), ("where", "=Ealing")]),
        "2026-03-02",
    );
    // What was typed goes with "other" only: another choice leaves the column empty.
    setup.add(&response(r#"{ "group": "a", "where": "other" }"#, &[]), "2026-03-03");
    let (code, out, err) = setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    let rows = parse_csv(&out);
    assert_eq!(rows[0][..7], ["day", "language", "version", "group", "group.other.text", "where", "where.other.text"]);
    let mut got: Vec<Vec<String>> = rows[1..].iter().map(|r| r[..7].to_vec()).collect();
    got.sort();
    assert_eq!(
        got,
        [
            ["2026-03-02", "en", "", "other", "Carers", "other", "'=Ealing"],
            ["2026-03-03", "en", "", "a", "", "other", ""],
        ]
    );
    assert_eq!(err.trim(), "Exported 2 responses of survey small (17 columns).");
}

#[test]
fn skipped_questions_are_empty_and_rows_follow_the_database() {
    let setup = Setup::new("export-skipped");
    setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-01");
    setup.add(&response(r#"{}"#, &[]), "2026-03-03");
    setup.add(&response(r#"{ "apps": ["games"], "feel": { "online": "safe" } }"#, &[]), "2026-03-02");
    let out_file = setup.dir.join("out.csv");
    let (code, out, err) =
        setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--out", "out.csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "", "with --out nothing goes to stdout");
    assert_eq!(err.trim(), format!("Exported 3 responses of survey small to out.csv (15 columns)."));
    let mut got = records(&std::fs::read_to_string(&out_file).unwrap());
    got.sort_by(|a, b| a["day"].cmp(&b["day"]));
    assert_eq!(
        got,
        [
            record(&[("day", "2026-03-01"), ("language", "en"), ("ok", "yes")]),
            record(&[("day", "2026-03-02"), ("language", "en"), ("apps.games", "1"), ("feel.online", "safe")]),
            record(&[("day", "2026-03-03"), ("language", "en")]),
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the opened answers are readable by their owner only");
    }
}

#[test]
fn spreadsheet_formulas_are_neutralised() {
    let setup = Setup::new("export-formulas");
    for (said, age) in [
        ("=1+1", "-5"),
        ("+SUM(A1:A9)", "-2.5"),
        ("-1+2", "0"),
        ("@cmd", "12"),
        ("\tx", "1"),
        ("\rx", "2"),
        ("fine = ok", "3"),
    ] {
        setup.add(
            &response(&format!(r#"{{ "said": {}, "age": {age} }}"#, serde_json::to_string(said).unwrap()), &[]),
            "2026-03-01",
        );
    }
    setup.add(&response(r#"{ "said": "x" }"#, &[("apps", "=HYPERLINK(\"http://evil\")")]), "2026-03-01");
    let (code, out, err) = setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    let mut said: Vec<(String, String)> = records(&out)
        .into_iter()
        .map(|r| (r.get("said").cloned().unwrap_or_default(), r.get("age").cloned().unwrap_or_default()))
        .collect();
    said.sort();
    assert_eq!(
        said,
        [
            ("'\tx".to_string(), "1".to_string()),
            ("'\rx".into(), "2".into()),
            ("'+SUM(A1:A9)".into(), "-2.5".into()),
            ("'-1+2".into(), "0".into()),
            ("'=1+1".into(), "-5".into()),
            ("'@cmd".into(), "12".into()),
            ("fine = ok".into(), "3".into()),
            ("x".into(), "".into()),
        ]
    );
    assert!(out.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","), "{out}");
}

#[test]
fn csv_fields() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field(""), "");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_field("=1,2"), "\"'=1,2\"");
    assert_eq!(csv_field("\rx"), "\"'\rx\"");
    assert_eq!(csv_field("العربية"), "العربية");
    assert_eq!(neutralise("-3"), "-3");
    assert_eq!(neutralise("+4.5"), "+4.5");
    assert_eq!(neutralise("-"), "'-");
    assert_eq!(neutralise("-.5"), "'-.5");
    assert_eq!(neutralise("-3."), "'-3.");
    assert_eq!(neutralise("-3e5"), "'-3e5");
    assert_eq!(neutralise("@"), "'@");
}

#[test]
fn an_envelope_that_does_not_open_is_counted_and_the_rest_exported() {
    let setup = Setup::new("export-tampered");
    setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-01");
    setup.add(&response(r#"{ "ok": "no" }"#, &[]), "2026-03-01");
    // Changed: one character of the ciphertext.
    let good = setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-02");
    let db = rusqlite::Connection::open(setup.dir.join("responses.db")).unwrap();
    let mut changed = good.clone().into_bytes();
    changed[100] = if changed[100] == b'A' { b'B' } else { b'A' };
    db.execute("UPDATE responses SET envelope = ?1 WHERE envelope = ?2", [String::from_utf8(changed).unwrap(), good])
        .unwrap();
    // Sealed to another key, and not an envelope at all.
    let other_key = speaksafe_core::PrivateKey::generate_with_system_random().unwrap();
    let foreign =
        speaksafe_core::envelope::seal_with_system_random(&response("{}", &[]), other_key.public_key()).unwrap();
    setup.add_envelope("small", &foreign.to_text(), "2026-03-02");
    setup.add_envelope("small", "v1.not-an-envelope", "2026-03-02");
    // Another survey's response is not this survey's, and not counted.
    setup.add_envelope("other", "v1.whatever.else", "2026-03-02");

    let (code, out, err) = setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "the rest was exported: {err}");
    let mut ok: Vec<String> = records(&out).into_iter().map(|r| r["ok"].clone()).collect();
    ok.sort();
    assert_eq!(ok, ["no", "yes"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "Exported 2 responses of survey small (15 columns).");
    assert_eq!(
        lines[1],
        "3 responses could not be opened: 2 do not open with this key (sealed to another key, for another survey, or changed); \
         1 is not a well-formed envelope (envelope: expected 3 parts separated by '.', found 2). The other 2 are included."
    );
}

#[test]
fn the_wrong_key_opens_nothing_and_says_so() {
    let setup = Setup::new("export-wrong-key");
    setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-01");
    setup.add(&response(r#"{ "ok": "no" }"#, &[]), "2026-03-01");
    let other = speaksafe_core::PrivateKey::generate_with_system_random().unwrap();
    std::fs::write(setup.dir.join("other.key"), other.to_text()).unwrap();
    let (code, out, err) = setup.run(&["export", "--db", "responses.db", "--key", "other.key", "--survey", "small"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(parse_csv(&out), [COLUMNS.map(String::from).to_vec()], "the header only");
    assert!(
        err.contains(
            "2 responses could not be opened: 2 do not open with this key (sealed to another key, for another survey, or changed). \
             None opened: is this the private key for this survey's public key?"
        ),
        "{err}"
    );
}

#[test]
fn no_responses_yet_is_a_header() {
    let setup = Setup::new("export-empty");
    let (code, out, err) = setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{}\r\n", COLUMNS.join(",")));
    assert_eq!(err.trim(), "Exported 0 responses of survey small (15 columns).");
}

#[test]
fn what_cannot_be_read_is_named() {
    let setup = Setup::new("export-errors");
    let run = |args: &[&str]| {
        let (code, out, err) = setup.run(&[&["export"], args].concat());
        assert_eq!((code, out.as_str()), (1, ""), "{err}");
        err
    };
    let err = run(&["--db", "missing.db", "--key", "org.key", "--survey", "small"]);
    assert_eq!(err.trim(), "speaksafe export: missing.db: no such database (give the collector's with --db)");
    assert!(!setup.dir.join("missing.db").exists(), "a wrong path does not make a database");
    let err = run(&["--db", "responses.db", "--key", "nokey.key", "--survey", "small"]);
    assert!(err.starts_with("speaksafe export: nokey.key: cannot read the private key:"), "{err}");
    std::fs::write(setup.dir.join("bad.key"), "not a key\n").unwrap();
    let err = run(&["--db", "responses.db", "--key", "bad.key", "--survey", "small"]);
    assert!(err.starts_with("speaksafe export: bad.key: private key: it has ' ' at character 4"), "{err}");
    let err = run(&["--db", "responses.db", "--key", "org.key", "--survey", "../small"]);
    assert!(err.contains("\"../small\" is not a survey id"), "{err}");
    let err = run(&["--db", "responses.db", "--key", "org.key", "--survey", "nosuch"]);
    assert!(err.starts_with("speaksafe export: surveys/nosuch.json: cannot read the survey definition:"), "{err}");
    std::fs::write(setup.dir.join("surveys/broken.json"), "{").unwrap();
    let err = run(&["--db", "responses.db", "--key", "org.key", "--survey", "broken"]);
    assert!(err.contains("surveys/broken.json: the survey definition is not valid"), "{err}");
    std::fs::write(setup.dir.join("notsqlite.db"), "hello, this is not a database at all, not at all, no").unwrap();
    let err = run(&["--db", "notsqlite.db", "--key", "org.key", "--survey", "small"]);
    assert!(err.contains("notsqlite.db: not a speaksafe database (not SQLite)"), "{err}");
    rusqlite::Connection::open(setup.dir.join("empty.db")).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let err = run(&["--db", "empty.db", "--key", "org.key", "--survey", "small"]);
    assert!(err.contains("empty.db: not a speaksafe database (it has no table \"responses\")"), "{err}");
}
