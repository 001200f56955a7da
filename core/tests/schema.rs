//! The JSON Schema that editors complete a survey with (core/schema/survey.schema.json) knows
//! every kind of question the reader knows, and every field each kind takes: a kind added to
//! `each_kind!` without its schema entry (docs/architecture.md, "How to add a kind") fails here.

use serde_json::Value;
use speaksafe_core::Kind;

fn schema() -> Value {
    serde_json::from_str(include_str!("../schema/survey.schema.json")).expect("the schema is JSON")
}

#[test]
fn the_schemas_kinds_are_the_readers_kinds_in_order() {
    let schema = schema();
    let listed: Vec<&str> = schema["$defs"]["question"]["properties"]["kind"]["enum"]
        .as_array()
        .expect("$defs.question.properties.kind.enum")
        .iter()
        .map(|k| k.as_str().expect("a kind's name"))
        .collect();
    assert_eq!(listed, Kind::NAMES);
    // Each kind is checked against its own definition.
    let dispatched: Vec<&str> = schema["$defs"]["question"]["allOf"]
        .as_array()
        .expect("$defs.question.allOf")
        .iter()
        .map(|branch| branch["if"]["properties"]["kind"]["const"].as_str().expect("if kind = …"))
        .collect();
    assert_eq!(dispatched, Kind::NAMES);
    for (branch, name) in schema["$defs"]["question"]["allOf"].as_array().unwrap().iter().zip(Kind::NAMES) {
        assert_eq!(branch["then"]["$ref"], format!("#/$defs/{name}"), "{name}");
    }
}

#[test]
fn the_schema_takes_every_field_of_every_kind() {
    let schema = schema();
    for name in Kind::NAMES {
        let definition = &schema["$defs"][*name];
        assert_eq!(definition["properties"]["kind"]["const"], *name, "$defs.{name}");
        for field in Kind::fields(name).expect("a kind's fields") {
            assert!(
                definition["properties"].get(field.name).is_some(),
                "$defs.{name} has no property \"{}\", which the reader takes",
                field.name
            );
        }
    }
}

#[test]
fn the_schema_takes_an_easy_read_version_of_every_text_of_every_kind() {
    use speaksafe_core::kind::FieldValue;
    let schema = schema();
    for name in Kind::NAMES {
        let easy = &schema["$defs"][*name]["properties"]["easy"]["properties"];
        let mut listed: Vec<&str> =
            easy.as_object().expect("$defs.KIND.properties.easy").keys().map(String::as_str).collect();
        let own = Kind::fields(name)
            .unwrap()
            .iter()
            .filter(|f| matches!(f.value, FieldValue::Text | FieldValue::PreferNotToSay));
        let common: &[&str] = if *name == "info" { &["text"] } else { &["text", "hint"] };
        let mut expected: Vec<&str> = common.iter().copied().chain(own.map(|f| f.name)).collect();
        listed.sort_unstable();
        expected.sort_unstable();
        assert_eq!(listed, expected, "$defs.{name}.properties.easy");
    }
}

#[test]
fn the_schema_takes_every_interface_word_and_no_other() {
    let schema = schema();
    let words = &schema["properties"]["interface"]["additionalProperties"]["properties"];
    // serde_json reads an object's keys sorted, so the two lists are compared sorted.
    let listed: Vec<&str> = words.as_object().expect("interface words").keys().map(String::as_str).collect();
    let mut keys = speaksafe_core::ui::KEYS.to_vec();
    keys.sort_unstable();
    assert_eq!(listed, keys, "the schema's interface words against core/words/en.json");
}
