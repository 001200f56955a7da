//! The ids the widget puts in the page, in one place, and moving focus to one of them.
//!
//! Ids link a label to its field, a hint or an error to what it describes, an error summary's
//! link to the field it is about, and tell where focus goes when the screen changes. A
//! question's fields are named from its id (letters, digits, `_` and `-`, so every id here is
//! one a browser takes as it is).

use wasm_bindgen::JsCast;

/// The screen's one `<h1>`: focus moves to it on every change of screen.
pub const HEADING: &str = "ss-heading";
/// The main content, where "Skip to main content" goes.
pub const MAIN: &str = "ss-main";
/// The error summary, focused when Continue was refused.
pub const ERROR_SUMMARY: &str = "ss-error-summary";
pub const ERROR_SUMMARY_TITLE: &str = "ss-error-summary-title";
/// How sending is going, focused after Submit.
pub const DELIVERY: &str = "ss-delivery";
/// The "Leave this site" button.
pub const EXIT: &str = "ss-exit";
/// The label of the progress bar ("Page 2 of 5").
pub const PROGRESS_LABEL: &str = "ss-progress-label";
/// The heading of the help lines.
pub const SUPPORT_TITLE: &str = "ss-support-title";
/// The first screen the collector sent with the page, before the widget had started.
pub const FIRST_SCREEN: &str = "ss-first";
/// Its "Leave this site" link (`exit.js` arms it until the widget takes over).
pub const FIRST_EXIT: &str = "ss-first-exit";
/// Its "This survey could not start", shown by `boot.js` when the widget cannot start.
pub const FIRST_FAILED: &str = "ss-first-failed";
/// Where the widget renders: hidden while the first screen is shown.
pub const ROOT: &str = "speaksafe";
/// The access code field on the intro of a survey with codes, named as a question's field would
/// be ([`field`]), so that the error summary links to it as to any field. A question never shares
/// the intro's screen, so no question's field takes the same id at the same time.
pub const CODE: &str = "access-code";

/// The ids of what is around a screen: the main content, the screen's heading, and the help
/// lines' heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids {
    pub main: &'static str,
    pub heading: &'static str,
    pub support_title: &'static str,
    /// The access code field (a survey with codes).
    pub code: &'static str,
}

impl Ids {
    /// The widget's.
    pub const WIDGET: Ids = Ids { main: MAIN, heading: HEADING, support_title: SUPPORT_TITLE, code: "q-access-code" };
    /// The first screen's, its own: while the widget loads, it draws its own screen beside the
    /// first screen, hidden, and an id is never in the page twice.
    pub const FIRST_SCREEN: Ids = Ids {
        main: "ss-first-main",
        heading: "ss-first-heading",
        support_title: "ss-first-support",
        code: "ss-first-code",
    };
}

/// A question's field: its text box, its select, or its first radio or checkbox. The error
/// summary links here.
pub fn field(question: &str) -> String {
    format!("q-{question}")
}

/// One option's radio or checkbox (the first option's is [`field`]).
pub fn option(question: &str, index: usize, value: &str) -> String {
    if index == 0 {
        field(question)
    } else {
        format!("q-{question}-{value}")
    }
}

/// One cell's radio of a matrix (the first row's first column is [`field`]).
pub fn cell(question: &str, row: (usize, &str), column: (usize, &str)) -> String {
    if row.0 == 0 && column.0 == 0 {
        field(question)
    } else {
        format!("q-{question}-{}-{}", row.1, column.1)
    }
}

/// The words of a question (its label or legend): what its "Read aloud" is described by. Not
/// under `q-`, where an option's value could take the same id.
pub fn words(question: &str) -> String {
    format!("ss-words-{question}")
}

/// A question's hint.
pub fn hint(question: &str) -> String {
    format!("q-{question}-hint")
}

/// A question's error message.
pub fn error(question: &str) -> String {
    format!("q-{question}-error")
}

/// A long text's count of characters left.
pub fn count(question: &str) -> String {
    format!("q-{question}-count")
}

/// The box that "Other, please say" reveals, and its text field.
pub fn other(question: &str) -> String {
    format!("q-{question}-other-text")
}

/// The text field in [`other`].
pub fn other_input(question: &str) -> String {
    format!("q-{question}-other-text-input")
}

/// Moves focus to the element with this id (a heading with tabindex="-1", the error summary, a
/// field), without scrolling the address or adding a history entry.
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        focus_element(&element);
    }
}

/// Moves focus to `element` and scrolls it into view, in a partner's frame within the frame only.
/// A plain `focus()` scrolls every page around the element, the partner's page too: its scripts
/// would see their page move when, say, an error summary appeared below the fold, and learn that
/// an answer was refused. So focus moves with `preventScroll`, and in a frame the element is
/// brought into view by scrolling the frame's own document (`scrollIntoView` would scroll the
/// partner's page as well). Elsewhere (a page of its own, the studio's preview) nothing is around
/// it to tell, and the browser scrolls whatever box holds it.
pub fn focus_element(element: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
    if crate::embed::framed() {
        reveal_in_frame(element);
    } else {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Scrolls this document (the frame's, never the page around it) so that `element`'s top is in
/// view below the page's `scroll-padding-top` (which clears the sticky exit button), when it is
/// not all in view already.
fn reveal_in_frame(element: &web_sys::Element) {
    let Some(window) = web_sys::window() else { return };
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let padding =
        window.document().and_then(|d| d.document_element()).map_or(0.0, |root| scroll_padding_top(&window, &root));
    let shown = element.get_bounding_client_rect();
    if shown.top() < padding || shown.bottom() > height {
        window.scroll_by_with_x_and_y(0.0, shown.top() - padding);
    }
}

/// An element's `scroll-padding-top` in whole pixels (0 when it has none). Read as an integer:
/// parsing a float would bring the standard library's float parser into the wasm (about 15 KB
/// gzip).
fn scroll_padding_top(window: &web_sys::Window, element: &web_sys::Element) -> f64 {
    let value = window
        .get_computed_style(element)
        .ok()
        .flatten()
        .and_then(|style| style.get_property_value("scroll-padding-top").ok())
        .unwrap_or_default();
    let whole = value.strip_suffix("px").map_or("", |px| px.split('.').next().unwrap_or(""));
    f64::from(whole.parse::<u16>().unwrap_or(0))
}

/// The widget's own screen replaces the first screen the collector sent, in one step before the
/// next paint: the first screen leaves and the widget's appears in its place, with the same
/// markup, so nothing flashes or moves. Focus on the first screen's exit link, or on one of its
/// languages, goes to the widget's own; focus is not moved otherwise. Nothing to do on a page
/// without a first screen.
pub fn take_over_first_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(first) = document.get_element_by_id(FIRST_SCREEN) else { return };
    let focused = document.active_element().filter(|a| first.contains(Some(a)));
    let exit_focused = focused.as_ref().is_some_and(|a| a.id() == FIRST_EXIT);
    let language_focused = focused.as_ref().filter(|a| a.tag_name() == "A").and_then(|a| a.get_attribute("lang"));
    first.remove();
    if let Some(root) = document.get_element_by_id(ROOT) {
        let _ = root.remove_attribute("hidden");
    }
    if exit_focused {
        focus(EXIT);
    } else if let Some(code) = language_focused {
        let selector = format!(".ss-language button[lang=\"{code}\"]");
        if let Some(button) = document.query_selector(&selector).ok().flatten() {
            if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                focus_element(&button);
            }
        }
    }
}
