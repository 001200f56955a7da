//! A dropdown: one of a long list of options (a borough, a school year), in a `<select>`.
//! "Other, please say" may open a text box after it.

use super::{fields, Field, QuestionKind, Shape};
use crate::definition::Choice;
use crate::read::Reader;
use crate::text::Text;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Dropdown {
    /// The options, then "Other" (value `other`) when the question has it, then "Prefer not
    /// to say".
    pub options: Vec<Choice>,
    /// The words of the "Other" option, if the question has one.
    pub other: Option<Text>,
}

impl QuestionKind for Dropdown {
    const NAME: &'static str = "dropdown";
    const WORDS: &'static str = "dropdown";
    const FIELDS: &'static [Field] = &[fields::OPTIONS, fields::OTHER, fields::PREFER_NOT_TO_SAY];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let mut options = reader.choices(question, "options", path, true, false);
        let other = reader.other(question, path, &mut options);
        reader.prefer_not_to_say(question, path, &mut options);
        Some(Dropdown { options, other })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Chosen { options: &self.options, other: self.other.is_some() }
    }
}
