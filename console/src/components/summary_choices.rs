//! What the summary shows, as the command line's `summary` options: breakdowns (`--by`), the
//! smallest count shown (`--min-cell`) and free text (`--include-text`).

use crate::results::Choices;
use std::rc::Rc;
use yew::prelude::*;

const MIN_CELL: &str = "cs-min-cell";

#[derive(Properties, PartialEq)]
pub struct SummaryChoicesProps {
    /// What a breakdown can be by: id and text.
    pub questions: Rc<Vec<(String, String)>>,
    /// The choices the summary shown was made with.
    pub chosen: Choices,
    #[prop_or_default]
    pub busy: bool,
    pub onchoose: Callback<Choices>,
}

#[function_component]
pub fn SummaryChoices(props: &SummaryChoicesProps) -> Html {
    let by = use_state(|| props.chosen.by.clone());
    let min_cell = use_state(|| props.chosen.min_cell.to_string());
    let include_text = use_state(|| props.chosen.include_text);
    let error = use_state(|| None::<String>);
    let onsubmit = {
        let (by, min_cell, include_text, error, onchoose) =
            (by.clone(), min_cell.clone(), include_text.clone(), error.clone(), props.onchoose.clone());
        let busy = props.busy;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            match min_cell.trim().parse::<usize>() {
                Ok(n) if n >= 1 => {
                    error.set(None);
                    onchoose.emit(Choices { min_cell: n, by: (*by).clone(), include_text: *include_text });
                }
                _ => {
                    error.set(Some("Enter the smallest count to show as a whole number, 1 or more (usually 10)".into()))
                }
            }
        })
    };
    let under = props.chosen.min_cell < 10;
    html! {
        <form class="cs-choices" novalidate=true {onsubmit} aria-labelledby="cs-choices-title">
            <h2 class="ss-heading-m" id="cs-choices-title">{ "What the summary shows" }</h2>
            if !props.questions.is_empty() {
                <div class="ss-form-group">
                    <fieldset class="ss-fieldset" aria-describedby="cs-by-hint">
                        <legend class="ss-legend">{ "Break every other question down by" }</legend>
                        <p class="ss-hint" id="cs-by-hint">{ "Each breakdown withholds small counts too, and more where they could be worked out." }</p>
                        { for props.questions.iter().map(|(id, text)| {
                            let checked = by.contains(id);
                            let onchange = {
                                let (by, id) = (by.clone(), id.clone());
                                Callback::from(move |_: Event| {
                                    let mut now = (*by).clone();
                                    match now.iter().position(|b| *b == id) {
                                        Some(at) => { now.remove(at); }
                                        None => now.push(id.clone()),
                                    }
                                    by.set(now);
                                })
                            };
                            let field = format!("cs-by-{id}");
                            html! {
                                <div class="ss-checkboxes__item">
                                    <input class="ss-checkboxes__input" type="checkbox" id={field.clone()} {checked} {onchange} />
                                    <label class="ss-checkboxes__label" for={field}>{ text.clone() }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                </div>
            }
            <div class={if error.is_some() { "ss-form-group ss-form-group--error" } else { "ss-form-group" }}>
                <label class="ss-label" for={MIN_CELL}>{ "Smallest count shown" }</label>
                <p class="ss-hint" id="cs-min-cell-hint">{ "Counts under it (zero included) are shown as \"<N\", so that nobody can be picked out of a small group. Usually 10." }</p>
                if let Some(message) = &*error {
                    <p class="ss-error-message" id="cs-min-cell-error"><span class="ss-visually-hidden">{ "Error: " }</span>{ message.clone() }</p>
                }
                <input class={if error.is_some() { "ss-input ss-input--width-5 ss-input--error" } else { "ss-input ss-input--width-5" }}
                    id={MIN_CELL} type="text" inputmode="numeric" spellcheck="false" value={(*min_cell).clone()}
                    aria-describedby={if error.is_some() { "cs-min-cell-hint cs-min-cell-error" } else { "cs-min-cell-hint" }}
                    oninput={{ let min_cell = min_cell.clone(); Callback::from(move |e: InputEvent| min_cell.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())) }} />
            </div>
            <div class="ss-form-group">
                <div class="ss-checkboxes__item">
                    <input class="ss-checkboxes__input" type="checkbox" id="cs-include-text" checked={*include_text}
                        aria-describedby="cs-include-text-hint"
                        onchange={{ let include_text = include_text.clone(); Callback::from(move |_: Event| include_text.set(!*include_text)) }} />
                    <label class="ss-checkboxes__label" for="cs-include-text">{ "Include free-text answers" }</label>
                    <p class="ss-hint" id="cs-include-text-hint">{ "What people typed is what most easily says who they are." }</p>
                </div>
            </div>
            <button type="submit" class="ss-button ss-button--secondary" aria-disabled={props.busy.to_string()}>{ "Show the summary" }</button>
            if under {
                <p class="ss-warning-text">{ format!("Counts under {} are withheld: fewer than the usual 10.", props.chosen.min_cell) }</p>
            }
        </form>
    }
}
