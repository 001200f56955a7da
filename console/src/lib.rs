//! speaksafe's console: an organiser signs in with a passkey, publishes surveys (from a file, or
//! from the studio), watches them, closes and reopens them, reads the organisers' log, and opens
//! the results in their own browser with their key files (in a worker of its own: `opener/`).
//!
//! It writes nothing to the browser: the session token lives in this page's memory only (a
//! reload signs out), and so do the keys and the answers opened. The collector's side of the
//! conversation is `speaksafe-console-client`'s, shared with the studio.

pub mod components;
pub mod idle;
pub mod invite;
pub mod opening;
pub mod report;
pub mod results;
pub mod state;

use components::app::{App, AppProps};

/// Mounts the console in `<div id="console">`, with the invitation token `boot.js` took from the
/// address (and removed from it) if there was one.
pub fn start() {
    let invite = invite::taken_at_start();
    let props = AppProps { invite };
    match web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("console")) {
        Some(root) => {
            // Removes the loading note without parsing any markup.
            root.set_text_content(None);
            yew::Renderer::<App>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<App>::with_props(props).render();
        }
    }
}
