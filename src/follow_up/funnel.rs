//! The focus month's funnel (SCORING.md §8): every store's score against its number of
//! scored visits, read against the chain mean ± z · s / √n.

use std::collections::BTreeMap;

use super::{Funnel, FunnelPoint, Z95, Z998};
use crate::aggregate::Group;

/// The funnel of `period` (a month, or the run's label when no visit is dated) from its
/// totals (`month`: every counted visit of it) and each store's totals in it (`stores`);
/// `None` with fewer than two scored visits (no spread).
pub fn funnel(period: &str, month: &Group, stores: &BTreeMap<&str, &Group>) -> Option<Funnel> {
    let mean = month.score.value().filter(|_| month.score.n >= 2)?;
    let sd = crate::stats::sample_variance(&month.score).sqrt();
    let mut funnel = Funnel { period: period.to_string(), mean, sd, points: Vec::new() };
    for (&location, group) in stores.iter().filter(|(name, _)| !name.is_empty()) {
        let Some(score) = group.score.value() else { continue };
        let n = group.score.n;
        let (limits95, limits998) = (funnel.limits(n, Z95), funnel.limits(n, Z998));
        let outside_of = |(low, high): (f64, f64)| score < low || score > high;
        let outside = if outside_of(limits998) {
            Some(99.8)
        } else if outside_of(limits95) {
            Some(95.0)
        } else {
            None
        };
        funnel.points.push(FunnelPoint { location: location.to_string(), n, score, limits95, limits998, outside });
    }
    Some(funnel)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::scored_group as group;

    /// October: Leeds 75 and 0, York 100 and 50, Hull 80 alone. m = 305 / 5 = 61;
    /// deviations 14, -61, 39, -11, 19, squares 196 + 3721 + 1521 + 121 + 361 = 5920,
    /// s = √(5920 / 4) = √1480. Leeds n = 2, 37.5: 95% half-width 1.959964 · √1480 / √2
    /// = 1.959964 · √740 = 53.3166...; 99.8% 3.090232 · √740 = 84.0639...: the 99.8%
    /// limits clip to 0 and 100.
    #[test]
    fn limits_follow_the_formula_and_clip_to_the_score_range() {
        let month = group(&[75.0, 0.0, 100.0, 50.0, 80.0]);
        let (leeds, york, hull) = (group(&[75.0, 0.0]), group(&[100.0, 50.0]), group(&[80.0]));
        let by_location = BTreeMap::from([("Leeds", &leeds), ("York", &york), ("Hull", &hull)]);
        let f = funnel("2026-10", &month, &by_location).unwrap();
        assert_eq!(f.mean, 61.0);
        assert!((f.sd - 1480f64.sqrt()).abs() < 1e-12, "{}", f.sd);
        let names: Vec<&str> = f.points.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(names, ["Hull", "Leeds", "York"], "by name");
        let leeds = &f.points[1];
        assert_eq!((leeds.n, leeds.score), (2, 37.5));
        let half95 = 1.959964 * 740f64.sqrt();
        assert!((leeds.limits95.0 - (61.0 - half95)).abs() < 1e-9);
        assert!((leeds.limits95.0 - 7.6834).abs() < 1e-3, "{:?}", leeds.limits95);
        assert!((leeds.limits95.1 - 114.3166f64.min(100.0)).abs() < 1e-9);
        assert_eq!(leeds.limits998, (0.0, 100.0));
        assert_eq!(leeds.outside, None);
        // Hull, n = 1: 61 ± 1.959964 · 38.4708 = ±75.40: (0, 100), inside.
        assert_eq!(f.points[0].limits95, (0.0, 100.0));
    }

    /// Two scores one rounding apart (67.66666666666667 and 67.66666666666666): Σv² − n·m²
    /// leaves 1.8e-12, under (n + 3)·ε·Σv² = 1.0e-11, so no spread; 50 and 51 spread
    /// s = √((0.25 + 0.25) / 1) = √0.5.
    #[test]
    fn rounding_is_no_spread_and_a_small_spread_is_kept() {
        let only = |scores: &[f64]| {
            let store = group(scores);
            funnel("2026-10", &store, &BTreeMap::from([("A", &store)])).unwrap().sd
        };
        assert_eq!(only(&[67.66666666666667, 67.66666666666666]), 0.0);
        assert!((only(&[50.0, 51.0]) - 0.5f64.sqrt()).abs() < 1e-12);
    }

    /// A month of 0 and 100: m = 50, s = √5000 = 70.7...; each store (n 1) has 95% limits
    /// 50 ± 138.6, clipped to 0 and 100: its score sits on a limit, which is inside.
    #[test]
    fn a_score_on_a_clipped_limit_is_inside() {
        let (high, low) = (group(&[100.0]), group(&[0.0]));
        let by_location = BTreeMap::from([("High", &high), ("Low", &low)]);
        let f = funnel("2026-10", &group(&[0.0, 100.0]), &by_location).unwrap();
        let seen: Vec<_> = f.points.iter().map(|p| (p.limits998, p.limits95, p.outside)).collect();
        assert_eq!(seen, [((0.0, 100.0), (0.0, 100.0), None); 2]);
    }

    /// Scores 50 × 8 and 100 × 2 with one store holding the eight 50s: m = 60, s² = (8 ·
    /// 100 + 2 · 1600) / 9 = 4000 / 9, s = 21.0818...; the store (n 8, 50): 95% half-width
    /// 1.959964 · s / √8 = 14.6089...: 50 is inside the 95% limits (45.39-74.61). The
    /// small store (n 2, 100) is outside them. A one-visit month has no funnel.
    #[test]
    fn limits_narrow_with_visits_and_one_visit_gives_no_funnel() {
        let mut scores = vec![50.0; 8];
        scores.extend([100.0, 100.0]);
        let month = group(&scores);
        let (big, small) = (group(&[50.0; 8]), group(&[100.0, 100.0]));
        let by_location = BTreeMap::from([("Big", &big), ("Small", &small)]);
        let f = funnel("2026-10", &month, &by_location).unwrap();
        assert_eq!(f.mean, 60.0);
        let big = &f.points[0];
        let half95 = 1.959964 * (4000f64 / 9.0).sqrt() / 8f64.sqrt();
        assert!((big.limits95.0 - (60.0 - half95)).abs() < 1e-9 && (half95 - 14.6089).abs() < 1e-3);
        assert_eq!(big.outside, None);
        // Small: 60 ± 1.959964 · 21.08 / √2 = ±29.2: 100 is outside the 95% limits
        // (30.8-89.2) and, at ±46.07 (13.9-100 clipped), inside the 99.8% ones.
        assert_eq!(f.points[1].outside, Some(95.0));
        assert!(funnel("2026-10", &group(&[70.0]), &by_location).is_none());
    }
}
