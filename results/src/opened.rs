//! A survey's responses, opened: what the export, the summary and the console share. Each sealed
//! response is opened with whichever of the organiser's private keys fits ([`Keyring`]), and those
//! that do not open are counted, with why, rather than stopping the rest.

use speaksafe_core::envelope::{open, Envelope, EnvelopeError, PrivateKey};
use speaksafe_core::{Response, Survey};
use std::sync::atomic::{AtomicUsize, Ordering};

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
pub fn open_all(sealed: &[(String, String)], keys: &Keyring, survey: &str) -> (Vec<Opened>, Vec<EnvelopeError>) {
    let open_one = |(day, text): &(String, String)| {
        let envelope = Envelope::from_text(text)?;
        let mut response = keys.open(&envelope, survey)?;
        // Sealed before responses carried a record key: one from its sealed bytes, the same
        // every time it is opened, so its counts are perturbed the same way every time too.
        response.key.get_or_insert_with(|| crate::perturbation::key_from_sealed(text.as_bytes()));
        Ok(Opened { day: day.clone(), response })
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
        let (opened, failed) = open_all(&all, &keys, "t");
        assert!(failed.is_empty());
        assert_eq!(opened[0].response.key, Some(12));
        let fallback = crate::perturbation::key_from_sealed(all[1].1.as_bytes());
        assert_eq!(opened[1].response.key, Some(fallback));
        // Opened again, the same key: its counts are perturbed the same way every time.
        assert_eq!(open_all(&all, &keys, "t").0[1].response.key, Some(fallback));
    }
}
