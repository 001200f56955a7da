//! A number: a text box with a number keypad on phones, after its label.

use super::{Control, Field, Number};
use crate::components::text_field::TextField;
use yew::prelude::*;

pub fn control(kind: &Number, field: &Field) -> Control {
    Control::Labelled(html! {
        <TextField name={field.name()} value={field.typed()} number={kind.integer} sensitive={field.question.sensitive}
            invalid={field.invalid} described_by={field.described_by.clone()} on_input={field.on_type()} />
    })
}
