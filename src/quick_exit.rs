//! The quick exit: Escape, Shift pressed three times, or the "Leave this site" button.
//!
//! Everything happens synchronously inside the key or click handler: the page is covered and the
//! survey removed, every answer is dropped, the title becomes neutral, and the location is
//! *replaced* so that the survey does not stay in the tab's history.

use gloo_events::{EventListener, EventListenerOptions};
use speaksafe_core::definition::{Exit, DEFAULT_EXIT_URL};
use speaksafe_core::Respondent;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Three presses of Shift within this many milliseconds leave.
const SHIFT_WINDOW_MS: f64 = 5_000.0;

struct Armed {
    url: String,
    escape: bool,
    shift_three_times: bool,
    neutral_title: String,
    /// When Shift was last pressed on its own, newest last.
    shifts: Vec<f64>,
    /// Shift is down and no other key has been pressed since: if it comes up now, it was pressed
    /// on its own (not held for a capital letter or for Shift+Tab).
    shift_alone: bool,
    /// The respondent whose answers are dropped on exit.
    respondent: Option<Rc<RefCell<Respondent>>>,
}

thread_local! {
    static ARMED: RefCell<Armed> = RefCell::new(Armed {
        url: DEFAULT_EXIT_URL.to_string(),
        escape: true,
        shift_three_times: true,
        neutral_title: "Survey".to_string(),
        shifts: Vec::new(),
        shift_alone: false,
        respondent: None,
    });
}

/// Listens for the exit keys on the whole document, in the capture phase, so that they work
/// whatever has focus (a text field, a select, a button, or nothing) and on every screen. Then
/// takes over from `exit.js`, which kept the collector's first screen safe until now.
pub fn arm() {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let capture = EventListenerOptions::run_in_capture_phase();
    let key = |event: &web_sys::Event| event.dyn_ref::<web_sys::KeyboardEvent>().cloned();
    EventListener::new_with_options(&document, "keydown", capture, move |e| key(e).into_iter().for_each(on_key))
        .forget();
    EventListener::new_with_options(&document, "keyup", capture, move |e| key(e).into_iter().for_each(on_key_up))
        .forget();

    // If the browser brings this page back from its back/forward cache after an exit, the survey
    // starts afresh: the answers were dropped before leaving, and nothing of them is shown.
    let transition = |event: &web_sys::Event| event.dyn_ref::<web_sys::PageTransitionEvent>().map(|e| e.persisted());
    EventListener::new(&window, "pageshow", move |event| {
        if transition(event) == Some(true) {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    })
    .forget();
    // And a page going into that cache (the respondent navigated away without the quick exit) is
    // blanked first, so that a restore never shows the answers, not even for the moment before
    // the reload above.
    EventListener::new(&window, "pagehide", move |event| {
        // Leaving the page in any way stops reading aloud.
        crate::speech::stop();
        if transition(event) == Some(true) {
            blank();
        }
    })
    .forget();
    take_over_from_first_screen(&window, &document);
}

/// The first screen's exit (its address and keys, until the survey is read) and `exit.js`'s
/// Shift count under way. Our keys are armed already, so there is no moment with neither; then
/// `exit.js` stops its own.
fn take_over_from_first_screen(window: &web_sys::Window, document: &web_sys::Document) {
    let Some(link) = document.get_element_by_id(crate::dom::FIRST_EXIT) else { return };
    let on = |name: &str| link.get_attribute(name).as_deref() != Some("false");
    let first = js_sys::Reflect::get(window, &"speaksafeFirstExit".into()).ok().filter(|f| f.is_object());
    let handover = first.as_ref().and_then(|f| js_sys::Reflect::get(f, &"handover".into()).ok());
    let left = match (first, handover.and_then(|h| h.dyn_into::<js_sys::Function>().ok())) {
        (Some(first), Some(handover)) => handover.call0(&first).ok(),
        _ => None,
    };
    let field = |name: &str| left.as_ref().and_then(|l| js_sys::Reflect::get(l, &name.into()).ok());
    let shifts: Vec<f64> = field("shifts")
        .and_then(|s| s.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|t| t.as_f64()).collect())
        .unwrap_or_default();
    let shift_alone = field("shiftAlone").and_then(|s| s.as_bool()).unwrap_or(false);
    ARMED.with(|armed| {
        let mut armed = armed.borrow_mut();
        if let Some(url) = link.get_attribute("href") {
            armed.url = url;
        }
        armed.escape = on("data-escape");
        armed.shift_three_times = on("data-shift");
        armed.shifts = shifts;
        armed.shift_alone = shift_alone;
    });
}

/// Takes the survey's own exit address and keys, and the respondent whose answers to drop.
pub fn configure(exit: &Exit, neutral_title: &str, respondent: Option<Rc<RefCell<Respondent>>>) {
    ARMED.with(|armed| {
        let mut armed = armed.borrow_mut();
        armed.url = exit.url.clone();
        armed.escape = exit.escape;
        armed.shift_three_times = exit.shift_three_times;
        armed.neutral_title = neutral_title.to_string();
        armed.respondent = respondent;
    });
}

fn on_key(event: web_sys::KeyboardEvent) {
    let leave_now = ARMED.with(|armed| {
        let mut armed = armed.borrow_mut();
        match event.key().as_str() {
            "Escape" | "Esc" => armed.escape,
            // Counted when it comes up (on_key_up), if no other key was pressed meanwhile.
            "Shift" => {
                if !event.repeat() {
                    armed.shift_alone = true;
                }
                false
            }
            // Any other key (a capital letter typed with Shift held, Shift+Tab) starts the count
            // again, and the Shift held for it is not a press.
            _ => {
                armed.shifts.clear();
                armed.shift_alone = false;
                false
            }
        }
    });
    if leave_now {
        event.prevent_default();
        event.stop_immediate_propagation();
        leave();
    }
}

/// The third Shift pressed on its own within the window leaves, as it comes up.
fn on_key_up(event: web_sys::KeyboardEvent) {
    let leave_now = ARMED.with(|armed| {
        let mut armed = armed.borrow_mut();
        if event.key() != "Shift" || !std::mem::take(&mut armed.shift_alone) || !armed.shift_three_times {
            return false;
        }
        let now = event.time_stamp();
        armed.shifts.retain(|&t| now - t <= SHIFT_WINDOW_MS);
        armed.shifts.push(now);
        armed.shifts.len() >= 3
    });
    if leave_now {
        event.prevent_default();
        event.stop_immediate_propagation();
        leave();
    }
}

/// Leaves at once: cover, forget, neutral title, replace the location.
pub fn leave() {
    leave_by(false);
}

/// The "Leave this site" button: as [`leave`]; and in a partner's frame the click also lets the
/// frame take the whole tab itself, should the partner's page not do it.
pub fn leave_by_click() {
    leave_by(true);
}

fn leave_by(clicked: bool) {
    blank();
    let url = ARMED.with(|armed| armed.borrow().url.clone());
    // In a partner's frame, the partner's page is what must go: embed.js leaves when asked. After
    // a click on the button, the frame also takes the whole tab to the exit itself, which the
    // sandbox allows after a click (`allow-top-navigation-by-user-activation`): the way out when
    // the page has no embed.js. A key is not a user activation, so a key relies on embed.js alone.
    if crate::embed::framed() {
        crate::embed::ask_partner_to_leave();
        if clicked {
            if let Some(top) = web_sys::window().and_then(|w| w.top().ok().flatten()) {
                replace_or_default(&url, |to| top.location().replace(to));
            }
        }
        return;
    }
    // 3. Away, without leaving the survey in the tab's history.
    if let Some(window) = web_sys::window() {
        replace_or_default(&url, |to| window.location().replace(to));
    }
}

/// Replaces the location with `url`, or, should the browser refuse that address (it throws),
/// with the default neutral site: whatever the survey says, the respondent never stays on it.
pub fn replace_or_default(url: &str, replace: impl Fn(&str) -> Result<(), JsValue>) {
    if replace(url).is_err() {
        let _ = replace(DEFAULT_EXIT_URL);
    }
}

/// Covers the page, sets the neutral title and drops every answer.
fn blank() {
    let (title, respondent) = ARMED.with(|armed| {
        let mut armed = armed.borrow_mut();
        armed.shifts.clear();
        armed.shift_alone = false;
        (armed.neutral_title.clone(), armed.respondent.take())
    });
    let Some(window) = web_sys::window() else { return };
    if let Some(document) = window.document() {
        // 1. Nothing of the survey stays on screen: the body holds only a blank cover.
        if let Some(body) = document.body() {
            if let Ok(cover) = document.create_element("div") {
                cover.set_class_name("ss-exit-cover");
                let _ = cover.set_attribute("aria-hidden", "true");
                body.replace_children_with_node_1(&cover);
            } else {
                body.set_text_content(None);
            }
        }
        document.set_title(&title);
    }
    // Nothing of the survey is heard either: reading aloud stops, in the same moment.
    crate::speech::stop();
    // 2. Every answer is dropped from memory, with a response waiting to be sealed.
    if let Some(respondent) = respondent {
        if let Ok(mut r) = respondent.try_borrow_mut() {
            r.forget();
        }
    }
    crate::submission::forget_unsealed();
    crate::access_code::forget();
}
