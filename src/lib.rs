//! speaksafe's widget: the respondent's side of a survey, in Yew.
//!
//! The survey logic (visibility, validation, navigation, progress) lives in `speaksafe-core`;
//! this crate renders the engine's current screen, sends answers back to it, and keeps the
//! respondent safe (quick exit, no trace on the device).

pub mod access_code;
pub mod components;
pub mod dom;
pub mod embed;
pub mod load;
pub mod quick_exit;
#[cfg(not(target_arch = "wasm32"))]
pub mod render;
pub mod say;
pub mod sealer;
pub mod session;
pub mod side_module;
pub mod speech;
pub mod submission;

use components::app::App;

/// Mounts the widget and arms the quick exit. Called once by `main`.
pub fn start() {
    quick_exit::arm();
    // In a partner's frame: the theme, and the messages to embed.js.
    embed::start();
    let document = web_sys::window().and_then(|w| w.document());
    match document.and_then(|d| d.get_element_by_id("speaksafe")) {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
