//! Shopper leniency and severity (SCORING.md §8). Two shoppers rarely see the same visit,
//! so each scored visit is set against the other shoppers' scored visits at the same
//! location in the same month: d = the visit's score − their mean. A shopper's deviation
//! is the mean of their d, with a 95% t-interval; one whose interval is clear of 0 and
//! whose deviation is at least the margin away from it is lenient (above) or severe.
//!
//! Nothing is kept per visit: each visit of shopper s at (location, month) g has the same
//! "others' mean" o = (Σ of g's scores − Σ of s's own there) / (g's count − s's own), so
//! the run keeps, per (g, s), the count, Σ and Σ² of s's scores, and the mean of d is
//! Σ over g of (Σ − count × o), over s's compared visits. The spread of the d adds each
//! group's own spread (Σ² − Σ² / count) to its count × (its mean d − the shopper's mean)²,
//! both from the same sums. Groups are taken in the order they were first seen, so the
//! same input gives the same digits. Keeping every visit instead cost 24 bytes a visit
//! (24 MB at 1,000,000) and a pass over them at the end. Visits without a shopper, a
//! location or a readable date are neither compared nor compared with.

use rustc_hash::FxHashMap;

use super::Lean;
use crate::stats::t975;

/// A count, Σ and Σ² of scores.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    n: u64,
    sum: f64,
    sum_sq: f64,
}

/// The comparable scored visits of a run, by (location, month) and shopper ids (the
/// aggregator's, dense).
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Per (location-month, shopper): its place in `list`, first-seen order.
    own: FxHashMap<u64, usize>,
    list: Vec<((usize, u32), Sums)>,
    /// Per location-month id: Σ of scores and count.
    totals: Vec<(f64, u64)>,
    /// One more than the highest shopper id seen.
    shoppers: usize,
}

impl Groups {
    /// A scored visit by `shopper` at the location-month `group`.
    pub fn add(&mut self, group: usize, shopper: u32, score: f64) {
        let next = self.list.len();
        // One word to hash: the group above the shopper.
        let key = ((group as u64) << 32) | u64::from(shopper);
        let i = *self.own.entry(key).or_insert(next);
        if i == next {
            self.list.push(((group, shopper), Sums::default()));
        }
        if let Some((_, s)) = self.list.get_mut(i) {
            (s.n, s.sum, s.sum_sq) = (s.n + 1, s.sum + score, s.sum_sq + score * score);
        }
        if self.totals.len() <= group {
            self.totals.resize(group + 1, (0.0, 0));
        }
        if let Some(t) = self.totals.get_mut(group) {
            (t.0, t.1) = (t.0 + score, t.1 + 1);
        }
        self.shoppers = self.shoppers.max(shopper as usize + 1);
    }

    /// Each shopper's deviation, indexed by shopper id.
    pub fn deviations(&self) -> Vec<Deviation> {
        let shoppers = self.shoppers;
        // Each (group, shopper) with a comparison: its sums and the others' mean there.
        let compared: Vec<(u32, Sums, f64)> = self
            .list
            .iter()
            .filter_map(|&((g, s), own)| {
                let (sum, n) = self.totals.get(g).copied().unwrap_or_default();
                (n > own.n).then(|| (s, own, (sum - own.sum) / (n - own.n) as f64))
            })
            .collect();
        let mut totals = vec![(0u64, 0.0); shoppers];
        for &(s, own, others) in &compared {
            if let Some(t) = totals.get_mut(s as usize) {
                (t.0, t.1) = (t.0 + own.n, t.1 + (own.sum - own.n as f64 * others));
            }
        }
        let means: Vec<Option<f64>> = totals.iter().map(|&(n, sum)| (n > 0).then(|| sum / n as f64)).collect();
        let mut squares = vec![0.0; shoppers];
        for &(s, own, others) in &compared {
            let i = s as usize;
            if let (Some(Some(mean)), Some(sq)) = (means.get(i), squares.get_mut(i)) {
                let n = own.n as f64;
                let centre = own.sum / n;
                // Within the group: Σ² − Σ²/n, rounding below zero read as none.
                let within = (own.sum_sq - own.sum * centre).max(0.0);
                let gap = centre - others - mean;
                *sq += within + n * gap * gap;
            }
        }
        totals
            .iter()
            .zip(&means)
            .zip(&squares)
            .map(|((&(n, _), &mean), &sq)| {
                let ci95 = mean.filter(|_| n >= 2).map(|m| {
                    let half = t975(n - 1) * (sq / (n - 1) as f64 / n as f64).sqrt();
                    (m - half, m + half)
                });
                Deviation { compared: n, mean, ci95 }
            })
            .collect()
    }
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

    /// The deviations of visits (location, shopper, score) in October, then (location,
    /// period, shopper, score) ones; a location-month's id is location × 10 + period.
    fn run(visits: &[(u32, u32, f64)], others: &[(u32, u32, u32, f64)], shoppers: usize) -> Vec<Deviation> {
        let mut g = Groups::default();
        for &(l, s, score) in visits {
            g.add(l as usize * 10 + OCT as usize, s, score);
        }
        for &(l, p, s, score) in others {
            g.add(l as usize * 10 + p as usize, s, score);
        }
        let mut d = g.deviations();
        d.resize(shoppers, Deviation::default());
        d
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
        let visits =
            [(LEEDS, 0, 80.0), (YORK, 1, 50.0), (LEEDS, 1, 70.0), (HULL, 0, 100.0), (YORK, 0, 60.0), (LEEDS, 0, 90.0)];
        let d = run(&visits, &[(YORK, OCT, 2, 40.0)], 3);
        assert_eq!(d[0].compared, 3);
        close(d[0].mean.unwrap(), 15.0);
        let (low, high) = d[0].ci95.unwrap();
        close(low, 2.578308958385202);
        close(high, 27.4216910416148);
        assert_eq!(lean(&d[0], 5.0), Some(Lean::Lenient));
        assert_eq!(d[1].compared, 2);
        close(d[1].mean.unwrap(), -7.5);
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
        let d = run(&[(LEEDS, 0, 50.0), (LEEDS, 1, 70.0), (YORK, 0, 60.0), (YORK, 1, 80.0)], &[], 2);
        assert_eq!(d[0], Deviation { compared: 2, mean: Some(-20.0), ci95: Some((-20.0, -20.0)) });
        assert_eq!(
            (lean(&d[0], 5.0), lean(&d[0], 20.0), lean(&d[0], 25.0)),
            (Some(Lean::Severe), Some(Lean::Severe), None)
        );
        assert_eq!((lean(&d[1], 20.0), lean(&d[1], 20.5)), (Some(Lean::Lenient), None));
    }

    /// An interval that touches 0 does not exclude it: no flag, however far the deviation.
    #[test]
    fn an_interval_ending_at_zero_flags_nobody() {
        let d = |mean: f64, ci95: (f64, f64)| Deviation { compared: 2, mean: Some(mean), ci95: Some(ci95) };
        assert_eq!(lean(&d(10.0, (0.0, 20.0)), 5.0), None);
        assert_eq!(lean(&d(-10.0, (-20.0, 0.0)), 5.0), None);
        assert_eq!(lean(&d(10.0, (0.5, 20.0)), 5.0), Some(Lean::Lenient));
        assert_eq!(lean(&d(-10.0, (-20.0, -0.5)), 5.0), Some(Lean::Severe));
    }

    #[test]
    fn another_month_at_the_same_store_is_no_comparison() {
        let d = run(&[(LEEDS, 0, 50.0)], &[(LEEDS, 1, 1, 70.0)], 2);
        assert_eq!(d, vec![Deviation::default(); 2]);
    }
}
