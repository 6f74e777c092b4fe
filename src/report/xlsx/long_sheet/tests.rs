//! Compiled only for tests: the parent module declares it `#[cfg(test)] mod tests;`.
//!
//! Tables for few rows; streamed sheets with filters, continued past the row limit, for
//! many (with tiny limits, so that the continuation shows without a million rows).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::*;

fn columns() -> Vec<Column> {
    vec![
        Column::new("Name", 10.0),
        Column::new("Score", 8.0).scores(),
    ]
}

/// Writes `n` rows through a [`LongSheet`] and reads the workbook back.
fn run(limits: Limits, n: usize) -> (bool, Xlsx<Cursor<Vec<u8>>>) {
    let (styles, mut wb) = (Styles::new(), Workbook::new());
    let mut sheet = LongSheet::new("Rows", columns(), limits);
    for i in 0..n {
        let name = format!("r{i}");
        sheet.push(&mut wb, &[Cell::Text(&name), Cell::Score(i as f64 * 12.5)], &styles).unwrap();
    }
    let streamed = sheet.streamed();
    for ws in sheet.finish(&mut wb, &styles).unwrap() {
        wb.push_worksheet(ws);
    }
    let mut book = Xlsx::new(Cursor::new(wb.save_to_buffer().unwrap())).unwrap();
    book.load_tables().unwrap();
    (streamed, book)
}

fn rows(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(name).unwrap().rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn few_rows_are_a_table() {
    let (streamed, mut book) = run(Limits::EXCEL, 3);
    assert!(!streamed);
    assert_eq!(book.sheet_names(), ["Rows"]);
    assert_eq!(book.table_names(), [&"Rows".to_string()]);
    let got = rows(&mut book, "Rows");
    assert_eq!(got.len(), 4);
    assert_eq!(got[0], [Data::String("Name".into()), Data::String("Score".into())]);
    assert_eq!(got[3], [Data::String("r2".into()), Data::Float(25.0)]);
}

#[test]
fn many_rows_stream_and_continue_on_numbered_sheets() {
    let limits = Limits { table_cells: 4, held_bytes: 1 << 20, sheet_rows: 2 };
    let (streamed, mut book) = run(limits, 5);
    assert!(streamed, "the third row passes 4 cells");
    assert_eq!(book.sheet_names(), ["Rows", "Rows (2)", "Rows (3)"]);
    assert!(book.table_names().is_empty());
    let names = |rows: Vec<Vec<Data>>| rows.iter().map(|r| r[0].to_string()).collect::<Vec<_>>();
    assert_eq!(names(rows(&mut book, "Rows")), ["Name", "r0", "r1"]);
    assert_eq!(names(rows(&mut book, "Rows (2)")), ["Name", "r2", "r3"]);
    assert_eq!(
        rows(&mut book, "Rows (3)"),
        [
            vec![Data::String("Name".into()), Data::String("Score".into())],
            vec![Data::String("r4".into()), Data::Float(50.0)]
        ]
    );
}

#[test]
fn no_rows_leave_the_header() {
    let (streamed, mut book) = run(Limits::EXCEL, 0);
    assert!(!streamed);
    assert!(book.table_names().is_empty());
    assert_eq!(rows(&mut book, "Rows").len(), 1);
}

#[test]
fn too_much_text_streams_too() {
    let limits = Limits { table_cells: 1000, held_bytes: 4, sheet_rows: 100 };
    let (streamed, mut book) = run(limits, 3);
    assert!(streamed, "r0, r1 are 4 bytes; r2 passes");
    assert_eq!(rows(&mut book, "Rows").len(), 4);
}
