//! A number typed in (an age, hours a day), with a numeric keypad on phones; whole numbers only
//! if `integer`.

use super::{about, Field, FieldValue, QuestionKind, Shape};
use crate::answer::Answer;
use crate::number::{parse_typed, text as number_text};
use crate::read::Reader;
use crate::ui::{fill, Words};
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Number {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Whole numbers only.
    pub integer: bool,
}

impl QuestionKind for Number {
    const NAME: &'static str = "number";
    const WORDS: &'static str = "number";
    const FIELDS: &'static [Field] = &[
        Field { name: "min", value: FieldValue::Number, about: about("The smallest number accepted.") },
        Field { name: "max", value: FieldValue::Number, about: about("The largest number accepted.") },
        Field { name: "integer", value: FieldValue::Flag, about: about("Whole numbers only.") },
    ];
    const RULES: &'static [&'static str] = &["range"];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let (min, max) = (reader.number(question, "min", path), reader.number(question, "max", path));
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                reader.error(&format!("{path}.min"), format!("{} is more than max {}", number_text(a), number_text(b)));
            }
        }
        Some(Number { min, max, integer: reader.boolean(question, "integer", path, false) })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Typed { number: true }
    }

    fn unreadable(&self, answer: &Answer, words: &Words) -> Option<String> {
        let Answer::Text(typed) = answer else { return None };
        let fits = parse_typed(typed).is_some_and(|n| !self.integer || n.fract() == 0.0);
        (!fits).then(|| if self.integer { words.error_whole_number() } else { words.error_number() }.to_string())
    }

    fn beyond_limits(&self, answer: &Answer, words: &Words) -> Option<String> {
        let Answer::Text(typed) = answer else { return None };
        let n = parse_typed(typed)?;
        let (below, above) = (self.min.is_some_and(|m| n < m), self.max.is_some_and(|m| n > m));
        match (self.min.map(number_text), self.max.map(number_text)) {
            (Some(lo), Some(hi)) if below || above => Some(fill(words.error_between(), &[("min", &lo), ("max", &hi)])),
            (Some(lo), None) if below => Some(fill(words.error_at_least(), &[("min", &lo)])),
            (None, Some(hi)) if above => Some(fill(words.error_at_most(), &[("max", &hi)])),
            _ => None,
        }
    }
}
