//! The surveys a collector serves: read and checked from `--surveys` at start, each with the
//! interface words of its languages and the organiser's public key written in, gzipped once, and
//! with its first screens.

use super::first_screen::FirstScreens;
use serde_json::{json, Value};
use speaksafe_core::envelope::PublicKey;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The survey definitions served, by id: the JSON text exactly as served.
pub type Surveys = BTreeMap<String, String>;

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

/// Reads every `*.json` in `dir` as a survey definition. With a public key, writes it into each
/// definition's `submit.public_key` (adding `submit` with the collector's endpoint if missing).
/// Returns the definitions to serve and warnings, or every problem found.
pub fn load_surveys(dir: &Path, public_key: Option<&str>) -> Result<(Surveys, Vec<String>), Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "json") && path.is_file())
        .collect();
    paths.sort();
    let mut surveys = Surveys::new();
    let mut from: BTreeMap<String, PathBuf> = BTreeMap::new();
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
        let endpoint = format!("/api/v1/surveys/{id}/responses");
        let served = match as_served(&text, public_key, &endpoint) {
            Ok(served) => served,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let submit = speaksafe_core::read(&served).ok().and_then(|c| c.survey.submit);
        match &submit {
            None => warnings.push(format!("{name}: no \"submit\": its answers cannot be sent")),
            Some(submit) if submit.public_key.is_empty() => warnings.push(format!(
                "{name}: submit.public_key is empty and no --public-key was given: its answers cannot be sealed"
            )),
            Some(submit) if submit.endpoint.starts_with('/') && submit.endpoint != endpoint => warnings.push(format!(
                "{name}: submit.endpoint is \"{}\"; this collector takes responses at {endpoint}",
                submit.endpoint
            )),
            Some(_) => {}
        }
        if let Some(first) = from.get(&id) {
            problems.push(format!("{name}: the id \"{id}\" is already used by {}", first.display()));
            continue;
        }
        from.insert(id.clone(), path.clone());
        surveys.insert(id, served);
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

/// A definition as it is served: with the interface words of its languages (the widget has
/// only English of its own), and with `--public-key` as `submit.public_key` when given.
fn as_served(text: &str, key: Option<&str>, endpoint: &str) -> Result<String, String> {
    let mut value: Value =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| e.to_string())?;
    speaksafe_core::document::add_built_in_words(&mut value);
    let definition = value.as_object_mut().ok_or("not a JSON object")?;
    if let Some(key) = key {
        let submit = definition.entry("submit").or_insert_with(|| json!({ "endpoint": endpoint }));
        let submit = submit.as_object_mut().ok_or("submit is not an object")?;
        submit.insert("public_key".into(), Value::String(key.into()));
    }
    // Without indentation: every respondent downloads it (about 9 % less, gzipped).
    let served = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    // What is served must read as well as the file did.
    speaksafe_core::read(&served)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
    Ok(served)
}

/// `bytes` gzipped at the best compression (once per definition, at start).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write as _;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The first screens of every survey, if the build has the widget's stylesheet and exit.js (a
/// collector serving no build sends none, and `/` is then the static index.html).
pub fn first_screens(surveys: &Surveys, static_dir: &Path) -> FirstScreens {
    let file = |name: &str| std::fs::read_to_string(static_dir.join(name)).ok();
    let (Some(css), Some(exit_js)) = (file("main.css"), file("exit.js")) else { return FirstScreens::default() };
    let read: Vec<speaksafe_core::Survey> =
        surveys.values().filter_map(|text| speaksafe_core::read(text).ok().map(|c| c.survey)).collect();
    FirstScreens::render(&read, &css, &exit_js, gzip).unwrap_or_default()
}
