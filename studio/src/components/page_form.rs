//! One page: its title, words, content note and condition, its questions, and moving, copying
//! and deleting it.

use super::condition_field::ConditionField;
use super::part::Part;
use super::question_form::QuestionForm;
use super::text_input::{TextAt, TextInput};
use super::use_ctx;
use crate::fields::field_id;
use crate::state::{Edit, Msg, View};
use serde_json::{json, Value};
use speaksafe_core::Kind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageFormProps {
    pub page: usize,
}

#[function_component]
pub fn PageForm(props: &PageFormProps) -> Html {
    let ctx = use_ctx();
    let page = props.page;
    let path = format!("pages[{page}]");
    let draft = ctx.studio.draft();
    let draft = &*draft;
    let Some(this) = speaksafe_core::draft::get(draft, &path) else { return Html::default() };
    let pages = draft.get("pages").and_then(Value::as_array).map_or(0, Vec::len);
    let count = this.get("questions").and_then(Value::as_array).map_or(0, Vec::len);
    let id = this.get("id").and_then(Value::as_str).unwrap_or("").to_string();
    let kind = use_state(|| "single_choice".to_string());
    let removed = use_state(|| None::<Value>);
    let on_id = {
        let path = path.clone();
        ctx.editing(move |v: String| Edit::Set(format!("{path}.id"), json!(v)))
    };
    let up = ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: "pages".into(), from: page, to: page - 1 });
    let down = ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: "pages".into(), from: page, to: page + 1 });
    let copy = ctx.editing(move |_: MouseEvent| Edit::DuplicatePage(page));
    let delete = {
        let (ctx, removed, path) = (ctx.clone(), removed.clone(), path.clone());
        Callback::from(move |_: MouseEvent| {
            let this = speaksafe_core::draft::get(&ctx.studio.draft(), &path).cloned();
            removed.set(this);
            ctx.edit(Edit::RemoveItem { list: "pages".into(), index: page });
            ctx.send.emit(Msg::Show(if page > 0 { View::Page(page - 1) } else { View::Settings }));
        })
    };
    let add = {
        let (ctx, kind) = (ctx.clone(), kind.clone());
        Callback::from(move |_: MouseEvent| ctx.edit(Edit::AddQuestion { page, index: count, kind: (*kind).clone() }))
    };
    let choose_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| kind.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let title = speaksafe_core::draft::text_in(draft, &format!("{path}.title"), &ctx.studio.language);
    html! {
        <>
            <h1 class="ss-heading-l" id="st-heading" tabindex="-1">
                { format!("Page {} of {pages}", page + 1) }
                if !title.is_empty() { { format!(": {title}") } }
            </h1>
            <div class="ss-button-group st-actions" role="group" aria-label="This page">
                <button type="button" class="ss-button ss-button--secondary" disabled={page == 0} onclick={up}>{ "Move page up" }</button>
                <button type="button" class="ss-button ss-button--secondary" disabled={page + 1 >= pages} onclick={down}>{ "Move page down" }</button>
                <button type="button" class="ss-button ss-button--secondary" onclick={copy}>{ "Copy page" }</button>
                <button type="button" class="ss-button ss-button--warning" onclick={delete}>{ "Delete page" }</button>
            </div>
            if removed.is_some() {
                <p class="ss-body" role="status">{ "Deleted. Undo brings it back." }</p>
            }
            <Part path={path.clone()}>
                <TextInput id={field_id(&format!("{path}.id"))} label="Page name" hint="Letters, digits, \"-\" and \"_\"; not shown to respondents."
                    value={id} problems={ctx.problems_at(&format!("{path}.id"))} on_input={on_id} />
                <TextAt path={format!("{path}.title")} label="Page title" />
                <TextAt path={format!("{path}.intro")} label="Words under the title" multiline=true />
                <TextAt path={format!("{path}.content_note")} label="Content note" multiline=true
                    hint="For pages that ask about hard experiences: shown first, with a choice to go on or skip the page. Say what the page asks about." />
                <ConditionField path={format!("{path}.visible_if")} owner={None::<String>} label="Show this page only when…" />
            </Part>
            <h2 class="ss-heading-m">{ "Questions on this page" }</h2>
            if count == 0 {
                <p class="ss-body">{ "No questions yet." }</p>
            }
            // Keyed by place, not by name: a question's name follows its words as they are typed,
            // and a new key would draw the question afresh and lose the focus in it.
            { for (0..count).map(|index| html! {
                <Part key={index} path={format!("{path}.questions[{index}]")}>
                    <QuestionForm {page} {index} {count} {pages} />
                </Part>
            }) }
            <div class="st-add">
                <div class="ss-form-group">
                    <label class="ss-label" for="st-new-kind">{ "Kind of question" }</label>
                    <select class="ss-select" id="st-new-kind" onchange={choose_kind}>
                        { for Kind::NAMES.iter().map(|name| html! {
                            <option value={*name} selected={*kind == *name}>{ crate::fields::capitalised(Kind::words_for(name).unwrap_or(name)) }</option>
                        }) }
                    </select>
                </div>
                <button type="button" class="ss-button" onclick={add}>{ "Add a question" }</button>
            </div>
        </>
    }
}
