//! One question: its label or legend, hint and error message around the control for its kind
//! (`kinds/`).

use super::kinds::{self, Answering, Control};
use crate::dom;
use crate::say::use_say;
use speaksafe_core::{Answer, Input};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    pub page: usize,
    pub index: usize,
    pub answer: Option<Answer>,
    pub error: Option<AttrValue>,
    /// What the respondent does to a question's answer: (question id, what).
    pub on_input: Callback<(String, Input)>,
}

#[function_component]
pub fn QuestionField(props: &QuestionFieldProps) -> Html {
    let say = use_say();
    let question = &say.survey.pages[props.page].questions[props.index];
    let id = question.id.as_str();
    let hint = question.hint.as_ref().map(|h| {
        html! { <div class="ss-hint" id={dom::hint(id)}>{ say.show(h) }</div> }
    });
    let error = props.error.as_ref().map(|message| {
        html! {
            <p class="ss-error-message" id={dom::error(id)}>
                <span class="ss-visually-hidden">{ say.words().error_prefix() }{ " " }</span>{ say.digits(message) }
            </p>
        }
    });
    let described_by: Vec<String> =
        [hint.as_ref().map(|_| dom::hint(id)), error.as_ref().map(|_| dom::error(id))].into_iter().flatten().collect();
    let field = Answering {
        question,
        answer: props.answer.as_ref(),
        invalid: error.is_some(),
        described_by: (!described_by.is_empty()).then(|| AttrValue::from(described_by.join(" "))),
        on_input: {
            let id = question.id.clone();
            props.on_input.reform(move |input| (id.clone(), input))
        },
        say: &say,
    };
    let text = say.show(&question.text);
    let group_class = classes!("ss-form-group", field.invalid.then_some("ss-form-group--error"));
    match kinds::control(&question.kind, &field) {
        Control::Alone(control) => control,
        Control::Grouped(control) => html! {
            <div class={group_class}>
                <fieldset class="ss-fieldset" aria-describedby={field.described_by.clone()}>
                    <legend class="ss-legend">{ text }</legend>
                    { hint }
                    { error }
                    { control }
                </fieldset>
            </div>
        },
        Control::Labelled(control) => html! {
            <div class={group_class}>
                <label class="ss-label" for={dom::field(id)}>{ text }</label>
                { hint }
                { error }
                { control }
            </div>
        },
    }
}
