//! One part of the draft, drawn again only when it changes: a question, or a page's own fields.
//!
//! Every field reads the studio from one context, and a context that changes draws every field
//! that reads it. With a thousand questions open, drawing a page's twenty question forms again
//! for each key pressed in one of them is most of the keystroke. So each part has a context of
//! its own, equal from one change to the next unless something the part shows has changed: its
//! own JSON, the language, what the check says inside it, the rule "Add a rule" would add.
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
    // The context last given, kept while the part is the same (compared where it is in the
    // draft, not copied out of it on every change).
    let last = use_mut_ref(|| None::<Ctx>);
    let scoped = {
        let mut last = last.borrow_mut();
        match &*last {
            Some(kept) if unchanged(&ctx, &props.path, kept) => kept.clone(),
            _ => {
                let made = scope(&ctx, &props.path);
                *last = Some(made.clone());
                made
            }
        }
    };
    html! {
        <ContextProvider<Ctx> context={scoped}>{ props.children.clone() }</ContextProvider<Ctx>>
    }
}

/// Whether the part at `path` is still what `kept` shows, without copying it.
fn unchanged(ctx: &Ctx, path: &str, kept: &Ctx) -> bool {
    let Some(scope) = &kept.scope else { return false };
    let draft = ctx.studio.draft();
    let now = draft::get(&draft, path).unwrap_or(&Value::Null);
    let same_json = match (now.as_object(), scope.json.as_object()) {
        // A page's own fields: everything but its questions.
        (Some(now), Some(was)) if is_page(path) => {
            now.iter().filter(|(k, _)| *k != "questions").eq(was.iter().filter(|(k, _)| *k != "questions"))
        }
        _ => *now == scope.json,
    };
    same_json
        && scope.language == ctx.studio.language
        && scope.languages == draft::languages(&draft)
        && scope.new_rule == ctx.subjects.new_rule(owner(path, now))
        && problems(ctx, path).eq(scope.problems.iter().map(|(at, said)| (at, said)))
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

/// What the check says inside the part.
fn problems<'p>(ctx: &'p Ctx, path: &'p str) -> impl Iterator<Item = (&'p String, &'p Vec<(bool, String)>)> + 'p {
    let except = is_page(path).then_some("questions");
    problems_within(&ctx.problems, path).filter(move |(at, _)| {
        !except.is_some_and(|q| at[path.len()..].strip_prefix('.').is_some_and(|rest| rest.starts_with(q)))
    })
}

fn scope(ctx: &Ctx, path: &str) -> Ctx {
    let draft = ctx.studio.draft();
    let mut json = draft::get(&draft, path).cloned().unwrap_or(Value::Null);
    if is_page(path) {
        if let Some(page) = json.as_object_mut() {
            page.remove("questions");
        }
    }
    let scope = Scope {
        new_rule: ctx.subjects.new_rule(owner(path, &json)),
        language: ctx.studio.language.clone(),
        languages: draft::languages(&draft),
        problems: problems(ctx, path).map(|(at, said)| (at.clone(), said.clone())).collect(),
        json,
    };
    Ctx { scope: Some(Rc::new(scope)), ..ctx.clone() }
}
