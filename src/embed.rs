//! The widget's side of embedding: what `embed.js` on a partner's page put in the frame's
//! address, and the few messages the frame sends back to it.
//!
//! `embed.js` opens `/?survey=ID&embed=1&lang=..&host=<the partner's origin>&theme-*=..`.
//!
//! - **Theme**: `theme-*` parameters set a small allow-list of the CSS custom properties in
//!   `styles/main.css` on the root element (CSSOM `style.setProperty`, which our CSP allows),
//!   each value checked first, so a partner cannot inject CSS: colours are `#rgb` or `#rrggbb`;
//!   a font family is letters, digits, spaces, commas, quotes and hyphens.
//! - **Language**: `lang` picks the starting language, if the survey has it.
//! - **Messages**, posted to the parent only, only to the exact origin in `host`, and only if the
//!   browser says that is who the parent is (`location.ancestorOrigins[0]`, where the browser has
//!   it): `{speaksafe: "ready", exit: {url, escape, shift, label}}` once, when the widget starts
//!   (so that the exit keys work on the partner's page too; the first screen's `exit.js` sends
//!   the same before), with the button's words in the language the partner's page asked for, and
//!   `{speaksafe: "exit"}` when the quick exit is used in the frame. Neither depends on anything
//!   the respondent does, their choice of language included. The frame accepts no message at
//!   all.
//! - **Scrolling**: moving focus scrolls this document only (`dom::focus_element`), never the
//!   partner's page, which would otherwise move when an error summary appeared.
//!
//! The frame does not tell the partner's page its height. A height that followed the page would
//! grow when a follow-up question or an "Other" box appeared, and the partner's scripts would
//! learn what was answered; `embed.js` makes the frame as tall as the window instead, and the
//! survey scrolls inside it.

use speaksafe_core::definition::Exit;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `theme-NAME` parameter -> the custom property it sets, and whether it is a colour (else a
/// font family).
const THEME: [(&str, &str, bool); 6] = [
    ("theme-brand", "--ss-colour-brand", true),
    ("theme-text", "--ss-colour-text", true),
    ("theme-background", "--ss-colour-background", true),
    ("theme-link", "--ss-colour-link", true),
    ("theme-button", "--ss-colour-button", true),
    ("theme-font", "--ss-font-family", false),
];

thread_local! {
    /// The partner's origin, once checked: the only place messages go. None when not framed by
    /// the origin `host=` names (or not framed at all).
    static HOST: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether `ready` was sent.
    static TOLD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// Whether this page is in a frame (of any origin).
pub fn framed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.top() {
        Ok(Some(top)) => JsValue::from(top) != JsValue::from(window),
        // No top, or not allowed to ask: treat as framed (the safer way to leave).
        _ => true,
    }
}

/// Called once at start: the theme, and, in a frame, the messages to the partner's page.
pub fn start() {
    let Some(params) = params() else { return };
    apply_theme(&params);
    if !framed() {
        return;
    }
    let Some(host) = params.get("host").filter(|h| allowed_host(h)) else { return };
    HOST.with(|h| *h.borrow_mut() = Some(host));
}

/// The language asked for by `lang=`, if it looks like a language code; the survey decides
/// whether it has it.
pub fn language() -> Option<String> {
    params()?
        .get("lang")
        .filter(|l| !l.is_empty() && l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Whether a colour is `#rgb` or `#rrggbb`.
pub fn valid_colour(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether a font family list is only letters, digits, spaces, commas, quotes and hyphens
/// (nothing that could end the declaration or call a function such as `url(`).
pub fn valid_font(value: &str) -> bool {
    !value.trim().is_empty()
        && value.chars().count() <= 200
        && value.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '"' | '\'' | '-'))
}

fn apply_theme(params: &web_sys::UrlSearchParams) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    for (param, property, colour) in THEME {
        if let Some(value) = params.get(param) {
            let ok = if colour { valid_colour(&value) } else { valid_font(&value) };
            if ok {
                let _ = root.style().set_property(property, &value);
            }
        }
    }
}

/// `host` is an http(s) origin, exactly, and (where the browser tells) the parent's origin.
fn allowed_host(host: &str) -> bool {
    let Ok(url) = web_sys::Url::new(host) else { return false };
    if url.origin() != host || !(host.starts_with("https://") || host.starts_with("http://")) {
        return false;
    }
    let Some(window) = web_sys::window() else { return false };
    // Chromium and WebKit list the origins of the frames around this one, parent first; Firefox
    // has no such list, and there postMessage's target origin alone keeps messages to `host`.
    let ancestors = js_sys::Reflect::get(window.location().as_ref(), &JsValue::from_str("ancestorOrigins")).ok();
    match ancestors.and_then(|a| a.dyn_into::<web_sys::DomStringList>().ok()) {
        Some(list) => list.item(0).as_deref() == Some(host),
        None => true,
    }
}

/// Posts `{speaksafe: kind, ...fields}` to the parent, at the checked host origin only.
fn post(kind: &str, fields: &[(&str, JsValue)]) {
    let Some(host) = HOST.with(|h| h.borrow().clone()) else { return };
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"speaksafe".into(), &kind.into());
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&message, &(*name).into(), value);
    }
    let _ = parent.post_message(&message, &host);
}

/// The survey is shown: tells the partner's page its exit address and keys, once. Called again
/// (the respondent changed language) it sends nothing: the button's words in the new language
/// would tell the partner's page which language the respondent chose. The words stay those of
/// the language the survey started in, the one the partner's page asked for.
pub fn ready(exit: &Exit, label: &str) {
    if TOLD.with(|told| told.replace(true)) {
        return;
    }
    let keys = js_sys::Object::new();
    // The words of the "Leave this site" button, for the one the partner's page shows while this
    // frame's own button is scrolled out of view.
    let _ = js_sys::Reflect::set(&keys, &"label".into(), &label.into());
    let _ = js_sys::Reflect::set(&keys, &"url".into(), &exit.url.as_str().into());
    let _ = js_sys::Reflect::set(&keys, &"escape".into(), &exit.escape.into());
    let _ = js_sys::Reflect::set(&keys, &"shift".into(), &exit.shift_three_times.into());
    post("ready", &[("exit", keys.into())]);
}

/// The quick exit in a frame (the frame is already blank and the answers dropped): asks the
/// partner's page to leave.
pub fn ask_partner_to_leave() {
    post("exit", &[]);
}
