//! The parts of the survey, to go to one: its settings, each page, the translations. Pages are
//! added here too.

use super::use_ctx;
use crate::fields::page_of;
use crate::state::{Edit, Msg, View};
use serde_json::Value;
use yew::prelude::*;

#[function_component]
pub fn Navigation() -> Html {
    let ctx = use_ctx();
    let studio = &ctx.studio;
    let language = studio.language.clone();
    let draft = studio.draft();
    let pages = draft.get("pages").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let item = |view: View, label: String, errors: usize| {
        html! { <NavLink {view} {label} {errors} current={studio.view == view} send={ctx.send.clone()} /> }
    };
    let errors_on = |page: usize| studio.findings.errors.iter().filter(|p| page_of(&p.path) == Some(page)).count();
    let settings_errors = studio.findings.errors.iter().filter(|p| !p.path.starts_with("pages")).count();
    let last = pages.len().checked_sub(1);
    html! {
        <>
            <h2 class="ss-heading-m">{ "Survey" }</h2>
            <ul class="st-nav__list">
                { item(View::Settings, "Title, intro and settings".into(), settings_errors) }
                { item(View::Translations, "Translations".into(), 0) }
            </ul>
            <h2 class="ss-heading-m">{ "Pages" }</h2>
            <ol class="st-nav__list">
                { for pages.iter().enumerate().map(|(p, page)| {
                    let title = match page.get("title") {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Object(m)) => m.get(&language).or_else(|| m.values().next()).and_then(Value::as_str).unwrap_or("").to_string(),
                        _ => String::new(),
                    };
                    let title = if title.trim().is_empty() { format!("Page {} (no title yet)", p + 1) } else { format!("{}. {title}", p + 1) };
                    item(View::Page(p), title, errors_on(p))
                }) }
            </ol>
            <button type="button" class="ss-button ss-button--secondary" onclick={ctx.send.reform(move |_| Msg::Edit(Edit::AddPage { after: last }))}>
                { "Add a page" }
            </button>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NavLinkProps {
    view: View,
    label: AttrValue,
    errors: usize,
    current: bool,
    send: Callback<Msg>,
}

/// One part of the survey to go to: drawn again only when its name, errors or being the one
/// shown change (a long survey has a link for each of its pages).
#[function_component]
fn NavLink(props: &NavLinkProps) -> Html {
    let view = props.view;
    let errors = props.errors;
    html! {
        <li>
            <button type="button" class="ss-link-button st-nav__link" aria-current={props.current.then_some("page")}
                onclick={props.send.reform(move |_| Msg::Show(view))}>
                { props.label.clone() }
                if errors > 0 {
                    <span class="st-count">{ format!(" ({errors} {})", if errors == 1 { "error" } else { "errors" }) }</span>
                }
            </button>
        </li>
    }
}
