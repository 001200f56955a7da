//! Multiple choice: any of a list of options, shown as checkboxes. An option may be exclusive
//! ("None of these"), and "Other, please say" may open a text box.

use super::{about, fields, Field, FieldValue, QuestionKind, Shape};
use crate::definition::Choice;
use crate::read::Reader;
use crate::text::Text;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct MultipleChoice {
    /// The options, then "Other" (value `other`) when the question has it, then "Prefer not
    /// to say".
    pub options: Vec<Choice>,
    /// The words of the "Other" option, if the question has one.
    pub other: Option<Text>,
}

impl QuestionKind for MultipleChoice {
    const NAME: &'static str = "multiple_choice";
    const WORDS: &'static str = "multiple choice";
    const FIELDS: &'static [Field] = &[
        Field {
            name: "options",
            value: FieldValue::Options { exclusive: true },
            about: about("The options, each a value and a text; an exclusive one (\"None of these\") clears the others."),
        },
        fields::OTHER,
        fields::PREFER_NOT_TO_SAY,
    ];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let mut options = reader.choices(question, "options", path, true, true);
        let other = reader.other(question, path, &mut options);
        reader.prefer_not_to_say(question, path, &mut options);
        Some(MultipleChoice { options, other })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Ticked { options: &self.options, other: self.other.is_some() }
    }
}
