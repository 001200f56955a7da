//! One question: its label or legend, hint and error message around the control for its kind
//! (`kinds/`).

use super::kinds::{self, Answering, Control};
use super::read_aloud::read_aloud;
use crate::dom;
use crate::say::{use_say, Say};
use speaksafe_core::kind::Info;
use speaksafe_core::{Answer, Input, Kind, Question, Shape};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    pub page: usize,
    pub index: usize,
    pub answer: Option<Answer>,
    pub error: Option<AttrValue>,
    /// What the respondent does to a question's answer: (question id, what).
    pub on_input: Callback<(String, Input)>,
    /// This question is being read aloud.
    #[prop_or_default]
    pub reading: bool,
    /// A question's reading aloud started (its id) or ended.
    #[prop_or_default]
    pub on_reading: Callback<Option<String>>,
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
    let words = dom::words(id);
    // An information block has no label: its button is described by the block itself, which
    // holds its words and not the button's own.
    let describes = if matches!(question.kind, Kind::Info(_)) { dom::field(id) } else { words.clone() };
    let read_aloud = say.read_aloud.then(|| {
        let question_id = question.id.clone();
        let on_reading = props.on_reading.reform(move |on: bool| on.then(|| question_id.clone()));
        read_aloud(&say, read_out(&say, question), describes, props.reading, on_reading)
    });
    let group_class = classes!("ss-form-group", field.invalid.then_some("ss-form-group--error"));
    match kinds::control(&question.kind, &field) {
        Control::Alone(control) => match read_aloud {
            Some(read_aloud) => html! { <div>{ control }{ read_aloud }</div> },
            None => control,
        },
        Control::Grouped(control) => html! {
            <div class={group_class}>
                <fieldset class="ss-fieldset" aria-describedby={field.described_by.clone()}>
                    <legend class="ss-legend" id={words}>{ text }</legend>
                    { read_aloud }
                    { hint }
                    { error }
                    { control }
                </fieldset>
            </div>
        },
        Control::Labelled(control) => html! {
            <div class={group_class}>
                <label class="ss-label" for={dom::field(id)} id={words}>{ text }</label>
                { read_aloud }
                { hint }
                { error }
                { control }
            </div>
        },
    }
}

/// What "Read aloud" reads, in the order the page shows it: the question, its hint, and its
/// options (a matrix's rows, then its columns). Never an answer.
fn read_out(say: &Say, question: &Question) -> Vec<String> {
    let mut texts = Vec::new();
    if let Kind::Info(Info { title: Some(title) }) = &question.kind {
        texts.push(say.text(title).to_string());
    }
    texts.push(say.text(&question.text).to_string());
    texts.extend(question.hint.as_ref().map(|h| say.text(h).to_string()));
    let choices = match question.kind.shape() {
        Shape::Rows { rows, columns } => rows.iter().chain(columns).collect(),
        shape => shape.options().iter().collect::<Vec<_>>(),
    };
    texts.extend(choices.into_iter().map(|c| say.text(&c.text).to_string()));
    texts
}
