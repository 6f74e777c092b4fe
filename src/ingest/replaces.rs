//! The cells a run with re-shops (`fields.replaces`) reads ahead of the run, of each row
//! read as a visit: its id, location, date and `replaces` cell ([`Input::each_visit_key`]).
//! Only those four cells are decoded; no answer is read. [`Input::each_visit_record`] is
//! the row loop both passes before a run share (this one and `--period latest`'s).

use chrono::NaiveDate;

use super::Columns;
use super::cells::{Fields, trim};
use super::{Input, InputError};
use crate::date;
use crate::rubric::Rubric;

/// A visit row's place and the visit it names, as [`Input::each_visit_key`] hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitKey<'a> {
    /// The line the record starts on, as the visit's.
    pub line: u64,
    pub id: &'a str,
    pub location: &'a str,
    /// The date cell, trimmed.
    pub date: &'a str,
    /// The visit date, as [`Input::next_row`] reads it (a date over a year after the run
    /// date is none).
    pub day: Option<NaiveDate>,
    /// The `fields.replaces` cell, trimmed (empty without the field).
    pub replaces: &'a str,
    /// A rubric version scores it: it is not dated (by its date, or its
    /// `fields.version_date`) before the first version's `effective_from`, where the run
    /// does not score it (a `no_version` issue).
    pub versioned: bool,
}

impl Input {
    /// Reads the rest of the file and hands `each` the [`VisitKey`] of every row
    /// [`Input::next_row`] would read as a visit (as many fields as the header, and an id),
    /// in file order.
    pub fn each_visit_key(&mut self, rubric: &Rubric, mut each: impl FnMut(VisitKey<'_>)) -> Result<(), InputError> {
        let dates = self.dates;
        self.each_visit_record(|line, fields, cols| {
            let (id, location, date) = (fields.cell(cols.visit_id), fields.cell(cols.location), fields.cell(cols.date));
            let replaces = cols.replaces.map(|c| fields.cell(c)).unwrap_or_default();
            let date = trim(&date);
            let latest = |d: &NaiveDate| dates.is_none_or(|r| *d <= r.latest);
            let day = date::day(date, &rubric.date_format).filter(latest);
            // The version is chosen as the run chooses it (ingest::version).
            let version_day = match cols.version_date {
                Some(c) => date::day(trim(&fields.cell(c)), &rubric.date_format).filter(latest),
                None => day,
            };
            let versioned = rubric.version_on(version_day).is_ok();
            let (id, location, replaces) = (trim(&id), trim(&location), trim(&replaces));
            each(VisitKey { line, id, location, date, day, replaces, versioned });
        })
    }

    /// Reads the rest of the file and hands `each` the line, cells and columns of every
    /// record [`Input::next_row`] would read as a visit: as many fields as the header, and
    /// an id. Each cell read is checked as UTF-8 alone, not the whole record: a pass
    /// before the run reads a few cells of each row.
    pub(super) fn each_visit_record(
        &mut self,
        mut each: impl FnMut(u64, &Fields<'_>, &Columns),
    ) -> Result<(), InputError> {
        loop {
            let line = self.reader.line();
            let record = self.reader.next_record().map_err(|e| InputError::reading(&self.path, line, e))?;
            let Some(record) = record else { return Ok(()) };
            let fields = Fields { all: record.bytes, text: None, bounds: record.bounds };
            let cols = &self.columns;
            if fields.len() != cols.headers.len() || trim(&fields.cell(cols.visit_id)).is_empty() {
                continue;
            }
            each(record.line, &fields, cols);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows that are not visits (no id, a field too many) are passed over; cells are
    /// trimmed; a date past the run date's horizon (a year on, 2027-10-02 for a run on
    /// 2026-10-01) has no day, as the run reads it; an unreadable date has none either.
    #[test]
    fn every_visit_row_gives_its_key_in_file_order() {
        let yaml = "name: T\nfields: { replaces: Redo }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.csv");
        let rows = "visit_id,location,date,q,Redo\nA, L1 ,2026-10-05,yes,\n,L,2026-10-06,yes,A\nB,L,2026-10-07,yes,A,x\n\
                    C,L2,2026-10-08,no, A \nD,L2,2027-11-01,no,\nE,L2,soon,no,\n";
        std::fs::write(&path, rows).unwrap();
        let mut input = Input::open(&path, &rubric).unwrap();
        input.set_run_date(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        let mut got = Vec::new();
        input
            .each_visit_key(&rubric, |k| {
                got.push((
                    k.line,
                    k.id.to_string(),
                    k.location.to_string(),
                    k.date.to_string(),
                    k.day,
                    k.replaces.to_string(),
                ))
            })
            .unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        let row = |line, id: &str, loc: &str, date: &str, day, replaces: &str| {
            (line, id.to_string(), loc.to_string(), date.to_string(), day, replaces.to_string())
        };
        assert_eq!(
            got,
            [
                row(2, "A", "L1", "2026-10-05", day(10, 5), ""),
                row(5, "C", "L2", "2026-10-08", day(10, 8), "A"),
                row(6, "D", "L2", "2027-11-01", None, ""),
                row(7, "E", "L2", "soon", None, ""),
            ]
        );
    }
}
