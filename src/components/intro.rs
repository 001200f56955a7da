//! The intro page: the survey's title and words, its safety advice, the access code field (a
//! survey with codes, until a code was taken), and Start.

use super::code_entry::{problem_words, CodeEntry};
use super::error_summary::ErrorSummary;
use crate::access_code::CodeProblem;
use crate::dom::{self, Ids};
use crate::say::use_say;
use speaksafe_core::Access;
use std::rc::Rc;
use yew::prelude::*;

/// The access code field's state, for a survey with codes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeField {
    pub value: AttrValue,
    pub problem: Option<CodeProblem>,
    pub checking: bool,
    /// A code was taken already (the respondent came Back to the intro): no field.
    pub taken: bool,
}

#[derive(Properties, PartialEq)]
pub struct IntroProps {
    /// Start: on to the first page (a survey with codes: the code checked first). None on the
    /// first screen the collector sends, where Start waits, disabled, for the widget, which can
    /// act on it.
    pub on_start: Option<Callback<()>>,
    /// The ids of the heading and the code field (the first screen has ids of its own).
    #[prop_or(Ids::WIDGET)]
    pub ids: Ids,
    /// A survey with codes: the field's state, and what is typed into it.
    #[prop_or_default]
    pub code: CodeField,
    #[prop_or_default]
    pub on_code: Option<Callback<String>>,
}

#[function_component]
pub fn Intro(props: &IntroProps) -> Html {
    let say = use_say();
    let words = say.words();
    let survey = &say.survey;
    let start = props.on_start.as_ref().map(|on_start| on_start.reform(|_: MouseEvent| ()));
    let on_submit = {
        let on_start = props.on_start.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(on_start) = &on_start {
                on_start.emit(());
            }
        })
    };
    let asks_code = survey.access == Access::Codes && !props.code.taken;
    let summary = props.code.problem.filter(|_| asks_code).map(|problem| {
        let errors = vec![(AttrValue::from(dom::CODE), AttrValue::from(problem_words(words, problem).to_string()))];
        html! { <ErrorSummary errors={Rc::new(errors)} /> }
    });
    html! {
        <>
            { summary.unwrap_or_default() }
            <h1 class="ss-heading-xl" id={props.ids.heading} tabindex="-1">{ say.show(&survey.title) }</h1>
            { say.paragraphs(&survey.intro) }
            if let Some(safety) = &survey.safety {
                <div class="ss-inset ss-safety">
                    <h2 class="ss-heading-m">{ words.safety_title() }</h2>
                    { say.paragraphs(safety) }
                </div>
            }
            if asks_code {
                // A form, so that Enter in the field presses Start.
                <form novalidate=true autocomplete="off" onsubmit={on_submit}>
                    <CodeEntry id={props.ids.code} value={props.code.value.clone()} problem={props.code.problem}
                        checking={props.code.checking} on_input={props.on_code.clone()} />
                    <button type="submit" class="ss-button ss-button--start" disabled={props.on_start.is_none()}>
                        { words.start() }
                    </button>
                </form>
            } else {
                <button type="button" class="ss-button ss-button--start" disabled={start.is_none()} onclick={start}>
                    { words.start() }
                </button>
            }
        </>
    }
}
