//! A labelled list to pick one from, drawn again only when its options or choice change: the
//! studio's rules each have lists as long as the survey has pages.

use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, words), shared so that an unchanged list is seen to be unchanged at once.
    pub options: Rc<Vec<(String, String)>>,
    /// The value chosen.
    pub selected: AttrValue,
    /// As wide as its longest option allows.
    #[prop_or_default]
    pub wide: bool,
    pub on_change: Callback<String>,
}

#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props.on_change.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
    html! {
        <div class="ss-form-group">
            <label class="ss-label" for={props.id.clone()}>{ props.label.clone() }</label>
            <select class={classes!("ss-select", props.wide.then_some("st-select-wide"))} id={props.id.clone()} {onchange}>
                { for props.options.iter().map(|(value, words)| html! {
                    <option value={value.clone()} selected={*value == *props.selected}>{ words.clone() }</option>
                }) }
            </select>
        </div>
    }
}
