//! speaksafe's studio: organisers make, translate, preview and check a survey in the browser,
//! without writing JSON. Everything about surveys is `speaksafe-core`'s (reading, checking,
//! conditions, the engine, translations); the preview is the widget itself. The importers and the
//! translators' spreadsheets are in the converter (`converter`), a worker loaded when a file
//! needs them.
//!
//! The draft never leaves the browser: it is opened from a file and saved to a file. After it has
//! loaded, the studio makes no request but for the converter's two files, from the site it came
//! from and carrying nothing, the first time a file is brought in or a spreadsheet made or read;
//! it writes nothing to the browser's storage.

pub mod components;
pub mod converter;
pub mod examples;
pub mod fields;
pub mod files;
pub mod keys;
pub mod scope;
pub mod state;
pub mod subjects;

/// Mounts the studio in `<div id="studio">`.
pub fn start() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("studio"));
    match root {
        Some(root) => {
            // Removes the loading note without parsing any markup.
            root.set_text_content(None);
            yew::Renderer::<components::app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<components::app::App>::new().render();
        }
    }
}
