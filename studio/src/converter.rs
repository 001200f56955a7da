//! The converter: core's importers (SurveyJS JSON, XLSForm and the rest) and the translators'
//! spreadsheets, written and read. They are a wasm of their own (`studio/converter`) in a Web
//! Worker (`converter-worker.js`, beside the studio's page), started the first time a file is
//! brought in or a spreadsheet made or read, and kept for the next: the studio's first load does
//! not carry them. The worker and its wasm come from the site that served the studio (the wasm
//! checked by its hash), and the requests for them carry nothing; the organiser's files and
//! drafts go to the worker, in this browser, and nowhere else.
//!
//! The messages are JSON text beside a file's bytes (`studio/converter/src/message.rs` says
//! which); the worker answers them one at a time, in order.

use gloo_events::EventListener;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde_json::{json, Value};
use speaksafe_core::import_report::Note;
use speaksafe_core::translations::Row;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The worker's script, beside the studio's page.
const WORKER: &str = "converter-worker.js";

/// A survey brought in from another format: the draft, and what was dropped or rewritten.
pub async fn bring_in(name: &str, bytes: &[u8]) -> Result<(Value, Vec<Note>), String> {
    let (answer, _) = ask(json!({ "kind": "open", "name": name }), Some(bytes)).await?;
    let report = answer.get("report").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let draft = answer.get("draft").cloned().unwrap_or_default();
    Ok((draft, report.iter().filter_map(Note::from_json).collect()))
}

/// The spreadsheet (.xlsx) for a translator into `language`.
pub async fn spreadsheet(draft: &Value, language: &str) -> Result<Vec<u8>, String> {
    let request = json!({ "kind": "spreadsheet", "draft": draft, "language": language });
    let (_, bytes) = ask(request, None).await?;
    bytes.ok_or_else(|| "the spreadsheet came back empty".to_string())
}

/// The rows of a translator's spreadsheet (.xlsx or .csv).
pub async fn rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let (answer, _) = ask(json!({ "kind": "rows" }), Some(bytes)).await?;
    let rows = answer.get("rows").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    Ok(rows.iter().map(Row::from_json).collect())
}

/// The worker, once started.
struct Converter {
    worker: web_sys::Worker,
    /// Who waits for each answer, in the order asked: the worker answers in that order.
    waiting: Rc<RefCell<VecDeque<Function>>>,
    _listeners: [EventListener; 2],
}

impl Drop for Converter {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

thread_local! {
    static CONVERTER: RefCell<Option<Rc<Converter>>> = const { RefCell::new(None) };
}

/// An answer the studio makes itself: the worker is gone.
fn stopped(message: &str) -> JsValue {
    let object = Object::new();
    let answer = json!({ "kind": "stopped", "message": message }).to_string();
    let _ = Reflect::set(&object, &"answer".into(), &answer.into());
    object.into()
}

/// Ends the worker and forgets it, and answers whoever still waits with `message`.
fn forget(message: &str) {
    let Some(converter) = CONVERTER.with_borrow_mut(Option::take) else { return };
    let waiting: Vec<Function> = converter.waiting.borrow_mut().drain(..).collect();
    for resolve in waiting {
        let _ = resolve.call1(&JsValue::NULL, &stopped(message));
    }
    converter.worker.terminate();
    // Dropped later, not here: this may be running inside one of its own listeners.
    wasm_bindgen_futures::spawn_local(async move { drop(converter) });
}

/// The worker, started if it is not running.
fn converter() -> Result<Rc<Converter>, String> {
    if let Some(converter) = CONVERTER.with_borrow(Clone::clone) {
        return Ok(converter);
    }
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker =
        web_sys::Worker::new_with_options(WORKER, &options).map_err(|_| not_loaded("it could not be started"))?;
    let waiting: Rc<RefCell<VecDeque<Function>>> = Rc::default();
    let on_message = {
        let waiting = Rc::clone(&waiting);
        EventListener::new(&worker, "message", move |event| {
            let Some(data) = event.dyn_ref::<web_sys::MessageEvent>().map(web_sys::MessageEvent::data) else { return };
            let resolve = waiting.borrow_mut().pop_front();
            if let Some(resolve) = resolve {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        })
    };
    // The script could not be fetched or run: nothing it was asked will be answered.
    let on_error = EventListener::new(&worker, "error", move |_| forget("it could not be loaded"));
    let converter = Rc::new(Converter { worker, waiting, _listeners: [on_message, on_error] });
    CONVERTER.with_borrow_mut(|slot| *slot = Some(Rc::clone(&converter)));
    Ok(converter)
}

fn not_loaded(why: &str) -> String {
    format!(
        "The part of the studio that reads and writes files is not working here ({why}). Check the connection to \
         the site the studio came from, and try again."
    )
}

/// Sends a request (and a file's bytes) to the worker; its answer, and the bytes of a file it
/// made. A refusal is its words; a worker that could not load or stopped is ended, and the next
/// request starts another.
async fn ask(request: Value, bytes: Option<&[u8]>) -> Result<(Value, Option<Vec<u8>>), String> {
    let converter = converter()?;
    let message = Object::new();
    let _ = Reflect::set(&message, &"request".into(), &request.to_string().into());
    let transfer = Array::new();
    if let Some(bytes) = bytes {
        let bytes = Uint8Array::from(bytes);
        transfer.push(&bytes.buffer());
        let _ = Reflect::set(&message, &"bytes".into(), &bytes);
    }
    let answer = Promise::new(&mut |resolve, _| converter.waiting.borrow_mut().push_back(resolve));
    if converter.worker.post_message_with_transfer(&message, &transfer).is_err() {
        converter.waiting.borrow_mut().pop_back();
        return Err(not_loaded("it could not be given the file"));
    }
    drop(converter);
    let data = JsFuture::from(answer).await.map_err(|_| not_loaded("it did not answer"))?;
    let text = Reflect::get(&data, &"answer".into()).ok().and_then(|a| a.as_string()).unwrap_or_default();
    let answer: Value = serde_json::from_str(&text).map_err(|_| not_loaded("its answer could not be read"))?;
    let said = || answer.get("message").and_then(Value::as_str).unwrap_or_default().to_string();
    match answer.get("kind").and_then(Value::as_str) {
        Some("refused") => Err(said()),
        Some("stopped") => {
            forget("it stopped");
            Err(not_loaded(&said()))
        }
        _ => {
            let bytes = Reflect::get(&data, &"bytes".into()).ok().and_then(|b| b.dyn_into::<Uint8Array>().ok());
            Ok((answer, bytes.map(|b| b.to_vec())))
        }
    }
}
