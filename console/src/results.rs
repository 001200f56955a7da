//! The "Open responses" screen's state: choosing key files, opening (downloaded and opened out
//! of how many), the summary shown, or closed (and why), and a view or a spreadsheet the ledger
//! of releases refused ([`Withheld`]). Pure: the worker, the download and the ledger
//! ([`crate::opening`]) report into it.

pub use speaksafe_console_client::contract::Choices;
use std::rc::Rc;
use yew::Reducible;

/// What the worker made of the responses.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The HTML report (`speaksafe summary --html`); none while the ledger withholds it.
    pub report: Option<Rc<str>>,
    pub opened: u64,
    pub failed: u64,
    /// What the command line says about responses that did not open.
    pub failure: Option<String>,
    /// With several keys, how many each opened.
    pub key_use: Option<String>,
}

/// A file made by the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Csv,
    Xlsx,
    Report,
}

impl Download {
    pub fn name(self) -> &'static str {
        match self {
            Download::Csv => "csv",
            Download::Xlsx => "xlsx",
            Download::Report => "report",
        }
    }

    pub fn read(name: &str) -> Option<Download> {
        [Download::Csv, Download::Xlsx, Download::Report].into_iter().find(|f| f.name() == name)
    }

    pub fn mime(self) -> &'static str {
        match self {
            Download::Csv => "text/csv",
            Download::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Download::Report => "text/html",
        }
    }

    /// The file's name: the survey's id and the day, `youth-voice-2025-06-01.csv`,
    /// `youth-voice-report-2025-06-01.html`.
    pub fn file_name(self, survey: &str, day: &str) -> String {
        match self {
            Download::Csv => format!("{survey}-{day}.csv"),
            Download::Xlsx => format!("{survey}-{day}.xlsx"),
            Download::Report => format!("{survey}-report-{day}.html"),
        }
    }
}

/// What the ledger of releases refused to let out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withholding {
    /// The summary (its tables, and the report made of them).
    Summary,
    /// A file made of its tables (the spreadsheet, the report).
    File(Download),
}

/// A view or a file refused by the ledger: too soon after an earlier release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    /// The ledger's words: which release it conflicts with, and when the next is possible.
    pub words: String,
    pub what: Withholding,
    /// Counts the refusals, so that each one, even in the same words, takes the focus.
    pub serial: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Choosing key files; why the last attempt ended, if it did.
    Choosing {
        error: Option<String>,
        closed: Option<String>,
    },
    /// Downloading and opening: how many have come, of how many (once the collector has said),
    /// and how many the worker has opened or found it could not.
    Opening {
        received: u64,
        total: Option<u64>,
        opened: u64,
        failed: u64,
    },
    Shown(Rc<Shown>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub stage: Stage,
    /// What a breakdown can be by: id and text (from the worker, once the keys are read).
    pub questions: Rc<Vec<(String, String)>>,
    pub choices: Choices,
    /// A file has been downloaded: the responses may be deleted from the collector.
    pub downloaded: bool,
    /// The summary is being made again (new choices).
    pub updating: bool,
    /// A refusal of a later step (new choices, a download), shown over what is shown.
    pub problem: Option<String>,
    /// What the ledger refused, shown instead of the tables until something else is shown.
    pub withheld: Option<Withheld>,
}

impl Default for Results {
    fn default() -> Self {
        Results {
            stage: Stage::Choosing { error: None, closed: None },
            questions: Rc::default(),
            choices: Choices::default(),
            downloaded: false,
            updating: false,
            problem: None,
            withheld: None,
        }
    }
}

pub enum Event {
    /// Key files chosen: opening begins.
    Begin,
    /// The worker read the keys: what a breakdown can be by.
    Ready(Vec<(String, String)>),
    /// More responses came: how many so far, of how many.
    Received { received: u64, total: Option<u64> },
    /// The worker has opened this many so far, and found this many it could not.
    Opened { opened: u64, failed: u64 },
    /// The summary was made with these choices, and may be shown (the ledger recorded it).
    Summary(Shown, Choices),
    /// The ledger refused this (with the summary it was about, when it was a summary): its words.
    Withheld { words: String, what: Withholding, summary: Option<(Shown, Choices)> },
    /// The summary is being made again.
    Updating,
    /// A file was downloaded.
    Downloaded,
    /// The worker or the download refused: before anything is shown, it ends the attempt.
    Refused(String),
    /// The results were closed (by the organiser, or after time without use): why.
    Closed(String),
}

impl Reducible for Results {
    type Action = Event;

    fn reduce(self: Rc<Self>, event: Event) -> Rc<Self> {
        let mut next = (*self).clone();
        match event {
            Event::Begin => {
                next = Results::default();
                next.stage = Stage::Opening { received: 0, total: None, opened: 0, failed: 0 };
            }
            Event::Ready(questions) => next.questions = Rc::new(questions),
            Event::Received { received: r, total: t } => {
                if let Stage::Opening { received, total, .. } = &mut next.stage {
                    (*received, *total) = (r, t.or(*total));
                }
            }
            Event::Opened { opened: o, failed: f } => {
                if let Stage::Opening { opened, failed, .. } = &mut next.stage {
                    (*opened, *failed) = (o, f);
                }
            }
            Event::Summary(shown, choices) => {
                next.stage = Stage::Shown(Rc::new(shown));
                next.choices = choices;
                next.updating = false;
                next.problem = None;
                next.withheld = None;
            }
            Event::Withheld { words, what, summary } => {
                // The tables refused are not kept where they could be shown.
                if let Some((shown, choices)) = summary {
                    next.stage = Stage::Shown(Rc::new(Shown { report: None, ..shown }));
                    next.choices = choices;
                }
                let serial = self.withheld.as_ref().map_or(0, |w| w.serial) + 1;
                next.withheld = Some(Withheld { words, what, serial });
                next.updating = false;
                next.problem = None;
            }
            Event::Updating => {
                next.updating = true;
                next.problem = None;
            }
            Event::Downloaded => {
                next.downloaded = true;
                next.problem = None;
                // A file saved anyway is out; a summary withheld is still withheld.
                if next.withheld.as_ref().is_some_and(|w| matches!(w.what, Withholding::File(_))) {
                    next.withheld = None;
                }
            }
            Event::Refused(message) => match next.stage {
                // Nothing half-shown: an attempt that fails before the summary shows nothing.
                Stage::Opening { .. } | Stage::Choosing { .. } => {
                    next = Results::default();
                    next.stage = Stage::Choosing { error: Some(message), closed: None };
                }
                Stage::Shown(_) => {
                    next.updating = false;
                    next.problem = Some(message);
                }
            },
            Event::Closed(why) => {
                next = Results::default();
                next.stage = Stage::Choosing { error: None, closed: Some(why) };
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown() -> Shown {
        Shown {
            report: Some("<html>".into()),
            opened: 3,
            failed: 1,
            failure: Some("1 response …".into()),
            key_use: None,
        }
    }

    #[test]
    fn progress_is_what_has_come_and_opened_of_the_total() {
        let results = Rc::new(Results::default()).reduce(Event::Begin);
        let results = results.reduce(Event::Received { received: 10, total: None });
        let results = results.reduce(Event::Received { received: 20, total: Some(40) });
        let results = results.reduce(Event::Received { received: 30, total: None });
        let results = results.reduce(Event::Opened { opened: 18, failed: 2 });
        assert_eq!(results.stage, Stage::Opening { received: 30, total: Some(40), opened: 18, failed: 2 });
    }

    #[test]
    fn a_refusal_before_the_summary_shows_nothing_of_the_attempt() {
        let results =
            Rc::new(Results::default()).reduce(Event::Begin).reduce(Event::Ready(vec![("a".into(), "A".into())]));
        let results = results.reduce(Event::Opened { opened: 5, failed: 0 });
        let results = results.reduce(Event::Refused("The download was cut off".into()));
        assert_eq!(results.stage, Stage::Choosing { error: Some("The download was cut off".into()), closed: None });
        assert!(results.questions.is_empty());
    }

    #[test]
    fn a_refusal_after_the_summary_leaves_it_and_says_why() {
        let results =
            Rc::new(Results::default()).reduce(Event::Begin).reduce(Event::Summary(shown(), Choices::default()));
        let results = results.reduce(Event::Updating).reduce(Event::Refused("--by x: …".into()));
        assert!(matches!(results.stage, Stage::Shown(_)));
        assert_eq!((results.updating, results.problem.as_deref()), (false, Some("--by x: …")));
    }

    #[test]
    fn a_view_the_ledger_refused_is_withheld_until_one_it_allows_is_shown() {
        // Refused as the responses are first opened: nothing was shown yet.
        let results = Rc::new(Results::default()).reduce(Event::Begin);
        let words = "refused: release 1 (summary, min-cell 10, 2026-03-09, 200 responses) counted 200 …";
        let refused = |results: Rc<Results>| {
            results.reduce(Event::Withheld {
                words: words.into(),
                what: Withholding::Summary,
                summary: Some((shown(), Choices { by: vec!["school".into()], ..Choices::default() })),
            })
        };
        let results = refused(results);
        let Stage::Shown(counts) = &results.stage else { panic!("the counts of what was opened are shown") };
        assert_eq!((counts.opened, counts.report.as_ref()), (3, None), "and not the tables refused");
        assert_eq!(results.choices.by, ["school"], "the choices it was made with stay chosen");
        let first = results.withheld.clone().unwrap();
        assert_eq!((first.words.as_str(), first.what), (words, Withholding::Summary));
        // The same words again are a new refusal (the focus goes to it again).
        let results = refused(results.reduce(Event::Updating));
        assert_eq!(results.withheld.as_ref().unwrap().serial, first.serial + 1);
        // Published anyway, or other tables the ledger allows: shown, and the refusal gone.
        let results = results.reduce(Event::Summary(shown(), Choices::default()));
        assert_eq!(results.withheld, None);
        // A spreadsheet refused, then downloaded anyway.
        let results = results.reduce(Event::Withheld {
            words: words.into(),
            what: Withholding::File(Download::Xlsx),
            summary: None,
        });
        assert_eq!(results.withheld.as_ref().map(|w| w.what), Some(Withholding::File(Download::Xlsx)));
        let results = results.reduce(Event::Downloaded);
        assert_eq!((results.withheld.as_ref(), results.downloaded), (None, true));
        // A CSV saved while a summary is withheld leaves it withheld.
        let results = refused(results).reduce(Event::Downloaded);
        assert_eq!(results.withheld.as_ref().map(|w| w.what), Some(Withholding::Summary));
    }

    #[test]
    fn closing_forgets_everything_but_why() {
        let results =
            Rc::new(Results::default()).reduce(Event::Begin).reduce(Event::Summary(shown(), Choices::default()));
        let results = results.reduce(Event::Downloaded).reduce(Event::Closed("after 15 minutes".into()));
        assert_eq!(
            *results,
            Results {
                stage: Stage::Choosing { error: None, closed: Some("after 15 minutes".into()) },
                ..Results::default()
            }
        );
    }

    #[test]
    fn files_are_named_after_the_survey_and_the_day() {
        assert_eq!(Download::Csv.file_name("youth-voice", "2025-06-01"), "youth-voice-2025-06-01.csv");
        assert_eq!(Download::Report.file_name("youth-voice", "2025-06-01"), "youth-voice-report-2025-06-01.html");
        assert_eq!(Download::read("xlsx"), Some(Download::Xlsx));
    }
}
