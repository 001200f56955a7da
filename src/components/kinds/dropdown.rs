//! A dropdown: a `<select>` after its label, and "Other" revealing a text box after it.

use super::{Control, Dropdown, Answering};
use crate::components::dropdown::Dropdown as Select;
use yew::prelude::*;

pub fn control(kind: &Dropdown, answering: &Answering) -> Control {
    Control::Labelled(html! {
        <Select name={answering.name()} options={kind.options.clone()} chosen={answering.chosen()} invalid={answering.invalid}
            described_by={answering.described_by.clone()} on_choose={answering.on_choose()}
            other={answering.other(kind.other.is_some())} />
    })
}
