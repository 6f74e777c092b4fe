//! Integration tests: the built `shopscore` binary on crafted files and on the samples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod agency;
mod cards;
mod charts;
mod check;
mod corrections;
mod errors;
mod focus;
mod follow_up;
mod formats;
mod fuzz_regressions;
mod gates;
mod hints;
mod hostile;
mod init;
mod integrity;
mod latest;
mod layers;
mod left_out;
mod owner_summary;
mod print;
mod readme;
mod reshops;
mod rubric_errors;
mod runfile;
mod samples;
mod score;
mod scoring_doc;
mod sheets;
mod summary_json;
mod support;
mod table;
mod unvisited;
mod versions;
mod window;
mod xlsx;
