//! The organiser's side of the collector's console API, shared by the console and the studio:
//!
//! - [`contract`]: the messages, and what a refusal means (pure, tested natively);
//! - [`sealed`]: the streamed download of sealed responses, resumable (pure);
//! - [`passkey`]: WebAuthn through the browser's own JSON methods;
//! - [`collector`]: the requests, with the session token held in memory only;
//! - [`files`]: files from and to the organiser's disk;
//! - [`publishing`]: the definition and public key files published from (a private key is never
//!   taken for a public one), and [`confirm_field`], the typed confirmation the collector asks for.
//!
//! Nothing here writes to the browser's storage: a session is a value the caller holds, and is
//! gone when the page is.

pub mod collector;
pub mod confirm_field;
pub mod contract;
pub mod files;
pub mod passkey;
pub mod publishing;
pub mod sealed;

pub use collector::Session;
pub use contract::Refusal;
