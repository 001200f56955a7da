//! The access code field on the intro of a survey with codes: a labelled text box, a hint that
//! says what the code is and what pressing Start sends, the error message when a code did not
//! work, and "Checking your code…" while it is checked.

use crate::access_code::CodeProblem;
use crate::say::use_say;
use speaksafe_core::ui::Words;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodeEntryProps {
    /// The field's id (the first screen has its own: `dom::Ids`).
    pub id: &'static str,
    pub value: AttrValue,
    pub problem: Option<CodeProblem>,
    pub checking: bool,
    /// What is typed. None on the first screen the collector sends, where the field waits,
    /// disabled, for the widget.
    pub on_input: Option<Callback<String>>,
}

/// What the respondent is told when a code did not give a token: kind words that name no one.
pub fn problem_words(words: &Words, problem: CodeProblem) -> &str {
    match problem {
        CodeProblem::Empty => words.code_enter(),
        CodeProblem::Mistyped => words.code_mistyped(),
        CodeProblem::Unknown => words.code_unknown(),
        CodeProblem::Used => words.code_used(),
        CodeProblem::Withdrawn => words.code_withdrawn(),
        CodeProblem::NotChecked => words.code_not_checked(),
        CodeProblem::CouldNotStart => words.could_not_start(),
    }
}

#[function_component]
pub fn CodeEntry(props: &CodeEntryProps) -> Html {
    let say = use_say();
    let words = say.words();
    let (hint, error) = (format!("{}-hint", props.id), format!("{}-error", props.id));
    let message = props.problem.map(|problem| {
        html! {
            <p class="ss-error-message" id={error.clone()}>
                <span class="ss-visually-hidden">{ words.error_prefix() }{ " " }</span>{ problem_words(words, problem) }
            </p>
        }
    });
    let described_by = if message.is_some() { format!("{hint} {error}") } else { hint.clone() };
    let oninput = props
        .on_input
        .as_ref()
        .map(|on| on.reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value()));
    html! {
        <div class={classes!("ss-form-group", message.is_some().then_some("ss-form-group--error"))}>
            <label class="ss-label" for={props.id}>{ words.code_label() }</label>
            <div class="ss-hint" id={hint}>{ words.code_hint() }</div>
            { message.unwrap_or_default() }
            <input class={classes!("ss-input", "ss-input--width-10", props.problem.is_some().then_some("ss-input--error"))}
                type="text" id={props.id} name="access-code" autocomplete="off" spellcheck="false"
                autocapitalize="characters" aria-describedby={described_by} value={props.value.clone()}
                disabled={oninput.is_none()} {oninput} />
            <p class="ss-body" role="status">{ if props.checking { words.code_checking() } else { "" } }</p>
        </div>
    }
}
