//! The preview: the widget itself, showing the draft as a respondent would see it. Answering in
//! it drives its conditions; its quick exit is off (it says so), and nothing is sent.

use super::use_ctx;
use speaksafe::components::survey::{Preview, SurveyView};
use std::rc::Rc;
use yew::prelude::*;

#[function_component]
pub fn PreviewPane() -> Html {
    let ctx = use_ctx();
    let studio = &ctx.studio;
    let language = use_state(|| None::<String>);
    let page = use_state(|| 0usize);
    let go_to = use_state(|| None::<(usize, u32)>);
    let reveal = use_state(|| false);
    let phone = use_state(|| false);
    let read_aloud = use_state(|| false);
    let Some(survey) = studio.survey.clone() else {
        return html! {
            <section class="st-preview" aria-labelledby="st-preview-title">
                <h2 class="ss-heading-m" id="st-preview-title">{ "Preview" }</h2>
                <p class="ss-body">{ "The preview shows once the survey has no errors." }</p>
            </section>
        };
    };
    let codes: Vec<String> = survey.languages.iter().map(|l| l.code.clone()).collect();
    let shown = language.as_ref().filter(|l| codes.contains(l)).cloned().unwrap_or_else(|| codes[0].clone());
    let stale = !studio.findings.errors.is_empty();
    let choose_language = {
        let language = language.clone();
        Callback::from(move |e: Event| {
            language.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
        })
    };
    let choose_page = {
        let page = page.clone();
        Callback::from(move |e: Event| {
            page.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0))
        })
    };
    let go = {
        let (page, go_to) = (page.clone(), go_to.clone());
        Callback::from(move |_: MouseEvent| {
            let n = go_to.map_or(1, |(_, n)| n + 1);
            go_to.set(Some((*page, n)));
        })
    };
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let preview = Preview {
        language: AttrValue::from(shown.clone()),
        go_to: *go_to,
        reveal: *reveal,
        exit_note: AttrValue::from("(off in the preview)"),
        sent_note: AttrValue::from(
            "This is the preview: nothing was sent. Respondents see this page once their answers are sent.",
        ),
        read_aloud: *read_aloud,
    };
    let first = codes[0].clone();
    html! {
        <section class="st-preview" aria-labelledby="st-preview-title">
            <h2 class="ss-heading-m" id="st-preview-title">{ "Preview" }</h2>
            <p class="ss-hint">{ "As a respondent sees it. The quick exit is off here: pressing Esc or \"Leave this site\" does nothing, and Submit sends nothing." }</p>
            if stale {
                <p class="st-warning" role="status">{ "The survey has errors: this shows the last version without them." }</p>
            }
            <div class="st-preview__controls">
                <div class="ss-form-group">
                    <label class="ss-label" for="st-preview-language">{ "Language" }</label>
                    <select class="ss-select" id="st-preview-language" onchange={choose_language}>
                        { for survey.languages.iter().map(|l| html! {
                            <option value={l.code.clone()} selected={l.code == shown}>{ format!("{} ({})", l.name, l.code) }</option>
                        }) }
                    </select>
                </div>
                <div class="st-inline">
                    <div class="ss-form-group">
                        <label class="ss-label" for="st-preview-page">{ "Page" }</label>
                        <select class="ss-select" id="st-preview-page" onchange={choose_page}>
                            { for survey.pages.iter().enumerate().map(|(p, pg)| html! {
                                <option value={p.to_string()} selected={p == *page}>{ format!("{}. {}", p + 1, pg.title.get(&shown, &first)) }</option>
                            }) }
                        </select>
                    </div>
                    <button type="button" class="ss-button ss-button--secondary" onclick={go}>{ "Go to page" }</button>
                </div>
                <div class="ss-checkboxes">
                    <div class="ss-checkboxes__item">
                        <input class="ss-checkboxes__input" type="checkbox" id="st-preview-reveal" checked={*reveal} onchange={toggle(&reveal)} />
                        <label class="ss-checkboxes__label" for="st-preview-reveal">{ "Show hidden questions" }</label>
                    </div>
                    <div class="ss-checkboxes__item">
                        <input class="ss-checkboxes__input" type="checkbox" id="st-preview-phone" checked={*phone} onchange={toggle(&phone)} />
                        <label class="ss-checkboxes__label" for="st-preview-phone">{ "As wide as a phone" }</label>
                    </div>
                    <div class="ss-checkboxes__item">
                        <input class="ss-checkboxes__input" type="checkbox" id="st-preview-read-aloud" checked={*read_aloud} onchange={toggle(&read_aloud)} />
                        <label class="ss-checkboxes__label" for="st-preview-read-aloud">{ "Read aloud (where this computer has a voice of its own for the language)" }</label>
                    </div>
                </div>
            </div>
            <div class={classes!("st-preview__frame", phone.then_some("st-preview__frame--phone"))} role="region" aria-label="The survey, as a respondent sees it">
                <SurveyView survey={Rc::clone(&survey)} preview={Some(preview)} />
            </div>
        </section>
    }
}
