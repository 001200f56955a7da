//! The GOV.UK error summary: at the top of the page, focused, linking to each field.

use crate::dom;
use crate::say::use_say;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// (question id, message)
    pub errors: Rc<Vec<(AttrValue, AttrValue)>>,
}

#[function_component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let say = use_say();
    html! {
        <div class="ss-error-summary" id={dom::ERROR_SUMMARY} tabindex="-1" role="alert" aria-labelledby={dom::ERROR_SUMMARY_TITLE}>
            <h2 class="ss-error-summary__title" id={dom::ERROR_SUMMARY_TITLE}>{ say.words().problem() }</h2>
            <ul class="ss-error-summary__list">
                { for props.errors.iter().map(|(question, message)| {
                    let target = dom::field(question);
                    let onclick = {
                        let target = target.clone();
                        // Focus the field without changing the address (no history entry).
                        Callback::from(move |event: MouseEvent| {
                            event.prevent_default();
                            dom::focus(&target);
                        })
                    };
                    html! { <li><a href={format!("#{target}")} {onclick}>{ say.digits(message) }</a></li> }
                }) }
            </ul>
        </div>
    }
}
