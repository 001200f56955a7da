//! A file input with its label, hint and error, as the widget's fields are laid out.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// What the file input offers (`.json,application/json`).
    pub accept: AttrValue,
    #[prop_or_default]
    pub multiple: bool,
    pub onchange: Callback<web_sys::HtmlInputElement>,
    /// The input itself, for the caller to read and clear.
    #[prop_or_default]
    pub input: NodeRef,
}

#[function_component]
pub fn FileField(props: &FileFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described: Vec<&str> =
        [props.hint.as_ref().map(|_| hint_id.as_str()), props.error.as_ref().map(|_| error_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlInputElement>());
    let group = if props.error.is_some() { "ss-form-group ss-form-group--error" } else { "ss-form-group" };
    html! {
        <div class={group}>
            <label class="ss-label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="ss-hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="ss-error-message" id={error_id.clone()}>
                    <span class="ss-visually-hidden">{ "Error: " }</span>{ error.clone() }
                </p>
            }
            <input type="file" class="cs-file" id={props.id.clone()} accept={props.accept.clone()} multiple={props.multiple}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))} {onchange} ref={props.input.clone()} />
        </div>
    }
}
