//! What passes between the collector and a store: the [`Store`] interface both stores implement,
//! a submission, what became of it, and how the answer comes back once it is durable.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use tokio::sync::oneshot;

/// One respondent's submission, as the collector stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub survey: String,
    /// 32 lowercase hex characters, chosen at random by the browser.
    pub submission_id: String,
    /// The sealed response, as text (`v1.<b64url>.<b64url>`); the collector cannot open it.
    pub envelope: String,
    /// `YYYY-MM-DD`, UTC. Never a finer time.
    pub day: String,
    /// For a survey that takes access codes: the hash of the token spent with it
    /// ([`crate::access::Token::hash`]), kept as spent in the same transaction as the response.
    pub spent_token: Option<String>,
}

/// What happened to a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now.
    New,
    /// Already stored, identical (a browser retrying): nothing changed.
    Duplicate,
    /// The submission id is already stored with another envelope or for another survey: refused.
    Conflict,
    /// Its token was spent already, with another response: refused, and nothing stored.
    TokenSpent,
}

/// A stored response, as export reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub envelope: String,
}

/// The store could not do what was asked; nothing was acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The writer has more waiting than it will queue: try again shortly.
    Busy,
    /// The store is closed (shutting down) or its writer has stopped.
    Closed,
    /// The database said no (disk full, file unwritable, …).
    Database(String),
    /// The database opened, but the collector did not make it: what it is instead.
    NotOurs(NotOurs),
}

/// A database that is not a collector's, as its backend told us: the organiser's commands say
/// which, in their own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOurs {
    /// The file is not SQLite at all.
    NotSqlite,
    /// A database, but without the collector's table of responses.
    NoResponses,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Busy => write!(f, "the store has too many submissions waiting"),
            StoreError::Closed => write!(f, "the store is closed"),
            StoreError::Database(message) => write!(f, "database: {message}"),
            StoreError::NotOurs(NotOurs::NotSqlite) => write!(f, "not a speaksafe database (not SQLite)"),
            StoreError::NotOurs(NotOurs::NoResponses) => {
                write!(f, "not a speaksafe database (it has no table \"responses\")")
            }
        }
    }
}

impl std::error::Error for StoreError {}

/// The answer to a submission, once it is known: await it (in the server) or [`wait`](Self::wait)
/// for it (in a plain thread).
#[must_use = "the submission is durable only once its Pending has answered"]
pub struct Pending(PendingInner);

enum PendingInner {
    Ready(Option<Result<Inserted, StoreError>>),
    Waiting(oneshot::Receiver<Result<Inserted, StoreError>>),
}

impl Pending {
    /// An answer that is already known.
    pub fn ready(result: Result<Inserted, StoreError>) -> Self {
        Pending(PendingInner::Ready(Some(result)))
    }

    /// An answer that another thread or task will send.
    pub fn channel() -> (oneshot::Sender<Result<Inserted, StoreError>>, Self) {
        let (tx, rx) = oneshot::channel();
        (tx, Pending(PendingInner::Waiting(rx)))
    }

    /// Blocks this thread until the answer is known. Not for use inside an async task.
    pub fn wait(self) -> Result<Inserted, StoreError> {
        match self.0 {
            PendingInner::Ready(result) => result.unwrap_or(Err(StoreError::Closed)),
            PendingInner::Waiting(rx) => rx.blocking_recv().unwrap_or(Err(StoreError::Closed)),
        }
    }
}

impl Future for Pending {
    type Output = Result<Inserted, StoreError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().0 {
            PendingInner::Ready(result) => Poll::Ready(result.take().unwrap_or(Err(StoreError::Closed))),
            PendingInner::Waiting(rx) => Pin::new(rx).poll(cx).map(|r| r.unwrap_or(Err(StoreError::Closed))),
        }
    }
}

/// Where responses are kept.
pub trait Store: Send + Sync {
    /// Hands a submission to the store; the returned [`Pending`] answers once it is durable (or
    /// refused). Never blocks.
    fn submit(&self, submission: Submission) -> Pending;

    /// Stores a submission and returns once it is durable. Blocks the calling thread.
    fn insert(&self, submission: Submission) -> Result<Inserted, StoreError> {
        self.submit(submission).wait()
    }

    /// Every stored response to a survey, in the order of their random submission ids (which says
    /// nothing about when each came).
    fn responses(&self, survey: &str) -> Result<Vec<StoredResponse>, StoreError> {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let page = self.page(survey, after.as_deref(), 4096)?;
            let Some((last, _)) = page.last() else { return Ok(all) };
            after = Some(last.clone());
            all.extend(page.into_iter().map(|(_, response)| response));
        }
    }

    /// At most `limit` responses to a survey whose submission ids come after `after` (from the
    /// first when `None`), in the order of their ids, each with its id: the way to read them all a
    /// chunk at a time, the next chunk starting after the last id of this one.
    fn page(
        &self,
        survey: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, StoredResponse)>, StoreError>;

    /// How many responses a survey has.
    fn count(&self, survey: &str) -> Result<u64, StoreError> {
        self.count_before(survey, None)
    }

    /// How many responses a survey has that were received before the day `before` (`YYYY-MM-DD`),
    /// or in all when `None`: what [`purge`](Self::purge) would delete.
    fn count_before(&self, survey: &str, before: Option<&str>) -> Result<u64, StoreError>;

    /// Deletes a survey's responses received before the day `before`, or all of them when `None`,
    /// and has the database let go of their bytes (see each store). How many were deleted.
    fn purge(&self, survey: &str, before: Option<&str>) -> Result<u64, StoreError>;

    /// Stops taking submissions and writes every one already waiting.
    fn close(&self) {}
}

/// What a store is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The collector: creates the database (or its table) if missing, and writes.
    Collect,
    /// The organiser's commands (export, summary, purge): the database must exist already; a
    /// wrong path or URL never creates an empty one.
    Existing,
}

/// A submission handed to a store's writer, with where to send the answer.
pub type Job = (Submission, oneshot::Sender<Result<Inserted, StoreError>>);

/// Hands a submission to a writer through `try_send` (a channel's, which gives the job back as
/// [`StoreError::Busy`] when its queue is full and [`StoreError::Closed`] when the writer has
/// gone); what the caller waits on. `None` when the store takes no more submissions.
pub fn hand_over<S>(
    sender: &Mutex<Option<S>>,
    submission: Submission,
    try_send: impl FnOnce(&S, Job) -> Result<(), StoreError>,
) -> Pending {
    let sender = sender.lock().unwrap_or_else(|e| e.into_inner());
    let Some(sender) = sender.as_ref() else { return Pending::ready(Err(StoreError::Closed)) };
    let (reply, pending) = Pending::channel();
    match try_send(sender, (submission, reply)) {
        Ok(()) => pending,
        Err(refused) => Pending::ready(Err(refused)),
    }
}
