//! Before saving over a published survey: every change that would break or muddle the answers
//! already collected (`speaksafe check --against`), and the choice to save anyway or go back.

use speaksafe_core::Problem;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SaveDialogProps {
    pub changes: Rc<Vec<Problem>>,
    pub on_cancel: Callback<()>,
    pub on_save: Callback<()>,
}

#[function_component]
pub fn SaveDialog(props: &SaveDialogProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        // A modal <dialog>: the page behind it is inert, focus stays in it, Escape closes it.
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = d.show_modal();
            }
        });
    }
    let oncancel = props.on_cancel.reform(|e: Event| e.prevent_default());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let save = props.on_save.reform(|_: MouseEvent| ());
    html! {
        <dialog class="st-dialog" ref={dialog} aria-labelledby="st-save-title" {oncancel}>
            <h2 class="ss-heading-m" id="st-save-title">{ "These changes would break answers already collected" }</h2>
            <p class="ss-body">{ "Compared with the published version:" }</p>
            <ul class="ss-body st-list">
                { for props.changes.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }
            </ul>
            <p class="ss-body">{ "Keep the names of questions and options once answers have come in. Change the words, not the names." }</p>
            <div class="ss-button-group">
                <button type="button" class="ss-button ss-button--secondary" onclick={cancel}>{ "Go back and change it" }</button>
                <button type="button" class="ss-button ss-button--warning" onclick={save}>{ "Save anyway" }</button>
            </div>
        </dialog>
    }
}
