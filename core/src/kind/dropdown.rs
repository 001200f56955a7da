//! A dropdown: one of a long list of options (a borough, a school year), in a `<select>`.

use super::{fields, Field, QuestionKind, Shape};
use crate::definition::Choice;
use crate::read::Reader;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Dropdown {
    /// "Prefer not to say" included, last.
    pub options: Vec<Choice>,
}

impl QuestionKind for Dropdown {
    const NAME: &'static str = "dropdown";
    const WORDS: &'static str = "dropdown";
    const FIELDS: &'static [Field] = &[fields::OPTIONS, fields::PREFER_NOT_TO_SAY];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let mut options = reader.choices(question, "options", path, true, false);
        reader.prefer_not_to_say(question, path, &mut options);
        Some(Dropdown { options })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Chosen(&self.options)
    }
}
