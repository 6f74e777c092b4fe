//! How many of a location's latest scored answers to a question failed in a row, ordered
//! by visit date then input order across the window (SCORING.md §8), kept as the run
//! streams in any order: the latest passing answer so far, and the failed answers after
//! it. A pass later than the kept one drops the failures before it; a failure before the
//! kept pass cannot end a row. What stays is the row's length, in memory proportional to
//! the failures still in it.

/// Where an answer stands in the order: its visit's day (days from the common era), then
/// its place in the input.
pub type Key = (i32, u64);

/// One location's answers to one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Streak {
    last_pass: Option<Key>,
    /// Failed answers after `last_pass`, in any order.
    failed: Vec<Key>,
}

impl Streak {
    pub fn add(&mut self, at: Key, passed: bool) {
        if self.last_pass.is_some_and(|p| at < p) {
            return;
        }
        if passed {
            self.last_pass = Some(at);
            self.failed.retain(|&f| f > at);
        } else {
            self.failed.push(at);
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
            s.add((day, at), passed);
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
    fn on_one_day_input_order_decides() {
        // Day 2: a failure read first, then a pass: the pass is later, so none in a row.
        assert_eq!(row(&[(2, 0, false), (2, 1, true)]), 0);
        // Day 2: a pass read first, then a failure: one in a row.
        assert_eq!(row(&[(2, 0, true), (2, 1, false)]), 1);
    }
}
