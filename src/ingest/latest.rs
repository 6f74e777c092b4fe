//! The latest day an input's visits are dated on, read ahead of a run that scores the
//! latest month (`--period latest`): of each row, only its visit id and date are read.

use chrono::NaiveDate;

use super::cells::trim;
use super::{Input, InputError};
use crate::date;
use crate::rubric::Rubric;

/// The dates [`Input::latest_day`] found in a file (or several, with [`Dated::join`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dated {
    /// The latest day on or before the day given.
    pub latest: Option<NaiveDate>,
    /// The earliest and the latest day after it: when `latest` is `None` and this is
    /// not, every date that reads is after the run date.
    pub after: Option<(NaiveDate, NaiveDate)>,
}

impl Dated {
    /// Both files' dates together.
    pub fn join(self, other: Dated) -> Dated {
        let after = match (self.after, other.after) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (a, b) => a.or(b),
        };
        Dated { latest: self.latest.max(other.latest), after }
    }
}

impl Input {
    /// Reads the rest of the file and returns the latest day a visit in it is dated on,
    /// of the days on or before `not_after`, and the span of the days after it. A row is
    /// a visit here when [`Input::next_row`] reads one: as many fields as the header, and an id.
    pub fn latest_day(&mut self, rubric: &Rubric, not_after: NaiveDate) -> Result<Dated, InputError> {
        let mut dated = Dated::default();
        self.each_visit_record(|_, fields, cols| {
            let Some(day) = date::day(trim(&fields.cell(cols.date)), &rubric.date_format) else { return };
            if day <= not_after {
                dated.latest = dated.latest.max(Some(day));
            } else {
                dated.after = Some(dated.after.map_or((day, day), |(a, b)| (a.min(day), b.max(day))));
            }
        })?;
        Ok(dated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only rows the run reads as visits count, and only days up to `not_after`: the
    /// row without an id (Nov 10), the row with a field too many (Nov 12) and the visit
    /// after 2026-11-20 (Nov 30) are passed over, so the latest is D's Nov 3; Nov 30 is
    /// the only day after it. With 2026-10-04, Oct 5 to Nov 30 are after it.
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
        let nov30 = (day(2026, 11, 30), day(2026, 11, 30));
        assert_eq!(
            input.latest_day(&rubric, day(2026, 11, 20)).unwrap(),
            Dated { latest: Some(day(2026, 11, 3)), after: Some(nov30) }
        );
        let mut input = Input::open(&path, &rubric).unwrap();
        assert_eq!(
            input.latest_day(&rubric, day(2026, 10, 4)).unwrap(),
            Dated { latest: None, after: Some((day(2026, 10, 5), day(2026, 11, 30))) }
        );
        let joined = Dated { latest: Some(day(2026, 1, 2)), after: Some(nov30) }
            .join(Dated { latest: None, after: Some((day(2026, 11, 25), day(2026, 11, 26))) });
        assert_eq!(joined, Dated { latest: Some(day(2026, 1, 2)), after: Some((day(2026, 11, 25), nov30.1)) });
    }
}
