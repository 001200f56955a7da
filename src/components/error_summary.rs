//! The GOV.UK error summary: at the top of the page, focused, linking to each field.

use super::survey::focus;
use crate::say::Say;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// (question id, message)
    pub errors: Rc<Vec<(AttrValue, AttrValue)>>,
}

#[function_component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let say = use_context::<Say>().expect("Say context");
    html! {
        <div class="ss-error-summary" id="ss-error-summary" tabindex="-1" role="alert" aria-labelledby="ss-error-summary-title">
            <h2 class="ss-error-summary__title" id="ss-error-summary-title">{ say.words().problem }</h2>
            <ul class="ss-error-summary__list">
                { for props.errors.iter().map(|(question, message)| {
                    let target = format!("q-{question}");
                    let onclick = {
                        let target = target.clone();
                        // Focus the field without changing the address (no history entry).
                        Callback::from(move |event: MouseEvent| {
                            event.prevent_default();
                            focus(&target);
                        })
                    };
                    html! { <li><a href={format!("#{target}")} {onclick}>{ message.clone() }</a></li> }
                }) }
            </ul>
        </div>
    }
}
