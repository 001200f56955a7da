//! Reading aloud with the browser's speech synthesis, on the device only.
//!
//! Only a voice the browser reports as local (`localService`) is ever used, and it is always set
//! on the utterance: left to itself the browser may pick a network voice, which sends the words
//! to a third party and tells it that someone here is answering this survey. Where there is no
//! local voice for the page's language, there is nothing to read aloud with.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

thread_local! {
    /// Which reading is the current one: a reading's end is reported only while it is (one
    /// stopped or replaced ends too, and must not touch the new one).
    static READING: Cell<u32> = const { Cell::new(0) };
}

/// What to do once a reading has ended.
type OnEnd = Box<dyn FnOnce()>;

/// The browser's speech synthesis, where it has one.
pub fn synthesis() -> Option<SpeechSynthesis> {
    let window = web_sys::window()?;
    // A browser without it has no `speechSynthesis`: asked for directly, web-sys would throw.
    let present = js_sys::Reflect::has(&window, &"speechSynthesis".into()).unwrap_or(false);
    present.then(|| window.speech_synthesis().ok()).flatten()
}

/// The best voice on the device for `language` (a code such as `en` or `pt-BR`): one for
/// exactly that language if there is one, else one for the same language anywhere; the
/// browser's default among equals. Never a network voice.
pub fn local_voice(language: &str) -> Option<SpeechSynthesisVoice> {
    let voices = synthesis()?.get_voices();
    let wanted = language.to_ascii_lowercase();
    let primary = wanted.split('-').next().unwrap_or("").to_string();
    voices
        .iter()
        // Not dyn_into: a voice is checked by what it says, not by its class.
        .map(JsValue::unchecked_into::<SpeechSynthesisVoice>)
        .filter(|voice| voice.local_service())
        .filter_map(|voice| {
            // Some systems write `en_GB`.
            let lang = voice.lang().replace('_', "-").to_ascii_lowercase();
            let exact = lang == wanted;
            (exact || lang.split('-').next() == Some(primary.as_str())).then_some((exact, voice))
        })
        .max_by_key(|(exact, voice)| (*exact, voice.default()))
        .map(|(_, voice)| voice)
}

/// Reads `texts` one after another in `language` with `voice`, after stopping anything being
/// read; `on_end` is called once the last has been read (not if it was stopped first).
pub fn read(texts: &[String], language: &str, voice: &SpeechSynthesisVoice, on_end: impl FnOnce() + 'static) {
    let Some(synthesis) = synthesis() else { return };
    stop();
    let reading = READING.with(|r| r.get());
    let texts: Vec<&String> = texts.iter().filter(|t| !t.trim().is_empty()).collect();
    let last = texts.len().saturating_sub(1);
    // Called by the last utterance's end, or its error (a voice that fails): once.
    let on_end: Rc<Cell<Option<OnEnd>>> = Rc::new(Cell::new(Some(Box::new(on_end))));
    for (i, text) in texts.into_iter().enumerate() {
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else { return };
        utterance.set_lang(language);
        utterance.set_voice(Some(voice));
        if i == last {
            let on_end = Rc::clone(&on_end);
            let ended = Closure::<dyn Fn()>::new(move || {
                if READING.with(|r| r.get()) == reading {
                    if let Some(on_end) = on_end.take() {
                        on_end();
                    }
                }
            });
            utterance.set_onend(Some(ended.as_ref().unchecked_ref()));
            utterance.set_onerror(Some(ended.as_ref().unchecked_ref()));
            // Kept as long as the page: one small closure for each question read.
            ended.forget();
        }
        synthesis.speak(&utterance);
    }
}

/// Stops at once whatever is being read, and whatever was waiting to be.
pub fn stop() {
    READING.with(|r| r.set(r.get().wrapping_add(1)));
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
    }
}
