//! A worksheet's rows as records ([`Sheet`]): each row that holds a value is one
//! record, its line the sheet's row number, its cells rendered as text ([`super::cell`])
//! into one reused buffer, so the row reader reads it as it reads a CSV line.

use calamine::{Data, Range};

use super::cell::{Mark, Role, render};
use crate::ingest::columns::Columns;
use crate::ingest::records::{ReadError, Record};

/// The rows of one worksheet, held whole (calamine reads the sheet's cells at once).
pub(crate) struct Sheet {
    range: Range<Data>,
    /// The sheet's row number (1-based) of the range's first row.
    first_row: u64,
    /// The next row of the range to read (0-based within it).
    next: usize,
    /// The header's width once it is read: cells after its last name.
    width: Option<usize>,
    /// Each column's role, once the header is mapped ([`Sheet::map`]).
    roles: Vec<Role>,
    date_format: String,
    /// The record handed out: its text and its fields' bounds.
    text: String,
    bounds: Vec<(usize, usize)>,
    /// The cells of the record handed out that its text alone does not describe.
    marks: Vec<(usize, Mark)>,
    /// The file's size in bytes: progress goes by the share of rows read.
    size: u64,
}

impl Sheet {
    pub(super) fn new(range: Range<Data>, size: u64) -> Sheet {
        let first_row = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
        Sheet {
            range,
            first_row,
            next: 0,
            width: None,
            roles: Vec::new(),
            date_format: String::new(),
            text: String::new(),
            bounds: Vec::new(),
            marks: Vec::new(),
            size,
        }
    }

    /// Whether no cell of the sheet holds a value.
    pub(super) fn is_blank(&self) -> bool {
        (0..self.range.height()).all(|r| self.last_cell(r).is_none())
    }

    /// The header is mapped: date, time and answer cells read by their column's role.
    pub(crate) fn map(&mut self, columns: &Columns, date_format: &str) {
        let mut roles = vec![Role::Unread; columns.headers.len()];
        let mut set = |c: usize, role| {
            if let Some(slot) = roles.get_mut(c) {
                *slot = role;
            }
        };
        columns.used.iter().for_each(|&c| set(c, Role::Read));
        columns.answers.iter().for_each(|&c| set(c, Role::Answer));
        set(columns.date, Role::Date);
        columns.version_date.into_iter().for_each(|c| set(c, Role::Date));
        columns.time.into_iter().for_each(|c| set(c, Role::Time));
        self.roles = roles;
        self.date_format = date_format.to_string();
    }

    /// The next row that holds a value, or `None` after the last.
    pub(crate) fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        while self.next < self.range.height() {
            let r = self.next;
            self.next += 1;
            let Some(last) = self.last_cell(r) else { continue };
            let cells = match self.width {
                Some(width) => width.max(last + 1),
                None => {
                    self.width = Some(last + 1);
                    last + 1
                }
            };
            self.text.clear();
            self.bounds.clear();
            self.marks.clear();
            for c in 0..cells {
                let start = self.text.len();
                let role = self.roles.get(c).copied().unwrap_or(Role::Unread);
                if let Some(data) = self.range.get((r, c))
                    && let Some(mark) = render(&mut self.text, data, role, &self.date_format)
                {
                    self.marks.push((c, mark));
                }
                self.bounds.push((start, self.text.len()));
            }
            let line = self.first_row + r as u64;
            return Ok(Some(Record { line, last_line: line, bytes: self.text.as_bytes(), bounds: &self.bounds }));
        }
        Ok(None)
    }

    /// The last column (0-based) of row `r` that holds a value: an empty string is none.
    fn last_cell(&self, r: usize) -> Option<usize> {
        let blank = |d: &Data| matches!(d, Data::Empty) || matches!(d, Data::String(s) if s.is_empty());
        (0..self.range.width()).rev().find(|&c| self.range.get((r, c)).is_some_and(|d| !blank(d)))
    }

    /// The sheet row the next record starts on or after.
    pub(crate) fn line(&self) -> u64 {
        self.first_row + self.next as u64
    }

    /// The file's bytes in the share of the sheet's rows read, for progress.
    pub(crate) fn position(&self) -> u64 {
        let height = self.range.height().max(1) as u128;
        (u128::from(self.size) * self.next as u128 / height) as u64
    }

    /// The cells of the record last handed out that are dates or errors.
    pub(crate) fn marks(&self) -> &[(usize, Mark)] {
        &self.marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::CellErrorType;

    /// A range whose first cell is C4 (row 3, column 2, 0-based): rows read as sheet
    /// rows 4.., the blank row 5 is skipped, a row shorter than the header is padded to
    /// its width, a longer one keeps its extra cell.
    #[test]
    fn rows_are_the_sheets_rows_padded_to_the_header() {
        let mut range = Range::new((3, 2), (7, 4));
        let s = |t: &str| Data::String(t.into());
        range.set_value((3, 2), s("id"));
        range.set_value((3, 3), s("n"));
        range.set_value((5, 2), s("A"));
        range.set_value((6, 2), s("B"));
        range.set_value((6, 3), Data::Float(4.0));
        range.set_value((6, 4), s("extra"));
        range.set_value((7, 3), Data::Error(CellErrorType::NA));
        let mut sheet = Sheet::new(range, 1000);
        assert!(!sheet.is_blank());
        let mut got = Vec::new();
        while let Some(record) = sheet.next_record().unwrap() {
            let cells: Vec<String> =
                record.bounds.iter().map(|&(a, b)| String::from_utf8_lossy(&record.bytes[a..b]).into_owned()).collect();
            got.push((record.line, cells));
        }
        let row = |line, cells: &[&str]| (line, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert_eq!(
            got,
            [row(4, &["id", "n"]), row(6, &["A", ""]), row(7, &["B", "4", "extra"]), row(8, &["", "#N/A"]),]
        );
        assert_eq!(sheet.position(), 1000);
        assert!(Sheet::new(Range::empty(), 0).is_blank());
    }
}
