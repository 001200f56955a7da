//! One part of the draft, drawn again only when it changes: a question, or a page's own fields.
//!
//! Every field reads the studio from one context, and a context that changes draws every field
//! that reads it. With a thousand questions open, drawing a page's twenty question forms again
//! for each key pressed in one of them is most of the keystroke. So each part has a context of
//! its own, equal from one change to the next unless something the part shows has changed: its
//! own JSON, the language, what the check says inside it.
//! What a field reads of the rest of the draft, it reads when it is used (the draft is one
//! document, always the latest; see `Studio::draft`).

use super::{use_ctx, Ctx};
use crate::fields::problems_within;
use serde_json::Value;
use speaksafe_core::condition::Clause;
use speaksafe_core::draft;
use std::rc::Rc;
use yew::prelude::*;

/// Everything a part shows, to tell whether it must be drawn again.
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

#[derive(Properties, PartialEq)]
pub struct PartProps {
    /// Where the part is: `pages[0].questions[2]`, or `pages[0]` (without its questions).
    pub path: AttrValue,
    pub children: Html,
}

#[function_component]
pub fn Part(props: &PartProps) -> Html {
    let ctx = use_ctx();
    let scoped = scope(&ctx, &props.path);
    html! {
        <ContextProvider<Ctx> context={scoped}>{ props.children.clone() }</ContextProvider<Ctx>>
    }
}

fn scope(ctx: &Ctx, path: &str) -> Ctx {
    let draft = ctx.studio.draft();
    let is_page = !path.contains(".questions[");
    let mut json = draft::get(&draft, path).cloned().unwrap_or(Value::Null);
    if is_page {
        if let Some(page) = json.as_object_mut() {
            page.remove("questions");
        }
    }
    let questions = format!("{path}.questions");
    let except = is_page.then_some(questions.as_str());
    let problems = problems_within(&ctx.problems, path, except).map(|(at, said)| (at.clone(), said.clone())).collect();
    let owner = if is_page { None } else { json.get("id").and_then(Value::as_str) };
    let scope = Scope {
        new_rule: ctx.subjects.new_rule(owner),
        language: ctx.studio.language.clone(),
        languages: draft::languages(&draft),
        problems,
        json,
    };
    Ctx { scope: Some(Rc::new(scope)), ..ctx.clone() }
}
