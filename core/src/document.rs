//! A definition written out as JSON, the same way every time: fields in the order the guide
//! gives them (`format`, `id`, `languages`, `title`… on the survey; `id`, `kind`, `text`… on a
//! question), two spaces of indent, one field a line, short lists of plain values on one line.
//! The same survey always gives the same bytes, so organisers can keep versions in git and see
//! what changed. Used by `speaksafe import`, the translations, and the studio's Save. And a
//! definition as the collector serves it: with its languages' built-in interface words added.

use serde_json::{Map, Value};

/// Each kind of object's fields, in the order they are written; fields not named here follow,
/// in alphabetical order.
const SURVEY: &[&str] = crate::read::SURVEY_FIELDS;
const PAGE: &[&str] = crate::read::PAGE_FIELDS;
const QUESTION: &[&str] = &[
    "id",
    "kind",
    "title",
    "text",
    "hint",
    "easy",
    "required",
    "required_if",
    "visible_if",
    "sensitive",
    "options",
    "rows",
    "columns",
    "other",
    "prefer_not_to_say",
    "yes",
    "no",
    "min",
    "max",
    "integer",
    "min_label",
    "max_label",
    "max_length",
    "validation",
];
const CHOICE: &[&str] = &["value", "text", "easy", "exclusive"];
/// The easy-read versions beside an object's texts, in the order of the texts themselves.
const EASY: &[&str] = crate::read::EASY_TEXTS;
const RULE: &[&str] = &["rule", "min", "max", "pattern", "message"];
const EXIT: &[&str] = &["url", "escape", "shift_three_times", "button"];
const SUBMIT: &[&str] = &["endpoint", "public_key"];
const SUPPORT: &[&str] = &["name", "phone", "url", "text"];
const LANGUAGE: &[&str] = &["code", "name", "dir"];

/// The definition as text, formatted as described above, ending in a newline.
pub fn to_text(definition: &Value) -> String {
    let languages: Vec<String> = crate::draft::languages(definition);
    let mut out = String::new();
    Writer { languages: &languages, out: &mut out }.write(definition, Some(SURVEY), 0);
    out.push('\n');
    out
}

/// The field order for what is under `key` in an object of the given order.
fn inner(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "pages" => PAGE,
        "questions" => QUESTION,
        "options" | "rows" | "columns" => CHOICE,
        "validation" => RULE,
        "exit" => EXIT,
        "submit" => SUBMIT,
        "support" => SUPPORT,
        "languages" => LANGUAGE,
        "easy" => EASY,
        _ => return None,
    })
}

/// Writes values; a text's languages go in the survey's order.
struct Writer<'a> {
    languages: &'a [String],
    out: &'a mut String,
}

impl Writer<'_> {
    fn write(&mut self, value: &Value, order: Option<&'static [&'static str]>, depth: usize) {
        match value {
            Value::Object(map) => self.object(map, order, depth),
            Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
                // Plain values (language codes) on one line.
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&item.to_string());
                }
                self.out.push(']');
            }
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    self.out.push_str(if i == 0 { "\n" } else { ",\n" });
                    self.indent(depth + 1);
                    self.write(item, order, depth + 1);
                }
                self.out.push('\n');
                self.indent(depth);
                self.out.push(']');
            }
            other => self.out.push_str(&other.to_string()),
        }
    }

    fn object(&mut self, map: &Map<String, Value>, order: Option<&'static [&'static str]>, depth: usize) {
        if map.is_empty() {
            self.out.push_str("{}");
            return;
        }
        // A known object's fields in the guide's order; any other object (a text, by language)
        // in the survey's order of languages; what is left, alphabetically.
        let named: Vec<&str> = match order {
            Some(order) => order.to_vec(),
            None => self.languages.iter().map(String::as_str).collect(),
        };
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort_by_key(|k| (named.iter().position(|n| n == k).unwrap_or(usize::MAX), k.as_str()));
        self.out.push('{');
        for (i, key) in keys.iter().enumerate() {
            self.out.push_str(if i == 0 { "\n" } else { ",\n" });
            self.indent(depth + 1);
            self.out.push_str(&Value::String((*key).clone()).to_string());
            self.out.push_str(": ");
            let below = if order.is_some() { inner(key) } else { None };
            self.write(&map[*key], below, depth + 1);
        }
        self.out.push('\n');
        self.indent(depth);
        self.out.push('}');
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }
}

/// Adds to a definition's `interface` block the built-in words of each of its languages, where
/// the block does not give them already: what the collector serves, so that the widget has its
/// survey's languages' words and no others. A definition that is not an object is left as it is.
#[cfg(feature = "built-in-words")]
pub fn add_built_in_words(definition: &mut serde_json::Value) {
    use serde_json::Value;
    let codes: Vec<String> = crate::draft::languages(definition);
    let Some(object) = definition.as_object_mut() else { return };
    for code in codes {
        // English is the widget's own; so are the words of a language with none built in.
        let Some(built_in) = crate::ui::built_in(&code).filter(|b| b.code != "en") else { continue };
        let block = object.entry("interface").or_insert_with(|| Value::Object(Default::default()));
        let Some(block) = block.as_object_mut() else { return };
        let words = block.entry(code).or_insert_with(|| Value::Object(Default::default()));
        let Some(words) = words.as_object_mut() else { continue };
        for (key, wording) in built_in.words {
            words.entry(key).or_insert(Value::String(wording));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_in_the_guides_order_and_the_same_bytes_every_time() {
        let survey = json!({
            "pages": [{ "questions": [{ "text": "Age?", "kind": "number", "id": "age", "max": 16 }], "title": "One", "id": "one" }],
            "title": { "ar": "ت", "en": "T" }, "id": "s", "format": "speaksafe/1", "languages": ["en", "ar"], "zz": 1,
        });
        let text = to_text(&survey);
        assert_eq!(
            text,
            r#"{
  "format": "speaksafe/1",
  "id": "s",
  "languages": ["en", "ar"],
  "title": {
    "en": "T",
    "ar": "ت"
  },
  "pages": [
    {
      "id": "one",
      "title": "One",
      "questions": [
        {
          "id": "age",
          "kind": "number",
          "text": "Age?",
          "max": 16
        }
      ]
    }
  ],
  "zz": 1
}
"#
        );
        let again: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(again, survey);
        assert_eq!(to_text(&again), text);
    }
}
