//! Yes or no (with "Prefer not to say" if wanted), shown as radio buttons. The answers are
//! stored as `yes` and `no` whatever words the survey gives them.

use super::{about, fields, Field, FieldValue, QuestionKind, Shape};
use crate::definition::Choice;
use crate::read::Reader;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct YesNo {
    /// Yes, no, and "prefer not to say" if offered.
    pub options: Vec<Choice>,
}

impl QuestionKind for YesNo {
    const NAME: &'static str = "yes_no";
    const WORDS: &'static str = "yes/no";
    const FIELDS: &'static [Field] = &[
        Field { name: "yes", value: FieldValue::Text, about: about("The words for yes, if not the usual \"Yes\".") },
        Field { name: "no", value: FieldValue::Text, about: about("The words for no, if not the usual \"No\".") },
        fields::PREFER_NOT_TO_SAY,
    ];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let yes = reader.text(question, "yes", path, false).unwrap_or_else(|| reader.ui_text(|w| w.yes()));
        let no = reader.text(question, "no", path, false).unwrap_or_else(|| reader.ui_text(|w| w.no()));
        let mut options = vec![
            Choice { value: "yes".into(), text: yes, exclusive: false },
            Choice { value: "no".into(), text: no, exclusive: false },
        ];
        reader.prefer_not_to_say(question, path, &mut options);
        Some(YesNo { options })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Chosen { options: &self.options, other: false }
    }
}
