//! The spreadsheet's texts, whatever they look like, read back as typed: a question's text and
//! an option's label shaped like the spreadsheet's own markup among them.

mod attacker;

use attacker::responses;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use speaksafe_results::summary::Summary;
use speaksafe_results::xlsx;
use std::io::Cursor;

#[test]
fn texts_shaped_like_a_spreadsheets_own_markup_read_back_as_typed() {
    // A spreadsheet library takes `<r>…</r>` for rich text of its own; the second is not even
    // well-formed as markup.
    let (text, label) = ("<r><t>The police?</t></r>", "<r>Very good & more</r>");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../surveys/youth-voice.json");
    let mut survey: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for question in survey["pages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|p| p["questions"].as_array_mut().unwrap().iter_mut())
    {
        if question["id"] == "police_opinion" {
            question["text"]["en"] = text.into();
            question["options"][0]["text"]["en"] = label.into();
        }
    }
    let answers: Vec<Vec<(&str, &str)>> = (0..40).map(|_| vec![("police_opinion", "very_good")]).collect();
    let opened = responses(&survey.to_string(), &answers);
    let summary = Summary::new(&opened, 10, false, &[]).unwrap();
    let (book, _) = xlsx::workbook(&opened, &summary).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(book)).expect("a workbook that opens");

    let codebook = book.worksheet_range("Codebook").unwrap();
    let row = (1..codebook.height())
        .find(|&r| codebook.get((r, 0)) == Some(&Data::String("police_opinion".into())))
        .expect("the question in the codebook");
    assert_eq!(codebook.get((row, 2)), Some(&Data::String(text.into())));
    assert_eq!(codebook.get((row, 5)), Some(&Data::String(label.into())));

    let counts = book.worksheet_range("Counts").unwrap();
    let labels: Vec<&Data> = counts.rows().filter_map(|r| r.get(5)).collect();
    assert!(labels.contains(&&Data::String(label.into())), "{labels:?}");
}
