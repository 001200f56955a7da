//! What a respondent sees of a survey that has closed: its title, that it takes no more answers,
//! and (around it, as on every page) the help lines and the quick exit. No question is shown:
//! nothing answered could be sent.

use crate::dom;
use crate::say::use_say;
use yew::prelude::*;

#[function_component]
pub fn Closed() -> Html {
    let say = use_say();
    let words = say.words();
    html! {
        <>
            <span class="ss-caption">{ say.text(&say.survey.title) }</span>
            <h1 class="ss-heading-xl" id={dom::HEADING} tabindex="-1">{ words.closed_title() }</h1>
            <p class="ss-body">{ words.closed() }</p>
        </>
    }
}
