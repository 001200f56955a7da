//! The files an organiser publishes from: a survey's definition (JSON) and, if it is to have a
//! key of its own, its public key (`NAME.pub` from `speaksafe keygen`). The private key
//! (`NAME.key`) must never be sent: a file named so is refused before it is read, and one that
//! is the private key of the survey's own public key is refused once read. Pure.

use serde_json::Value;
use speaksafe_core::envelope::PrivateKey;
use speaksafe_core::PublicKey;

/// A definition file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub json: Value,
    pub id: String,
    pub title: String,
}

/// Reads a definition file: JSON, an object, with an `id`; when publishing a new version of a
/// survey, its id must be that survey's. (The collector checks the rest, as `speaksafe check`.)
pub fn read_definition(name: &str, bytes: &[u8], survey: Option<&str>) -> Result<Definition, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| format!("{name} is not a text file: choose the survey's .json file"))?;
    let json: Value = serde_json::from_str(text).map_err(|e| {
        format!("{name} is not JSON (line {}, column {}): choose the survey's .json file", e.line(), e.column())
    })?;
    let id = match json.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        _ if !json.is_object() => return Err(format!("{name} is not a survey definition (it is not a JSON object)")),
        _ => return Err(format!("{name} has no \"id\": a survey definition names its survey (\"id\": \"my-survey\")")),
    };
    if let Some(survey) = survey.filter(|s| *s != id) {
        return Err(format!("{name} is the survey \"{id}\", not \"{survey}\": choose {survey}'s definition"));
    }
    let title = match json.get("title") {
        Some(Value::String(title)) => title.clone(),
        // A translated title: in the survey's first language, else any.
        Some(Value::Object(titles)) => {
            let first = json.pointer("/languages/0").and_then(Value::as_str).and_then(|code| titles.get(code));
            first.or_else(|| titles.values().next()).and_then(Value::as_str).unwrap_or(&id).to_string()
        }
        _ => id.clone(),
    };
    Ok(Definition { json, id, title })
}

/// Refuses a file named as a private key (`NAME.key`), before it is read.
pub fn not_private_by_name(name: &str) -> Result<(), String> {
    match name.to_ascii_lowercase().ends_with(".key") {
        true => Err(private(name)),
        false => Ok(()),
    }
}

fn private(name: &str) -> String {
    format!(
        "{name} is a private key: it opens every response, and must never leave your computer. Nothing was sent. \
         Choose the .pub file made with it."
    )
}

/// Reads a public key file: the key's text. `survey_key` is the survey's public key, if it has
/// one: a file holding its private key is refused (the two look alike: 43 characters each).
pub fn read_public_key(name: &str, bytes: &[u8], survey_key: Option<&str>) -> Result<String, String> {
    not_private_by_name(name)?;
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{name} is not a key file: choose NAME.pub"))?.trim();
    let key = PublicKey::from_text(text).map_err(|e| format!("{name} is not a public key file: {e}"))?;
    let survey_key = survey_key.and_then(|k| PublicKey::from_text(k).ok());
    if let (Some(survey_key), Ok(as_private)) = (survey_key, PrivateKey::from_text(text)) {
        if *as_private.public_key() == survey_key {
            return Err(private(name));
        }
    }
    Ok(key.to_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use speaksafe_core::envelope::encode;

    #[test]
    fn a_definition_is_read_for_its_id_and_title() {
        let read = read_definition(
            "s.json",
            br#"{"id": "youth-voice", "languages": ["en", "cy"], "title": {"en": "Youth Voice", "cy": "Llais"}}"#,
            None,
        )
        .unwrap();
        assert_eq!((read.id.as_str(), read.title.as_str()), ("youth-voice", "Youth Voice"));
        assert!(read_definition("s.json", b"{\"id\": ", None).unwrap_err().starts_with("s.json is not JSON (line 1"));
        assert!(read_definition("s.json", b"[1]", None).unwrap_err().contains("not a JSON object"));
        assert!(read_definition("s.json", br#"{"title": "x"}"#, None).unwrap_err().contains("has no \"id\""));
        assert_eq!(
            read_definition("s.json", br#"{"id": "a"}"#, Some("b")).unwrap_err(),
            "s.json is the survey \"a\", not \"b\": choose b's definition"
        );
    }

    #[test]
    fn a_private_key_is_never_taken_for_the_public_key() {
        let private = PrivateKey::from_text(&encode(&[9; 32])).unwrap();
        let public = private.public_key().to_text();
        // By its name, before it is read.
        assert!(read_public_key("city.key", public.as_bytes(), None)
            .unwrap_err()
            .contains("must never leave your computer"));
        // By what it is: the private key of the survey's own public key, whatever its name.
        let as_pub = read_public_key("city.pub", private.to_text().as_bytes(), Some(&public)).unwrap_err();
        assert!(as_pub.starts_with("city.pub is a private key"), "{as_pub}");
        assert_eq!(read_public_key("city.pub", format!("{public}\n").as_bytes(), Some(&public)).unwrap(), public);
        assert!(read_public_key("notes.pub", b"hello", None)
            .unwrap_err()
            .starts_with("notes.pub is not a public key file:"));
    }
}
