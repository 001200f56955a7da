//! The first screen the collector sends with the page, drawn by the widget's own components
//! natively (`crate::render`): the respondent reads the survey, and can leave it, before the wasm
//! has arrived (on a slow phone, seconds later) and with JavaScript off. The widget draws its own
//! screen beside it, hidden, and then takes the page over (`dom::take_over_first_screen`): the
//! same components draw the same markup, so nothing flashes or moves.

use super::intro::Intro;
use super::layout::{Around, Layout};
use crate::dom::{self, Ids};
use crate::say::Say;
use speaksafe_core::Survey;
use std::rc::Rc;
use yew::prelude::*;

/// Which screen the page opens on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// The survey's intro; the widget follows and takes it over.
    Intro,
}

impl Opening {
    /// Whether the widget follows this screen (the page then loads it, and has a place for it).
    pub fn widget_follows(self) -> bool {
        match self {
            Opening::Intro => true,
        }
    }
}

#[derive(Properties)]
pub struct FirstScreenProps {
    pub survey: Rc<Survey>,
    /// The language's code: one of the survey's.
    pub language: AttrValue,
    /// In a partner's frame (`embed=1`).
    pub framed: bool,
    pub opening: Opening,
}

impl PartialEq for FirstScreenProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.survey, &other.survey)
            && (&self.language, self.framed, self.opening) == (&other.language, other.framed, other.opening)
    }
}

#[function_component]
pub fn FirstScreen(props: &FirstScreenProps) -> Html {
    let say =
        Say { survey: Rc::clone(&props.survey), language: props.language.clone(), easy: false, read_aloud: false };
    let could_not_start = say.words().could_not_start().to_string();
    let screen = match props.opening {
        Opening::Intro => html! {
            <>
                <Intro on_start={None} ids={Ids::FIRST_SCREEN} />
                // Shown by boot.js when the widget cannot start, and with JavaScript off.
                <p class="ss-body" id={dom::FIRST_FAILED} role="alert" hidden=true>{ could_not_start.clone() }</p>
                <noscript><p class="ss-body">{ could_not_start }</p></noscript>
            </>
        },
    };
    html! {
        <>
            <div id={dom::FIRST_SCREEN}>
                <ContextProvider<Say> context={say}>
                    <Layout around={Around::FirstScreen { framed: props.framed }}>{ screen }</Layout>
                </ContextProvider<Say>>
            </div>
            if props.opening.widget_follows() {
                <div id={dom::ROOT} data-survey={props.survey.id.clone()} hidden=true></div>
            }
        </>
    }
}
