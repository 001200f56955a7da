//! What a condition can test, in the organiser's terms: each question (or a matrix's row) with
//! what its answers are, the tests that fit them ("is", "is at most", "includes"…) and the rule
//! "Add a rule" adds. Worked out from core's survey once per version and shared by every
//! condition on the screen (`components/condition_field.rs` draws them).

use speaksafe_core::condition::{Clause, Comparison, Literal, Test};
use speaksafe_core::definition::Page;
use speaksafe_core::{Shape, Survey};
use std::rc::Rc;
use std::sync::Arc;

/// What a rule can test: a question (or a matrix's row), the page it is on, and what its answers
/// are.
#[derive(Clone, PartialEq, Eq)]
pub struct Subject {
    pub question: String,
    pub row: Option<String>,
    pub page: usize,
    pub label: String,
    pub answers: Answers,
}

/// Everything a condition can test, page by page, with the pages' names: worked out for each
/// version of the survey and shared by every condition on the screen. A page's list is the same
/// (shared, not copied) from one version to the next while what it lists is the same, so that a
/// rule is drawn again only when the page it picks from changes.
#[derive(Default)]
pub struct Subjects {
    /// Each page's name in the list of pages: "3. Police and courts".
    pub pages: Rc<Vec<(String, String)>>,
    pub by_page: Vec<Rc<Vec<Subject>>>,
    /// What each page's list was made from, and in which language: a page of the survey that
    /// is still the same (core's check shares unchanged pages) is not listed again.
    made_from: Vec<Arc<Page>>,
    language: String,
}

impl PartialEq for Subjects {
    fn eq(&self, other: &Self) -> bool {
        self.pages == other.pages && self.by_page == other.by_page
    }
}

/// What a subject's answers are, as conditions see them.
#[derive(Clone, PartialEq, Eq)]
pub enum Answers {
    /// One option of these (value, words).
    One(Vec<(String, String)>),
    /// Any of these.
    Many(Vec<(String, String)>),
    /// One point of a numbered scale: these, in order.
    Ordered(Vec<(String, String)>),
    Number,
    Text,
}

impl Answers {
    /// The tests that fit these answers: (name, in the organiser's words).
    pub fn tests(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Answers::One(_) => &[
                ("is", "is"),
                ("is_not", "is not"),
                ("one_of", "is one of"),
                ("answered", "is answered"),
                ("unanswered", "is not answered"),
            ],
            Answers::Many(_) => &[
                ("includes", "includes"),
                ("excludes", "does not include"),
                ("answered", "is answered"),
                ("unanswered", "is not answered"),
            ],
            // Numbers and a numbered scale's points compare alike.
            Answers::Ordered(_) | Answers::Number => &[
                ("is", "is"),
                ("is_not", "is not"),
                ("less", "is less than"),
                ("at_most", "is at most"),
                ("more", "is more than"),
                ("at_least", "is at least"),
                ("answered", "is answered"),
                ("unanswered", "is not answered"),
            ],
            Answers::Text => {
                &[("is", "is"), ("is_not", "is not"), ("answered", "is answered"), ("unanswered", "is not answered")]
            }
        }
    }

    /// The options to pick a value from: (value, words).
    pub fn options(&self) -> &[(String, String)] {
        match self {
            Answers::One(o) | Answers::Many(o) | Answers::Ordered(o) => o,
            _ => &[],
        }
    }
}

impl Subjects {
    /// Every subject, in the survey's order.
    fn all(&self) -> impl Iterator<Item = &Subject> {
        self.by_page.iter().flat_map(|page| page.iter())
    }

    /// The rule "Add a rule" adds to a condition of `owner` (which cannot test itself): about
    /// the first question it can test. None when there is none.
    pub fn new_rule(&self, owner: Option<&str>) -> Option<Clause> {
        self.all().find(|s| Some(s.question.as_str()) != owner).map(first_clause)
    }
}

/// Every question a condition can test, in order; what is the same as in `before` is shared.
pub fn subjects(survey: &Survey, language: &str, before: &Subjects) -> Subjects {
    let first = &survey.languages[0].code;
    let words = |t: &speaksafe_core::Text| t.get(language, first).to_string();
    let same_language = before.language == language;
    let by_page = survey
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| {
            let was = before.by_page.get(p).filter(|_| same_language);
            match (was, before.made_from.get(p)) {
                (Some(was), Some(from)) if Arc::ptr_eq(from, page) => Rc::clone(was),
                _ => {
                    let now = page_subjects(p, page, &words);
                    was.filter(|was| ***was == now).cloned().unwrap_or_else(|| Rc::new(now))
                }
            }
        })
        .collect();
    let names: Vec<(String, String)> = survey
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| (p.to_string(), format!("{}. {}", p + 1, words(&page.title))))
        .collect();
    let pages = if *before.pages == names { Rc::clone(&before.pages) } else { Rc::new(names) };
    Subjects { pages, by_page, made_from: survey.pages.clone(), language: language.to_string() }
}

/// What a condition can test on one page.
fn page_subjects(page: usize, on: &Page, words: &impl Fn(&speaksafe_core::Text) -> String) -> Vec<Subject> {
    let list = |choices: &[speaksafe_core::Choice]| {
        choices.iter().map(|c| (c.value.clone(), words(&c.text))).collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for q in on.questions.iter().filter(|q| q.is_answerable()) {
        let text = words(&q.text);
        let subject = |row: Option<String>, label: String, answers: Answers| Subject {
            question: q.id.clone(),
            row,
            page,
            label,
            answers,
        };
        match q.kind.shape() {
            // Points in order that are numbers (a numbered scale's): "at most 3" means something.
            Shape::Chosen { options, .. }
                if q.kind.ordered()
                    && options
                        .iter()
                        .filter(|c| c.value != speaksafe_core::PREFER_NOT_TO_SAY)
                        .all(|c| c.value.parse::<f64>().is_ok()) =>
            {
                out.push(subject(None, text, Answers::Ordered(list(options))))
            }
            Shape::Chosen { options, .. } => out.push(subject(None, text, Answers::One(list(options)))),
            Shape::Ticked { options, .. } => out.push(subject(None, text, Answers::Many(list(options)))),
            Shape::Typed { number: true } => out.push(subject(None, text, Answers::Number)),
            Shape::Typed { number: false } => out.push(subject(None, text, Answers::Text)),
            Shape::Rows { rows, columns } => {
                for row in rows {
                    out.push(subject(
                        Some(row.value.clone()),
                        format!("{text} — {}", words(&row.text)),
                        Answers::One(list(columns)),
                    ));
                }
            }
            Shape::Nothing => {}
        }
    }
    out
}

/// A test's name, as [`Answers::tests`] names it.
pub fn test_name(test: &Test) -> &'static str {
    match test {
        Test::Compare(Comparison::Is, _) => "is",
        Test::Compare(Comparison::IsNot, _) => "is_not",
        Test::Compare(Comparison::Less, _) => "less",
        Test::Compare(Comparison::AtMost, _) => "at_most",
        Test::Compare(Comparison::More, _) => "more",
        Test::Compare(Comparison::AtLeast, _) => "at_least",
        Test::Compare(Comparison::Includes, _) => "includes",
        Test::Compare(Comparison::Excludes, _) => "excludes",
        Test::OneOf(_) => "one_of",
        Test::Answered => "answered",
        Test::NotAnswered => "unanswered",
    }
}

/// The value a clause compares with, as text.
pub fn value_of(test: &Test) -> String {
    match test {
        Test::Compare(_, Literal::Text(t)) => t.clone(),
        Test::Compare(_, Literal::Number(n)) => speaksafe_core::number::text(*n),
        Test::Compare(_, Literal::Bool(b)) => b.to_string(),
        Test::OneOf(values) => {
            values.first().map(|v| value_of(&Test::Compare(Comparison::Is, v.clone()))).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// A test of a subject, by name, with a value.
pub fn make_test(name: &str, answers: &Answers, value: &str, values: Vec<String>) -> Test {
    let literal = || match answers {
        Answers::Number | Answers::Ordered(_) => {
            value.trim().parse::<f64>().map_or_else(|_| Literal::Text(value.to_string()), Literal::Number)
        }
        _ => Literal::Text(value.to_string()),
    };
    match name {
        "is_not" => Test::Compare(Comparison::IsNot, literal()),
        "less" => Test::Compare(Comparison::Less, literal()),
        "at_most" => Test::Compare(Comparison::AtMost, literal()),
        "more" => Test::Compare(Comparison::More, literal()),
        "at_least" => Test::Compare(Comparison::AtLeast, literal()),
        "includes" => Test::Compare(Comparison::Includes, literal()),
        "excludes" => Test::Compare(Comparison::Excludes, literal()),
        "one_of" => Test::OneOf(values.into_iter().map(Literal::Text).collect()),
        "answered" => Test::Answered,
        "unanswered" => Test::NotAnswered,
        _ => Test::Compare(Comparison::Is, literal()),
    }
}

/// A new rule about a subject: its first test, with its first option.
pub fn first_clause(subject: &Subject) -> Clause {
    let (name, _) = subject.answers.tests()[0];
    let value = subject.answers.options().first().map(|(v, _)| v.clone()).unwrap_or_default();
    Clause {
        question: subject.question.clone(),
        row: subject.row.clone(),
        test: make_test(name, &subject.answers, &value, vec![value.clone()]),
    }
}
