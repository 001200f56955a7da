//! The widget's own small wasm modules, fetched after the first load and only when needed: the
//! seal module (`seal.wasm`, at Check your answers) and the token module (`token.wasm`, on the
//! intro of a survey with access codes). Each is fetched once, with the SHA-384 the page's boot.js
//! names (written in by the build), so the browser refuses one that is not the published one;
//! compiled; and run in a fresh instance for each use (its memory goes when the instance does).
//! Neither uses wasm-bindgen: they take no imports, and talk through a buffer in their memory
//! (`input(len)` gives where to write, `output()` and `output_len()` where to read).

use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A module: its address beside the page, the global boot.js sets to its hash, and its place
/// among the modules (below [`MODULES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub file: &'static str,
    pub integrity: &'static str,
    pub slot: usize,
}

/// How many modules there are: the seal module and the token module.
pub const MODULES: usize = 2;

/// Why a module cannot be run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// It could not be fetched yet (the connection dropped): the next try fetches it again.
    Unavailable,
    /// The module served is not the one this page names (its hash differs): it was not run.
    NotPublished,
}

thread_local! {
    /// Each module being fetched and compiled, or compiled: a promise of a `WebAssembly.Module`.
    /// Slots rather than a map by name: a map's code would be in every respondent's first load.
    static PROMISES: RefCell<[Option<js_sys::Promise>; MODULES]> = const { RefCell::new([None, None]) };
}

/// What the module promise holds when the module served was refused for its hash.
const NOT_PUBLISHED: &str = "not published";

/// Starts fetching and compiling `side`, unless that has started already.
pub fn fetch_early(side: Side) {
    let _ = promise(side);
}

/// A promise of the compiled module, or of `undefined` when it could not be fetched (resolved,
/// not rejected: nobody may be waiting for it yet, and a rejection nobody handles is a page error).
fn promise(side: Side) -> js_sys::Promise {
    PROMISES.with_borrow_mut(|promises| {
        promises[side.slot % MODULES]
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async move {
                    Ok(fetch_and_compile(side).await.unwrap_or(JsValue::UNDEFINED))
                })
            })
            .clone()
    })
}

async fn fetch_and_compile(side: Side) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let integrity = Reflect::get(&js_sys::global(), &side.integrity.into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|v| !v.is_empty());
    let init = web_sys::RequestInit::new();
    if let Some(integrity) = &integrity {
        init.set_integrity(integrity);
    }
    let response: web_sys::Response = match JsFuture::from(window.fetch_with_str_and_init(side.file, &init)).await {
        Ok(response) => response.dyn_into()?,
        Err(error) => {
            // A module refused for its hash and a dropped connection are the same error to a
            // script. Asked again without the hash (nothing fetched so is run), a module that
            // arrives is one the browser refused: not the published one.
            if integrity.is_some() {
                let again = JsFuture::from(window.fetch_with_str(side.file)).await;
                if again.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()).is_some_and(|r| r.ok()) {
                    return Ok(JsValue::from_str(NOT_PUBLISHED));
                }
            }
            return Err(error);
        }
    };
    if !response.ok() {
        return Err(JsValue::from(response.status()));
    }
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    JsFuture::from(WebAssembly::compile(&bytes)).await
}

/// The compiled module, fetching it first if needed.
pub async fn compiled(side: Side) -> Result<WebAssembly::Module, Missing> {
    match JsFuture::from(promise(side)).await.map(JsCast::dyn_into::<WebAssembly::Module>) {
        Ok(Ok(module)) => Ok(module),
        Ok(Err(value)) if value.as_string().as_deref() == Some(NOT_PUBLISHED) => Err(Missing::NotPublished),
        _ => {
            PROMISES.with_borrow_mut(|promises| promises[side.slot % MODULES] = None); // fetch it again next time
            Err(Missing::Unavailable)
        }
    }
}

/// One fresh instance of a module.
pub struct Instance {
    exports: Object,
}

impl Instance {
    pub fn new(module: &WebAssembly::Module) -> Result<Instance, JsValue> {
        Ok(Instance { exports: WebAssembly::Instance::new(module, &Object::new())?.exports() })
    }

    /// Calls an export that takes no argument and returns a number (a status).
    pub fn call(&self, name: &str) -> Result<u32, JsValue> {
        Ok(number(self.export(name)?.call0(&JsValue::NULL)?))
    }

    /// Writes `input` where the module's `input(len)` says.
    pub fn input(&self, input: &[u8]) -> Result<(), JsValue> {
        let at = number(self.export("input")?.call1(&JsValue::NULL, &(input.len() as u32).into())?);
        self.memory()?.subarray(at, at + input.len() as u32).copy_from(input);
        Ok(())
    }

    /// The module's output, as text.
    pub fn output(&self) -> Result<String, JsValue> {
        let at = self.call("output")?;
        let length = self.call("output_len")?;
        Ok(String::from_utf8_lossy(&self.memory()?.subarray(at, at + length).to_vec()).into_owned())
    }

    fn export(&self, name: &str) -> Result<Function, JsValue> {
        Reflect::get(&self.exports, &name.into())?.dyn_into()
    }

    /// The memory's buffer, taken after each call that may grow it.
    fn memory(&self) -> Result<Uint8Array, JsValue> {
        let memory: WebAssembly::Memory = Reflect::get(&self.exports, &"memory".into())?.dyn_into()?;
        Ok(Uint8Array::new(&memory.buffer()))
    }
}

fn number(value: JsValue) -> u32 {
    value.as_f64().unwrap_or(0.0) as u32
}
