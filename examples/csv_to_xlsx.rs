//! A CSV file as a one-sheet workbook (cells that read as numbers written as numbers,
//! the header as text), for measuring workbook inputs against their CSV twin
//! (docs/performance.md, "Excel workbooks").
//!
//! Usage: `cargo run --release --example csv_to_xlsx -- IN.csv OUT.xlsx`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        eprintln!("usage: csv_to_xlsx IN.csv OUT.xlsx");
        return ExitCode::from(2);
    };
    match convert(input, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("csv_to_xlsx: {e}");
            ExitCode::FAILURE
        }
    }
}

fn convert(input: &str, output: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet_with_constant_memory()?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(input)?;
    for (r, record) in reader.records().enumerate() {
        let row = u32::try_from(r)?;
        for (c, cell) in record?.iter().enumerate() {
            let col = u16::try_from(c)?;
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => ws.write_number(row, col, n)?,
                _ => ws.write_string(row, col, cell)?,
            };
        }
    }
    book.save(output)?;
    Ok(())
}
