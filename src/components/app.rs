//! The root: loads the survey named by the page, then shows it, or says clearly why it cannot.

use super::exit_button::ExitButton;
use super::load_error::LoadError;
use super::survey::SurveyView;
use crate::dom;
use crate::load::{load_survey, requested_survey};
use speaksafe_core::ui::Words;
use speaksafe_core::Survey;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone)]
enum Loading {
    Waiting,
    Failed(Rc<Vec<String>>),
    Ready(Rc<Survey>),
}

impl PartialEq for Loading {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Loading::Waiting, Loading::Waiting) => true,
            (Loading::Failed(a), Loading::Failed(b)) => Rc::ptr_eq(a, b),
            (Loading::Ready(a), Loading::Ready(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

#[function_component]
pub fn App() -> Html {
    let loading = use_state(|| Loading::Waiting);
    {
        let loading = loading.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let result = match requested_survey() {
                    Ok(id) => load_survey(&id).await,
                    Err(problem) => Err(vec![problem]),
                };
                loading.set(match result {
                    Ok(checked) => Loading::Ready(Rc::new(checked.survey)),
                    Err(problems) => Loading::Failed(Rc::new(problems)),
                });
            });
        });
    }
    match &*loading {
        Loading::Waiting => {
            let en = Words::english();
            html! {
                <>
                    <ExitButton label={en.leave().to_string()} hint={en.leave_hint().to_string()} />
                    <main class="ss-main" id={dom::MAIN} tabindex="-1">
                        <p class="ss-body" role="status">{ en.loading() }</p>
                    </main>
                </>
            }
        }
        Loading::Failed(problems) => html! { <LoadError problems={Rc::clone(problems)} /> },
        Loading::Ready(survey) => html! { <SurveyView survey={Rc::clone(survey)} /> },
    }
}
