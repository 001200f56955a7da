//! speaksafe-results: what the organiser does with a survey's sealed responses once they have
//! them: open them ([`opened`]), lay them out as rows ([`layout`], CSV), count them
//! ([`summary`], with breakdowns and small-number protection: [`breakdown`], [`suppression`]),
//! and write the spreadsheet ([`xlsx`]) and the report ([`report`]).
//! Every count published goes through [`perturbation`], the cell key method (a published
//! perturbation table and record keys); [`ledger`] says whether a new release may follow the
//! earlier ones.
//!
//! Pure and free of I/O: the command line (`speaksafe export`, `summary`) reads the responses
//! from a database or a collector and writes files; the console does the same in the organiser's
//! browser. Both call this one implementation, so they give the same bytes.

pub mod breakdown;
pub mod compact;
pub mod layout;
pub mod ledger;
pub mod opened;
pub mod perturbation;
pub mod report;
mod responses_sheet;
pub mod summary;
pub mod suppression;
pub mod xlsx;

pub use compact::{Answer, Shared};
pub use opened::{Keyring, Opened, Responses};
