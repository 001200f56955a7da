//! What every request handler shares: the store, the surveys as served, the limits and counts.

use super::bucket::Bucket;
use super::counters::Counters;
use super::surveys::Live;
use crate::store::{Records, Store};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

pub struct App {
    pub store: Arc<dyn Store>,
    /// The surveys served now (from `--surveys` and from the console).
    pub live: Arc<Live>,
    /// The organisers' records (the console), when the store keeps them.
    pub records: Option<Arc<Records>>,
    /// The collector's Content-Security-Policy, which a first screen extends with the hashes of
    /// its inline stylesheet and script.
    pub policy: String,
    /// The `--static` folder (for `/embed.js`).
    pub static_dir: PathBuf,
    /// Submissions per second.
    pub bucket: Option<Bucket>,
    /// Refused requests per second: their own budget, so that junk never takes a submission's.
    pub junk: Option<Bucket>,
    pub body_timeout: Duration,
    pub counts: Arc<Counters>,
    /// The token keys of surveys that take access codes.
    pub keys: crate::access::Keys,
    /// Whether a store failure has been reported; only the first is printed (see the module doc).
    pub failure_reported: AtomicBool,
}
