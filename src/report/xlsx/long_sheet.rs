//! A sheet with one row per visit (or per issue), however many the run has.
//!
//! While the rows are few they are held (compactly, [`HeldRows`]) and written at the end as
//! an Excel table. Past [`Limits::table_cells`] they are streamed instead, row by row and in
//! order, to constant-memory worksheets with filters on the header row: rust_xlsxwriter
//! keeps a map entry per table cell, which a million-row table cannot afford, and a table
//! needs its last row when it is added. Past Excel's row limit the rows continue on
//! `Name (2)`, `Name (3)`, ...

use rust_xlsxwriter::{IgnoreError, Table, TableColumn, Workbook, Worksheet, XlsxError};

use super::held::HeldRows;
use super::style::{self, Styles, col, row};
use super::text;

/// One cell of a row.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Blank,
    /// Text from the data: written literally.
    Text(&'a str),
    Number(f64),
    /// A 0-100 score, in a [`Column`] of scores.
    Score(f64),
}

pub struct Column {
    pub header: String,
    pub width: f64,
    /// Holds scores: the column's format shows them with one decimal (cheaper than a
    /// format on each of a million cells).
    pub scores: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most cells written as a table.
    pub table_cells: usize,
    /// Most text held for a table.
    pub held_bytes: usize,
    /// Data rows per sheet: Excel's 1,048,576 rows less the header.
    pub sheet_rows: u32,
}

impl Limits {
    pub const EXCEL: Limits = Limits { table_cells: 1_000_000, held_bytes: 32 << 20, sheet_rows: 1_048_575 };
    /// A report card: one of many open at once, so each holds little before it streams
    /// (a table up to about 600 visits of a 12-question rubric).
    pub const CARD: Limits = Limits { table_cells: 20_000, held_bytes: 1 << 20, sheet_rows: 1_048_575 };
}

pub struct LongSheet {
    name: &'static str,
    columns: Vec<Column>,
    limits: Limits,
    held: HeldRows,
    /// The streamed sheets; the last one is being written.
    sheets: Vec<Worksheet>,
    rows_on_sheet: u32,
    /// Bytes of text and cells seen, to size the file.
    pub text_bytes: u64,
    pub cells: u64,
}

impl LongSheet {
    pub fn new(name: &'static str, columns: Vec<Column>, limits: Limits) -> LongSheet {
        LongSheet {
            name,
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
        let text: usize = cells.iter().map(|c| if let Cell::Text(t) = c { t.len() } else { 0 }).sum();
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
            return Ok(self.sheets);
        }
        let mut ws = self.sheet(wb, self.name.to_string(), styles)?;
        let width = self.columns.len();
        let rows = self.held.cells() / width.max(1);
        if rows == 0 {
            style::header(&mut ws, 0, &self.headers(), styles)?;
            return Ok(vec![ws]);
        }
        let columns: Vec<TableColumn> = self.columns.iter().map(|c| TableColumn::new().set_header(&c.header)).collect();
        let table = Table::new().set_name(self.name).set_columns(&columns);
        ws.add_table(0, 0, row(rows), col(width.saturating_sub(1)), &table)?;
        ws.set_freeze_panes(1, 0)?;
        for (i, cells) in self.held.rows(width).enumerate() {
            write_row(&mut ws, row(i + 1), &cells, styles)?;
        }
        quiet(&mut ws, row(rows), col(width.saturating_sub(1)))?;
        Ok(vec![ws])
    }

    fn stream(&mut self, wb: &mut Workbook, cells: &[Cell], styles: &Styles) -> Result<(), XlsxError> {
        if self.rows_on_sheet >= self.limits.sheet_rows {
            self.new_sheet(wb, styles)?;
        }
        self.rows_on_sheet += 1;
        match self.sheets.last_mut() {
            Some(ws) => write_row(ws, self.rows_on_sheet, cells, styles),
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

    fn sheet(&self, wb: &mut Workbook, name: String, styles: &Styles) -> Result<Worksheet, XlsxError> {
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        for (i, c) in self.columns.iter().enumerate() {
            ws.set_column_width(col(i), c.width)?;
            if c.scores {
                ws.set_column_format(col(i), &styles.score)?;
            }
        }
        Ok(ws)
    }

    fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }
}

/// Answers such as `147` or `5` are text as the shopper wrote them: no "number stored as
/// text" warning on every one of them.
fn quiet(ws: &mut Worksheet, last_row: u32, last_col: u16) -> Result<(), XlsxError> {
    if last_row > 0 {
        ws.ignore_error_range(1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

fn write_row(ws: &mut Worksheet, r: u32, cells: &[Cell], styles: &Styles) -> Result<(), XlsxError> {
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
