//! Times `speaksafe import` (core's importers) on SurveyJS files whose one `html` block fills
//! them up to a size: the HTML a third party's file may hold, shaped to hurt a text reader that
//! searches to the end of what is left for every `&` or `<script`.
//!
//! Shapes: `&` repeated (each could start an entity); `&#` repeated; `<script></script>`
//! repeated (each once lowercased the rest of the text); `<p>a &amp; b</p>` repeated (ordinary
//! HTML, for comparison). Sizes: 1 MiB and 10 MiB (the most an import accepts), each timed
//! `RUNS` times; the median and the largest are printed, with MiB per second. Time that grows
//! tenfold from 1 to 10 MiB is linear; a hundredfold would be quadratic.
//!
//! Run: `cargo run --release -p speaksafe-bench-import` (optionally `-- RUNS SIZES`: runs per
//! size, default 3; sizes in MiB, default `1,10`; 10 is read as the 10 MiB limit).

use speaksafe_core::import::{import, SourceFormat, MAX_FILE_BYTES};
use std::time::{Duration, Instant};

const MIB: usize = 1024 * 1024;

/// A SurveyJS file of about `size` bytes: one html block of `unit` repeated, and one question.
fn file(unit: &str, size: usize) -> Vec<u8> {
    let head = r#"{"title":"Bench","pages":[{"name":"p","elements":[{"type":"radiogroup","name":"q","choices":["a","b"]},{"type":"html","name":"h","html":""#;
    let tail = r#""}]}]}"#;
    let room = size.min(MAX_FILE_BYTES) - head.len() - tail.len();
    let mut html = unit.repeat(room / unit.len());
    html.truncate(room);
    let html = serde_json::to_string(&html).expect("a string");
    // The JSON string without its quotes: its escapes may make it longer than the room.
    let inner = &html[1..html.len() - 1];
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(head.as_bytes());
    bytes.extend_from_slice(inner.as_bytes());
    bytes.extend_from_slice(tail.as_bytes());
    bytes.truncate(MAX_FILE_BYTES);
    bytes
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3).max(1);
    let sizes: Vec<usize> = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "1,10".into())
        .split(',')
        .filter_map(|s| s.trim().parse::<f64>().ok())
        .map(|mib| ((mib * MIB as f64) as usize).min(MAX_FILE_BYTES))
        .collect();
    println!("{:<20} {:>10} {:>12} {:>12} {:>8}  outcome", "html block of", "file", "median", "max", "MiB/s");
    for (name, unit) in
        [("&", "&"), ("&#", "&#"), ("<script></script>", "<script></script>"), ("<p>a &amp; b</p>", "<p>a &amp; b</p>")]
    {
        for &size in &sizes {
            let bytes = file(unit, size);
            let mut outcome = String::new();
            let mut times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    let imported = import(&bytes, Some(SourceFormat::SurveyJs));
                    let took = start.elapsed();
                    // Past 2 MiB of text the survey is too large to read: refused, once read.
                    outcome = match imported {
                        Ok(_) => "imported".into(),
                        Err(e) => format!("refused: {}", e.to_string().chars().take(60).collect::<String>()),
                    };
                    took
                })
                .collect();
            times.sort();
            let (median, max) = (times[times.len() / 2], times[times.len() - 1]);
            let mib = bytes.len() as f64 / MIB as f64;
            println!(
                "{name:<20} {:>6.2} MiB {:>10.3} s {:>10.3} s {:>8.1}  {outcome}",
                mib,
                median.as_secs_f64(),
                max.as_secs_f64(),
                mib / median.as_secs_f64()
            );
        }
    }
}
