//! A survey's responses, opened: what `export` and `summary` share. The sealed responses are
//! read from the collector's database (SQLite or PostgreSQL, [`crate::store`]) a chunk at a time,
//! each is opened with whichever of the organiser's private keys fits ([`Keyring`]), and those
//! that do not open are counted, with why, rather than stopping the rest.

use crate::store::{self, Access, Location};
use speaksafe_core::envelope::{open, Envelope, EnvelopeError, PrivateKey};
use speaksafe_core::{Response, Survey};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What `export` and `summary` are told about where the responses are.
#[derive(Debug, Clone, clap::Args)]
pub struct Source {
    /// The collector's database of sealed responses: a SQLite file, or a PostgreSQL URL
    /// (postgres://user@host/dbname).
    #[arg(long, value_name = "FILE|URL", default_value = "responses.db", env = "SPEAKSAFE_DB", hide_env_values = true)]
    pub db: Location,
    /// A private key file (`NAME.key`, from `speaksafe keygen`). Give --key more than once when
    /// the survey's key was changed while it ran: each response is opened with the key that fits.
    #[arg(long, value_name = "NAME.key", required = true)]
    pub key: Vec<PathBuf>,
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
    /// How many keys were tried on each.
    pub keys: usize,
}

impl Responses {
    /// How many sealed responses there were.
    pub fn total(&self) -> usize {
        self.opened.len() + self.failed.len()
    }

    /// What to say about the responses that could not be opened, if any.
    pub fn failure_report(&self) -> Option<String> {
        failure_report_with_keys(self.keys, self.opened.len(), &self.failed)
    }

    /// Says which responses could not be opened, if any, and ends the command: a failure only
    /// when none could be (what was written from the others still stands).
    pub fn report_failures(&self) -> std::process::ExitCode {
        let Some(report) = self.failure_report() else { return std::process::ExitCode::SUCCESS };
        eprintln!("{report}");
        if self.opened.is_empty() {
            std::process::ExitCode::FAILURE
        } else {
            std::process::ExitCode::SUCCESS
        }
    }
}

/// What to say about the responses that could not be opened with one key, if any:
/// `2 responses could not be opened: 1 does not open with this key (…); 1 …`.
pub fn failure_report(opened: usize, failed: &[EnvelopeError]) -> Option<String> {
    failure_report_with_keys(1, opened, failed)
}

/// What to say about the responses that could not be opened with any of `keys` keys, if any.
pub fn failure_report_with_keys(keys: usize, opened: usize, failed: &[EnvelopeError]) -> Option<String> {
    if failed.is_empty() {
        return None;
    }
    let no_key = match keys {
        1 => "does not open with this key (sealed to another key, for another survey, or changed)".to_string(),
        n => format!("does not open with any of the {n} keys (sealed to another key, for another survey, or changed)"),
    };
    // Group by kind of failure, each with its first message, in order of first appearance.
    let mut groups: Vec<(&str, usize, String)> = Vec::new();
    for error in failed {
        let kind = match error {
            EnvelopeError::DoesNotOpen => no_key.as_str(),
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
    if opened == 0 && keys > 1 {
        report.push_str(". None opened: are these the private keys for this survey's public keys?");
    } else if opened == 0 {
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

/// Reads the keys, the survey definition and the database, and opens every response.
pub fn load(source: &Source) -> Result<Responses, String> {
    let keys = Keyring::read(&source.key)?;
    let survey = read_survey(&source.surveys, &source.survey)?;
    let sealed = envelopes(&source.db, &source.survey)?;
    let (opened, failed) = open_all(&sealed, &keys, &source.survey);
    keys.report_use();
    Ok(Responses { survey, opened, failed, keys: keys.len() })
}

/// The organiser's private keys: one, or several when the survey's key was changed while it ran
/// (responses sealed before the change open with the old key, those after with the new one).
#[derive(Debug)]
pub struct Keyring {
    keys: Vec<(PathBuf, PrivateKey)>,
    /// How many envelopes each key opened.
    used: Vec<AtomicUsize>,
}

impl Keyring {
    /// Reads every key file; the first that cannot be read is the error. The same key given twice
    /// is read once.
    pub fn read(paths: &[PathBuf]) -> Result<Keyring, String> {
        if paths.is_empty() {
            return Err("no private key: give one with --key NAME.key".into());
        }
        let mut keys: Vec<(PathBuf, PrivateKey)> = Vec::with_capacity(paths.len());
        for path in paths {
            let key = read_key(path)?;
            if !keys.iter().any(|(_, k)| k.public_key() == key.public_key()) {
                keys.push((path.clone(), key));
            }
        }
        let used = keys.iter().map(|_| AtomicUsize::new(0)).collect();
        Ok(Keyring { keys, used })
    }

    /// A keyring of keys already read (tests, and callers that hold keys in memory).
    pub fn of(keys: Vec<(PathBuf, PrivateKey)>) -> Keyring {
        let used = keys.iter().map(|_| AtomicUsize::new(0)).collect();
        Keyring { keys, used }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Opens an envelope with whichever key fits. An envelope no key opens is
    /// [`EnvelopeError::DoesNotOpen`]; one that opens but holds something wrong says so.
    pub fn open(&self, envelope: &Envelope, survey: &str) -> Result<Response, EnvelopeError> {
        for ((_, key), used) in self.keys.iter().zip(&self.used) {
            match open(envelope, key, survey) {
                Err(EnvelopeError::DoesNotOpen) => continue,
                Ok(response) => {
                    used.fetch_add(1, Ordering::Relaxed);
                    return Ok(response);
                }
                Err(other) => return Err(other),
            }
        }
        Err(EnvelopeError::DoesNotOpen)
    }

    /// How many envelopes each key has opened so far, by file.
    pub fn opened_by(&self) -> Vec<(&Path, usize)> {
        self.keys.iter().zip(&self.used).map(|((path, _), n)| (path.as_path(), n.load(Ordering::Relaxed))).collect()
    }

    /// With several keys, says on stderr how many responses each opened (what a rotation left).
    pub fn report_use(&self) {
        if self.keys.len() > 1 {
            let parts: Vec<String> =
                self.opened_by().iter().map(|(path, n)| format!("{n} with {}", path.display())).collect();
            eprintln!("Opened {}.", parts.join(", "));
        }
    }
}

/// The private key in a `NAME.key` file.
pub fn read_key(path: &Path) -> Result<PrivateKey, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the private key: {e}", path.display()))?;
    PrivateKey::from_text(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether `id` can be a survey's id: 1 to 64 letters, digits, `_` and `-`.
pub fn check_survey_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(format!(
            "\"{}\" is not a survey id: use the letters, digits, '_' and '-' of the definition's \"id\"",
            id.escape_debug()
        ));
    }
    Ok(())
}

/// The survey `id`'s definition, from `dir/<id>.json`, read and checked as the widget reads it.
pub fn read_survey(dir: &Path, id: &str) -> Result<Survey, String> {
    check_survey_id(id)?;
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

/// The sealed responses to `survey` in the collector's database, as `(day, envelope text)`, in
/// the order of their (random) submission ids. The database must exist: a wrong path or URL
/// never creates an empty one.
pub fn envelopes(db: &Location, survey: &str) -> Result<Vec<(String, String)>, String> {
    let mut all = Vec::new();
    each_chunk(db, survey, 4096, |chunk| {
        all.extend_from_slice(chunk);
        Ok(())
    })?;
    Ok(all)
}

/// Reads the sealed responses to `survey` as [`envelopes`] does, handing them to `each` in
/// chunks of at most `size`, so that they need not all be in memory at once (the database is
/// read a chunk at a time too).
pub fn each_chunk(
    db: &Location,
    survey: &str,
    size: usize,
    mut each: impl FnMut(&[(String, String)]) -> Result<(), String>,
) -> Result<(), String> {
    let store = store::open(db, Access::Existing)?;
    let size = size.max(1);
    let mut after: Option<String> = None;
    loop {
        let page = store
            .page(survey, after.as_deref(), size)
            .map_err(|e| format!("{db}: cannot read the responses: {}", database_message(&e.to_string())))?;
        let Some((last, _)) = page.last() else { return Ok(()) };
        after = Some(last.clone());
        let chunk: Vec<(String, String)> = page.into_iter().map(|(_, r)| (r.day, r.envelope)).collect();
        each(&chunk)?;
        if chunk.len() < size {
            return Ok(());
        }
    }
}

/// Whether the database can be read as the collector's: it exists, it is SQLite or PostgreSQL,
/// it has the table.
pub fn check_database(db: &Location) -> Result<(), String> {
    let store = store::open(db, Access::Existing)?;
    store.page("", None, 1).map(drop).map_err(|e| format!("{db}: {}", database_message(&e.to_string())))
}

/// SQLite's words for a file that is not the collector's, in ours.
fn database_message(message: &str) -> String {
    if message.contains("no such table") {
        "not a speaksafe database (it has no table \"responses\")".into()
    } else if message.contains("file is not a database") {
        "not a speaksafe database (not SQLite)".into()
    } else {
        message.to_string()
    }
}

/// Opens every envelope, on every core: the opened responses in the order given, and the
/// errors of those that did not open.
pub fn open_all(sealed: &[(String, String)], keys: &Keyring, survey: &str) -> (Vec<Opened>, Vec<EnvelopeError>) {
    let open_one = |(day, text): &(String, String)| {
        let envelope = Envelope::from_text(text)?;
        Ok(Opened { day: day.clone(), response: keys.open(&envelope, survey)? })
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
