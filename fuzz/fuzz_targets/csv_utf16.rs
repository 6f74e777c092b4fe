//! The same CSV text as UTF-8 and as UTF-16LE must read, score and report the same
//! (see `harness::csv_utf16`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    shopscore_fuzz::harness::csv_utf16(data, &shopscore_fuzz::harness::scratch_dir());
});
