//! Where an input's records come from, behind one API: CSV text split by [`Records`],
//! or a workbook's sheet ([`Sheet`]). Every kind hands out the same [`Record`] (its
//! physical line, its bytes and its fields' bounds), so the row reader, the pre-pass and
//! the header mapping do not know which kind they read.

use std::io::Read;

use super::columns::Columns;
use super::records::{ReadError, Record, Records};
use super::workbook::{Mark, Sheet};

/// The records of one input. One per input, so the sizes of its kinds do not matter:
/// the CSV reader is not boxed to save the few hundred bytes.
#[allow(clippy::large_enum_variant)]
pub(super) enum Reader {
    /// Decoded UTF-8 CSV text.
    Text(Records<Box<dyn Read + Send>>),
    /// A workbook's sheet, its rows rendered as text.
    Sheet(Sheet),
}

impl Reader {
    /// The next record, or `None` at the end of the input.
    pub(super) fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        match self {
            Reader::Text(records) => records.next_record(),
            Reader::Sheet(sheet) => sheet.next_record(),
        }
    }

    /// The line the next record starts on or after, for errors that stop a read.
    pub(super) fn line(&self) -> u64 {
        match self {
            Reader::Text(records) => records.line(),
            Reader::Sheet(sheet) => sheet.line(),
        }
    }

    /// How far the read has gone, in the units of [`super::Input::size`], for progress.
    pub(super) fn position(&self) -> u64 {
        match self {
            Reader::Text(records) => records.position(),
            Reader::Sheet(sheet) => sheet.position(),
        }
    }

    /// The header is mapped: a sheet reads date, time and answer cells by their column.
    pub(super) fn map(&mut self, columns: &Columns, date_format: &str) {
        if let Reader::Sheet(sheet) = self {
            sheet.map(columns, date_format);
        }
    }

    /// The cells of the record last handed out that its text does not describe (a
    /// sheet's dates and errors; none for text).
    pub(super) fn marks(&self) -> &[(usize, Mark)] {
        match self {
            Reader::Text(_) => &[],
            Reader::Sheet(sheet) => sheet.marks(),
        }
    }

    /// Whether the header is the first record wherever it is (a sheet's first row with a
    /// value), not only on line 1 (a CSV file's).
    pub(super) fn header_anywhere(&self) -> bool {
        matches!(self, Reader::Sheet(_))
    }
}
