//! The latest day an input's visits are dated on, read ahead of a run that scores the
//! latest month (`--period latest`): of each row, only its visit id and date are read.

use chrono::NaiveDate;

use super::{Fields, Input, InputError, date, trim};
use crate::rubric::Rubric;

impl Input {
    /// Reads the rest of the file and returns the latest day a visit in it is dated on,
    /// of the days on or before `not_after`; `None` when no visit is. A row is a visit
    /// here when [`Input::next_row`] reads one: as many fields as the header, and an id.
    pub fn latest_day(&mut self, rubric: &Rubric, not_after: NaiveDate) -> Result<Option<NaiveDate>, InputError> {
        let mut latest: Option<NaiveDate> = None;
        loop {
            let line = self.reader.line();
            let record = self.reader.next_record().map_err(|e| InputError::reading(&self.path, line, e))?;
            let Some(record) = record else { return Ok(latest) };
            // Two cells are read: each is checked as UTF-8 alone, not the whole record.
            let fields = Fields { all: record.bytes, text: None, bounds: record.bounds };
            let cols = &self.columns;
            if fields.len() != cols.headers.len() || trim(&fields.cell(cols.visit_id)).is_empty() {
                continue;
            }
            if let Some(day) = date::day(trim(&fields.cell(cols.date)), &rubric.date_format)
                && day <= not_after
                && latest.is_none_or(|l| day > l)
            {
                latest = Some(day);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only rows the run reads as visits count, and only days up to `not_after`: the
    /// row without an id (Nov 10), the row with a field too many (Nov 12) and the visit
    /// after 2026-11-20 (Nov 30) are passed over, so the latest is D's Nov 3.
    #[test]
    fn the_latest_day_is_a_visits_on_or_before_the_day_given() {
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.csv");
        let rows = "visit_id,location,date,q\nA,L,2026-10-05,yes\n,L,2026-11-10,yes\nB,L,2026-11-12,yes,x\n\
                    C,L,2026-11-30,yes\nD,L, 2026-11-03 ,yes\nE,L,soon,yes\n";
        std::fs::write(&path, rows).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let mut input = Input::open(&path, &rubric).unwrap();
        assert_eq!(input.latest_day(&rubric, day(2026, 11, 20)).unwrap(), Some(day(2026, 11, 3)));
        let mut input = Input::open(&path, &rubric).unwrap();
        assert_eq!(input.latest_day(&rubric, day(2026, 10, 4)).unwrap(), None);
    }
}
