//! speaksafe-opener: the console's results worker. The organiser's key files, the survey's
//! sealed responses and everything opened from them live here, in a Web Worker of its own
//! (`opener-worker.js` loads this wasm): the page shows progress and what the worker makes, and
//! ending the worker drops every key and answer at once.
//!
//! [`opening`] is the work, pure and tested natively against what the command line gives;
//! [`worker`] is the worker's end of the messages.

pub mod opening;
pub mod worker;
