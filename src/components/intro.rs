//! The intro page: the survey's title and words, its safety advice, and Start.

use crate::dom;
use crate::say::use_say;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IntroProps {
    /// Start: on to the first page. None on the first screen the collector sends, where Start
    /// waits, disabled, for the widget, which can act on it.
    pub on_start: Option<Callback<()>>,
    /// The heading's id (the first screen has ids of its own: `dom::Ids`).
    #[prop_or(dom::HEADING)]
    pub heading_id: &'static str,
}

#[function_component]
pub fn Intro(props: &IntroProps) -> Html {
    let say = use_say();
    let words = say.words();
    let survey = &say.survey;
    let start = props.on_start.as_ref().map(|on_start| on_start.reform(|_: MouseEvent| ()));
    html! {
        <>
            <h1 class="ss-heading-xl" id={props.heading_id} tabindex="-1">{ say.show(&survey.title) }</h1>
            { say.paragraphs(&survey.intro) }
            if let Some(safety) = &survey.safety {
                <div class="ss-inset ss-safety">
                    <h2 class="ss-heading-m">{ words.safety_title() }</h2>
                    { say.paragraphs(safety) }
                </div>
            }
            <button type="button" class="ss-button ss-button--start" disabled={start.is_none()} onclick={start}>
                { words.start() }
            </button>
        </>
    }
}
