//! Multiple choice: any of a list of options, shown as checkboxes. An option may be exclusive
//! ("None of these"), and "Other, please say" may open a text box.

use super::{about, fields, Field, FieldValue, QuestionKind, Shape};
use crate::definition::{Choice, OTHER};
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
        Field {
            name: "other",
            value: FieldValue::Text,
            about: about("Offer \"Other\" with a box to say what: the option's words."),
        },
        fields::PREFER_NOT_TO_SAY,
    ];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let mut options = reader.choices(question, "options", path, true, true);
        let other = reader.text(question, "other", path, false);
        if let Some(text) = &other {
            options.push(Choice { value: OTHER.into(), text: text.clone(), exclusive: false });
        }
        reader.prefer_not_to_say(question, path, &mut options);
        Some(MultipleChoice { options, other })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Ticked { options: &self.options, other: self.other.is_some() }
    }
}
