//! Opening a survey's sealed responses as they arrive, then summarising and exporting them: the
//! same calls as `speaksafe export` and `summary` (`speaksafe_results`), so that the console and
//! the command line give the same bytes for the same responses.

pub use speaksafe_console_client::contract::Choices;
use speaksafe_core::envelope::PrivateKey;
use speaksafe_core::{PublicKey, Shape, Survey};
use speaksafe_results::summary::Summary;
use speaksafe_results::{layout, opened, report, xlsx, Keyring, Responses, Shared};

/// A key file is one line of 43 characters; anything much longer is not one (and is not read).
pub const MAX_KEY_FILE: f64 = 1024.0;

/// A survey's responses being opened with the organiser's keys.
#[derive(Debug)]
pub struct Opening {
    responses: Responses,
    keys: Keyring,
    /// The words the responses' answers share, across every batch (each option value, day and
    /// question id once for all 100,000 responses, rather than once in each).
    shared: Shared,
    /// The summary last made and what it was made with: the spreadsheet and the report downloaded
    /// after it use the same one, rather than counting 100,000 responses again.
    made: Option<(Choices, Summary)>,
}

impl Opening {
    /// Ready to open responses to the survey `definition` (its JSON, as the collector serves it)
    /// with the key files `keys` (each file's name and text). Refused, naming the file, when a
    /// file is not a private key, or is the survey's public key.
    pub fn start(definition: &str, keys: &[(String, String)]) -> Result<Opening, String> {
        let survey = speaksafe_core::read(definition)
            .map(|checked| checked.survey)
            .map_err(|problems| format!("the survey's definition could not be read: {}", problems[0]))?;
        if keys.is_empty() {
            return Err("Choose your private key file (NAME.key) first.".into());
        }
        let public = survey.submit.as_ref().and_then(|s| PublicKey::from_text(&s.public_key).ok());
        let mut named = Vec::with_capacity(keys.len());
        for (name, text) in keys {
            if public.as_ref().is_some_and(|p| PublicKey::from_text(text).ok().as_ref() == Some(p)) {
                return Err(format!(
                    "{name} is the survey's public key (the .pub file), which cannot open anything: choose the \
                     private key file (.key) made with it."
                ));
            }
            let key = PrivateKey::from_text(text).map_err(|e| format!("{name} is not a private key file: {e}."))?;
            named.push((name.clone(), key));
        }
        let keys = Keyring::of(named);
        let shared = Shared::of(&survey);
        let responses = Responses { survey, opened: Vec::new(), failed: Vec::new(), keys: keys.len() };
        Ok(Opening { responses, keys, shared, made: None })
    }

    /// Opens a batch of sealed responses, each `(day, envelope)`, in the order received.
    pub fn add(&mut self, sealed: &[(String, String)]) {
        let (opened, failed) = opened::open_in_turn(sealed, &self.keys, &self.responses.survey.id, &mut self.shared);
        self.responses.opened.extend(opened);
        self.responses.failed.extend(failed);
        self.made = None;
    }

    pub fn survey(&self) -> &Survey {
        &self.responses.survey
    }

    /// How many have opened so far.
    pub fn opened(&self) -> usize {
        self.responses.opened.len()
    }

    /// How many could not be opened so far.
    pub fn failed(&self) -> usize {
        self.responses.failed.len()
    }

    /// What the command line says on stderr about responses that could not be opened.
    pub fn failure_report(&self) -> Option<String> {
        self.responses.failure_report()
    }

    /// With several keys, how many each opened (what the command line says on stderr).
    pub fn key_use(&self) -> Option<String> {
        self.keys.use_report()
    }

    /// The questions a summary can be broken down by (`--by`): id and text.
    pub fn breakdown_questions(&self) -> Vec<(String, String)> {
        let survey = &self.responses.survey;
        let language = &survey.default_language().code;
        survey
            .questions()
            .map(|(_, q)| q)
            .filter(|q| q.is_answerable() && matches!(q.kind.shape(), Shape::Chosen { .. }))
            .map(|q| (q.id.clone(), q.text.get(language, language).to_string()))
            .collect()
    }

    /// The summary, as `speaksafe summary` makes it with the same choices.
    pub fn summary(&mut self, choices: &Choices) -> Result<&Summary, String> {
        if choices.min_cell == 0 {
            return Err("The smallest count shown must be 1 or more.".into());
        }
        if self.made.as_ref().is_none_or(|(made, _)| made != choices) {
            let summary = Summary::new(&self.responses, choices.min_cell, choices.include_text, &choices.by)?;
            self.made = Some((choices.clone(), summary));
        }
        Ok(self.made.as_ref().map(|(_, summary)| summary).expect("made just above"))
    }

    /// The HTML report of a summary, as `speaksafe summary --html` writes it.
    pub fn report(summary: &Summary) -> String {
        report::html(summary)
    }

    /// The CSV, as `speaksafe export` writes it, and what to say about answers with no column.
    pub fn csv(&self) -> (Vec<u8>, Vec<String>) {
        layout::csv(&self.responses)
    }

    /// The spreadsheet, as `speaksafe export --format xlsx --min-cell N --by …` writes it (its
    /// counts never include free text, as there), and the summary its counts are: what it
    /// releases.
    pub fn xlsx(&mut self, choices: &Choices) -> Result<(Vec<u8>, &Summary), String> {
        self.summary(&Choices { include_text: false, ..choices.clone() })?;
        let (_, summary) = self.made.as_ref().expect("made by summary");
        let (bytes, _) = xlsx::workbook(&self.responses, summary)?;
        Ok((bytes, summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SURVEY: &str = r#"{
      "format": "speaksafe/1", "id": "t", "languages": ["en"], "title": "T",
      "intro": "i", "safety": "s", "completion": "c", "exit": {"url": "https://example.org/"},
      "support": [{"name": "Line", "phone": "0800 000 0000"}],
      "submit": {"endpoint": "/api/v1/surveys/t/responses", "public_key": "PUBLIC"},
      "pages": [{"id": "p", "title": "P", "questions": [
        {"id": "safe", "kind": "yes_no", "text": "Safe?"},
        {"id": "why", "kind": "short_text", "text": "Why?"}
      ]}]
    }"#;

    fn key_pair(seed: u8) -> (String, String) {
        let key = PrivateKey::from_text(&speaksafe_core::envelope::encode(&[seed; 32])).unwrap();
        (key.to_text(), key.public_key().to_text())
    }

    fn survey_for(public: &str) -> String {
        SURVEY.replace("PUBLIC", public)
    }

    /// A response to the test survey, sealed to `public`.
    fn sealed(public: &str, safe: &str, n: u8) -> (String, String) {
        let mut answers = serde_json::Map::new();
        answers.insert("safe".into(), safe.into());
        answers.insert("why".into(), format!("=reason {n}").into());
        let response = speaksafe_core::Response {
            survey: "t".into(),
            version: None,
            language: "en".into(),
            answers,
            other: serde_json::Map::new(),
            key: None,
        };
        let padded = speaksafe_core::envelope::pad(&response).unwrap();
        let key = PublicKey::from_text(public).unwrap();
        let envelope = speaksafe_core::envelope::seal_padded_with_bytes("t", &padded, &key, &[n; 64]).unwrap();
        ("2025-06-01".into(), envelope.to_text())
    }

    #[test]
    fn responses_opened_as_they_arrive_give_the_export_of_all_opened_at_once() {
        let ((private, public), (_, other)) = (key_pair(7), key_pair(8));
        let all = vec![sealed(&public, "yes", 1), sealed(&other, "no", 2), sealed(&public, "no", 3)];
        let mut opening = Opening::start(&survey_for(&public), &[("city.key".into(), private.clone())]).unwrap();
        for one in &all {
            opening.add(std::slice::from_ref(one));
        }
        assert_eq!((opening.opened(), opening.failed()), (2, 1));
        // What `speaksafe export` does with the same envelopes, all at once.
        let keys = Keyring::of(vec![("city.key".into(), PrivateKey::from_text(&private).unwrap())]);
        let survey = speaksafe_core::read(&survey_for(&public)).unwrap().survey;
        let (opened, failed) = opened::open_all(&all, &keys, &survey);
        let at_once = Responses { survey, opened, failed, keys: 1 };
        assert_eq!(opening.csv(), layout::csv(&at_once));
        assert!(String::from_utf8(opening.csv().0).unwrap().contains("'=reason 1"), "text stays text");
        assert_eq!(opening.failure_report(), at_once.failure_report());
        assert!(opening.failure_report().unwrap().starts_with("1 response could not be opened: 1 does not open"));
        let choices = Choices::default();
        assert_eq!(opening.summary(&choices).unwrap(), &Summary::new(&at_once, 10, false, &[]).unwrap());
        // The spreadsheet made after the summary is the one made from scratch, and what it
        // releases is that summary.
        let fresh = xlsx::workbook(&at_once, &Summary::new(&at_once, 10, false, &[]).unwrap()).unwrap().0;
        let (bytes, summary) = opening.xlsx(&Choices { include_text: true, ..choices.clone() }).unwrap();
        assert_eq!((bytes, summary), (fresh, &Summary::new(&at_once, 10, false, &[]).unwrap()));
        // One more response opened: the summary counts it.
        opening.add(&[sealed(&public, "yes", 4)]);
        assert_eq!(opening.summary(&choices).unwrap().truth_responses, 3);
    }

    #[test]
    fn a_public_key_file_is_refused_by_name_before_anything_is_opened() {
        let (_, public) = key_pair(7);
        let refused = Opening::start(&survey_for(&public), &[("city.pub".into(), format!("{public}\n"))]).unwrap_err();
        assert!(refused.starts_with("city.pub is the survey's public key"), "{refused}");
    }

    #[test]
    fn a_file_that_is_no_key_is_refused_by_name() {
        let (_, public) = key_pair(7);
        let refused = Opening::start(&survey_for(&public), &[("notes.txt".into(), "hello".into())]).unwrap_err();
        assert!(refused.starts_with("notes.txt is not a private key file:"), "{refused}");
        assert!(Opening::start(&survey_for(&public), &[]).unwrap_err().contains("Choose your private key file"));
    }

    #[test]
    fn the_breakdowns_offered_are_the_questions_the_command_line_takes_for_by() {
        let (private, public) = key_pair(7);
        let mut opening = Opening::start(&survey_for(&public), &[("city.key".into(), private)]).unwrap();
        assert_eq!(opening.breakdown_questions(), vec![("safe".to_string(), "Safe?".to_string())]);
        let summary = opening.summary(&Choices { by: vec!["safe".into()], ..Choices::default() }).unwrap();
        assert_eq!(summary.by.len(), 1);
        assert!(opening.summary(&Choices { by: vec!["why".into()], ..Choices::default() }).is_err());
        assert!(opening.summary(&Choices { min_cell: 0, ..Choices::default() }).is_err());
    }
}
