//! CSV bytes through ingest, scoring and aggregation (see `harness::csv`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shopscore_fuzz::harness::csv(data, &shopscore_fuzz::harness::scratch_dir());
});
