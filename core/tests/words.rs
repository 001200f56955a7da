//! The built-in interface words of core/words/: every language has every word, with the same
//! placeholders as English, and what the code knows of each language agrees with its file.

use speaksafe_core::ui::{self, read_built_in, BUILT_IN, ENGLISH, KEYS};
use speaksafe_core::{Direction, Language};
use std::path::Path;

fn files() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("words");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("core/words")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_language_has_every_word_with_the_english_placeholders() {
    let files = files();
    assert_eq!(files.len(), 20, "the twenty languages of London and the UK");
    for (stem, text) in &files {
        let built_in = read_built_in(text).unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        assert_eq!(built_in.code, *stem, "{stem}.json names itself");
        let mut keys: Vec<&str> = built_in.words.iter().map(|(k, _)| k.as_str()).collect();
        let mut expected = KEYS.to_vec();
        keys.sort_unstable();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{stem}.json has every word and no other");
        for (key, wording) in &built_in.words {
            assert!(!wording.trim().is_empty(), "{stem}.json: {key} is empty");
            assert_eq!(ui::placeholder_problem(key, wording), None, "{stem}.json: {key} = {wording:?}");
        }
    }
}

#[test]
fn english_is_the_code_s_own_words_and_the_only_reviewed_one() {
    let (_, english) = files().into_iter().find(|(stem, _)| stem == "en").expect("en.json");
    let english = read_built_in(&english).unwrap();
    for (key, wording) in KEYS.iter().zip(ENGLISH) {
        let file = english.words.iter().find(|(k, _)| k == key).map(|(_, w)| w.as_str());
        assert_eq!(file, Some(*wording), "en.json: {key}");
    }
    assert!(english.reviewed);
}

#[test]
fn the_code_agrees_with_each_file() {
    let files = files();
    assert_eq!(BUILT_IN.len(), files.len());
    for (stem, text) in &files {
        let file: serde_json::Value = serde_json::from_str(text).unwrap();
        let built_in = read_built_in(text).unwrap();
        let listed = BUILT_IN.iter().find(|(c, _)| c == stem).unwrap_or_else(|| panic!("{stem} not in ui::BUILT_IN"));
        assert_eq!(listed.1, built_in.reviewed, "{stem}: reviewed in ui::BUILT_IN and in the file");
        assert_eq!(Language::new(stem).name, built_in.name, "{stem}: the language's name");
        let rtl = file["dir"] == "rtl";
        assert_eq!(Direction::of(stem) == Direction::RightToLeft, rtl, "{stem}: its direction");
        assert_eq!(ui::built_in(stem).map(|b| b.code), Some(stem.clone()));
    }
}

#[test]
fn built_in_words_are_added_for_the_survey_s_languages_only_and_never_over_its_own() {
    let mut definition = serde_json::json!({
        "languages": ["en", { "code": "pl" }, "ur", "de"],
        "interface": { "pl": { "start": "Rozpocznij" } }
    });
    speaksafe_core::document::add_built_in_words(&mut definition);
    let block = definition["interface"].as_object().unwrap();
    let mut codes: Vec<&String> = block.keys().collect();
    codes.sort();
    assert_eq!(codes, ["pl", "ur"], "English is built into the widget; German has no built-in words");
    assert_eq!(block["pl"]["start"], "Rozpocznij", "the survey's own word stays");
    assert_eq!(block["pl"]["continue"], "Dalej");
    assert_eq!(block["ur"].as_object().unwrap().len(), KEYS.len());
}
