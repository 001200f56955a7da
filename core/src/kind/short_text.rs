//! Short text: a line typed in (a postcode area, a word or two).

use super::{fields, too_long, Field, QuestionKind, Shape};
use crate::answer::Answer;
use crate::read::Reader;
use crate::ui::Words;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct ShortText {
    pub max_length: usize,
}

impl QuestionKind for ShortText {
    const NAME: &'static str = "short_text";
    const WORDS: &'static str = "short text";
    const FIELDS: &'static [Field] = &[fields::MAX_LENGTH];
    const RULES: &'static [&'static str] = &["length", "pattern"];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        Some(ShortText { max_length: reader.count(question, "max_length", path).unwrap_or(200) })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Typed { number: false }
    }

    fn beyond_limits(&self, answer: &Answer, words: &Words) -> Option<String> {
        too_long(answer, self.max_length, words)
    }
}
