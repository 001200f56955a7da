//! A survey's responses, opened: what `export` and `summary` share. The sealed responses are
//! read from the collector's database, each is opened with the organiser's private key, and
//! those that do not open are counted, with why, rather than stopping the rest.

use rusqlite::{Connection, OpenFlags};
use speaksafe_core::envelope::{open, Envelope, EnvelopeError, PrivateKey};
use speaksafe_core::{Response, Survey};
use std::path::{Path, PathBuf};

/// What `export` and `summary` are told about where the responses are.
#[derive(Debug, Clone, clap::Args)]
pub struct Source {
    /// The collector's database of sealed responses.
    #[arg(long, value_name = "FILE", default_value = "responses.db")]
    pub db: PathBuf,
    /// The private key file (`NAME.key`, from `speaksafe keygen`).
    #[arg(long, value_name = "NAME.key")]
    pub key: PathBuf,
    /// The survey's id, as in its definition.
    #[arg(long, value_name = "ID")]
    pub survey: String,
    /// The folder of survey definitions: the survey is read from `DIR/<id>.json`.
    #[arg(long, value_name = "DIR", default_value = "surveys")]
    pub surveys: PathBuf,
}

/// One opened response and the day it was received (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub day: String,
    pub response: Response,
}

/// A survey's responses: those that opened, and why the others did not.
#[derive(Debug)]
pub struct Responses {
    pub survey: Survey,
    pub opened: Vec<Opened>,
    pub failed: Vec<EnvelopeError>,
}

impl Responses {
    /// How many sealed responses there were.
    pub fn total(&self) -> usize {
        self.opened.len() + self.failed.len()
    }

    /// What to say about the responses that could not be opened, if any.
    pub fn failure_report(&self) -> Option<String> {
        failure_report(self.opened.len(), &self.failed)
    }
}

/// What to say about the responses that could not be opened, if any:
/// `2 responses could not be opened: 1 does not open with this key (…); 1 …`.
pub fn failure_report(opened: usize, failed: &[EnvelopeError]) -> Option<String> {
    if failed.is_empty() {
        return None;
    }
    // Group by kind of failure, each with its first message, in order of first appearance.
    let mut groups: Vec<(&'static str, usize, String)> = Vec::new();
    for error in failed {
        let kind = match error {
            EnvelopeError::DoesNotOpen => {
                "does not open with this key (sealed to another key, for another survey, or changed)"
            }
            EnvelopeError::MalformedEnvelope(_) => "is not a well-formed envelope",
            EnvelopeError::BadPlaintext(_) => "opened but holds no response to this survey",
            _ => "could not be read",
        };
        match groups.iter_mut().find(|(k, ..)| *k == kind) {
            Some((_, n, _)) => *n += 1,
            None => groups.push((kind, 1, error.to_string())),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(kind, n, first)| match (kind.starts_with("does not open"), n) {
            (true, 1) => format!("1 {kind}"),
            (true, _) => format!("{n} {}", plural_verb(kind)),
            (false, 1) => format!("1 {kind} ({first})"),
            (false, _) => format!("{n} {} (the first: {first})", plural_verb(kind)),
        })
        .collect();
    let n = failed.len();
    let mut report = format!(
        "{} could not be opened: {}",
        if n == 1 { "1 response".to_string() } else { format!("{n} responses") },
        parts.join("; ")
    );
    if opened == 0 {
        report.push_str(". None opened: is this the private key for this survey's public key?");
    } else {
        report.push_str(&format!(". The other {opened} are included."));
    }
    Some(report)
}

/// "is not …" → "are not …", "does not …" → "do not …" for a count above one.
fn plural_verb(kind: &str) -> String {
    kind.replacen("is not", "are not", 1).replacen("does not", "do not", 1).replacen(
        "opened but holds",
        "opened but hold",
        1,
    )
}

/// Reads the key, the survey definition and the database, and opens every response.
pub fn load(source: &Source) -> Result<Responses, String> {
    let key = read_key(&source.key)?;
    let survey = read_survey(&source.surveys, &source.survey)?;
    let sealed = envelopes(&source.db, &source.survey)?;
    let (opened, failed) = open_all(&sealed, &key, &source.survey);
    Ok(Responses { survey, opened, failed })
}

/// The private key in a `NAME.key` file.
pub fn read_key(path: &Path) -> Result<PrivateKey, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the private key: {e}", path.display()))?;
    PrivateKey::from_text(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The survey `id`'s definition, from `dir/<id>.json`, read and checked as the widget reads it.
pub fn read_survey(dir: &Path, id: &str) -> Result<Survey, String> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(format!(
            "\"{}\" is not a survey id: use the letters, digits, '_' and '-' of the definition's \"id\"",
            id.escape_debug()
        ));
    }
    let path = dir.join(format!("{id}.json"));
    let json = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read the survey definition: {e}", path.display()))?;
    let checked = speaksafe_core::read(&json).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        format!(
            "{}: the survey definition is not valid (`speaksafe check` says more):\n{}",
            path.display(),
            list.join("\n")
        )
    })?;
    if checked.survey.id != id {
        return Err(format!("{}: its \"id\" is \"{}\", not \"{id}\"", path.display(), checked.survey.id));
    }
    Ok(checked.survey)
}

/// The sealed responses to `survey` in the collector's database, as `(day, envelope text)`.
///
/// Reads the collector's table `responses (survey, submission_id, envelope, day)` directly, in
/// the order of the (random) submission ids, opening the database read-only so that a wrong
/// path never creates an empty one.
// TODO(lead): merge with `crate::store::Store::responses` once both have landed.
pub fn envelopes(db: &Path, survey: &str) -> Result<Vec<(String, String)>, String> {
    let mut all = Vec::new();
    each_chunk(db, survey, usize::MAX, |chunk| {
        all.extend_from_slice(chunk);
        Ok(())
    })?;
    Ok(all)
}

/// Reads the sealed responses to `survey` as [`envelopes`] does, handing them to `each` in
/// chunks of at most `size`, so that they need not all be in memory at once.
pub fn each_chunk(
    db: &Path,
    survey: &str,
    size: usize,
    mut each: impl FnMut(&[(String, String)]) -> Result<(), String>,
) -> Result<(), String> {
    let connection = connect(db)?;
    let mut statement = select(&connection, db)?;
    let name = db.display();
    let read_error = |e: rusqlite::Error| format!("{name}: cannot read the responses: {e}");
    let mut rows = statement.query([survey]).map_err(read_error)?;
    let mut chunk = Vec::with_capacity(size.min(4096));
    while let Some(row) = rows.next().map_err(read_error)? {
        chunk.push((row.get::<_, String>(0).map_err(read_error)?, row.get::<_, String>(1).map_err(read_error)?));
        if chunk.len() == size {
            each(&chunk)?;
            chunk.clear();
        }
    }
    if !chunk.is_empty() {
        each(&chunk)?;
    }
    Ok(())
}

/// Whether the database can be read as the collector's: it exists, it is SQLite, it has the
/// table.
pub fn check_database(db: &Path) -> Result<(), String> {
    select(&connect(db)?, db).map(drop)
}

/// Opens the database read-only, so that a wrong path never creates an empty one.
fn connect(db: &Path) -> Result<Connection, String> {
    if !db.is_file() {
        return Err(format!("{}: no such database (give the collector's with --db)", db.display()));
    }
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| format!("{}: cannot open the database: {e}", db.display()))
}

/// The query of a survey's sealed responses, in the order of their random submission ids.
fn select<'c>(connection: &'c Connection, db: &Path) -> Result<rusqlite::Statement<'c>, String> {
    let name = db.display();
    connection.prepare("SELECT day, envelope FROM responses WHERE survey = ?1 ORDER BY submission_id").map_err(|e| {
        match e.to_string() {
            m if m.contains("no such table") => {
                format!("{name}: not a speaksafe database (it has no table \"responses\")")
            }
            m if m.contains("file is not a database") => format!("{name}: not a speaksafe database (not SQLite)"),
            m => format!("{name}: cannot read the responses: {m}"),
        }
    })
}

/// Opens every envelope, on every core: the opened responses in the order given, and the
/// errors of those that did not open.
pub fn open_all(sealed: &[(String, String)], key: &PrivateKey, survey: &str) -> (Vec<Opened>, Vec<EnvelopeError>) {
    let open_one = |(day, text): &(String, String)| {
        let envelope = Envelope::from_text(text)?;
        Ok(Opened { day: day.clone(), response: open(&envelope, key, survey)? })
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let results: Vec<Result<Opened, EnvelopeError>> = if threads <= 1 || sealed.len() < 64 {
        sealed.iter().map(open_one).collect()
    } else {
        let chunk = sealed.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = sealed
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(open_one).collect::<Vec<_>>()))
                .collect();
            // A thread that panicked would be a bug in opening; its envelopes count as unreadable
            // rather than taking the whole export down.
            handles
                .into_iter()
                .zip(sealed.chunks(chunk))
                .flat_map(|(handle, part)| {
                    handle.join().unwrap_or_else(|_| {
                        part.iter()
                            .map(|_| Err(EnvelopeError::BadPlaintext("opening it failed unexpectedly".into())))
                            .collect()
                    })
                })
                .collect()
        })
    };
    let mut opened = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for result in results {
        match result {
            Ok(o) => opened.push(o),
            Err(e) => failed.push(e),
        }
    }
    (opened, failed)
}

/// Creates (or replaces) a file that only its owner can read: what it holds are opened answers.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // An existing file keeps its mode when opened; make it private too.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}
