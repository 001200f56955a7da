//! Single choice: one of a list of options, shown as radio buttons. Best for up to about seven.

use super::{fields, Field, QuestionKind, Shape};
use crate::definition::Choice;
use crate::read::Reader;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct SingleChoice {
    /// "Prefer not to say" included, last.
    pub options: Vec<Choice>,
}

impl QuestionKind for SingleChoice {
    const NAME: &'static str = "single_choice";
    const WORDS: &'static str = "single choice";
    const FIELDS: &'static [Field] = &[fields::OPTIONS, fields::PREFER_NOT_TO_SAY];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let mut options = reader.choices(question, "options", path, true, false);
        reader.prefer_not_to_say(question, path, &mut options);
        Some(SingleChoice { options })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Chosen(&self.options)
    }
}
