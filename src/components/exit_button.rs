//! The always-visible "Leave this site" button (sticky, first after the skip link).

use crate::dom;
use crate::quick_exit;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExitButtonProps {
    pub label: AttrValue,
    /// "or press Esc", when the Escape key is on.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

#[function_component]
pub fn ExitButton(props: &ExitButtonProps) -> Html {
    let onclick = Callback::from(|_: MouseEvent| quick_exit::leave_by_click());
    html! {
        <button type="button" class="ss-exit" id={dom::EXIT} {onclick}>
            { props.label.clone() }
            if let Some(hint) = &props.hint {
                <span class="ss-exit__hint">{ " " }{ hint.clone() }</span>
            }
        </button>
    }
}
