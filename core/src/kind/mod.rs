//! The kinds of question, each in a module of its own: what it reads from the definition, what
//! its answers look like, and how an answer is checked. Everything else (the respondent engine,
//! the response, the export, the summary, the widget) works from what a kind declares here, so
//! a new kind is a new module and one line in [`each_kind!`]. See docs/architecture.md.
//!
//! What a kind's answers look like is its [`Shape`]: typed in, one option chosen, options
//! ticked, or one column chosen per row. The shape decides how an answer is stored, described,
//! exported and counted; a kind adds only what is its own (a number's range, a text's length).

use crate::answer::Answer;
use crate::definition::Choice;
use crate::read::Reader;
use crate::ui::Words;
use serde_json::{Map, Value};

/// Every kind of question, as `module Type`, in the order the format documents them. The one
/// list of kinds: [`Kind`] is made from it here, and the widget makes its dispatch to each
/// kind's component from it (`speaksafe_core::each_kind!(…)` in src/components/kinds/).
#[macro_export]
macro_rules! each_kind {
    ($then:ident) => {
        $then! {
            single_choice SingleChoice,
            multiple_choice MultipleChoice,
            dropdown Dropdown,
            short_text ShortText,
            long_text LongText,
            number Number,
            scale Scale,
            matrix Matrix,
            yes_no YesNo,
            info Info,
        }
    };
}

/// What a kind's answers look like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape<'a> {
    /// Typed in ([`Answer::Text`]): a text, or a number when `number`.
    Typed { number: bool },
    /// One option chosen ([`Answer::Choice`]), and, when `other`, what was typed for "Other,
    /// please say".
    Chosen { options: &'a [Choice], other: bool },
    /// Any of the options ticked ([`Answer::Choices`]), and, when `other`, what was typed for
    /// "Other, please say".
    Ticked { options: &'a [Choice], other: bool },
    /// One column chosen in each row ([`Answer::Matrix`]).
    Rows { rows: &'a [Choice], columns: &'a [Choice] },
    /// No answer: an information block.
    Nothing,
}

impl<'a> Shape<'a> {
    /// The options a respondent picks from (none for typed answers and matrices).
    pub fn options(self) -> &'a [Choice] {
        match self {
            Shape::Chosen { options, .. } | Shape::Ticked { options, .. } => options,
            _ => &[],
        }
    }
}

/// A field a kind adds to the question's common ones, as the definition writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub value: FieldValue,
    /// What it is, in the organiser's words (empty in the widget: see [`about`]).
    pub about: &'static str,
}

/// A field's description, for the organiser's tools only (the studio, `check`): the widget never
/// shows one, so without the `checks` feature it is empty and its words stay out of the
/// respondent's wasm.
pub const fn about(words: &'static str) -> &'static str {
    if cfg!(feature = "checks") {
        words
    } else {
        ""
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue {
    /// A list of `{value, text}`; with `exclusive` where the options may be exclusive.
    Options { exclusive: bool },
    /// A text, in each language.
    Text,
    /// `true` for the built-in "Prefer not to say", or a text of the survey's own.
    PreferNotToSay,
    /// A whole number (of characters).
    Count,
    /// A number.
    Number,
    /// `true` or `false`.
    Flag,
}

/// The fields several kinds share.
pub(crate) mod fields {
    use super::{about, Field, FieldValue};

    pub const OPTIONS: Field = Field {
        name: "options",
        value: FieldValue::Options { exclusive: false },
        about: about("The options, each a value (the name stored) and a text (what the respondent reads)."),
    };
    pub const PREFER_NOT_TO_SAY: Field = Field {
        name: "prefer_not_to_say",
        value: FieldValue::PreferNotToSay,
        about: about("Offer \"Prefer not to say\" as the last option (true, or your own words)."),
    };
    pub const OTHER: Field = Field {
        name: "other",
        value: FieldValue::Text,
        about: about("Offer \"Other\" with a box to say what: the option's words."),
    };
    pub const MAX_LENGTH: Field =
        Field { name: "max_length", value: FieldValue::Count, about: about("The most characters an answer may have.") };
}

/// What every kind of question is: one module each, in this folder.
pub(crate) trait QuestionKind: Sized {
    /// The name in the definition's `kind` field.
    const NAME: &'static str;
    /// The kind in an organiser's words ("single choice").
    const WORDS: &'static str;
    /// The fields it takes besides the common ones.
    const FIELDS: &'static [Field];
    /// The validation rules it takes (`length`, `range`, `pattern`).
    const RULES: &'static [&'static str] = &[];
    /// Whether its options are points in order (a scale): conditions may ask whether an answer
    /// is "at most" one of them when the options' values are numbers.
    const ORDERED: bool = false;

    /// Reads its fields from the question's object; `None` if they cannot make a question (the
    /// reader has the errors, with their paths).
    fn read(reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Self>;

    /// What its answers look like.
    fn shape(&self) -> Shape<'_>;

    /// An answer the kind cannot read at all (a number that is not one): said before any of the
    /// survey's rules, which could not judge it.
    fn unreadable(&self, _answer: &Answer, _words: &Words) -> Option<String> {
        None
    }

    /// An answer past the kind's own limits (a number out of its range, a text over its
    /// length): said after the survey's own rules, whose words usually say it better.
    fn beyond_limits(&self, _answer: &Answer, _words: &Words) -> Option<String> {
        None
    }
}

/// "Your answer must be N characters or fewer", for a typed answer over `max` characters.
fn too_long(answer: &Answer, max: usize, words: &Words) -> Option<String> {
    match answer {
        Answer::Text(typed) if typed.chars().count() > max => {
            Some(crate::ui::fill(words.error_too_long(), &[("max", &max.to_string())]))
        }
        _ => None,
    }
}

macro_rules! kinds {
    ($($module:ident $Kind:ident,)*) => {
        $(
            mod $module;
            pub use $module::$Kind;
        )*

        /// A question's kind, with what is its own.
        #[derive(Debug, Clone)]
        pub enum Kind {
            $($Kind($Kind),)*
        }

        impl Kind {
            /// Every kind's name, as the definition writes it.
            pub const NAMES: &'static [&'static str] = &[$($Kind::NAME,)*];

            /// The name in the definition's `kind` field.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Kind::$Kind(_) => $Kind::NAME,)*
                }
            }

            /// The kind in an organiser's words ("single choice").
            pub fn words(&self) -> &'static str {
                match self {
                    $(Kind::$Kind(_) => $Kind::WORDS,)*
                }
            }

            /// What its answers look like.
            pub fn shape(&self) -> Shape<'_> {
                match self {
                    $(Kind::$Kind(kind) => kind.shape(),)*
                }
            }

            /// Whether its options are points in order (see `QuestionKind::ORDERED`).
            pub fn ordered(&self) -> bool {
                match self {
                    $(Kind::$Kind(_) => $Kind::ORDERED,)*
                }
            }

            /// An answer the kind cannot read at all (a number that is not one).
            pub fn unreadable(&self, answer: &Answer, words: &Words) -> Option<String> {
                match self {
                    $(Kind::$Kind(kind) => kind.unreadable(answer, words),)*
                }
            }

            /// An answer past the kind's own limits (a number out of range, a text too long).
            pub fn beyond_limits(&self, answer: &Answer, words: &Words) -> Option<String> {
                match self {
                    $(Kind::$Kind(kind) => kind.beyond_limits(answer, words),)*
                }
            }

            /// The fields a kind of this name takes besides the common ones.
            pub fn fields(name: &str) -> Option<&'static [Field]> {
                $(if name == $Kind::NAME {
                    return Some($Kind::FIELDS);
                })*
                None
            }

            /// The validation rules a kind of this name takes.
            pub fn rules(name: &str) -> &'static [&'static str] {
                $(if name == $Kind::NAME {
                    return $Kind::RULES;
                })*
                &[]
            }

            /// The kind of this name in an organiser's words.
            pub fn words_for(name: &str) -> Option<&'static str> {
                $(if name == $Kind::NAME {
                    return Some($Kind::WORDS);
                })*
                None
            }

            /// Reads a question of the kind named `name` (a name in [`Kind::NAMES`]).
            pub(crate) fn read(name: &str, reader: &mut Reader, question: &Map<String, Value>, path: &str) -> Option<Kind> {
                $(if name == $Kind::NAME {
                    return $Kind::read(reader, question, path).map(Kind::$Kind);
                })*
                None
            }
        }
    };
}

each_kind!(kinds);

impl Kind {
    /// The options a respondent picks from (choice kinds, scales and yes/no), "prefer not to
    /// say" included.
    pub fn options(&self) -> &[Choice] {
        self.shape().options()
    }

    /// Whether the question takes an answer (an information block does not).
    pub fn is_answerable(&self) -> bool {
        !matches!(self.shape(), Shape::Nothing)
    }
}
