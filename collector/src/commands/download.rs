//! `export --from` / `summary --from`: a survey's sealed responses downloaded from a collector
//! (its console API, with a token from `speaksafe organisers token`), to be opened here, where
//! the private key is. Nobody needs the database, and the key never goes near the server.
//!
//! The release of what is made from them goes through the collector too, into its ledger
//! ([`super::ledger`]): `…/releases`, listed and recorded with the same token.
//!
//! The download goes a piece at a time (`?after=` the last id received), and a piece cut short
//! (no last line) is asked for again from where it stopped: a dropped connection costs a retry,
//! never a response twice or one missed.

use serde_json::{json, Value};
use speaksafe_core::Survey;
use speaksafe_results::ledger::{Outcome, Release};
use std::io::{BufRead, BufReader};
use std::time::Duration;

/// How many times a piece cut short is asked for again.
const RETRIES: u32 = 5;
/// The most responses in one piece (the collector's own limit).
const PIECE: usize = 10_000;

/// A collector to download from.
#[derive(Debug, Clone)]
pub struct Remote {
    base: String,
    token: String,
    agent: ureq::Agent,
}

/// What a download was told by the collector, or what went wrong on the way.
#[derive(Debug)]
enum Fetch {
    /// The collector said no (a refusal's words, with its status).
    Refused(u16, String),
    /// The connection or the stream broke: worth asking again.
    Broken(String),
}

impl Remote {
    /// A collector at `base` (`https://survey.city.example`), with a token for its responses.
    pub fn new(base: &str, token: Option<&str>) -> Result<Remote, String> {
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(format!("--from {base}: give the collector's address, such as https://survey.city.example"));
        }
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or("--from needs a token: SPEAKSAFE_TOKEN=… (from `speaksafe organisers token NAME --survey ID`)")?
            .to_string();
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_recv_body(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Remote { base, token, agent })
    }

    fn get(&self, path: &str, token: bool) -> Result<ureq::http::Response<ureq::Body>, Fetch> {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        if token {
            request = request.header("Authorization", format!("Bearer {}", self.token));
        }
        let response = request.call().map_err(|e| Fetch::Broken(e.to_string()))?;
        let status = response.status().as_u16();
        if status == 200 {
            return Ok(response);
        }
        let text = response.into_body().read_to_string().unwrap_or_default();
        let words = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v.get("error").and_then(Value::as_str).map(str::to_string))
            .unwrap_or(text);
        Err(if status >= 500 { Fetch::Broken(format!("{status}: {words}")) } else { Fetch::Refused(status, words) })
    }

    fn said(&self, what: &str, e: Fetch) -> String {
        match e {
            Fetch::Refused(status, words) => format!("{}: {what}: the collector answered {status}: {words}", self.base),
            Fetch::Broken(why) => format!("{}: {what}: {why}", self.base),
        }
    }

    /// The survey's definition as the collector serves it (its live version).
    pub fn survey(&self, id: &str) -> Result<Survey, String> {
        let response = self.get(&format!("/surveys/{id}.json"), false).map_err(|e| self.said("the survey", e))?;
        let text = response.into_body().read_to_string().map_err(|e| format!("{}: the survey: {e}", self.base))?;
        let checked = speaksafe_core::read(&text)
            .map_err(|problems| format!("{}: the survey {id} as served is not valid: {}", self.base, problems[0]))?;
        Ok(checked.survey)
    }

    /// Whether the token may download this survey's responses (asking for one).
    pub fn check(&self, survey: &str) -> Result<(), String> {
        self.piece(survey, None, 1).map(drop).map_err(|(e, _)| self.said("the responses", e))
    }

    /// Downloads the sealed responses to `survey`, handing them to `each` as `(day, envelope)` a
    /// piece at a time, in the order of their ids.
    pub fn each_chunk(
        &self,
        survey: &str,
        mut each: impl FnMut(&[(String, String)]) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut after: Option<String> = None;
        let mut tries = 0;
        loop {
            match self.piece(survey, after.as_deref(), PIECE) {
                Ok((rows, more)) => {
                    tries = 0;
                    if let Some((last, _, _)) = rows.last() {
                        after = Some(last.clone());
                    }
                    let chunk: Vec<(String, String)> =
                        rows.into_iter().map(|(_, day, envelope)| (day, envelope)).collect();
                    each(&chunk)?;
                    if !more {
                        return Ok(());
                    }
                }
                // A piece cut short: what arrived whole is kept, and the rest asked for again.
                Err((Fetch::Broken(why), rows)) if tries < RETRIES => {
                    tries += 1;
                    if let Some((last, _, _)) = rows.last() {
                        after = Some(last.clone());
                    }
                    let chunk: Vec<(String, String)> =
                        rows.into_iter().map(|(_, day, envelope)| (day, envelope)).collect();
                    each(&chunk)?;
                    eprintln!("The download was cut short ({why}); going on from where it stopped.");
                    std::thread::sleep(Duration::from_millis(500 * u64::from(tries)));
                }
                Err((e, _)) => return Err(self.said("the responses", e)),
            }
        }
    }

    /// The survey's releases, from the collector's ledger.
    pub fn releases(&self, survey: &str) -> Result<Vec<Release>, String> {
        let what = "the ledger of releases";
        let response =
            self.get(&format!("/api/v1/console/surveys/{survey}/releases"), true).map_err(|e| self.said(what, e))?;
        let text = response.into_body().read_to_string().map_err(|e| format!("{}: {what}: {e}", self.base))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {what}: {e}", self.base))?;
        let releases = value.get("releases").and_then(Value::as_array).cloned().unwrap_or_default();
        releases.iter().map(|r| Release::from_json(r).map_err(|e| format!("{}: {what}: {e}", self.base))).collect()
    }

    /// Checks a release against the collector's ledger, which records it if it may be made.
    pub fn release(&self, release: &Release, force: bool) -> Result<Outcome, String> {
        let what = "the ledger of releases";
        let url = format!("{}/api/v1/console/surveys/{}/releases", self.base, release.survey);
        let mut body = release.to_json();
        body["force"] = json!(force);
        let response = self
            .agent
            .post(url)
            .header("Authorization", format!("Bearer {}", self.token))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .map_err(|e| format!("{}: {what}: {e}", self.base))?;
        let status = response.status().as_u16();
        let text = response.into_body().read_to_string().unwrap_or_default();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let words = value.get("error").and_then(Value::as_str).unwrap_or(&text).to_string();
        match (status, value.get("repeat").and_then(Value::as_u64), value.get("number").and_then(Value::as_u64)) {
            (200, Some(number), _) => Ok(Outcome::Repeat(number)),
            (201, _, Some(number)) => {
                let forced = value.get("forced").and_then(Value::as_str).map(str::to_string);
                Ok(Outcome::Recorded { number, forced })
            }
            (409, ..) => Ok(Outcome::Refused(words)),
            _ => Err(format!("{}: {what}: the collector answered {status}: {words}", self.base)),
        }
    }

    /// One piece: its rows `(id, day, envelope)` and whether there are more; a piece cut short
    /// gives what arrived whole with the error.
    #[allow(clippy::type_complexity)]
    fn piece(
        &self,
        survey: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<(String, String, String)>, bool), (Fetch, Vec<(String, String, String)>)> {
        let path = format!("/api/v1/console/surveys/{survey}/responses?limit={limit}&after={}", after.unwrap_or(""));
        let response = self.get(&path, true).map_err(|e| (e, Vec::new()))?;
        let reader = BufReader::new(response.into_body().into_reader());
        let mut rows = Vec::new();
        for line in reader.lines() {
            let line = match line {
                Ok(line) => line,
                Err(e) => return Err((Fetch::Broken(e.to_string()), rows)),
            };
            // A line cut in two by a dropped connection: what came before it stands.
            let Ok(value) = serde_json::from_str::<Value>(&line) else {
                return Err((Fetch::Broken("a line of the download is not whole".into()), rows));
            };
            if value.get("end").and_then(Value::as_bool) == Some(true) {
                let more = value.get("more").and_then(Value::as_bool).unwrap_or(false);
                return Ok((rows, more));
            }
            let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
            match (field("id"), field("day"), field("envelope")) {
                (Some(id), Some(day), Some(envelope)) => rows.push((id, day, envelope)),
                _ => return Err((Fetch::Broken("a line of the download is not a response".into()), rows)),
            }
        }
        // No last line: the download stopped before its end.
        Err((Fetch::Broken("the download stopped before its end".into()), rows))
    }
}
