//! A worksheet's rows as records ([`Sheet`]): each row that holds a value is one
//! record, its line the sheet's row number, its cells from column A rendered as text
//! ([`super::cell`]) into one reused buffer, so the row reader reads it as it reads a
//! CSV line. The rows come from an `.xlsx` sheet streamed ([`Stream`]) or from a sheet
//! calamine read whole (`.xls`, `.xlsb`, `.ods`).

use std::io;

use calamine::{Data, Range};

use super::cell::{Mark, Role, render};
use super::stream::Stream;
use crate::ingest::columns::Columns;
use crate::ingest::records::{MAX_FIELDS, ReadError, Record};

/// Where a sheet's rows come from.
pub(super) enum Rows {
    /// The whole sheet in memory, and the next row of it to read (0-based in the range).
    Whole(Range<Data>, usize),
    Streamed(Stream),
}

impl Rows {
    /// The next row: its 1-based row number, its cells from column A into `cells`.
    fn next_row(&mut self, cells: &mut Vec<Data>) -> io::Result<Option<u64>> {
        match self {
            Rows::Streamed(stream) => stream.next_row(cells, MAX_FIELDS),
            Rows::Whole(range, next) => {
                if *next >= range.height() {
                    return Ok(None);
                }
                let (row, col) = range.start().unwrap_or_default();
                cells.clear();
                cells.resize(col as usize, Data::Empty);
                cells.extend((0..range.width()).map(|c| range.get((*next, c)).cloned().unwrap_or_default()));
                *next += 1;
                Ok(Some(u64::from(row) + *next as u64))
            }
        }
    }

    /// The columns of the sheet's used range, from column A, as Excel's CSV export
    /// writes every row (at most [`MAX_FIELDS`]).
    fn width(&self) -> usize {
        let width = match self {
            Rows::Streamed(stream) => stream.width(),
            Rows::Whole(range, _) if range.is_empty() => 0,
            Rows::Whole(range, _) => range.start().unwrap_or_default().1 as usize + range.width(),
        };
        width.min(MAX_FIELDS)
    }

    /// The rows read and the sheet's rows, for progress.
    fn share(&self) -> (u64, u64) {
        match self {
            Rows::Streamed(stream) => (stream.reached(), stream.height()),
            Rows::Whole(range, next) => (*next as u64, range.height() as u64),
        }
    }

    /// The 1-based row number the next row is on or after.
    fn line(&self) -> u64 {
        match self {
            Rows::Streamed(stream) => stream.reached() + 1,
            Rows::Whole(range, next) => u64::from(range.start().unwrap_or_default().0) + *next as u64 + 1,
        }
    }
}

/// The records of one worksheet.
pub(crate) struct Sheet {
    rows: Rows,
    /// The row read last, from column A.
    cells: Vec<Data>,
    /// A row read ahead (its row number and last cell with a value) and not yet handed
    /// out ([`Sheet::is_blank`]).
    staged: Option<(u64, usize)>,
    /// The header's width once it is read: the sheet's used range, or its last name if
    /// that is further right. Every row is at least this wide.
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
    pub(super) fn new(rows: Rows, size: u64) -> Sheet {
        Sheet {
            rows,
            cells: Vec::new(),
            staged: None,
            width: None,
            roles: Vec::new(),
            date_format: String::new(),
            text: String::new(),
            bounds: Vec::new(),
            marks: Vec::new(),
            size,
        }
    }

    /// Whether no cell of the sheet holds a value (its first row with one is read ahead).
    pub(super) fn is_blank(&mut self) -> Result<bool, ReadError> {
        if self.staged.is_none() {
            self.staged = self.next_with_value()?;
        }
        Ok(self.staged.is_none())
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

    /// The next row that holds a value: its row number and its last cell with one.
    fn next_with_value(&mut self) -> Result<Option<(u64, usize)>, ReadError> {
        let blank = |d: &Data| matches!(d, Data::Empty) || matches!(d, Data::String(s) if s.is_empty());
        while let Some(line) = self.rows.next_row(&mut self.cells)? {
            if let Some(last) = self.cells.iter().rposition(|d| !blank(d)) {
                return Ok(Some((line, last)));
            }
        }
        Ok(None)
    }

    /// The next row that holds a value, or `None` after the last.
    pub(crate) fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        let staged = self.staged.take();
        let Some((line, last)) = staged.map_or_else(|| self.next_with_value(), |s| Ok(Some(s)))? else {
            return Ok(None);
        };
        let used = self.rows.width();
        let width = *self.width.get_or_insert((last + 1).max(used));
        self.text.clear();
        self.bounds.clear();
        self.marks.clear();
        for c in 0..width.max(last + 1) {
            let start = self.text.len();
            let role = self.roles.get(c).copied().unwrap_or(Role::Unread);
            if let Some(data) = self.cells.get(c)
                && let Some(mark) = render(&mut self.text, data, role, &self.date_format)
            {
                self.marks.push((c, mark));
            }
            self.bounds.push((start, self.text.len()));
        }
        Ok(Some(Record { line, last_line: line, bytes: self.text.as_bytes(), bounds: &self.bounds }))
    }

    /// The sheet row the next record starts on or after.
    pub(crate) fn line(&self) -> u64 {
        self.rows.line()
    }

    /// The file's bytes in the share of the sheet's rows read, for progress.
    pub(crate) fn position(&self) -> u64 {
        let (read, height) = self.rows.share();
        (u128::from(self.size) * u128::from(read.min(height)) / u128::from(height.max(1))) as u64
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

    /// A range whose first cell is C4 (row 3, column 2, 0-based) and last E8: rows read
    /// as sheet rows 4.. with columns A and B blank, the blank row 5 is skipped, and
    /// every row, the header (`id`, `n` in C and D) too, is as wide as the used range
    /// A..E, 5 cells, as Excel's CSV export writes it: the stray `extra` in E is no
    /// field too many, and the header's fifth name is blank.
    #[test]
    fn rows_are_the_sheets_rows_as_wide_as_its_used_range() {
        let mut range = Range::new((3, 2), (7, 4));
        let s = |t: &str| Data::String(t.into());
        range.set_value((3, 2), s("id"));
        range.set_value((3, 3), s("n"));
        range.set_value((5, 2), s("A"));
        range.set_value((6, 2), s("B"));
        range.set_value((6, 3), Data::Float(4.0));
        range.set_value((6, 4), s("extra"));
        range.set_value((7, 3), Data::Error(CellErrorType::NA));
        let mut sheet = Sheet::new(Rows::Whole(range, 0), 1000);
        assert!(!sheet.is_blank().unwrap());
        let mut got = Vec::new();
        while let Some(record) = sheet.next_record().unwrap() {
            let cells: Vec<String> =
                record.bounds.iter().map(|&(a, b)| String::from_utf8_lossy(&record.bytes[a..b]).into_owned()).collect();
            got.push((record.line, cells));
        }
        let row = |line, cells: &[&str]| (line, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert_eq!(
            got,
            [
                row(4, &["", "", "id", "n", ""]),
                row(6, &["", "", "A", "", ""]),
                row(7, &["", "", "B", "4", "extra"]),
                row(8, &["", "", "", "#N/A", ""]),
            ]
        );
        assert_eq!(sheet.position(), 1000);
        assert_eq!(sheet.line(), 9);
        assert!(Sheet::new(Rows::Whole(Range::empty(), 0), 0).is_blank().unwrap());
    }
}
