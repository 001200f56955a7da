//! A scale: a row of radio buttons, with words beside its end points.

use super::{Control, Field, Scale};
use crate::components::radios::Radios;
use yew::prelude::*;

pub fn control(kind: &Scale, field: &Field) -> Control {
    let say = field.say;
    let label = |text: &Option<speaksafe_core::Text>| text.as_ref().map(|t| AttrValue::from(say.text(t).to_string()));
    Control::Grouped(html! {
        <Radios name={field.name()} options={kind.points.clone()} chosen={field.chosen()} on_choose={field.on_choose()}
            scale=true min_label={label(&kind.min_label)} max_label={label(&kind.max_label)} />
    })
}
