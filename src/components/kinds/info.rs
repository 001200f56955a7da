//! An information block: its heading and words, with no input.

use super::{Control, Field, Info};
use crate::dom;
use yew::prelude::*;

pub fn control(kind: &Info, field: &Field) -> Control {
    let say = field.say;
    Control::Alone(html! {
        <div class="ss-inset ss-info" id={dom::field(&field.question.id)}>
            if let Some(title) = &kind.title {
                <h2 class="ss-heading-m">{ say.show(title) }</h2>
            }
            { say.paragraphs(&field.question.text) }
        </div>
    })
}
