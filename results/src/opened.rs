//! A survey's responses, opened: what the export, the summary and the console share. Each sealed
//! response is opened with whichever of the organiser's private keys fits ([`Keyring`]), and those
//! that do not open are counted, with why, rather than stopping the rest. What opened is kept
//! compact ([`crate::compact`]): 100,000 responses are held at once, in the console's worker too.

use crate::compact::{Answer, Shared};
use speaksafe_core::envelope::{open, Envelope, EnvelopeError, PrivateKey};
use speaksafe_core::{Response, Survey};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// One opened response and the day it was received (`YYYY-MM-DD`): its answers, kept compact, in
/// the order of their question ids; what it says of itself (language, version) and its record key.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    day: Arc<str>,
    language: Arc<str>,
    version: Option<Arc<str>>,
    key: u32,
    answers: Box<[(Arc<str>, Answer)]>,
    other: Box<[(Arc<str>, Answer)]>,
}

impl Opened {
    /// `response`, received on `day`, kept compact with the words of `shared`. A response without
    /// a record key gets one from its document, the same every time.
    pub fn new(day: &str, response: Response, shared: &mut Shared) -> Opened {
        let key = response.key.unwrap_or_else(|| crate::perturbation::key_from_sealed(response.to_json().as_bytes()));
        let Response { version, language, answers, other, .. } = response;
        Opened {
            day: shared.take(day),
            language: shared.take(&language),
            version: version.map(|v| shared.take(&v)),
            key,
            answers: sorted(shared.answers(answers)),
            other: sorted(shared.answers(other)),
        }
    }

    /// `response` on its own, sharing nothing with any other.
    pub fn of(day: &str, response: Response) -> Opened {
        Opened::new(day, response, &mut Shared::default())
    }

    /// The day it was received (`YYYY-MM-DD`).
    pub fn day(&self) -> &str {
        &self.day
    }

    /// The language it was answered in.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The version of the survey answered, when known.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Its record key ([`crate::perturbation`]).
    pub fn key(&self) -> u32 {
        self.key
    }

    /// Gives it another record key.
    pub fn set_key(&mut self, key: u32) {
        self.key = key;
    }

    /// Its answer to the question `id`, if it gave one.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        find(&self.answers, id)
    }

    /// What it typed for "Other, please say" at the question `id`, if anything.
    pub fn other(&self, id: &str) -> Option<&Answer> {
        find(&self.other, id)
    }

    /// Every answer it gave, by question id in order (those to questions the survey does not
    /// have included).
    pub fn answers(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.answers.iter().map(|(id, answer)| (&**id, answer))
    }

    /// The response document again (to the survey `survey`), as it was opened.
    pub fn to_response(&self, survey: &str) -> Response {
        let map = |answers: &[(Arc<str>, Answer)]| answers.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect();
        Response {
            survey: survey.to_string(),
            version: self.version.as_deref().map(str::to_string),
            language: self.language.to_string(),
            answers: map(&self.answers),
            other: map(&self.other),
            key: Some(self.key),
        }
    }
}

/// In the order of their keys (a serde_json map's already is).
fn sorted(mut answers: Box<[(Arc<str>, Answer)]>) -> Box<[(Arc<str>, Answer)]> {
    if !answers.is_sorted_by(|(a, _), (b, _)| a <= b) {
        answers.sort_by(|(a, _), (b, _)| a.cmp(b));
    }
    answers
}

fn find<'a>(answers: &'a [(Arc<str>, Answer)], id: &str) -> Option<&'a Answer> {
    answers.binary_search_by(|(k, _)| (**k).cmp(id)).ok().map(|i| &answers[i].1)
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
    // Grouped by kind, the kinds always in this order, each with one of its messages (the
    // first in sorted order): envelopes come in the order of their random submission ids, and
    // the report must not depend on it.
    let kinds = [
        no_key.as_str(),
        "is not a well-formed envelope",
        "opened but holds no response to this survey",
        "could not be read",
    ];
    let kind_of = |error: &EnvelopeError| match error {
        EnvelopeError::DoesNotOpen => 0,
        EnvelopeError::MalformedEnvelope(_) => 1,
        EnvelopeError::BadPlaintext(_) => 2,
        _ => 3,
    };
    let mut groups: Vec<(usize, String)> = vec![(0, String::new()); kinds.len()];
    for error in failed {
        let (n, example) = &mut groups[kind_of(error)];
        let message = error.to_string();
        if *n == 0 || message < *example {
            *example = message;
        }
        *n += 1;
    }
    let parts: Vec<String> = kinds
        .iter()
        .zip(&groups)
        .filter(|(_, (n, _))| *n > 0)
        .map(|(kind, (n, example))| match (kind.starts_with("does not open"), n) {
            (true, 1) => format!("1 {kind}"),
            (true, _) => format!("{n} {}", plural_verb(kind)),
            (false, 1) => format!("1 {kind} ({example})"),
            (false, _) => format!("{n} {} (for example: {example})", plural_verb(kind)),
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

/// "is not a … envelope" → "are not … envelopes", "does not …" → "do not …" for a count above one.
fn plural_verb(kind: &str) -> String {
    kind.replacen("is not a well-formed envelope", "are not well-formed envelopes", 1)
        .replacen("is not", "are not", 1)
        .replacen("does not", "do not", 1)
        .replacen("opened but holds", "opened but hold", 1)
}

/// The organiser's private keys: one, or several when the survey's key was changed while it ran
/// (responses sealed before the change open with the old key, those after with the new one).
#[derive(Debug)]
pub struct Keyring {
    /// Each key and what the organiser calls it (its file's name).
    keys: Vec<(String, PrivateKey)>,
    /// How many envelopes each key opened.
    used: Vec<AtomicUsize>,
}

impl Keyring {
    /// A keyring of keys already read, each with what the organiser calls it (its file's name).
    /// The same key given twice is kept once.
    pub fn of(named: Vec<(String, PrivateKey)>) -> Keyring {
        let mut keys: Vec<(String, PrivateKey)> = Vec::with_capacity(named.len());
        for (name, key) in named {
            if !keys.iter().any(|(_, k)| k.public_key() == key.public_key()) {
                keys.push((name, key));
            }
        }
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

    /// How many envelopes each key has opened so far, by name.
    pub fn opened_by(&self) -> Vec<(&str, usize)> {
        self.keys.iter().zip(&self.used).map(|((name, _), n)| (name.as_str(), n.load(Ordering::Relaxed))).collect()
    }

    /// With several keys, how many responses each opened (what a rotation left): `Opened 3 with
    /// old.key, 5 with new.key.`; nothing with one key.
    pub fn use_report(&self) -> Option<String> {
        (self.keys.len() > 1).then(|| {
            let parts: Vec<String> = self.opened_by().iter().map(|(name, n)| format!("{n} with {name}")).collect();
            format!("Opened {}.", parts.join(", "))
        })
    }
}

/// Opens every envelope, on every core: the opened responses in the order given, and the
/// errors of those that did not open.
pub fn open_all(sealed: &[(String, String)], keys: &Keyring, survey: &Survey) -> (Vec<Opened>, Vec<EnvelopeError>) {
    open_in_turn(sealed, keys, &survey.id, &mut Shared::of(survey))
}

/// Opens a batch of envelopes as [`open_all`] does, sharing words with the batches opened before
/// it with the same `shared` (made with [`Shared::of`] the survey): the console opens responses
/// a batch at a time as they are downloaded, and keeps them all.
pub fn open_in_turn(
    sealed: &[(String, String)],
    keys: &Keyring,
    survey: &str,
    shared: &mut Shared,
) -> (Vec<Opened>, Vec<EnvelopeError>) {
    let open_one = |(day, text): &(String, String), shared: &mut Shared| {
        let envelope = Envelope::from_text(text)?;
        let mut response = keys.open(&envelope, survey)?;
        // Sealed before responses carried a record key: one from its sealed bytes, the same
        // every time it is opened, so its counts are perturbed the same way every time too.
        response.key.get_or_insert_with(|| crate::perturbation::key_from_sealed(text.as_bytes()));
        Ok(Opened::new(day, response, shared))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let results: Vec<Result<Opened, EnvelopeError>> = if threads <= 1 || sealed.len() < 64 {
        sealed.iter().map(|one| open_one(one, shared)).collect()
    } else {
        let chunk = sealed.len().div_ceil(threads);
        // Each thread shares the survey's words, and takes in what it meets (days, versions) on its
        // own; those are shared from then on.
        let joined = std::thread::scope(|scope| {
            let handles: Vec<_> = sealed
                .chunks(chunk)
                .map(|part| {
                    let mut own = shared.clone();
                    let open_one = &open_one;
                    scope.spawn(move || {
                        let opened = part.iter().map(|one| open_one(one, &mut own)).collect::<Vec<_>>();
                        (opened, own)
                    })
                })
                .collect();
            handles.into_iter().map(|handle| handle.join().ok()).collect::<Vec<_>>()
        });
        // A thread that panicked would be a bug in opening; its envelopes count as unreadable
        // rather than taking the whole export down.
        let mut results = Vec::with_capacity(sealed.len());
        for (done, part) in joined.into_iter().zip(sealed.chunks(chunk)) {
            match done {
                Some((opened, own)) => {
                    results.extend(opened);
                    shared.join(own);
                }
                None => results.extend(
                    part.iter().map(|_| Err(EnvelopeError::BadPlaintext("opening it failed unexpectedly".into()))),
                ),
            }
        }
        results
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

#[cfg(test)]
mod tests {
    use super::*;
    use speaksafe_core::envelope::{encode, pad, seal_padded_with_bytes};

    #[test]
    fn the_failure_report_is_the_same_whatever_order_the_envelopes_come_in() {
        let malformed = |m: &str| EnvelopeError::MalformedEnvelope(m.to_string());
        let failed = [
            malformed("expected 3 parts separated by '.', found 2"),
            EnvelopeError::DoesNotOpen,
            EnvelopeError::BadPlaintext("it is not JSON".into()),
            malformed("the sealed part is not base64url"),
            EnvelopeError::DoesNotOpen,
        ];
        let expected = "5 responses could not be opened: 2 do not open with this key (sealed to another key, for \
                        another survey, or changed); 2 are not well-formed envelopes (for example: envelope: expected 3 \
                        parts separated by '.', found 2); 1 opened but holds no response to this survey (the envelope \
                        opened, but it is not JSON). The other 4 are included.";
        // Every order of the five (they come in the order of random submission ids).
        let mut order: Vec<usize> = (0..failed.len()).collect();
        let mut orders = 0;
        loop {
            let these: Vec<EnvelopeError> = order.iter().map(|&i| failed[i].clone()).collect();
            assert_eq!(failure_report(4, &these).as_deref(), Some(expected), "in the order {order:?}");
            orders += 1;
            // The next permutation, in lexicographic order.
            let Some(i) = (0..order.len() - 1).rev().find(|&i| order[i] < order[i + 1]) else { break };
            let j = (i + 1..order.len()).rev().find(|&j| order[j] > order[i]).unwrap();
            order.swap(i, j);
            order[i + 1..].reverse();
        }
        assert_eq!(orders, 120);
    }

    fn sealed(key: Option<u32>, random: u8, public: &speaksafe_core::envelope::PublicKey) -> (String, String) {
        let response = Response {
            survey: "t".into(),
            version: None,
            language: "en".into(),
            answers: serde_json::Map::new(),
            other: serde_json::Map::new(),
            key,
        };
        let padded = pad(&response).unwrap();
        let envelope = seal_padded_with_bytes("t", &padded, public, &[random; 64]).unwrap();
        ("2026-03-02".into(), envelope.to_text())
    }

    #[test]
    fn a_response_keeps_its_record_key_and_an_older_one_gets_a_steady_one_from_its_sealed_bytes() {
        let private = PrivateKey::from_text(&encode(&[7; 32])).unwrap();
        let keys = Keyring::of(vec![("org.key".into(), private.clone())]);
        let all = [sealed(Some(12), 1, private.public_key()), sealed(None, 2, private.public_key())];
        let (opened, failed) = open_in_turn(&all, &keys, "t", &mut Shared::default());
        assert!(failed.is_empty());
        assert_eq!(opened[0].key(), 12);
        let fallback = crate::perturbation::key_from_sealed(all[1].1.as_bytes());
        assert_eq!(opened[1].key(), fallback);
        // Opened again, the same key: its counts are perturbed the same way every time.
        assert_eq!(open_in_turn(&all, &keys, "t", &mut Shared::default()).0[1].key(), fallback);
    }

    const SURVEY: &str = r#"{
      "format": "speaksafe/1", "id": "t", "languages": ["en"], "title": "T",
      "intro": "i", "safety": "s", "completion": "c", "exit": {"url": "https://example.org/"},
      "support": [{"name": "Line", "phone": "0800 000 0000"}],
      "pages": [{"id": "p", "title": "P", "questions": [
        {"id": "safe", "kind": "yes_no", "text": "Safe?"},
        {"id": "why", "kind": "short_text", "text": "Why?"}
      ]}]
    }"#;

    /// A response to the test survey answering `safe` and `why`, sealed to `public`.
    fn answered(safe: &str, why: &str, random: u8, public: &speaksafe_core::envelope::PublicKey) -> (String, String) {
        let mut answers = serde_json::Map::new();
        answers.insert("safe".into(), safe.into());
        answers.insert("why".into(), why.into());
        let response = Response {
            survey: "t".into(),
            version: None,
            language: "en".into(),
            answers,
            other: Default::default(),
            key: Some(1),
        };
        let envelope = seal_padded_with_bytes("t", &pad(&response).unwrap(), public, &[random; 64]).unwrap();
        ("2026-03-02".into(), envelope.to_text())
    }

    fn text(answer: Option<&Answer>) -> &Arc<str> {
        match answer {
            Some(Answer::Text(text)) => text,
            other => panic!("not a text: {other:?}"),
        }
    }

    #[test]
    fn responses_opened_in_batches_share_one_copy_of_each_option_value_and_day_but_not_free_text() {
        let survey = speaksafe_core::read(SURVEY).unwrap().survey;
        let private = PrivateKey::from_text(&encode(&[7; 32])).unwrap();
        let keys = Keyring::of(vec![("org.key".into(), private.clone())]);
        let mut shared = Shared::of(&survey);
        let first = open_in_turn(&[answered("yes", "because", 1, private.public_key())], &keys, "t", &mut shared).0;
        let second = open_in_turn(&[answered("yes", "because", 2, private.public_key())], &keys, "t", &mut shared).0;
        let (a, b) = (&first[0], &second[0]);
        // One "yes", one day, one question id, for both batches.
        assert!(Arc::ptr_eq(text(a.answer("safe")), text(b.answer("safe"))));
        assert!(shared.holds(text(a.answer("safe"))));
        assert!(Arc::ptr_eq(&a.day, &b.day) && Arc::ptr_eq(&a.language, &b.language));
        assert!(Arc::ptr_eq(&a.answers[0].0, &b.answers[0].0));
        // What was typed is each response's own, even when two typed the same.
        assert_eq!(text(a.answer("why")), text(b.answer("why")));
        assert!(!Arc::ptr_eq(text(a.answer("why")), text(b.answer("why"))));
        // Opened all at once (on every core), the same responses.
        let all =
            [answered("yes", "because", 1, private.public_key()), answered("yes", "because", 2, private.public_key())];
        assert_eq!(open_all(&all, &keys, &survey).0, vec![a.clone(), b.clone()]);
    }

    #[test]
    fn the_words_taken_in_as_they_come_are_bounded() {
        let mut shared = Shared::default();
        for n in 0..MORE + 10 {
            shared.take(&format!("version {n}"));
        }
        assert_eq!(shared.len(), MORE);
        let kept = shared.take("version 1");
        assert!(shared.holds(&kept));
        let beyond = shared.take(&format!("version {}", MORE + 5));
        assert!(!shared.holds(&beyond));
    }

    use crate::compact::MORE_WORDS as MORE;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Any JSON a response could hold: strings among a few words and free text, numbers of every
    /// sort, arrays and objects, nested.
    fn json() -> impl Strategy<Value = Value> {
        let word = prop_oneof![
            Just("yes".to_string()),
            Just("no".to_string()),
            Just("other".to_string()),
            Just("".to_string()),
            ".{0,12}",
        ];
        let leaf = prop_oneof![
            word.prop_map(Value::String),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-z_]{0,6}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn map() -> impl Strategy<Value = serde_json::Map<String, Value>> {
        let id = prop_oneof![Just("safe".to_string()), Just("why".to_string()), "[a-z_.]{0,8}"];
        prop::collection::btree_map(id, json(), 0..8).prop_map(|m| m.into_iter().collect())
    }

    fn response() -> impl Strategy<Value = Response> {
        (
            map(),
            map(),
            prop::option::of(prop_oneof![Just("abc".to_string()), ".{0,8}"]),
            prop_oneof![Just("en".to_string()), ".{0,4}"],
            prop::option::of(any::<u32>()),
        )
            .prop_map(|(answers, other, version, language, key)| Response {
                survey: "t".into(),
                version,
                language,
                answers,
                other,
                key,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Kept compact, a response answers every question exactly as its document did.
        #[test]
        fn an_opened_response_answers_exactly_what_its_document_said(
            response in response(),
            ask in prop::collection::vec("[a-z_.]{0,8}", 0..4),
        ) {
            let survey = speaksafe_core::read(SURVEY).unwrap().survey;
            let mut shared = Shared::of(&survey);
            let opened = Opened::new("2026-03-02", response.clone(), &mut shared);
            let again = Opened::new("2026-03-02", response.clone(), &mut shared);
            prop_assert_eq!(&opened, &again);
            let key = response.key.unwrap_or_else(|| crate::perturbation::key_from_sealed(response.to_json().as_bytes()));
            prop_assert_eq!(opened.key(), key);
            prop_assert_eq!(opened.to_response("t"), Response { key: Some(key), ..response.clone() });
            prop_assert_eq!((opened.day(), opened.language(), opened.version()),
                ("2026-03-02", response.language.as_str(), response.version.as_deref()));
            let ids = response.answers.keys().chain(response.other.keys()).cloned().chain(ask);
            for id in ids {
                for (kept, given) in [(opened.answer(&id), response.answers.get(&id)), (opened.other(&id), response.other.get(&id))] {
                    prop_assert_eq!(kept.map(Answer::to_json), given.cloned());
                    prop_assert_eq!(kept.map(|a| a.to_string()), given.map(|v| v.to_string()));
                    prop_assert_eq!(kept.and_then(Answer::as_str), given.and_then(Value::as_str));
                    prop_assert_eq!(kept.is_some_and(Answer::is_string), given.is_some_and(Value::is_string));
                    prop_assert_eq!(kept.and_then(Answer::as_list).map(<[Answer]>::len), given.and_then(Value::as_array).map(Vec::len));
                    for row in ["", "a", "safe"] {
                        prop_assert_eq!(kept.and_then(|a| a.get(row)).map(Answer::to_json), given.and_then(|v| v.get(row)).cloned());
                    }
                }
            }
            let listed: Vec<(&str, Value)> = opened.answers().map(|(id, a)| (id, a.to_json())).collect();
            let given: Vec<(&str, Value)> = response.answers.iter().map(|(id, v)| (id.as_str(), v.clone())).collect();
            prop_assert_eq!(listed, given);
        }
    }
}
