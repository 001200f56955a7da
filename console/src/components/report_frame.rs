//! The HTML report (`speaksafe summary --html`, made by the results worker) in the page: in a
//! frame of its own, so that its styles and the console's stay apart, with no script
//! (`sandbox` without `allow-scripts`). The console's Content Security Policy allows no inline
//! style, so the report's stylesheet is taken out of it and given to the frame's document
//! through the CSSOM (a constructed stylesheet), which the policy does not govern.

use crate::report::split_style;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportFrameProps {
    pub report: std::rc::Rc<str>,
}

#[function_component]
pub fn ReportFrame(props: &ReportFrameProps) -> Html {
    let frame = use_node_ref();
    let (page, style) = split_style(&props.report);
    {
        // A listener of its own: `load` does not bubble to where Yew listens. A new report is a
        // new document in the same frame, loaded again.
        let frame = frame.clone();
        use_effect_with(props.report.clone(), move |_| {
            let listener = frame.cast::<web_sys::HtmlIFrameElement>().map(|element| {
                // Loaded already (the frame's document can be ready before this runs).
                if loaded(&element) {
                    let _ = dress(&element, &style);
                }
                let target = element.clone();
                gloo_events::EventListener::new(&target, "load", move |_| {
                    let _ = dress(&element, &style);
                })
            });
            move || drop(listener)
        });
    }
    html! {
        <iframe class="cs-report" title="The summary report" sandbox="allow-same-origin" srcdoc={page} ref={frame} />
    }
}

fn loaded(frame: &web_sys::HtmlIFrameElement) -> bool {
    let document = frame.content_document();
    document.is_some_and(|d| d.url().ok().as_deref() == Some("about:srcdoc") && d.ready_state() == "complete")
}

/// Gives the frame's document the report's stylesheet, and the frame the report's height.
fn dress(frame: &web_sys::HtmlIFrameElement, style: &str) -> Result<(), JsValue> {
    let window = frame.content_window().ok_or(JsValue::NULL)?;
    let document = frame.content_document().ok_or(JsValue::NULL)?;
    // A stylesheet is adopted only by a document of the window that made it. Its classes are
    // that window's, which `instanceof` here does not know: hence unchecked.
    let class: Function = Reflect::get(&window, &"CSSStyleSheet".into())?.unchecked_into();
    let sheet: web_sys::CssStyleSheet = Reflect::construct(&class, &Array::new())?.unchecked_into();
    sheet.replace_sync(style)?;
    Reflect::set(&document, &"adoptedStyleSheets".into(), &Array::of1(&sheet))?;
    if let Some(root) = document.document_element() {
        let height = root.scroll_height().max(200) + 16;
        // Through the CSSOM: the policy refuses a style attribute.
        frame.style().set_property("height", &format!("{height}px"))?;
    }
    Ok(())
}
