//! The always-visible "Leave this site" button (sticky, first after the skip link).

use crate::dom;
use crate::quick_exit;
use crate::say::Say;
use speaksafe_core::read::MAX_EXIT_LABEL_CHARS;
use yew::prelude::*;

/// How the exit leaves.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Leaving {
    /// The quick exit (src/quick_exit.rs): the widget's button.
    #[default]
    Quickly,
    /// Not at all, in the studio's preview: the button says this instead of the hint.
    Disarmed(AttrValue),
    /// The first screen's link to the survey's exit address, sent before the widget has started.
    /// It leaves as a link with JavaScript off; meanwhile `exit.js` arms it (and Escape and
    /// Shift ×3, as `escape` and `shift` say) to leave without a history entry. In a partner's
    /// frame (`framed`), a click takes the whole tab, which the frame's sandbox allows.
    Link { url: AttrValue, framed: bool, escape: bool, shift: bool },
}

#[derive(Properties, PartialEq)]
pub struct ExitButtonProps {
    pub label: AttrValue,
    /// "or press Esc", when the Escape key is on.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub leaving: Leaving,
}

#[function_component]
pub fn ExitButton(props: &ExitButtonProps) -> Html {
    // One span, centred in the exit alike whether it is a link or a button (styles/main.css).
    let label = html! {
        <span>
            { props.label.clone() }
            if let Leaving::Disarmed(note) = &props.leaving {
                <span class="ss-exit__hint">{ " " }{ note.clone() }</span>
            } else if let Some(hint) = props.hint.clone() {
                // Shown only where a keyboard is likely (styles/main.css): "or press Esc" means
                // nothing on a phone.
                <span class="ss-exit__hint ss-exit__key">{ " " }{ hint }</span>
            }
        </span>
    };
    match &props.leaving {
        Leaving::Link { url, framed, escape, shift } => html! {
            // exit.js reads where and how to leave from the link itself.
            <a class="ss-exit" id={dom::FIRST_EXIT} href={url.clone()} rel="noreferrer"
                target={framed.then_some("_top")} data-escape={escape.to_string()} data-shift={shift.to_string()}
                data-label={props.label.clone()}>{ label }</a>
        },
        leaving => {
            let armed = *leaving == Leaving::Quickly;
            let onclick = Callback::from(move |_: MouseEvent| {
                if armed {
                    quick_exit::leave_by_click();
                }
            });
            html! { <button type="button" class="ss-exit" id={dom::EXIT} {onclick}>{ label }</button> }
        }
    }
}

/// The exit's label in the respondent's language: the survey's own, or "Leave this site". `check`
/// refuses a longer label; the cap here holds even for a definition that was not checked, so
/// that the button can never cover the page it is there to leave.
pub fn exit_label(say: &Say) -> String {
    let words = say.words();
    say.survey.exit.button.as_ref().map_or(words.leave(), |t| say.text(t)).chars().take(MAX_EXIT_LABEL_CHARS).collect()
}
