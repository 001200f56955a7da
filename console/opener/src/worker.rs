//! The worker's end of the messages with the console page (`opener-worker.js` passes each message
//! to [`receive`] and posts back what it returns, transferring any bytes). Every message is an
//! object with a `kind`:
//!
//! | the page sends | the worker answers |
//! | --- | --- |
//! | `start`: `definition` (the survey's JSON), `keys` (the chosen `File`s) | `ready`: `questions` (what a breakdown can be by: `[id, text]`), or `refused`: `message` |
//! | `sealed`: `batch` (`[day, envelope]`, in order) | `opened`: `opened`, `failed` (so far) |
//! | `summarise`: `min_cell`, `by` (ids), `include_text` | `summary`: `report` (HTML), `release`, `opened`, `failed`, `failure` and `key_use` (what the command line says on stderr, or null), or `refused`: `message` |
//! | `file`: `format` (`csv`, `xlsx` or `report`) | `file`: `format`, `bytes`, `warnings`, `release` (null for the CSV), or `refused`: `message` |
//!
//! A `release` is the JSON of the tables' [`Release`] in the ledger, made as the command line
//! makes it (the same digest for the same tables): the page has the collector check and record
//! it before it shows the summary or saves the file.
//!
//! The key files are read here, with `FileReaderSync`: their bytes are never in the page. The
//! page ends the worker to drop everything (keys, envelopes, answers) at once.

use crate::opening::{Choices, Opening, MAX_KEY_FILE};
use js_sys::{Array, Object, Reflect, Uint8Array};
use speaksafe_results::ledger::Release;
use speaksafe_results::summary::Summary;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static OPENING: RefCell<Option<Opening>> = const { RefCell::new(None) };
    /// The choices of the summary last shown: the downloads follow them.
    static CHOICES: RefCell<Choices> = RefCell::new(Choices::default());
}

/// One message from the page → the answer to post back.
#[wasm_bindgen]
pub fn receive(message: JsValue) -> JsValue {
    let kind = field(&message, "kind").as_string().unwrap_or_default();
    let answer = match kind.as_str() {
        "start" => start(&message),
        "sealed" => sealed(&message),
        "summarise" => summarise(&message),
        "file" => file(&message),
        other => Err(format!("the results worker was sent \"{other}\", which it does not know")),
    };
    answer.unwrap_or_else(|message| reply("refused", &[("message", message.into())]))
}

fn start(message: &JsValue) -> Result<JsValue, String> {
    OPENING.with_borrow_mut(|opening| *opening = None);
    let definition = field(message, "definition").as_string().ok_or("no survey definition was given")?;
    let files = Array::from(&field(message, "keys"));
    let mut keys = Vec::with_capacity(files.length() as usize);
    for file in files.iter() {
        let file: web_sys::File = file.dyn_into().map_err(|_| "a key was not given as a file".to_string())?;
        keys.push((file.name(), read_key_file(&file)?));
    }
    let opening = Opening::start(&definition, &keys)?;
    // The texts read are dropped here; the keys are in the opening only.
    drop(keys);
    let questions: Array =
        opening.breakdown_questions().into_iter().map(|(id, text)| Array::of2(&id.into(), &text.into())).collect();
    OPENING.with_borrow_mut(|slot| *slot = Some(opening));
    CHOICES.with_borrow_mut(|choices| *choices = Choices::default());
    Ok(reply("ready", &[("questions", questions.into())]))
}

fn read_key_file(file: &web_sys::File) -> Result<String, String> {
    let name = file.name();
    if file.size() > MAX_KEY_FILE {
        return Err(format!(
            "{name} is {} bytes: a key file made by speaksafe keygen is one line of 43 characters. Choose NAME.key.",
            file.size()
        ));
    }
    let reader = web_sys::FileReaderSync::new().map_err(|_| format!("{name} could not be read"))?;
    reader.read_as_text(file).map_err(|_| format!("{name} could not be read (was it moved or deleted?)"))
}

fn sealed(message: &JsValue) -> Result<JsValue, String> {
    let batch = Array::from(&field(message, "batch"));
    let sealed: Vec<(String, String)> = batch
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default())
        })
        .collect();
    with_opening(|opening| {
        opening.add(&sealed);
        Ok(reply("opened", &[("opened", opening.opened().into()), ("failed", opening.failed().into())]))
    })
}

fn summarise(message: &JsValue) -> Result<JsValue, String> {
    let choices = Choices {
        min_cell: field(message, "min_cell").as_f64().map_or(10, |n| n.max(0.0) as usize),
        by: Array::from(&field(message, "by")).iter().filter_map(|id| id.as_string()).collect(),
        include_text: field(message, "include_text").as_bool().unwrap_or(false),
    };
    with_opening(|opening| {
        let summary = opening.summary(&choices)?;
        let (report, release) = (Opening::report(summary), release(summary, "summary"));
        CHOICES.with_borrow_mut(|chosen| *chosen = choices);
        let text = |value: Option<String>| value.map_or(JsValue::NULL, JsValue::from);
        Ok(reply(
            "summary",
            &[
                ("report", report.into()),
                ("release", release),
                ("opened", opening.opened().into()),
                ("failed", opening.failed().into()),
                ("failure", text(opening.failure_report())),
                ("key_use", text(opening.key_use())),
            ],
        ))
    })
}

fn file(message: &JsValue) -> Result<JsValue, String> {
    let format = field(message, "format").as_string().unwrap_or_default();
    let choices = CHOICES.with_borrow(Clone::clone);
    with_opening(|opening| {
        let (bytes, warnings, release) = match format.as_str() {
            "csv" => {
                let (bytes, warnings) = opening.csv();
                (bytes, warnings, JsValue::NULL)
            }
            "xlsx" => {
                let (bytes, summary) = opening.xlsx(&choices)?;
                (bytes, Vec::new(), release(summary, "xlsx"))
            }
            "report" => {
                let summary = opening.summary(&choices)?;
                (Opening::report(summary).into_bytes(), Vec::new(), release(summary, "summary"))
            }
            other => return Err(format!("there is no download \"{other}\"")),
        };
        let warnings: Array = warnings.into_iter().map(JsValue::from).collect();
        let bytes = Uint8Array::from(bytes.as_slice());
        Ok(reply(
            "file",
            &[
                ("format", format.as_str().into()),
                ("bytes", bytes.into()),
                ("warnings", warnings.into()),
                ("release", release),
            ],
        ))
    })
}

/// The release of what `summary` publishes, as JSON text.
fn release(summary: &Summary, kind: &str) -> JsValue {
    Release::of(summary, kind).to_json().to_string().into()
}

fn with_opening(work: impl FnOnce(&mut Opening) -> Result<JsValue, String>) -> Result<JsValue, String> {
    OPENING.with_borrow_mut(|opening| match opening.as_mut() {
        Some(opening) => work(opening),
        None => Err("no key file has been read yet".into()),
    })
}

fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn reply(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"kind".into(), &kind.into());
    for (name, value) in fields {
        let _ = Reflect::set(&object, &(*name).into(), value);
    }
    object.into()
}
