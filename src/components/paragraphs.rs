//! A survey text as paragraphs: a blank line starts a new one. Always text, never markup.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ParagraphsProps {
    pub text: AttrValue,
    #[prop_or(AttrValue::Static("ss-body"))]
    pub class: AttrValue,
    /// The text's language and direction, when they are not the page's (a fallback).
    #[prop_or_default]
    pub lang: Option<AttrValue>,
    #[prop_or_default]
    pub dir: Option<AttrValue>,
}

#[function_component]
pub fn Paragraphs(props: &ParagraphsProps) -> Html {
    html! {
        { for props.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| html! {
            <p class={props.class.clone()} lang={props.lang.clone()} dir={props.dir.clone()}>{ p.to_string() }</p>
        }) }
    }
}
