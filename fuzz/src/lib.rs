//! The fuzz targets' code, shared with the main crate's `tests/cli/fuzz_regressions.rs`
//! (which includes `harness.rs` by path), so a kept crasher replays through exactly the
//! code the fuzzer ran.

pub mod harness;
