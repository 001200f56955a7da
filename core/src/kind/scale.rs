//! A scale: numbered points ("1" to "5", with words at the ends) or labelled ones ("Agree a
//! lot" … "Disagree a lot"), shown as a row of radio buttons.

use super::{about, fields, Field, FieldValue, QuestionKind, Shape};
use crate::definition::Choice;
use crate::number::text as number_text;
use crate::read::Reader;
use crate::text::Text;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Scale {
    /// The points, "prefer not to say" included, last.
    pub points: Vec<Choice>,
    /// Words beside the first point.
    pub min_label: Option<Text>,
    /// Words beside the last point.
    pub max_label: Option<Text>,
}

impl QuestionKind for Scale {
    const NAME: &'static str = "scale";
    const WORDS: &'static str = "scale";
    const ORDERED: bool = true;
    const FIELDS: &'static [Field] = &[
        Field { name: "min", value: FieldValue::Number, about: about("A numbered scale's first point (default 1).") },
        Field { name: "max", value: FieldValue::Number, about: about("A numbered scale's last point (2 to 11 points in all).") },
        Field { name: "min_label", value: FieldValue::Text, about: about("Words beside the first point (\"Not safe\").") },
        Field { name: "max_label", value: FieldValue::Text, about: about("Words beside the last point (\"Very safe\").") },
        Field {
            name: "options",
            value: FieldValue::Options { exclusive: false },
            about: about("A labelled scale's points, in order, instead of min and max."),
        },
        fields::PREFER_NOT_TO_SAY,
    ];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        let min_label = reader.text(question, "min_label", path, false);
        let max_label = reader.text(question, "max_label", path, false);
        let mut points = if question.contains_key("options") {
            if question.contains_key("min") || question.contains_key("max") {
                reader.error(path, "a scale has either \"options\" (labelled) or \"min\" and \"max\" (numbered), not both");
            }
            reader.choices(question, "options", path, true, false)
        } else {
            numbered(reader, question, path)?
        };
        reader.prefer_not_to_say(question, path, &mut points);
        Some(Scale { points, min_label, max_label })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Chosen { options: &self.points, other: false }
    }
}

/// The points of a numbered scale, from `min` (1 if not given) to `max`.
fn numbered(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Vec<Choice>> {
    let min = reader.number(question, "min", path).unwrap_or(1.0);
    let Some(max) = reader.number(question, "max", path) else {
        reader.error(&format!("{path}.max"), "missing; a numbered scale needs \"max\" (e.g. 5), or give labelled \"options\"");
        return None;
    };
    if min.fract() != 0.0 || max.fract() != 0.0 || max - min < 1.0 || max - min > 10.0 {
        reader.error(
            path,
            format!(
                "a numbered scale runs between two whole numbers 2 to 11 points apart; found {} to {}",
                number_text(min),
                number_text(max)
            ),
        );
        return None;
    }
    Some(
        (min as i64..=max as i64)
            .map(|n| Choice { value: n.to_string(), text: Text::plain(n.to_string()), exclusive: false })
            .collect(),
    )
}
