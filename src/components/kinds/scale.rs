//! A scale: a row of radio buttons, with words beside its end points.

use super::{Control, Answering, Scale};
use crate::components::radios::Radios;
use yew::prelude::*;

pub fn control(kind: &Scale, answering: &Answering) -> Control {
    let say = answering.say;
    let label = |text: &Option<speaksafe_core::Text>| text.as_ref().map(|t| AttrValue::from(say.text(t).to_string()));
    Control::Grouped(html! {
        <Radios name={answering.name()} options={kind.points.clone()} chosen={answering.chosen()} on_choose={answering.on_choose()}
            scale=true min_label={label(&kind.min_label)} max_label={label(&kind.max_label)} />
    })
}
