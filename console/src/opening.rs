//! Opening a survey's responses: the results worker (`opener-worker.js`, the opener wasm) is
//! started, given the key files (as `File`s: it reads them itself, so their bytes are never in
//! the page) and the survey's definition, then the sealed responses as they are downloaded.
//! Dropping the [`Run`] ends the worker, and with it every key and answer.
//!
//! Every summary shown and every spreadsheet or report saved is a release: before it is shown
//! or saved, the collector checks it against the survey's ledger of releases and records it (as
//! `speaksafe summary --from` does). One the ledger refuses is withheld, with its words, until
//! the organiser publishes it anyway ([`Run::publish_anyway`], recorded as forced) or asks for
//! something else.

use crate::results::{Choices, Download, Event, Shown, Withholding};
use gloo_events::EventListener;
use js_sys::{Array, Object, Reflect};
use speaksafe_console_client::collector;
use speaksafe_console_client::sealed::Sealed;
use speaksafe_console_client::{Refusal, Session};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// The worker's script, beside the console's page.
const WORKER: &str = "opener-worker.js";
/// How many responses the download may be ahead of the worker's opening.
const AHEAD: u64 = 10_000;

/// A file the worker made, for the page to offer as a download.
pub struct Made {
    pub format: Download,
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// What waits for the ledger's word before it is shown or saved.
enum Pending {
    Summary(Shown, Choices),
    File(Made),
}

/// The ledger of releases, as the page asks it: where, who, and what to do with its answers.
struct Ledger {
    session: Session,
    survey: String,
    alive: Rc<Cell<bool>>,
    report: Callback<Event>,
    made: Callback<Made>,
    signed_out: Callback<String>,
    /// What it refused last, with its release: what "publish anyway" publishes.
    withheld: RefCell<Option<(Pending, String)>>,
}

impl Ledger {
    /// Has the collector check `release` (the JSON the worker made) and record it, then shows or
    /// saves what was pending; refused, withholds it and says why.
    fn release(self: &Rc<Self>, pending: Pending, release: String, force: bool) {
        let ledger = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = collector::release(&ledger.session, &ledger.survey, &release, force).await;
            if !ledger.alive.get() {
                return;
            }
            match answer {
                Ok(()) => match pending {
                    Pending::Summary(shown, choices) => ledger.report.emit(Event::Summary(shown, choices)),
                    Pending::File(made) => ledger.made.emit(made),
                },
                Err(Refusal::Refused { status: 409, error }) if !force => {
                    let (what, summary) = match &pending {
                        Pending::Summary(shown, choices) => {
                            (Withholding::Summary, Some((shown.clone(), choices.clone())))
                        }
                        Pending::File(made) => (Withholding::File(made.format), None),
                    };
                    *ledger.withheld.borrow_mut() = Some((pending, release));
                    ledger.report.emit(Event::Withheld { words: error, what, summary });
                }
                Err(Refusal::SignedOut(why)) => ledger.signed_out.emit(why),
                Err(refusal) => ledger.report.emit(Event::Refused(refusal.message())),
            }
        });
    }
}

/// One opening of a survey's responses, from the key files to the summary. Ends the worker when
/// dropped.
pub struct Run {
    worker: Rc<web_sys::Worker>,
    alive: Rc<Cell<bool>>,
    /// The choices the summary being made is made with, for the event that reports it.
    choices: Rc<RefCell<Choices>>,
    ledger: Rc<Ledger>,
    _listeners: [EventListener; 2],
}

impl Drop for Run {
    fn drop(&mut self) {
        self.alive.set(false);
        self.worker.terminate();
    }
}

impl Run {
    /// Starts the worker, reads the survey's definition and hands both to it with the key files;
    /// once the worker has read the keys, downloads the responses into it, then asks for the
    /// summary. Everything that happens is reported as an [`Event`]; files made go to `made`.
    pub fn begin(
        session: Session,
        survey: String,
        keys: Vec<web_sys::File>,
        report: Callback<Event>,
        made: Callback<Made>,
        signed_out: Callback<String>,
    ) -> Result<Run, String> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(WORKER, &options)
            .map_err(|_| "The results worker could not be started in this browser.".to_string())?;
        let worker = Rc::new(worker);
        let names = keys.iter().map(web_sys::File::name).collect::<Vec<_>>().join(", ");
        let alive = Rc::new(Cell::new(true));
        let choices = Rc::new(RefCell::new(Choices::default()));
        let ledger = Rc::new(Ledger {
            session: session.clone(),
            survey: survey.clone(),
            alive: Rc::clone(&alive),
            report: report.clone(),
            made,
            signed_out: signed_out.clone(),
            withheld: RefCell::new(None),
        });
        let on_message = {
            let (worker, alive, report, choices, ledger) =
                (Rc::clone(&worker), Rc::clone(&alive), report.clone(), Rc::clone(&choices), Rc::clone(&ledger));
            // How many responses the worker has taken (opened or not) so far.
            let taken = Rc::new(Cell::new(0));
            let (session, survey) = (session.clone(), survey.clone());
            EventListener::new(&worker.clone(), "message", move |event| {
                let Some(message) = event.dyn_ref::<web_sys::MessageEvent>().map(|m| m.data()) else { return };
                if !alive.get() {
                    return;
                }
                match text(&message, "kind").as_str() {
                    "ready" => {
                        let questions = Array::from(&field(&message, "questions"))
                            .iter()
                            .map(|pair| {
                                let pair = Array::from(&pair);
                                (
                                    pair.get(0).as_string().unwrap_or_default(),
                                    pair.get(1).as_string().unwrap_or_default(),
                                )
                            })
                            .collect();
                        report.emit(Event::Ready(questions));
                        download(
                            session.clone(),
                            survey.clone(),
                            Rc::clone(&worker),
                            Rc::clone(&alive),
                            Rc::clone(&taken),
                            report.clone(),
                            signed_out.clone(),
                        );
                    }
                    "opened" => {
                        let (opened, failed) = (number(&message, "opened"), number(&message, "failed"));
                        taken.set(opened + failed);
                        report.emit(Event::Opened { opened, failed })
                    }
                    "summary" if number(&message, "opened") == 0 => {
                        // Nothing to show: none opened (the wrong key), or there were none.
                        let why = field(&message, "failure").as_string().map_or_else(
                            || "There are no responses to this survey yet: there is nothing to open.".to_string(),
                            |failure| format!("{names}: {failure}"),
                        );
                        report.emit(Event::Refused(why));
                    }
                    "summary" => {
                        let optional = |name| Some(field(&message, name)).and_then(|v| v.as_string());
                        let shown = Shown {
                            report: Some(text(&message, "report").into()),
                            opened: number(&message, "opened"),
                            failed: number(&message, "failed"),
                            failure: optional("failure"),
                            key_use: optional("key_use"),
                        };
                        let pending = Pending::Summary(shown, choices.borrow().clone());
                        ledger.release(pending, text(&message, "release"), false);
                    }
                    "file" => {
                        let Some(format) = Download::read(&text(&message, "format")) else { return };
                        let bytes = js_sys::Uint8Array::new(&field(&message, "bytes")).to_vec();
                        let warnings =
                            Array::from(&field(&message, "warnings")).iter().filter_map(|w| w.as_string()).collect();
                        let made = Made { format, bytes, warnings };
                        match field(&message, "release").as_string() {
                            Some(release) => ledger.release(Pending::File(made), release, false),
                            // The responses themselves (CSV): not a release of counts.
                            None => ledger.made.emit(made),
                        }
                    }
                    _ => report.emit(Event::Refused(text(&message, "message"))),
                }
            })
        };
        let on_error = {
            let report = report.clone();
            EventListener::new(&worker.clone(), "error", move |_| {
                report.emit(Event::Refused("The results worker stopped: reload the page and try again.".into()));
            })
        };
        let run = Run {
            worker: Rc::clone(&worker),
            alive: Rc::clone(&alive),
            choices,
            ledger,
            _listeners: [on_message, on_error],
        };
        report.emit(Event::Begin);
        wasm_bindgen_futures::spawn_local(async move {
            match definition(&survey).await {
                Ok(definition) if alive.get() => {
                    let keys: Array = keys.into_iter().collect();
                    post(&worker, "start", &[("definition", definition.into()), ("keys", keys.into())]);
                }
                Ok(_) => {}
                Err(message) => report.emit(Event::Refused(message)),
            }
        });
        Ok(run)
    }

    /// Makes the summary again with other choices.
    pub fn summarise(&self, choices: &Choices) {
        *self.choices.borrow_mut() = choices.clone();
        summarise(&self.worker, choices);
    }

    /// Asks the worker for a file.
    pub fn make(&self, format: Download) {
        post(&self.worker, "file", &[("format", format.name().into())]);
    }

    /// Publishes what the ledger refused last, recorded in it as forced (as `--force`).
    pub fn publish_anyway(&self) {
        let withheld = self.ledger.withheld.borrow_mut().take();
        if let Some((pending, release)) = withheld {
            self.ledger.release(pending, release, true);
        }
    }
}

fn summarise(worker: &web_sys::Worker, choices: &Choices) {
    let by: Array = choices.by.iter().map(|id| JsValue::from_str(id)).collect();
    post(
        worker,
        "summarise",
        &[
            ("min_cell", (choices.min_cell as f64).into()),
            ("by", by.into()),
            ("include_text", choices.include_text.into()),
        ],
    );
}

/// Downloads the sealed responses into the worker, then asks for the summary (the worker answers
/// in order: every batch opened, then the summary).
fn download(
    session: Session,
    survey: String,
    worker: Rc<web_sys::Worker>,
    alive: Rc<Cell<bool>>,
    taken: Rc<Cell<u64>>,
    report: Callback<Event>,
    signed_out: Callback<String>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let sent = Cell::new(0);
        let batch = |sealed: Vec<Sealed>, progress: &speaksafe_console_client::sealed::Download| {
            sent.set(progress.received);
            let pairs: Array =
                sealed.into_iter().map(|s| JsValue::from(Array::of2(&s.day.into(), &s.envelope.into()))).collect();
            post(&worker, "sealed", &[("batch", pairs.into())]);
            report.emit(Event::Received { received: progress.received, total: progress.total });
        };
        let keep_going = || alive.get();
        // Responses sent to the worker wait in its queue, as copies, until it opens them: the
        // download waits while that queue is long rather than let it grow with the whole survey.
        let behind = || sent.get() > taken.get() + AHEAD;
        match collector::download(&session, &survey, batch, keep_going, behind).await {
            Ok(done) if alive.get() => {
                report.emit(Event::Received { received: done.received, total: done.total });
                summarise(&worker, &Choices::default());
            }
            Ok(_) => {}
            Err(Refusal::SignedOut(why)) => signed_out.emit(why),
            Err(refusal) => report.emit(Event::Refused(refusal.message())),
        }
    });
}

/// The survey's definition, as the collector serves it to respondents (the live version).
async fn definition(survey: &str) -> Result<String, String> {
    let fail = || format!("The survey \"{survey}\" could not be read from the collector: try again.");
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let url = format!("../surveys/{}.json", js_sys::encode_uri_component(survey));
    let window = web_sys::window().ok_or_else(fail)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or_else(fail)?;
    if !response.ok() {
        return Err(fail());
    }
    let text = JsFuture::from(response.text().map_err(|_| fail())?).await.map_err(|_| fail())?;
    text.as_string().ok_or_else(fail)
}

fn post(worker: &web_sys::Worker, kind: &str, fields: &[(&str, JsValue)]) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"kind".into(), &kind.into());
    for (name, value) in fields {
        let _ = Reflect::set(&message, &(*name).into(), value);
    }
    let _ = worker.post_message(&message);
}

fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(message: &JsValue, name: &str) -> String {
    field(message, name).as_string().unwrap_or_default()
}

fn number(message: &JsValue, name: &str) -> u64 {
    field(message, name).as_f64().unwrap_or(0.0) as u64
}
