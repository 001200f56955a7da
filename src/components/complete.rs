//! The completion page: thanks, the survey's closing words, and the help lines.

use super::support::Support;
use crate::dom;
use crate::say::Say;
use yew::prelude::*;

#[function_component]
pub fn Complete() -> Html {
    let say = use_context::<Say>().expect("Say context");
    html! {
        <>
            <div class="ss-panel">
                <h1 class="ss-heading-xl" id={dom::HEADING} tabindex="-1">{ say.words().complete_title() }</h1>
            </div>
            { say.paragraphs(&say.survey.completion) }
            <Support />
        </>
    }
}
