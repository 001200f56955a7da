//! `speaksafe export --format xlsx`: the workbook read back as a spreadsheet program reads it
//! (calamine): its sheets, the responses with numbers as numbers and the day as a date, the
//! codebook's rows, the counts with small numbers withheld, and a formula-looking answer kept
//! as inert text.

mod sealed;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use sealed::{may_publish, response, Setup, COLUMNS};
use std::io::Cursor;

fn workbook(setup: &Setup, extra: &[&str]) -> Xlsx<Cursor<Vec<u8>>> {
    let args =
        [&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--format", "xlsx"], extra]
            .concat();
    let (code, _, err) = setup.run(&args);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(setup.dir.join("out.xlsx")).unwrap();
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine can open")
}

fn text(range: &Range<Data>, row: usize, column: usize) -> String {
    match range.get((row, column)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("({row}, {column}) is {other:?}, not text"),
    }
}

fn setup() -> Setup {
    let setup = Setup::new("xlsx");
    for i in 0..24 {
        let group = if i < 14 { "a" } else { "b" };
        let said = match i {
            0 => r#", "said": "=HYPERLINK(\"http://example.com\", \"click\")""#,
            // Markup a spreadsheet's shared strings would take for rich text.
            2 => r#", "said": "<r><t>bold?</t></r> & _x0041_""#,
            _ => "",
        };
        let answers = format!(
            r#"{{ "group": "{group}", "where": "x", "apps": ["video"{}], "feel": {{ "school": "safe" }}, "ok": "yes", "rating": {}, "age": {}{said} }}"#,
            if i % 2 == 0 { r#", "games""# } else { "" },
            1 + i % 3,
            11 + i % 5
        );
        let other: &[(&str, &str)] = if i == 1 { &[("apps", "@SUM(A1:A9)")] } else { &[] };
        setup.add(&response(&answers, other), if i < 12 { "2026-03-02" } else { "2026-03-03" });
    }
    setup
}

#[test]
fn responses_codebook_counts_and_days() {
    let setup = setup();
    let mut book = workbook(&setup, &["--out", "out.xlsx", "--by", "group"]);
    assert_eq!(book.sheet_names(), ["Responses", "Codebook", "Counts", "By day"]);

    // Responses: the CSV's columns, one row per response.
    let responses = book.worksheet_range("Responses").unwrap();
    assert_eq!(responses.height(), 25);
    let header: Vec<String> = (0..responses.width()).map(|c| text(&responses, 0, c)).collect();
    assert_eq!(header, COLUMNS);
    let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    let mut formulas_typed = 0;
    for r in 1..responses.height() {
        // The day as a date (Excel's serial day: 2026-03-02 is 46083), numbers as numbers.
        match responses.get((r, column("day"))) {
            Some(Data::DateTime(day)) => assert!([46083.0, 46084.0].contains(&day.as_f64()), "{day:?}"),
            other => panic!("day: {other:?}"),
        }
        assert!(matches!(responses.get((r, column("age"))), Some(Data::Float(n)) if (11.0..=15.0).contains(n)));
        assert!(matches!(responses.get((r, column("rating"))), Some(Data::Float(n)) if (1.0..=3.0).contains(n)));
        assert_eq!(responses.get((r, column("apps.video"))), Some(&Data::Float(1.0)));
        assert!(matches!(responses.get((r, column("apps.games"))), Some(Data::Float(_)) | Some(Data::Empty)));
        assert!(matches!(responses.get((r, column("group"))), Some(Data::String(g)) if g == "a" || g == "b"));
        let said = text(&responses, r, column("said"));
        if said.starts_with("<r>") {
            // Kept as typed: neither rich text nor an escape.
            assert_eq!(said, "<r><t>bold?</t></r> & _x0041_");
        } else if !said.is_empty() {
            // Text that a spreadsheet would take for a formula is neutralised, as in the CSV.
            assert_eq!(said, "'=HYPERLINK(\"http://example.com\", \"click\")");
            formulas_typed += 1;
        }
        let typed = text(&responses, r, column("apps.other.text"));
        if !typed.is_empty() {
            assert_eq!(typed, "'@SUM(A1:A9)");
            formulas_typed += 1;
        }
    }
    assert_eq!(formulas_typed, 2);
    // And nothing in the workbook is a formula.
    for sheet in ["Responses", "Codebook", "Counts", "By day"] {
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in {sheet}");
    }

    // Codebook: every column, and one row per value with its label.
    let codebook = book.worksheet_range("Codebook").unwrap();
    let rows: Vec<Vec<String>> = (1..codebook.height())
        .map(|r| {
            (0..6)
                .map(|c| match codebook.get((r, c)) {
                    Some(Data::Float(n)) => format!("{n}"),
                    _ => text(&codebook, r, c),
                })
                .collect()
        })
        .collect();
    let named: Vec<&String> = rows.iter().map(|r| &r[0]).collect();
    for name in COLUMNS {
        assert!(named.contains(&&name.to_string()), "{name} is not in the codebook");
    }
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert!(rows.contains(&row(&[
        "group",
        "group",
        "Which group <script>alert(1)</script> & \"you\"?",
        "single choice",
        "a",
        "Group A"
    ])));
    assert!(rows.contains(&row(&[
        "group",
        "group",
        "Which group <script>alert(1)</script> & \"you\"?",
        "single choice",
        "b",
        "Group <b>B</b>"
    ])));
    assert!(rows.contains(&row(&["rating", "rating", "Rate it", "scale", "3", "3"])));
    assert!(rows.contains(&row(&["feel.online", "feel", "How safe? — Online", "matrix row", "unsafe", "Unsafe"])));
    assert!(rows.contains(&row(&[
        "apps.games",
        "apps",
        "Apps? — Games",
        "multiple choice option",
        "1",
        "ticked (empty: not ticked)"
    ])));
    assert!(rows.contains(&row(&["age", "age", "Age", "number", "", ""])));
    assert!(
        rows.contains(&row(&["language", "", "The language the survey was answered in", "language", "en", "English"]))
            || rows.iter().any(|r| r[0] == "language" && r[4] == "en")
    );
    // A scale's values are numbers, a choice's text.
    let value_of = |name: &str, value: &str| {
        let r = rows.iter().position(|r| r[0] == name && r[4] == value).unwrap() + 1;
        codebook.get((r, 4)).cloned()
    };
    assert_eq!(value_of("rating", "2"), Some(Data::Float(2.0)));
    assert_eq!(value_of("group", "a"), Some(Data::String("a".into())));
    assert_eq!(rows.iter().filter(|r| r[0] == "group").count(), 4, "a, b, c, prefer not to say");

    // Counts: the rules first (the noise, then small numbers), then the counts, withheld ones as
    // text.
    let counts = book.worksheet_range("Counts").unwrap();
    let rules = text(&counts, 0, 0);
    assert!(rules.starts_with("Every count here, totals included, has had a small amount of noise added"), "{rules}");
    assert!(rules.contains("a table may not add up exactly") && rules.contains("Counts under 10 (zero included)"));
    assert_eq!(text(&counts, 2, 0), "Column");
    let find = |cells: &[(usize, &str)]| {
        (3..counts.height())
            .find(|&r| cells.iter().all(|&(c, t)| matches!(counts.get((r, c)), Some(Data::String(s)) if s == t)))
    };
    let a = find(&[(0, "group"), (4, "a"), (2, "")]).or_else(|| find(&[(0, "group"), (4, "a")])).unwrap();
    let number = |row: usize, column: usize| match counts.get((row, column)) {
        Some(Data::Float(n)) if n.fract() == 0.0 && *n >= 0.0 => *n as usize,
        other => panic!("({row}, {column}) is {other:?}, not a count"),
    };
    // Group a: 14 of 24, each as the published perturbation table may make it, the percentage of
    // the two as shown.
    let (group_a, answered) = (number(a, 6), number(a, 8));
    assert!(may_publish(14, group_a) && may_publish(24, answered), "{group_a} of {answered}");
    assert!(matches!(counts.get((a, 7)), Some(Data::Float(p)) if (p - group_a as f64 / answered as f64).abs() < 1e-9));
    let c = find(&[(0, "group"), (4, "c")]).unwrap();
    assert_eq!(text(&counts, c, 6), "<10");
    // The breakdown of "where" by group: x is 14 and 10, the same people as group a and b, so the
    // same counts as theirs.
    let broken = find(&[(0, "where"), (3, "Group A"), (4, "x")]).expect("the breakdown's rows");
    assert_eq!(number(broken, 6), group_a);

    // By day: two days of 12.
    let days = book.worksheet_range("By day").unwrap();
    assert_eq!(text(&days, 0, 0), "Day");
    match days.get((1, 1)) {
        Some(Data::Float(n)) => assert!(may_publish(12, *n as usize), "12 responses on a day, shown as {n}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(days.get((2, 0)), Some(Data::DateTime(d)) if d.as_f64() == 46084.0));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(setup.dir.join("out.xlsx")).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn xlsx_needs_a_file() {
    let setup = Setup::new("xlsx-no-out");
    setup.add(&response(r#"{ "ok": "yes" }"#, &[]), "2026-03-02");
    let (code, out, err) =
        setup.run(&["export", "--db", "responses.db", "--key", "org.key", "--survey", "small", "--format", "xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("--format xlsx writes a file: give --out FILE.xlsx"), "{err}");
}

#[test]
fn other_on_a_single_choice_has_its_text_column_in_the_responses_and_the_codebook() {
    let setup = Setup::new("xlsx-other");
    setup.with_other_on_single_choices();
    setup.add(&response(r#"{ "group": "other" }"#, &[("group", "+Carers")]), "2026-03-02");
    let mut book = workbook(&setup, &["--out", "out.xlsx"]);
    let responses = book.worksheet_range("Responses").unwrap();
    let header: Vec<String> = (0..responses.width()).map(|c| text(&responses, 0, c)).collect();
    assert_eq!(header[2..5], ["version", "group", "group.other.text"]);
    assert_eq!((text(&responses, 1, 3), text(&responses, 1, 4)), ("other".into(), "'+Carers".into()));
    let codebook = book.worksheet_range("Codebook").unwrap();
    let cell = |r: usize, c: usize| match codebook.get((r, c)) {
        Some(Data::Float(n)) => format!("{n}"),
        _ => text(&codebook, r, c),
    };
    let rows: Vec<Vec<String>> = (1..codebook.height()).map(|r| (0..6).map(|c| cell(r, c)).collect()).collect();
    let group_rows: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "group").collect();
    assert!(group_rows.iter().any(|r| r[0] == "group" && r[4] == "other" && r[5] == "Another group"), "{group_rows:?}");
    assert!(
        group_rows.iter().any(|r| r[0] == "group.other.text" && r[3] == "other text" && r[4].is_empty()),
        "{group_rows:?}"
    );
}
