//! A content note before a hard page: what it asks about, then Continue or Skip this page.

use crate::dom;
use crate::say::use_say;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ContentNoteProps {
    pub page: usize,
    pub on_back: Callback<()>,
    /// Continue: on to the page's questions.
    pub on_continue: Callback<()>,
    /// Skip this page: past its questions without answering.
    pub on_skip: Callback<()>,
}

#[function_component]
pub fn ContentNote(props: &ContentNoteProps) -> Html {
    let say = use_say();
    let words = say.words();
    let page = &say.survey.pages[props.page];
    html! {
        <>
            <button type="button" class="ss-link-button ss-back" onclick={props.on_back.reform(|_: MouseEvent| ())}>{ words.back() }</button>
            <span class="ss-caption">{ words.content_note() }</span>
            <h1 class="ss-heading-l" id={dom::HEADING} tabindex="-1">{ say.show(&page.title) }</h1>
            <div class="ss-inset ss-content-note">
                if let Some(note) = &page.content_note {
                    { say.paragraphs(note) }
                }
            </div>
            <div class="ss-button-group">
                <button type="button" class="ss-button" onclick={props.on_continue.reform(|_: MouseEvent| ())}>{ words.continue_() }</button>
                <button type="button" class="ss-button ss-button--secondary" onclick={props.on_skip.reform(|_: MouseEvent| ())}>{ words.skip_page() }</button>
            </div>
        </>
    }
}
