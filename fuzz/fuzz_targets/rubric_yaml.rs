//! YAML text through rubric loading and validation, then one best-answer row through
//! scoring (see `harness::rubric`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shopscore_fuzz::harness::rubric(data, &shopscore_fuzz::harness::scratch_dir());
});
