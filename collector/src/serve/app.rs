//! What every request handler shares: the store, the surveys as served, the limits and counts.

use super::bucket::Bucket;
use super::counts::Counts;
use super::first_screen::FirstScreens;
use super::surveys::Surveys;
use crate::store::Store;
use axum::body::Bytes;
use axum::http::HeaderValue;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

pub struct App {
    pub store: Arc<dyn Store>,
    /// Each definition gzipped, for browsers that accept gzip.
    pub gzipped: BTreeMap<String, Bytes>,
    /// Each survey's first screen, in each language: the page `/` sends.
    pub first: FirstScreens,
    pub first_policy: Option<HeaderValue>,
    /// The `--static` folder (for `/embed.js`).
    pub static_dir: PathBuf,
    pub surveys: Surveys,
    /// Submissions per second.
    pub bucket: Option<Bucket>,
    /// Refused requests per second: their own budget, so that junk never takes a submission's.
    pub junk: Option<Bucket>,
    pub body_timeout: Duration,
    pub counts: Arc<Counts>,
    /// Whether a store failure has been reported; only the first is printed (see the module doc).
    pub failure_reported: AtomicBool,
}
