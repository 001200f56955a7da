//! The completion page: thanks, the survey's closing words, and the help lines.

use super::support::Support;
use crate::dom;
use crate::say::use_say;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompleteProps {
    /// In the studio's preview, where nothing was sent: says so before the survey's own words,
    /// which may say the answers were.
    #[prop_or_default]
    pub preview_note: Option<AttrValue>,
}

#[function_component]
pub fn Complete(props: &CompleteProps) -> Html {
    let say = use_say();
    html! {
        <>
            <div class="ss-panel">
                <h1 class="ss-heading-xl" id={dom::HEADING} tabindex="-1">{ say.words().complete_title() }</h1>
            </div>
            if let Some(note) = props.preview_note.clone() {
                <div class="ss-inset"><p class="ss-body">{ note }</p></div>
            }
            { say.paragraphs(&say.survey.completion) }
            <Support />
        </>
    }
}
