//! A page of questions: progress, the error summary, the questions shown now, Back and Continue.

use super::error_summary::ErrorSummary;
use super::question::QuestionField;
use crate::dom;
use crate::say::use_say;
use speaksafe_core::{Answer, Input};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionPageProps {
    pub page: usize,
    /// The positions (on the page) of the questions shown now.
    pub questions: Rc<Vec<usize>>,
    /// Their answers, in the same order.
    pub answers: Rc<Vec<Option<Answer>>>,
    /// (question id, message) for each problem on the page.
    pub errors: Rc<Vec<(AttrValue, AttrValue)>>,
    pub progress_text: AttrValue,
    /// (page k, of n)
    pub progress: (usize, usize),
    /// The question being read aloud, if one is.
    pub reading: Option<String>,
    /// A question's reading aloud started (its id) or ended.
    pub on_reading: Callback<Option<String>>,
    /// What the respondent does to a question's answer: (question id, what).
    pub on_input: Callback<(String, Input)>,
    pub on_back: Callback<()>,
    /// Continue: the engine checks the page, then moves on or shows what is wrong.
    pub on_continue: Callback<()>,
}

#[function_component]
pub fn QuestionPage(props: &QuestionPageProps) -> Html {
    let say = use_say();
    let words = say.words();
    let page = &say.survey.pages[props.page];
    let onsubmit = props.on_continue.reform(|event: SubmitEvent| event.prevent_default());
    let error_of = |id: &str| props.errors.iter().find(|(q, _)| q.as_str() == id).map(|(_, m)| m.clone());
    let (k, n) = props.progress;
    html! {
        <>
            <button type="button" class="ss-link-button ss-back" onclick={props.on_back.reform(|_: MouseEvent| ())}>{ words.back() }</button>
            if !props.errors.is_empty() {
                <ErrorSummary errors={Rc::clone(&props.errors)} />
            }
            <span class="ss-caption" id={dom::PROGRESS_LABEL}>{ say.digits(&props.progress_text) }</span>
            <progress class="ss-progress" max={n.max(1).to_string()} value={k.to_string()} aria-labelledby={dom::PROGRESS_LABEL}></progress>
            <h1 class="ss-heading-l" id={dom::HEADING} tabindex="-1">{ say.show(&page.title) }</h1>
            if let Some(intro) = &page.intro {
                { say.paragraphs(intro) }
            }
            <form novalidate=true autocomplete="off" {onsubmit}>
                // A list of its own, keyed by question: `for` alone would be flattened into the
                // form's children beside the (unkeyed) buttons, and showing or hiding a question
                // would then rebuild the one before it, losing the focus on it.
                <>
                    { for props.questions.iter().zip(props.answers.iter()).map(|(&index, answer)| {
                        let id = &page.questions[index].id;
                        html! {
                            <QuestionField key={id.clone()} page={props.page} {index} answer={answer.clone()}
                                error={error_of(id)} on_input={props.on_input.clone()}
                                reading={props.reading.as_deref() == Some(id.as_str())} on_reading={props.on_reading.clone()} />
                        }
                    }) }
                </>
                <div class="ss-button-group">
                    <button type="submit" class="ss-button">{ words.continue_() }</button>
                </div>
            </form>
        </>
    }
}
