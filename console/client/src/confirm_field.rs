//! A typed confirmation: the organiser types the words the collector asked for (the survey's id
//! before a change that breaks collected answers; the words before deleting responses), and the
//! action goes ahead only when they match. The console and the studio both ask it.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmFieldProps {
    pub id: AttrValue,
    /// What to type.
    pub confirm: AttrValue,
    /// The button's words ("Publish anyway", "Delete the responses").
    pub action: AttrValue,
    #[prop_or_default]
    pub busy: bool,
    /// What else describes the field (what would break, what would be deleted).
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// The words typed, once they match.
    pub onconfirm: Callback<String>,
}

#[function_component]
pub fn ConfirmField(props: &ConfirmFieldProps) -> Html {
    let typed = use_state(String::new);
    // It appears in place of the button that asked for it: focus comes here.
    {
        let id = props.id.clone();
        use_effect_with((), move |_| focus(&id));
    }
    let error = use_state(|| None::<String>);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let onsubmit = {
        let (typed, error, confirm, onconfirm) =
            (typed.clone(), error.clone(), props.confirm.clone(), props.onconfirm.clone());
        let busy = props.busy;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            if typed.trim() == confirm.as_str() {
                error.set(None);
                onconfirm.emit(typed.trim().to_string());
            } else {
                error.set(Some(format!("Type {confirm} exactly, to show that you mean it")));
            }
        })
    };
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let mut described = match *error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    if let Some(more) = &props.described_by {
        described = format!("{more} {described}");
    }
    html! {
        <form class="cs-confirm" novalidate=true {onsubmit}>
            <div class={if error.is_some() { "ss-form-group ss-form-group--error" } else { "ss-form-group" }}>
                <label class="ss-label" for={props.id.clone()}>{ "To go ahead, type " }<strong class="cs-typed">{ props.confirm.clone() }</strong></label>
                <p class="ss-hint" id={hint_id}>{ "This cannot be undone." }</p>
                if let Some(message) = &*error {
                    <p class="ss-error-message" id={error_id}><span class="ss-visually-hidden">{ "Error: " }</span>{ message.clone() }</p>
                }
                <input class={if error.is_some() { "ss-input ss-input--width-20 ss-input--error" } else { "ss-input ss-input--width-20" }}
                    id={props.id.clone()} type="text" autocomplete="off" spellcheck="false" value={(*typed).clone()}
                    aria-describedby={described} {oninput} />
            </div>
            <button type="submit" class="ss-button ss-button--warning" aria-disabled={props.busy.to_string()}>{ props.action.clone() }</button>
        </form>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
