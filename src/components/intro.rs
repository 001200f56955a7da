//! The intro page: the survey's title and words, its safety advice, and Start.

use super::paragraphs::Paragraphs;
use crate::say::Say;
use crate::session::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IntroProps {
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn Intro(props: &IntroProps) -> Html {
    let say = use_context::<Say>().expect("Say context");
    let words = say.words();
    let survey = &say.survey;
    let start = props.on_action.reform(|_: MouseEvent| Action::Next);
    html! {
        <>
            <h1 class="ss-heading-xl" id="ss-heading" tabindex="-1">{ say.text(&survey.title) }</h1>
            <Paragraphs text={say.text(&survey.intro).to_string()} />
            if let Some(safety) = &survey.safety {
                <div class="ss-inset ss-safety">
                    <h2 class="ss-heading-m">{ words.safety_title }</h2>
                    <Paragraphs text={say.text(safety).to_string()} />
                </div>
            }
            <button type="button" class="ss-button ss-button--start" onclick={start}>{ words.start }</button>
        </>
    }
}
