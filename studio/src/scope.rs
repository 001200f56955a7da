//! What one part of the draft shows (a question, or a page's own fields), to tell whether the
//! part must be drawn again: its own JSON, the language, what the check says inside it, and the
//! rule "Add a rule" would add to one of its conditions. (`components/part.rs` draws a part
//! again only when this changes; see there why.)

use crate::fields::{problems_within, Problems};
use crate::subjects::Subjects;
use serde_json::Value;
use speaksafe_core::condition::Clause;
use speaksafe_core::draft;

/// Everything a part shows.
#[derive(PartialEq)]
pub struct Scope {
    /// The part's own JSON (a page's without its questions).
    json: Value,
    language: String,
    languages: Vec<String>,
    problems: Vec<(String, Vec<(bool, String)>)>,
    /// The rule "Add a rule" would add to one of its conditions. (The rules already in its
    /// conditions read what they can test from a context of their own: typing a question's words
    /// changes them, and only them.)
    new_rule: Option<Clause>,
}

impl Scope {
    /// What the part at `path` (`pages[0].questions[2]`, or `pages[0]` without its questions)
    /// shows now.
    pub fn of(draft: &Value, path: &str, language: &str, problems: &Problems, subjects: &Subjects) -> Scope {
        let mut json = draft::get(draft, path).cloned().unwrap_or(Value::Null);
        if is_page(path) {
            if let Some(page) = json.as_object_mut() {
                page.remove("questions");
            }
        }
        Scope {
            new_rule: subjects.new_rule(owner(path, &json)),
            language: language.to_string(),
            languages: draft::languages(draft),
            problems: problems_in(problems, path).map(|(at, said)| (at.clone(), said.clone())).collect(),
            json,
        }
    }

    /// Whether the part at `path` still shows this, compared where it is in the draft (not
    /// copied out of it on every change).
    pub fn still(&self, draft: &Value, path: &str, language: &str, problems: &Problems, subjects: &Subjects) -> bool {
        let now = draft::get(draft, path).unwrap_or(&Value::Null);
        let same_json = match (now.as_object(), self.json.as_object()) {
            // A page's own fields: everything but its questions.
            (Some(now), Some(was)) if is_page(path) => {
                now.iter().filter(|(k, _)| *k != "questions").eq(was.iter().filter(|(k, _)| *k != "questions"))
            }
            _ => *now == self.json,
        };
        same_json
            && self.language == language
            && self.languages == draft::languages(draft)
            && self.new_rule == subjects.new_rule(owner(path, now))
            && problems_in(problems, path).eq(self.problems.iter().map(|(at, said)| (at, said)))
    }
}

fn is_page(path: &str) -> bool {
    !path.contains(".questions[")
}

/// The question whose part this is: its conditions cannot test it.
fn owner<'v>(path: &str, json: &'v Value) -> Option<&'v str> {
    if is_page(path) {
        None
    } else {
        json.get("id").and_then(Value::as_str)
    }
}

/// What the check says inside the part (a page's own fields: not inside its questions).
fn problems_in<'p>(
    problems: &'p Problems,
    path: &'p str,
) -> impl Iterator<Item = (&'p String, &'p Vec<(bool, String)>)> + 'p {
    let except = is_page(path).then_some("questions");
    problems_within(problems, path).filter(move |(at, _)| {
        !except.is_some_and(|q| at[path.len()..].strip_prefix('.').is_some_and(|rest| rest.starts_with(q)))
    })
}
