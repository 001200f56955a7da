//! The language switcher, shown when a survey has more than one language.

use crate::say::use_say;
use yew::prelude::*;

/// How a language is chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum Choosing {
    /// In place, by the widget: the code of the language chosen.
    InPlace(Callback<String>),
    /// By a link to the survey's first screen in that language, on the first screen the collector
    /// sends (the only way with JavaScript off); `framed` keeps a partner's frame's page a frame's.
    Links { framed: bool },
}

#[derive(Properties, PartialEq)]
pub struct LanguageSwitcherProps {
    pub choosing: Choosing,
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
                    let (lang, dir, aria_current) = (code.clone(), language.direction.attribute(), current.then_some("true"));
                    let name = language.name.clone();
                    html! {
                        <li>
                            { match &props.choosing {
                                Choosing::InPlace(on_choose) => {
                                    let onclick = on_choose.reform(move |_: MouseEvent| code.clone());
                                    html! {
                                        <button type="button" class="ss-link-button" {lang} {dir}
                                            aria-current={aria_current} {onclick}>{ name }</button>
                                    }
                                }
                                Choosing::Links { framed } => {
                                    // Ids and language codes are letters, digits, '-' and '_':
                                    // nothing here needs encoding.
                                    let embed = if *framed { "&embed=1" } else { "" };
                                    let href = format!("?survey={}&lang={code}{embed}", say.survey.id);
                                    html! {
                                        <a class="ss-link-button" {lang} {dir} {href} aria-current={aria_current}>{ name }</a>
                                    }
                                }
                            } }
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
