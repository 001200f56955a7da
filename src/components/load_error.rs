//! The page shown when a survey cannot be loaded or is not valid: it says so and lists why.

use super::exit_button::ExitButton;
use crate::dom;
use speaksafe_core::ui::Words;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadErrorProps {
    pub problems: Rc<Vec<String>>,
}

#[function_component]
pub fn LoadError(props: &LoadErrorProps) -> Html {
    use_effect_with((), |_| {
        dom::take_over_first_screen();
        dom::focus(dom::HEADING);
    });
    let en = Words::english();
    html! {
        <>
            <ExitButton label={en.leave().to_string()} hint={en.leave_hint().to_string()} />
            <main class="ss-main" id={dom::MAIN}>
                <h1 class="ss-heading-l" id={dom::HEADING} tabindex="-1">{ en.cannot_show() }</h1>
                <p class="ss-body">{ en.cannot_show_intro() }</p>
                <ul class="ss-body ss-problems">
                    { for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ul>
            </main>
        </>
    }
}
