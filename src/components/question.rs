//! One question: its label or legend, hint and error message around the control for its kind.

use super::checkboxes::Checkboxes;
use super::dropdown::Dropdown;
use super::matrix::Matrix;
use super::paragraphs::Paragraphs;
use super::radios::Radios;
use super::text_field::TextField;
use crate::say::Say;
use crate::session::Action;
use speaksafe_core::{Answer, Kind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionFieldProps {
    pub page: usize,
    pub index: usize,
    pub answer: Option<Answer>,
    pub error: Option<AttrValue>,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn QuestionField(props: &QuestionFieldProps) -> Html {
    let say = use_context::<Say>().expect("Say context");
    let question = &say.survey.pages[props.page].questions[props.index];
    let id = question.id.clone();
    let field = format!("q-{id}");
    if let Kind::Info = question.kind {
        return html! {
            <div class="ss-inset ss-info" id={field}>
                if let Some(title) = &question.title {
                    <h2 class="ss-heading-m">{ say.text(title) }</h2>
                }
                <Paragraphs text={say.text(&question.text).to_string()} />
            </div>
        };
    }
    let hint_id = format!("{field}-hint");
    let error_id = format!("{field}-error");
    let hint = question.hint.as_ref().map(|h| {
        html! {
            <div class="ss-hint" id={hint_id.clone()}>{ say.text(h) }</div>
        }
    });
    let error = props.error.as_ref().map(|message| {
        html! {
            <p class="ss-error-message" id={error_id.clone()}>
                <span class="ss-visually-hidden">{ say.words().error_prefix }{ " " }</span>{ message.clone() }
            </p>
        }
    });
    let described_by: Vec<&str> =
        [question.hint.is_some().then_some(hint_id.as_str()), props.error.is_some().then_some(error_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let described_by = (!described_by.is_empty()).then(|| AttrValue::from(described_by.join(" ")));
    let invalid = props.error.is_some();
    let text = say.text(&question.text).to_string();
    let on_action = props.on_action.clone();
    let choose = {
        let id = id.clone();
        on_action.reform(move |value: Option<AttrValue>| {
            Action::Answer(id.clone(), value.map(|v| Answer::Choice(v.to_string())))
        })
    };
    let chosen = match &props.answer {
        Some(Answer::Choice(c)) => Some(AttrValue::from(c.clone())),
        _ => None,
    };
    let group_class = classes!("ss-form-group", invalid.then_some("ss-form-group--error"));
    let grouped = |control: Html| {
        html! {
            <div class={group_class.clone()}>
                <fieldset class="ss-fieldset" aria-describedby={described_by.clone()}>
                    <legend class="ss-legend">{ text.clone() }</legend>
                    { hint.clone() }
                    { error.clone() }
                    { control }
                </fieldset>
            </div>
        }
    };
    let labelled = |control: Html| {
        html! {
            <div class={group_class.clone()}>
                <label class="ss-label" for={field.clone()}>{ text.clone() }</label>
                { hint.clone() }
                { error.clone() }
                { control }
            </div>
        }
    };
    match &question.kind {
        Kind::SingleChoice { options } | Kind::YesNo { options } => grouped(html! {
            <Radios name={id.clone()} options={options.clone()} {chosen} on_choose={choose} />
        }),
        Kind::Scale { points, min_label, max_label } => grouped(html! {
            <Radios name={id.clone()} options={points.clone()} {chosen} on_choose={choose} scale=true
                min_label={min_label.as_ref().map(|t| AttrValue::from(say.text(t).to_string()))}
                max_label={max_label.as_ref().map(|t| AttrValue::from(say.text(t).to_string()))} />
        }),
        Kind::MultipleChoice { options, .. } => grouped(html! {
            <Checkboxes name={id.clone()} options={options.clone()} answer={props.answer.clone()} sensitive={question.sensitive} on_action={on_action} />
        }),
        Kind::Dropdown { options } => labelled(html! {
            <Dropdown name={id.clone()} options={options.clone()} {chosen} {invalid} described_by={described_by.clone()} on_choose={choose} />
        }),
        Kind::Matrix { rows, columns } => grouped(html! {
            <Matrix name={id.clone()} rows={rows.clone()} columns={columns.clone()} answer={props.answer.clone()} on_action={on_action} />
        }),
        kind => {
            let value = match &props.answer {
                Some(Answer::Text(t)) => AttrValue::from(t.clone()),
                _ => AttrValue::default(),
            };
            let on_input = {
                let id = id.clone();
                on_action.reform(move |text: String| Action::Answer(id.clone(), Some(Answer::Text(text))))
            };
            let (long, max_length, number) = match kind {
                Kind::LongText { max_length } => (true, Some(*max_length), None),
                Kind::ShortText { max_length } => (false, Some(*max_length), None),
                Kind::Number { integer, .. } => (false, None, Some(*integer)),
                _ => (false, None, None),
            };
            labelled(html! {
                <TextField name={id.clone()} {value} {long} {max_length} {number} sensitive={question.sensitive}
                    {invalid} described_by={described_by.clone()} {on_input} />
            })
        }
    }
}
