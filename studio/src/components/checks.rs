//! The live check: `speaksafe check` on every change, its errors and warnings in plain words,
//! each a link to its field.

use super::use_ctx;
use crate::fields::{field_id, nearest_field, page_of};
use crate::state::{Msg, View};
use speaksafe_core::draft::{steps, Step};
use speaksafe_core::Problem;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How many of each are listed (a large survey can have thousands of warnings).
const LISTED: usize = 200;

/// Where a path is, in words: `pages[2].questions[0].visible_if` → "Page 3, question 1: condition".
pub fn place(path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut list = String::new();
    for step in steps(path) {
        match step {
            Step::Key(key) => {
                list = key.clone();
                let words = match key.as_str() {
                    "pages" | "questions" | "options" | "rows" | "columns" | "validation" | "support" | "languages" => {
                        continue
                    }
                    "text" => "words",
                    "visible_if" => "when it is shown",
                    "required_if" => "when it is required",
                    "id" => "name",
                    "value" => "stored as",
                    "content_note" => "content note",
                    "easy" => "easy read",
                    "neutral_title" => "title in the tab",
                    "min_label" => "words at the low end",
                    "max_label" => "words at the high end",
                    "max_length" => "most characters",
                    "prefer_not_to_say" => "\"Prefer not to say\"",
                    "url" => "web address",
                    "endpoint" => "address for the answers",
                    "button" => "words on the button",
                    other => other,
                };
                parts.push(words.replace('_', " "));
            }
            Step::Index(i) => {
                let thing = match list.as_str() {
                    "pages" => "Page",
                    "questions" => "question",
                    "options" => "option",
                    "rows" => "row",
                    "columns" => "column",
                    "validation" => "check",
                    "support" => "help line",
                    "languages" => "language",
                    _ => "item",
                };
                parts.push(format!("{thing} {}", i + 1));
            }
        }
    }
    if parts.is_empty() {
        return "The survey".into();
    }
    let mut words = parts.join(", ");
    if let Some(first) = words.get(0..1) {
        words.replace_range(0..1, &first.to_uppercase());
    }
    words
}

/// Shows the field a problem is about: its page, then focus on it.
pub fn go_to(path: &str, send: &Callback<Msg>) {
    let field = nearest_field(path);
    let view = match page_of(path) {
        Some(p) => View::Page(p),
        None => View::Settings,
    };
    send.emit(Msg::Show(view));
    let id = field_id(&field);
    let page_id = field_id(path);
    // After the page is drawn.
    gloo_timers::callback::Timeout::new(30, move || {
        let document = web_sys::window().and_then(|w| w.document());
        let element =
            document.as_ref().and_then(|d| d.get_element_by_id(&id).or_else(|| d.get_element_by_id(&page_id)));
        if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    })
    .forget();
}

#[function_component]
pub fn Checks() -> Html {
    let ctx = use_ctx();
    let findings = &ctx.studio.findings;
    let (errors, warnings) = (findings.errors.len(), findings.warnings.len());
    let summary = match (errors, warnings) {
        (0, 0) => "No errors and no warnings: ready to save and publish.".to_string(),
        (0, w) => format!("No errors. {w} {} worth a look.", if w == 1 { "warning" } else { "warnings" }),
        (e, w) => format!(
            "{e} {} to fix before the survey can be used; {w} {}.",
            if e == 1 { "error" } else { "errors" },
            if w == 1 { "warning" } else { "warnings" }
        ),
    };
    let list = |problems: &[Problem], error: bool| {
        html! {
            <ul class="st-checks__list">
                { for problems.iter().take(LISTED).map(|p| {
                    let path = p.path.clone();
                    let send = ctx.send.clone();
                    let onclick = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        go_to(&path, &send);
                    });
                    html! {
                        <li class={if error { "st-checks__error" } else { "st-checks__warning" }}>
                            <a href={format!("#{}", field_id(&nearest_field(&p.path)))} {onclick}>
                                <span class="st-checks__place">{ place(&p.path) }</span>{ ": " }{ p.message.clone() }
                            </a>
                        </li>
                    }
                }) }
                if problems.len() > LISTED {
                    <li>{ format!("and {} more", problems.len() - LISTED) }</li>
                }
            </ul>
        }
    };
    html! {
        <section class="st-checks" aria-labelledby="st-checks-title">
            <h2 class="ss-heading-m" id="st-checks-title">{ "Check" }</h2>
            <p class="ss-body" role="status" aria-live="polite">{ summary }</p>
            if errors > 0 {
                <h3 class="ss-heading-s">{ "Errors" }</h3>
                { list(&findings.errors, true) }
            }
            if warnings > 0 {
                <details class="st-details" open={errors == 0}>
                    <summary>{ format!("Warnings ({warnings})") }</summary>
                    { list(&findings.warnings, false) }
                </details>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_words() {
        assert_eq!(place("pages[2].questions[0].visible_if"), "Page 3, question 1, when it is shown");
        assert_eq!(place("title"), "Title");
        assert_eq!(place("support[0].url"), "Help line 1, web address");
        assert_eq!(place(""), "The survey");
    }
}
