//! What the collector counts, and prints when it stops: never when, so that no log line dates a
//! submission.

use std::sync::atomic::{AtomicU64, Ordering};

/// What the collector counts (and prints when it stops).
#[derive(Debug, Default)]
pub struct Counters {
    pub stored: AtomicU64,
    pub repeated: AtomicU64,
    pub conflicts: AtomicU64,
    pub malformed: AtomicU64,
    pub rate_limited: AtomicU64,
    /// Refused past the budget for refused requests (a junk flood).
    pub flooded: AtomicU64,
    pub store_failures: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// One line, for the end of a run.
    pub fn summary(&self) -> String {
        let n = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "responses stored: {} (and {} sent again); refused: {} conflicting ids, {} malformed, {} rate-limited, {} in a flood of refused requests; store failures: {}",
            n(&self.stored),
            n(&self.repeated),
            n(&self.conflicts),
            n(&self.malformed),
            n(&self.rate_limited),
            n(&self.flooded),
            n(&self.store_failures)
        )
    }
}
