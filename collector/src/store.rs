//! Where the collector keeps what respondents send: ciphertext, the survey it is for, a random
//! submission id, and the day (UTC, `YYYY-MM-DD`). Nothing else: no address, no time of day, no
//! order of arrival.
//!
//! [`Store`] is the small interface the server and the organiser's commands need; [`SqliteStore`]
//! is the embedded default, [`crate::postgres::PostgresStore`] the one for several collectors.
//! [`Location`] is what `--db` names (a file, or a `postgres://` URL) and [`open`] opens it.
//!
//! # Durability and throughput
//!
//! One writer thread owns the writing connection. Requests hand it their submission through a
//! channel and wait for its answer; the writer takes everything that is waiting, writes it in one
//! transaction and commits once (one fsync with `synchronous=FULL` in WAL mode), then answers every
//! submission in that batch. So an answer means "on disk", and the cost of an fsync is shared by
//! all the respondents who submitted meanwhile (group commit).
//!
//! # What the table keeps
//!
//! ```sql
//! CREATE TABLE responses (survey TEXT NOT NULL, submission_id TEXT NOT NULL PRIMARY KEY,
//!                         envelope TEXT NOT NULL, day TEXT NOT NULL) WITHOUT ROWID
//! ```
//!
//! A table with row numbers would number rows 1, 2, 3, … as they arrive, and that order, with the
//! day, says roughly when each response came ("the third one on Tuesday"). `WITHOUT ROWID` keeps
//! the rows in the order of their random submission ids instead, and so does
//! [`Store::responses`]. SQLite advises against `WITHOUT ROWID` for rows as big as envelopes, but
//! measured with bench/collector on the 2-core machine it stored about 4 500 submissions/s,
//! against about 2 900 for random row numbers (the other way to hide the order) and 6 700 for
//! row numbers in order of arrival: random placement costs, in-order placement tells.
//! What SQL shows is covered; the file's own layout (which page was written when) is not, until
//! the database is rewritten (`VACUUM` copies rows in key order).

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};
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
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Busy => write!(f, "the store has too many submissions waiting"),
            StoreError::Closed => write!(f, "the store is closed"),
            StoreError::Database(message) => write!(f, "database: {message}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

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

/// Where the responses are kept, as `--db` names it: a SQLite file, or a PostgreSQL URL
/// (`postgres://user@host/dbname` or `postgresql://…`, as libpq reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::str::FromStr for Location {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err("an empty --db: give a database file or a postgres:// URL".into());
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            crate::postgres::config(text)?;
            Ok(Location::Postgres(text.to_string()))
        } else if lower.contains("://") {
            Err(format!("{}: only postgres:// URLs and file paths are databases here", redacted(text)))
        } else {
            Ok(Location::Sqlite(PathBuf::from(text)))
        }
    }
}

impl fmt::Display for Location {
    /// The file's path, or the URL without its password: safe to print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

/// A URL with any password in it (`user:password@`, `?password=`) replaced by `***`.
fn redacted(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            match authority.rsplit_once('@') {
                Some((user, host)) if user.contains(':') => {
                    format!("{scheme}://{}:***@{host}{path}", user.split(':').next().unwrap_or(""))
                }
                _ => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    let Some(query) = query else { return base };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
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

/// Opens the database `--db` names.
pub fn open(location: &Location, access: Access) -> Result<std::sync::Arc<dyn Store>, String> {
    let opened: Result<std::sync::Arc<dyn Store>, StoreError> = match (location, access) {
        (Location::Sqlite(path), Access::Collect) => SqliteStore::open(path).map(|s| std::sync::Arc::new(s) as _),
        (Location::Sqlite(path), Access::Existing) => {
            if !path.is_file() {
                return Err(format!("{}: no such database (give the collector's with --db)", path.display()));
            }
            SqliteStore::open_read_only(path).map(|s| std::sync::Arc::new(s) as _)
        }
        (Location::Postgres(url), access) => {
            crate::postgres::PostgresStore::open(url, access).map(|s| std::sync::Arc::new(s) as _)
        }
    };
    opened.map_err(|e| format!("{location}: {e}"))
}

/// The most submissions written in one transaction.
const MAX_BATCH: usize = 4096;
/// The most submissions waiting for the writer; past that, [`StoreError::Busy`].
const QUEUE: usize = 16_384;

/// SQLite, embedded: WAL, `synchronous=FULL`, one writer thread with group commit.
pub struct SqliteStore {
    path: PathBuf,
    sender: Mutex<Option<SyncSender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    reader: Mutex<Option<Connection>>,
}

/// Makes the database readable by the collector's user only (mode 0600), before SQLite opens it:
/// even ciphertext is nobody else's to copy. SQLite gives the `-wal` and `-shm` files it makes
/// the database file's own mode; files left from before with a wider mode are narrowed too.
fn private_files(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let cannot = |e: std::io::Error| StoreError::Database(format!("{}: {e}", path.display()));
        std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map_err(cannot)?;
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(cannot)?;
            }
        }
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` for reading and writing, and starts its
    /// writer thread.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        private_files(&path)?;
        let conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // journal_mode answers with the mode in force; a database that cannot use WAL (some
        // network file systems) would silently stay in another mode, so check.
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Database(format!(
                "{} cannot use write-ahead logging (journal mode {mode})",
                path.display()
            )));
        }
        // synchronous=FULL: a commit returns once the log is on disk (fsync). wal_autocheckpoint:
        // copy the log into the database every 10 000 pages (40 MB) rather than every 1 000: rows
        // land in random places (see above), so a page is often changed several times between
        // copies, and copying less often measured 15-35 % faster (bench/collector).
        conn.execute_batch(
            "PRAGMA synchronous=FULL;
             PRAGMA wal_autocheckpoint=10000;
             CREATE TABLE IF NOT EXISTS responses (
                 survey TEXT NOT NULL,
                 submission_id TEXT NOT NULL PRIMARY KEY,
                 envelope TEXT NOT NULL,
                 day TEXT NOT NULL
             ) WITHOUT ROWID;",
        )?;
        let (sender, receiver) = mpsc::sync_channel::<Job>(QUEUE);
        let writer = std::thread::Builder::new()
            .name("speaksafe-store-writer".into())
            .spawn(move || write_batches(conn, receiver))
            .map_err(|e| StoreError::Database(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            path,
            sender: Mutex::new(Some(sender)),
            writer: Mutex::new(Some(writer)),
            reader: Mutex::new(None),
        })
    }

    /// Opens an existing database for reading only (export, summary): no writer thread, and
    /// [`Store::submit`] answers [`StoreError::Closed`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = read_connection(&path)?;
        Ok(SqliteStore { path, sender: Mutex::new(None), writer: Mutex::new(None), reader: Mutex::new(Some(conn)) })
    }

    /// Stops taking submissions, writes every one already waiting, and waits for the writer
    /// thread to finish. Called by `Drop` too.
    pub fn close(&self) {
        drop(self.sender.lock().unwrap_or_else(|e| e.into_inner()).take());
        if let Some(writer) = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = writer.join();
        }
    }

    fn with_reader<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let mut reader = self.reader.lock().unwrap_or_else(|e| e.into_inner());
        if reader.is_none() {
            *reader = Some(read_connection(&self.path)?);
        }
        let conn = reader.as_ref().expect("opened above");
        Ok(f(conn)?)
    }
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.close();
    }
}

fn read_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
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

impl Store for SqliteStore {
    fn submit(&self, submission: Submission) -> Pending {
        hand_over(&self.sender, submission, |sender, job| {
            sender.try_send(job).map_err(|e| match e {
                TrySendError::Full(_) => StoreError::Busy,
                TrySendError::Disconnected(_) => StoreError::Closed,
            })
        })
    }

    fn page(
        &self,
        survey: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, StoredResponse)>, StoreError> {
        self.with_reader(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT submission_id, day, envelope FROM responses
                 WHERE survey = ?1 AND submission_id > ?2 ORDER BY submission_id LIMIT ?3",
            )?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = statement.query_map(params![survey, after.unwrap_or(""), limit], |row| {
                Ok((row.get(0)?, StoredResponse { day: row.get(1)?, envelope: row.get(2)? }))
            })?;
            rows.collect()
        })
    }

    fn count_before(&self, survey: &str, before: Option<&str>) -> Result<u64, StoreError> {
        self.with_reader(|conn| {
            conn.query_row(
                "SELECT COUNT(*) FROM responses WHERE survey = ?1 AND day < ?2",
                params![survey, before.unwrap_or(AFTER_EVERY_DAY)],
                |row| row.get(0),
            )
        })
    }

    /// Deletes in one transaction, then rebuilds the file (`VACUUM`) and empties the log into it
    /// (`wal_checkpoint(TRUNCATE)`): a deleted row's bytes would otherwise stay in free pages of
    /// the file, and in the log, until overwritten. A collector may keep running meanwhile; its
    /// submissions wait (up to the busy timeout) while the file is rebuilt.
    fn purge(&self, survey: &str, before: Option<&str>) -> Result<u64, StoreError> {
        let mut conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let transaction = conn.transaction()?;
        let deleted = transaction.execute(
            "DELETE FROM responses WHERE survey = ?1 AND day < ?2",
            params![survey, before.unwrap_or(AFTER_EVERY_DAY)],
        )?;
        transaction.commit()?;
        conn.execute_batch("VACUUM")?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        // This store's own reader may hold the old file's pages in its cache: start afresh.
        *self.reader.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(deleted as u64)
    }

    fn close(&self) {
        SqliteStore::close(self);
    }
}

/// A day later than every `YYYY-MM-DD`: "before" it is every response.
const AFTER_EVERY_DAY: &str = "9999-99-99";

/// The writer thread: takes everything waiting, writes it in one transaction, commits, answers.
/// Ends when every sender is gone and the queue is empty.
fn write_batches(mut conn: Connection, receiver: Receiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(256);
    while let Ok(first) = receiver.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match write_batch(&mut conn, &batch) {
            Ok(results) => {
                for ((_, reply), result) in batch.drain(..).zip(results) {
                    // A request that gave up waiting (its connection closed) is no one to tell.
                    let _ = reply.send(Ok(result));
                }
            }
            Err(e) => {
                let error = StoreError::from(e);
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(error.clone()));
                }
            }
        }
    }
}

/// Writes one batch in one transaction; nothing of it is kept unless all of it is.
fn write_batch(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<Vec<Inserted>> {
    let transaction = conn.transaction()?;
    let mut results = Vec::with_capacity(batch.len());
    {
        // A submission id already stored changes nothing; the lookup says whether it was this
        // same submission (a browser sending again) or another one.
        let mut insert = transaction.prepare_cached(
            "INSERT INTO responses (survey, submission_id, envelope, day) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (submission_id) DO NOTHING",
        )?;
        let mut existing =
            transaction.prepare_cached("SELECT survey, envelope FROM responses WHERE submission_id = ?1")?;
        for (s, _) in batch {
            if insert.execute(params![s.survey, s.submission_id, s.envelope, s.day])? == 1 {
                results.push(Inserted::New);
                continue;
            }
            let stored: Option<(String, String)> =
                existing.query_row([&s.submission_id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
            results.push(match stored {
                Some((survey, envelope)) if survey == s.survey && envelope == s.envelope => Inserted::Duplicate,
                _ => Inserted::Conflict,
            });
        }
    }
    transaction.commit()?;
    Ok(results)
}

/// Today's date in UTC as `YYYY-MM-DD`: the only time the collector keeps.
pub fn today() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    day_of(seconds)
}

/// The UTC date, `YYYY-MM-DD`, of a count of seconds since 1970-01-01T00:00:00Z.
pub fn day_of(unix_seconds: u64) -> String {
    let (year, month, day) = civil_from_days((unix_seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_dates() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(day_of(86_399), "1970-01-01");
        assert_eq!(day_of(86_400), "1970-01-02");
        assert_eq!(day_of(951_782_400), "2000-02-29");
        assert_eq!(day_of(1_709_164_800), "2024-02-29");
        assert_eq!(day_of(1_735_689_599), "2024-12-31");
        assert_eq!(day_of(1_735_689_600), "2025-01-01");
        assert_eq!(day_of(4_107_542_400), "2100-03-01");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn every_day_follows_the_one_before() {
        let mut previous = civil_from_days(-800_000);
        for days in -799_999..800_000 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let next_day = y == py && m == pm && d == pd + 1;
            let next_month = y == py && m == pm + 1 && d == 1 && pd >= 28;
            let next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
            assert!(next_day || next_month || next_year, "{previous:?} then {:?}", (y, m, d));
            previous = (y, m, d);
        }
    }

    #[test]
    fn db_locations_and_their_printed_names() {
        let parse = |text: &str| text.parse::<Location>();
        assert_eq!(parse("responses.db"), Ok(Location::Sqlite("responses.db".into())));
        assert_eq!(parse("/var/lib/speaksafe/r.db"), Ok(Location::Sqlite("/var/lib/speaksafe/r.db".into())));
        for url in ["postgres://speaksafe@localhost/speaksafe", "postgresql://u@%2Frun%2Fpostgresql/db"] {
            assert_eq!(parse(url), Ok(Location::Postgres(url.into())), "{url}");
        }
        assert!(parse("").is_err());
        assert!(parse("mysql://root@db/x").unwrap_err().contains("only postgres:// URLs"));
        assert!(parse("postgres://u@h:notaport/d").is_err());
        let shown = |text: &str| parse(text).unwrap().to_string();
        assert_eq!(
            shown("postgres://org:s3cret@db.internal:5432/speaksafe"),
            "postgres://org:***@db.internal:5432/speaksafe"
        );
        assert_eq!(
            shown("postgres://org@db/x?password=s3cret&sslmode=disable"),
            "postgres://org@db/x?password=***&sslmode=disable"
        );
        assert_eq!(shown("postgres://org@db/x"), "postgres://org@db/x");
        assert_eq!(shown("responses.db"), "responses.db");
    }

    fn submission(id: &str, envelope: &str) -> Submission {
        Submission { survey: "s".into(), submission_id: id.into(), envelope: envelope.into(), day: "2025-01-01".into() }
    }

    #[test]
    fn new_duplicate_conflict() {
        let dir = std::env::temp_dir().join(format!("speaksafe-store-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.db");
        let _ = std::fs::remove_file(&path);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.insert(submission("a", "v1.x.y")), Ok(Inserted::New));
        assert_eq!(store.insert(submission("a", "v1.x.y")), Ok(Inserted::Duplicate));
        assert_eq!(store.insert(submission("a", "v1.x.z")), Ok(Inserted::Conflict));
        let mut other = submission("a", "v1.x.y");
        other.survey = "t".into();
        assert_eq!(store.insert(other), Ok(Inserted::Conflict));
        assert_eq!(store.count("s"), Ok(1));
        assert_eq!(
            store.responses("s").unwrap(),
            vec![StoredResponse { day: "2025-01-01".into(), envelope: "v1.x.y".into() }]
        );
        store.close();
        assert_eq!(store.insert(submission("b", "v1.x.y")), Err(StoreError::Closed));
        let read = SqliteStore::open_read_only(&path).unwrap();
        assert_eq!(read.count("s"), Ok(1));
        assert_eq!(read.insert(submission("b", "v1.x.y")), Err(StoreError::Closed));
        drop(read);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
