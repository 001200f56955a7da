//! Single choice: radio buttons, and "Other" revealing a text box.

use super::{Control, Answering, SingleChoice};
use crate::components::radios::Radios;
use yew::prelude::*;

pub fn control(kind: &SingleChoice, answering: &Answering) -> Control {
    Control::Grouped(html! {
        <Radios name={answering.name()} options={kind.options.clone()} chosen={answering.chosen()} on_choose={answering.on_choose()}
            other={answering.other(kind.other.is_some())} />
    })
}
