//! A survey being written: the definition as a JSON document, and the edits the studio makes
//! to it. The draft stays a document (not a [`crate::Survey`]) so that what the organiser opened
//! is saved back as it was, field for field, and so that a draft with mistakes in it can still
//! be edited; `read::check_value` says what is wrong with it after every edit.
//!
//! Places are paths as `check` writes them: `pages[1].questions[0].options[2].text`.

use crate::condition::{rewrite, Literal, Rewrite};
use crate::definition::FORMAT;
use crate::names::slug;
use serde_json::{json, Map, Value};

/// A new survey: one language, one page, nothing written yet.
pub fn blank() -> Value {
    json!({
        "format": FORMAT,
        "id": "my-survey",
        "languages": ["en"],
        "title": "",
        "intro": "",
        "completion": "Thank you. Your answers have been sent.",
        "exit": { "url": crate::definition::DEFAULT_EXIT_URL },
        "submit": { "endpoint": endpoint("my-survey"), "public_key": "" },
        "pages": [{ "id": "page-1", "title": "", "questions": [] }]
    })
}

/// Where a collector takes a survey's answers: `/api/v1/surveys/ID/responses`.
pub fn endpoint(id: &str) -> String {
    format!("/api/v1/surveys/{id}/responses")
}

/// Renames the survey; where answers go follows, if it was the collector's usual place.
pub fn rename_survey(draft: &mut Value, id: &str) {
    let old = draft.get("id").and_then(Value::as_str).unwrap_or("").to_string();
    set(draft, "id", json!(id));
    if get(draft, "submit.endpoint").and_then(Value::as_str) == Some(endpoint(&old).as_str()) {
        set(draft, "submit.endpoint", json!(endpoint(id)));
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// `pages[2].questions[0].visible_if` as steps.
pub fn steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                steps.push(Step::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    steps
}

/// The value at a path.
pub fn get<'v>(draft: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path).iter().try_fold(draft, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::Index(i) => v.get(*i),
    })
}

/// The value at a path, made if missing (objects for keys; a list must already be long enough).
fn get_or_make<'v>(draft: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut here = draft;
    for step in steps(path) {
        here = match step {
            Step::Key(k) => {
                if !here.is_object() {
                    *here = Value::Object(Map::new());
                }
                here.as_object_mut()?.entry(k).or_insert(Value::Null)
            }
            Step::Index(i) => here.get_mut(i)?,
        };
    }
    Some(here)
}

/// Sets the value at a path; `null` (or an empty string) removes the field.
pub fn set(draft: &mut Value, path: &str, value: Value) {
    let empty = value.is_null() || value.as_str().is_some_and(str::is_empty);
    if empty {
        remove_field(draft, path);
    } else if let Some(place) = get_or_make(draft, path) {
        *place = value;
    }
}

/// Removes the field at a path (a key of an object).
fn remove_field(draft: &mut Value, path: &str) {
    let mut all = steps(path);
    let Some(Step::Key(last)) = all.pop() else { return };
    let parent = all.iter().try_fold(&mut *draft, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    });
    if let Some(Value::Object(map)) = parent {
        map.remove(&last);
        // An `easy` with no easy-read text left in it goes too, rather than stay as `{}`.
        if map.is_empty() && matches!(all.last(), Some(Step::Key(k)) if k == "easy") {
            let parent = all.iter().map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Index(i) => format!("[{i}]"),
            });
            let path = parent.fold(String::new(), |path, step| match step.starts_with('[') {
                true => path + &step,
                false if path.is_empty() => step,
                false => path + "." + &step,
            });
            remove_field(draft, &path);
        }
    }
}

/// The survey's language codes, the first first.
pub fn languages(draft: &Value) -> Vec<String> {
    draft
        .get("languages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str().or_else(|| l.get("code").and_then(Value::as_str)).map(str::to_string))
        .collect()
}

/// A text in one language: what the survey says there (a plain string is every language's).
pub fn text_in(draft: &Value, path: &str, language: &str) -> String {
    match get(draft, path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(map)) => map.get(language).and_then(Value::as_str).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// Sets a text in one language. In a survey of one language a text is a plain string; in one of
/// several it is kept per language (a plain string becomes the first language's). An empty text
/// removes that language's words, and the field when none are left.
pub fn set_text(draft: &mut Value, path: &str, language: &str, text: &str) {
    let codes = languages(draft);
    let first = codes.first().cloned().unwrap_or_else(|| language.to_string());
    if codes.len() <= 1 {
        set(draft, path, json!(text));
        return;
    }
    let mut map = match get(draft, path) {
        Some(Value::Object(map)) => map.clone(),
        Some(Value::String(s)) if !s.is_empty() => Map::from_iter([(first, json!(s))]),
        _ => Map::new(),
    };
    if text.is_empty() {
        map.remove(language);
    } else {
        map.insert(language.to_string(), json!(text));
    }
    set(draft, path, if map.is_empty() { Value::Null } else { Value::Object(map) });
}

/// The list at a path (pages, questions, options), made if missing.
fn list_mut<'v>(draft: &'v mut Value, path: &str) -> Option<&'v mut Vec<Value>> {
    let place = get_or_make(draft, path)?;
    if !place.is_array() {
        *place = json!([]);
    }
    place.as_array_mut()
}

/// Moves an item of a list from one place to another (buttons' "move up" and "move down").
pub fn move_item(draft: &mut Value, list: &str, from: usize, to: usize) -> bool {
    let Some(items) = list_mut(draft, list) else { return false };
    if from >= items.len() || to >= items.len() {
        return false;
    }
    let item = items.remove(from);
    items.insert(to, item);
    true
}

/// Removes an item of a list; what it was, for undo.
pub fn remove_item(draft: &mut Value, list: &str, index: usize) -> Option<Value> {
    let items = list_mut(draft, list)?;
    (index < items.len()).then(|| items.remove(index))
}

/// Puts an item into a list at `index` (at the end if past it); where it went.
pub fn insert_item(draft: &mut Value, list: &str, index: usize, item: Value) -> usize {
    let Some(items) = list_mut(draft, list) else { return 0 };
    let at = index.min(items.len());
    items.insert(at, item);
    at
}

/// Every id in use: pages' and questions'.
fn ids(draft: &Value) -> (Vec<String>, Vec<String>) {
    let pages = draft.get("pages").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let page_ids = pages.iter().filter_map(|p| p.get("id").and_then(Value::as_str)).map(str::to_string).collect();
    let question_ids = pages
        .iter()
        .flat_map(|p| p.get("questions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]))
        .filter_map(|q| q.get("id").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    (page_ids, question_ids)
}

/// `base`, or `base_2`, `base_3`… : the first not in `taken`.
pub fn unique(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}_{n}")).find(|c| !taken.contains(c)).expect("some number is free")
}

/// Words that say little in an id ("do you", "the").
const LITTLE_WORDS: &[&str] = &[
    "a", "an", "the", "do", "does", "did", "you", "your", "yours", "i", "me", "my", "we", "our", "us", "is", "are",
    "was", "were", "be", "been", "to", "of", "in", "on", "at", "for", "with", "and", "or", "if", "it", "its", "this",
    "that", "these", "those", "any", "have", "has", "had", "can", "could", "would", "should", "will", "there",
    "please", "about",
];

/// An id suggested from a question's words: its first two or three words that say something,
/// "How often do you go?" → `how_often`.
pub fn suggest_id(text: &str) -> String {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let mut kept: Vec<&str> = Vec::new();
    for word in &words {
        let little = LITTLE_WORDS.contains(&word.as_str());
        if little && kept.len() >= 2 {
            break;
        }
        if !little {
            kept.push(word);
        }
        if kept.len() == 3 {
            break;
        }
    }
    slug(&kept.join(" "), "question")
}

/// A value suggested from an option's words: "On foot" → `on_foot`.
pub fn suggest_value(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(4).collect();
    slug(&words.join(" "), "option")
}

/// What a new question of a kind starts with.
fn new_question(kind: &str, id: String) -> Value {
    let mut question = json!({ "id": id, "kind": kind, "text": "" });
    match kind {
        "single_choice" | "dropdown" | "multiple_choice" => {
            question["options"] = json!([{ "value": "option_1", "text": "" }, { "value": "option_2", "text": "" }]);
        }
        "matrix" => {
            question["rows"] = json!([{ "value": "row_1", "text": "" }]);
            question["columns"] = json!([{ "value": "column_1", "text": "" }, { "value": "column_2", "text": "" }]);
        }
        "scale" => {
            question["min"] = json!(1);
            question["max"] = json!(5);
        }
        _ => {}
    }
    question
}

/// Adds a page after `after` (or first); its index.
pub fn add_page(draft: &mut Value, after: Option<usize>) -> usize {
    let (pages, _) = ids(draft);
    let id = unique(&format!("page-{}", pages.len() + 1), &pages);
    insert_item(draft, "pages", after.map_or(0, |a| a + 1), json!({ "id": id, "title": "", "questions": [] }))
}

/// Adds a question of `kind` to a page at `index`; its index on the page.
pub fn add_question(draft: &mut Value, page: usize, index: usize, kind: &str) -> usize {
    let (_, questions) = ids(draft);
    let id = unique("question", &questions);
    insert_item(draft, &format!("pages[{page}].questions"), index, new_question(kind, id))
}

/// Copies a page after itself, with new ids for it and its questions (conditions within it are
/// made to name the copies); its index.
pub fn duplicate_page(draft: &mut Value, page: usize) -> Option<usize> {
    let mut copy = get(draft, &format!("pages[{page}]"))?.clone();
    let (pages, mut questions) = ids(draft);
    let old_id = copy.get("id").and_then(Value::as_str).unwrap_or("page").to_string();
    copy["id"] = json!(unique(&format!("{old_id}-copy"), &pages));
    let mut renames = Vec::new();
    for question in copy.get_mut("questions").and_then(Value::as_array_mut).into_iter().flatten() {
        let id = question.get("id").and_then(Value::as_str).unwrap_or("question").to_string();
        let new = unique(&format!("{id}_copy"), &questions);
        questions.push(new.clone());
        question["id"] = json!(new.clone());
        renames.push((id, new));
    }
    for question in copy.get_mut("questions").and_then(Value::as_array_mut).into_iter().flatten() {
        for key in ["visible_if", "required_if"] {
            if let Some(source) = question.get(key).and_then(Value::as_str) {
                if let Ok(renamed) = rewrite(source, &Renames { questions: &renames, ..Renames::default() }) {
                    question[key] = json!(renamed);
                }
            }
        }
    }
    Some(insert_item(draft, "pages", page + 1, copy))
}

/// Copies a question after itself, with a new id; its index.
pub fn duplicate_question(draft: &mut Value, page: usize, index: usize) -> Option<usize> {
    let mut copy = get(draft, &format!("pages[{page}].questions[{index}]"))?.clone();
    let (_, questions) = ids(draft);
    let id = copy.get("id").and_then(Value::as_str).unwrap_or("question").to_string();
    copy["id"] = json!(unique(&format!("{id}_copy"), &questions));
    Some(insert_item(draft, &format!("pages[{page}].questions"), index + 1, copy))
}

/// Moves a question to another page (at its end); its new index there.
pub fn move_question_to_page(draft: &mut Value, page: usize, index: usize, to_page: usize) -> Option<usize> {
    get(draft, &format!("pages[{to_page}]"))?;
    let question = remove_item(draft, &format!("pages[{page}].questions"), index)?;
    Some(insert_item(draft, &format!("pages[{to_page}].questions"), usize::MAX, question))
}

/// Every condition in the draft: (its path, its text).
pub fn conditions(draft: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (p, page) in draft.get("pages").and_then(Value::as_array).into_iter().flatten().enumerate() {
        if let Some(c) = page.get("visible_if").and_then(Value::as_str) {
            found.push((format!("pages[{p}].visible_if"), c.to_string()));
        }
        for (q, question) in page.get("questions").and_then(Value::as_array).into_iter().flatten().enumerate() {
            for key in ["visible_if", "required_if"] {
                if let Some(c) = question.get(key).and_then(Value::as_str) {
                    found.push((format!("pages[{p}].questions[{q}].{key}"), c.to_string()));
                }
            }
        }
    }
    found
}

/// The conditions that name a question (`{id}` or `{id.row}`), or that compare its answer with
/// `value` when one is given: what a rename would break.
pub fn conditions_using(draft: &Value, question: &str, value: Option<&str>) -> Vec<String> {
    conditions(draft)
        .into_iter()
        .filter(|(_, source)| {
            let Ok(condition) = crate::condition::Condition::parse(source) else { return false };
            let names = condition.references().iter().any(|r| r.question == question);
            match value {
                None => names,
                Some(value) => {
                    let probe = Renames {
                        values: &[(question.to_string(), value.to_string(), String::new())],
                        ..Renames::default()
                    };
                    names && rewrite(source, &probe).is_ok_and(|r| r != *source)
                }
            }
        })
        .map(|(path, _)| path)
        .collect()
}

/// Renames a question, and every condition that names it; how many conditions changed.
pub fn rename_question(draft: &mut Value, page: usize, index: usize, new_id: &str) -> usize {
    let path = format!("pages[{page}].questions[{index}].id");
    let Some(old) = get(draft, &path).and_then(Value::as_str).map(str::to_string) else { return 0 };
    set(draft, &path, json!(new_id));
    let renames = [(old, new_id.to_string())];
    rewrite_all(draft, &Renames { questions: &renames, ..Renames::default() })
}

/// Renames an option's (row's, column's) value, and every condition that compares the question's
/// answer with it; how many conditions changed.
pub fn rename_value(draft: &mut Value, list: &str, index: usize, new_value: &str) -> usize {
    let path = format!("{list}[{index}].value");
    let Some(old) = get(draft, &path).and_then(Value::as_str).map(str::to_string) else { return 0 };
    set(draft, &path, json!(new_value));
    // The question the list belongs to: `pages[p].questions[q].options` → its id.
    let owner = list.rsplit_once('.').map_or("", |(q, _)| q);
    let Some(question) = get(draft, &format!("{owner}.id")).and_then(Value::as_str).map(str::to_string) else {
        return 0;
    };
    let values = [(question, old, new_value.to_string())];
    rewrite_all(draft, &Renames { values: &values, ..Renames::default() })
}

/// Rewrites every condition; how many changed.
fn rewrite_all(draft: &mut Value, renames: &Renames) -> usize {
    let mut changed = 0;
    for (path, source) in conditions(draft) {
        if let Ok(new) = rewrite(&source, renames) {
            if new != source {
                set(draft, &path, json!(new));
                changed += 1;
            }
        }
    }
    changed
}

#[derive(Default)]
struct Renames<'a> {
    /// (old question id, new).
    questions: &'a [(String, String)],
    /// (question id, old value, new value).
    values: &'a [(String, String, String)],
}

impl Rewrite for Renames<'_> {
    fn reference(&self, question: &str, row: Option<&str>) -> Option<(String, Option<String>)> {
        let (_, new) = self.questions.iter().find(|(old, _)| old == question)?;
        Some((new.clone(), row.map(str::to_string)))
    }

    fn literal(&self, question: &str, _row: Option<&str>, literal: &Literal) -> Option<String> {
        let Literal::Text(text) = literal else { return None };
        self.values.iter().find(|(q, old, _)| q == question && old == text).map(|(_, _, new)| new.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question of every kind, as the studio adds it, is one the reader takes once its words
    /// are written: a new kind needs what it cannot do without here (its options, a scale's
    /// points) or the studio would add a question that is wrong from the start.
    #[test]
    fn a_new_question_of_every_kind_needs_only_its_words() {
        for kind in crate::Kind::NAMES {
            let mut draft = blank();
            set(&mut draft, "title", json!("Survey"));
            add_question(&mut draft, 0, 0, kind);
            let found = crate::read::check_value(&draft);
            let wrong: Vec<String> = found
                .errors
                .iter()
                .map(ToString::to_string)
                .filter(|e| !e.contains("text: ") && !e.contains(".text:") && !e.contains("empty"))
                .collect();
            assert!(wrong.is_empty(), "{kind}: {wrong:?}");
        }
    }

    #[test]
    fn an_easy_read_text_cleared_takes_its_easy_field_with_it() {
        let mut draft = blank();
        add_question(&mut draft, 0, 0, "yes_no");
        set_text(&mut draft, "pages[0].questions[0].easy.text", "en", "Easy?");
        set_text(&mut draft, "easy.intro", "en", "Easy intro.");
        assert_eq!(get(&draft, "pages[0].questions[0].easy.text"), Some(&json!("Easy?")));
        set_text(&mut draft, "pages[0].questions[0].easy.text", "en", "");
        set_text(&mut draft, "easy.intro", "en", "");
        assert_eq!(get(&draft, "pages[0].questions[0].easy"), None);
        assert_eq!(get(&draft, "easy"), None);
    }

    #[test]
    fn ids_are_suggested_from_the_words() {
        assert_eq!(suggest_id("How often do you go?"), "how_often");
        assert_eq!(suggest_id("How old are you?"), "how_old");
        assert_eq!(suggest_id("Do you feel safe where you live?"), "feel_safe_where");
        assert_eq!(suggest_id("?"), "question");
        assert_eq!(suggest_value("On foot"), "on_foot");
    }

    #[test]
    fn texts_are_plain_in_one_language_and_per_language_in_several() {
        let mut draft = blank();
        set_text(&mut draft, "title", "en", "Parks");
        assert_eq!(draft["title"], json!("Parks"));
        draft["languages"] = json!(["en", "cy"]);
        set_text(&mut draft, "title", "cy", "Parciau");
        assert_eq!(draft["title"], json!({ "en": "Parks", "cy": "Parciau" }));
        set_text(&mut draft, "title", "cy", "");
        assert_eq!(draft["title"], json!({ "en": "Parks" }));
        set_text(&mut draft, "title", "en", "");
        assert!(draft.get("title").is_none());
    }

    #[test]
    fn renaming_updates_every_condition_that_names_it() {
        let mut draft = blank();
        add_question(&mut draft, 0, 0, "single_choice");
        add_question(&mut draft, 0, 1, "long_text");
        set(&mut draft, "pages[0].questions[1].visible_if", json!("{question} = 'option_1'"));
        assert_eq!(conditions_using(&draft, "question", None), ["pages[0].questions[1].visible_if"]);
        assert_eq!(conditions_using(&draft, "question", Some("option_1")).len(), 1);
        assert_eq!(conditions_using(&draft, "question", Some("option_2")).len(), 0);
        assert_eq!(rename_value(&mut draft, "pages[0].questions[0].options", 0, "walk"), 1);
        assert_eq!(rename_question(&mut draft, 0, 0, "travel"), 1);
        assert_eq!(draft["pages"][0]["questions"][1]["visible_if"], json!("{travel} = 'walk'"));
    }

    #[test]
    fn pages_and_questions_are_added_moved_copied_and_removed() {
        let mut draft = blank();
        assert_eq!(add_page(&mut draft, Some(0)), 1);
        add_question(&mut draft, 0, 0, "yes_no");
        add_question(&mut draft, 0, 1, "long_text");
        set(&mut draft, "pages[0].questions[1].visible_if", json!("{question} = 'yes'"));
        let copy = duplicate_page(&mut draft, 0).unwrap();
        assert_eq!(draft["pages"][copy]["questions"][1]["visible_if"], json!("{question_copy} = 'yes'"));
        // page-1, its copy, page-2 → page-2 first; page-1's first question onto it.
        assert!(move_item(&mut draft, "pages", 2, 0));
        assert_eq!(move_question_to_page(&mut draft, 1, 0, 0), Some(0));
        assert_eq!(draft["pages"][0]["questions"][0]["id"], json!("question"));
        let removed = remove_item(&mut draft, "pages", 0).unwrap();
        assert_eq!(removed["id"], json!("page-2"));
        assert_eq!(draft["pages"].as_array().unwrap().len(), 2);
    }
}
