//! One question: its words, its name (made from its words until the organiser changes it, and
//! renamed everywhere it is used), whether it is required or conditional, its kind's own fields
//! and its checks; and moving it up, down or to another page, copying and deleting it.

use super::condition_field::ConditionField;
use super::kind_fields::KindFields;
use super::rules::Rules;
use super::text_input::{TextAt, TextInput};
use super::use_field_ctx;
use crate::fields::{capitalised, field_id};
use crate::state::Edit;
use serde_json::{json, Value};
use speaksafe_core::draft::{self, conditions_using, suggest_id};
use speaksafe_core::Kind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionFormProps {
    pub page: usize,
    pub index: usize,
    /// How many questions the page has, and how many pages the survey has.
    pub count: usize,
    pub pages: usize,
}

/// An id the studio gave (`question`, `question_2`) or made from the words as they were being
/// typed ("Is ther" gave `ther` a moment before "Is there"): one the organiser has not chosen,
/// so it may follow the words.
fn is_made(id: &str, text: &str) -> bool {
    let default =
        id == "question" || id.strip_prefix("question_").is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    default || text.char_indices().map(|(at, _)| &text[..at]).chain([text]).any(|typed| id == suggest_id(typed))
}

#[function_component]
pub fn QuestionForm(props: &QuestionFormProps) -> Html {
    let ctx = use_field_ctx();
    let (page, index) = (props.page, props.index);
    let path = format!("pages[{page}].questions[{index}]");
    let draft = ctx.draft();
    let draft = &*draft;
    let question = draft::get(draft, &path).cloned().unwrap_or(Value::Null);
    let kind = question.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    let id = question.get("id").and_then(Value::as_str).unwrap_or("").to_string();
    let language = ctx.language.clone();
    let text = draft::text_in(draft, &format!("{path}.text"), &language);
    // A rename waiting for the organiser to say whether the conditions follow: (new id, how many).
    let pending = use_state(|| None::<(String, usize)>);
    let move_to = use_state(|| 0usize);
    let heading_id = format!("st-q-{page}-{index}");
    let kind_words = capitalised(Kind::words_for(&kind).unwrap_or(&kind));

    // The words; the id follows the first language's words while it is one the studio made and
    // no condition names it (asked of the draft as it is when the key is pressed).
    let on_text = {
        let (path, language, handle) = (path.clone(), language.clone(), ctx.draft_handle());
        ctx.editing(move |text: String| {
            let words = Edit::Text { path: format!("{path}.text"), language: language.clone(), text: text.clone() };
            let draft = handle.read();
            let id = draft::get(&draft, &format!("{path}.id")).and_then(Value::as_str).unwrap_or("");
            let first = draft::languages(&draft).first().cloned().unwrap_or_default();
            let first_text = draft::text_in(&draft, &format!("{path}.text"), &first);
            let follows =
                language == first && is_made(id, &first_text) && conditions_using(&draft, id, None).is_empty();
            let suggested = suggest_id(&text);
            if follows && suggested != id && suggested != "question" {
                Edit::Many(vec![words, Edit::RenameQuestion { page, index, id: suggested, conditions: false }])
            } else {
                words
            }
        })
    };
    let on_id = {
        let (ctx, pending, id) = (ctx.clone(), pending.clone(), id.clone());
        Callback::from(move |new: String| {
            let new = new.trim().to_string();
            if new == id || new.is_empty() {
                return;
            }
            let users = conditions_using(&ctx.draft(), &id, None).len();
            if users == 0 {
                ctx.edit(Edit::RenameQuestion { page, index, id: new, conditions: false });
            } else {
                pending.set(Some((new, users)));
            }
        })
    };
    let rename = |conditions: bool| {
        let (ctx, pending) = (ctx.clone(), pending.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((id, _)) = (*pending).clone() {
                ctx.edit(Edit::RenameQuestion { page, index, id, conditions });
            }
            pending.set(None);
        })
    };
    let cancel = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };
    let list = format!("pages[{page}].questions");
    let up = {
        let list = list.clone();
        ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: list.clone(), from: index, to: index - 1 })
    };
    let down = {
        let list = list.clone();
        ctx.editing(move |_: MouseEvent| Edit::MoveItem { list: list.clone(), from: index, to: index + 1 })
    };
    let copy = ctx.editing(move |_: MouseEvent| Edit::DuplicateQuestion { page, index });
    let delete = {
        let list = list.clone();
        ctx.editing(move |_: MouseEvent| Edit::RemoveItem { list: list.clone(), index })
    };
    let choose_page = {
        let move_to = move_to.clone();
        Callback::from(move |e: Event| {
            move_to.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0))
        })
    };
    let to_page = {
        let move_to = move_to.clone();
        ctx.editing(move |_: MouseEvent| Edit::QuestionToPage { page, index, to: *move_to })
    };
    let flag = |key: &str| question.get(key).and_then(Value::as_bool).unwrap_or(false);
    let toggle = |key: &'static str| {
        let path = path.clone();
        ctx.editing(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            Edit::Set(format!("{path}.{key}"), if on { json!(true) } else { Value::Null })
        })
    };
    let answerable = kind != "info";
    let label = format!("Question {}", index + 1);
    html! {
        <section class="st-card st-question" aria-labelledby={heading_id.clone()}>
            <h3 class="ss-heading-s" id={heading_id.clone()}>{ format!("{label}: {kind_words}") }</h3>
            <div class="ss-button-group st-actions" role="group" aria-label={label.clone()}>
                <button type="button" class="ss-button ss-button--secondary" disabled={index == 0} onclick={up}>
                    { "Move up" }<span class="ss-visually-hidden">{ format!(" {label}") }</span>
                </button>
                <button type="button" class="ss-button ss-button--secondary" disabled={index + 1 >= props.count} onclick={down}>
                    { "Move down" }<span class="ss-visually-hidden">{ format!(" {label}") }</span>
                </button>
                <button type="button" class="ss-button ss-button--secondary" onclick={copy}>
                    { "Copy" }<span class="ss-visually-hidden">{ format!(" {label}") }</span>
                </button>
                <button type="button" class="ss-button ss-button--warning" onclick={delete}>
                    { "Delete" }<span class="ss-visually-hidden">{ format!(" {label}") }</span>
                </button>
            </div>
            if props.pages > 1 {
                <div class="st-inline">
                    <div class="ss-form-group">
                        <label class="ss-label" for={format!("{heading_id}-page")}>{ format!("Move {label} to page") }</label>
                        <select class="ss-select" id={format!("{heading_id}-page")} onchange={choose_page}>
                            { for (0..props.pages).map(|p| html! {
                                <option value={p.to_string()} selected={*move_to == p} disabled={p == page}>{ format!("Page {}", p + 1) }</option>
                            }) }
                        </select>
                    </div>
                    <button type="button" class="ss-button ss-button--secondary" onclick={to_page} disabled={*move_to == page}>
                        { "Move" }<span class="ss-visually-hidden">{ format!(" {label} to that page") }</span>
                    </button>
                </div>
            }
            <TextInput id={field_id(&format!("{path}.text"))}
                label={if answerable { "Question" } else { "Words" }}
                multiline={!answerable} value={text} lang={language.clone()}
                dir={speaksafe_core::Direction::of(&language).attribute()}
                problems={ctx.problems_at(&format!("{path}.text"))} on_input={on_text} />
            <TextInput id={field_id(&format!("{path}.id"))} label="Name"
                hint="How answers to it are stored, and how conditions name it. Made from the words until you change it."
                value={id.clone()} problems={ctx.problems_at(&format!("{path}.id"))} on_change={on_id} />
            if let Some((new, users)) = &*pending {
                <div class="st-prompt" role="alert">
                    <p class="ss-body">{ format!("{users} {} use{} \"{id}\". Renaming it to \"{new}\" would break {}.",
                        if *users == 1 { "condition" } else { "conditions" }, if *users == 1 { "s" } else { "" },
                        if *users == 1 { "it" } else { "them" }) }</p>
                    <div class="ss-button-group">
                        <button type="button" class="ss-button" onclick={rename(true)}>{ format!("Rename and update the {}", if *users == 1 { "condition" } else { "conditions" }) }</button>
                        <button type="button" class="ss-button ss-button--secondary" onclick={rename(false)}>{ "Rename only" }</button>
                        <button type="button" class="ss-button ss-button--secondary" onclick={cancel}>{ "Keep the old name" }</button>
                    </div>
                </div>
            }
            if answerable {
                <TextAt path={format!("{path}.hint")} label="Hint" hint="Short help under the question, such as \"Choose all that apply\"." />
            }
            <KindFields path={path.clone()} kind={kind.clone()} />
            if answerable {
                <fieldset class="ss-fieldset st-section">
                    <legend class="ss-legend">{ "Answering" }</legend>
                    <div class="ss-checkboxes">
                        <div class="ss-checkboxes__item">
                            <input class="ss-checkboxes__input" type="checkbox" id={field_id(&format!("{path}.required"))} checked={flag("required")} onchange={toggle("required")} />
                            <label class="ss-checkboxes__label" for={field_id(&format!("{path}.required"))}>{ "An answer is required" }</label>
                        </div>
                        <div class="ss-checkboxes__item">
                            <input class="ss-checkboxes__input" type="checkbox" id={field_id(&format!("{path}.sensitive"))} checked={flag("sensitive")} onchange={toggle("sensitive")} />
                            <label class="ss-checkboxes__label" for={field_id(&format!("{path}.sensitive"))}>{ "Sensitive (about abuse, identity, health): typed answers are not spellchecked" }</label>
                        </div>
                    </div>
                    { for ctx.problems_at(&format!("{path}.required")).iter().map(|(e, m)| html! {
                        <p class={if *e { "ss-error-message" } else { "st-warning" }}>{ m.clone() }</p>
                    }) }
                    <ConditionField path={format!("{path}.required_if")} owner={Some(id.clone())} label="Required only when…" />
                </fieldset>
            }
            <ConditionField path={format!("{path}.visible_if")} owner={Some(id.clone())} label="Show this question only when…" />
            if answerable && !Kind::rules(&kind).is_empty() {
                <Rules path={path.clone()} kind={kind.clone()} />
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::is_made;

    #[test]
    fn an_id_made_while_typing_keeps_following_the_words() {
        assert!(is_made("question_3", "Anything"));
        assert!(is_made("ther", "Is there"));
        assert!(is_made("how_often", "How often do you go?"));
        assert!(!is_made("visits", "How often do you go?"));
    }
}
