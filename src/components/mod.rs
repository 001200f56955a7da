//! One component a file. Components take props and callbacks; state lives in `session`.

pub mod app;
pub mod check_answers;
pub mod checkboxes;
pub mod closed;
pub mod complete;
pub mod content_note;
pub mod dropdown;
pub mod easy_read_switch;
pub mod error_summary;
pub mod exit_button;
pub mod first_screen;
pub mod intro;
pub mod kinds;
pub mod language_switcher;
pub mod layout;
pub mod load_error;
pub mod matrix;
pub mod other_box;
pub mod paragraphs;
pub mod question;
pub mod question_page;
pub mod radios;
pub mod read_aloud;
pub mod support;
pub mod survey;
pub mod text_field;
