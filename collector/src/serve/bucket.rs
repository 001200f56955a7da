//! The rate limit: a token bucket shared by every respondent.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token bucket shared by all respondents (never keyed on an address: the collector does not
/// look at addresses). Holds up to one second's worth of submissions.
pub struct Bucket {
    per_second: f64,
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    pub fn new(per_second: u32) -> Self {
        let per_second = f64::from(per_second);
        Bucket { per_second, state: Mutex::new((per_second, Instant::now())) }
    }

    /// Takes a token, or says how long until one is free.
    pub fn take(&self) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = &mut *state;
        let now = Instant::now();
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.per_second.max(1.0));
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(((1.0 - *tokens) / self.per_second).ceil()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refuses_past_its_rate_and_says_when() {
        let bucket = Bucket::new(3);
        assert!(bucket.take().is_ok());
        assert!(bucket.take().is_ok());
        assert!(bucket.take().is_ok());
        assert_eq!(bucket.take(), Err(Duration::from_secs(1)));
    }
}
