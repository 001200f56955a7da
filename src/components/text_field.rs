//! Short text, long text (with a character count) and numbers (a text box with a number keypad).

use crate::dom;
use crate::say::use_say;
use speaksafe_core::ui::fill;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub name: String,
    pub value: AttrValue,
    #[prop_or_default]
    pub long: bool,
    #[prop_or_default]
    pub max_length: Option<usize>,
    /// `Some(whole numbers only)` for a number question.
    #[prop_or_default]
    pub number: Option<bool>,
    /// Sensitive answers are not sent to a spellchecker.
    #[prop_or_default]
    pub sensitive: bool,
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    pub on_input: Callback<String>,
}

#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let say = use_say();
    let id = dom::field(&props.name);
    let spellcheck = (!props.sensitive && props.number.is_none()).to_string();
    if props.long {
        let oninput =
            props.on_input.reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value());
        let count_id = dom::count(&props.name);
        let used = props.value.chars().count();
        let count = props.max_length.map(|max| {
            let words = say.words();
            if used > max {
                say.digits(&fill(words.characters_over(), &[("n", &(used - max).to_string())]))
            } else {
                say.digits(&fill(words.characters_left(), &[("n", &(max - used).to_string())]))
            }
        });
        let described_by: Option<AttrValue> = match (&props.described_by, &count) {
            (Some(d), Some(_)) => Some(format!("{d} {count_id}").into()),
            (None, Some(_)) => Some(count_id.clone().into()),
            (d, None) => d.clone(),
        };
        let over = props.max_length.is_some_and(|max| used > max);
        return html! {
            <>
                <textarea class={classes!("ss-textarea", props.invalid.then_some("ss-input--error"))} id={id.clone()}
                    name={props.name.clone()} rows="5" autocomplete="off" {spellcheck}
                    aria-describedby={described_by} value={props.value.clone()} {oninput} />
                if let Some(count) = count {
                    <div class={classes!("ss-hint", "ss-character-count", over.then_some("ss-error-message"))} id={count_id}>{ count }</div>
                }
            </>
        };
    }
    let oninput = props.on_input.reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
    let (inputmode, width) = match props.number {
        Some(true) => (Some("numeric"), "ss-input--width-5"),
        Some(false) => (Some("decimal"), "ss-input--width-5"),
        None => (None, "ss-input--width-20"),
    };
    html! {
        <input class={classes!("ss-input", width, props.invalid.then_some("ss-input--error"))} type="text" id={id}
            name={props.name.clone()} autocomplete="off" {spellcheck} inputmode={inputmode}
            aria-describedby={props.described_by.clone()} value={props.value.clone()} {oninput} />
    }
}
