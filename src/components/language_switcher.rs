//! The language switcher, shown when a survey has more than one language.

use crate::say::use_say;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LanguageSwitcherProps {
    /// A language chosen: its code.
    pub on_choose: Callback<String>,
}

#[function_component]
pub fn LanguageSwitcher(props: &LanguageSwitcherProps) -> Html {
    let say = use_say();
    html! {
        <nav class="ss-language-nav" aria-label={say.words().language().to_string()}>
            <ul class="ss-language">
                { for say.survey.languages.iter().map(|language| {
                    let current = say.language.as_str() == language.code;
                    let code = language.code.clone();
                    let onclick = props.on_choose.reform(move |_: MouseEvent| code.clone());
                    html! {
                        <li>
                            <button type="button" class="ss-link-button" lang={language.code.clone()} dir={language.direction.attribute()}
                                aria-current={current.then_some("true")} {onclick}>{ language.name.clone() }</button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
