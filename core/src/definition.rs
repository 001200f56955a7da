//! The survey definition: what an organiser writes in one JSON file (format `speaksafe/1`).
//! `read` turns JSON into these types, collecting every error with its path.

use crate::answer::Answer;
use crate::condition::Condition;
pub use crate::kind::Kind;
use crate::text::{Language, Text};
use crate::ui::Words;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// The format version this crate reads and writes.
pub const FORMAT: &str = "speaksafe/1";

/// The value of the "prefer not to say" option that choice questions can offer.
pub const PREFER_NOT_TO_SAY: &str = "prefer_not_to_say";

/// The value of the "Other, please say" option of a single choice, dropdown or multiple choice.
pub const OTHER: &str = "other";

/// Where the quick exit goes if a survey does not say.
pub const DEFAULT_EXIT_URL: &str = "https://www.bbc.co.uk/weather";

#[derive(Debug, Clone)]
pub struct Survey {
    pub id: String,
    /// The first is the default.
    pub languages: Vec<Language>,
    pub title: Text,
    /// What the browser tab and history show, always.
    pub neutral_title: Text,
    pub intro: Text,
    /// Safety advice on the intro page (quick exit, private browsing).
    pub safety: Option<Text>,
    pub completion: Text,
    pub exit: Exit,
    pub submit: Option<Submit>,
    /// The last day answers are taken (`YYYY-MM-DD`, UTC), if the survey has one.
    pub closes: Option<String>,
    /// Who may answer: anyone with the link, or only someone with an access code.
    pub access: Access,
    pub support: Vec<SupportLine>,
    /// Shared, so that a survey read again after an edit keeps the pages that did not change.
    pub pages: Vec<Arc<Page>>,
    /// The interface words in each language, in the order of `languages`.
    pub words: Vec<Words>,
    /// The languages that some text has an easy-read version in (empty for a version the same
    /// in every language).
    pub easy_read: Vec<String>,
    /// Where each question is: `position[id] = (page, question)`.
    pub(crate) position: HashMap<String, (usize, usize), BuildHasherDefault<IdHasher>>,
    /// The flat number of the first question of each page.
    pub(crate) first_slot: Vec<usize>,
    /// For each question (by flat number), the conditions that read its answer.
    pub(crate) readers: Vec<Vec<Owner>>,
}

/// Hashes question ids for `Survey::position`, which every condition reads through on each answer.
/// Std's SipHash guards a map against keys chosen by an attacker; these keys are the survey's own
/// ids (at most 64 characters each, from the organiser's definition), and a plain multiplicative
/// hash (FxHash's) is several times faster on slow phones.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The owner of a visibility condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Page(usize),
    Question(usize),
}

/// Who may answer a survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// Anyone with the link (the default).
    #[default]
    Open,
    /// Only someone with an access code, which the browser exchanges for a token the collector
    /// signs without seeing it (RSA blind signatures, RFC 9474): one response per code, and no
    /// way to tell which code went with which response.
    Codes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exit {
    pub url: String,
    pub escape: bool,
    pub shift_three_times: bool,
    /// The label of the "Leave this site" button, if the survey words it itself.
    pub button: Option<Text>,
}

impl Default for Exit {
    fn default() -> Self {
        Exit { url: DEFAULT_EXIT_URL.to_string(), escape: true, shift_three_times: true, button: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Submit {
    pub endpoint: String,
    pub public_key: String,
    /// Which version of the survey this is (the SHA-256 of its canonical bytes, in hex), written
    /// in by the collector that serves it; the widget puts it in the sealed response.
    pub version: Option<String>,
    /// Written in by the collector when the survey has closed: the widget says so and takes no
    /// answers.
    pub closed: bool,
    /// For a survey with `"access": "codes"`, written in by the collector once codes have been
    /// issued: the public half of the survey's token key (RSA, its DER in base64url), the one key
    /// every respondent's token is blinded to and checked against. Being in the definition, it is
    /// what `speaksafe verify` and the console show, so a collector that gave each browser a key
    /// of its own (and so could tell their tokens apart) would be seen.
    pub token_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SupportLine {
    pub name: Text,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub text: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub title: Text,
    pub intro: Option<Text>,
    /// Shown before the questions, with a choice to continue or skip the page.
    pub content_note: Option<Text>,
    pub visible_if: Option<Condition>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub text: Text,
    pub hint: Option<Text>,
    pub required: bool,
    pub required_if: Option<Condition>,
    pub visible_if: Option<Condition>,
    /// A question about abuse, identity and the like: free text gets no spellcheck.
    pub sensitive: bool,
    pub rules: Vec<Rule>,
}

impl Question {
    /// Whether the question takes an answer (an information block does not).
    pub fn is_answerable(&self) -> bool {
        self.kind.is_answerable()
    }
}

/// One option of a choice question, a scale point, or a matrix row or column.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub text: Text,
    /// Choosing it clears every other choice ("None of these", "Prefer not to say").
    pub exclusive: bool,
}

/// A validation rule, applied only when the question is answered.
#[derive(Debug, Clone)]
pub enum Rule {
    /// Characters in a text answer.
    Length { min: Option<usize>, max: Option<usize>, message: Text },
    /// A number answer's range.
    Range { min: Option<f64>, max: Option<f64>, message: Text },
    /// A text answer must match.
    Pattern { pattern: crate::pattern::Pattern, message: Text },
}

impl Rule {
    /// The rule's message, if the answer breaks it (a rule judges only typed answers).
    pub fn broken_by(&self, answer: &Answer) -> Option<&Text> {
        let Answer::Text(typed) = answer else { return None };
        let typed = typed.trim();
        let outside =
            |n: f64, min: Option<f64>, max: Option<f64>| min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m);
        match self {
            Rule::Length { min, max, message } => {
                let n = typed.chars().count() as f64;
                outside(n, min.map(|m| m as f64), max.map(|m| m as f64)).then_some(message)
            }
            Rule::Pattern { pattern, message } => (!pattern.is_match(typed)).then_some(message),
            Rule::Range { min, max, message } => {
                crate::number::parse_typed(typed).filter(|&n| outside(n, *min, *max)).map(|_| message)
            }
        }
    }
}

impl Survey {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// The interface words in a language of the survey (the default language's for another).
    pub fn words(&self, code: &str) -> &Words {
        let at = self.languages.iter().position(|l| l.code == code).unwrap_or(0);
        &self.words[at]
    }

    /// Whether a respondent reading `language` can be offered easy read: some text has an
    /// easy-read version in it.
    pub fn offers_easy_read(&self, language: &str) -> bool {
        self.easy_read.iter().any(|code| code.is_empty() || code == language)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.position.get(id).map(|&(p, q)| &self.pages[p].questions[q])
    }

    /// How many questions (information blocks included) the survey has.
    pub fn question_count(&self) -> usize {
        self.readers.len()
    }

    /// How many visibility and requirement conditions the survey has.
    pub fn condition_count(&self) -> usize {
        let pages = self.pages.iter().filter(|p| p.visible_if.is_some()).count();
        let questions: usize =
            self.questions().map(|(_, q)| q.visible_if.is_some() as usize + q.required_if.is_some() as usize).sum();
        pages + questions
    }

    /// Every question with its page number, in order.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.pages.iter().enumerate().flat_map(|(p, page)| page.questions.iter().map(move |q| (p, q)))
    }

    pub(crate) fn slot(&self, page: usize, question: usize) -> usize {
        self.first_slot[page] + question
    }
}
