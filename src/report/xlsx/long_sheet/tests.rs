//! Compiled only for tests: the parent module declares it `#[cfg(test)] mod tests;`.
//!
//! Tables for few rows; streamed sheets with filters, continued past the row limit, for
//! many (with tiny limits, so that the continuation shows without a million rows).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::*;

fn columns() -> Vec<Column> {
    vec![Column::new("Name", 10.0), Column::new("Score", 8.0).scores()]
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
    let limits = Limits { table_cells: 4, held_bytes: 1 << 20, sheet_rows: 2, fitted_rows: 2 };
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
    let limits = Limits { table_cells: 1000, held_bytes: 4, sheet_rows: 100, fitted_rows: 100 };
    let (streamed, mut book) = run(limits, 3);
    assert!(streamed, "r0, r1 are 4 bytes; r2 passes");
    assert_eq!(rows(&mut book, "Rows").len(), 4);
}

/// Headers wrap between words: "Critical failures" at 10 wide has 9 units of room,
/// "Critical" (8) fits, " failures" would make 17: two lines. At 20 wide one line.
#[test]
fn headers_wrap_between_words() {
    assert_eq!(wrapped_lines("Critical failures", 10.0), 2);
    assert_eq!(wrapped_lines("Critical failures", 20.0), 1);
    // "Q1 Seconds to greet" at 10 (room 9): "Q1" | "Seconds" (7; "Q1 Seconds" is 10) |
    // "to greet" (8).
    assert_eq!(wrapped_lines("Q1 Seconds to greet", 10.0), 3);
    assert_eq!(wrapped_lines("", 10.0), 1);
    // A word longer than the room is one line of its own.
    assert_eq!(wrapped_lines("Supercalifragilistic x", 5.0), 2);
}

/// A column is as wide as its longest text plus 2, between its width and its max, and
/// never narrower than its header's longest word plus 2.
#[test]
fn columns_fit_their_text_and_header_words() {
    let c = Column::new("Location", 12.0);
    assert_eq!(c.fitted(0), 12.0);
    // "Derby Cornmarket" is 16 characters: 18.
    assert_eq!(c.fitted(16), 18.0);
    // Capped at 40 for short text; a wrapped column at its own max.
    assert_eq!(c.fitted(300), 40.0);
    assert_eq!(Column::new("Narrative", 12.0).wrapped(50.0).fitted(300), 50.0);
    // "failures" (8) + 2 = 10 beats a width of 7.
    assert_eq!(Column::new("Critical failures", 7.0).fitted(1), 10.0);
    // A header word wider than max wins: "Supercalifragilistic" (20) + 2.
    assert_eq!(Column::new("Supercalifragilistic", 5.0).wrapped(10.0).fitted(100), 22.0);
}

/// Rows are sized for their wrapped text: at 20 wide a line holds 20 × 1.1 - 1 = 21
/// characters of plain text.
#[test]
fn wrapped_text_takes_its_lines() {
    assert_eq!(text_lines("short", 20.0), 1);
    // "Friendly, but slow," is 19; with " and" 23 > 21: "and the offer was not" (21) | "explained."
    assert_eq!(text_lines("Friendly, but slow, and the offer was not explained.", 20.0), 3);
    // Its own line breaks count: two short lines.
    assert_eq!(text_lines("Clear.\nPatient.", 20.0), 2);
}

/// A streamed sheet sizes its first `fitted_rows` rows for their wrapped text, then
/// leaves rows at the default height (the cap that keeps a million rows of comments out
/// of rust_xlsxwriter's map of row heights).
#[test]
fn only_the_first_streamed_rows_are_sized() {
    use std::io::Read as _;
    let limits = Limits { table_cells: 4, held_bytes: 1 << 20, sheet_rows: 100, fitted_rows: 3 };
    let (styles, mut wb) = (Styles::new(), Workbook::new());
    let columns = vec![Column::new("Name", 10.0), Column::new("Comment", 12.0).wrapped(20.0)];
    let mut sheet = LongSheet::new("Rows", columns, limits);
    // Two lines each: a line break in every comment.
    for i in 0..6 {
        let name = format!("r{i}");
        sheet.push(&mut wb, &[Cell::Text(&name), Cell::Text("Slow.\nNo apology.")], &styles).unwrap();
    }
    assert!(sheet.streamed());
    for ws in sheet.finish(&mut wb, &styles).unwrap() {
        wb.push_worksheet(ws);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(wb.save_to_buffer().unwrap())).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let heights: Vec<(&str, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("row"))
        .map(|n| (n.attribute("r").unwrap_or(""), n.attribute("ht")))
        .collect();
    // The header (row 1) is one line; data rows 2 to 4 are two lines of 15 points.
    let tall = [("2", Some("30")), ("3", Some("30")), ("4", Some("30"))];
    assert_eq!(heights[1..4], tall);
    assert_eq!(heights[4..], [("5", None), ("6", None), ("7", None)]);
}
