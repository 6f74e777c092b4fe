//! The bounds of every number a rubric may hold, so that no sum, product or quotient of
//! scoring can overflow, underflow or lose digits (SCORING.md §3's formulas in doubles):
//! points and weights from [`AMOUNT_MIN`] to [`AMOUNT_MAX`], scale ends and band edges
//! within ±[`VALUE_LIMIT`], at most [`MAX_SCALE_STEPS`] steps on a scale; percentages
//! (target, grade mins, pass marks, steady_within) from 0 to 100 and fractions from 0 to
//! 1 are checked where they are read. With these, a section's earned and possible points
//! stay below 10^6 × the number of questions, and every score is a finite number. The
//! checks that hold a rubric to these bounds are in `validate::numbers`.

/// The smallest `points` or `weight`: smaller ones would lose digits next to large ones.
pub const AMOUNT_MIN: f64 = 0.000_001;
/// The largest `points` or `weight`.
pub const AMOUNT_MAX: f64 = 1_000_000.0;
/// The largest magnitude of a scale's `min`/`max` and of a band's `min`/`max`.
pub const VALUE_LIMIT: f64 = 1_000_000_000.0;
/// The most steps a scale may have from `min` to `max`.
pub const MAX_SCALE_STEPS: f64 = 1_000_000.0;

/// `v` is a finite number from `lo` to `hi`.
pub fn within(v: f64, lo: f64, hi: f64) -> bool {
    v.is_finite() && (lo..=hi).contains(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_is_inclusive_and_finite() {
        assert!(within(AMOUNT_MIN, AMOUNT_MIN, AMOUNT_MAX) && within(AMOUNT_MAX, AMOUNT_MIN, AMOUNT_MAX));
        assert!(!within(0.000_000_9, AMOUNT_MIN, AMOUNT_MAX) && !within(1_000_000.1, AMOUNT_MIN, AMOUNT_MAX));
        assert!(!within(f64::NAN, 0.0, 1.0) && !within(f64::INFINITY, 0.0, f64::INFINITY));
    }

    /// The worst sums the bounds allow stay finite and exact enough: 10,000 questions of
    /// the largest points, a scale at its widest with its finest step.
    #[test]
    fn the_bounds_keep_the_arithmetic_finite() {
        let possible = 10_000.0 * AMOUNT_MAX;
        assert!((100.0 * possible / possible).is_finite());
        // Bonus points of the largest size over one question of the smallest: finite.
        assert!((100.0 * possible / AMOUNT_MIN).is_finite());
        let (min, max) = (-VALUE_LIMIT, VALUE_LIMIT);
        let step = (max - min) / MAX_SCALE_STEPS;
        assert_eq!(step, 2000.0);
        assert_eq!(((min + step) - min) / (max - min), 0.000_001);
    }
}
