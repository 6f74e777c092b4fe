//! The range of every number a rubric holds: percentages (target, grade mins, pass
//! marks, steady_within) from 0 to 100, fractions (option and band scores) from 0 to 1,
//! and the bounds of `rubric::bounds` on points, weights, scale ends and band
//! edges.

use super::{Checker, Spot};
use crate::rubric::bounds::{AMOUNT_MAX, AMOUNT_MIN, VALUE_LIMIT, within};

impl Checker<'_> {
    pub(super) fn percent<'s>(&mut self, at: impl Into<Spot<'s>>, v: f64) {
        if !(0.0..=100.0).contains(&v) {
            self.error(at, format!("{v} is not a percentage")).hint("use a number from 0 to 100");
        }
    }

    pub(super) fn fraction<'s>(&mut self, at: impl Into<Spot<'s>>, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.error(at, format!("{v} is not a fraction"))
                .hint("use a number from 0 to 1, e.g. 0.5 for half the points");
        }
    }

    /// `points` or `weight` (`what`) within [`AMOUNT_MIN`]..[`AMOUNT_MAX`].
    pub(super) fn amount(&mut self, at: Spot<'_>, what: &str, v: f64) {
        if within(v, AMOUNT_MIN, AMOUNT_MAX) {
            return;
        }
        let problem = if v.is_nan() || v <= 0.0 {
            format!("{what} {v} must be above 0")
        } else {
            format!("{what} {v} is outside the allowed range")
        };
        self.error(at, problem).hint(format!(
            "use a number from 0.000001 to 1000000; only the ratios between {what}s matter, so 1, 2 and 5 work as well as 100, 200 and 500"
        ));
    }

    /// A scale end or band edge (`what`) within ±[`VALUE_LIMIT`]; false when outside.
    pub(super) fn value(&mut self, at: Spot<'_>, what: &str, v: f64) -> bool {
        if within(v, -VALUE_LIMIT, VALUE_LIMIT) {
            return true;
        }
        self.error(at, format!("{what} {v} is outside the allowed range"))
            .hint("use a number from -1000000000 to 1000000000");
        false
    }
}
