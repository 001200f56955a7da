//! A question's kind's own fields, made from what the kind says it takes
//! (`speaksafe_core::Kind::fields`): there is no form per kind to keep in step with core.

use super::options::Options;
use super::text_input::{TextAt, TextInput};
use super::use_field_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use serde_json::{json, Value};
use speaksafe_core::draft;
use speaksafe_core::kind::{Field, FieldValue, Kind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KindFieldsProps {
    /// The question's path.
    pub path: String,
    pub kind: String,
}

/// A field's name as a label: "min_label" → "Min label".
fn label(field: &Field) -> String {
    let name = field.name.replace('_', " ");
    crate::fields::capitalised(&name)
}

#[function_component]
pub fn KindFields(props: &KindFieldsProps) -> Html {
    let ctx = use_field_ctx();
    let fields = Kind::fields(&props.kind).unwrap_or(&[]);
    html! {
        <>
            { for fields.iter().map(|field| {
                let at = format!("{}.{}", props.path, field.name);
                match field.value {
                    FieldValue::Options { exclusive } => html! {
                        <Options list={at} label={label(field)} hint={field.about} {exclusive} />
                    },
                    FieldValue::Text => html! { <TextAt path={at} label={label(field)} hint={field.about} /> },
                    FieldValue::Count | FieldValue::Number => {
                        let value = draft::get(&ctx.draft(), &at).map(Value::to_string).unwrap_or_default();
                        let whole = field.value == FieldValue::Count;
                        let path = at.clone();
                        let on_input = ctx.editing(move |v: String| {
                            let v = v.trim().to_string();
                            let number = if whole { v.parse::<u64>().ok().map(|n| json!(n)) } else { v.parse::<f64>().ok().map(|n| json!(n)) };
                            // What is not a number yet is kept as typed, so that the check can say so.
                            Edit::Set(path.clone(), number.unwrap_or(if v.is_empty() { Value::Null } else { json!(v) }))
                        });
                        html! {
                            <TextInput id={field_id(&at)} label={label(field)} hint={field.about} numeric=true
                                value={value.trim_matches('"').to_string()} problems={ctx.problems_at(&at)} {on_input} />
                        }
                    }
                    FieldValue::Flag => {
                        let checked = draft::get(&ctx.draft(), &at).and_then(Value::as_bool).unwrap_or(false);
                        let path = at.clone();
                        let onchange = ctx.editing(move |e: Event| {
                            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                            Edit::Set(path.clone(), if on { json!(true) } else { Value::Null })
                        });
                        html! {
                            <div class="ss-checkboxes st-field">
                                <div class="ss-checkboxes__item">
                                    <input class="ss-checkboxes__input" type="checkbox" id={field_id(&at)} {checked} {onchange} />
                                    <label class="ss-checkboxes__label" for={field_id(&at)}>{ field.about }</label>
                                </div>
                            </div>
                        }
                    }
                    FieldValue::PreferNotToSay => html! { <PreferNotToSay path={at} /> },
                }
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PreferNotToSayProps {
    path: String,
}

/// "Prefer not to say": on or off, and words of the survey's own if wanted.
#[function_component]
fn PreferNotToSay(props: &PreferNotToSayProps) -> Html {
    let ctx = use_field_ctx();
    let value = draft::get(&ctx.draft(), &props.path).cloned().unwrap_or(Value::Null);
    let on = !matches!(value, Value::Null | Value::Bool(false));
    let path = props.path.clone();
    let onchange = ctx.editing(move |e: Event| {
        let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
        Edit::Set(path.clone(), if on { json!(true) } else { Value::Null })
    });
    let own_words = {
        let path = props.path.clone();
        let language = ctx.language.clone();
        ctx.editing(move |_: MouseEvent| Edit::Text {
            path: path.clone(),
            language: language.clone(),
            text: "Prefer not to say".into(),
        })
    };
    html! {
        <div class="st-field">
            <div class="ss-checkboxes">
                <div class="ss-checkboxes__item">
                    <input class="ss-checkboxes__input" type="checkbox" id={field_id(&props.path)} checked={on} {onchange} />
                    <label class="ss-checkboxes__label" for={field_id(&props.path)}>{ "Offer \"Prefer not to say\" as the last answer" }</label>
                </div>
            </div>
            if on && !value.is_boolean() {
                <TextAt path={props.path.clone()} label="Words for \"Prefer not to say\"" />
            } else if on {
                <button type="button" class="ss-link-button" onclick={own_words}>{ "Write your own words for \"Prefer not to say\"" }</button>
            }
        </div>
    }
}
