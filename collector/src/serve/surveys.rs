//! The surveys a collector serves: those in `--surveys` (read and checked at start) and those
//! organisers publish from the console (in the database, shared by every collector on it). Each
//! is served with the interface words of its languages, its public key, its version, its token
//! key (a survey with access codes, once codes were issued) and, once closed, `closed`, written
//! in; gzipped once; with its first screens.
//!
//! The catalogue is made again whenever the surveys change (a publish, a close, on any collector
//! sharing the database: [`watch`] looks every second) or the day does (a closing day passes).

use super::first_screen::FirstScreens;
use crate::store::Records;
use axum::body::Bytes;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use speaksafe_core::envelope::PublicKey;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Where a survey comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file in `--surveys`, read at start.
    File(PathBuf),
    /// Published from the console.
    Console,
}

/// A survey as organisers gave it, before it is served.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    /// The definition as the organiser wrote it.
    pub definition: Value,
    /// Its own public key; the collector's `--public-key` when `None`.
    pub public_key: Option<String>,
    /// Closed by an organiser when false.
    pub open: bool,
    pub origin: Origin,
}

/// The surveys of `--surveys`.
pub type Surveys = Vec<Source>;

/// A survey as it is served.
#[derive(Debug, Clone)]
pub struct Served {
    /// The JSON text exactly as served, and gzipped.
    pub text: String,
    pub gzipped: Bytes,
    pub survey: speaksafe_core::Survey,
    pub version: String,
    /// Taking answers: open, and its closing day (if any) not past.
    pub open: bool,
    pub public_key: Option<String>,
    /// The token key it names (public half), if it takes access codes and has one.
    pub token_key: Option<String>,
    pub origin: Origin,
}

/// Every survey served, by id, and their first screens.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub surveys: BTreeMap<String, Served>,
    pub first: FirstScreens,
    /// The database's count of changes this was made at (none before it was first looked at),
    /// and the day.
    pub generation: Option<i64>,
    pub day: String,
}

/// The version of a definition: the SHA-256, in hex, of its canonical text (the same survey
/// always writes the same bytes: `speaksafe_core::document`).
pub fn version(definition: &Value) -> String {
    let digest = Sha256::digest(speaksafe_core::document::to_text(definition).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first 16 hex digits of the SHA-256 of a public key: enough for an organiser to tell two
/// keys apart, and to check the one shown against their `.pub` file.
pub fn fingerprint(public_key: &str) -> String {
    Sha256::digest(public_key.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Reads a public key file: 43 characters of base64url (32 bytes, X25519), surrounding
/// whitespace ignored.
pub fn read_public_key(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--public-key {}: {e}", path.display()))?;
    let key = text.trim();
    PublicKey::from_text(key).map_err(|e| {
        format!("--public-key {}: not a public key ({e}); expected 43 characters of base64url, as `speaksafe keygen` writes", path.display())
    })?;
    Ok(key.to_string())
}

/// Reads every `*.json` in `dir` as a survey definition, to be served with `public_key` (written
/// into `submit.public_key`, adding `submit` with the collector's endpoint if missing). Returns
/// the surveys and warnings, or every problem found.
pub fn load_surveys(dir: &Path, public_key: Option<&str>) -> Result<(Surveys, Vec<String>), Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "json") && path.is_file())
        .collect();
    paths.sort();
    let mut surveys = Surveys::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for path in &paths {
        let name = path.display();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let checked = match speaksafe_core::read(&text) {
            Ok(checked) => checked,
            Err(errors) => {
                problems.extend(errors.iter().map(|e| format!("{name}: {e}")));
                continue;
            }
        };
        let id = checked.survey.id.clone();
        let definition: Value = match serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
            Ok(value) => value,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let source = Source {
            id: id.clone(),
            definition,
            public_key: public_key.map(str::to_string),
            open: true,
            origin: Origin::File(path.clone()),
        };
        let served = match serve(&source, None, None, "0000-00-00") {
            Ok(served) => served,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        warnings.extend(served_warnings(&served, &id).into_iter().map(|w| format!("{name}: {w}")));
        if let Some(first) = surveys.iter().find(|s| s.id == id) {
            let Origin::File(first) = &first.origin else { continue };
            problems.push(format!("{name}: the id \"{id}\" is already used by {}", first.display()));
            continue;
        }
        surveys.push(source);
    }
    if problems.is_empty() && surveys.is_empty() {
        problems.push(format!("{}: no survey definitions (*.json)", dir.display()));
    }
    if problems.is_empty() {
        Ok((surveys, warnings))
    } else {
        Err(problems)
    }
}

/// What an organiser should hear about a survey as served: answers that cannot be sent or sealed.
pub fn served_warnings(served: &Served, id: &str) -> Vec<String> {
    let endpoint = endpoint(id);
    match &served.survey.submit {
        None => vec!["no \"submit\": its answers cannot be sent".into()],
        Some(submit) if submit.public_key.is_empty() => {
            vec!["submit.public_key is empty and no --public-key was given: its answers cannot be sealed".into()]
        }
        Some(submit) if submit.endpoint.starts_with('/') && submit.endpoint != endpoint => {
            vec![format!("submit.endpoint is \"{}\"; this collector takes responses at {endpoint}", submit.endpoint)]
        }
        Some(_) => Vec::new(),
    }
}

/// Where this collector takes a survey's responses.
pub fn endpoint(id: &str) -> String {
    format!("/api/v1/surveys/{id}/responses")
}

/// A survey as it is served on `today`: with the interface words of its languages (the widget
/// has only English of its own), its public key (or `default_key`) as `submit.public_key`, its
/// version, for a survey with access codes its token key's public half (`token_key`, once codes
/// were issued) as `submit.token_key`, and `closed` once it is closed or past its closing day.
///
/// The token key is named here, in the definition every respondent's widget runs, rather than
/// asked for apart: the widget blinds to this key and no other, and `speaksafe verify` and the
/// console show it, so one key for everyone is something an organiser can check.
pub fn serve(
    source: &Source,
    default_key: Option<&str>,
    token_key: Option<&str>,
    today: &str,
) -> Result<Served, String> {
    let version = version(&source.definition);
    let mut value = source.definition.clone();
    speaksafe_core::document::add_built_in_words(&mut value);
    let public_key = source.public_key.as_deref().or(default_key);
    let closes = value.get("closes").and_then(Value::as_str).map(str::to_string);
    let open = source.open && closes.as_deref().is_none_or(|last| today <= last);
    let takes_codes = value.get("access").and_then(Value::as_str) == Some("codes");
    let definition = value.as_object_mut().ok_or("not a JSON object")?;
    let submit = definition.entry("submit").or_insert_with(|| json!({ "endpoint": endpoint(&source.id) }));
    let submit = submit.as_object_mut().ok_or("submit is not an object")?;
    if let Some(key) = public_key {
        submit.insert("public_key".into(), Value::String(key.into()));
    }
    submit.insert("version".into(), Value::String(version.clone()));
    // Only the key this collector signs with: never one the definition came with.
    submit.remove("token_key");
    if let Some(key) = token_key.filter(|_| takes_codes) {
        submit.insert("token_key".into(), Value::String(key.into()));
    }
    if !open {
        submit.insert("closed".into(), Value::Bool(true));
    }
    // Without indentation: every respondent downloads it (about 9 % less, gzipped).
    let text = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    // What is served must read as well as the file did.
    let survey = speaksafe_core::read(&text)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?
        .survey;
    let gzipped = Bytes::from(gzip(text.as_bytes()));
    let public_key = survey.submit.as_ref().map(|s| s.public_key.clone()).filter(|k| !k.is_empty());
    let token_key = survey.submit.as_ref().and_then(|s| s.token_key.clone());
    Ok(Served { text, gzipped, survey, version, open, public_key, token_key, origin: source.origin.clone() })
}

impl Catalogue {
    /// The catalogue of the file surveys and those published from the console (which win over a
    /// file survey with the same id), with their token keys (by survey), on `today`. A survey
    /// that cannot be served is left out, with why.
    pub fn make(
        files: &[Source],
        published: &[Source],
        token_keys: &BTreeMap<String, String>,
        default_key: Option<&str>,
        static_dir: &Path,
        today: &str,
    ) -> (Catalogue, Vec<String>) {
        let mut surveys = BTreeMap::new();
        let mut problems = Vec::new();
        for source in files.iter().filter(|f| !published.iter().any(|p| p.id == f.id)).chain(published) {
            match serve(source, default_key, token_keys.get(&source.id).map(String::as_str), today) {
                Ok(served) => {
                    surveys.insert(source.id.clone(), served);
                }
                Err(e) => problems.push(format!("{}: cannot be served: {e}", source.id)),
            }
        }
        let first = first_screens(&surveys, static_dir);
        (Catalogue { surveys, first, generation: None, day: today.to_string() }, problems)
    }
}

/// The surveys published from the console, as sources.
pub fn published(records: &Records) -> Result<Vec<Source>, String> {
    let surveys = records.surveys().map_err(|e| e.to_string())?;
    Ok(surveys
        .into_iter()
        .filter_map(|s| {
            let definition = serde_json::from_str(&s.definition).ok()?;
            Some(Source { id: s.id, definition, public_key: s.public_key, open: s.open, origin: Origin::Console })
        })
        .collect())
}

/// What the collector serves now, shared by every request; replaced whole when it changes.
pub struct Live {
    pub current: RwLock<Arc<Catalogue>>,
    pub files: Surveys,
    pub default_key: Option<String>,
    pub static_dir: PathBuf,
}

impl Live {
    pub fn new(files: Surveys, default_key: Option<String>, static_dir: PathBuf) -> Live {
        let (catalogue, _) =
            Catalogue::make(&files, &[], &BTreeMap::new(), default_key.as_deref(), &static_dir, &crate::store::today());
        Live { current: RwLock::new(Arc::new(catalogue)), files, default_key, static_dir }
    }

    /// The catalogue now.
    pub fn now(&self) -> Arc<Catalogue> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Makes the catalogue again if the database's surveys or the day changed since it was made.
    /// Problems with a published survey are said once, when it is made.
    pub fn refresh(&self, records: &Records) -> Result<(), String> {
        let generation = records.generation().map_err(|e| e.to_string())?;
        let today = crate::store::today();
        let now = self.now();
        if now.generation == Some(generation) && now.day == today {
            return Ok(());
        }
        let published = published(records)?;
        let token_keys = records.token_public_keys().map_err(|e| e.to_string())?;
        let (mut catalogue, problems) = Catalogue::make(
            &self.files,
            &published,
            &token_keys,
            self.default_key.as_deref(),
            &self.static_dir,
            &today,
        );
        for problem in problems {
            eprintln!("speaksafe: {problem}");
        }
        catalogue.generation = Some(generation);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalogue);
        Ok(())
    }
}

/// Keeps the catalogue up to date: looks at the database every second (so that a survey
/// published through any collector sharing it is served by this one within a second).
pub async fn watch(live: Arc<Live>, records: Arc<Records>) {
    let mut said = false;
    loop {
        let (live, records) = (live.clone(), records.clone());
        let looked = tokio::task::spawn_blocking(move || live.refresh(&records)).await;
        match looked {
            Ok(Err(e)) if !said => {
                eprintln!("speaksafe: cannot read the published surveys: {e} (later failures are not printed)");
                said = true;
            }
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// `bytes` gzipped at the best compression (once per definition).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write as _;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The first screens of every open survey, if the build has the widget's stylesheet and exit.js
/// (a collector serving no build sends none, and `/` is then the static index.html). What they
/// load carries the hashes of the build's manifest.json (when the build has one): the hashes the
/// release was made with, not those of whatever is on disk now.
pub fn first_screens(surveys: &BTreeMap<String, Served>, static_dir: &Path) -> FirstScreens {
    let file = |name: &str| std::fs::read_to_string(static_dir.join(name)).ok();
    let (Some(css), Some(exit_js)) = (file("main.css"), file("exit.js")) else { return FirstScreens::default() };
    let integrity = file("manifest.json").map(|text| build_hashes(&text)).unwrap_or_default();
    let read: Vec<speaksafe_core::Survey> = surveys.values().filter(|s| s.open).map(|s| s.survey.clone()).collect();
    FirstScreens::render_with(&read, &css, &exit_js, &integrity, gzip).unwrap_or_default()
}

/// The files at the top of the build and their `sha384-…`, from manifest.json's `files`
/// (`{"/boot.js": "sha384-…"}`); nothing from a manifest that does not read.
pub fn build_hashes(manifest: &str) -> BTreeMap<String, String> {
    let Ok(serde_json::Value::Object(manifest)) = serde_json::from_str::<serde_json::Value>(manifest) else {
        return BTreeMap::new();
    };
    let Some(serde_json::Value::Object(files)) = manifest.get("files") else { return BTreeMap::new() };
    files
        .iter()
        .filter_map(|(path, hash)| Some((path.strip_prefix('/')?.to_string(), hash.as_str()?.to_string())))
        .collect()
}
