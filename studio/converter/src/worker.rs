//! The worker's end of the messages with the studio (`converter-worker.js` passes each message to
//! [`receive`] and posts back what it returns, moving any bytes). A message is an object with
//! `request` (the request as JSON text, [`crate::message`]) and, for a file, `bytes` (a
//! `Uint8Array`); the answer is an object with `answer` (JSON text) and, for a file made, `bytes`.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// One message from the studio → the answer to post back.
#[wasm_bindgen]
pub fn receive(message: JsValue) -> JsValue {
    let request = field(&message, "request").as_string().unwrap_or_default();
    let bytes = field(&message, "bytes").dyn_into::<Uint8Array>().map(|b| b.to_vec()).unwrap_or_default();
    let (answer, made) = crate::message::answer(&request, &bytes);
    let object = Object::new();
    let _ = Reflect::set(&object, &"answer".into(), &answer.to_string().into());
    if let Some(made) = made {
        let _ = Reflect::set(&object, &"bytes".into(), &Uint8Array::from(made.as_slice()).into());
    }
    object.into()
}

fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &name.into()).unwrap_or(JsValue::UNDEFINED)
}
