//! "Easy read": switches every text on the page to its easy-read version and back, in place.
//! Shown when the survey has easy-read texts in the respondent's language.

use speaksafe_core::ui::Words;
use yew::prelude::*;

/// The switch: a toggle button, whose state is read out with its name ("Easy read, toggle
/// button, pressed"). A function, not a component: it has no state, and the widget's download
/// grows with each component.
pub fn easy_read_switch(words: &Words, on: bool, on_toggle: &Callback<()>) -> Html {
    html! {
        <div class="ss-reading">
            <button type="button" class="ss-link-button ss-reading__easy" aria-pressed={on.to_string()}
                onclick={on_toggle.reform(|_: MouseEvent| ())}>{ words.easy_read() }</button>
        </div>
    }
}
