//! Yes or no: radio buttons.

use super::{Control, Answering, YesNo};
use crate::components::radios::Radios;
use yew::prelude::*;

pub fn control(kind: &YesNo, answering: &Answering) -> Control {
    Control::Grouped(html! {
        <Radios name={answering.name()} options={kind.options.clone()} chosen={answering.chosen()} on_choose={answering.on_choose()} />
    })
}
