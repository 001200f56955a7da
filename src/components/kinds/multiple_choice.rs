//! Multiple choice: checkboxes, exclusive options after "or", and "Other" revealing a text box.

use super::{Control, Answering, MultipleChoice};
use crate::components::checkboxes::Checkboxes;
use speaksafe_core::Input;
use yew::prelude::*;

pub fn control(kind: &MultipleChoice, answering: &Answering) -> Control {
    let on_tick = answering.on_input.reform(|(value, on): (String, bool)| Input::Tick { value, on });
    let on_other = answering.on_other();
    Control::Grouped(html! {
        <Checkboxes name={answering.name()} options={kind.options.clone()} answer={answering.answer.cloned()}
            sensitive={answering.question.sensitive} {on_tick} {on_other} />
    })
}
