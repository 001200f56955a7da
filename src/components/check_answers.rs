//! "Check your answers": every question shown, its answer as the respondent saw it, a Change
//! button for each, and Submit.

use crate::dom;
use crate::say::use_say;
use crate::submission::Delivery;
use speaksafe_core::ui::fill;
use speaksafe_core::CheckRow;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckAnswersProps {
    pub rows: Rc<Vec<CheckRow>>,
    /// How sending is going, once Submit was pressed.
    #[prop_or_default]
    pub delivery: Option<Delivery>,
    pub on_back: Callback<()>,
    /// Change one answer: its question's id.
    pub on_change: Callback<String>,
    pub on_submit: Callback<()>,
    /// "Try again" while waiting to send.
    pub on_try_again: Callback<()>,
}

#[function_component]
pub fn CheckAnswers(props: &CheckAnswersProps) -> Html {
    let say = use_say();
    let words = say.words();
    // While the sealed response is on its way, what was checked cannot change.
    let locked = matches!(props.delivery, Some(Delivery::Sending | Delivery::Waiting { .. }));
    html! {
        <>
            if !locked {
                <button type="button" class="ss-link-button ss-back" onclick={props.on_back.reform(|_: MouseEvent| ())}>{ words.back() }</button>
            }
            <h1 class="ss-heading-l" id={dom::HEADING} tabindex="-1">{ words.check_title() }</h1>
            <p class="ss-body">{ words.check_intro() }</p>
            <dl class="ss-summary-list">
                { for props.rows.iter().map(|row| {
                    let change = { let id = row.question.clone(); props.on_change.reform(move |_: MouseEvent| id.clone()) };
                    html! {
                        <div class="ss-summary-list__row">
                            <dt class="ss-summary-list__key">{ row.text.clone() }</dt>
                            <dd class={classes!("ss-summary-list__value", (!row.answered).then_some("ss-summary-list__value--empty"))}>
                                { for row.answer.iter().map(|line| html! { <p class="ss-body">{ line.clone() }</p> }) }
                            </dd>
                            if !locked {
                                <dd class="ss-summary-list__actions">
                                    <button type="button" class="ss-link-button" onclick={change}>
                                        { words.change() }<span class="ss-visually-hidden">{ format!(" {}", row.text) }</span>
                                    </button>
                                </dd>
                            }
                        </div>
                    }
                }) }
            </dl>
            if let Some(delivery) = &props.delivery {
                <div class="ss-inset ss-delivery" id={dom::DELIVERY} tabindex="-1" role="status">
                    { match delivery {
                        Delivery::Sending | Delivery::Sent => html! { <p class="ss-body">{ words.sending() }</p> },
                        Delivery::Waiting { seconds, .. } => html! {
                            <>
                                <p class="ss-body">{ words.not_sent_yet() }</p>
                                <p class="ss-body">{ say.digits(&fill(words.next_try(), &[("n", &seconds.to_string())])) }</p>
                                <button type="button" class="ss-button ss-button--secondary"
                                    onclick={props.on_try_again.reform(|_: MouseEvent| ())}>{ words.try_again() }</button>
                            </>
                        },
                        Delivery::Refused(reason) => html! { <p class="ss-body">{ fill(words.refused(), &[("reason", reason)]) }</p> },
                        Delivery::Closed => html! { <p class="ss-body">{ words.closed_not_sent() }</p> },
                        Delivery::CouldNotStart => html! { <p class="ss-body">{ words.could_not_start() }</p> },
                    } }
                </div>
            } else {
                <button type="button" class="ss-button" onclick={props.on_submit.reform(|_: MouseEvent| ())}>{ words.submit() }</button>
            }
        </>
    }
}
