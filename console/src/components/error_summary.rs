//! The error summary (GOV.UK's): at the top of the screen, focused when it appears, each problem
//! a link to the field it is about.

use yew::prelude::*;

/// The summary's id: focused when it appears.
pub const ERROR_SUMMARY: &str = "cs-error-summary";

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// (the id of the field it is about, the problem)
    pub errors: Vec<(AttrValue, AttrValue)>,
    /// Said under the links: more about the problem (the check's list, what would break).
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let errors = props.errors.clone();
    use_effect_with(errors, |_| focus(ERROR_SUMMARY));
    html! {
        <div class="ss-error-summary" id={ERROR_SUMMARY} tabindex="-1" role="alert" aria-labelledby="cs-error-summary-title">
            <h2 class="ss-error-summary__title" id="cs-error-summary-title">{ "There is a problem" }</h2>
            <ul class="ss-error-summary__list">
                { for props.errors.iter().map(|(field, message)| {
                    let onclick = {
                        let field = field.clone();
                        // Focus the field without changing the address (no history entry).
                        Callback::from(move |event: MouseEvent| {
                            event.prevent_default();
                            focus(&field);
                        })
                    };
                    html! { <li><a href={format!("#{field}")} {onclick}>{ message.clone() }</a></li> }
                }) }
            </ul>
            { props.children.clone() }
        </div>
    }
}

/// Moves focus to the element with this id, if it is there.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
