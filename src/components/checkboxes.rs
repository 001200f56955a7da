//! Checkboxes for multiple choice: exclusive options after an "or", and "Other, please say"
//! revealing a text box.

use crate::say::Say;
use crate::session::Action;
use speaksafe_core::{Answer, Choice, OTHER};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckboxesProps {
    pub name: String,
    pub options: Vec<Choice>,
    pub answer: Option<Answer>,
    #[prop_or_default]
    pub sensitive: bool,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn Checkboxes(props: &CheckboxesProps) -> Html {
    let say = use_context::<Say>().expect("Say context");
    let words = say.words();
    let (chosen, other): (&[String], &str) = match &props.answer {
        Some(Answer::Choices { chosen, other }) => (chosen, other),
        _ => (&[], ""),
    };
    let first_exclusive = props.options.iter().position(|c| c.exclusive);
    html! {
        <div class="ss-checkboxes">
            { for props.options.iter().enumerate().map(|(i, choice)| {
                let id = if i == 0 { format!("q-{}", props.name) } else { format!("q-{}-{}", props.name, choice.value) };
                let checked = chosen.contains(&choice.value);
                let onchange = {
                    let (question, value) = (props.name.clone(), choice.value.clone());
                    props.on_action.reform(move |event: Event| {
                        let on = event.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                        Action::Toggle { question: question.clone(), value: value.clone(), on }
                    })
                };
                let is_other = choice.value == OTHER;
                let other_id = format!("q-{}-other-text", props.name);
                html! {
                    <>
                        if first_exclusive == Some(i) && i > 0 {
                            <div class="ss-checkboxes__divider">{ words.or }</div>
                        }
                        <div class="ss-checkboxes__item">
                            <input class="ss-checkboxes__input" type="checkbox" id={id.clone()} name={props.name.clone()}
                                value={choice.value.clone()} {checked} {onchange}
                                aria-controls={(is_other && checked).then(|| other_id.clone())} />
                            <label class="ss-checkboxes__label" for={id}>{ say.text(&choice.text) }</label>
                        </div>
                        if is_other && checked {
                            <div class="ss-conditional" id={other_id.clone()}>
                                <label class="ss-label" for={format!("{other_id}-input")}>{ words.other_detail }</label>
                                <input class="ss-input" type="text" id={format!("{other_id}-input")} autocomplete="off"
                                    spellcheck={(!props.sensitive).to_string()} value={other.to_string()}
                                    oninput={{
                                        let question = props.name.clone();
                                        props.on_action.reform(move |event: InputEvent| Action::Other {
                                            question: question.clone(),
                                            text: event.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
                                        })
                                    }} />
                            </div>
                        }
                    </>
                }
            }) }
        </div>
    }
}
