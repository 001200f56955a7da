//! Help lines: shown on every page and at the end.

use super::text_input::{TextAt, TextInput};
use super::use_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use serde_json::{json, Value};
use yew::prelude::*;

#[function_component]
pub fn HelpLines() -> Html {
    let ctx = use_ctx();
    let lines = ctx.studio.draft().get("support").and_then(Value::as_array).cloned().unwrap_or_default();
    let add = ctx.editing(|_: MouseEvent| Edit::InsertItem {
        list: "support".into(),
        index: usize::MAX,
        item: json!({ "name": "" }),
    });
    html! {
        <fieldset class="ss-fieldset st-section">
            <legend class="ss-legend">{ "Help lines" }</legend>
            <p class="ss-hint">{ "Services that can help, shown on every page and at the end. Check every number and address." }</p>
            { for lines.iter().enumerate().map(|(i, line)| {
                let path = format!("support[{i}]");
                let string = |key: &str| line.get(key).and_then(Value::as_str).unwrap_or("").to_string();
                let set = |key: &'static str| { let path = path.clone(); ctx.editing(move |v: String| Edit::Set(format!("{path}.{key}"), json!(v))) };
                let remove = ctx.editing(move |_: MouseEvent| Edit::RemoveItem { list: "support".into(), index: i });
                html! {
                    <section class="st-card" aria-labelledby={format!("st-help-{i}")}>
                        <h3 class="ss-heading-s" id={format!("st-help-{i}")}>{ format!("Help line {}", i + 1) }</h3>
                        <TextAt path={format!("{path}.name")} label="Name" />
                        <TextInput id={field_id(&format!("{path}.phone"))} label="Phone number" value={string("phone")}
                            problems={ctx.problems_at(&format!("{path}.phone"))} on_input={set("phone")} />
                        <TextInput id={field_id(&format!("{path}.url"))} label="Website" hint="A full address, starting https://" value={string("url")}
                            problems={ctx.problems_at(&format!("{path}.url"))} on_input={set("url")} />
                        <TextAt path={format!("{path}.text")} label="Anything else" hint="Opening hours, who it is for, a number to text." />
                        <button type="button" class="ss-button ss-button--secondary" onclick={remove}>{ format!("Remove help line {}", i + 1) }</button>
                    </section>
                }
            }) }
            <button type="button" class="ss-button ss-button--secondary" onclick={add}>{ "Add a help line" }</button>
        </fieldset>
    }
}
