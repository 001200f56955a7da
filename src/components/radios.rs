//! Radios: single choice (perhaps with "Other, please say" opening a text box), yes/no and
//! scales (a row of points, end labels beside the end points).

use super::other_box::{OtherBox, OtherText};
use crate::dom;
use crate::say::use_say;
use speaksafe_core::{Choice, OTHER};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RadiosProps {
    /// The question id: the radios' name, and `q-ID` for the first one (the error summary's link).
    pub name: String,
    pub options: Vec<Choice>,
    pub chosen: Option<AttrValue>,
    /// `None` clears the answer.
    pub on_choose: Callback<Option<AttrValue>>,
    #[prop_or_default]
    pub scale: bool,
    #[prop_or_default]
    pub min_label: Option<AttrValue>,
    #[prop_or_default]
    pub max_label: Option<AttrValue>,
    /// "Other, please say", when the question offers it.
    #[prop_or_default]
    pub other: Option<OtherText>,
}

#[function_component]
pub fn Radios(props: &RadiosProps) -> Html {
    let say = use_say();
    let last = props.options.iter().rposition(|c| c.value != speaksafe_core::PREFER_NOT_TO_SAY).unwrap_or(0);
    let class = if props.scale { "ss-radios ss-scale" } else { "ss-radios" };
    // The button goes once the answer is cleared: focus moves to the group's first radio
    // rather than falling back to the top of the page.
    let first = dom::field(&props.name);
    let clear = props.on_choose.reform(move |_: MouseEvent| {
        dom::focus(&first);
        None
    });
    html! {
        <>
            <div class={class}>
                { for props.options.iter().enumerate().map(|(i, choice)| {
                    let id = dom::option(&props.name, i, &choice.value);
                    let value = AttrValue::from(choice.value.clone());
                    let checked = props.chosen.as_ref() == Some(&value);
                    let end = match i {
                        0 => props.min_label.clone(),
                        i if i == last => props.max_label.clone(),
                        _ => None,
                    };
                    let onchange = props.on_choose.reform(move |_: Event| Some(value.clone()));
                    let other = props.other.as_ref().filter(|_| checked && choice.value == OTHER);
                    html! {
                        <>
                            <div class="ss-radios__item">
                                <input class="ss-radios__input" type="radio" id={id.clone()} name={props.name.clone()}
                                    value={choice.value.clone()} {checked} {onchange}
                                    aria-controls={other.map(|_| dom::other(&props.name))} />
                                <label class="ss-radios__label" for={id}>
                                    { say.show(&choice.text) }
                                    if let Some(end) = end {
                                        <span class="ss-radios__end">{ " – " }{ end }</span>
                                    }
                                </label>
                            </div>
                            if let Some(other) = other {
                                <OtherBox name={props.name.clone()} other={other.clone()} />
                            }
                        </>
                    }
                }) }
            </div>
            if props.chosen.is_some() {
                <button type="button" class="ss-link-button ss-clear" onclick={clear}>{ say.words().clear() }</button>
            }
        </>
    }
}
