//! A dropdown: a `<select>` after its label.

use super::{Control, Dropdown, Field};
use crate::components::dropdown::Dropdown as Select;
use yew::prelude::*;

pub fn control(kind: &Dropdown, field: &Field) -> Control {
    Control::Labelled(html! {
        <Select name={field.name()} options={kind.options.clone()} chosen={field.chosen()} invalid={field.invalid}
            described_by={field.described_by.clone()} on_choose={field.on_choose()} />
    })
}
