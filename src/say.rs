//! What every component needs to put words on screen: the survey and the respondent's language.

use speaksafe_core::ui::{self, Words};
use speaksafe_core::{Survey, Text};
use std::rc::Rc;
use yew::AttrValue;

/// The survey's texts in the respondent's language. Shared through a Yew context.
#[derive(Clone, Debug)]
pub struct Say {
    pub survey: Rc<Survey>,
    pub language: AttrValue,
}

impl PartialEq for Say {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.survey, &other.survey) && self.language == other.language
    }
}

impl Say {
    /// A survey text in the respondent's language.
    pub fn text<'a>(&'a self, text: &'a Text) -> &'a str {
        text.get(&self.language, &self.survey.default_language().code)
    }

    /// The interface words in the respondent's language.
    pub fn words(&self) -> &'static Words {
        ui::words(&self.language)
    }
}
