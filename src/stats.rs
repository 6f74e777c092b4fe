//! 95% confidence intervals, so an owner can tell one bad visit from a real slide:
//! a t-interval on the mean of visit scores, a Wilson interval on pass rates.

use crate::aggregate::{QuestionStats, Spread};

/// The 97.5% quantile of Student's t with 1..=30 degrees of freedom.
const T975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
    2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975: f64 = 1.959_963_984_540_054;

/// t(0.975, df): the table up to 30, then the Cornish-Fisher expansion in 1/df (within
/// 0.001 of the exact value from df 31 on).
pub fn t975(df: u64) -> f64 {
    match df {
        0 => f64::INFINITY,
        1..=30 => T975[df as usize - 1],
        _ => {
            let (z, d) = (Z975, df as f64);
            z + (z.powi(3) + z) / (4.0 * d) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

/// The sample variance of the values summed in `m` (0 below 2 values), from Σv and Σv².
/// Σv² − n·mean² cancels: each of the n additions into Σv² and the product n·mean² round
/// by up to ε·Σv², so a difference within (n + 3)·ε·Σv² is rounding, not spread (equal
/// scores 67.66666666666667 and 67.66666666666666 gave ±1.2e-5 instead of ±1e-13), and it
/// can be a hair below zero.
pub fn sample_variance(m: &Spread) -> f64 {
    if m.n < 2 {
        return 0.0;
    }
    let n = m.n as f64;
    let mean = m.sum / n;
    let spread = m.sum_sq - n * mean * mean;
    let noise = (n + 3.0) * f64::EPSILON * m.sum_sq;
    if spread <= noise { 0.0 } else { spread / (n - 1.0) }
}

/// mean ± t · s / √n, clamped to what a score can be (0 to 100, or to the mean when bonus
/// points put it above 100); `None` below 2 values.
pub fn mean_ci95(m: &Spread) -> Option<(f64, f64)> {
    if m.n < 2 {
        return None;
    }
    let n = m.n as f64;
    let mean = m.sum / n;
    let var = sample_variance(m);
    let half = t975(m.n - 1) * (var / n).sqrt();
    Some(((mean - half).max(0.0), (mean + half).min(mean.max(100.0))))
}

/// The Wilson score interval of a pass rate (percent), with the mean fraction as p.
pub fn wilson95(q: &QuestionStats) -> Option<(f64, f64)> {
    if q.scored == 0 {
        return None;
    }
    let (n, z) = (q.scored as f64, Z975);
    // Every fraction is in [0, 1], so their rounded sum is at most `scored` and the
    // mean needs no clamp (rounding is monotonic: each partial sum stays <= its count).
    let p = q.fraction_sum / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    Some((100.0 * (centre - half).max(0.0), 100.0 * (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles() {
        assert_eq!(t975(1), 12.706);
        assert_eq!(t975(30), 2.042);
        // exact: t(0.975, 40) = 2.0211, t(0.975, 120) = 1.9799
        assert!((t975(40) - 2.0211).abs() < 0.001, "{}", t975(40));
        assert!((t975(120) - 1.9799).abs() < 0.001, "{}", t975(120));
    }

    /// Two scores one rounding apart: their s is 7.1e-15, so the half width is 12.706 ×
    /// 7.1e-15 / √2 ≈ 6.4e-14: the interval is the mean, to 1e-12. A small spread that is
    /// real stays: 50 and 50.001, s² = 0.001² / 2 = 5e-7, half = 12.706 × √(5e-7 / 2) =
    /// 12.706 × 5e-4 = 0.006353 around 50.0005.
    #[test]
    fn rounding_in_the_sums_is_no_spread() {
        let mut m = Spread::default();
        for v in [67.666_666_666_666_67, 67.666_666_666_666_66] {
            m.add(v);
        }
        let mean = m.sum / 2.0;
        let (lo, hi) = mean_ci95(&m).unwrap();
        assert!((lo - mean).abs() < 1e-12 && (hi - mean).abs() < 1e-12, "{lo} {hi} around {mean}");
        let mut m = Spread::default();
        for v in [50.0, 50.001] {
            m.add(v);
        }
        let (lo, hi) = mean_ci95(&m).unwrap();
        assert!((lo - (50.0005 - 0.006353)).abs() < 1e-6 && (hi - (50.0005 + 0.006353)).abs() < 1e-6, "{lo} {hi}");
    }

    #[test]
    fn mean_interval_by_hand() {
        // scores 80, 90, 100: mean 90, s = 10, half = 4.303 × 10 / √3 = 24.8434...
        let mut m = Spread::default();
        for v in [80.0, 90.0, 100.0] {
            m.add(v);
        }
        let (lo, hi) = mean_ci95(&m).unwrap();
        assert!((lo - 65.1566).abs() < 1e-3 && hi == 100.0, "{lo} {hi}: 114.84 is clamped to 100");
        let mut one = Spread::default();
        one.add(50.0);
        assert_eq!(mean_ci95(&one), None, "one visit has no spread");
    }

    #[test]
    fn wilson_by_hand() {
        // 8 of 10 passed: p = 0.8, z = 1.96: centre = (0.8 + 0.19208) / 1.38415 = 0.71674,
        // half = 1.41603 × √(0.016 + 0.0096040) = 0.22664 → [49.0, 94.3]
        let q = QuestionStats { fraction_sum: 8.0, scored: 10, ..QuestionStats::default() };
        let (lo, hi) = wilson95(&q).unwrap();
        assert!((lo - 49.02).abs() < 0.05 && (hi - 94.33).abs() < 0.05, "{lo} {hi}");
        let all = QuestionStats { fraction_sum: 5.0, scored: 5, ..QuestionStats::default() };
        let (lo, hi) = wilson95(&all).unwrap();
        assert!(hi == 100.0 && lo > 50.0 && lo < 60.0, "{lo} {hi}");
    }
}
