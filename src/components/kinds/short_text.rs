//! Short text: a text box after its label.

use super::{Control, Answering, ShortText};
use crate::components::text_field::TextField;
use yew::prelude::*;

pub fn control(kind: &ShortText, answering: &Answering) -> Control {
    Control::Labelled(html! {
        <TextField name={answering.name()} value={answering.typed()} max_length={kind.max_length} sensitive={answering.question.sensitive}
            invalid={answering.invalid} described_by={answering.described_by.clone()} on_input={answering.on_type()} />
    })
}
