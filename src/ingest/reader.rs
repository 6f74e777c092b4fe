//! Where an input's records come from, behind one API: CSV text split by [`Records`],
//! a workbook's sheet ([`Sheet`]), or a long-format export's rows grouped into visits
//! ([`LongRows`], around either of the others). Every kind hands out the same [`Record`]
//! (its physical line, its bytes and its fields' bounds), so the row reader, the pre-pass
//! and the header mapping do not know which kind they read.

use std::io::Read;

use super::columns::Columns;
use super::long::{LongRows, Rows};
use super::records::{ReadError, Record, Records};
use super::workbook::{Mark, Sheet};
use crate::issue::Issue;

/// The records of one input. One per input, so the sizes of its kinds do not matter:
/// the CSV reader is not boxed to save the few hundred bytes (a long-format input's rows,
/// which hold a reader, are).
#[allow(clippy::large_enum_variant)]
pub(super) enum Reader {
    /// Decoded UTF-8 CSV text.
    Text(Records<Box<dyn Read + Send>>),
    /// A workbook's sheet, its rows rendered as text.
    Sheet(Sheet),
    /// One row per answer, handed out as one wide record per visit.
    Long(Box<LongRows>),
}

impl Reader {
    /// The next record, or `None` at the end of the input.
    pub(super) fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        match self {
            Reader::Text(records) => records.next_record(),
            Reader::Sheet(sheet) => sheet.next_record(),
            Reader::Long(rows) => rows.next_record(),
        }
    }

    /// Before [`Reader::next_record`] in a run: a row that is not a visit the reader found
    /// ahead of the next record (long format), its issues pushed onto `issues`.
    pub(super) fn not_a_visit(&mut self, issues: &mut Vec<Issue>) -> Result<bool, ReadError> {
        match self {
            Reader::Text(_) | Reader::Sheet(_) => Ok(false),
            Reader::Long(rows) => rows.not_a_visit(issues),
        }
    }

    /// After the record handed out is read into `issues[from..]`: the reader's own issues
    /// about it (long format), each issue on the line of its cell's row.
    pub(super) fn place(&mut self, headers: &[String], issues: &mut Vec<Issue>, from: usize) {
        if let Reader::Long(rows) = self {
            rows.place(headers, issues, from);
        }
    }

    /// The line the next record starts on or after, for errors that stop a read.
    pub(super) fn line(&self) -> u64 {
        match self {
            Reader::Text(records) => records.line(),
            Reader::Sheet(sheet) => sheet.line(),
            Reader::Long(rows) => rows.line(),
        }
    }

    /// How far the read has gone, in the units of [`super::Input::size`], for progress.
    pub(super) fn position(&self) -> u64 {
        match self {
            Reader::Text(records) => records.position(),
            Reader::Sheet(sheet) => sheet.position(),
            Reader::Long(rows) => rows.position(),
        }
    }

    /// The header is mapped: a sheet reads date, time and answer cells by their column (a
    /// long-format sheet by the long file's columns).
    pub(super) fn map(&mut self, columns: &Columns, date_format: &str) {
        match self {
            Reader::Text(_) => {}
            Reader::Sheet(sheet) => sheet.map(columns, date_format),
            Reader::Long(rows) => rows.map(columns, date_format),
        }
    }

    /// The cells of the record last handed out that its text does not describe (a
    /// sheet's dates and errors; none for text, nor for a long format's grouped visits).
    pub(super) fn marks(&self) -> &[(usize, Mark)] {
        match self {
            Reader::Text(_) | Reader::Long(_) => &[],
            Reader::Sheet(sheet) => sheet.marks(),
        }
    }

    /// Whether the header is the first record wherever it is (a sheet's first row with a
    /// value), not only on line 1 (a CSV file's).
    pub(super) fn header_anywhere(&self) -> bool {
        matches!(self, Reader::Sheet(_))
    }
}

/// A long-format input reads its rows from any kind of reader.
impl Rows for Reader {
    fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        Reader::next_record(self)
    }

    fn line(&self) -> u64 {
        Reader::line(self)
    }

    fn position(&self) -> u64 {
        Reader::position(self)
    }

    fn map(&mut self, columns: &Columns, date_format: &str) {
        Reader::map(self, columns, date_format);
    }
}
