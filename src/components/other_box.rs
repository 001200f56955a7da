//! The box "Other, please say" opens, right after the "Other" option: a radio's, a checkbox's
//! or a dropdown's. The option that opens it names it in `aria-controls`.

use crate::dom;
use crate::say::use_say;
use yew::prelude::*;

/// "Other, please say" of a question that offers it: what was typed, and where typing goes.
#[derive(Clone, PartialEq)]
pub struct OtherText {
    pub typed: AttrValue,
    /// A sensitive question's box is not spellchecked.
    pub sensitive: bool,
    pub on_other: Callback<String>,
}

#[derive(Properties, PartialEq)]
pub struct OtherBoxProps {
    /// The question id.
    pub name: String,
    pub other: OtherText,
}

#[function_component]
pub fn OtherBox(props: &OtherBoxProps) -> Html {
    let say = use_say();
    let input = dom::other_input(&props.name);
    let OtherText { typed, sensitive, on_other } = &props.other;
    html! {
        <div class="ss-conditional" id={dom::other(&props.name)}>
            <label class="ss-label" for={input.clone()}>{ say.words().other_detail() }</label>
            <input class="ss-input" type="text" id={input} autocomplete="off"
                spellcheck={(!sensitive).to_string()} value={typed.clone()}
                oninput={on_other.reform(|event: InputEvent| {
                    event.target_unchecked_into::<web_sys::HtmlInputElement>().value()
                })} />
        </div>
    }
}
