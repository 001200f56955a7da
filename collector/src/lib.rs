//! speaksafe-collector: the HTTP collector (`speaksafe serve`, [`serve`]), its store of sealed
//! responses ([`store`]: SQLite or PostgreSQL), and the organiser's command line ([`commands`]).
//! A library, so that tests and the benchmarks can drive it in-process.

pub mod access;
pub mod commands;
pub mod serve;
pub mod store;
