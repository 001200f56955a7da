//! Checkboxes for multiple choice: exclusive options after an "or", and "Other, please say"
//! revealing a text box.

use super::other_box::{OtherBox, OtherText};
use crate::dom;
use crate::say::use_say;
use speaksafe_core::{Answer, Choice, OTHER};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckboxesProps {
    pub name: String,
    pub options: Vec<Choice>,
    pub answer: Option<Answer>,
    #[prop_or_default]
    pub sensitive: bool,
    /// An option ticked or unticked: (its value, ticked).
    pub on_tick: Callback<(String, bool)>,
    /// What is typed for "Other, please say".
    pub on_other: Callback<String>,
}

#[function_component]
pub fn Checkboxes(props: &CheckboxesProps) -> Html {
    let say = use_say();
    let words = say.words();
    let (chosen, other): (&[String], &str) = match &props.answer {
        Some(Answer::Choices { chosen, other }) => (chosen, other),
        _ => (&[], ""),
    };
    let first_exclusive = props.options.iter().position(|c| c.exclusive);
    html! {
        <div class="ss-checkboxes">
            { for props.options.iter().enumerate().map(|(i, choice)| {
                let id = dom::option(&props.name, i, &choice.value);
                let checked = chosen.contains(&choice.value);
                let onchange = {
                    let value = choice.value.clone();
                    props.on_tick.reform(move |event: Event| {
                        (value.clone(), event.target_unchecked_into::<web_sys::HtmlInputElement>().checked())
                    })
                };
                let is_other = choice.value == OTHER;
                html! {
                    <>
                        if first_exclusive == Some(i) && i > 0 {
                            <div class="ss-checkboxes__divider">{ words.or() }</div>
                        }
                        <div class="ss-checkboxes__item">
                            <input class="ss-checkboxes__input" type="checkbox" id={id.clone()} name={props.name.clone()}
                                value={choice.value.clone()} {checked} {onchange}
                                aria-controls={(is_other && checked).then(|| dom::other(&props.name))} />
                            <label class="ss-checkboxes__label" for={id}>{ say.show(&choice.text) }</label>
                        </div>
                        if is_other && checked {
                            <OtherBox name={props.name.clone()} other={OtherText {
                                typed: AttrValue::from(other.to_string()),
                                sensitive: props.sensitive,
                                on_other: props.on_other.clone(),
                            }} />
                        }
                    </>
                }
            }) }
        </div>
    }
}
