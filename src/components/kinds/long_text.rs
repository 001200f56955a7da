//! Long text: a text area after its label, with a count of characters left.

use super::{Control, Field, LongText};
use crate::components::text_field::TextField;
use yew::prelude::*;

pub fn control(kind: &LongText, field: &Field) -> Control {
    Control::Labelled(html! {
        <TextField name={field.name()} value={field.typed()} long=true max_length={kind.max_length}
            sensitive={field.question.sensitive} invalid={field.invalid} described_by={field.described_by.clone()}
            on_input={field.on_type()} />
    })
}
