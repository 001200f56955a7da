//! speaksafe-converter: the studio's converter. What the studio needs only when a file comes in or
//! a spreadsheet goes out (core's importers: SurveyJS JSON, XLSForm and the rest; the translators'
//! spreadsheets, written with rust_xlsxwriter and read with calamine) is a wasm of its own, in a
//! Web Worker (`converter-worker.js`) the studio starts the first time it is needed, so that the
//! studio's first load does not carry it.
//!
//! [`message`] is the work: requests and answers as JSON text beside a file's bytes, tested
//! natively; [`worker`] is the worker's end of the messages.

pub mod message;
pub mod worker;
