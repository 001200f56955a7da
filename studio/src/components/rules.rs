//! A question's validation rules: how long a text may be, a number's range, a pattern; each with
//! the message the respondent reads.

use super::text_input::{TextAt, TextInput};
use super::use_field_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use serde_json::{json, Value};
use speaksafe_core::draft;
use speaksafe_core::Kind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulesProps {
    /// The question's path.
    pub path: String,
    pub kind: String,
}

fn rule_words(rule: &str) -> &'static str {
    match rule {
        "length" => "How many characters",
        "range" => "The range of the number",
        "pattern" => "A pattern the answer must match",
        _ => "A rule",
    }
}

#[function_component]
pub fn Rules(props: &RulesProps) -> Html {
    let ctx = use_field_ctx();
    let list = format!("{}.validation", props.path);
    let rules = draft::get(&ctx.draft(), &list).and_then(Value::as_array).cloned().unwrap_or_default();
    let taken = Kind::rules(&props.kind);
    html! {
        <fieldset class="ss-fieldset st-section">
            <legend class="ss-legend">{ "Checks of the answer" }</legend>
            <p class="ss-hint">{ "Applied only when the question is answered. Say in the message what to write." }</p>
            { for rules.iter().enumerate().map(|(i, rule)| {
                let at = format!("{list}[{i}]");
                let kind = rule.get("rule").and_then(Value::as_str).unwrap_or("").to_string();
                let number = |key: &str| rule.get(key).map(|v| v.to_string().trim_matches('"').to_string()).unwrap_or_default();
                let set_number = |key: &'static str| {
                    let at = at.clone();
                    ctx.editing(move |v: String| {
                        let v = v.trim().to_string();
                        Edit::Set(format!("{at}.{key}"), v.parse::<f64>().map(|n| json!(n)).unwrap_or(if v.is_empty() { Value::Null } else { json!(v) }))
                    })
                };
                let pattern = rule.get("pattern").and_then(Value::as_str).unwrap_or("").to_string();
                let on_pattern = { let at = at.clone(); ctx.editing(move |v: String| Edit::Set(format!("{at}.pattern"), json!(v))) };
                let remove = { let list = list.clone(); ctx.editing(move |_: MouseEvent| Edit::RemoveItem { list: list.clone(), index: i }) };
                let name = format!("Check {}", i + 1);
                html! {
                    <section class="st-card" aria-label={format!("{name}: {}", rule_words(&kind))}>
                        <h4 class="ss-heading-s">{ format!("{name}: {}", rule_words(&kind)) }</h4>
                        if kind == "pattern" {
                            <TextInput id={field_id(&format!("{at}.pattern"))} label="Pattern" hint="A regular expression, such as ^[A-Z]{1,2}[0-9] for the start of a postcode."
                                value={pattern} problems={ctx.problems_at(&format!("{at}.pattern"))} on_input={on_pattern} />
                        } else {
                            <TextInput id={field_id(&format!("{at}.min"))} label={if kind == "length" { "At least (characters)" } else { "At least" }} numeric=true
                                value={number("min")} problems={ctx.problems_at(&format!("{at}.min"))} on_input={set_number("min")} />
                            <TextInput id={field_id(&format!("{at}.max"))} label={if kind == "length" { "At most (characters)" } else { "At most" }} numeric=true
                                value={number("max")} problems={ctx.problems_at(&format!("{at}.max"))} on_input={set_number("max")} />
                        }
                        <TextAt path={format!("{at}.message")} label="Message when the answer does not fit" />
                        <button type="button" class="ss-button ss-button--secondary" onclick={remove}>
                            { "Remove" }<span class="ss-visually-hidden">{ format!(" {name}") }</span>
                        </button>
                    </section>
                }
            }) }
            <div class="ss-button-group">
                { for taken.iter().map(|rule| {
                    let list = list.clone();
                    let rule = *rule;
                    let onclick = ctx.editing(move |_: MouseEvent| Edit::InsertItem { list: list.clone(), index: usize::MAX, item: json!({ "rule": rule, "message": "" }) });
                    html! { <button type="button" class="ss-button ss-button--secondary" {onclick}>{ format!("Add a check: {}", rule_words(rule).to_lowercase()) }</button> }
                }) }
            </div>
        </fieldset>
    }
}
