//! The checks that a rubric's numbers are within [`super::bounds`], as errors of the
//! rubric being validated.

use super::bounds::{AMOUNT_MAX, AMOUNT_MIN, VALUE_LIMIT, within};
use super::validate::Checker;

impl Checker<'_> {
    /// `points` or `weight` (`what`) within [`AMOUNT_MIN`]..[`AMOUNT_MAX`].
    pub(super) fn amount(&mut self, path: String, at: Option<(&str, Option<&str>)>, what: &str, v: f64) {
        if within(v, AMOUNT_MIN, AMOUNT_MAX) {
            return;
        }
        let problem = if v.is_nan() || v <= 0.0 {
            format!("{what} {v} must be above 0")
        } else {
            format!("{what} {v} is outside the allowed range")
        };
        let hint = format!(
            "use a number from 0.000001 to 1000000; only the ratios between {what}s matter, so 1, 2 and 5 work as well as 100, 200 and 500"
        );
        self.fail(path, at, problem, Some(hint));
    }

    /// A scale end or band edge (`what`) within ±[`VALUE_LIMIT`]; false when outside.
    pub(super) fn value(&mut self, path: String, at: Option<(&str, Option<&str>)>, what: &str, v: f64) -> bool {
        if within(v, -VALUE_LIMIT, VALUE_LIMIT) {
            return true;
        }
        self.fail(
            path,
            at,
            format!("{what} {v} is outside the allowed range"),
            Some("use a number from -1000000000 to 1000000000".into()),
        );
        false
    }
}
