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
    /// In the studio's preview: the button does nothing, and says this instead of the hint.
    #[prop_or_default]
    pub disarmed: Option<AttrValue>,
}

#[function_component]
pub fn ExitButton(props: &ExitButtonProps) -> Html {
    let disarmed = props.disarmed.is_some();
    let onclick = Callback::from(move |_: MouseEvent| {
        if !disarmed {
            quick_exit::leave_by_click();
        }
    });
    html! {
        <button type="button" class="ss-exit" id={dom::EXIT} {onclick}>
            { props.label.clone() }
            if let Some(note) = props.disarmed.clone() {
                <span class="ss-exit__hint">{ " " }{ note }</span>
            } else if let Some(hint) = props.hint.clone() {
                // Shown only where a keyboard is likely (styles/main.css): "or press Esc" means
                // nothing on a phone.
                <span class="ss-exit__hint ss-exit__key">{ " " }{ hint }</span>
            }
        </button>
    }
}
