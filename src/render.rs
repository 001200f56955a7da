//! The first screens as HTML, drawn natively for the collector by the widget's own components
//! (Yew's server-side rendering): one markup for the page the collector sends and the screen the
//! widget draws when it takes that page over. Only drawn: effects and callbacks, where the
//! components touch the browser, do not run here.

use crate::components::first_screen::{FirstScreen, FirstScreenProps, Opening};
use speaksafe_core::Survey;
use std::rc::Rc;
use yew::{AttrValue, LocalServerRenderer};

/// The body of a survey's first page: `opening` in the survey's language `language`, `framed` in
/// a partner's frame. Every survey text in it is escaped: text stays text.
pub fn first_screen(survey: &Rc<Survey>, language: &str, framed: bool, opening: Opening) -> String {
    let props = FirstScreenProps {
        survey: Rc::clone(survey),
        language: AttrValue::from(language.to_string()),
        framed,
        opening,
    };
    // Not hydratable: the widget takes the page over by replacing it, so the markup carries no
    // comments for hydration. Natively, Yew's scheduler draws at once, with nothing to wait for
    // (no suspense): a plain executor runs it on this thread.
    futures_executor::block_on(LocalServerRenderer::<FirstScreen>::with_props(props).hydratable(false).render())
}
