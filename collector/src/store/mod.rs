//! Where the collector keeps what respondents send: ciphertext, the survey it is for, a random
//! submission id, and the day (UTC, `YYYY-MM-DD`). Nothing else: no address, no time of day, no
//! order of arrival.
//!
//! [`Store`] is the small interface the server and the organiser's commands need; [`SqliteStore`]
//! is the embedded default, [`PostgresStore`] the one for several collectors.
//! [`Location`] is what `--db` names (a file, or a `postgres://` URL) and [`open`] opens it.

mod day;
mod interface;
mod location;
pub mod postgres;
pub mod records;
pub mod sql;
pub mod sqlite;

pub use day::{civil_from_days, day_of, today};
pub use interface::{
    hand_over, Access, Inserted, Job, NotOurs, Pending, Store, StoreError, StoredResponse, Submission,
};
pub use location::Location;
pub use postgres::PostgresStore;
pub use records::Records;
pub use sqlite::SqliteStore;

use std::sync::Arc;

/// Opens the database `--db` names.
pub fn open(location: &Location, access: Access) -> Result<Arc<dyn Store>, String> {
    let opened: Result<Arc<dyn Store>, StoreError> = match (location, access) {
        (Location::Sqlite(path), Access::Collect) => SqliteStore::open(path).map(|s| Arc::new(s) as _),
        (Location::Sqlite(path), Access::Existing) => {
            if !path.is_file() {
                return Err(format!("{}: no such database (give the collector's with --db)", path.display()));
            }
            SqliteStore::open_read_only(path).map(|s| Arc::new(s) as _)
        }
        (Location::Postgres(url), access) => PostgresStore::open(url, access).map(|s| Arc::new(s) as _),
    };
    opened.map_err(|e| format!("{location}: {e}"))
}
