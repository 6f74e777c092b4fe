//! How many of a location's latest scored answers to a question failed in a row, ordered
//! by visit date then input order across the window (SCORING.md §8), kept as the run
//! streams in any order: the latest passing answer so far, and the failed answers after
//! it. A pass later than the kept one drops the failures before it; a failure before the
//! kept pass cannot end a row. What stays is the row's length, in memory proportional to
//! the failures still in it.
//!
//! The failures are kept sorted: rows usually arrive in date order, where a failure is
//! pushed at the end and a pass clears them all; an answer out of order is placed by a
//! binary search. A list scanned on every later pass was 7.7% of a 1,000,000-visit run's
//! time, a min-heap 9%; this is measured in the commit that made it.

/// Where an answer stands in the order: its visit's day, then its place in the input,
/// packed in one number ([`key`]) so that a row of failures takes 8 bytes an answer.
pub type Key = u64;

/// Bits of a [`Key`] for the place in the input (a trillion rows); the day sits above.
const SEQ_BITS: u32 = 40;

/// The key of an answer of a visit on `day` (days from the common era, 1 January of year
/// 1 being day 1: years 1000 to 9999 are 365,000 to 3,652,000, well within the 24 bits
/// left; `None`, no readable date, sorts first), read `seq`-th.
pub fn key(day: Option<i32>, seq: u64) -> Key {
    let day = day.map_or(0, |d| u64::try_from(d).unwrap_or(0).min((1 << (64 - SEQ_BITS)) - 1));
    (day << SEQ_BITS) | seq.min((1 << SEQ_BITS) - 1)
}

/// One location's answers to one question.
#[derive(Debug, Clone, Default)]
pub struct Streak {
    last_pass: Option<Key>,
    /// Failed answers after `last_pass`, in order.
    failed: Vec<Key>,
    /// The last of `failed`, kept here so that the common case (an answer later than every
    /// one so far) reads no memory but this struct's: reading it from the list's own
    /// buffer was most of this module's time.
    latest: Option<Key>,
}

impl Streak {
    #[inline]
    pub fn add(&mut self, at: Key, passed: bool) {
        if self.last_pass.is_some_and(|p| at < p) {
            return;
        }
        let in_order = self.latest.is_none_or(|f| f < at);
        match (passed, in_order) {
            (true, true) => {
                self.failed.clear();
                self.latest = None;
            }
            (true, false) => {
                let before = self.failed.partition_point(|&f| f < at);
                self.failed.drain(..before);
            }
            (false, true) => {
                self.failed.push(at);
                self.latest = Some(at);
            }
            (false, false) => {
                let i = self.failed.partition_point(|&f| f < at);
                self.failed.insert(i, at);
            }
        }
        if passed {
            self.last_pass = Some(at);
        }
    }

    /// The latest answers that failed, in a row.
    pub fn in_a_row(&self) -> u64 {
        self.failed.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers (day, input place, passed) added in the order given.
    fn row(answers: &[(i32, u64, bool)]) -> u64 {
        let mut s = Streak::default();
        for &(day, at, passed) in answers {
            s.add(key(Some(day), at), passed);
        }
        s.in_a_row()
    }

    #[test]
    fn the_row_is_counted_by_date_whatever_the_input_order() {
        // By date: day 1 fail, day 2 pass, day 3 fail, day 4 fail: two in a row.
        assert_eq!(row(&[(1, 0, false), (2, 1, true), (3, 2, false), (4, 3, false)]), 2);
        assert_eq!(row(&[(4, 0, false), (3, 1, false), (2, 2, true), (1, 3, false)]), 2);
        assert_eq!(row(&[(3, 0, false), (1, 1, false), (4, 2, false), (2, 3, true)]), 2);
        // A pass on the latest day: none in a row.
        assert_eq!(row(&[(1, 0, false), (2, 1, false), (5, 2, true)]), 0);
        // Never passed: every failure.
        assert_eq!(row(&[(9, 0, false), (1, 1, false), (5, 2, false)]), 3);
    }

    #[test]
    fn keys_sort_by_day_then_input_order() {
        assert!(key(Some(2), 900) < key(Some(3), 1));
        assert!(key(Some(3), 1) < key(Some(3), 2));
        assert!(key(None, 5) < key(Some(1), 0));
        assert_eq!(key(Some(-4), 7), key(None, 7), "a day before year 1 cannot be read, and sorts as undated");
        // A day past the 24 bits is held at their top, still after every real date.
        assert!(key(Some(i32::MAX), 0) > key(Some(3_652_059), u64::MAX));
        // A place past the 40 bits is held at their top, still before the next day.
        assert!(key(Some(4), u64::MAX) < key(Some(5), 0));
    }

    #[test]
    fn on_one_day_input_order_decides() {
        // Day 2: a failure read first, then a pass: the pass is later, so none in a row.
        assert_eq!(row(&[(2, 0, false), (2, 1, true)]), 0);
        // Day 2: a pass read first, then a failure: one in a row.
        assert_eq!(row(&[(2, 0, true), (2, 1, false)]), 1);
    }
}
