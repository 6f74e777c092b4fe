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
            let (fields, cols) = (Fields::new(&record), &self.columns);
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
