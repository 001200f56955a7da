//! SQLite, embedded: the default store.
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

use super::interface::{hand_over, Inserted, Job, NotOurs, Pending, Store, StoreError, StoredResponse, Submission};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Mutex;
use std::thread::JoinHandle;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(failure, _) if failure.code == ErrorCode::NotADatabase => {
                StoreError::NotOurs(NotOurs::NotSqlite)
            }
            // SQLite gives a missing table no code of its own (SQLITE_ERROR): its message is all
            // there is, read here once so that no caller reads words.
            rusqlite::Error::SqliteFailure(_, Some(message)) if message.starts_with("no such table: responses") => {
                StoreError::NotOurs(NotOurs::NoResponses)
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
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
///
/// An existing database is never opened here, only its mode changed: this is called again while
/// the collector's own connections have the file open (the records' connection opens beside the
/// responses' writer), and closing any descriptor of a file drops every POSIX lock this process
/// holds on it. Without the writer's lock, another process (an export, a backup) that opened and
/// closed the database took itself for the last user and deleted the write-ahead log, and every
/// response the writer acknowledged after that went into a deleted file, to be lost in a crash.
fn private_files(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let cannot = |e: std::io::Error| StoreError::Database(format!("{}: {e}", path.display()));
        match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(cannot(e)),
        }
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
             ) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS spent_tokens (
                 token_hash TEXT NOT NULL PRIMARY KEY,
                 survey TEXT NOT NULL
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

/// A connection for the organisers' records (its own, beside the responses' writer and reader),
/// to a database that is the collector's own file (made, readable by its owner only, if missing).
pub fn records_connection(path: &Path) -> Result<Connection, StoreError> {
    private_files(path)?;
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
    conn.execute_batch("PRAGMA synchronous=FULL;")?;
    Ok(conn)
}

fn read_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
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
    // IMMEDIATE: the write lock from the start, so that a token checked here cannot be spent by
    // another collector on the same file between the check and the write.
    let transaction = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
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
        let mut spend = transaction
            .prepare_cached("INSERT INTO spent_tokens (token_hash, survey) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
        for (s, _) in batch {
            // With a token: a response already stored under this id is a browser sending again
            // (its token was spent with it); otherwise the token is spent now, or was already.
            if let Some(token) = &s.spent_token {
                let stored: Option<(String, String)> =
                    existing.query_row([&s.submission_id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
                if let Some((survey, envelope)) = stored {
                    results.push(if survey == s.survey && envelope == s.envelope {
                        Inserted::Duplicate
                    } else {
                        Inserted::Conflict
                    });
                    continue;
                }
                if spend.execute(params![token, s.survey])? == 0 {
                    results.push(Inserted::TokenSpent);
                    continue;
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(id: &str, envelope: &str) -> Submission {
        Submission {
            survey: "s".into(),
            submission_id: id.into(),
            envelope: envelope.into(),
            day: "2025-01-01".into(),
            spent_token: None,
        }
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
