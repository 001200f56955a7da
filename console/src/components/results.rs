//! "Open responses": the organiser picks their key files; the results worker reads them (they are
//! never sent, never stored), the sealed responses are downloaded into it and opened there, with
//! progress; then the summary with its breakdowns, the report, the downloads (CSV, XLSX, report,
//! named after the survey and the day), and deleting the responses from the collector. What the
//! ledger of releases refuses is withheld, its words shown in place of the tables, until the
//! organiser publishes it anyway or chooses something else ([`WithheldSection`]). Closing
//! the results, signing out, leaving the page or 15 minutes without use ends the worker, and with
//! it the keys and every answer.

use super::error_summary::{focus, ErrorSummary, ERROR_SUMMARY};
use super::file_field::FileField;
use super::purge::PurgeSection;
use super::report_frame::ReportFrame;
use super::summary_choices::SummaryChoices;
use super::withheld::{WithheldSection, WITHHELD};
use super::{heading, use_ctx, use_fetched, Fetched};
use crate::idle;
use crate::opening::{Made, Run};
use crate::results::{Download, Event as Step, Results, Shown, Stage};
use crate::state::{Msg, Screen, SignedOut};
use gloo_events::EventListener;
use speaksafe_console_client::contract::Status;
use speaksafe_console_client::{collector, files};
use yew::prelude::*;

const KEYS: &str = "cs-keys";
const PROGRESS: &str = "cs-progress";
const OPENED: &str = "cs-opened";

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub id: String,
}

#[function_component]
pub fn ResultsScreen(props: &ResultsProps) -> Html {
    let ctx = use_ctx();
    let id = props.id.clone();
    let survey = {
        let id = id.clone();
        use_fetched(0, move |session| {
            let id = id.clone();
            async move { collector::survey(&session, &id).await }
        })
    };
    let results = use_reducer(Results::default);
    let run = use_mut_ref(|| None::<Run>);
    // The UTC day the download began: what may be deleted afterwards came before it.
    let began = use_mut_ref(String::new);
    let key_input = use_node_ref();
    let report = {
        let dispatcher = results.dispatcher();
        use_memo((), move |_| Callback::from(move |step| dispatcher.dispatch(step))).as_ref().clone()
    };
    // Nothing shown, nothing kept: an attempt that ended, or results closed, ends the worker.
    let choosing = matches!(results.stage, Stage::Choosing { .. });
    {
        let run = run.clone();
        use_effect_with(choosing, move |choosing| {
            if *choosing {
                run.borrow_mut().take();
            }
        });
    }
    // Leaving the screen, or the page, ends it too; so do 15 minutes without use.
    {
        let (run, report) = (run.clone(), report.clone());
        use_effect_with((), move |_| {
            let leave = web_sys::window().map(|window| {
                let run = run.clone();
                EventListener::new(&window, "pagehide", move |_| drop(run.borrow_mut().take()))
            });
            let idle = {
                let run = run.clone();
                gloo_timers::callback::Interval::new(idle::TICK_MS, move || {
                    if run.borrow().is_some() && idle::passed(idle::now(), idle::last_input(), idle::RESULTS_MINUTES) {
                        run.borrow_mut().take();
                        report.emit(Step::Closed(format!(
                            "The results were closed after {} minutes without use: your key and the answers are gone \
                             from this page.",
                            idle::RESULTS_MINUTES
                        )));
                    }
                })
            };
            move || {
                drop((leave, idle));
                run.borrow_mut().take();
            }
        });
    }
    let made = {
        let (report, id) = (report.clone(), id.clone());
        Callback::from(move |made: Made| {
            let name = made.format.file_name(&id, &local_day());
            match files::download(&name, made.format.mime(), &made.bytes) {
                Ok(()) => report.emit(Step::Downloaded),
                Err(e) => report.emit(Step::Refused(e)),
            }
        })
    };
    let onsubmit = {
        let (ctx, id, run, began, key_input, report, made) =
            (ctx.clone(), id.clone(), run.clone(), began.clone(), key_input.clone(), report.clone(), made.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(session) = ctx.session() else { return };
            let Some(input) = key_input.cast::<web_sys::HtmlInputElement>() else { return };
            let keys: Vec<web_sys::File> =
                input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
            // The page lets go of the files at once: the worker has them now.
            input.set_value("");
            if keys.is_empty() {
                report.emit(Step::Refused("Choose your private key file (NAME.key)".into()));
                return;
            }
            *began.borrow_mut() = utc_day();
            let signed_out = ctx.send.reform(|why| Msg::SignedOut(SignedOut::Ended(why)));
            match Run::begin(session, id.clone(), keys, report.clone(), made.clone(), signed_out) {
                Ok(started) => *run.borrow_mut() = Some(started),
                Err(message) => report.emit(Step::Refused(message)),
            }
        })
    };
    // Focus follows the screen: to the progress as opening begins, to what was opened once shown,
    // and to the problem when the key opened nothing (each time it says something new).
    // (A refusal of the ledger takes the focus itself, in its section.)
    let shown = match (&results.stage, &results.withheld) {
        (Stage::Choosing { error, .. }, _) => (0, error.clone()),
        (Stage::Opening { .. }, _) => (1, None),
        (Stage::Shown(_), None) => (2, None),
        (Stage::Shown(_), Some(_)) => (3, None),
    };
    use_effect_with(shown, |shown| match shown {
        (0, Some(_)) => focus(ERROR_SUMMARY),
        (1, _) => focus(PROGRESS),
        (2, _) => focus(OPENED),
        (3, _) => focus(WITHHELD),
        _ => {}
    });
    let close = {
        let report = report.clone();
        Callback::from(move |_| {
            report
                .emit(Step::Closed("The results are closed: your key and the answers are gone from this page.".into()))
        })
    };
    let (title, closed) = match &survey {
        Fetched::Got(page) => (page.listing.title.clone(), page.listing.status == Status::Closed),
        _ => (id.clone(), false),
    };
    let body = match &results.stage {
        Stage::Choosing { error, closed: why } => html! {
            <>
                if let Some(why) = why {
                    <div class="cs-notice" role="status"><p class="ss-body">{ why.clone() }</p></div>
                }
                if let Some(error) = error {
                    <ErrorSummary errors={vec![(AttrValue::from(KEYS), AttrValue::from(error.clone()))]} />
                }
                <p class="ss-body">{ "The responses are opened here, in this browser, with your private key. Your key file is read on this computer only: it is never sent, and never kept. It is forgotten, with every answer, when you close the results, sign out, leave the page, or after 15 minutes without use." }</p>
                <form novalidate=true {onsubmit}>
                    <FileField id={KEYS} label="Your private key file (NAME.key)" accept=".key" multiple=true
                        hint={Some(AttrValue::from("Choose more than one if the survey's key was changed while it ran: each response opens with the key that fits."))}
                        error={error.clone().map(AttrValue::from)} input={key_input.clone()} onchange={Callback::noop()} />
                    <button type="submit" class="ss-button">{ "Open responses" }</button>
                </form>
            </>
        },
        Stage::Opening { received, total, opened, failed } => {
            let done = opened + failed;
            let words = match total {
                Some(total) => format!("Opened {done} of {total} responses"),
                None => format!("Opened {done} responses (downloaded {received})"),
            };
            html! {
                <>
                    <p class="ss-body" id={PROGRESS} tabindex="-1" role="status">{ words }</p>
                    <progress class="ss-progress" aria-labelledby={PROGRESS} max={total.unwrap_or(0).max(1).to_string()}
                        value={done.to_string()} />
                    <button type="button" class="ss-button ss-button--secondary" onclick={close.clone()}>{ "Stop and close" }</button>
                </>
            }
        }
        Stage::Shown(shown) => shown_results(shown, &results, &run, &report, &close, &id, closed, &began.borrow()),
    };
    html! {
        <>
            <button type="button" class="ss-link-button ss-back" onclick={ctx.send.reform({ let id = id.clone(); move |_| Msg::Show(Screen::Survey(id.clone())) })}>
                { "Back to the survey" }
            </button>
            { heading(format!("Responses: {title}")) }
            { body }
        </>
    }
}

#[allow(clippy::too_many_arguments)]
fn shown_results(
    shown: &Shown,
    results: &Results,
    run: &std::rc::Rc<std::cell::RefCell<Option<Run>>>,
    report: &Callback<Step>,
    close: &Callback<MouseEvent>,
    id: &str,
    closed: bool,
    began: &str,
) -> Html {
    let download = |format: Download| {
        let run = run.clone();
        Callback::from(move |_| {
            if let Some(run) = run.borrow().as_ref() {
                run.make(format);
            }
        })
    };
    let onchoose = {
        let (run, report) = (run.clone(), report.clone());
        Callback::from(move |choices| {
            if let Some(run) = run.borrow().as_ref() {
                report.emit(Step::Updating);
                run.summarise(&choices);
            }
        })
    };
    let publish_anyway = {
        let run = run.clone();
        Callback::from(move |()| {
            if let Some(run) = run.borrow().as_ref() {
                run.publish_anyway();
            }
        })
    };
    let opened = match shown.opened {
        1 => "1 response opened.".to_string(),
        n => format!("{n} responses opened."),
    };
    html! {
        <>
            <div class="ss-inset">
                <p class="ss-body" id={OPENED} tabindex="-1" role="status">{ opened }</p>
                if let Some(failure) = &shown.failure {
                    <p class="ss-body">{ failure.clone() }</p>
                }
                if let Some(key_use) = &shown.key_use {
                    <p class="ss-body">{ key_use.clone() }</p>
                }
            </div>
            if let Some(problem) = &results.problem {
                <p class="ss-body cs-problem" role="alert">{ problem.clone() }</p>
            }
            <section class="cs-section" aria-labelledby="cs-downloads-title">
                <h2 class="ss-heading-m" id="cs-downloads-title">{ "Download" }</h2>
                <p class="ss-body">{ "Made in this browser from what is opened here, and saved where you say. What they hold is as safe as where you keep them." }</p>
                <div class="ss-button-group">
                    <button type="button" class="ss-button ss-button--secondary" onclick={download(Download::Csv)}>{ "Download the responses (CSV)" }</button>
                    <button type="button" class="ss-button ss-button--secondary" onclick={download(Download::Xlsx)}>{ "Download the spreadsheet (XLSX)" }</button>
                    <button type="button" class="ss-button ss-button--secondary" onclick={download(Download::Report)}>{ "Download the report (HTML)" }</button>
                </div>
            </section>
            <SummaryChoices questions={results.questions.clone()} chosen={results.choices.clone()} busy={results.updating} {onchoose} />
            if let Some(withheld) = &results.withheld {
                <WithheldSection withheld={withheld.clone()} onpublish={publish_anyway} />
            } else if let Some(report) = &shown.report {
                <h2 class="ss-heading-m">{ "Summary" }</h2>
                <ReportFrame report={report.clone()} />
            } else {
                <h2 class="ss-heading-m">{ "Summary" }</h2>
                <p class="ss-body">{ "Not shown: the ledger of releases refused these tables. Choose other tables, or show these again to publish them anyway." }</p>
            }
            if results.downloaded {
                <PurgeSection survey={id.to_string()} before={(!closed).then(|| began.to_string())} />
            }
            <button type="button" class="ss-button ss-button--secondary" onclick={close.clone()}>{ "Close the results" }</button>
        </>
    }
}

/// Today in the organiser's own time zone, `YYYY-MM-DD`: what the downloads are named after.
fn local_day() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Today in UTC, `YYYY-MM-DD`: the collector's days.
fn utc_day() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_utc_full_year(), now.get_utc_month() + 1, now.get_utc_date())
}
