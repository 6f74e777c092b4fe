//! What the focus month holds, kept while the run streams: the focus is the `--period`, or
//! else the latest dated month, which is known only once every visit is read. A
//! [`Latest`] keeps one month's worth (the latest dated month seen so far, or the
//! `--period`) and starts over when a later month turns up; visits of no readable date
//! are kept apart and used only when no visit is dated at all (then every scored visit of
//! the run is the focus).

/// One month's collection `T` and the month it is of.
#[derive(Debug, Clone, Default)]
pub struct Latest<T> {
    /// The month kept; fixed by `--period`, else the latest dated one so far.
    period: Option<String>,
    fixed: bool,
    dated: T,
    /// Visits of no readable date, while no dated one has been seen.
    undated: T,
}

impl<T: Default> Latest<T> {
    /// Keeps `focus` (the `--period`) when given, else the latest dated month.
    pub fn new(focus: Option<&str>) -> Latest<T> {
        Latest { period: focus.map(str::to_string), fixed: focus.is_some(), ..Latest::default() }
    }

    /// Where a visit of `period` (`None`: no readable date) goes, or `None` when it is not
    /// of the focus month (as far as the run has read).
    pub fn slot(&mut self, period: Option<&str>) -> Option<&mut T> {
        let Some(period) = period else {
            return if self.period.is_none() { Some(&mut self.undated) } else { None };
        };
        match self.period.as_deref() {
            Some(kept) if period == kept => Some(&mut self.dated),
            Some(kept) if self.fixed || period < kept => None,
            _ => {
                self.period = Some(period.to_string());
                self.dated = T::default();
                self.undated = T::default();
                Some(&mut self.dated)
            }
        }
    }

    /// What is kept of the dated month (the one [`Latest::slot`] last placed a visit in).
    pub fn dated(&mut self) -> &mut T {
        &mut self.dated
    }

    /// The focus month and what was kept of it.
    pub fn finish(self) -> (Option<String>, T) {
        match self.period {
            Some(p) => (Some(p), self.dated),
            None => (None, self.undated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(latest: &mut Latest<Vec<u32>>, period: Option<&str>, v: u32) {
        if let Some(slot) = latest.slot(period) {
            slot.push(v);
        }
    }

    #[test]
    fn a_later_month_starts_over_and_an_earlier_one_is_not_kept() {
        let mut l = Latest::new(None);
        keep(&mut l, None, 1);
        keep(&mut l, Some("2026-09"), 2);
        keep(&mut l, Some("2026-10"), 3);
        keep(&mut l, Some("2026-09"), 4);
        keep(&mut l, None, 5);
        keep(&mut l, Some("2026-10"), 6);
        assert_eq!(l.finish(), (Some("2026-10".to_string()), vec![3, 6]));
    }

    #[test]
    fn undated_visits_are_the_focus_only_when_nothing_is_dated() {
        let mut l = Latest::new(None);
        keep(&mut l, None, 1);
        keep(&mut l, None, 2);
        assert_eq!(l.finish(), (None, vec![1, 2]));
    }

    #[test]
    fn the_dated_month_is_the_one_slot_placed_in() {
        let mut l: Latest<Vec<u32>> = Latest::new(None);
        keep(&mut l, Some("2026-10"), 1);
        l.dated().push(2);
        assert_eq!(l.finish(), (Some("2026-10".to_string()), vec![1, 2]));
    }

    #[test]
    fn a_period_keeps_its_month_only() {
        let mut l = Latest::new(Some("2026-09"));
        keep(&mut l, Some("2026-08"), 1);
        keep(&mut l, Some("2026-09"), 2);
        keep(&mut l, Some("2026-10"), 3);
        keep(&mut l, None, 4);
        assert_eq!(l.finish(), (Some("2026-09".to_string()), vec![2]));
    }
}
