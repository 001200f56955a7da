//! What each kind of question shows: one module a kind, named as in `speaksafe-core`'s list of
//! kinds (`speaksafe_core::each_kind!`), from which the dispatch below is made. Each builds its
//! control from the leaf components beside this folder (radios, checkboxes, a dropdown, a
//! matrix, a text answering); the label or legend, hint and error around it are `QuestionField`'s.

use crate::components::other_box::OtherText;
use crate::say::Say;
use speaksafe_core::kind::*;
use speaksafe_core::{Answer, Input, Question};
use yew::prelude::*;

/// A question being answered: what every kind's control is given.
pub struct Answering<'a> {
    pub question: &'a Question,
    pub answer: Option<&'a Answer>,
    /// Whether the question has an error shown.
    pub invalid: bool,
    /// The ids of the hint and the error, for `aria-describedby`.
    pub described_by: Option<AttrValue>,
    /// What the respondent does to the answer.
    pub on_input: Callback<Input>,
    pub say: &'a Say,
}

impl Answering<'_> {
    /// The question's id: the name of its inputs.
    pub fn name(&self) -> String {
        self.question.id.clone()
    }

    /// The value chosen, for the kinds whose answer is one option.
    pub fn chosen(&self) -> Option<AttrValue> {
        match self.answer {
            Some(Answer::Choice { chosen, .. }) => Some(AttrValue::from(chosen.clone())),
            _ => None,
        }
    }

    /// Reports a choice (or, with `None`, a cleared one) as the answer.
    pub fn on_choose(&self) -> Callback<Option<AttrValue>> {
        self.on_input.reform(|value: Option<AttrValue>| match value {
            Some(value) => Input::Choose(value.to_string()),
            None => Input::Give(None),
        })
    }

    /// "Other, please say", if the question offers it (`offered`): what was typed, and where
    /// typing goes.
    pub fn other(&self, offered: bool) -> Option<OtherText> {
        offered.then(|| OtherText {
            typed: match self.answer {
                Some(Answer::Choice { other, .. } | Answer::Choices { other, .. }) => AttrValue::from(other.clone()),
                _ => AttrValue::default(),
            },
            sensitive: self.question.sensitive,
            on_other: self.on_other(),
        })
    }

    /// Reports what is typed for "Other, please say".
    pub fn on_other(&self) -> Callback<String> {
        self.on_input.reform(Input::Other)
    }

    /// What was typed, for the kinds whose answer is typed in.
    pub fn typed(&self) -> AttrValue {
        match self.answer {
            Some(Answer::Text(t)) => AttrValue::from(t.clone()),
            _ => AttrValue::default(),
        }
    }

    /// Reports what is typed as the answer.
    pub fn on_type(&self) -> Callback<String> {
        self.on_input.reform(|text: String| Input::Give(Some(Answer::Text(text))))
    }
}

/// A kind's control, and how the question's text goes with it.
pub enum Control {
    /// Several inputs: in a fieldset, the question its legend.
    Grouped(Html),
    /// One input: after a label, the question, `for` the answering.
    Labelled(Html),
    /// No input: shown as it is (an information block).
    Alone(Html),
}

macro_rules! controls {
    ($($module:ident $Kind:ident,)*) => {
        $(mod $module;)*

        /// The control for a question of this kind.
        pub fn control(kind: &Kind, answering: &Answering) -> Control {
            match kind {
                $(Kind::$Kind(kind) => $module::control(kind, answering),)*
            }
        }
    };
}

speaksafe_core::each_kind!(controls);
