//! Files from and to the organiser's disk: opened with a file input, saved as a download. The
//! studio has no other way in or out (but publishing, when asked). The code is shared with the
//! console.

pub use speaksafe_console_client::files::{chosen, download, read};
