//! Help lines, shown on every page and at the end. Links open in a new tab so that the survey
//! (and its answers, held only in this tab) is not lost.

use crate::dom;
use crate::say::use_say;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SupportProps {
    /// The heading's id (the first screen has ids of its own: `dom::Ids`).
    #[prop_or(dom::SUPPORT_TITLE)]
    pub title_id: &'static str,
}

#[function_component]
pub fn Support(props: &SupportProps) -> Html {
    let say = use_say();
    let words = say.words();
    if say.survey.support.is_empty() {
        return Html::default();
    }
    html! {
        <aside class="ss-support" aria-labelledby={props.title_id}>
            <h2 class="ss-heading-m" id={props.title_id}>{ words.support_title() }</h2>
            <ul class="ss-support__list">
                { for say.survey.support.iter().map(|line| {
                    let name = say.text(&line.name).to_string();
                    html! {
                        <li>
                            if let Some(url) = &line.url {
                                <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ say.show(&line.name) }</a>
                            } else {
                                <strong>{ say.show(&line.name) }</strong>
                            }
                            if let Some(phone) = &line.phone {
                                { " " }
                                <a href={format!("tel:{}", phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())}>
                                    <span class="ss-visually-hidden">{ format!("{} {name}: ", words.call()) }</span>
                                    // Digits keep their order in right-to-left text.
                                    <span dir="ltr">{ phone.clone() }</span>
                                </a>
                            }
                            if let Some(text) = &line.text {
                                <span class="ss-support__text">{ " " }{ say.show(text) }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        </aside>
    }
}
