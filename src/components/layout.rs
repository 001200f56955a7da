//! What is around every screen of a survey: the skip link, "Leave this site", the languages, the
//! screen itself as the page's main content, and the help lines. The widget draws it, and so does
//! the collector for the first screen it sends before the widget has started (Yew's server-side
//! rendering, `crate::render`): one markup for both, so that nothing moves when the widget takes
//! the page over.

use super::exit_button::{exit_label, ExitButton, Leaving};
use super::language_switcher::{Choosing, LanguageSwitcher};
use super::support::Support;
use crate::dom::{self, Ids};
use crate::say::use_say;
use yew::prelude::*;

/// Who acts on what the respondent does around the screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Around {
    /// The widget: its quick exit (or none, in the studio's preview), a language chosen in place.
    Widget { leaving: Leaving, on_language: Callback<String> },
    /// Nobody yet: the first screen the collector sends (all there is with JavaScript off). The
    /// exit and the languages are links; `framed` in a partner's frame.
    FirstScreen { framed: bool },
}

impl Around {
    pub fn ids(&self) -> Ids {
        match self {
            Around::Widget { .. } => Ids::WIDGET,
            Around::FirstScreen { .. } => Ids::FIRST_SCREEN,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub around: Around,
    /// The help lines after the screen (the completion page has them in a place of its own).
    #[prop_or(true)]
    pub support: bool,
    /// What the respondent may switch before the screen (easy read): the widget's alone, since
    /// switching needs it running.
    #[prop_or_default]
    pub switches: Html,
    /// The screen.
    pub children: Html,
}

#[function_component]
pub fn Layout(props: &LayoutProps) -> Html {
    let say = use_say();
    let words = say.words();
    let survey = &say.survey;
    let ids = props.around.ids();
    let (leaving, choosing) = match &props.around {
        Around::Widget { leaving, on_language } => (leaving.clone(), Choosing::InPlace(on_language.clone())),
        Around::FirstScreen { framed } => (
            Leaving::Link {
                url: AttrValue::from(survey.exit.url.clone()),
                framed: *framed,
                escape: survey.exit.escape,
                shift: survey.exit.shift_three_times,
            },
            Choosing::Links { framed: *framed },
        ),
    };
    let hint = survey.exit.escape.then(|| AttrValue::from(words.leave_hint().to_string()));
    let skip = Callback::from(move |event: MouseEvent| {
        // Move focus without changing the address: a "#main" would add a history entry.
        event.prevent_default();
        dom::focus(ids.main);
    });
    let language =
        survey.languages.iter().find(|l| l.code == say.language.as_str()).unwrap_or(survey.default_language());
    html! {
        <div class="ss-page" lang={language.code.clone()} dir={language.direction.attribute()}>
            <a class="ss-skip-link" href={format!("#{}", ids.main)} onclick={skip}>{ words.skip_to_content() }</a>
            <ExitButton label={exit_label(&say)} {hint} {leaving} />
            if survey.languages.len() > 1 {
                <LanguageSwitcher {choosing} />
            }
            { props.switches.clone() }
            <main class="ss-main" id={ids.main} tabindex="-1">
                { props.children.clone() }
            </main>
            if props.support {
                <Support title_id={ids.support_title} />
            }
        </div>
    }
}
