//! Yes or no: radio buttons.

use super::{Control, Field, YesNo};
use crate::components::radios::Radios;
use yew::prelude::*;

pub fn control(kind: &YesNo, field: &Field) -> Control {
    Control::Grouped(html! {
        <Radios name={field.name()} options={kind.options.clone()} chosen={field.chosen()} on_choose={field.on_choose()} />
    })
}
