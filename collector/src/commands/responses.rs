//! Where `export` and `summary` find a survey's responses and what opens them: the private key
//! files, the survey's definition, and either the collector's database (SQLite or PostgreSQL,
//! [`crate::store`]) or the collector itself (`--from`, [`super::download`]), read a chunk at a
//! time. What is done with them is `speaksafe_results`'.

use super::download::Remote;
use crate::store::{self, Access, Location, StoreError};
use speaksafe_core::envelope::PrivateKey;
use speaksafe_core::Survey;
use speaksafe_results::{opened, Keyring, Responses};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `export` and `summary` are told about where the responses are.
#[derive(Debug, Clone, clap::Args)]
pub struct Source {
    /// The collector's database of sealed responses: a SQLite file, or a PostgreSQL URL
    /// (postgres://user@host/dbname).
    #[arg(long, value_name = "FILE|URL", default_value = "responses.db", env = "SPEAKSAFE_DB", hide_env_values = true)]
    pub db: Location,
    /// A private key file (`NAME.key`, from `speaksafe keygen`). Give --key more than once when
    /// the survey's key was changed while it ran: each response is opened with the key that fits.
    #[arg(long, value_name = "NAME.key")]
    pub key: Vec<PathBuf>,
    /// The survey's id, as in its definition.
    #[arg(long, value_name = "ID")]
    pub survey: String,
    /// The folder of survey definitions: the survey is read from `DIR/<id>.json` (with --from,
    /// as the collector serves it).
    #[arg(long, value_name = "DIR", default_value = "surveys")]
    pub surveys: PathBuf,
    /// Instead of --db: the collector's address (https://survey.city.example). The sealed
    /// responses are downloaded with a token (SPEAKSAFE_TOKEN, from `speaksafe organisers token`)
    /// and opened here: nobody needs the database, and the key never goes near the server.
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// The token for --from (better given as SPEAKSAFE_TOKEN, out of the shell's history).
    #[arg(long, value_name = "TOKEN", env = "SPEAKSAFE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

impl Source {
    /// The collector named by `--from`, if it is given.
    pub fn remote(&self) -> Result<Option<Remote>, String> {
        self.from.as_deref().map(|from| Remote::new(from, self.token.as_deref())).transpose()
    }

    /// The survey's definition: from `--surveys`, or as the collector serves it.
    pub fn survey(&self) -> Result<Survey, String> {
        check_survey_id(&self.survey)?;
        match self.remote()? {
            Some(remote) => remote.survey(&self.survey),
            None => read_survey(&self.surveys, &self.survey),
        }
    }

    /// Whether the responses can be read (the database is the collector's, or the token may
    /// download them), before anything is written.
    pub fn check(&self) -> Result<(), String> {
        match self.remote()? {
            Some(remote) => remote.check(&self.survey),
            None => check_database(&self.db),
        }
    }

    /// The sealed responses, as `(day, envelope text)`, a chunk at a time.
    pub fn each_chunk(
        &self,
        size: usize,
        each: impl FnMut(&[(String, String)]) -> Result<(), String>,
    ) -> Result<(), String> {
        match self.remote()? {
            Some(remote) => remote.each_chunk(&self.survey, each),
            None => each_chunk(&self.db, &self.survey, size, each),
        }
    }
}

/// Reads the keys, the survey definition and the responses, and opens every response.
pub fn load(source: &Source) -> Result<Responses, String> {
    let keys = read_keys(&source.key)?;
    let survey = source.survey()?;
    let mut sealed = Vec::new();
    source.each_chunk(4096, |chunk| {
        sealed.extend_from_slice(chunk);
        Ok(())
    })?;
    let (opened, failed) = opened::open_all(&sealed, &keys, &survey);
    report_key_use(&keys);
    Ok(Responses { survey, opened, failed, keys: keys.len() })
}

/// Says which responses could not be opened, if any, and ends the command: a failure only when
/// none could be (what was written from the others still stands).
pub fn report_failures(responses: &Responses) -> ExitCode {
    let Some(report) = responses.failure_report() else { return ExitCode::SUCCESS };
    eprintln!("{report}");
    if responses.opened.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// With several keys, says on stderr how many responses each opened (what a rotation left).
pub fn report_key_use(keys: &Keyring) {
    if let Some(report) = keys.use_report() {
        eprintln!("{report}");
    }
}

/// Reads every key file, each named by its path; the first that cannot be read is the error.
pub fn read_keys(paths: &[PathBuf]) -> Result<Keyring, String> {
    if paths.is_empty() {
        return Err("no private key: give one with --key NAME.key".into());
    }
    let keys =
        paths.iter().map(|path| Ok((path.display().to_string(), read_key(path)?))).collect::<Result<_, String>>()?;
    Ok(Keyring::of(keys))
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
        let page = store.page(survey, after.as_deref(), size).map_err(|e| match e {
            StoreError::NotOurs(_) => format!("{db}: {e}"),
            _ => format!("{db}: cannot read the responses: {e}"),
        })?;
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
    store.page("", None, 1).map(drop).map_err(|e| format!("{db}: {e}"))
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
