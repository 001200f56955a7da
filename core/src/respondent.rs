//! The respondent engine: one person's way through a survey, as a pure state machine.
//!
//! It decides everything the widget shows: which screen, which pages and questions are visible,
//! what is wrong with the current page, progress, the "check your answers" list, and the response.
//! Visibility is recomputed only for the conditions that read a changed answer.

use crate::answer::{Answer, Response};
use crate::condition::{Lookup, Value};
use crate::definition::{Choice, Owner, Question, Survey, OTHER};
use crate::kind::Shape;
use crate::text::{Language, Text};
use crate::ui::{fill, Words};
use std::collections::BTreeMap;
use std::rc::Rc;

/// What the respondent is looking at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Intro,
    /// A page's content note, before its questions.
    ContentNote(usize),
    Page(usize),
    Check,
    Complete,
}

/// A problem with one answer on the current page, in the respondent's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub question: String,
    pub message: String,
}

/// What a respondent does to one question's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Gives, changes or (with `None`, or an empty answer) clears the answer.
    Give(Option<Answer>),
    /// Chooses one option of a single choice, dropdown, scale or yes/no, keeping what was typed
    /// for "Other" (should "Other" be chosen again).
    Choose(String),
    /// Ticks or unticks one option of a multiple-choice question.
    Tick { value: String, on: bool },
    /// Types what "Other, please say" asks for (which chooses "Other").
    Other(String),
    /// Answers one row of a matrix (`None` clears it).
    Row { row: String, column: Option<String> },
}

/// "Page k of n" over the visible pages, and answered of visible questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub page: usize,
    pub pages: usize,
    pub answered: usize,
    pub questions: usize,
}

/// One line of "check your answers".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub question: String,
    pub text: String,
    /// The answer as the respondent saw it; one entry per line (matrix rows, "other" text).
    pub answer: Vec<String>,
    pub answered: bool,
    pub page: usize,
}

#[derive(Debug, Clone)]
pub struct Respondent {
    survey: Rc<Survey>,
    language: usize,
    /// By flat question number.
    answers: Vec<Option<Answer>>,
    /// Whether each question's own condition holds (ignoring its page).
    shown: Vec<bool>,
    page_shown: Vec<bool>,
    /// A preview's "show hidden questions": every page and question is shown, whatever the
    /// conditions say (which still decide what answers the conditions see, and the response).
    reveal: bool,
    screen: Screen,
    /// Screens to go Back to.
    trail: Vec<Screen>,
    /// Changing an answer from "check your answers": go back there after the page.
    returning: bool,
    errors: Vec<FieldError>,
}

/// Whether an answer has the shape of the question's kind and uses only values it offers
/// (an empty choice, which clears the answer, always fits).
fn fits(question: &Question, answer: &Answer) -> bool {
    let offered = |options: &[Choice], v: &str| options.iter().any(|c| c.value == v);
    match (question.kind.shape(), answer) {
        (Shape::Typed { .. }, Answer::Text(_)) => true,
        (Shape::Chosen { options, other }, Answer::Choice { chosen, other: typed }) => {
            (chosen.is_empty() || offered(options, chosen)) && (other || typed.is_empty())
        }
        (Shape::Ticked { options, .. }, Answer::Choices { chosen, .. }) => chosen.iter().all(|c| offered(options, c)),
        (Shape::Rows { rows, columns }, Answer::Matrix(given)) => {
            given.iter().all(|(r, c)| offered(rows, r) && offered(columns, c))
        }
        _ => false,
    }
}

struct Answers<'a>(&'a Respondent);

impl Lookup for Answers<'_> {
    fn value(&self, question: &str, row: Option<&str>) -> Value {
        let r = self.0;
        let Some(&(p, q)) = r.survey.position.get(question) else { return Value::Empty };
        let slot = r.survey.slot(p, q);
        match &r.answers[slot] {
            Some(answer) if r.visible_slot(p, slot) => answer.value(&r.survey.pages[p].questions[q], row),
            _ => Value::Empty,
        }
    }
}

impl Respondent {
    pub fn new(survey: Rc<Survey>) -> Respondent {
        let n = survey.question_count();
        let mut respondent = Respondent {
            answers: vec![None; n],
            shown: vec![true; n],
            page_shown: vec![true; survey.pages.len()],
            reveal: false,
            survey,
            language: 0,
            screen: Screen::Intro,
            trail: Vec::new(),
            returning: false,
            errors: Vec::new(),
        };
        respondent.recompute_all();
        respondent
    }

    pub fn survey(&self) -> &Survey {
        &self.survey
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn language(&self) -> &Language {
        &self.survey.languages[self.language]
    }

    /// Switches language; false if the survey is not offered in it.
    pub fn set_language(&mut self, code: &str) -> bool {
        match self.survey.languages.iter().position(|l| l.code == code) {
            Some(i) => {
                self.language = i;
                // Messages already shown follow the new language.
                if !self.errors.is_empty() {
                    self.errors = self.validate_current();
                }
                true
            }
            None => false,
        }
    }

    /// A survey text in the respondent's language.
    pub fn text<'a>(&'a self, text: &'a Text) -> &'a str {
        text.get(&self.language().code, &self.survey.languages[0].code)
    }

    /// The interface words in the respondent's language.
    pub fn words(&self) -> &Words {
        self.survey.words(&self.language().code)
    }

    fn slot_of(&self, id: &str) -> Option<(usize, usize, usize)> {
        self.survey.position.get(id).map(|&(p, q)| (p, q, self.survey.slot(p, q)))
    }

    fn visible_slot(&self, page: usize, slot: usize) -> bool {
        self.page_shown[page] && self.shown[slot]
    }

    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.slot_of(id).and_then(|(_, _, s)| self.answers[s].as_ref())
    }

    /// Whether a question is shown now (its page and its own condition).
    pub fn is_visible(&self, id: &str) -> bool {
        self.slot_of(id).is_some_and(|(p, _, s)| self.visible_slot(p, s))
    }

    pub fn is_page_visible(&self, page: usize) -> bool {
        self.reveal && page < self.page_shown.len() || self.page_shown.get(page).copied().unwrap_or(false)
    }

    /// Gives, changes or (with `None` or an empty answer) clears an answer.
    /// An answer that does not fit the question (another kind's shape, a value it does not
    /// offer) is ignored, so the response only ever holds what the definition allows.
    pub fn set_answer(&mut self, id: &str, answer: Option<Answer>) {
        let Some((p, q, slot)) = self.slot_of(id) else { return };
        if answer.as_ref().is_some_and(|a| !fits(&self.survey.pages[p].questions[q], a)) {
            return;
        }
        let answer =
            answer.filter(|a| !a.is_empty() || matches!(a, Answer::Choices { other, .. } if !other.is_empty()));
        if self.answers[slot] == answer {
            return;
        }
        self.answers[slot] = answer;
        self.recompute_from(slot);
        if !self.errors.is_empty() {
            // Keep the error summary true as the respondent fixes things, and about questions
            // that are still shown.
            let errors = std::mem::take(&mut self.errors);
            self.errors = errors.into_iter().filter(|e| e.question != id && self.is_visible(&e.question)).collect();
        }
    }

    /// What the respondent did to a question's answer.
    pub fn input(&mut self, id: &str, input: Input) {
        match input {
            Input::Give(answer) => self.set_answer(id, answer),
            Input::Choose(value) => self.choose(id, &value),
            Input::Tick { value, on } => self.toggle(id, &value, on),
            Input::Other(text) => self.set_other(id, &text),
            Input::Row { row, column } => self.set_matrix_row(id, &row, column.as_deref()),
        }
    }

    /// Ticks or unticks one option of a multiple-choice question, keeping exclusive options alone.
    pub fn toggle(&mut self, id: &str, value: &str, on: bool) {
        let Some(question) = self.survey.question(id) else { return };
        let exclusive = |v: &str| question.kind.options().iter().any(|c: &Choice| c.value == v && c.exclusive);
        let (mut chosen, other) = match self.answer(id) {
            Some(Answer::Choices { chosen, other }) => (chosen.clone(), other.clone()),
            _ => (Vec::new(), String::new()),
        };
        chosen.retain(|c| c != value);
        if on {
            if exclusive(value) {
                chosen.clear();
            } else {
                chosen.retain(|c| !exclusive(c));
            }
            chosen.push(value.to_string());
            // Keep the order of the options, not of the clicks.
            let order = |v: &String| question.kind.options().iter().position(|c| &c.value == v);
            chosen.sort_by_key(order);
        }
        self.set_answer(id, Some(Answer::Choices { chosen, other }));
    }

    /// Chooses one option, keeping what was typed for "Other".
    pub fn choose(&mut self, id: &str, value: &str) {
        let other = match self.answer(id) {
            Some(Answer::Choice { other, .. }) => other.clone(),
            _ => String::new(),
        };
        self.set_answer(id, Some(Answer::Choice { chosen: value.to_string(), other }));
    }

    /// Sets the "Other, please say" text: on a multiple choice, ticking "Other" if nothing is
    /// ticked yet; on a single choice or dropdown, choosing "Other".
    pub fn set_other(&mut self, id: &str, text: &str) {
        let Some(question) = self.survey.question(id) else { return };
        let other = text.to_string();
        let answer = match (question.kind.shape(), self.answer(id)) {
            (Shape::Ticked { .. }, Some(Answer::Choices { chosen, .. })) => {
                Answer::Choices { chosen: chosen.clone(), other }
            }
            (Shape::Ticked { .. }, _) => Answer::Choices { chosen: vec![OTHER.to_string()], other },
            _ => Answer::Choice { chosen: OTHER.to_string(), other },
        };
        self.set_answer(id, Some(answer));
    }

    /// Answers one row of a matrix.
    pub fn set_matrix_row(&mut self, id: &str, row: &str, column: Option<&str>) {
        let mut rows = match self.answer(id) {
            Some(Answer::Matrix(rows)) => rows.clone(),
            _ => BTreeMap::new(),
        };
        match column {
            Some(c) => rows.insert(row.to_string(), c.to_string()),
            None => rows.remove(row),
        };
        self.set_answer(id, Some(Answer::Matrix(rows)));
    }

    fn recompute_all(&mut self) {
        for p in 0..self.survey.pages.len() {
            self.page_shown[p] = self.evaluate_page(p);
        }
        for p in 0..self.survey.pages.len() {
            for q in 0..self.survey.pages[p].questions.len() {
                let slot = self.survey.slot(p, q);
                self.shown[slot] = self.evaluate_question(p, q);
            }
        }
        // Conditions may read later questions: settle by propagating from every question once.
        for slot in 0..self.answers.len() {
            self.recompute_from(slot);
        }
    }

    fn evaluate_page(&self, p: usize) -> bool {
        self.survey.pages[p].visible_if.as_ref().is_none_or(|c| c.evaluate(&Answers(self)))
    }

    fn evaluate_question(&self, p: usize, q: usize) -> bool {
        self.survey.pages[p].questions[q].visible_if.as_ref().is_none_or(|c| c.evaluate(&Answers(self)))
    }

    fn page_of_slot(&self, slot: usize) -> usize {
        self.survey.first_slot.partition_point(|&first| first <= slot) - 1
    }

    /// Re-evaluates only the conditions that read `changed`, and onwards while visibility changes.
    /// Conditions are acyclic (checked when the survey is read), so this ends.
    fn recompute_from(&mut self, changed: usize) {
        let survey = Rc::clone(&self.survey);
        let mut work = vec![changed];
        let mut steps = 0usize;
        while let Some(slot) = work.pop() {
            steps += 1;
            if steps > 4 * self.answers.len() * (self.answers.len() + 1) + 64 {
                break; // Defensive bound; unreachable for a checked survey.
            }
            for &owner in &survey.readers[slot] {
                match owner {
                    Owner::Question(s) => {
                        let p = self.page_of_slot(s);
                        let now = self.evaluate_question(p, s - survey.first_slot[p]);
                        if now != self.shown[s] {
                            self.shown[s] = now;
                            work.push(s);
                        }
                    }
                    Owner::Page(p) => {
                        let now = self.evaluate_page(p);
                        if now != self.page_shown[p] {
                            self.page_shown[p] = now;
                            let first = survey.first_slot[p];
                            work.extend(first..first + survey.pages[p].questions.len());
                        }
                    }
                }
            }
        }
    }

    /// The questions of a page that are shown now, in order.
    pub fn visible_questions(&self, page: usize) -> impl Iterator<Item = &Question> {
        let first = self.survey.first_slot.get(page).copied().unwrap_or(0);
        let page_shown = self.is_page_visible(page);
        self.survey.pages.get(page).into_iter().flat_map(move |p| {
            p.questions
                .iter()
                .enumerate()
                .filter(move |(q, _)| self.reveal || page_shown && self.shown[first + q])
                .map(|(_, x)| x)
        })
    }

    /// The problems on the current page after Continue was refused; empty otherwise.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The problem with one question, if any.
    pub fn error(&self, id: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.question == id).map(|e| e.message.as_str())
    }

    fn is_required(&self, question: &Question) -> bool {
        question.required || question.required_if.as_ref().is_some_and(|c| c.evaluate(&Answers(self)))
    }

    fn validate_current(&self) -> Vec<FieldError> {
        let Screen::Page(page) = self.screen else { return Vec::new() };
        self.visible_questions(page)
            .filter_map(|q| self.problem(q).map(|message| FieldError { question: q.id.clone(), message }))
            .collect()
    }

    /// What is wrong with one question's answer, in the respondent's language.
    fn problem(&self, question: &Question) -> Option<String> {
        let words = self.words();
        let shape = question.kind.shape();
        let Some(answer) = self.given(&question.id) else {
            if !question.is_answerable() || !self.is_required(question) {
                return None;
            }
            let enter = matches!(shape, Shape::Typed { .. });
            return Some(if enter { words.error_enter() } else { words.error_choose() }.to_string());
        };
        if let (Shape::Rows { rows, .. }, Answer::Matrix(given)) = (shape, answer) {
            if self.is_required(question) && given.len() < rows.len() {
                return Some(words.error_every_row().to_string());
            }
        }
        self.invalid(question, answer)
    }

    /// An answer that says something (not blank, something chosen).
    fn given(&self, id: &str) -> Option<&Answer> {
        self.answer(id).filter(|a| !a.is_empty())
    }

    /// What is wrong with a given answer (its kind's checks and its rules), whether or not the
    /// question is required.
    fn invalid(&self, question: &Question, answer: &Answer) -> Option<String> {
        let words = self.words();
        let kind = &question.kind;
        // The survey's own words come before the built-in limits they usually restate; but an
        // answer the kind cannot read at all (a number that is not one) no rule can judge.
        kind.unreadable(answer, words)
            .or_else(|| question.rules.iter().find_map(|rule| rule.broken_by(answer)).map(|m| self.text(m).to_string()))
            .or_else(|| kind.beyond_limits(answer, words))
    }

    fn first_screen_of(&self, page: usize) -> Screen {
        match self.survey.pages[page].content_note {
            Some(_) if !self.returning => Screen::ContentNote(page),
            _ => Screen::Page(page),
        }
    }

    fn next_page_after(&self, page: Option<usize>) -> Screen {
        let from = page.map_or(0, |p| p + 1);
        (from..self.survey.pages.len())
            .find(|&p| self.is_page_visible(p))
            .map_or(Screen::Check, |p| self.first_screen_of(p))
    }

    fn go(&mut self, screen: Screen) {
        self.trail.push(self.screen);
        self.screen = screen;
        self.errors.clear();
    }

    /// Continue: from the intro, past a content note, or (if the page has no problems) to the
    /// next page, or back to "check your answers" after a change. False if the page has problems.
    pub fn continue_on(&mut self) -> bool {
        match self.screen {
            Screen::Intro => self.go(self.next_page_after(None)),
            Screen::ContentNote(p) => self.go(Screen::Page(p)),
            Screen::Page(p) => {
                let errors = self.validate_current();
                if !errors.is_empty() {
                    self.errors = errors;
                    return false;
                }
                let next = if self.returning { Screen::Check } else { self.next_page_after(Some(p)) };
                self.returning = false;
                self.go(next);
            }
            Screen::Check | Screen::Complete => {}
        }
        true
    }

    /// Skip this page: from its content note, on to the next page without answering.
    pub fn skip_page(&mut self) {
        if let Screen::ContentNote(p) | Screen::Page(p) = self.screen {
            let next = if self.returning { Screen::Check } else { self.next_page_after(Some(p)) };
            self.returning = false;
            self.go(next);
        }
    }

    /// Back to the previous screen (passing over pages that are hidden now). Nothing after Submit.
    pub fn back(&mut self) {
        if self.screen == Screen::Complete {
            return; // Submitted: there is nothing to go back to.
        }
        while let Some(screen) = self.trail.pop() {
            let usable = match screen {
                // A screen the same as this one would make Back look as if it did nothing.
                _ if screen == self.screen => false,
                Screen::Page(p) | Screen::ContentNote(p) => self.is_page_visible(p),
                Screen::Complete => false,
                _ => true,
            };
            if usable {
                self.screen = screen;
                self.errors.clear();
                self.returning = false;
                return;
            }
        }
        self.screen = Screen::Intro;
    }

    /// From "check your answers": go to the question's page, then come back.
    pub fn change(&mut self, id: &str) {
        if let Some((p, _, _)) = self.slot_of(id) {
            if self.screen == Screen::Check && self.is_page_visible(p) {
                self.returning = true;
                self.go(Screen::Page(p));
            }
        }
    }

    pub fn progress(&self) -> Progress {
        let visible: Vec<usize> = (0..self.survey.pages.len()).filter(|&p| self.is_page_visible(p)).collect();
        let page = match self.screen {
            Screen::ContentNote(p) | Screen::Page(p) => visible.iter().position(|&v| v == p).map_or(0, |i| i + 1),
            Screen::Intro => 0,
            Screen::Check | Screen::Complete => visible.len(),
        };
        let mut progress = Progress { page, pages: visible.len(), answered: 0, questions: 0 };
        // By slot, not by id: this runs on every answer, over every question of the survey.
        for &p in &visible {
            let first = self.survey.first_slot[p];
            for (q, question) in self.survey.pages[p].questions.iter().enumerate() {
                if (self.reveal || self.shown[first + q]) && question.is_answerable() {
                    progress.questions += 1;
                    progress.answered += self.answers[first + q].as_ref().is_some_and(|a| !a.is_empty()) as usize;
                }
            }
        }
        progress
    }

    /// "Page 3 of 8" in the respondent's language.
    pub fn progress_text(&self) -> String {
        let p = self.progress();
        fill(self.words().page_of(), &[("k", &p.page.to_string()), ("n", &p.pages.to_string())])
    }

    /// Every visible question with its answer as the respondent saw it.
    pub fn check_answers(&self) -> Vec<CheckRow> {
        let mut rows = Vec::new();
        for p in (0..self.survey.pages.len()).filter(|&p| self.is_page_visible(p)) {
            for question in self.visible_questions(p).filter(|q| q.is_answerable()) {
                let answer = self.given(&question.id);
                rows.push(CheckRow {
                    question: question.id.clone(),
                    text: self.text(&question.text).to_string(),
                    answer: answer
                        .map_or_else(|| vec![self.words().not_answered().to_string()], |a| self.describe(question, a)),
                    answered: answer.is_some(),
                    page: p,
                });
            }
        }
        rows
    }

    /// An answer in words, as the respondent saw it.
    pub fn describe(&self, question: &Question, answer: &Answer) -> Vec<String> {
        let label = |choices: &[Choice], value: &str| {
            choices
                .iter()
                .find(|c| c.value == value)
                .map_or_else(|| value.to_string(), |c| self.text(&c.text).to_string())
        };
        let options = question.kind.options();
        let mut lines = match (question.kind.shape(), answer) {
            (Shape::Rows { rows, columns }, Answer::Matrix(given)) => rows
                .iter()
                .filter_map(|r| given.get(&r.value).map(|c| format!("{}: {}", self.text(&r.text), label(columns, c))))
                .collect(),
            (_, Answer::Choices { chosen, .. }) => chosen.iter().map(|c| label(options, c)).collect(),
            (_, Answer::Choice { chosen, .. }) => vec![label(options, chosen)],
            (_, Answer::Text(t)) => vec![t.trim().to_string()],
            (_, Answer::Matrix(_)) => Vec::new(),
        };
        if let Some(other) = answer.other_text() {
            lines.push(format!("{}: {other}", self.words().other_detail()));
        }
        lines
    }

    /// From "check your answers": the response to send, staying there ([`Respondent::finish`]
    /// moves on once it is delivered). An answer changed from "check your answers" and left with
    /// Back was never checked: if any shown answer fails its checks, this sends nothing and goes
    /// to that answer's page with the errors shown (Continue then returns here).
    pub fn checked_response(&mut self) -> Option<Response> {
        if self.screen != Screen::Check {
            return None;
        }
        let invalid = (0..self.survey.pages.len()).find(|&p| {
            self.visible_questions(p).any(|q| self.given(&q.id).is_some_and(|a| self.invalid(q, a).is_some()))
        });
        if let Some(page) = invalid {
            self.go(Screen::Page(page));
            self.returning = true;
            self.errors = self.validate_current();
            return None;
        }
        Some(self.response())
    }

    /// Once the response is safely with the collector: drops every answer and shows the
    /// completion page.
    pub fn finish(&mut self) {
        if self.screen == Screen::Check {
            self.forget();
            self.screen = Screen::Complete;
        }
    }

    /// For a preview: this respondent's answers, language and place, carried over to a new
    /// version of the survey (the organiser edited it). Answers to questions still there, that
    /// still fit them, are kept.
    pub fn carry_over(&self, survey: Rc<Survey>) -> Respondent {
        let mut next = Respondent::new(survey);
        next.set_language(&self.language().code);
        next.reveal = self.reveal;
        for (slot, answer) in self.answers.iter().enumerate() {
            let (Some(answer), Some(id)) = (answer, self.id_of(slot)) else { continue };
            next.set_answer(id, Some(answer.clone()));
        }
        next.screen = match self.screen {
            Screen::Page(p) | Screen::ContentNote(p) if p < next.survey.pages.len() => Screen::Page(p),
            Screen::Page(_) | Screen::ContentNote(_) => Screen::Intro,
            other => other,
        };
        next
    }

    fn id_of(&self, slot: usize) -> Option<&str> {
        let page = self.page_of_slot(slot);
        self.survey.pages.get(page)?.questions.get(slot - self.survey.first_slot[page]).map(|q| q.id.as_str())
    }

    /// For a preview: shows every page and question, whatever the conditions say ("show hidden
    /// questions"), or goes back to what they say.
    pub fn reveal_all(&mut self, reveal: bool) {
        self.reveal = reveal;
    }

    /// For a preview: goes straight to a page ("go to page").
    pub fn go_to_page(&mut self, page: usize) {
        if page < self.survey.pages.len() {
            self.returning = false;
            self.go(Screen::Page(page));
        }
    }

    /// Drops every answer and where the respondent has been (the quick exit calls this).
    pub fn forget(&mut self) {
        self.answers.iter_mut().for_each(|a| *a = None);
        self.trail.clear();
        self.errors.clear();
        self.returning = false;
        self.screen = Screen::Intro;
        self.recompute_all();
    }

    /// The response document: visible, answered questions only, and only answers that pass
    /// their checks (so a number is always a number, whatever path led here).
    pub fn response(&self) -> Response {
        let mut response = Response {
            survey: self.survey.id.clone(),
            version: self.survey.submit.as_ref().and_then(|s| s.version.clone()),
            language: self.language().code.clone(),
            answers: Default::default(),
            other: Default::default(),
            key: None,
        };
        for (p, page) in self.survey.pages.iter().enumerate() {
            for (q, question) in page.questions.iter().enumerate() {
                let slot = self.survey.slot(p, q);
                let Some(answer) = self.answers[slot].as_ref().filter(|_| self.visible_slot(p, slot)) else { continue };
                if answer.is_empty() || self.invalid(question, answer).is_some() {
                    continue;
                }
                response.answers.insert(question.id.clone(), answer.to_json(question));
                if let Some(other) = answer.other_text() {
                    response.other.insert(question.id.clone(), other.into());
                }
            }
        }
        response
    }
}
