//! Long text: a text area after its label, with a count of characters left.

use super::{Control, Answering, LongText};
use crate::components::text_field::TextField;
use yew::prelude::*;

pub fn control(kind: &LongText, answering: &Answering) -> Control {
    Control::Labelled(html! {
        <TextField name={answering.name()} value={answering.typed()} long=true max_length={kind.max_length}
            sensitive={answering.question.sensitive} invalid={answering.invalid} described_by={answering.described_by.clone()}
            on_input={answering.on_type()} />
    })
}
