//! Opened answers as they are kept while the results are worked on: compact, and shared.
//!
//! A response document read with serde_json is a map of `String` keys to `Value`s, every question
//! id and every option value its own allocation, in every response. With 100,000 responses open
//! in the console's worker, whose memory never shrinks, that was most of its memory. Here an
//! answer is an [`Answer`] (a string is an `Arc<str>`), and the words a survey's answers are made
//! of (its question ids, its option, row and column values, its languages, the days and versions
//! seen) are allocated once, in [`Shared`], and shared by every response that gives them. Free
//! text stays its own.

use serde_json::Value;
use speaksafe_core::{Shape, Survey, OTHER, PREFER_NOT_TO_SAY};
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

/// An answer as the response document gave it: whatever JSON it was, kept whole, so that the
/// readers see exactly what they saw in the document ([`Answer::to_json`] gives it back).
#[derive(Clone, PartialEq)]
pub enum Answer {
    /// A string: an option's value, or what was typed.
    Text(Arc<str>),
    /// A number, as its JSON text (what serde_json writes for it).
    Number(Arc<str>),
    Bool(bool),
    Null,
    /// An array: the options ticked.
    List(Box<[Answer]>),
    /// An object, its keys in order: a matrix's rows and the column chosen in each.
    Rows(Box<[(Arc<str>, Answer)]>),
}

impl Answer {
    /// The string, when it is one (`Value::as_str`).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Answer::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Answer::Text(_))
    }

    /// The items, when it is an array (`Value::as_array`).
    pub fn as_list(&self) -> Option<&[Answer]> {
        match self {
            Answer::List(items) => Some(items),
            _ => None,
        }
    }

    /// The value of `key`, when it is an object that has it (`Value::get` with a key).
    pub fn get(&self, key: &str) -> Option<&Answer> {
        match self {
            Answer::Rows(rows) => rows.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// As JSON again: the value it was read from.
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Text(text) => Value::String(text.to_string()),
            // Written by serde_json from a number, so it reads back as the same number.
            Answer::Number(text) => text.parse::<serde_json::Number>().map_or(Value::Null, Value::Number),
            Answer::Bool(b) => Value::Bool(*b),
            Answer::Null => Value::Null,
            Answer::List(items) => Value::Array(items.iter().map(Answer::to_json).collect()),
            Answer::Rows(rows) => Value::Object(rows.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect()),
        }
    }
}

/// Its JSON text, as `Value`'s `Display` writes it.
impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Number(text) => f.write_str(text),
            Answer::Bool(b) => write!(f, "{b}"),
            Answer::Null => f.write_str("null"),
            other => write!(f, "{}", other.to_json()),
        }
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// How many words [`Shared`] takes in beyond the survey's own (days, versions, languages): a
/// response's version and language are what its sender wrote, and a set that grew without end
/// with them would cost more than it saves. Past it they are kept like free text, each its own.
pub(crate) const MORE_WORDS: usize = 4096;

/// The words responses share: each allocated once however many responses give it.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    words: HashSet<Arc<str>>,
    /// How many were taken in as they came (not from the survey).
    more: usize,
}

impl Shared {
    /// The words of `survey`'s answers: its question ids, option, row and column values and
    /// language codes ("other" and "prefer not to say" too).
    pub fn of(survey: &Survey) -> Shared {
        let mut words: HashSet<Arc<str>> = HashSet::new();
        let mut add = |word: &str| {
            if !words.contains(word) {
                words.insert(Arc::from(word));
            }
        };
        add(OTHER);
        add(PREFER_NOT_TO_SAY);
        for language in &survey.languages {
            add(&language.code);
        }
        for (_, question) in survey.questions() {
            add(&question.id);
            let (options, rows): (&[speaksafe_core::Choice], &[speaksafe_core::Choice]) = match question.kind.shape() {
                Shape::Chosen { options, .. } | Shape::Ticked { options, .. } => (options, &[]),
                Shape::Rows { rows, columns } => (columns, rows),
                Shape::Typed { .. } | Shape::Nothing => (&[], &[]),
            };
            for choice in options.iter().chain(rows) {
                add(&choice.value);
            }
        }
        Shared { words, more: 0 }
    }

    /// How many words are kept.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `text`, shared when it is one of the words; its own otherwise (free text, an answer to a
    /// question the survey does not have).
    pub fn word(&self, text: String) -> Arc<str> {
        match self.words.get(text.as_str()) {
            Some(word) => Arc::clone(word),
            None => Arc::from(text),
        }
    }

    /// `text` shared, taken in as a word if it is not one yet (a day, a version: the same for
    /// many responses that are not in the survey's definition), while there is room.
    pub fn take(&mut self, text: &str) -> Arc<str> {
        if let Some(word) = self.words.get(text) {
            return Arc::clone(word);
        }
        let word: Arc<str> = Arc::from(text);
        if self.more < MORE_WORDS {
            self.more += 1;
            self.words.insert(Arc::clone(&word));
        }
        word
    }

    /// Takes in the words `other` took in as they came (a thread's, opening its share).
    pub fn join(&mut self, other: Shared) {
        for word in other.words {
            if self.more >= MORE_WORDS {
                break;
            }
            if !self.words.contains(&word) {
                self.more += 1;
                self.words.insert(word);
            }
        }
    }

    /// An answer, compact: strings shared where they are words (the options of every kind of
    /// question, the rows of a matrix), free text its own.
    pub fn answer(&self, value: Value) -> Answer {
        match value {
            Value::String(text) => Answer::Text(self.word(text)),
            Value::Number(n) => Answer::Number(Arc::from(n.to_string())),
            Value::Bool(b) => Answer::Bool(b),
            Value::Null => Answer::Null,
            Value::Array(items) => Answer::List(items.into_iter().map(|v| self.answer(v)).collect()),
            Value::Object(map) => Answer::Rows(self.answers(map)),
        }
    }

    /// A map of answers (question id → answer, or row → column), compact, in the map's order.
    pub fn answers(&self, map: serde_json::Map<String, Value>) -> Box<[(Arc<str>, Answer)]> {
        map.into_iter().map(|(k, v)| (self.word(k), self.answer(v))).collect()
    }

    /// Whether `word` is the one kept here (not an equal copy).
    pub fn holds(&self, word: &Arc<str>) -> bool {
        self.words.get(&**word).is_some_and(|kept| Arc::ptr_eq(kept, word))
    }
}
