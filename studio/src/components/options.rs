//! A list of options (or a matrix's rows or columns): each a value and its words, added,
//! removed and put in order with buttons. A value follows its words until it is changed, and a
//! changed value is changed in every condition that compares with it.

use super::text_input::TextInput;
use super::use_field_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use serde_json::{json, Value};
use speaksafe_core::draft::{self, suggest_value, unique};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OptionsProps {
    /// Where the list is: `pages[0].questions[1].options`.
    pub list: String,
    pub label: AttrValue,
    pub hint: AttrValue,
    /// Options may be exclusive ("None of these" clears the others).
    pub exclusive: bool,
}

/// A value the studio made (`option_2`) or made from the words.
fn is_made(value: &str, text: &str) -> bool {
    let default = ["option_", "row_", "column_"]
        .iter()
        .any(|p| value.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())));
    default || value == suggest_value(text)
}

#[function_component]
pub fn Options(props: &OptionsProps) -> Html {
    let ctx = use_field_ctx();
    let draft = ctx.draft();
    let draft = &*draft;
    let items = draft::get(draft, &props.list).and_then(Value::as_array).cloned().unwrap_or_default();
    let language = ctx.language.clone();
    let first = draft::languages(draft).first().cloned().unwrap_or_default();
    let singular = if props.list.ends_with("rows") {
        "row"
    } else if props.list.ends_with("columns") {
        "column"
    } else {
        "option"
    };
    let values: Vec<String> =
        items.iter().filter_map(|i| i.get("value").and_then(Value::as_str).map(str::to_string)).collect();
    let add = {
        let (list, values) = (props.list.clone(), values.clone());
        ctx.editing(move |_: MouseEvent| {
            let value = unique(&format!("{singular}_{}", values.len() + 1), &values);
            Edit::InsertItem { list: list.clone(), index: usize::MAX, item: json!({ "value": value, "text": "" }) }
        })
    };
    let list_id = field_id(&props.list);
    html! {
        <fieldset class="ss-fieldset st-section" id={list_id}>
            <legend class="ss-legend">{ props.label.clone() }</legend>
            <p class="ss-hint">{ props.hint.clone() }</p>
            { for ctx.problems_at(&props.list).iter().map(|(e, m)| html! {
                <p class={if *e { "ss-error-message" } else { "st-warning" }}>{ m.clone() }</p>
            }) }
            <ol class="st-items">
                { for items.iter().enumerate().map(|(i, item)| {
                    let at = format!("{}[{i}]", props.list);
                    let value = item.get("value").and_then(Value::as_str).unwrap_or("").to_string();
                    let text = draft::text_in(draft, &format!("{at}.text"), &language);
                    let name = format!("{} {}", crate::fields::capitalised(singular), i + 1);
                    // The words; the value follows them while it is one the studio made and no
                    // condition compares with it. Everything is asked of the draft as it is when
                    // the key is pressed: a key can come before this list is drawn again.
                    let on_text = {
                        let (at, language, list, handle, first) =
                            (at.clone(), language.clone(), props.list.clone(), ctx.draft_handle(), first.clone());
                        ctx.editing(move |text: String| {
                            let words = Edit::Text { path: format!("{at}.text"), language: language.clone(), text: text.clone() };
                            let draft = handle.read();
                            let items = draft::get(&draft, &list).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                            let value_of = |item: &Value| item.get("value").and_then(Value::as_str).unwrap_or("").to_string();
                            let value = items.get(i).map(value_of).unwrap_or_default();
                            let first_text = draft::text_in(&draft, &format!("{at}.text"), &first);
                            let follows = language == first
                                && is_made(&value, &first_text)
                                && draft::conditions_using(&draft, owner_id(&draft, &list).as_deref().unwrap_or(""), Some(&value)).is_empty();
                            let others: Vec<String> =
                                items.iter().enumerate().filter(|(k, _)| *k != i).map(|(_, item)| value_of(item)).collect();
                            let suggested = unique(&suggest_value(&text), &others);
                            if follows && !text.trim().is_empty() && suggested != value {
                                Edit::Many(vec![words, Edit::RenameValue { list: list.clone(), index: i, value: suggested, conditions: false }])
                            } else {
                                words
                            }
                        })
                    };
                    let on_value = {
                        let list = props.list.clone();
                        ctx.editing(move |v: String| Edit::RenameValue { list: list.clone(), index: i, value: v.trim().to_string(), conditions: true })
                    };
                    let list = props.list.clone();
                    let up = { let list = list.clone(); ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: list.clone(), from: i, to: i - 1 }) };
                    let down = { let list = list.clone(); ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: list.clone(), from: i, to: i + 1 }) };
                    let remove = { let list = list.clone(); ctx.editing(move |_: MouseEvent| Edit::RemoveItem { list: list.clone(), index: i }) };
                    let exclusive = item.get("exclusive").and_then(Value::as_bool).unwrap_or(false);
                    let on_exclusive = {
                        let at = at.clone();
                        ctx.editing(move |e: Event| {
                            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                            Edit::Set(format!("{at}.exclusive"), if on { json!(true) } else { Value::Null })
                        })
                    };
                    html! {
                        <li class="st-option" id={field_id(&at)}>
                            <TextInput id={field_id(&format!("{at}.text"))} label={format!("{name}: words")} value={text}
                                lang={language.clone()} problems={ctx.problems_at(&format!("{at}.text"))} on_input={on_text} />
                            <TextInput id={field_id(&format!("{at}.value"))} label={format!("{name}: stored as")}
                                value={value.clone()} problems={ctx.problems_at(&format!("{at}.value"))} on_change={on_value} />
                            if props.exclusive {
                                <div class="ss-checkboxes">
                                    <div class="ss-checkboxes__item">
                                        <input class="ss-checkboxes__input" type="checkbox" id={field_id(&format!("{at}.exclusive"))} checked={exclusive} onchange={on_exclusive} />
                                        <label class="ss-checkboxes__label" for={field_id(&format!("{at}.exclusive"))}>
                                            { format!("{name} clears the others (\"None of these\")") }
                                        </label>
                                    </div>
                                </div>
                            }
                            <div class="ss-button-group st-actions">
                                <button type="button" class="ss-button ss-button--secondary" disabled={i == 0} onclick={up}>
                                    { "Move up" }<span class="ss-visually-hidden">{ format!(" {name}") }</span>
                                </button>
                                <button type="button" class="ss-button ss-button--secondary" disabled={i + 1 >= items.len()} onclick={down}>
                                    { "Move down" }<span class="ss-visually-hidden">{ format!(" {name}") }</span>
                                </button>
                                <button type="button" class="ss-button ss-button--secondary" onclick={remove}>
                                    { "Remove" }<span class="ss-visually-hidden">{ format!(" {name}") }</span>
                                </button>
                            </div>
                        </li>
                    }
                }) }
            </ol>
            <button type="button" class="ss-button ss-button--secondary" onclick={add}>{ format!("Add {} {singular}", if singular == "option" { "an" } else { "a" }) }</button>
        </fieldset>
    }
}

/// The id of the question a list belongs to.
fn owner_id(draft: &Value, list: &str) -> Option<String> {
    let question = list.rsplit_once('.')?.0;
    draft::get(draft, &format!("{question}.id")).and_then(Value::as_str).map(str::to_string)
}
