//! Shopper leniency and severity (SCORING.md §8). Two shoppers rarely see the same visit,
//! so each scored visit is set against the other shoppers' scored visits at the same
//! location in the same month: d = the visit's score − their mean. A shopper's deviation
//! is the mean of their d, with a 95% t-interval; one whose interval is clear of 0 and
//! whose deviation is at least the margin away from it is lenient (above) or severe.
//!
//! The others' mean at (location, month) is (Σ of the group's scores − Σ of the shopper's
//! own there) / (the group's count − the shopper's own), each sum in input order: one
//! pass to total, one to compare, whatever the size of a group. Visits without a shopper,
//! a location or a readable date are neither compared nor compared with.

use std::collections::HashMap;

use super::Lean;
use crate::stats::t975;

/// One scored visit that can be compared, by ids of its location, month and shopper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub location: u32,
    pub period: u32,
    pub shopper: u32,
    pub score: f64,
}

/// One shopper's deviation from the others.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Deviation {
    /// Visits with a comparison.
    pub compared: u64,
    /// Mean of their d; `None` without a compared visit.
    pub mean: Option<f64>,
    /// 95% t-interval of the mean (two or more compared visits).
    pub ci95: Option<(f64, f64)>,
}

/// Each shopper's deviation, indexed by shopper id (`shoppers` of them), from `visits`
/// in input order.
pub fn deviations(visits: &[Scored], shoppers: usize) -> Vec<Deviation> {
    let mut groups: HashMap<(u32, u32), (f64, u64)> = HashMap::new();
    let mut own: HashMap<(u32, u32, u32), (f64, u64)> = HashMap::new();
    for v in visits {
        let g = groups.entry((v.location, v.period)).or_default();
        (g.0, g.1) = (g.0 + v.score, g.1 + 1);
        let o = own.entry((v.location, v.period, v.shopper)).or_default();
        (o.0, o.1) = (o.0 + v.score, o.1 + 1);
    }
    // d of each compared visit, in input order.
    let d = |v: &Scored| {
        let (sum, n) = groups.get(&(v.location, v.period)).copied().unwrap_or_default();
        let (own_sum, own_n) = own.get(&(v.location, v.period, v.shopper)).copied().unwrap_or_default();
        (n > own_n).then(|| v.score - (sum - own_sum) / (n - own_n) as f64)
    };
    let mut sums = vec![(0.0, 0u64); shoppers];
    for v in visits {
        if let (Some(d), Some(s)) = (d(v), sums.get_mut(v.shopper as usize)) {
            (s.0, s.1) = (s.0 + d, s.1 + 1);
        }
    }
    let means: Vec<Option<f64>> = sums.iter().map(|&(sum, n)| (n > 0).then(|| sum / n as f64)).collect();
    let mut squares = vec![0.0; shoppers];
    for v in visits {
        let i = v.shopper as usize;
        if let (Some(d), Some(Some(mean)), Some(sq)) = (d(v), means.get(i), squares.get_mut(i)) {
            *sq += (d - mean) * (d - mean);
        }
    }
    sums.iter()
        .zip(&means)
        .zip(&squares)
        .map(|((&(_, n), &mean), &sq)| {
            let ci95 = mean.filter(|_| n >= 2).map(|m| {
                let half = t975(n - 1) * (sq / (n - 1) as f64 / n as f64).sqrt();
                (m - half, m + half)
            });
            Deviation { compared: n, mean, ci95 }
        })
        .collect()
}

/// Lenient: the interval is above 0 and the deviation at least `margin`; severe: below 0
/// and at most −`margin`.
pub fn lean(d: &Deviation, margin: f64) -> Option<Lean> {
    let (mean, (low, high)) = (d.mean?, d.ci95?);
    if low > 0.0 && mean >= margin {
        Some(Lean::Lenient)
    } else if high < 0.0 && mean <= -margin {
        Some(Lean::Severe)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEEDS: u32 = 0;
    const YORK: u32 = 1;
    const HULL: u32 = 2;
    const OCT: u32 = 0;

    fn v(location: u32, shopper: u32, score: f64) -> Scored {
        Scored { location, period: OCT, shopper, score }
    }

    fn close(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
    }

    /// Shoppers A (0), B (1), C (2) in October. Leeds: A 80, A 90, B 70. York: A 60,
    /// B 50, C 40. Hull: A 100, alone.
    ///
    /// A: Leeds 80 − 70 = 10, Leeds 90 − 70 = 20, York 60 − mean(50, 40) = 15; Hull has
    /// no other shopper. Mean 15; squares 25 + 25 + 0 = 50, variance 25, s = 5;
    /// half = t(2) 4.303 × 5 / √3 = 12.4216910416148: 2.578308958385202 to
    /// 27.4216910416148, above 0 and 15 ≥ 5: lenient.
    /// B: Leeds 70 − mean(80, 90) = −15, York 50 − mean(60, 40) = 0. Mean −7.5; squares
    /// 56.25 × 2 = 112.5, s = √112.5; half = 12.706 × √112.5 / √2 = 12.706 × 7.5 = 95.295.
    /// C: York 40 − mean(60, 50) = −15, one visit: no interval.
    #[test]
    fn each_visit_is_set_against_the_other_shoppers_at_its_location_that_month() {
        let visits = [v(LEEDS, 0, 80.0), v(YORK, 1, 50.0), v(LEEDS, 1, 70.0), v(HULL, 0, 100.0), v(YORK, 0, 60.0)];
        let visits = [&visits[..], &[v(LEEDS, 0, 90.0), v(YORK, 2, 40.0)]].concat();
        let d = deviations(&visits, 3);
        assert_eq!((d[0].compared, d[0].mean), (3, Some(15.0)));
        let (low, high) = d[0].ci95.unwrap();
        close(low, 2.578308958385202);
        close(high, 27.4216910416148);
        assert_eq!(lean(&d[0], 5.0), Some(Lean::Lenient));
        assert_eq!((d[1].compared, d[1].mean), (2, Some(-7.5)));
        let (low, high) = d[1].ci95.unwrap();
        close(low, -102.795);
        close(high, 87.795);
        assert_eq!(lean(&d[1], 5.0), None);
        assert_eq!(d[2], Deviation { compared: 1, mean: Some(-15.0), ci95: None });
        assert_eq!(lean(&d[2], 5.0), None);
    }

    /// S scores 20 below T at both stores: d = −20 twice, s = 0, the interval is −20 to
    /// −20: severe at a margin of 5 or 20, not at 25; T is lenient alike.
    #[test]
    fn a_steady_gap_is_flagged_only_beyond_the_margin() {
        let visits = [v(LEEDS, 0, 50.0), v(LEEDS, 1, 70.0), v(YORK, 0, 60.0), v(YORK, 1, 80.0)];
        let d = deviations(&visits, 2);
        assert_eq!(d[0], Deviation { compared: 2, mean: Some(-20.0), ci95: Some((-20.0, -20.0)) });
        assert_eq!(
            (lean(&d[0], 5.0), lean(&d[0], 20.0), lean(&d[0], 25.0)),
            (Some(Lean::Severe), Some(Lean::Severe), None)
        );
        assert_eq!((lean(&d[1], 20.0), lean(&d[1], 20.5)), (Some(Lean::Lenient), None));
    }

    #[test]
    fn another_month_at_the_same_store_is_no_comparison() {
        let visits = [v(LEEDS, 0, 50.0), Scored { period: 1, ..v(LEEDS, 1, 70.0) }];
        let d = deviations(&visits, 2);
        assert_eq!(d, vec![Deviation::default(); 2]);
    }
}
