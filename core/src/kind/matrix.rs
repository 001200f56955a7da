//! A matrix: several rows answered on one set of columns ("How safe is each place?"). A table
//! on wide screens; each row stacks on narrow ones.

use super::{about, Field, FieldValue, QuestionKind, Shape};
use crate::definition::Choice;
use crate::read::Reader;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Matrix {
    pub rows: Vec<Choice>,
    pub columns: Vec<Choice>,
}

impl QuestionKind for Matrix {
    const NAME: &'static str = "matrix";
    const WORDS: &'static str = "matrix";
    const FIELDS: &'static [Field] = &[
        Field {
            name: "rows",
            value: FieldValue::Options { exclusive: false },
            about: about("The rows, each a value and a text: the things asked about."),
        },
        Field {
            name: "columns",
            value: FieldValue::Options { exclusive: false },
            about: about("The columns, each a value and a text: the answers each row is given."),
        },
    ];

    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self> {
        Some(Matrix {
            rows: reader.choices(question, "rows", path, true, false),
            columns: reader.choices(question, "columns", path, true, false),
        })
    }

    fn shape(&self) -> Shape<'_> {
        Shape::Rows { rows: &self.rows, columns: &self.columns }
    }
}
