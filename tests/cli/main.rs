//! Integration tests: the built `shopscore` binary on crafted files and on the samples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod agency;
mod cards;
mod charts;
mod check;
mod errors;
mod focus;
mod formats;
mod fuzz_regressions;
mod gates;
mod hints;
mod hostile;
mod integrity;
mod owner_summary;
mod print;
mod runfile;
mod samples;
mod score;
mod sheets;
mod summary_json;
mod support;
mod table;
mod window;
mod xlsx;
