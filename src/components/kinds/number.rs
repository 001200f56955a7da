//! A number: a text box with a number keypad on phones, after its label.

use super::{Control, Answering, Number};
use crate::components::text_field::TextField;
use yew::prelude::*;

pub fn control(kind: &Number, answering: &Answering) -> Control {
    Control::Labelled(html! {
        <TextField name={answering.name()} value={answering.typed()} number={kind.integer} sensitive={answering.question.sensitive}
            invalid={answering.invalid} described_by={answering.described_by.clone()} on_input={answering.on_type()} />
    })
}
