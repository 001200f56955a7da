//! A survey text as paragraphs: a blank line starts a new one. Always text, never markup.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ParagraphsProps {
    pub text: AttrValue,
    #[prop_or(AttrValue::Static("ss-body"))]
    pub class: AttrValue,
}

#[function_component]
pub fn Paragraphs(props: &ParagraphsProps) -> Html {
    html! {
        { for props.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| html! {
            <p class={props.class.clone()}>{ p.to_string() }</p>
        }) }
    }
}
