//! A dropdown (`<select>`), starting on "Choose an answer"; "Other, please say" opens a text
//! box after it.

use super::other_box::{OtherBox, OtherText};
use crate::dom;
use crate::say::use_say;
use speaksafe_core::{Choice, OTHER};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropdownProps {
    pub name: String,
    pub options: Vec<Choice>,
    pub chosen: Option<AttrValue>,
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    pub on_choose: Callback<Option<AttrValue>>,
    /// "Other, please say", when the question offers it.
    #[prop_or_default]
    pub other: Option<OtherText>,
}

#[function_component]
pub fn Dropdown(props: &DropdownProps) -> Html {
    let say = use_say();
    let onchange = props.on_choose.reform(|event: Event| {
        let value = event.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        (!value.is_empty()).then(|| AttrValue::from(value))
    });
    let chosen = props.chosen.clone().unwrap_or_default();
    let other = props.other.as_ref().filter(|_| chosen == OTHER);
    html! {
        <>
            <select class={classes!("ss-select", props.invalid.then_some("ss-select--error"))} id={dom::field(&props.name)}
                name={props.name.clone()} autocomplete="off" aria-describedby={props.described_by.clone()}
                aria-controls={other.map(|_| dom::other(&props.name))} {onchange}>
                <option value="" selected={chosen.is_empty()}>{ say.words().choose() }</option>
                { for props.options.iter().map(|choice| html! {
                    <option value={choice.value.clone()} selected={chosen.as_str() == choice.value} lang={say.marks(&choice.text).0}>{ say.text(&choice.text) }</option>
                }) }
            </select>
            if let Some(other) = other {
                <OtherBox name={props.name.clone()} other={other.clone()} />
            }
        </>
    }
}
