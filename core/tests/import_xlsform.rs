//! The XLSForm importer, through `import` as the CLI and the studio call it, on spreadsheets
//! written here: each test is named after what it protects.

use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use speaksafe_core::import::{import_with, ImportError, Imported, Options, SourceFormat};

/// A workbook of sheets, each rows of cells.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn form(survey: &[&[&str]], choices: &[&[&str]]) -> Vec<u8> {
    workbook(&[
        ("survey", survey),
        ("choices", choices),
        ("settings", &[&["form_title", "form_id"], &["Test", "test"]]),
    ])
}

fn bring_in(bytes: &[u8], options: Options) -> Result<Imported, ImportError> {
    import_with(bytes, &Options { from: Some(SourceFormat::XlsForm), ..options })
}

fn question<'d>(imported: &'d Imported, id: &str) -> Option<&'d Value> {
    imported.definition["pages"]
        .as_array()?
        .iter()
        .flat_map(|p| p["questions"].as_array().into_iter().flatten())
        .find(|q| q["id"] == id)
}

fn lines(imported: &Imported) -> Vec<String> {
    imported.report.iter().map(ToString::to_string).collect()
}

fn has_line(imported: &Imported, start: &str) -> bool {
    lines(imported).iter().any(|l| l.starts_with(start))
}

const YES_NO: &[&[&str]] = &[&["list_name", "name", "label"], &["yn", "yes", "Yes"], &["yn", "no", "No"]];

#[test]
fn a_list_name_keeps_its_case() {
    let bytes = form(
        &[&["type", "name", "label"], &["select_one A_region", "region", "Region?"]],
        &[&["list_name", "name", "label"], &["A_region", "north", "North"], &["A_region", "south", "South"]],
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert_eq!(
        question(&imported, "region").unwrap()["options"].as_array().unwrap().len(),
        2,
        "{:#?}",
        lines(&imported)
    );
}

#[test]
fn bind_columns_are_read_as_pyxform_reads_them() {
    let bytes = form(
        &[
            &["type", "name", "label", "bind::relevant", "bind:constraint", "bind::jr:constraintMsg"],
            &["select_one yn", "bus", "Bus?", "", "", ""],
            &["integer", "trips", "How many trips?", "${bus} = 'yes'", ". <= 50", "At most 50"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let trips = question(&imported, "trips").unwrap();
    assert_eq!(trips["visible_if"], json!("{bus} = 'yes'"));
    assert_eq!(trips["validation"][0]["max"], json!(50.0));
    assert_eq!(trips["validation"][0]["message"], json!("At most 50"));
}

#[test]
fn a_strict_limit_stays_strict() {
    let bytes = form(
        &[&["type", "name", "label", "constraint"], &["integer", "kids", "Children?", ". >= 0 and . < 6"]],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let rule = &question(&imported, "kids").unwrap()["validation"][0];
    assert_eq!((&rule["min"], &rule["max"]), (&json!(0.0), &json!(5.0)));
}

#[test]
fn a_question_never_relevant_is_left_out_not_shown() {
    let bytes = form(
        &[
            &["type", "name", "label", "relevant"],
            &["text", "old", "Old question", "false()"],
            &["text", "now", "Now?", ""],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert!(question(&imported, "old").is_none());
    assert!(has_line(&imported, "dropped old (survey row 2): the question is never shown"), "{:#?}", lines(&imported));
}

#[test]
fn a_condition_on_a_calculation_hides_its_question_unless_asked() {
    let bytes = form(
        &[
            &["type", "name", "label", "relevant", "calculation"],
            &["integer", "age", "Age?", "", ""],
            &["calculate", "adult", "", "", "if(${age} >= 18, 1, 0)"],
            &["text", "work", "Your work?", "${adult} = 1", ""],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert!(question(&imported, "work").is_none(), "{:#?}", lines(&imported));
    assert!(
        has_line(&imported, "dropped work (survey row 4): its condition \"${adult} = 1\" cannot come across"),
        "{:#?}",
        lines(&imported)
    );
    let shown = bring_in(&bytes, Options { show_when_condition_lost: true, ..Options::default() }).unwrap();
    assert!(question(&shown, "work").is_some());
}

#[test]
fn count_selected_string_length_and_curly_quotes_come_across() {
    let bytes = form(
        &[
            &["type", "name", "label", "relevant"],
            &["select_multiple yn", "m", "M?", ""],
            &["text", "t", "T?", ""],
            &["text", "a", "A?", "count-selected(${m}) > 0"],
            &["text", "b", "B?", "string-length(${t}) = 0"],
            &["text", "c", "C?", "selected( ${m} , ‘yes’ )"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert_eq!(question(&imported, "a").unwrap()["visible_if"], json!("{m} notempty"));
    assert_eq!(question(&imported, "b").unwrap()["visible_if"], json!("{t} empty"));
    assert_eq!(question(&imported, "c").unwrap()["visible_if"], json!("{m} contains 'yes'"));
}

#[test]
fn the_old_select_one_from_syntax_is_read() {
    let bytes = form(
        &[
            &["type", "name", "label"],
            &["select one from yn", "a", "A?"],
            &["select multiple from yn", "b", "B?"],
            &["select one from yn or specify other", "c", "C?"],
            &["select all that apply from yn or specify other", "d", "D?"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert_eq!(question(&imported, "a").unwrap()["kind"], json!("single_choice"));
    assert_eq!(question(&imported, "b").unwrap()["kind"], json!("multiple_choice"));
    assert!(question(&imported, "c").is_some(), "{:#?}", lines(&imported));
    assert_eq!(question(&imported, "d").unwrap()["kind"], json!("multiple_choice"));
}

#[test]
fn a_language_named_without_a_code_is_known_or_asked_for() {
    let survey: &[&[&str]] =
        &[&["type", "name", "label::العربية", "label::English (EN)"], &["text", "q", "ماذا؟", "What?"]];
    let imported = bring_in(&form(survey, YES_NO), Options::default()).unwrap();
    assert_eq!(imported.definition["languages"], json!(["ar", "en"]), "{:#?}", lines(&imported));
    assert_eq!(question(&imported, "q").unwrap()["text"], json!({ "ar": "ماذا؟", "en": "What?" }));
    let unknown: &[&[&str]] = &[&["type", "name", "label::Klingon"], &["text", "q", "nuq?"]];
    let error = bring_in(&form(unknown, YES_NO), Options::default()).unwrap_err().to_string();
    assert!(error.contains("--lang-map \"Klingon=CODE\""), "{error}");
    let mapped = bring_in(
        &form(unknown, YES_NO),
        Options { language_codes: vec![("Klingon".into(), "tlh".into())], ..Options::default() },
    )
    .unwrap();
    assert_eq!(mapped.definition["languages"], json!(["tlh"]));
}

#[test]
fn old_names_of_private_types_are_left_out_for_privacy() {
    let bytes = form(
        &[
            &["type", "name", "label"],
            &["gps", "where", "Where?"],
            &["imei", "imei", ""],
            &["photo", "pic", "A photo"],
            &["end", "end", ""],
            &["text", "q", "Q?"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    for line in [
        "dropped where (survey row 2): type \"gps\": speaksafe never collects",
        "dropped end (survey row 5): type \"end\"",
    ] {
        assert!(has_line(&imported, line), "{line}: {:#?}", lines(&imported));
    }
}

#[test]
fn dates_are_short_texts_with_a_hint_as_from_surveyjs() {
    let bytes = form(&[&["type", "name", "label"], &["date", "when", "When?"]], YES_NO);
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let when = question(&imported, "when").unwrap();
    assert_eq!((&when["kind"], &when["hint"]), (&json!("short_text"), &json!("A date, such as 31 December 2024")));
}

#[test]
fn a_second_row_of_the_same_name_is_renamed_and_kept() {
    let bytes = form(&[&["type", "name", "label"], &["text", "q", "First?"], &["text", "q", "Second?"]], YES_NO);
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert_eq!(question(&imported, "q_2").unwrap()["text"], json!("Second?"));
}

#[test]
fn identifying_rows_are_left_out_by_their_source_name() {
    let bytes = form(
        &[
            &["type", "name", "label"],
            &["text", "resp_name", "Respondent"],
            &["integer", "tel_no", "Numéro de téléphone"],
            &["text", "q", "Q?"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert!(question(&imported, "resp_name").is_none() && question(&imported, "tel_no").is_none());
    assert!(has_line(&imported, "dropped resp_name (survey row 2): it asks for a name"), "{:#?}", lines(&imported));
}

#[test]
fn the_id_comes_from_the_file_name_when_the_settings_have_none() {
    let bytes = workbook(&[("survey", &[&["type", "name", "label"], &["text", "q", "Q?"]])]);
    let imported =
        bring_in(&bytes, Options { file_name: Some("household_2023.xlsx".into()), ..Options::default() }).unwrap();
    assert_eq!(imported.definition["id"], json!("household_2023"));
}

#[test]
fn or_other_on_a_select_one_keeps_what_the_respondent_types() {
    let bytes = form(
        &[
            &["type", "name", "label", "relevant", "appearance"],
            &["select_one yn or_other", "a", "A?", "", ""],
            &["select_one yn or_other", "b", "B?", "", "minimal"],
            &["text", "why", "Why?", "${a} = 'other'", ""],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let a = question(&imported, "a").unwrap();
    assert_eq!(a["kind"], json!("single_choice"), "{a}");
    assert_eq!(a["other"], json!("Other"));
    assert_eq!(
        a["options"],
        json!([{ "value": "yes", "text": "Yes" }, { "value": "no", "text": "No" }]),
        "Other is not a plain option"
    );
    let b = question(&imported, "b").unwrap();
    assert_eq!((b["kind"].as_str(), b["other"].as_str()), (Some("dropdown"), Some("Other")));
    assert_eq!(question(&imported, "why").unwrap()["visible_if"], json!("{a} = 'other'"));
    assert!(
        !lines(&imported).iter().any(|l| l.contains("or_other")),
        "nothing changed, nothing to say: {:#?}",
        lines(&imported)
    );
    speaksafe_core::read(&imported.definition.to_string()).expect("it passes check");
}

#[test]
fn a_choice_filter_on_the_choices_own_columns_keeps_only_those_choices() {
    let bytes = form(
        &[
            &["type", "name", "label", "choice_filter"],
            &["select_one colors", "pastel", "Your favourite pastel?", "pastel=yes"],
            &["select_one colors", "bright", "A bright one?", "pastel != 'yes'"],
            &["select_one colors", "any", "Any?", ""],
            &["select_one colors", "after", "After?", "${any} = colour"],
        ],
        &[
            &["list_name", "name", "label", "pastel"],
            &["colors", "red", "Red", "no"],
            &["colors", "mauve", "Mauve", "yes"],
            &["colors", "apricot", "Apricot", "yes"],
        ],
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let values = |id: &str| -> Vec<String> {
        question(&imported, id).unwrap()["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(values("pastel"), ["mauve", "apricot"]);
    assert_eq!(values("bright"), ["red"]);
    assert_eq!(values("any"), ["red", "mauve", "apricot"]);
    // A filter that reads an answer cannot come across: every choice, with a line.
    assert_eq!(values("after"), ["red", "mauve", "apricot"]);
    assert!(has_line(&imported, "dropped after.choice_filter"), "{:#?}", lines(&imported));
    assert!(has_line(&imported, "rewritten pastel.choice_filter"), "{:#?}", lines(&imported));
}

#[test]
fn a_group_without_a_label_is_headed_by_the_forms_title_never_its_name() {
    let bytes = form(
        &[&["type", "name", "label"], &["begin group", "name", ""], &["text", "q", "Q?"], &["end group", "", ""]],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert_eq!(imported.definition["pages"][0]["title"], json!("Test"));
    assert!(has_line(&imported, "rewritten name (survey row 2)"), "{:#?}", lines(&imported));
}

#[test]
fn a_map_feature_and_external_choices_are_left_out_for_privacy() {
    let bytes = form(
        &[
            &["type", "name", "label"],
            &["osm building", "where", "Which building?"],
            &["select_one_external yn", "ext", "Ext?"],
            &["text", "q", "Q?"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    for name in ["where", "ext"] {
        let line = lines(&imported).into_iter().find(|l| l.starts_with(&format!("dropped {name} "))).unwrap();
        assert!(line.contains("never collects what identifies or locates a respondent"), "{line}");
    }
}

#[test]
fn words_that_show_an_earlier_answer_never_show_its_name() {
    let bytes = form(
        &[
            &["type", "name", "label", "hint"],
            &["integer", "radius", "Radius?", ""],
            &["note", "shown", "The radius is ${radius} m.", ""],
            &["select_one yn", "sure", "Is ${radius} m right?", "You said ${radius}"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert!(question(&imported, "shown").is_none(), "a note made to show an answer: {:#?}", imported.definition);
    assert!(has_line(&imported, "dropped shown (survey row 3): it shows ${radius}"), "{:#?}", lines(&imported));
    let sure = question(&imported, "sure").unwrap();
    assert_eq!((sure["text"].as_str(), sure["hint"].as_str()), (Some("Is … m right?"), Some("You said …")));
    assert!(has_line(&imported, "rewritten sure (survey row 4): its words show ${radius}"), "{:#?}", lines(&imported));
}

#[test]
fn pictures_sounds_and_an_app_that_answers_are_each_named() {
    let bytes = workbook(&[
        (
            "survey",
            &[
                &["type", "name", "label", "image", "media::audio::English (en)", "appearance"],
                &["select_one ab", "q", "Q?", "q.jpg", "q.mp3", ""],
                &["integer", "launch", "Count?", "", "", "ex:org.example.Counter"],
            ],
        ),
        ("choices", &[&["list_name", "name", "label", "image"], &["ab", "a", "A", "a.jpg"], &["ab", "b", "B", ""]]),
    ]);
    let imported = bring_in(&bytes, Options::default()).unwrap();
    for line in [
        "dropped q.image (survey row 2): a picture, sound or video",
        "dropped q.media::audio::English (en) (survey row 2): a picture",
        "dropped choice a of ab.image: a picture",
        "rewritten launch.appearance (survey row 3): an app on the phone would fill it in",
    ] {
        assert!(has_line(&imported, line), "no {line:?} in {:#?}", lines(&imported));
    }
    assert!(!has_line(&imported, "dropped choice b of ab"), "{:#?}", lines(&imported));
}

#[test]
fn settings_that_send_seal_or_name_responses_elsewhere_are_named() {
    let bytes = workbook(&[
        ("survey", &[&["type", "name", "label"], &["text", "q", "Q?"]]),
        (
            "settings",
            &[
                &[
                    "form_title",
                    "form_id",
                    "submission_url",
                    "public_key",
                    "instance_name",
                    "version",
                    "add_none_option",
                ],
                &["T", "t", "https://odk.example/submission", "MIIBIjAN", "${q}", "3", "FALSE"],
            ],
        ),
    ]);
    let imported = bring_in(&bytes, Options::default()).unwrap();
    for line in [
        "dropped settings.submission_url: answers go to your speaksafe collector only",
        "dropped settings.public_key: answers are sealed to your organisation's own key",
        "dropped settings.instance_name: a response has no name",
    ] {
        assert!(has_line(&imported, line), "no {line:?} in {:#?}", lines(&imported));
    }
    assert!(!lines(&imported).iter().any(|l| l.contains("settings.version") || l.contains("add_none_option")));
}

#[test]
fn the_settings_title_column_pyxform_reads_is_the_forms_title() {
    let bytes = workbook(&[
        (
            "survey",
            &[
                &["type", "name", "label"],
                &["start", "start", ""],
                &["begin_group", "g", "G"],
                &["text", "q", "Q?"],
                &["end_group", "", ""],
            ],
        ),
        ("settings", &[&["form_id", "title"], &["v2", "Campsite"]]),
    ]);
    let imported = bring_in(&bytes, Options::default()).unwrap();
    assert_eq!(imported.definition["title"], json!("Campsite"));
    assert!(!lines(&imported).iter().any(|l| l.contains("title")), "{:#?}", lines(&imported));
    // The rows outside any group have their own lines; no group "questions_1" was in the form.
    assert!(!lines(&imported).iter().any(|l| l.contains("questions_1")), "{:#?}", lines(&imported));
}

#[test]
fn required_0_is_not_required_and_1_is() {
    let bytes =
        form(&[&["type", "name", "label", "required"], &["text", "a", "A?", "0"], &["text", "b", "B?", "1"]], YES_NO);
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let a = question(&imported, "a").unwrap();
    assert!(a.get("required").is_none() && a.get("required_if").is_none(), "{a}");
    assert_eq!(question(&imported, "b").unwrap()["required"], json!(true));
}

#[test]
fn a_range_in_whole_steps_too_long_for_a_scale_takes_whole_numbers_only() {
    let bytes = form(
        &[
            &["type", "name", "label", "parameters"],
            &["range", "levels", "Number of floors", "start=0 end=17 step=1"],
            &["range", "weight", "Weight", "start=0 end=2 step=0.5"],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let levels = question(&imported, "levels").unwrap();
    assert_eq!((levels["kind"].clone(), levels["integer"].clone()), (json!("number"), json!(true)), "{levels}");
    assert!(question(&imported, "weight").unwrap().get("integer").is_none());
}

#[test]
fn notes_without_a_name_are_not_taken_for_a_second_of_anything() {
    let bytes = form(
        &[&["type", "name", "label"], &["note", "", "Section A"], &["text", "q", "Q?"], &["note", "", "Section B"]],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let texts: Vec<&Value> =
        imported.definition["pages"][0]["questions"].as_array().unwrap().iter().map(|q| &q["text"]).collect();
    assert_eq!(texts, [&json!("Section A"), &json!("Q?"), &json!("Section B")]);
    assert!(!lines(&imported).iter().any(|l| l.contains("another is named")), "{:#?}", lines(&imported));
}

#[test]
fn a_notes_hint_comes_with_it() {
    let bytes = form(
        &[
            &["type", "name", "label", "hint"],
            &["note", "intro", "Buildings form", "This survey collects what buildings are for."],
            &["text", "q", "Q?", ""],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let note = question(&imported, "intro").unwrap();
    assert_eq!(
        (note["title"].as_str(), note["text"].as_str()),
        (Some("Buildings form"), Some("This survey collects what buildings are for."))
    );
}

#[test]
fn a_group_label_with_nothing_left_under_it_is_left_out() {
    let bytes = form(
        &[
            &["type", "name", "label"],
            &["begin group", "page", "Page"],
            &["begin group", "who", "About you"],
            &["text", "your_name", "Your name"],
            &["end group", "", ""],
            &["begin group", "visit", "Your visit"],
            &["select_one yn", "ok", "Was it on time?"],
            &["end group", "", ""],
            &["end group", "", ""],
        ],
        YES_NO,
    );
    let imported = bring_in(&bytes, Options::default()).unwrap();
    let ids: Vec<&str> = imported.definition["pages"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["visit", "ok"], "\"About you\" would stand over the visit's question");
    assert!(has_line(&imported, "dropped who (survey row 3): its title"), "{:#?}", lines(&imported));
}
