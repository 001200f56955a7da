//! The survey's languages: add, remove, put first; and which one the studio edits texts in.

use super::text_input::TextInput;
use super::use_ctx;
use crate::fields::field_id;
use crate::state::{Edit, Msg};
use serde_json::{json, Value};
use speaksafe_core::draft;
use yew::prelude::*;

#[function_component]
pub fn Languages() -> Html {
    let ctx = use_ctx();
    let codes = draft::languages(&ctx.studio.draft());
    let adding = use_state(String::new);
    let add = {
        let (ctx, adding, codes) = (ctx.clone(), adding.clone(), codes.clone());
        Callback::from(move |_: MouseEvent| {
            let code = adding.trim().to_string();
            if code.is_empty() || codes.contains(&code) {
                return;
            }
            ctx.edit(Edit::InsertItem { list: "languages".into(), index: usize::MAX, item: json!(code) });
            adding.set(String::new());
        })
    };
    let on_adding = {
        let adding = adding.clone();
        Callback::from(move |v: String| adding.set(v))
    };
    html! {
        <fieldset class="ss-fieldset st-section">
            <legend class="ss-legend">{ "Languages" }</legend>
            <p class="ss-hint">{ "The first is the one respondents see first, and the one texts fall back to." }</p>
            <ol class="st-items">
                { for codes.iter().enumerate().map(|(i, code)| {
                    let name = speaksafe_core::Language::new(code).name;
                    let editing = ctx.studio.language == *code;
                    let choose = { let code = code.clone(); ctx.send.reform(move |_: MouseEvent| Msg::Language(code.clone())) };
                    let first = ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: "languages".into(), from: i, to: 0 });
                    let remove = ctx.editing(move |_: MouseEvent| Edit::RemoveItem { list: "languages".into(), index: i });
                    let label = format!("{name} ({code})");
                    html! {
                        <li class="st-item" id={field_id(&format!("languages[{i}]"))}>
                            <span class="st-item__name">{ label.clone() }</span>
                            if editing {
                                <span class="st-tag">{ "Editing texts in this language" }</span>
                            } else {
                                <button type="button" class="ss-link-button" onclick={choose}>{ "Edit texts in " }{ label.clone() }</button>
                            }
                            if i > 0 {
                                <button type="button" class="ss-link-button" onclick={first}>{ "Make " }{ label.clone() }{ " first" }</button>
                            }
                            if codes.len() > 1 {
                                <button type="button" class="ss-link-button" onclick={remove}>{ "Remove " }{ label.clone() }</button>
                            }
                        </li>
                    }
                }) }
            </ol>
            { for ctx.problems_at("languages").iter().map(|(_, m)| html! { <p class="ss-error-message">{ m.clone() }</p> }) }
            <TextInput id="st-add-language" label="Add a language" hint="Its code, such as cy (Welsh), pl (Polish), ar (Arabic) or pt-BR."
                value={(*adding).clone()} on_input={on_adding} />
            <button type="button" class="ss-button ss-button--secondary" onclick={add}>{ "Add the language" }</button>
        </fieldset>
    }
}

/// The language's code as the draft writes it (a string, or `{code, …}`).
pub fn code(value: &Value) -> Option<&str> {
    value.as_str().or_else(|| value.get("code").and_then(Value::as_str))
}
