//! One labelled field: a line of text, a box of text, or a number, with its hint and what the
//! check says of it (errors first). GOV.UK's form group, as the widget's.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextInputProps {
    /// The field's id (the check's links go to it).
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// A box of text, for paragraphs.
    #[prop_or_default]
    pub multiline: bool,
    /// A number (a numeric keypad on phones).
    #[prop_or_default]
    pub numeric: bool,
    /// The language the text is in, and its direction.
    #[prop_or_default]
    pub lang: Option<AttrValue>,
    #[prop_or_default]
    pub dir: Option<AttrValue>,
    /// What the check says of it: (is it an error, the message).
    #[prop_or_default]
    pub problems: Vec<(bool, String)>,
    /// As typed, on every key.
    #[prop_or_default]
    pub on_input: Option<Callback<String>>,
    /// When the field is left changed (for changes that should not happen on every key).
    #[prop_or_default]
    pub on_change: Option<Callback<String>>,
}

#[function_component]
pub fn TextInput(props: &TextInputProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let message_id = format!("{}-check", props.id);
    let error = props.problems.iter().any(|(e, _)| *e);
    let described: Vec<&str> =
        [props.hint.as_ref().map(|_| hint_id.as_str()), (!props.problems.is_empty()).then_some(message_id.as_str())]
            .into_iter()
            .flatten()
            .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let value = |e: &Event| {
        let target = e.target();
        target
            .as_ref()
            .and_then(|t| wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlInputElement>(t))
            .map(|i| i.value())
            .or_else(|| {
                target
                    .as_ref()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlTextAreaElement>(t))
                    .map(|t| t.value())
            })
            .unwrap_or_default()
    };
    let oninput = props.on_input.clone().map(|cb| Callback::from(move |e: InputEvent| cb.emit(value(&e))));
    let onchange = props.on_change.clone().map(|cb| Callback::from(move |e: Event| cb.emit(value(&e))));
    let class = classes!(if props.multiline { "ss-textarea" } else { "ss-input" }, error.then_some("ss-input--error"));
    html! {
        <div class={classes!("ss-form-group", "st-field", error.then_some("ss-form-group--error"))}>
            <label class="ss-label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <div class="ss-hint" id={hint_id.clone()}>{ hint.clone() }</div>
            }
            if !props.problems.is_empty() {
                <ul class="st-field-check" id={message_id.clone()}>
                    { for props.problems.iter().map(|(error, message)| html! {
                        <li class={if *error { "ss-error-message" } else { "st-warning" }}>
                            <span class="ss-visually-hidden">{ if *error { "Error: " } else { "Warning: " } }</span>
                            { message.clone() }
                        </li>
                    }) }
                </ul>
            }
            if props.multiline {
                <textarea class={class} id={props.id.clone()} rows="4" lang={props.lang.clone()} dir={props.dir.clone()}
                    aria-describedby={described} value={props.value.clone()} {oninput} {onchange} />
            } else {
                <input class={class} type="text" id={props.id.clone()} lang={props.lang.clone()} dir={props.dir.clone()}
                    inputmode={props.numeric.then_some("decimal")} autocomplete="off" spellcheck={(!props.numeric).to_string()}
                    aria-describedby={described} value={props.value.clone()} {oninput} {onchange} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextAtProps {
    /// Where the text is in the draft.
    pub path: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub multiline: bool,
}

/// A survey text at a path, in the language being edited.
#[function_component]
pub fn TextAt(props: &TextAtProps) -> Html {
    let ctx = super::use_field_ctx();
    let language = ctx.language.clone();
    let value = speaksafe_core::draft::text_in(&ctx.draft(), &props.path, &language);
    let dir = speaksafe_core::Direction::of(&language).attribute();
    let path = props.path.to_string();
    let on_input = ctx.editing(move |text: String| crate::state::Edit::Text {
        path: path.clone(),
        language: language.clone(),
        text,
    });
    let several = speaksafe_core::draft::languages(&ctx.draft()).len() > 1;
    let label = if several { format!("{} ({})", props.label, ctx.language) } else { props.label.to_string() };
    html! {
        <TextInput id={crate::fields::field_id(&props.path)} {label} hint={props.hint.clone()} value={value}
            multiline={props.multiline} lang={ctx.language.clone()} dir={dir} problems={ctx.problems_at(&props.path)}
            on_input={on_input} />
    }
}
