//! Every text of the survey in every language, missing ones marked; and the spreadsheet for a
//! translator, out and back (`speaksafe_core::translations`; the file itself is written and read
//! by the converter).

use super::checks::place;
use super::use_ctx;
use crate::converter;
use crate::files;
use crate::state::Edit;
use speaksafe_core::{draft, translations};
use yew::prelude::*;

/// Rows shown at a time.
const PER_PAGE: usize = 50;

#[function_component]
pub fn TranslationsView() -> Html {
    let ctx = use_ctx();
    let studio = &ctx.studio;
    let codes = draft::languages(&studio.draft());
    let only_missing = use_state(|| false);
    let page = use_state(|| 0usize);
    let status = use_state(|| None::<String>);
    let paths = translations::paths(&studio.draft());
    let missing = |path: &str| {
        codes.iter().any(|c| draft::text_in(&studio.draft(), path, c).is_empty() && !plain(&studio.draft(), path))
    };
    let rows: Vec<&String> = paths.iter().filter(|p| !*only_missing || missing(p)).collect();
    let pages = rows.len().div_ceil(PER_PAGE).max(1);
    let current = (*page).min(pages - 1);
    let toggle_missing = {
        let (only_missing, page) = (only_missing.clone(), page.clone());
        Callback::from(move |e: Event| {
            only_missing.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked());
            page.set(0);
        })
    };
    let to_page = |n: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(n))
    };
    html! {
        <>
            <h1 class="ss-heading-l" id="st-heading" tabindex="-1">{ "Translations" }</h1>
            <p class="ss-body">{ "Every text of the survey in each of its languages. A text with no translation is shown in the first language instead." }</p>
            <p class="ss-body">{ "The \"Easy read\" columns hold easy-read versions: short sentences, one idea each, common words. Respondents who choose Easy read see them instead; a text with none is shown as it is." }</p>
            if codes.len() < 2 {
                <p class="ss-body">{ "The survey has one language. Add languages under \"Title, intro and settings\"." }</p>
            }
            <h2 class="ss-heading-m">{ "With a translator's spreadsheet" }</h2>
            { for codes.iter().skip(1).map(|code| html! { <Spreadsheet code={code.clone()} status={status.clone()} /> }) }
            if let Some(message) = &*status {
                <p class="ss-body st-status" role="status">{ message.clone() }</p>
            }
            <h2 class="ss-heading-m">{ "Here" }</h2>
            <div class="ss-checkboxes">
                <div class="ss-checkboxes__item">
                    <input class="ss-checkboxes__input" type="checkbox" id="st-only-missing" checked={*only_missing} onchange={toggle_missing} />
                    <label class="ss-checkboxes__label" for="st-only-missing">{ "Only texts missing a translation" }</label>
                </div>
            </div>
            <table class="st-table">
                <caption class="ss-body">{ format!("{} texts; {}–{} shown", rows.len(), (current * PER_PAGE + 1).min(rows.len()), ((current + 1) * PER_PAGE).min(rows.len())) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Where" }</th>
                        { for codes.iter().map(|c| html! { <th scope="col">{ speaksafe_core::Language::new(c).name }{ format!(" ({c})") }</th> }) }
                        { for codes.iter().map(|c| html! { <th scope="col">{ format!("Easy read, {} ({c})", speaksafe_core::Language::new(c).name) }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().skip(current * PER_PAGE).take(PER_PAGE).map(|path| {
                        let where_ = place(path);
                        html! {
                            <tr>
                                <th scope="row">{ where_.clone() }</th>
                                { for codes.iter().map(|code| {
                                    let value = draft::text_in(&studio.draft(), path, code);
                                    let empty = value.is_empty() && !plain(&studio.draft(), path);
                                    let id = format!("st-t-{}-{code}", crate::fields::field_id(path));
                                    let on_input = {
                                        let (path, code) = ((*path).clone(), code.clone());
                                        ctx.editing(move |e: InputEvent| Edit::Text { path: path.clone(), language: code.clone(),
                                            text: e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value() })
                                    };
                                    html! {
                                        <td class={classes!(empty.then_some("st-missing"))}>
                                            <label class="ss-visually-hidden" for={id.clone()}>{ format!("{where_} in {code}") }</label>
                                            <textarea class="ss-textarea st-cell" id={id} rows="2" lang={code.clone()}
                                                dir={speaksafe_core::Direction::of(code).attribute()} value={value} oninput={on_input} />
                                            if empty {
                                                <span class="st-tag">{ "Missing" }</span>
                                            }
                                        </td>
                                    }
                                }) }
                                { for codes.iter().map(|code| easy_cell(&ctx, path, &where_, code)) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if pages > 1 {
                <nav class="st-pager" aria-label="Pages of texts">
                    <button type="button" class="ss-button ss-button--secondary" disabled={current == 0} onclick={to_page(current.saturating_sub(1))}>{ "Previous texts" }</button>
                    <span class="ss-body">{ format!(" {} of {pages} ", current + 1) }</span>
                    <button type="button" class="ss-button ss-button--secondary" disabled={current + 1 >= pages} onclick={to_page(current + 1)}>{ "Next texts" }</button>
                </nav>
            }
        </>
    }
}

/// The easy-read version of the text at `path` in one language, where the text can have one.
fn easy_cell(ctx: &super::Ctx, path: &str, where_: &str, code: &str) -> Html {
    let Some(at) = translations::easy_place(path) else { return html! { <td></td> } };
    let draft = ctx.studio.draft();
    let value = draft::text_in(&draft, &at, code);
    let id = format!("st-t-{}-{code}", crate::fields::field_id(&at));
    let on_input = {
        let (at, code) = (at.clone(), code.to_string());
        ctx.editing(move |e: InputEvent| Edit::Text {
            path: at.clone(),
            language: code.clone(),
            text: e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value(),
        })
    };
    html! {
        <td>
            <label class="ss-visually-hidden" for={id.clone()}>{ format!("{where_}, easy read, in {code}") }</label>
            <textarea class="ss-textarea st-cell" id={id} rows="2" lang={code.to_string()}
                dir={speaksafe_core::Direction::of(code).attribute()} value={value} oninput={on_input} />
        </td>
    }
}

/// A text the same in every language (a plain string): nothing is missing.
fn plain(draft: &serde_json::Value, path: &str) -> bool {
    draft::get(draft, path).is_some_and(serde_json::Value::is_string)
}

#[derive(Properties, PartialEq)]
struct SpreadsheetProps {
    code: String,
    status: UseStateHandle<Option<String>>,
}

/// The spreadsheet for one language: out to a translator, and back.
#[function_component]
fn Spreadsheet(props: &SpreadsheetProps) -> Html {
    let ctx = use_ctx();
    let code = props.code.clone();
    let name = format!("{} ({code})", speaksafe_core::Language::new(&code).name);
    let download = {
        let (ctx, code, status) = (ctx.clone(), code.clone(), props.status.clone());
        Callback::from(move |_: MouseEvent| {
            // The draft as it is now: the converter gets a copy, and the studio goes on.
            let draft = ctx.studio.draft().clone();
            let (code, status) = (code.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let made = converter::spreadsheet(&draft, &code).await.and_then(|bytes| {
                    let id = draft.get("id").and_then(|v| v.as_str()).unwrap_or("survey");
                    files::download(
                        &format!("{id}-{code}.xlsx"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        &bytes,
                    )
                });
                status.set(Some(match made {
                    Ok(()) => format!("The spreadsheet for {code} is saved: send it to the translator."),
                    Err(e) => e,
                }));
            });
        })
    };
    let bring_back = {
        let (ctx, code, status) = (ctx.clone(), code.clone(), props.status.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = files::chosen(&input) else { return };
            let (ctx, code, status) = (ctx.clone(), code.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let rows = match files::read(file).await {
                    Ok(bytes) => converter::rows(&bytes).await,
                    Err(e) => Err(e),
                };
                // The rows go into the draft as it is once they are read (it may have changed
                // meanwhile), and nothing of the draft is held while they are read.
                let result = rows.and_then(|rows| {
                    let mut draft = ctx.studio.draft().clone();
                    let applied = translations::apply(&mut draft, &code, &rows).map_err(|e| e.to_string())?;
                    Ok((draft, applied))
                });
                match result {
                    Ok((draft, applied)) => {
                        ctx.edit(Edit::Replace(draft));
                        let mut message = format!("{} translations into {code} put in.", applied.applied);
                        if !applied.stale.is_empty() {
                            message.push_str(&format!(
                                " Not put in, as the text changed since the spreadsheet was made: {}.",
                                applied.stale.iter().map(|p| place(p)).collect::<Vec<_>>().join("; ")
                            ));
                        }
                        if !applied.placeholders.is_empty() {
                            message.push_str(&format!(
                                " Not put in, as a placeholder such as {{n}} is missing: {}.",
                                applied.placeholders.iter().map(|p| place(p)).collect::<Vec<_>>().join("; ")
                            ));
                        }
                        if !applied.unknown.is_empty() {
                            message.push_str(&format!(
                                " {} rows name texts the survey does not have.",
                                applied.unknown.len()
                            ));
                        }
                        status.set(Some(message));
                    }
                    Err(e) => status.set(Some(e)),
                }
            });
        })
    };
    let input_id = format!("st-back-{code}");
    html! {
        <div class="st-card">
            <h3 class="ss-heading-s">{ name.clone() }</h3>
            <button type="button" class="ss-button ss-button--secondary" onclick={download}>{ format!("Download the spreadsheet for {name}") }</button>
            <div class="ss-form-group">
                <label class="ss-label" for={input_id.clone()}>{ format!("Bring back the translated spreadsheet for {name}") }</label>
                <input type="file" id={input_id} class="st-file__input" accept=".xlsx,.csv" onchange={bring_back} />
            </div>
        </div>
    }
}
