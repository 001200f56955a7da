//! The studio's banner: what is open, and Undo, Redo, Save, and opening a published version to
//! compare with.

use super::publish::PublishToService;
use super::save_dialog::SaveDialog;
use super::use_ctx;
use crate::files;
use crate::state::{Msg, View};
use speaksafe_core::compare::breaking_changes;
use speaksafe_core::{document, Problem};
use std::rc::Rc;
use yew::prelude::*;

/// Saves the draft as `ID.json`, formatted the same way every time.
pub fn save(studio: &crate::state::Studio, send: &Callback<Msg>) {
    let (name, text) = {
        let draft = studio.draft();
        let id = draft.get("id").and_then(|v| v.as_str()).filter(|s| !s.is_empty()).unwrap_or("survey");
        (format!("{id}.json"), document::to_text(&draft))
    };
    match files::download(&name, "application/json", text.as_bytes()) {
        Ok(()) => send.emit(Msg::Saved),
        Err(e) => send.emit(Msg::Notice(Some(e))),
    }
}

#[function_component]
pub fn Toolbar() -> Html {
    let ctx = use_ctx();
    let studio = &ctx.studio;
    // Before saving over a published survey: what would break the answers already collected.
    let warnings = use_state(|| None::<Rc<Vec<Problem>>>);
    let first = speaksafe_core::draft::languages(&studio.draft()).first().cloned().unwrap_or_default();
    let title = [studio.language.as_str(), first.as_str()]
        .iter()
        .map(|code| speaksafe_core::draft::text_in(&studio.draft(), "title", code))
        .find(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled survey".into());
    let started = studio.view != View::Start;
    let send = ctx.send.clone();
    let onsave = {
        let (ctx, warnings) = (ctx.clone(), warnings.clone());
        Callback::from(move |_: MouseEvent| {
            let studio = &ctx.studio;
            let draft = studio.survey.as_ref().filter(|_| studio.findings.errors.is_empty());
            let changes = match (&studio.published, draft) {
                (Some(published), Some(draft)) => breaking_changes(draft, published),
                _ => Vec::new(),
            };
            if changes.is_empty() {
                save(studio, &ctx.send);
            } else {
                warnings.set(Some(Rc::new(changes)));
            }
        })
    };
    let on_published = {
        let send = send.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = files::chosen(&input) else { return };
            let send = send.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = files::read(file).await.and_then(|bytes| {
                    let text = String::from_utf8(bytes).map_err(|_| "the file is not text".to_string())?;
                    speaksafe_core::read(&text).map(|c| c.survey).map_err(|errors| {
                        format!("the published survey has errors, so it cannot be compared with: {}", errors[0])
                    })
                });
                match read {
                    Ok(survey) => send.emit(Msg::Published(Some(Rc::new(survey)))),
                    Err(e) => send.emit(Msg::Notice(Some(e))),
                }
            });
        })
    };
    let close = {
        let warnings = warnings.clone();
        Callback::from(move |()| warnings.set(None))
    };
    let save_anyway = {
        let (ctx, warnings) = (ctx.clone(), warnings.clone());
        Callback::from(move |()| {
            warnings.set(None);
            save(&ctx.studio, &ctx.send);
        })
    };
    html! {
        <header class="st-header">
            <div class="st-header__title">
                <p class="st-brand">{ "speaksafe studio" }</p>
                if started {
                    <p class="st-open">
                        <span class="st-open__title">{ title }</span>
                        if studio.unsaved {
                            <span class="st-tag" role="status">{ "Unsaved changes" }</span>
                        }
                    </p>
                }
            </div>
            if started {
                <div class="st-toolbar" role="group" aria-label="Draft">
                    <button type="button" class="ss-button ss-button--secondary" disabled={!studio.can_undo()}
                        aria-keyshortcuts="Control+Z Meta+Z" onclick={send.reform(|_| Msg::Undo)}>{ "Undo" }</button>
                    <button type="button" class="ss-button ss-button--secondary" disabled={!studio.can_redo()}
                        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z" onclick={send.reform(|_| Msg::Redo)}>{ "Redo" }</button>
                    <button type="button" class="ss-button" onclick={onsave}>{ "Save to a file" }</button>
                    <PublishToService />
                    <div class="st-file">
                        <label class="ss-label st-file__label" for="st-published">
                            { if studio.published.is_some() { "Published version opened to compare with" } else { "Compare with the published version" } }
                        </label>
                        <input type="file" id="st-published" class="st-file__input" accept=".json,application/json" onchange={on_published} />
                    </div>
                    <button type="button" class="ss-button ss-button--secondary" onclick={send.reform(|_| Msg::Show(View::Start))}>{ "Open or start another" }</button>
                </div>
            }
            if let Some(notice) = &studio.notice {
                <div class="st-notice" role="alert">
                    <p class="ss-body">{ notice.clone() }</p>
                    <button type="button" class="ss-link-button" onclick={send.reform(|_| Msg::Notice(None))}>{ "Dismiss" }</button>
                </div>
            }
            if let Some(changes) = &*warnings {
                <SaveDialog changes={Rc::clone(changes)} on_cancel={close} on_save={save_anyway} />
            }
        </header>
    }
}
