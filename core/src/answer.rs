//! A respondent's answer to one question, and the response document sent at the end.

use crate::condition::Value;
use crate::definition::{Question, FORMAT, OTHER};
use crate::kind::Shape;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// An answer as the respondent gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Short text, long text, and a number as typed (checked by validation).
    Text(String),
    /// Single choice, dropdown, scale, yes/no: the chosen option's value, and what was typed
    /// for "Other, please say" (kept while another option is chosen, as on a multiple choice,
    /// and sent only with "other").
    Choice { chosen: String, other: String },
    /// Multiple choice: the values chosen, and what was typed for "Other, please say".
    Choices { chosen: Vec<String>, other: String },
    /// Matrix: row value → column value.
    Matrix(BTreeMap<String, String>),
}

impl Answer {
    /// One option chosen, nothing typed.
    pub fn choice(value: impl Into<String>) -> Answer {
        Answer::Choice { chosen: value.into(), other: String::new() }
    }

    /// Whether the answer says nothing (blank text, nothing chosen): it counts as unanswered.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Text(t) => t.trim().is_empty(),
            Answer::Choice { chosen, .. } => chosen.is_empty(),
            Answer::Choices { chosen, .. } => chosen.is_empty(),
            Answer::Matrix(rows) => rows.is_empty(),
        }
    }

    /// What a condition sees of this answer (a matrix row when `row` is given).
    pub(crate) fn value(&self, question: &Question, row: Option<&str>) -> Value {
        match (self, row) {
            (Answer::Matrix(rows), Some(row)) => rows.get(row).map_or(Value::Empty, |c| Value::Text(c.clone())),
            (_, Some(_)) | (Answer::Matrix(_), None) => Value::Empty,
            (Answer::Text(t), None) if is_number(question) => {
                crate::number::parse_typed(t).map_or_else(|| Value::Text(t.clone()), Value::Number)
            }
            (Answer::Text(t) | Answer::Choice { chosen: t, .. }, None) => Value::Text(t.clone()),
            (Answer::Choices { chosen, .. }, None) => Value::List(chosen.clone()),
        }
    }

    /// The answer as it goes into the response document.
    pub(crate) fn to_json(&self, question: &Question) -> Json {
        match self {
            Answer::Text(t) if is_number(question) => match crate::number::parse_typed(t) {
                Some(n) if n.fract() == 0.0 && n.abs() < 9e15 => Json::from(n as i64),
                Some(n) => serde_json::Number::from_f64(n).map_or_else(|| Json::String(t.clone()), Json::Number),
                None => Json::String(t.clone()),
            },
            Answer::Text(t) => Json::String(t.trim_end().to_string()),
            Answer::Choice { chosen, .. } => Json::String(chosen.clone()),
            Answer::Choices { chosen, .. } => Json::Array(chosen.iter().cloned().map(Json::String).collect()),
            Answer::Matrix(rows) => {
                Json::Object(rows.iter().map(|(r, c)| (r.clone(), Json::String(c.clone()))).collect())
            }
        }
    }

    /// The "Other, please say" text, when "other" is chosen and something was typed.
    pub fn other_text(&self) -> Option<&str> {
        let (chosen, other) = match self {
            Answer::Choices { chosen, other } => (chosen.iter().any(|c| c == OTHER), other),
            Answer::Choice { chosen, other } => (chosen == OTHER, other),
            _ => return None,
        };
        Some(other.trim()).filter(|typed| chosen && !typed.is_empty())
    }
}

/// Whether the question's answers are numbers typed in.
fn is_number(question: &Question) -> bool {
    matches!(question.kind.shape(), Shape::Typed { number: true })
}

/// The response document: what the respondent submits, encrypted, and what the organiser opens.
/// It holds the survey, the language and the answers: no time and nothing about the device.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub survey: String,
    /// The version of the survey answered (its SHA-256, as the collector served it), when known.
    pub version: Option<String>,
    pub language: String,
    /// Question id → answer, for visible, answered questions only.
    pub answers: Map<String, Json>,
    /// Question id → the "Other, please say" text.
    pub other: Map<String, Json>,
    /// The record key: a number drawn uniformly from the whole `u32` range by the widget when the
    /// respondent submits, sealed with the answers. It says nothing about the respondent; the
    /// organiser's results add up the keys of the responses in each count to perturb it the same
    /// way every time it is published (the cell key method). The collector never sees it and no
    /// export writes it out. `None` in responses sealed before it existed.
    pub key: Option<u32>,
}

/// Why a response document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ResponseError(pub String);

impl Response {
    pub fn to_json(&self) -> String {
        let mut doc = Map::new();
        doc.insert("format".into(), Json::String(FORMAT.into()));
        doc.insert("survey".into(), Json::String(self.survey.clone()));
        if let Some(version) = &self.version {
            doc.insert("version".into(), Json::String(version.clone()));
        }
        doc.insert("language".into(), Json::String(self.language.clone()));
        doc.insert("answers".into(), Json::Object(self.answers.clone()));
        if !self.other.is_empty() {
            doc.insert("other".into(), Json::Object(self.other.clone()));
        }
        if let Some(key) = self.key {
            doc.insert("key".into(), Json::from(key));
        }
        Json::Object(doc).to_string()
    }

    pub fn from_json(json: &str) -> Result<Response, ResponseError> {
        let doc: Json =
            serde_json::from_str(json).map_err(|e| ResponseError(format!("not a response document: {e}")))?;
        // Taken apart rather than copied: opening 100,000 responses reads 100,000 of these.
        let mut doc = match doc {
            Json::Object(doc) => doc,
            _ => Map::new(),
        };
        let no = |name: &str| ResponseError(format!("the response has no \"{name}\""));
        let text = |doc: &Map<String, Json>, name: &str| match doc.get(name) {
            None => Err(no(name)),
            Some(Json::String(text)) => Ok(text.clone()),
            Some(_) => Err(ResponseError(format!("\"{name}\" is not a string"))),
        };
        let object = |doc: &mut Map<String, Json>, name: &str| match doc.remove(name) {
            None => Ok(Map::new()),
            Some(Json::Object(m)) => Ok(m),
            Some(_) => Err(ResponseError(format!("\"{name}\" is not an object"))),
        };
        if text(&doc, "format")? != FORMAT {
            return Err(ResponseError(format!("the response is not in format {FORMAT}")));
        }
        if !doc.contains_key("answers") {
            return Err(no("answers"));
        }
        let version = match doc.get("version") {
            None => None,
            Some(Json::String(v)) => Some(v.clone()),
            Some(_) => return Err(ResponseError("\"version\" is not a string".into())),
        };
        let (survey, language) = (text(&doc, "survey")?, text(&doc, "language")?);
        let key = match doc.get("key") {
            None => None,
            Some(key) => Some(key.as_u64().and_then(|k| u32::try_from(k).ok()).ok_or_else(|| {
                ResponseError(format!("\"key\" is {key}, not a whole number from 0 to {}", u32::MAX))
            })?),
        };
        Ok(Response {
            survey,
            version,
            language,
            answers: object(&mut doc, "answers")?,
            other: object(&mut doc, "other")?,
            key,
        })
    }
}
