//! An information block: its heading and words, with no input.

use super::{Control, Answering, Info};
use crate::dom;
use yew::prelude::*;

pub fn control(kind: &Info, answering: &Answering) -> Control {
    let say = answering.say;
    Control::Alone(html! {
        <div class="ss-inset ss-info" id={dom::field(&answering.question.id)}>
            if let Some(title) = &kind.title {
                <h2 class="ss-heading-m">{ say.show(title) }</h2>
            }
            { say.paragraphs(&answering.question.text) }
        </div>
    })
}
