//! An information block: words between questions, with an optional heading. It takes no
//! answer.

use super::{about, Field, FieldValue, QuestionKind, Shape};
use crate::read::Reader;
use crate::text::Text;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Info {
    /// A heading above the words.
    pub title: Option<Text>,
}

impl QuestionKind for Info {
    const NAME: &'static str = "info";
    const WORDS: &'static str = "information";
    const FIELDS: &'static [Field] =
        &[Field { name: "title", value: FieldValue::Text, about: about("A heading above the words.") }];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        Some(Info { title: reader.text(question, "title", path, false) })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Nothing
    }
}
