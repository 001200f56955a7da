//! Long text: a box for as much as the respondent wants to say, with a count of characters left.

use super::{fields, too_long, Field, QuestionKind, Shape};
use crate::answer::Answer;
use crate::read::Reader;
use crate::ui::Words;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct LongText {
    pub max_length: usize,
}

impl QuestionKind for LongText {
    const NAME: &'static str = "long_text";
    const WORDS: &'static str = "long text";
    const FIELDS: &'static [Field] = &[fields::MAX_LENGTH];
    const RULES: &'static [&'static str] = &["length", "pattern"];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        Some(LongText { max_length: reader.count(question, "max_length", path).unwrap_or(2000) })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Typed { number: false }
    }

    fn beyond_limits(&self, answer: &Answer, words: &Words) -> Option<String> {
        too_long(answer, self.max_length, words)
    }
}
