//! Short text: a text box after its label.

use super::{Control, Field, ShortText};
use crate::components::text_field::TextField;
use yew::prelude::*;

pub fn control(kind: &ShortText, field: &Field) -> Control {
    Control::Labelled(html! {
        <TextField name={field.name()} value={field.typed()} max_length={kind.max_length} sensitive={field.question.sensitive}
            invalid={field.invalid} described_by={field.described_by.clone()} on_input={field.on_type()} />
    })
}
