//! Gaps and overlaps between the bands of one `number` question: legal, but usually a
//! slip, so `check` warns about them.
//!
//! - A **gap** is a stretch of values between two bands that no band holds: an answer
//!   there is an invalid answer (a data issue). Bands written for whole numbers, such as
//!   `0-3` then `4-5`, leave only fractions out; that gap is not reported unless an edge
//!   is itself a fraction (then the author is thinking in fractions).
//! - An **overlap** is a stretch held by two bands: the first listed scores it, the
//!   other never does there. Bands that only touch (`max: 3` then `min: 3`) are the usual
//!   way to write contiguous bands and are not reported.
//!
//! Open ends (a band with no `min` or no `max`) are not gaps: values below the lowest or
//! above the highest band are the author's choice.

use super::Band;

/// One warning: the band it is reported at (index in the question's list), what, and how
/// to fix it.
#[derive(Debug, PartialEq)]
pub struct Finding {
    pub band: usize,
    pub problem: String,
    pub hint: String,
}

/// Every gap and overlap among `bands` (already valid: finite ends, min <= max), in the
/// order of their lower ends.
pub fn find(bands: &[Band]) -> Vec<Finding> {
    let lo = |b: &Band| b.min.unwrap_or(f64::NEG_INFINITY);
    let hi = |b: &Band| b.max.unwrap_or(f64::INFINITY);
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by(|&a, &b| lo(&bands[a]).total_cmp(&lo(&bands[b])).then(a.cmp(&b)));
    let mut found = Vec::new();
    let Some((&first, rest)) = order.split_first() else {
        return found;
    };
    // The band reaching furthest up so far, and how far.
    let (mut reach_band, mut reach) = (first, hi(&bands[first]));
    for &i in rest {
        let b = &bands[i];
        if lo(b) > reach && gap_matters(reach, lo(b)) {
            found.push(Finding {
                band: i,
                problem: format!(
                    "no band holds answers between {} and {} (e.g. {}): they are invalid answers",
                    num(reach),
                    num(lo(b)),
                    num(inside(reach, lo(b)))
                ),
                hint: format!(
                    "start this band at `min: {}` if those answers belong in it (touching bands are fine: the first listed wins)",
                    num(reach)
                ),
            });
        } else if lo(b) < reach {
            let (first, second) = (reach_band.min(i), reach_band.max(i));
            found.push(Finding {
                band: i,
                problem: format!(
                    "answers {} are in bands {} and {}: only the first listed, band {}, scores them",
                    span(lo(b), hi(b).min(reach)),
                    first + 1,
                    second + 1,
                    first + 1
                ),
                hint: "make each band start where the one before ends".into(),
            });
        }
        if hi(b) > reach {
            (reach_band, reach) = (i, hi(b));
        }
    }
    found
}

/// A gap between `a` and `b` (exclusive) matters when it holds a whole number, or when
/// either edge is a fraction.
fn gap_matters(a: f64, b: f64) -> bool {
    a.fract() != 0.0 || b.fract() != 0.0 || a.floor() + 1.0 < b
}

/// A value strictly between `a` and `b`: the first whole number if there is one, else the
/// middle.
fn inside(a: f64, b: f64) -> f64 {
    let whole = a.floor() + 1.0;
    if whole < b { whole } else { a + (b - a) / 2.0 }
}

/// `from 3 to 4`, `from 5 up`, `up to 2`, or `equal to 3`.
fn span(from: f64, to: f64) -> String {
    match (from.is_finite(), to.is_finite()) {
        _ if from == to => format!("equal to {}", num(from)),
        (true, true) => format!("from {} to {}", num(from), num(to)),
        (true, false) => format!("from {} up", num(from)),
        (false, true) => format!("up to {}", num(to)),
        (false, false) => "of any value".into(),
    }
}

/// As Rust writes a finite double: `30`, `2.5`.
fn num(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(min: Option<f64>, max: Option<f64>) -> Band {
        Band { min, max, score: 1.0 }
    }

    #[test]
    fn contiguous_and_whole_number_bands_are_quiet() {
        // Touching at 3 and 5; then 0-3, 4-5, 6 up leave only fractions out.
        let touching = [band(Some(0.0), Some(3.0)), band(Some(3.0), Some(5.0)), band(Some(5.0), None)];
        assert_eq!(find(&touching), []);
        let whole = [band(None, Some(3.0)), band(Some(4.0), Some(5.0)), band(Some(6.0), None)];
        assert_eq!(find(&whole), []);
        assert_eq!(find(&[]), []);
        // Touching at a fraction is no gap either (nothing lies between 2.5 and 2.5).
        assert_eq!(find(&[band(None, Some(2.5)), band(Some(2.5), None)]), []);
    }

    #[test]
    fn a_gap_holding_whole_numbers_is_reported_at_the_band_after_it() {
        // max 30, then min 60: 31..59 are in no band; the first whole number above 30 is 31.
        let bands = [band(Some(60.0), None), band(Some(0.0), Some(30.0))];
        let f = find(&bands);
        assert_eq!(
            f,
            [Finding {
                band: 0,
                problem: "no band holds answers between 30 and 60 (e.g. 31): they are invalid answers".into(),
                hint: "start this band at `min: 30` if those answers belong in it (touching bands are fine: the first listed wins)".into(),
            }]
        );
    }

    #[test]
    fn a_fractional_edge_makes_any_gap_count() {
        // max 2.5, then min 3: no whole number between, but 2.5 says fractions are meant;
        // the example is the middle, 2.75.
        let f = find(&[band(Some(0.0), Some(2.5)), band(Some(3.0), None)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].problem.starts_with("no band holds answers between 2.5 and 3 (e.g. 2.75)"), "{}", f[0].problem);
    }

    #[test]
    fn overlaps_name_both_bands_and_the_one_that_scores() {
        // 0-5 and 3-10 share 3 to 5; an open band from 8 lies inside what 3-10 reaches.
        let bands = [band(Some(0.0), Some(5.0)), band(Some(3.0), Some(10.0)), band(Some(8.0), None)];
        let problems: Vec<String> = find(&bands).into_iter().map(|f| format!("{}: {}", f.band, f.problem)).collect();
        assert_eq!(
            problems,
            [
                "1: answers from 3 to 5 are in bands 1 and 2: only the first listed, band 1, scores them",
                "2: answers from 8 to 10 are in bands 2 and 3: only the first listed, band 2, scores them",
            ]
        );
    }

    #[test]
    fn an_open_band_below_overlaps_everything_under_its_max() {
        // `min: 0, max: 4` listed first, then `max: 10` (no min): 0 to 4 is in both, and
        // band 1 (listed first) scores it; reported at band 1 (index 0), the later lower end.
        let bands = [band(Some(0.0), Some(4.0)), band(None, Some(10.0))];
        let f = find(&bands);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].band, 0);
        assert_eq!(
            f[0].problem,
            "answers from 0 to 4 are in bands 1 and 2: only the first listed, band 1, scores them"
        );
        // Two bands ending at 10: the first listed of them stays the one that reaches
        // furthest, so a third overlapping both is said to overlap band 1, not band 2.
        let same_end = [band(Some(0.0), Some(10.0)), band(Some(5.0), Some(10.0)), band(Some(8.0), Some(12.0))];
        assert_eq!(
            find(&same_end)[1].problem,
            "answers from 8 to 10 are in bands 1 and 3: only the first listed, band 1, scores them"
        );
        // A band equal to a point inside another.
        let point = [band(Some(0.0), Some(10.0)), band(Some(5.0), Some(5.0))];
        assert_eq!(
            find(&point)[0].problem,
            "answers equal to 5 are in bands 1 and 2: only the first listed, band 1, scores them"
        );
    }
}
