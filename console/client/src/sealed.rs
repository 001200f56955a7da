//! The sealed responses as the collector streams them (`GET …/responses`, NDJSON): one line per
//! response, `{"id", "day", "envelope"}`, in the order of their ids, then an end line
//! `{"end": true, "more": bool, "total": N}`. A download cut off has no end line; it goes on
//! with `after` = the last id received. Pure: the bytes come from [`crate::collector`].

use serde::Deserialize;

/// One line of the stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Sealed(Sealed),
    End { more: bool, total: u64 },
}

/// One sealed response: its (random) submission id, the day it came, the envelope's text.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Sealed {
    pub id: String,
    pub day: String,
    pub envelope: String,
}

#[derive(Deserialize)]
struct EndLine {
    end: bool,
    more: bool,
    total: u64,
}

/// A line of the stream, or what is wrong with it.
pub fn read_line(line: &str) -> Result<Line, String> {
    if let Ok(sealed) = serde_json::from_str::<Sealed>(line) {
        return Ok(Line::Sealed(sealed));
    }
    match serde_json::from_str::<EndLine>(line) {
        Ok(EndLine { end: true, more, total }) => Ok(Line::End { more, total }),
        _ => Err(format!("the collector sent a line that is not a response: {}", shorten(line))),
    }
}

fn shorten(line: &str) -> String {
    match line.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// Bytes as they arrive → whole lines. A line split across two chunks (or a character split
/// across two) waits for the rest.
#[derive(Debug, Default)]
pub struct Lines {
    pending: Vec<u8>,
}

impl Lines {
    /// The whole lines completed by `chunk` (empty lines skipped).
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<String>, String> {
        self.pending.extend_from_slice(chunk);
        let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') else { return Ok(Vec::new()) };
        let rest = self.pending.split_off(last + 1);
        let whole = std::mem::replace(&mut self.pending, rest);
        let text = String::from_utf8(whole).map_err(|_| "the collector sent text that is not UTF-8".to_string())?;
        Ok(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
    }

    /// What is left when the stream ends: a last line with no line break, if any.
    pub fn finish(&mut self) -> Result<Option<String>, String> {
        let rest = std::mem::take(&mut self.pending);
        let text = String::from_utf8(rest).map_err(|_| "the collector sent text that is not UTF-8".to_string())?;
        Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty()))
    }
}

/// A whole download, over as many requests as it takes: where to go on from, how many have come,
/// and whether it is complete.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Download {
    /// The last id received: the next request asks for what comes after it.
    pub after: Option<String>,
    /// How many responses have come.
    pub received: u64,
    /// How many there are, once an end line has said.
    pub total: Option<u64>,
    /// An end line with `more: false` has come.
    pub complete: bool,
    /// The current request has had its end line.
    ended: bool,
}

/// What happens after a request's stream ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// All of it has come.
    Done,
    /// Ask again, after `after`: the collector said there is more, or the stream was cut off.
    Continue { cut_off: bool },
}

impl Download {
    /// A request begins.
    pub fn begin(&mut self) {
        self.ended = false;
    }

    /// Takes one line of the current request: the response it holds, if any. A response after the
    /// end line, or one out of order, is refused: the collector sends ids in order, so one that
    /// does not follow the last would be a response counted twice or lost.
    pub fn take(&mut self, line: &str) -> Result<Option<Sealed>, String> {
        if self.ended {
            return Err("the collector sent more after the end of the download".into());
        }
        match read_line(line)? {
            Line::Sealed(sealed) => {
                if self.after.as_deref().is_some_and(|after| sealed.id.as_str() <= after) {
                    return Err(format!("the collector sent response {} out of order", sealed.id));
                }
                self.after = Some(sealed.id.clone());
                self.received += 1;
                Ok(Some(sealed))
            }
            Line::End { more, total } => {
                self.ended = true;
                self.total = Some(total);
                self.complete = !more;
                Ok(None)
            }
        }
    }

    /// The current request's stream has ended (or broken off): what to do next.
    pub fn end(&mut self) -> Next {
        match (self.ended, self.complete) {
            (true, true) => Next::Done,
            (true, false) => Next::Continue { cut_off: false },
            (false, _) => Next::Continue { cut_off: true },
        }
    }

    /// The query of the next request.
    pub fn query(&self, limit: usize) -> String {
        match &self.after {
            Some(after) => format!("?after={}&limit={limit}", encode_component(after)),
            None => format!("?limit={limit}"),
        }
    }
}

/// Percent-encodes everything but letters, digits and `-_.~` (a submission id is those already;
/// this keeps a strange one from changing the query).
fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str) -> String {
        format!(r#"{{"id": "{id}", "day": "2025-06-01", "envelope": "v1.abc"}}"#)
    }

    #[test]
    fn lines_split_across_chunks_wait_for_their_end() {
        let mut lines = Lines::default();
        let text = format!("{}\n{}\n", line("a"), line("b"));
        let (first, second) = text.as_bytes().split_at(10);
        assert_eq!(lines.push(first).unwrap(), Vec::<String>::new());
        assert_eq!(lines.push(second).unwrap(), vec![line("a"), line("b")]);
        assert_eq!(lines.finish().unwrap(), None);
        // A character split in two (é is two bytes).
        let mut lines = Lines::default();
        let bytes = "{\"x\": \"é\"}\n".as_bytes();
        let cut = bytes.iter().position(|&b| b == 0xC3).unwrap() + 1;
        assert!(lines.push(&bytes[..cut]).unwrap().is_empty());
        assert_eq!(lines.push(&bytes[cut..]).unwrap(), vec!["{\"x\": \"é\"}".to_string()]);
    }

    #[test]
    fn a_download_goes_on_after_the_last_id_until_the_collector_says_it_is_all() {
        let mut download = Download::default();
        assert_eq!(download.query(2), "?limit=2");
        download.begin();
        assert!(download.take(&line("a")).unwrap().is_some());
        assert!(download.take(&line("b")).unwrap().is_some());
        assert_eq!(download.take(r#"{"end": true, "more": true, "total": 3}"#).unwrap(), None);
        assert_eq!(download.end(), Next::Continue { cut_off: false });
        assert_eq!(download.total, Some(3));
        assert_eq!(download.query(2), "?after=b&limit=2");
        download.begin();
        assert_eq!(download.take(&line("c")).unwrap().unwrap().id, "c");
        download.take(r#"{"end": true, "more": false, "total": 3}"#).unwrap();
        assert_eq!(download.end(), Next::Done);
        assert_eq!(download.received, 3);
    }

    #[test]
    fn a_stream_with_no_end_line_was_cut_off_and_resumes_after_what_came() {
        let mut download = Download::default();
        download.begin();
        download.take(&line("a")).unwrap();
        assert_eq!(download.end(), Next::Continue { cut_off: true });
        assert_eq!(download.query(10), "?after=a&limit=10");
        // The same response again (a resumed request overlapping) would be counted twice.
        download.begin();
        assert!(download.take(&line("a")).unwrap_err().contains("out of order"));
    }

    #[test]
    fn what_is_not_a_line_of_the_stream_is_refused_by_name() {
        assert!(read_line("<html>").unwrap_err().contains("not a response: <html>"));
        assert!(read_line(r#"{"end": false, "more": false, "total": 1}"#).is_err());
        let mut download = Download::default();
        download.begin();
        download.take(r#"{"end": true, "more": false, "total": 0}"#).unwrap();
        assert!(download.take(&line("z")).unwrap_err().contains("after the end"));
        assert_eq!(encode_component("a b&c"), "a%20b%26c");
    }
}
