//! The benchmark's yardstick: the time the csv crate alone needs to read files, record
//! by record into one reused `ByteRecord`, touching every field. `benches/run.sh`
//! compares `shopscore score` against it.
//!
//! Usage: `cargo run --release --example csv_baseline -- FILE...`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut records = 0u64;
    let mut bytes = 0u64;
    for path in std::env::args().skip(1) {
        let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(&path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        };
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    records += 1;
                    bytes += record.iter().map(|f| f.len() as u64).sum::<u64>();
                }
                Ok(false) => break,
                Err(e) => {
                    eprintln!("{path}: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    println!("{records} records, {bytes} field bytes");
    ExitCode::SUCCESS
}
