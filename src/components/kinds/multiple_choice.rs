//! Multiple choice: checkboxes, exclusive options after "or", and "Other" revealing a text box.

use super::{Control, Field, MultipleChoice};
use crate::components::checkboxes::Checkboxes;
use speaksafe_core::Input;
use yew::prelude::*;

pub fn control(kind: &MultipleChoice, field: &Field) -> Control {
    let on_tick = field.on_input.reform(|(value, on): (String, bool)| Input::Tick { value, on });
    let on_other = field.on_input.reform(Input::Other);
    Control::Grouped(html! {
        <Checkboxes name={field.name()} options={kind.options.clone()} answer={field.answer.cloned()}
            sensitive={field.question.sensitive} {on_tick} {on_other} />
    })
}
