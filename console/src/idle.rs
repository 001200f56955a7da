//! Time without use. The collector ends a session after `idle_minutes` with no request, and the
//! console signs out on the same clock; opened results close after [`RESULTS_MINUTES`] without
//! the organiser touching the page (a key, the pointer, the wheel).

use gloo_events::{EventListener, EventListenerOptions};
use std::cell::Cell;

/// Opened results (and the key files) are dropped after this long without use.
pub const RESULTS_MINUTES: u32 = 15;
/// How often the clocks are looked at.
pub const TICK_MS: u32 = 10_000;

thread_local! {
    static LAST_INPUT: Cell<f64> = const { Cell::new(0.0) };
}

/// Whether `minutes` have passed since `last` (ms since the epoch) at `now`.
pub fn passed(now: f64, last: f64, minutes: u32) -> bool {
    now - last >= f64::from(minutes) * 60_000.0
}

/// Now, in ms since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// When the organiser last touched the page (ms since the epoch).
pub fn last_input() -> f64 {
    LAST_INPUT.get()
}

/// Counts the organiser's keys, clicks, taps and scrolling as use, for as long as the listeners
/// are held.
pub fn watch_input() -> Vec<EventListener> {
    LAST_INPUT.set(now());
    let Some(window) = web_sys::window() else { return Vec::new() };
    ["keydown", "pointerdown", "wheel", "touchstart"]
        .into_iter()
        .map(|event| {
            let options = EventListenerOptions { phase: gloo_events::EventListenerPhase::Capture, passive: true };
            EventListener::new_with_options(&window, event, options, |_| LAST_INPUT.set(now()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_without_use_counts_whole_minutes_from_the_last_use() {
        let last = 1_000_000.0;
        assert!(!passed(last + 14.0 * 60_000.0 + 59_999.0, last, 15));
        assert!(passed(last + 15.0 * 60_000.0, last, 15));
    }
}
