//! Undo and redo from the keyboard (Ctrl or Cmd with Z, Shift+Z or Y), and a question before
//! the tab closes with unsaved changes. Listeners are removed when their guard is dropped.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;

/// Listens for the undo and redo keys anywhere in the page (a text field's own undo would undo
/// only the field, and out of step with the draft).
pub fn undo_keys(undo: impl Fn() + 'static, redo: impl Fn() + 'static) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(&document, "keydown", options, move |event| {
        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        if !(key.ctrl_key() || key.meta_key()) || key.alt_key() {
            return;
        }
        match key.key().to_ascii_lowercase().as_str() {
            "z" if key.shift_key() => redo(),
            "z" => undo(),
            "y" => redo(),
            _ => return,
        }
        event.prevent_default();
    }))
}

/// While held, closing or leaving the tab asks first.
pub fn ask_before_leaving() -> Option<EventListener> {
    let window = web_sys::window()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(&window, "beforeunload", options, |event| {
        event.prevent_default();
        if let Some(event) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
            // Older browsers ask only when a text is set.
            event.set_return_value("You have unsaved changes.");
        }
    }))
}
