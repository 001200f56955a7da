//! speaksafe-core: the survey definition format, the condition language, the respondent engine,
//! the response document and the envelope it is sealed in. No web dependencies: it compiles to
//! wasm32 and natively, so everything the widget shows is decided (and tested) here.

pub mod address;
pub mod answer;
pub mod case;
pub mod cell;
pub mod code;
pub mod compare;
pub mod condition;
pub mod definition;
pub mod document;
pub mod draft;
pub mod envelope;
#[cfg(feature = "checks")]
pub mod identifying;
#[cfg(feature = "organiser")]
pub mod import;
#[cfg(feature = "checks")]
pub mod import_report;
pub mod kind;
pub mod names;
pub mod number;
pub mod pattern;
mod punycode;
pub mod read;
#[cfg(feature = "checks")]
pub mod readability;
pub mod respondent;
pub mod text;
#[cfg(feature = "checks")]
pub mod translations;
pub mod ui;

pub use answer::{Answer, Response, ResponseError};
pub use definition::{Access, Choice, Page, Question, Rule, Survey, FORMAT, OTHER, PREFER_NOT_TO_SAY};
pub use envelope::{open, seal, Envelope, EnvelopeError, PrivateKey, PublicKey};
pub use kind::{Kind, Shape};
pub use read::{read, Checked, Problem};
pub use respondent::{CheckRow, FieldError, Input, Progress, Respondent, Screen};
pub use text::{Direction, Language, Text};
