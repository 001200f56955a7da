//! The organisers' records, beside the responses in the same database (SQLite or PostgreSQL), so
//! that several collectors sharing a database share them too: who may sign in to the console
//! (organisers, their passkeys, one-time invites, sessions and command-line tokens), the surveys
//! published from it (every version, which one is live, open or closed, the public key), the
//! log of what organisers did, and the ledger of results released ([`Release`]: which tables, on
//! which day, of how many responses, and a digest of what was published).
//!
//! Nothing here is about a respondent. Times are kept where a record must expire (an invite, a
//! session, a passkey ceremony) and are organisers' times; the log keeps the day only.

use super::interface::{Access, StoreError};
use super::location::Location;
use super::sql::{self, Row, Sql, Statement, Value};
use speaksafe_results::ledger::Release;
use std::collections::BTreeMap;

/// The tables, for SQLite.
const SQLITE_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS organisers (
        name TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, added TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS passkeys (
        credential_id TEXT NOT NULL PRIMARY KEY, organiser TEXT NOT NULL, passkey TEXT NOT NULL, added TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS invites (
        token_hash TEXT NOT NULL PRIMARY KEY, organiser TEXT NOT NULL, expires INTEGER NOT NULL, used INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT NOT NULL PRIMARY KEY, organiser TEXT NOT NULL, survey TEXT, last_used INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS ceremonies (
        id_hash TEXT NOT NULL PRIMARY KEY, kind TEXT NOT NULL, organiser TEXT, state TEXT NOT NULL, expires INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS surveys (
        id TEXT NOT NULL PRIMARY KEY, live TEXT NOT NULL, status TEXT NOT NULL, public_key TEXT);
    CREATE TABLE IF NOT EXISTS versions (
        survey TEXT NOT NULL, version TEXT NOT NULL, number INTEGER NOT NULL, definition TEXT NOT NULL,
        day TEXT NOT NULL, organiser TEXT NOT NULL, PRIMARY KEY (survey, version));
    CREATE TABLE IF NOT EXISTS log (
        entry INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL, organiser TEXT NOT NULL, action TEXT NOT NULL,
        survey TEXT, detail TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS catalogue (one INTEGER NOT NULL PRIMARY KEY CHECK (one = 1), generation INTEGER NOT NULL);
    INSERT INTO catalogue (one, generation) VALUES (1, 0) ON CONFLICT DO NOTHING;
    CREATE TABLE IF NOT EXISTS code_batches (
        survey TEXT NOT NULL, name TEXT NOT NULL, withdrawn INTEGER NOT NULL, PRIMARY KEY (survey, name)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS codes (
        code_hash TEXT NOT NULL PRIMARY KEY, survey TEXT NOT NULL, batch TEXT NOT NULL, spent INTEGER NOT NULL)
        WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS token_keys (
        survey TEXT NOT NULL PRIMARY KEY, secret_key TEXT NOT NULL, public_key TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS releases (
        number INTEGER PRIMARY KEY AUTOINCREMENT, survey TEXT NOT NULL, kind TEXT NOT NULL, by_questions TEXT NOT NULL,
        min_cell INTEGER NOT NULL, day TEXT NOT NULL, responses INTEGER NOT NULL, digest TEXT NOT NULL,
        forced INTEGER NOT NULL, follows INTEGER NOT NULL);
    CREATE UNIQUE INDEX IF NOT EXISTS releases_follow ON releases (survey, follows);";

/// The same tables, for PostgreSQL.
const POSTGRES_SCHEMA: &str = r#"
    CREATE TABLE IF NOT EXISTS organisers (
        name text NOT NULL PRIMARY KEY, user_id text NOT NULL UNIQUE, added text NOT NULL);
    CREATE TABLE IF NOT EXISTS passkeys (
        credential_id text NOT NULL PRIMARY KEY, organiser text NOT NULL, passkey text NOT NULL, added text NOT NULL);
    CREATE TABLE IF NOT EXISTS invites (
        token_hash text NOT NULL PRIMARY KEY, organiser text NOT NULL, expires bigint NOT NULL, used bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (
        token_hash text NOT NULL PRIMARY KEY, organiser text NOT NULL, survey text, last_used bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS ceremonies (
        id_hash text NOT NULL PRIMARY KEY, kind text NOT NULL, organiser text, state text NOT NULL, expires bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS surveys (
        id text NOT NULL PRIMARY KEY, live text NOT NULL, status text NOT NULL, public_key text);
    CREATE TABLE IF NOT EXISTS versions (
        survey text NOT NULL, version text NOT NULL, number bigint NOT NULL, definition text NOT NULL,
        day text NOT NULL, organiser text NOT NULL, PRIMARY KEY (survey, version));
    CREATE TABLE IF NOT EXISTS log (
        entry bigserial PRIMARY KEY, day text NOT NULL, organiser text NOT NULL, action text NOT NULL,
        survey text, detail text NOT NULL);
    CREATE TABLE IF NOT EXISTS catalogue (one bigint NOT NULL PRIMARY KEY CHECK (one = 1), generation bigint NOT NULL);
    INSERT INTO catalogue (one, generation) VALUES (1, 0) ON CONFLICT DO NOTHING;
    CREATE TABLE IF NOT EXISTS code_batches (
        survey text NOT NULL, name text NOT NULL, withdrawn bigint NOT NULL, PRIMARY KEY (survey, name));
    CREATE TABLE IF NOT EXISTS codes (
        code_hash text COLLATE "C" NOT NULL PRIMARY KEY, survey text NOT NULL, batch text NOT NULL,
        spent bigint NOT NULL) WITH (fillfactor = 50);
    CREATE TABLE IF NOT EXISTS token_keys (
        survey text NOT NULL PRIMARY KEY, secret_key text NOT NULL, public_key text NOT NULL);
    CREATE TABLE IF NOT EXISTS releases (
        number bigserial PRIMARY KEY, survey text NOT NULL, kind text NOT NULL, by_questions text NOT NULL,
        min_cell bigint NOT NULL, day text NOT NULL, responses bigint NOT NULL, digest text NOT NULL,
        forced bigint NOT NULL, follows bigint NOT NULL);
    CREATE UNIQUE INDEX IF NOT EXISTS releases_follow ON releases (survey, follows);"#;

/// What an invite is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invite {
    /// It can be used, by this organiser.
    Valid { organiser: String, user_id: String },
    /// Past its 24 hours.
    Expired,
    /// Already used to register a passkey.
    Used,
    /// No such invite (or its organiser was removed).
    Unknown,
}

/// An organiser, as `speaksafe organisers list` shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organiser {
    pub name: String,
    pub user_id: String,
    pub added: String,
    pub passkeys: u64,
}

/// A passkey: whose, and the credential as webauthn-rs keeps it (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passkey {
    pub credential_id: String,
    pub organiser: String,
    pub passkey: String,
}

/// A survey published from the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub id: String,
    /// The live version's hash.
    pub live: String,
    pub open: bool,
    pub public_key: Option<String>,
    /// The live version's definition, as the organiser published it.
    pub definition: String,
}

/// One version of a survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub version: String,
    /// 1 for the first version published, then 2, 3…
    pub number: i64,
    pub day: String,
    pub organiser: String,
    pub live: bool,
}

/// One entry of the organisers' log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub day: String,
    pub organiser: String,
    pub action: String,
    pub survey: Option<String>,
    pub detail: String,
}

/// What became of a code that was redeemed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeemed {
    /// It was good, and is now spent.
    Now,
    /// No such code for this survey (mistyped, or never issued).
    Unknown,
    /// Spent already.
    Used,
    /// Its batch was withdrawn.
    Withdrawn,
}

/// A batch of codes, as `speaksafe codes list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub name: String,
    pub issued: u64,
    pub redeemed: u64,
    pub withdrawn: bool,
}

/// The organisers' records of one database.
pub struct Records {
    sql: Box<dyn Sql>,
}

fn text(row: &Row, i: usize) -> String {
    row.get(i).and_then(Value::text).unwrap_or_default().to_string()
}

fn int(row: &Row, i: usize) -> i64 {
    row.get(i).and_then(Value::int).unwrap_or(0)
}

/// The statement that tells every collector the surveys changed (they look every second).
fn bump() -> Statement {
    ("UPDATE catalogue SET generation = generation + 1 WHERE one = 1", vec![])
}

fn log(day: &str, organiser: &str, action: &str, survey: Option<&str>, detail: &str) -> Statement {
    (
        "INSERT INTO log (day, organiser, action, survey, detail) VALUES ($1, $2, $3, $4, $5)",
        vec![day.into(), organiser.into(), action.into(), survey.into(), detail.into()],
    )
}

impl Records {
    /// The records of the database `--db` names, their tables made if missing. With
    /// [`Access::Existing`] the database must exist already (a wrong path never makes one).
    pub fn open(location: &Location, access: Access) -> Result<Records, String> {
        let opened = match location {
            Location::Sqlite(path) => {
                if access == Access::Existing && !path.is_file() {
                    return Err(format!("{}: no such database (give the collector's with --db)", path.display()));
                }
                super::sqlite::records_connection(path).and_then(|conn| {
                    conn.execute_batch(SQLITE_SCHEMA)?;
                    Ok(Box::new(sql::Sqlite::new(conn)) as Box<dyn Sql>)
                })
            }
            Location::Postgres(url) => sql::Postgres::connect(url).and_then(|pg| {
                pg.set_up(POSTGRES_SCHEMA)?;
                Ok(Box::new(pg) as Box<dyn Sql>)
            }),
        };
        opened.map(|sql| Records { sql }).map_err(|e| format!("{location}: {e}"))
    }

    /// Records kept in `sql` (tests).
    pub fn on(sql: Box<dyn Sql>) -> Records {
        Records { sql }
    }

    // --- organisers and invites ------------------------------------------------------------

    /// Invites `name` (added as an organiser if new, with `user_id` as their passkeys' user
    /// handle): the invite's token hash, valid until `expires` (seconds since 1970).
    pub fn invite(
        &self,
        name: &str,
        user_id: &str,
        token_hash: &str,
        expires: u64,
        day: &str,
    ) -> Result<(), StoreError> {
        self.sql.batch(vec![
            (
                "INSERT INTO organisers (name, user_id, added) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
                vec![name.into(), user_id.into(), day.into()],
            ),
            (
                "INSERT INTO invites (token_hash, organiser, expires, used) VALUES ($1, $2, $3, 0)",
                vec![token_hash.into(), name.into(), expires.into()],
            ),
            log(day, name, "invite", None, "invited (a link valid for 24 hours)"),
        ])?;
        Ok(())
    }

    /// What the invite with this token hash is at `now`.
    pub fn invite_state(&self, token_hash: &str, now: u64) -> Result<Invite, StoreError> {
        let rows = self.sql.rows(
            "SELECT i.organiser, o.user_id, i.expires, i.used FROM invites i JOIN organisers o ON o.name = i.organiser
             WHERE i.token_hash = $1",
            vec![token_hash.into()],
        )?;
        let Some(row) = rows.first() else { return Ok(Invite::Unknown) };
        Ok(if int(row, 3) != 0 {
            Invite::Used
        } else if int(row, 2) < i64::try_from(now).unwrap_or(i64::MAX) {
            Invite::Expired
        } else {
            Invite::Valid { organiser: text(row, 0), user_id: text(row, 1) }
        })
    }

    /// Uses the invite up, once: the organiser it was for, or `None` if it was used (or expired)
    /// meanwhile.
    pub fn use_invite(&self, token_hash: &str, now: u64) -> Result<Option<String>, StoreError> {
        let rows = self.sql.rows(
            "UPDATE invites SET used = 1 WHERE token_hash = $1 AND used = 0 AND expires >= $2 RETURNING organiser",
            vec![token_hash.into(), now.into()],
        )?;
        Ok(rows.first().map(|row| text(row, 0)))
    }

    /// Every organiser, by name, with how many passkeys each has.
    pub fn organisers(&self) -> Result<Vec<Organiser>, StoreError> {
        let rows = self.sql.rows(
            "SELECT o.name, o.user_id, o.added, (SELECT COUNT(*) FROM passkeys p WHERE p.organiser = o.name)
             FROM organisers o ORDER BY o.name",
            vec![],
        )?;
        Ok(rows
            .iter()
            .map(|r| Organiser { name: text(r, 0), user_id: text(r, 1), added: text(r, 2), passkeys: int(r, 3) as u64 })
            .collect())
    }

    /// The organiser whose passkeys carry this user handle.
    pub fn organiser_by_user(&self, user_id: &str) -> Result<Option<Organiser>, StoreError> {
        Ok(self.organisers()?.into_iter().find(|o| o.user_id == user_id))
    }

    /// Removes an organiser with their passkeys, invites, sessions and tokens: their sessions end
    /// at once. Whether there was one.
    pub fn remove(&self, name: &str, by: &str, day: &str) -> Result<bool, StoreError> {
        let changed = self.sql.batch(vec![
            ("DELETE FROM organisers WHERE name = $1", vec![name.into()]),
            ("DELETE FROM passkeys WHERE organiser = $1", vec![name.into()]),
            ("DELETE FROM invites WHERE organiser = $1", vec![name.into()]),
            ("DELETE FROM sessions WHERE organiser = $1", vec![name.into()]),
            log(day, by, "remove", None, &format!("removed {name}")),
        ])?;
        Ok(changed[0] > 0)
    }

    // --- passkeys ----------------------------------------------------------------------------

    pub fn add_passkey(&self, passkey: &Passkey, day: &str, action: &str) -> Result<(), StoreError> {
        self.sql.batch(vec![
            (
                "INSERT INTO passkeys (credential_id, organiser, passkey, added) VALUES ($1, $2, $3, $4)",
                vec![
                    (&passkey.credential_id).into(),
                    (&passkey.organiser).into(),
                    (&passkey.passkey).into(),
                    day.into(),
                ],
            ),
            log(day, &passkey.organiser, action, None, "a passkey registered"),
        ])?;
        Ok(())
    }

    /// The passkey with this credential id, if its organiser is still here.
    pub fn passkey(&self, credential_id: &str) -> Result<Option<Passkey>, StoreError> {
        let rows = self.sql.rows(
            "SELECT p.credential_id, p.organiser, p.passkey FROM passkeys p JOIN organisers o ON o.name = p.organiser
             WHERE p.credential_id = $1",
            vec![credential_id.into()],
        )?;
        Ok(rows.first().map(|r| Passkey { credential_id: text(r, 0), organiser: text(r, 1), passkey: text(r, 2) }))
    }

    /// An organiser's passkeys' credential ids (not to be registered twice).
    pub fn credential_ids(&self, organiser: &str) -> Result<Vec<String>, StoreError> {
        let rows = self.sql.rows("SELECT credential_id FROM passkeys WHERE organiser = $1", vec![organiser.into()])?;
        Ok(rows.iter().map(|r| text(r, 0)).collect())
    }

    /// Keeps a passkey's credential as it is after a sign-in (its counter moves on).
    pub fn update_passkey(&self, credential_id: &str, passkey: &str) -> Result<(), StoreError> {
        self.sql.batch(vec![(
            "UPDATE passkeys SET passkey = $1 WHERE credential_id = $2",
            vec![passkey.into(), credential_id.into()],
        )])?;
        Ok(())
    }

    // --- passkey ceremonies ------------------------------------------------------------------

    /// Keeps the server's half of a passkey ceremony until `expires`.
    pub fn put_ceremony(
        &self,
        id_hash: &str,
        kind: &str,
        organiser: Option<&str>,
        state: &str,
        expires: u64,
        now: u64,
    ) -> Result<(), StoreError> {
        self.sql.batch(vec![
            ("DELETE FROM ceremonies WHERE expires < $1", vec![now.into()]),
            (
                "INSERT INTO ceremonies (id_hash, kind, organiser, state, expires) VALUES ($1, $2, $3, $4, $5)",
                vec![id_hash.into(), kind.into(), organiser.into(), state.into(), expires.into()],
            ),
        ])?;
        Ok(())
    }

    /// Takes a ceremony's state, once: `(kind, organiser, state)`, or `None` if it is unknown,
    /// taken already or past its time.
    pub fn take_ceremony(
        &self,
        id_hash: &str,
        now: u64,
    ) -> Result<Option<(String, Option<String>, String)>, StoreError> {
        let rows = self.sql.rows(
            "DELETE FROM ceremonies WHERE id_hash = $1 RETURNING kind, organiser, state, expires",
            vec![id_hash.into()],
        )?;
        Ok(rows
            .first()
            .filter(|r| int(r, 3) >= i64::try_from(now).unwrap_or(i64::MAX))
            .map(|r| (text(r, 0), r.get(1).and_then(Value::text).map(str::to_string), text(r, 2))))
    }

    // --- sessions and tokens -----------------------------------------------------------------

    /// Starts a console session (`survey` is `None`) or makes a command-line token for one
    /// survey, each kept by the hash of its secret.
    pub fn start_session(
        &self,
        token_hash: &str,
        organiser: &str,
        survey: Option<&str>,
        now: u64,
        day: &str,
    ) -> Result<(), StoreError> {
        let (action, detail) = match survey {
            None => ("sign-in", "signed in".to_string()),
            Some(survey) => ("token", format!("a command-line token for {survey}")),
        };
        self.sql.batch(vec![
            (
                "INSERT INTO sessions (token_hash, organiser, survey, last_used) VALUES ($1, $2, $3, $4)",
                vec![token_hash.into(), organiser.into(), survey.into(), now.into()],
            ),
            log(day, organiser, action, survey, &detail),
        ])?;
        Ok(())
    }

    /// The organiser of a console session used within the last `idle` seconds, which it keeps
    /// alive; `None` for no such session, an ended one, or one idle too long (which ends).
    pub fn session(&self, token_hash: &str, now: u64, idle: u64) -> Result<Option<String>, StoreError> {
        let since = now.saturating_sub(idle);
        let rows = self.sql.rows(
            "UPDATE sessions SET last_used = $1 WHERE token_hash = $2 AND survey IS NULL AND last_used >= $3
             RETURNING organiser",
            vec![now.into(), token_hash.into(), since.into()],
        )?;
        if rows.is_empty() {
            self.sql
                .batch(vec![("DELETE FROM sessions WHERE survey IS NULL AND last_used < $1", vec![since.into()])])?;
        }
        Ok(rows.first().map(|r| text(r, 0)))
    }

    /// The organiser and survey of a command-line token.
    pub fn token(&self, token_hash: &str) -> Result<Option<(String, String)>, StoreError> {
        let rows = self.sql.rows(
            "SELECT organiser, survey FROM sessions WHERE token_hash = $1 AND survey IS NOT NULL",
            vec![token_hash.into()],
        )?;
        Ok(rows.first().map(|r| (text(r, 0), text(r, 1))))
    }

    /// Ends a session (signing out).
    pub fn end_session(&self, token_hash: &str, organiser: &str, day: &str) -> Result<(), StoreError> {
        self.sql.batch(vec![
            ("DELETE FROM sessions WHERE token_hash = $1", vec![token_hash.into()]),
            log(day, organiser, "sign-out", None, "signed out"),
        ])?;
        Ok(())
    }

    // --- surveys -----------------------------------------------------------------------------

    /// How many times the surveys have changed: a collector that has seen this number has every
    /// change.
    pub fn generation(&self) -> Result<i64, StoreError> {
        let rows = self.sql.rows("SELECT generation FROM catalogue WHERE one = 1", vec![])?;
        Ok(rows.first().map_or(0, |r| int(r, 0)))
    }

    /// Every survey published from the console, with its live version.
    pub fn surveys(&self) -> Result<Vec<Survey>, StoreError> {
        let rows = self.sql.rows(
            "SELECT s.id, s.live, s.status, s.public_key, v.definition FROM surveys s
             JOIN versions v ON v.survey = s.id AND v.version = s.live ORDER BY s.id",
            vec![],
        )?;
        Ok(rows
            .iter()
            .map(|r| Survey {
                id: text(r, 0),
                live: text(r, 1),
                open: text(r, 2) == "open",
                public_key: r.get(3).and_then(Value::text).map(str::to_string),
                definition: text(r, 4),
            })
            .collect())
    }

    /// A survey's versions, newest first.
    pub fn versions(&self, survey: &str) -> Result<Vec<Version>, StoreError> {
        let rows = self.sql.rows(
            "SELECT v.version, v.number, v.day, v.organiser, (s.live = v.version) FROM versions v
             LEFT JOIN surveys s ON s.id = v.survey WHERE v.survey = $1 ORDER BY v.number DESC",
            vec![survey.into()],
        )?;
        Ok(rows
            .iter()
            .map(|r| Version {
                version: text(r, 0),
                number: int(r, 1),
                day: text(r, 2),
                organiser: text(r, 3),
                live: int(r, 4) == 1,
            })
            .collect())
    }

    /// Publishes a version (kept once, however often it is published) and makes it live, with
    /// its public key when given (else the survey keeps the one it has).
    #[allow(clippy::too_many_arguments)]
    pub fn publish(
        &self,
        survey: &str,
        version: &str,
        definition: &str,
        public_key: Option<&str>,
        organiser: &str,
        day: &str,
    ) -> Result<(), StoreError> {
        self.sql.batch(vec![
            (
                "INSERT INTO versions (survey, version, number, definition, day, organiser)
                 VALUES ($1, $2, (SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE survey = $1), $3, $4, $5)
                 ON CONFLICT (survey, version) DO NOTHING",
                vec![survey.into(), version.into(), definition.into(), day.into(), organiser.into()],
            ),
            (
                "INSERT INTO surveys (id, live, status, public_key) VALUES ($1, $2, 'open', $3)
                 ON CONFLICT (id) DO UPDATE SET live = excluded.live,
                     public_key = COALESCE(excluded.public_key, surveys.public_key)",
                vec![survey.into(), version.into(), public_key.into()],
            ),
            bump(),
            log(
                day,
                organiser,
                "publish",
                Some(survey),
                &format!("published version {}", &version[..version.len().min(12)]),
            ),
        ])?;
        Ok(())
    }

    /// The definition of one version of a survey.
    pub fn version(&self, survey: &str, version: &str) -> Result<Option<String>, StoreError> {
        let rows = self.sql.rows(
            "SELECT definition FROM versions WHERE survey = $1 AND version = $2",
            vec![survey.into(), version.into()],
        )?;
        Ok(rows.first().map(|r| text(r, 0)))
    }

    /// Puts an earlier version back live. Whether the survey has that version.
    pub fn set_live(&self, survey: &str, version: &str, organiser: &str, day: &str) -> Result<bool, StoreError> {
        if self.version(survey, version)?.is_none() {
            return Ok(false);
        }
        self.sql.batch(vec![
            ("UPDATE surveys SET live = $1 WHERE id = $2", vec![version.into(), survey.into()]),
            bump(),
            log(
                day,
                organiser,
                "live",
                Some(survey),
                &format!("put version {} back live", &version[..version.len().min(12)]),
            ),
        ])?;
        Ok(true)
    }

    /// Opens or closes a survey. Whether there is such a survey.
    pub fn set_open(&self, survey: &str, open: bool, organiser: &str, day: &str) -> Result<bool, StoreError> {
        let (status, action, detail) = if open { ("open", "open", "reopened") } else { ("closed", "close", "closed") };
        let changed = self.sql.batch(vec![
            ("UPDATE surveys SET status = $1 WHERE id = $2", vec![status.into(), survey.into()]),
            bump(),
            log(day, organiser, action, Some(survey), detail),
        ])?;
        Ok(changed[0] > 0)
    }

    /// Records an action of an organiser's that changes nothing here (a download, a purge).
    pub fn note(
        &self,
        day: &str,
        organiser: &str,
        action: &str,
        survey: Option<&str>,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.sql.batch(vec![log(day, organiser, action, survey, detail)])?;
        Ok(())
    }

    /// The log, newest first, at most `limit` entries.
    pub fn log(&self, limit: u64) -> Result<Vec<Entry>, StoreError> {
        let rows = self.sql.rows(
            "SELECT day, organiser, action, survey, detail FROM log ORDER BY entry DESC LIMIT $1",
            vec![limit.into()],
        )?;
        Ok(rows
            .iter()
            .map(|r| Entry {
                day: text(r, 0),
                organiser: text(r, 1),
                action: text(r, 2),
                survey: r.get(3).and_then(Value::text).map(str::to_string),
                detail: text(r, 4),
            })
            .collect())
    }

    // --- access codes ------------------------------------------------------------------------

    /// The survey's token key (its secret half, as [`crate::access::TokenKey::secret_text`]).
    pub fn token_key(&self, survey: &str) -> Result<Option<String>, StoreError> {
        let rows = self.sql.rows("SELECT secret_key FROM token_keys WHERE survey = $1", vec![survey.into()])?;
        Ok(rows.first().map(|r| text(r, 0)))
    }

    /// Keeps a survey's token key unless it has one already; the one it has afterwards. Every
    /// collector then serves the survey again, naming the key in its definition.
    pub fn keep_token_key(&self, survey: &str, secret: &str, public: &str) -> Result<String, StoreError> {
        self.sql.batch(vec![
            (
                "INSERT INTO token_keys (survey, secret_key, public_key) VALUES ($1, $2, $3) ON CONFLICT (survey) DO NOTHING",
                vec![survey.into(), secret.into(), public.into()],
            ),
            bump(),
        ])?;
        Ok(self.token_key(survey)?.unwrap_or_default())
    }

    /// Every survey's token key, public half (as browsers blind to it), by survey.
    pub fn token_public_keys(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let rows = self.sql.rows("SELECT survey, public_key FROM token_keys", vec![])?;
        Ok(rows.iter().map(|r| (text(r, 0), text(r, 1))).collect())
    }

    /// Keeps new codes (their hashes) in a batch, made if new (a withdrawn batch stays
    /// withdrawn: codes added to it do not work either).
    pub fn issue_codes(
        &self,
        survey: &str,
        batch: &str,
        hashes: &[String],
        organiser: &str,
        day: &str,
    ) -> Result<(), StoreError> {
        let mut statements: Vec<Statement> = Vec::with_capacity(hashes.len() + 2);
        statements.push((
            "INSERT INTO code_batches (survey, name, withdrawn) VALUES ($1, $2, 0) ON CONFLICT (survey, name) DO NOTHING",
            vec![survey.into(), batch.into()],
        ));
        // In the order of their hashes, which says nothing about the order they were printed in.
        let mut sorted: Vec<&String> = hashes.iter().collect();
        sorted.sort();
        for hash in sorted {
            statements.push((
                "INSERT INTO codes (code_hash, survey, batch, spent) VALUES ($1, $2, $3, 0)",
                vec![hash.into(), survey.into(), batch.into()],
            ));
        }
        statements.push(log(
            day,
            organiser,
            "codes",
            Some(survey),
            &format!("issued {} access codes in the batch \"{batch}\"", hashes.len()),
        ));
        self.sql.batch(statements)?;
        Ok(())
    }

    /// Withdraws a batch: its codes no longer work (tokens already given for them still do).
    /// Whether there was such a batch.
    pub fn withdraw(&self, survey: &str, batch: &str, organiser: &str, day: &str) -> Result<bool, StoreError> {
        let changed = self.sql.batch(vec![
            (
                "UPDATE code_batches SET withdrawn = 1 WHERE survey = $1 AND name = $2",
                vec![survey.into(), batch.into()],
            ),
            log(day, organiser, "withdraw", Some(survey), &format!("withdrew the batch of codes \"{batch}\"")),
        ])?;
        Ok(changed[0] > 0)
    }

    /// Spends a code, once: of two redemptions at the same moment, on any collector, one gets
    /// [`Redeemed::Now`]. One statement, so that it is atomic on both databases.
    pub fn redeem(&self, survey: &str, code_hash: &str) -> Result<Redeemed, StoreError> {
        let rows = self.sql.rows(
            "UPDATE codes SET spent = 1 WHERE code_hash = $1 AND survey = $2 AND spent = 0
             AND NOT EXISTS (SELECT 1 FROM code_batches b WHERE b.survey = codes.survey AND b.name = codes.batch
                             AND b.withdrawn = 1)
             RETURNING spent",
            vec![code_hash.into(), survey.into()],
        )?;
        if !rows.is_empty() {
            return Ok(Redeemed::Now);
        }
        let rows = self.sql.rows(
            "SELECT c.spent, b.withdrawn FROM codes c JOIN code_batches b ON b.survey = c.survey AND b.name = c.batch
             WHERE c.code_hash = $1 AND c.survey = $2",
            vec![code_hash.into(), survey.into()],
        )?;
        Ok(match rows.first() {
            None => Redeemed::Unknown,
            Some(r) if int(r, 1) != 0 => Redeemed::Withdrawn,
            Some(_) => Redeemed::Used,
        })
    }

    /// A survey's batches, by name, with how many codes each has and how many were redeemed.
    pub fn batches(&self, survey: &str) -> Result<Vec<Batch>, StoreError> {
        let rows = self.sql.rows(
            "SELECT b.name, b.withdrawn, COUNT(c.code_hash), COUNT(CASE WHEN c.spent = 1 THEN 1 END)
             FROM code_batches b LEFT JOIN codes c ON c.survey = b.survey AND c.batch = b.name
             WHERE b.survey = $1 GROUP BY b.name, b.withdrawn ORDER BY b.name",
            vec![survey.into()],
        )?;
        Ok(rows
            .iter()
            .map(|r| Batch {
                name: text(r, 0),
                withdrawn: int(r, 1) != 0,
                issued: int(r, 2) as u64,
                redeemed: int(r, 3) as u64,
            })
            .collect())
    }

    /// How many responses a survey has had each day: what the collector already knows, with no
    /// answer opened.
    pub fn responses_by_day(&self, survey: &str) -> Result<Vec<(String, u64)>, StoreError> {
        let rows = self.sql.rows(
            "SELECT day, COUNT(*) FROM responses WHERE survey = $1 GROUP BY day ORDER BY day",
            vec![survey.into()],
        )?;
        Ok(rows.iter().map(|r| (text(r, 0), int(r, 1) as u64)).collect())
    }

    // --- the ledger of releases ----------------------------------------------------------------

    /// Records a release judged against the survey's ledger as it was when its latest release
    /// was number `follows` (0 for none): its number in the ledger, or `None` when another
    /// release was recorded after that one meanwhile, so that the judgement no longer holds and
    /// nothing was recorded. Each release follows exactly one state of its survey's ledger (a
    /// unique index on the survey and `follows`), so of two releases checked against the same
    /// ledger at the same moment, on any collector or command line sharing the database, one is
    /// recorded and the other is judged again: the check and the record are one.
    pub fn record_release(&self, release: &Release, follows: u64) -> Result<Option<u64>, StoreError> {
        let by = serde_json::to_string(&release.by).unwrap_or_default();
        let rows = self.sql.rows(
            "INSERT INTO releases (survey, kind, by_questions, min_cell, day, responses, digest, forced, follows)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (survey, follows) DO NOTHING RETURNING number",
            vec![
                (&release.survey).into(),
                (&release.kind).into(),
                by.into(),
                (release.min_cell as u64).into(),
                (&release.day).into(),
                (release.responses as u64).into(),
                (&release.digest).into(),
                u64::from(release.forced).into(),
                follows.into(),
            ],
        )?;
        Ok(rows.first().map(|r| int(r, 0) as u64))
    }

    /// A survey's releases, oldest first.
    pub fn releases(&self, survey: &str) -> Result<Vec<Release>, StoreError> {
        let rows = self.sql.rows(
            "SELECT number, survey, kind, by_questions, min_cell, day, responses, digest, forced FROM releases
             WHERE survey = $1 ORDER BY number",
            vec![survey.into()],
        )?;
        Ok(rows
            .iter()
            .map(|r| Release {
                number: int(r, 0) as u64,
                survey: text(r, 1),
                kind: text(r, 2),
                by: serde_json::from_str(&text(r, 3)).unwrap_or_default(),
                min_cell: int(r, 4) as usize,
                day: text(r, 5),
                responses: int(r, 6) as usize,
                digest: text(r, 7),
                forced: int(r, 8) != 0,
            })
            .collect())
    }
}
