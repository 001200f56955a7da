//! speaksafe-collector: the HTTP collector (`speaksafe serve`) and what the organiser's commands
//! share with it, as a library so that tests and the benchmark can drive it in-process.

pub mod breakdown;
pub mod connections;
pub mod export;
pub mod first_screen;
pub mod gate;
pub mod keygen;
pub mod postgres;
pub mod purge;
pub mod refusal;
pub mod report;
pub mod responses;
pub mod serve;
pub mod store;
pub mod summary;
pub mod suppression;
pub mod tls;
pub mod xlsx;
