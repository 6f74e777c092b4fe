//! A sheet with one row per visit (or per issue), however many the run has.
//!
//! While the rows are few they are held (compactly, [`HeldRows`]) and written at the end as
//! an Excel table. Past [`Limits::table_cells`] they are streamed instead, row by row and in
//! order, to constant-memory worksheets with filters on the header row: rust_xlsxwriter
//! keeps a map entry per table cell, which a million-row table cannot afford, and a table
//! needs its last row when it is added. Past Excel's row limit the rows continue on
//! `Name (2)`, `Name (3)`, ...

use rust_xlsxwriter::{IgnoreError, Table, TableColumn, Workbook, Worksheet, XlsxError};

use super::cell::Cell;
use super::held::HeldRows;
use super::style::{self, Styles, col, row};
use super::text;

pub struct Column {
    pub header: String,
    /// The narrowest it is, in Excel's character units.
    pub width: f64,
    /// The widest it grows to fit its longest text (never narrower than the header's
    /// longest word, so a header wraps between words only).
    pub max: f64,
    /// Holds scores: the column's format shows them with one decimal (cheaper than a
    /// format on each of a million cells).
    pub scores: bool,
    /// Long text (a comment, a narrative, a problem) wraps at `max` rather than being cut
    /// off by the next cell.
    pub wrap: bool,
    /// Numbers centred (a line number), so they do not run into the text of the next
    /// column when printed without gridlines.
    pub center: bool,
}

/// The widest a column of short text (names, ids) grows.
const MAX_WIDTH: f64 = 40.0;

impl Column {
    /// A column of short text or numbers, `width` wide or as wide as its text needs.
    pub fn new(header: impl Into<String>, width: f64) -> Column {
        Column { header: header.into(), width, max: MAX_WIDTH.max(width), scores: false, wrap: false, center: false }
    }

    /// A column of numbers shown centred.
    pub fn centered(self) -> Column {
        Column { center: true, ..self }
    }

    /// A column of scores shown with one decimal.
    pub fn scores(self) -> Column {
        Column { scores: true, ..self }
    }

    /// A column of long text, wrapped at `max` wide.
    pub fn wrapped(self, max: f64) -> Column {
        Column { wrap: true, max, ..self }
    }

    /// The width that shows text of `longest` characters and the header's longest word.
    fn fitted(&self, longest: usize) -> f64 {
        let word = self.header.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0) as f64 + 2.0;
        (longest as f64 + 2.0).clamp(self.width, self.max.max(self.width)).max(word)
    }
}

/// Lines `text` takes wrapped between words at `width` character units (a bold header
/// letter is about one unit; a unit is kept free for the cell's margins).
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width - 1.0).max(1.0) as usize;
    let (mut lines, mut used) = (1, 0);
    for word in text.split_whitespace().map(|w| w.chars().count()) {
        if used > 0 && used + 1 + word > room {
            lines += 1;
            used = 0;
        }
        used += if used > 0 { 1 + word } else { word };
    }
    lines
}

/// The height of one line of the default font, in points.
const LINE_POINTS: f64 = 15.0;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most cells written as a table.
    pub table_cells: usize,
    /// Most text held for a table.
    pub held_bytes: usize,
    /// Data rows per sheet: Excel's 1,048,576 rows less the header.
    pub sheet_rows: u32,
    /// Streamed rows per sheet made tall enough for their wrapped text; the rest keep the
    /// default height (their text is whole in the cell, shown on a click). rust_xlsxwriter
    /// keeps each row's height in a map for as long as the workbook lives, about 400
    /// bytes a row: for a million rows of comments, 400 MB.
    pub fitted_rows: u32,
}

impl Limits {
    pub const EXCEL: Limits =
        Limits { table_cells: 1_000_000, held_bytes: 32 << 20, sheet_rows: 1_048_575, fitted_rows: 50_000 };
    /// A report card: one of many open at once, so each holds little before it streams
    /// (a table up to about 600 visits of a 12-question rubric).
    pub const CARD: Limits =
        Limits { table_cells: 20_000, held_bytes: 1 << 20, sheet_rows: 1_048_575, fitted_rows: 50_000 };
}

pub struct LongSheet {
    name: &'static str,
    columns: Vec<Column>,
    limits: Limits,
    held: HeldRows,
    /// The streamed sheets; the last one is being written.
    sheets: Vec<Worksheet>,
    rows_on_sheet: u32,
    /// Per column, the longest text seen (in characters, counted up to [`COUNTED`]).
    longest: Vec<usize>,
    /// Per column of the sheet being streamed, the width its text wraps at (wrapped
    /// columns only): a row is made tall enough for it.
    wraps: Vec<Option<f64>>,
    /// Bytes of text and cells seen, to size the file.
    pub text_bytes: u64,
    pub cells: u64,
}

impl LongSheet {
    pub fn new(name: &'static str, columns: Vec<Column>, limits: Limits) -> LongSheet {
        LongSheet {
            name,
            longest: vec![0; columns.len()],
            wraps: Vec::new(),
            columns,
            limits,
            held: HeldRows::default(),
            sheets: Vec::new(),
            rows_on_sheet: 0,
            text_bytes: 0,
            cells: 0,
        }
    }

    pub fn push(&mut self, wb: &mut Workbook, cells: &[Cell], styles: &Styles) -> Result<(), XlsxError> {
        let mut text = 0;
        for (cell, longest) in cells.iter().zip(self.longest.iter_mut()) {
            if let Cell::Text(t) = cell {
                text += t.len();
                // Bytes never undercount characters: only a longer text is counted.
                if t.len() > *longest {
                    *longest = (*longest).max(t.chars().take(COUNTED).count());
                }
            }
        }
        self.text_bytes += text as u64;
        self.cells += cells.len() as u64;
        if self.sheets.is_empty() {
            let fits = self.held.cells() + cells.len() <= self.limits.table_cells
                && self.held.text_bytes() + text <= self.limits.held_bytes;
            if fits && self.held.push(cells) {
                return Ok(());
            }
            let held = std::mem::take(&mut self.held);
            self.new_sheet(wb, styles)?;
            for r in held.rows(self.columns.len()) {
                self.stream(wb, &r, styles)?;
            }
        }
        self.stream(wb, cells, styles)
    }

    /// Whether the rows outgrew a table and went to sheets as they came.
    pub fn streamed(&self) -> bool {
        !self.sheets.is_empty()
    }

    /// The sheets, in order: one table, or the streamed sheets with filters.
    pub fn finish(mut self, wb: &mut Workbook, styles: &Styles) -> Result<Vec<Worksheet>, XlsxError> {
        if !self.sheets.is_empty() {
            self.filter_last()?;
            // Widths are written when the workbook is saved: fitted to every row seen.
            let widths = self.widths();
            for ws in &mut self.sheets {
                for (i, w) in widths.iter().enumerate() {
                    ws.set_column_width(col(i), *w)?;
                }
            }
            return Ok(self.sheets);
        }
        let mut ws = self.sheet(wb, self.name.to_string(), styles)?;
        let width = self.columns.len();
        let rows = self.held.cells() / width.max(1);
        if rows == 0 {
            style::header(&mut ws, 0, &self.headers(), styles)?;
            return Ok(vec![ws]);
        }
        let columns: Vec<TableColumn> = self
            .columns
            .iter()
            .map(|c| TableColumn::new().set_header(&c.header).set_header_format(&styles.wrap))
            .collect();
        let table = Table::new().set_name(self.name).set_columns(&columns);
        ws.add_table(0, 0, row(rows), col(width.saturating_sub(1)), &table)?;
        ws.set_freeze_panes(1, 0)?;
        let wraps = self.wraps();
        for (i, cells) in self.held.rows(width).enumerate() {
            write_row(&mut ws, row(i + 1), &cells, &wraps, styles)?;
        }
        quiet(&mut ws, row(rows), col(width.saturating_sub(1)))?;
        Ok(vec![ws])
    }

    fn stream(&mut self, wb: &mut Workbook, cells: &[Cell], styles: &Styles) -> Result<(), XlsxError> {
        if self.rows_on_sheet >= self.limits.sheet_rows {
            self.new_sheet(wb, styles)?;
        }
        self.rows_on_sheet += 1;
        let wraps = if self.rows_on_sheet <= self.limits.fitted_rows { &self.wraps[..] } else { &[] };
        match self.sheets.last_mut() {
            Some(ws) => write_row(ws, self.rows_on_sheet, cells, wraps, styles),
            None => Err(XlsxError::ParameterError(format!("no sheet for the {} rows", self.name))),
        }
    }

    fn new_sheet(&mut self, wb: &mut Workbook, styles: &Styles) -> Result<(), XlsxError> {
        self.filter_last()?;
        let name = match self.sheets.len() {
            0 => self.name.to_string(),
            n => format!("{} ({})", self.name, n + 1),
        };
        let mut ws = self.sheet(wb, name, styles)?;
        style::header(&mut ws, 0, &self.headers(), styles)?;
        self.sheets.push(ws);
        self.wraps = self.wraps();
        self.rows_on_sheet = 0;
        Ok(())
    }

    /// Filters over the rows of the last streamed sheet, once it is complete.
    fn filter_last(&mut self) -> Result<(), XlsxError> {
        let last_col = col(self.columns.len().saturating_sub(1));
        if let Some(ws) = self.sheets.last_mut() {
            ws.autofilter(0, 0, self.rows_on_sheet, last_col)?;
            quiet(ws, self.rows_on_sheet, last_col)?;
        }
        Ok(())
    }

    /// A sheet with the columns fitted to the rows seen so far, and a header row tall
    /// enough for its headers wrapped between words (set before any row is written: a
    /// streamed row cannot be changed once the next one starts).
    fn sheet(&self, wb: &mut Workbook, name: String, styles: &Styles) -> Result<Worksheet, XlsxError> {
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        let widths = self.widths();
        let mut lines = 1;
        for (i, (c, w)) in self.columns.iter().zip(&widths).enumerate() {
            ws.set_column_width(col(i), *w)?;
            if c.scores {
                ws.set_column_format(col(i), &styles.score)?;
            } else if c.wrap {
                ws.set_column_format(col(i), &styles.wrap)?;
            } else if c.center {
                ws.set_column_format(col(i), &styles.center)?;
            }
            lines = lines.max(wrapped_lines(&c.header, *w));
        }
        if lines > 1 {
            ws.set_row_height(0, (LINE_POINTS * lines as f64).min(MAX_ROW_POINTS))?;
        }
        Ok(ws)
    }

    fn wraps(&self) -> Vec<Option<f64>> {
        self.columns.iter().zip(self.widths()).map(|(c, w)| c.wrap.then_some(w)).collect()
    }

    fn widths(&self) -> Vec<f64> {
        self.columns.iter().zip(&self.longest).map(|(c, longest)| c.fitted(*longest)).collect()
    }

    fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }
}

/// Characters of a text counted for its column's width: past this it is wider than any
/// column grows.
const COUNTED: usize = 200;

/// Excel's tallest row, in points.
const MAX_ROW_POINTS: f64 = 409.0;

/// Answers such as `147` or `5` are text as the shopper wrote them: no "number stored as
/// text" warning on every one of them.
fn quiet(ws: &mut Worksheet, last_row: u32, last_col: u16) -> Result<(), XlsxError> {
    if last_row > 0 {
        ws.ignore_error_range(1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

/// Lines a text cell takes wrapped at `width`, its own line breaks included. Short text
/// (as many bytes as the line has room, so as many characters at most) is one line, told
/// without a scan.
pub fn text_lines(text: &str, width: f64) -> usize {
    // Plain text averages about 1.2 characters a unit (LibreOffice fits 61 of a
    // narrative's in 50); 1.1 leaves room for wider letters.
    let width = width * BODY_CHARS_PER_UNIT;
    if (text.len() as f64) < width && !text.contains('\n') {
        return 1;
    }
    text.split('\n').map(|line| wrapped_lines(line, width)).sum()
}

/// Characters of plain (not bold) text counted to a width unit when rows are sized.
const BODY_CHARS_PER_UNIT: f64 = 1.1;

/// Writes a row; one whose wrapped text takes more than a line is made that tall (Excel
/// and LibreOffice do not grow a row for wrapped text written by a program).
fn write_row(
    ws: &mut Worksheet,
    r: u32,
    cells: &[Cell],
    wraps: &[Option<f64>],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .zip(wraps)
        .filter_map(|(cell, wrap)| match (cell, wrap) {
            (Cell::Text(t), Some(w)) => Some(text_lines(t, *w)),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(r, (LINE_POINTS * lines as f64).min(MAX_ROW_POINTS))?;
    }
    for (c, cell) in (0..).zip(cells) {
        match *cell {
            Cell::Blank => {}
            Cell::Text(t) => text::put(ws, r, c, t, styles)?,
            // A score column's format shows its numbers with one decimal.
            Cell::Number(v) | Cell::Score(v) if v.is_finite() => {
                ws.write_number(r, c, v)?;
            }
            Cell::Number(_) | Cell::Score(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
