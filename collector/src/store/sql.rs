//! The few things the organisers' records need of a database, the same for SQLite and
//! PostgreSQL: run a query and read its rows, or run several statements in one transaction.
//! Statements are written once, for both, with parameters `$1`, `$2`… numbered in the order they
//! first appear (SQLite numbers `$N` parameters by first appearance too, so the same text binds
//! the same way in both). Values are text, whole numbers, or null: what these records hold.
//!
//! The responses themselves do not go through here: their path (a writer with group commit) is
//! each store's own, because it is the one that must be fast.

use super::interface::StoreError;
use std::sync::Mutex;

/// A value bound to a parameter or read from a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Int(i64),
    Null,
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Self {
        Value::Text(text.clone())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// One row of a query's answer.
pub type Row = Vec<Value>;

/// A statement and its parameters.
pub type Statement = (&'static str, Vec<Value>);

/// A database the organisers' records can be kept in.
pub trait Sql: Send + Sync {
    /// Runs one statement (a `SELECT`, or a change with `RETURNING`) and gives its rows.
    fn rows(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>, StoreError>;

    /// Runs the statements in one transaction, in order: all or none. How many rows each changed.
    fn batch(&self, statements: Vec<Statement>) -> Result<Vec<u64>, StoreError>;
}

/// SQLite: one connection of its own (the responses' writer has another), in WAL mode, waiting
/// up to five seconds for the other's writes.
pub struct Sqlite {
    conn: Mutex<rusqlite::Connection>,
}

impl Sqlite {
    pub fn new(conn: rusqlite::Connection) -> Self {
        Sqlite { conn: Mutex::new(conn) }
    }
}

fn sqlite_params(params: &[Value]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|v| match v {
            Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
            Value::Int(n) => rusqlite::types::Value::Integer(*n),
            Value::Null => rusqlite::types::Value::Null,
        })
        .collect()
}

fn sqlite_rows(statement: &mut rusqlite::Statement, params: &[Value]) -> rusqlite::Result<Vec<Row>> {
    let columns = statement.column_count();
    let rows = statement.query_map(rusqlite::params_from_iter(sqlite_params(params)), |row| {
        (0..columns)
            .map(|i| {
                Ok(match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    rusqlite::types::ValueRef::Integer(n) => Value::Int(n),
                    _ => Value::Null,
                })
            })
            .collect()
    })?;
    rows.collect()
}

impl Sql for Sqlite {
    fn rows(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let mut statement = conn.prepare_cached(sql)?;
        Ok(sqlite_rows(&mut statement, &params)?)
    }

    fn batch(&self, statements: Vec<Statement>) -> Result<Vec<u64>, StoreError> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        // IMMEDIATE: take the write lock at the start, so that two collectors checking and then
        // changing the same row take turns rather than both reading the old value.
        let transaction = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut changed = Vec::with_capacity(statements.len());
        for (sql, params) in &statements {
            let mut statement = transaction.prepare_cached(sql)?;
            changed.push(statement.execute(rusqlite::params_from_iter(sqlite_params(params)))? as u64);
        }
        transaction.commit()?;
        Ok(changed)
    }
}

/// PostgreSQL: a small pool on a runtime of its own (so that it is used the same way from the
/// collector's handlers and from the organiser's commands).
pub struct Postgres {
    pool: deadpool_postgres::Pool,
    handle: tokio::runtime::Handle,
    _runtime: RuntimeOwner,
}

/// Shuts the runtime down without waiting when the records are dropped, whatever thread drops
/// them (a runtime dropped inside another's task would panic).
struct RuntimeOwner(Option<tokio::runtime::Runtime>);

impl Drop for RuntimeOwner {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Postgres {
    /// Connects to `url` (as [`super::postgres::config`] reads it).
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
        let config = super::postgres::config(url).map_err(StoreError::Database)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("speaksafe-records")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Database(format!("cannot start the records' runtime: {e}")))?;
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = {
            let _entered = runtime.enter();
            Pool::builder(manager)
                .max_size(4)
                .runtime(Runtime::Tokio1)
                .wait_timeout(Some(std::time::Duration::from_secs(10)))
                .create_timeout(Some(std::time::Duration::from_secs(5)))
                .recycle_timeout(Some(std::time::Duration::from_secs(5)))
                .build()
                .map_err(|e| StoreError::Database(e.to_string()))?
        };
        let handle = runtime.handle().clone();
        Ok(Postgres { pool, handle, _runtime: RuntimeOwner(Some(runtime)) })
    }

    /// Runs `work` on the records' runtime and waits for it, from any thread.
    fn run<T: Send + 'static>(
        &self,
        work: impl std::future::Future<Output = Result<T, StoreError>> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.handle.spawn(async move {
            let _ = tx.send(work.await);
        });
        rx.recv().unwrap_or(Err(StoreError::Closed))
    }

    /// Runs SQL that sets up the schema, under the collector's migration lock.
    pub fn set_up(&self, schema: &'static str) -> Result<(), StoreError> {
        let pool = self.pool.clone();
        self.run(async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            let transaction = client.transaction().await.map_err(pg_error)?;
            transaction
                .execute("SELECT pg_advisory_xact_lock($1)", &[&super::postgres::MIGRATION_LOCK])
                .await
                .map_err(pg_error)?;
            transaction.batch_execute(schema).await.map_err(pg_error)?;
            transaction.commit().await.map_err(pg_error)
        })
    }
}

fn pg_error(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Database(format!("{}: {}", db.severity(), db.message())),
        None => StoreError::Database(e.to_string()),
    }
}

fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_error(e),
        other => StoreError::Database(other.to_string()),
    }
}

/// Parameters as PostgreSQL takes them: text, bigint, or a null of unknown type.
fn pg_params(params: &[Value]) -> Vec<Box<dyn tokio_postgres::types::ToSql + Sync + Send>> {
    params
        .iter()
        .map(|v| -> Box<dyn tokio_postgres::types::ToSql + Sync + Send> {
            match v {
                Value::Text(t) => Box::new(t.clone()),
                Value::Int(n) => Box::new(*n),
                Value::Null => Box::new(None::<String>),
            }
        })
        .collect()
}

fn pg_row(row: &tokio_postgres::Row) -> Row {
    use tokio_postgres::types::Type;
    (0..row.len())
        .map(|i| {
            let value = match *row.columns()[i].type_() {
                Type::INT8 => row.try_get::<_, Option<i64>>(i).map(|n| n.map(Value::Int)),
                Type::INT4 => row.try_get::<_, Option<i32>>(i).map(|n| n.map(|n| Value::Int(n.into()))),
                Type::INT2 => row.try_get::<_, Option<i16>>(i).map(|n| n.map(|n| Value::Int(n.into()))),
                // As SQLite answers a comparison: 1 or 0.
                Type::BOOL => row.try_get::<_, Option<bool>>(i).map(|b| b.map(|b| Value::Int(b.into()))),
                _ => row.try_get::<_, Option<String>>(i).map(|t| t.map(Value::Text)),
            };
            value.ok().flatten().unwrap_or(Value::Null)
        })
        .collect()
}

impl Sql for Postgres {
    fn rows(&self, sql: &str, params: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let pool = self.pool.clone();
        let sql = sql.to_string();
        self.run(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let params = pg_params(&params);
            let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                params.iter().map(|p| p.as_ref() as &(dyn tokio_postgres::types::ToSql + Sync)).collect();
            let rows = client.query(&sql, &refs).await.map_err(pg_error)?;
            Ok(rows.iter().map(pg_row).collect())
        })
    }

    fn batch(&self, statements: Vec<Statement>) -> Result<Vec<u64>, StoreError> {
        let pool = self.pool.clone();
        self.run(async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            let transaction = client.transaction().await.map_err(pg_error)?;
            let mut changed = Vec::with_capacity(statements.len());
            for (sql, params) in &statements {
                let params = pg_params(params);
                let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref() as &(dyn tokio_postgres::types::ToSql + Sync)).collect();
                changed.push(transaction.execute(*sql, &refs).await.map_err(pg_error)?);
            }
            transaction.commit().await.map_err(pg_error)?;
            Ok(changed)
        })
    }
}
