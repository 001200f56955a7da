//! The survey's own settings: its name, words, languages, help lines, quick exit, who can answer
//! and where the answers go.

use super::help_lines::HelpLines;
use super::languages::Languages;
use super::text_input::{TextAt, TextInput};
use super::use_ctx;
use crate::fields::field_id;
use crate::state::Edit;
use serde_json::{json, Value};
use yew::prelude::*;

#[function_component]
pub fn SettingsForm() -> Html {
    let ctx = use_ctx();
    let draft = ctx.studio.draft();
    let draft = &*draft;
    let string = |path: &str| speaksafe_core::draft::get(draft, path).and_then(Value::as_str).unwrap_or("").to_string();
    let flag = |path: &str| speaksafe_core::draft::get(draft, path).and_then(Value::as_bool).unwrap_or(true);
    let set = |path: &'static str| ctx.editing(move |v: String| Edit::Set(path.into(), json!(v)));
    let toggle = |path: &'static str| {
        ctx.editing(move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            Edit::Set(path.into(), json!(on))
        })
    };
    let codes = string("access") == "codes";
    let access = |value: &'static str| ctx.editing(move |_: Event| Edit::Set("access".into(), json!(value)));
    html! {
        <>
            <h1 class="ss-heading-l" id="st-heading" tabindex="-1">{ "Title, intro and settings" }</h1>
            <TextInput id={field_id("id")} label="Short name" hint="Used in the survey's web address and file name: lower-case letters, digits and \"-\"."
                value={string("id")} problems={ctx.problems_at("id")} on_input={ctx.editing(Edit::RenameSurvey)} />
            <TextAt path="title" label="Title" hint="The heading of the first page. It is never shown in the browser's tab." />
            <TextAt path="neutral_title" label="Title in the browser's tab" hint="Keep it dull: someone glancing at the screen or the history should learn nothing. \"Survey\" if left empty." />
            <TextAt path="intro" label="Introduction" multiline=true hint="Who runs the survey, what it is for, that it is anonymous, that any question can be skipped, how long it takes. A blank line starts a new paragraph." />
            <TextAt path="safety" label="Staying safe" multiline=true hint="Shown in a box on the first page: how to leave quickly, that a private window leaves less trace." />
            <TextAt path="completion" label="Thank-you page" multiline=true hint="Shown after the answers are sent." />
            <TextInput id={field_id("audience")} label="Who it is for"
                hint="\"adults\", or the ages of the young people it is for, such as 11-16. The check then says which English questions and options are too hard to read for them."
                value={string("audience")} problems={ctx.problems_at("audience")} on_input={set("audience")} />
            <Languages />
            <fieldset class="ss-fieldset st-section">
                <legend class="ss-legend">{ "The quick exit" }</legend>
                <TextInput id={field_id("exit.url")} label="Where it goes" hint="A neutral website, such as a weather page. It replaces the survey in the tab."
                    value={string("exit.url")} problems={ctx.problems_at("exit.url")} on_input={set("exit.url")} />
                <div class="ss-checkboxes">
                    <div class="ss-checkboxes__item">
                        <input class="ss-checkboxes__input" type="checkbox" id={field_id("exit.escape")} checked={flag("exit.escape")} onchange={toggle("exit.escape")} />
                        <label class="ss-checkboxes__label" for={field_id("exit.escape")}>{ "Leave when Esc is pressed" }</label>
                    </div>
                    <div class="ss-checkboxes__item">
                        <input class="ss-checkboxes__input" type="checkbox" id={field_id("exit.shift_three_times")} checked={flag("exit.shift_three_times")} onchange={toggle("exit.shift_three_times")} />
                        <label class="ss-checkboxes__label" for={field_id("exit.shift_three_times")}>{ "Leave when Shift is pressed three times" }</label>
                    </div>
                </div>
                <TextAt path="exit.button" label="Words on the button" hint="At most 40 characters. \"Leave this site\" in the respondent's language if left empty." />
            </fieldset>
            <HelpLines />
            <fieldset class="ss-fieldset st-section" aria-describedby={format!("{}-hint", field_id("access"))}>
                <legend class="ss-legend">{ "Who can answer" }</legend>
                <div class="ss-hint" id={format!("{}-hint", field_id("access"))}>
                    { "With access codes, each person answers once, and nobody (you included) can tell whose answers are whose. Your administrator prints the codes as cards: speaksafe codes issue." }
                </div>
                <div class="ss-radios">
                    <div class="ss-radios__item">
                        <input class="ss-radios__input" type="radio" id={field_id("access")} name="st-access" checked={!codes} onchange={access("open")} />
                        <label class="ss-radios__label" for={field_id("access")}>{ "Anyone with the link" }</label>
                    </div>
                    <div class="ss-radios__item">
                        <input class="ss-radios__input" type="radio" id={format!("{}-codes", field_id("access"))} name="st-access" checked={codes} onchange={access("codes")} />
                        <label class="ss-radios__label" for={format!("{}-codes", field_id("access"))}>{ "Only people with an access code, once each" }</label>
                    </div>
                </div>
            </fieldset>
            <fieldset class="ss-fieldset st-section">
                <legend class="ss-legend">{ "Where answers go" }</legend>
                <TextInput id={field_id("submit.endpoint")} label="Address for the answers"
                    hint="Usually /api/v1/surveys/SHORT-NAME/responses on your speaksafe service. Your administrator fills in the key."
                    value={string("submit.endpoint")} problems={ctx.problems_at("submit.endpoint")} on_input={set("submit.endpoint")} />
            </fieldset>
        </>
    }
}
