//! The PostgreSQL store, for a collector next to the PostgreSQL a council already runs, and for
//! several collectors sharing one database (`--db postgres://user@host/dbname`).
//!
//! It keeps the promises of the SQLite store ([`crate::store`]):
//!
//! - **201 only once durable.** Every connection is opened with `synchronous_commit=on` (whatever
//!   the server's default), and a submission is answered once the transaction holding it has
//!   committed. At start the collector checks that the server's `fsync` is on.
//! - **The same submission twice is stored once**, and the same id with another envelope is a
//!   conflict, whichever collector each copy reached: the submission id is the primary key, rows go
//!   in with `ON CONFLICT DO NOTHING`, and an id already stored is compared with what is stored.
//!   A retry that reaches a second collector while the first copy's transaction is still open
//!   waits for that transaction, then sees its row.
//! - **No arrival order, no time of day.** The table has the survey, the random submission id, the
//!   envelope and the day; nothing else.
//!
//! ```sql
//! CREATE TABLE responses (survey text NOT NULL, submission_id text COLLATE "C" PRIMARY KEY,
//!                         envelope text NOT NULL, day text COLLATE "C" NOT NULL)
//! ```
//!
//! # What the files still say
//!
//! PostgreSQL's heap is not kept in key order: a new row goes where there is room, which in a
//! table that only grows is the end, so the order of rows in the table's files (their `ctid`) is
//! roughly the order of arrival, and each row's `xmin` (the id of the transaction that wrote it)
//! grows with time too. Neither is a column of ours, but anyone with the database's files or
//! superuser SQL can read them: "the 3rd response of Tuesday". This store narrows it (a batch is
//! written in the order of its random ids, in one transaction, so rows that came together are not
//! told apart), and docs/deploy.md says how to rewrite the table so that neither says anything:
//! `UPDATE responses SET day = day` in one transaction (every row gets the same `xmin`), then
//! `CLUSTER responses USING responses_pkey` (the table rewritten in id order; `VACUUM FULL` would
//! rewrite it too but keep the old order). The write-ahead log, and backups, keep what they kept.
//!
//! # Throughput
//!
//! As in the SQLite store, submissions are batched: [`WRITERS`] tasks each take everything waiting
//! (up to [`MAX_BATCH`]), write it with one `INSERT … SELECT FROM unnest(…)` in one transaction and
//! commit, so the cost of a commit's flush is shared. Several writers keep several transactions
//! in flight at once (PostgreSQL flushes concurrent commits together). Every batch is written in
//! id order, so two collectors writing overlapping batches take their locks in the same order and
//! do not deadlock.
//!
//! A batch that fails (the server restarting, a connection lost) is tried again, on a new
//! connection, a few times over about two seconds: a retry is safe, since a row that did commit is
//! found again as a duplicate and answered the same. Past that, its submissions get
//! [`StoreError::Database`] (503: the browser sends them again).

use super::interface::{
    hand_over, Access, Inserted, Job, NotOurs, Pending, Store, StoreError, StoredResponse, Submission,
};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime as PoolRuntime};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{self, error::TrySendError};
use tokio_postgres::NoTls;

/// Transactions in flight at once, each with its own connection.
pub const WRITERS: usize = 4;
/// The most submissions written in one transaction.
pub const MAX_BATCH: usize = 1024;
/// The most submissions waiting for a writer; past that, [`StoreError::Busy`] (503).
const QUEUE: usize = 16_384;
/// How often a failed batch is tried again, and how long to wait before each try.
const RETRIES: [Duration; 3] = [Duration::from_millis(200), Duration::from_millis(600), Duration::from_millis(1200)];

/// The schema, one step at a time: step N is applied once, when `speaksafe_schema` says the
/// database is at N-1. Never edit a step that has shipped; add one.
const MIGRATIONS: &[&str] = &[
    // Envelopes are random bytes in base64url: compressing them gains almost nothing, so they
    // are stored out of line without trying (STORAGE EXTERNAL).
    r#"CREATE TABLE responses (
           survey text NOT NULL,
           submission_id text COLLATE "C" NOT NULL PRIMARY KEY,
           envelope text NOT NULL,
           day text COLLATE "C" NOT NULL
       );
       ALTER TABLE responses ALTER COLUMN envelope SET STORAGE EXTERNAL;
       CREATE INDEX responses_survey_day ON responses (survey, day);"#,
    // Access codes: the hashes of tokens spent with responses (crate::access).
    r#"CREATE TABLE spent_tokens (
           token_hash text COLLATE "C" NOT NULL PRIMARY KEY,
           survey text NOT NULL
       );"#,
];

/// The advisory lock held while migrating, so that collectors starting together migrate once.
pub const MIGRATION_LOCK: i64 = 0x7370_6561_6b73_6166; // "speaksaf"

/// Reads a `postgres://` URL as libpq would, and sets what the store needs of every connection:
/// `synchronous_commit=on` (a commit returns once it is flushed), an application name, and a
/// connection time limit when none is given.
pub fn config(url: &str) -> Result<tokio_postgres::Config, String> {
    let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
        // The parser's message never holds the URL itself, so no password is printed.
        format!("not a PostgreSQL URL: {e}")
    })?;
    let options = config.get_options().map(|o| format!("{o} ")).unwrap_or_default();
    config.options(format!("{options}-c synchronous_commit=on"));
    if config.get_application_name().is_none() {
        config.application_name("speaksafe");
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    Ok(config)
}

/// Responses in PostgreSQL: a pool of connections, [`WRITERS`] writer tasks with group commit.
pub struct PostgresStore {
    pool: Pool,
    /// The store's own runtime: the store works the same from the collector's async handlers and
    /// from the organiser's plain commands.
    runtime: Mutex<Option<tokio::runtime::Runtime>>,
    handle: tokio::runtime::Handle,
    sender: Mutex<Option<mpsc::Sender<Job>>>,
    writers: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

fn database_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

/// A PostgreSQL error with what the server said (its message, detail and hint), not only
/// "db error".
fn pg_error(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Database(format!("{}: {}", db.severity(), db.message())),
        None => StoreError::Database(e.to_string()),
    }
}

fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_error(e),
        other => database_error(other),
    }
}

impl PostgresStore {
    /// Connects to the database at `url`. To collect, it brings the schema up to date and starts
    /// the writers; for the organiser's commands, the table must exist already.
    pub fn open(url: &str, access: Access) -> Result<Self, StoreError> {
        let config = config(url).map_err(StoreError::Database)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("speaksafe-postgres")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Database(format!("cannot start the store's runtime: {e}")))?;
        let handle = runtime.handle().clone();
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = {
            // The pool's timers need the runtime in force while it is built.
            let _entered = runtime.enter();
            Pool::builder(manager)
                .max_size(WRITERS + 4)
                .runtime(PoolRuntime::Tokio1)
                .wait_timeout(Some(Duration::from_secs(10)))
                .create_timeout(Some(Duration::from_secs(5)))
                .recycle_timeout(Some(Duration::from_secs(5)))
                .build()
                .map_err(database_error)?
        };
        let prepared = {
            let pool = pool.clone();
            block_on(&handle, async move {
                let mut client = pool.get().await.map_err(pool_error)?;
                check_durable(&client).await?;
                match access {
                    Access::Collect => migrate(&mut client).await,
                    Access::Existing => check_table(&client).await,
                }
            })
        };
        if let Err(e) = prepared {
            runtime.shutdown_background();
            return Err(e);
        }
        let store = PostgresStore {
            pool,
            runtime: Mutex::new(Some(runtime)),
            handle,
            sender: Mutex::new(None),
            writers: Mutex::new(Vec::new()),
        };
        if access == Access::Collect {
            store.start_writers();
        }
        Ok(store)
    }

    fn start_writers(&self) {
        let (sender, receiver) = mpsc::channel::<Job>(QUEUE);
        let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
        let writers =
            (0..WRITERS).map(|_| self.handle.spawn(write_batches(self.pool.clone(), receiver.clone()))).collect();
        *self.sender.lock().unwrap_or_else(|e| e.into_inner()) = Some(sender);
        *self.writers.lock().unwrap_or_else(|e| e.into_inner()) = writers;
    }

    /// Runs `work` on the store's runtime and waits for it, from any thread (an async handler's
    /// included: the store's runtime is not the caller's).
    fn run<T: Send + 'static>(&self, work: impl Future<Output = T> + Send + 'static) -> T {
        block_on(&self.handle, work)
    }
}

fn block_on<T: Send + 'static>(handle: &tokio::runtime::Handle, work: impl Future<Output = T> + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    handle.spawn(async move {
        let _ = tx.send(work.await);
    });
    rx.recv().expect("the store's runtime ran the task to its end")
}

/// Refuses a server that would acknowledge commits it has not flushed.
async fn check_durable(client: &deadpool_postgres::Client) -> Result<(), StoreError> {
    for (setting, wanted) in [("fsync", "on"), ("synchronous_commit", "on")] {
        let row = client.query_one(&format!("SHOW {setting}"), &[]).await.map_err(pg_error)?;
        let value: String = row.get(0);
        if value != wanted {
            return Err(StoreError::Database(format!(
                "the server has {setting}={value}: a commit would not be durable when it is acknowledged"
            )));
        }
    }
    Ok(())
}

/// Brings the schema up to date, under an advisory lock so that collectors starting at the same
/// moment apply each step once.
async fn migrate(client: &mut deadpool_postgres::Client) -> Result<(), StoreError> {
    let transaction = client.transaction().await.map_err(pg_error)?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(pg_error)?;
    transaction
        .batch_execute("CREATE TABLE IF NOT EXISTS speaksafe_schema (version integer NOT NULL PRIMARY KEY)")
        .await
        .map_err(pg_error)?;
    let row =
        transaction.query_one("SELECT coalesce(max(version), 0) FROM speaksafe_schema", &[]).await.map_err(pg_error)?;
    let at: i32 = row.get(0);
    if at as usize > MIGRATIONS.len() {
        return Err(StoreError::Database(format!(
            "the database's schema is version {at}, newer than this collector's {}: run the newer collector",
            MIGRATIONS.len()
        )));
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(at as usize) {
        transaction.batch_execute(sql).await.map_err(pg_error)?;
        let version = step as i32 + 1;
        transaction
            .execute("INSERT INTO speaksafe_schema (version) VALUES ($1)", &[&version])
            .await
            .map_err(pg_error)?;
    }
    transaction.commit().await.map_err(pg_error)
}

/// For the organiser's commands: the database must be a collector's.
async fn check_table(client: &deadpool_postgres::Client) -> Result<(), StoreError> {
    let row = client.query_one("SELECT to_regclass('responses') IS NOT NULL", &[]).await.map_err(pg_error)?;
    if row.get::<_, bool>(0) {
        Ok(())
    } else {
        Err(StoreError::NotOurs(NotOurs::NoResponses))
    }
}

/// One writer: takes everything waiting (the receiver is shared by all writers, one takes at a
/// time), writes it in one transaction, answers. Ends when the store closes and nothing waits.
async fn write_batches(pool: Pool, receiver: Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>) {
    let mut batch: Vec<Job> = Vec::with_capacity(256);
    loop {
        {
            let mut receiver = receiver.lock().await;
            match receiver.recv().await {
                Some(job) => batch.push(job),
                None => return,
            }
            while batch.len() < MAX_BATCH {
                match receiver.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
        }
        let submissions: Vec<&Submission> = batch.iter().map(|(s, _)| s).collect();
        let mut result = write_batch(&pool, &submissions).await;
        for wait in RETRIES {
            if result.is_ok() {
                break;
            }
            tokio::time::sleep(wait).await;
            result = write_batch(&pool, &submissions).await;
        }
        match result {
            Ok(results) => {
                for ((_, reply), inserted) in batch.drain(..).zip(results) {
                    let _ = reply.send(Ok(inserted));
                }
            }
            Err(error) => {
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(error.clone()));
                }
            }
        }
    }
}

/// Writes one batch in one transaction and says what happened to each submission, in order.
async fn write_batch(pool: &Pool, batch: &[&Submission]) -> Result<Vec<Inserted>, StoreError> {
    let mut client = pool.get().await.map_err(pool_error)?;
    let transaction = client.transaction().await.map_err(pg_error)?;
    // Each id once (a browser may have sent the same submission twice in one batch), in id order:
    // rows that came together land in an order that says nothing of which came first, and two
    // collectors lock overlapping ids in the same order.
    let mut order: Vec<usize> = (0..batch.len()).collect();
    order.sort_by(|&a, &b| batch[a].submission_id.cmp(&batch[b].submission_id));
    order.dedup_by(|a, b| batch[*a].submission_id == batch[*b].submission_id);
    // Tokens first: a submission whose token was spent already is not written (see spend_tokens).
    let (token_spent, spent_now) = spend_tokens(&transaction, batch, &order).await?;
    order.retain(|i| !token_spent.contains(i));
    let column = |f: fn(&Submission) -> &str| order.iter().map(|&i| f(batch[i])).collect::<Vec<&str>>();
    let (surveys, ids, envelopes, days) =
        (column(|s| &s.survey), column(|s| &s.submission_id), column(|s| &s.envelope), column(|s| &s.day));
    let inserted = transaction
        .query(
            "INSERT INTO responses (survey, submission_id, envelope, day)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
             ON CONFLICT (submission_id) DO NOTHING
             RETURNING submission_id",
            &[&surveys, &ids, &envelopes, &days],
        )
        .await
        .map_err(pg_error)?;
    let mut new: HashSet<String> = inserted.iter().map(|row| row.get(0)).collect();
    // The first submission with a new id is New; every other is compared with what is stored.
    let mut results: Vec<Option<Inserted>> = batch
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if token_spent.contains(&i) {
                Some(Inserted::TokenSpent)
            } else {
                new.remove(&s.submission_id).then_some(Inserted::New)
            }
        })
        .collect();
    let unsettled: Vec<&str> =
        batch.iter().zip(&results).filter(|(_, r)| r.is_none()).map(|(s, _)| s.submission_id.as_str()).collect();
    if !unsettled.is_empty() {
        let stored: HashMap<String, (String, String)> = transaction
            .query("SELECT submission_id, survey, envelope FROM responses WHERE submission_id = ANY($1)", &[&unsettled])
            .await
            .map_err(pg_error)?
            .into_iter()
            .map(|row| (row.get(0), (row.get(1), row.get(2))))
            .collect();
        for (s, result) in batch.iter().zip(results.iter_mut()) {
            if result.is_none() {
                *result = Some(match stored.get(&s.submission_id) {
                    Some((survey, envelope)) if *survey == s.survey && *envelope == s.envelope => Inserted::Duplicate,
                    _ => Inserted::Conflict,
                });
            }
        }
    }
    // A token spent for a submission that turned out to conflict (its id taken by another
    // response meanwhile) is given back: nothing was stored with it.
    let give_back: Vec<&str> = batch
        .iter()
        .zip(&results)
        .filter(|(s, r)| {
            **r == Some(Inserted::Conflict) && s.spent_token.as_ref().is_some_and(|t| spent_now.contains(t))
        })
        .filter_map(|(s, _)| s.spent_token.as_deref())
        .collect();
    if !give_back.is_empty() {
        transaction
            .execute("DELETE FROM spent_tokens WHERE token_hash = ANY($1)", &[&give_back])
            .await
            .map_err(pg_error)?;
    }
    transaction.commit().await.map_err(pg_error)?;
    Ok(results.into_iter().map(|r| r.unwrap_or(Inserted::Conflict)).collect())
}

/// Spends the tokens of a batch's submissions (`order`: one index for each submission id), in
/// the order of their hashes (so that two collectors lock them in the same order): which
/// submissions' tokens were spent already (by another response), and which tokens were spent now.
///
/// A submission already stored under its id is a browser sending again: its token was spent with
/// it, so it is not spent again (it is answered as a duplicate). A token that turns out to be
/// spent is looked at once more: if another collector has just stored this very submission, it
/// is a duplicate too, not a second use.
async fn spend_tokens(
    transaction: &tokio_postgres::Transaction<'_>,
    batch: &[&Submission],
    order: &[usize],
) -> Result<(HashSet<usize>, HashSet<String>), StoreError> {
    let with_token: Vec<usize> = order.iter().copied().filter(|&i| batch[i].spent_token.is_some()).collect();
    if with_token.is_empty() {
        return Ok((HashSet::new(), HashSet::new()));
    }
    let ids: Vec<&str> = with_token.iter().map(|&i| batch[i].submission_id.as_str()).collect();
    let stored: HashSet<String> = transaction
        .query("SELECT submission_id FROM responses WHERE submission_id = ANY($1)", &[&ids])
        .await
        .map_err(pg_error)?
        .into_iter()
        .map(|row| row.get(0))
        .collect();
    let mut spent = HashSet::new();
    let mut to_spend: Vec<usize> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for &i in &with_token {
        if stored.contains(&batch[i].submission_id) {
            continue;
        }
        let token = batch[i].spent_token.as_deref().unwrap_or_default();
        if seen.insert(token) {
            to_spend.push(i);
        } else {
            spent.insert(i); // the same token twice in one batch, with two responses
        }
    }
    to_spend.sort_by(|&a, &b| batch[a].spent_token.cmp(&batch[b].spent_token));
    let tokens: Vec<&str> = to_spend.iter().map(|&i| batch[i].spent_token.as_deref().unwrap_or_default()).collect();
    let surveys: Vec<&str> = to_spend.iter().map(|&i| batch[i].survey.as_str()).collect();
    let spent_now: HashSet<String> = transaction
        .query(
            "INSERT INTO spent_tokens (token_hash, survey) SELECT * FROM unnest($1::text[], $2::text[])
             ON CONFLICT (token_hash) DO NOTHING RETURNING token_hash",
            &[&tokens, &surveys],
        )
        .await
        .map_err(pg_error)?
        .into_iter()
        .map(|row| row.get(0))
        .collect();
    let refused: Vec<usize> = to_spend
        .iter()
        .copied()
        .filter(|&i| !spent_now.contains(batch[i].spent_token.as_deref().unwrap_or_default()))
        .collect();
    if !refused.is_empty() {
        let ids: Vec<&str> = refused.iter().map(|&i| batch[i].submission_id.as_str()).collect();
        let stored_now: HashSet<String> = transaction
            .query("SELECT submission_id FROM responses WHERE submission_id = ANY($1)", &[&ids])
            .await
            .map_err(pg_error)?
            .into_iter()
            .map(|row| row.get(0))
            .collect();
        spent.extend(refused.into_iter().filter(|&i| !stored_now.contains(&batch[i].submission_id)));
    }
    Ok((spent, spent_now))
}

impl Store for PostgresStore {
    fn submit(&self, submission: Submission) -> Pending {
        hand_over(&self.sender, submission, |sender, job| {
            sender.try_send(job).map_err(|e| match e {
                TrySendError::Full(_) => StoreError::Busy,
                TrySendError::Closed(_) => StoreError::Closed,
            })
        })
    }

    fn page(
        &self,
        survey: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, StoredResponse)>, StoreError> {
        let (pool, survey, after) = (self.pool.clone(), survey.to_string(), after.unwrap_or("").to_string());
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let rows = client
                .query(
                    "SELECT submission_id, day, envelope FROM responses
                     WHERE survey = $1 AND submission_id > $2 ORDER BY submission_id LIMIT $3",
                    &[&survey, &after, &limit],
                )
                .await
                .map_err(pg_error)?;
            Ok(rows
                .into_iter()
                .map(|row| (row.get(0), StoredResponse { day: row.get(1), envelope: row.get(2) }))
                .collect())
        })
    }

    fn count_before(&self, survey: &str, before: Option<&str>) -> Result<u64, StoreError> {
        let (pool, survey, before) = (self.pool.clone(), survey.to_string(), before.map(str::to_string));
        self.run(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let row = client
                .query_one(
                    "SELECT count(*) FROM responses WHERE survey = $1 AND ($2::text IS NULL OR day < $2)",
                    &[&survey, &before],
                )
                .await
                .map_err(pg_error)?;
            Ok(row.get::<_, i64>(0).max(0) as u64)
        })
    }

    /// Deletes in one transaction, then `VACUUM responses` so that the space is reused. The deleted
    /// rows' bytes can stay in the table's files until they are overwritten or the table is
    /// rewritten (`VACUUM FULL`, `CLUSTER`; docs/deploy.md), and in the write-ahead log and backups.
    fn purge(&self, survey: &str, before: Option<&str>) -> Result<u64, StoreError> {
        let (pool, survey, before) = (self.pool.clone(), survey.to_string(), before.map(str::to_string));
        self.run(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let deleted = client
                .execute(
                    "DELETE FROM responses WHERE survey = $1 AND ($2::text IS NULL OR day < $2)",
                    &[&survey, &before],
                )
                .await
                .map_err(pg_error)?;
            client.batch_execute("VACUUM responses").await.map_err(pg_error)?;
            Ok(deleted)
        })
    }

    /// Stops taking submissions and waits until every writer has written what was waiting.
    fn close(&self) {
        drop(self.sender.lock().unwrap_or_else(|e| e.into_inner()).take());
        let writers = std::mem::take(&mut *self.writers.lock().unwrap_or_else(|e| e.into_inner()));
        if !writers.is_empty() {
            self.run(async move {
                for writer in writers {
                    let _ = writer.await;
                }
            });
        }
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        self.close();
        self.pool.close();
        // Not a plain drop: dropping a runtime inside another's async context is refused.
        if let Some(runtime) = self.runtime.lock().unwrap_or_else(|e| e.into_inner()).take() {
            runtime.shutdown_background();
        }
    }
}
