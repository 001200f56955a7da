//! "Read aloud" beside a question: reads the question, its hint and its options with a voice on
//! the device (`crate::speech`), in the page's language; "Stop" while it reads. Never the
//! answers: someone may be listening.

use crate::say::Say;
use crate::speech;
use yew::prelude::*;

/// The button. `texts` are what is read, in order; `describes` is the id of the question's
/// words (every question has a "Read aloud"); `reading` says this question is being read now,
/// and `on_reading` is told when its reading starts (true) or ends (false). A function, not a
/// component: the question around it is drawn again when any of these change.
pub fn read_aloud(say: &Say, texts: Vec<String>, describes: String, reading: bool, on_reading: Callback<bool>) -> Html {
    let words = say.words();
    let language = say.language.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        if reading {
            speech::stop();
            on_reading.emit(false);
            return;
        }
        // Asked again at the press: a voice that went away since is not replaced by another.
        let Some(voice) = speech::local_voice(&language) else { return };
        let ended = on_reading.clone();
        speech::read(&texts, &language, &voice, move || ended.emit(false));
        on_reading.emit(true);
    });
    let label = if reading { words.stop() } else { words.read_aloud() };
    html! {
        <button type="button" class={classes!("ss-link-button", "ss-read-aloud", reading.then_some("ss-read-aloud--reading"))}
            aria-describedby={describes} {onclick}>{ label }</button>
    }
}
