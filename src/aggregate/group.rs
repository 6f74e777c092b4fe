//! The running totals of one group of visits (SCORING.md §4).

/// A running arithmetic mean.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mean {
    pub sum: f64,
    pub n: u64,
}

impl Mean {
    pub fn add(&mut self, v: f64) {
        self.sum += v;
        self.n += 1;
    }

    /// The mean, or `None` when nothing was added.
    pub fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// A running mean that also keeps Σ v², for the spread of its values: a group's visit
/// score, whose 95% interval the reports show ([`crate::stats::mean_ci95`]). Section
/// means are plain [`Mean`]s, as no report reads their spread.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spread {
    pub sum: f64,
    pub n: u64,
    /// Σ v².
    pub sum_sq: f64,
}

impl Spread {
    pub fn add(&mut self, v: f64) {
        self.sum += v;
        self.sum_sq += v * v;
        self.n += 1;
    }

    /// The plain mean of the same values.
    pub fn mean(&self) -> Mean {
        Mean { sum: self.sum, n: self.n }
    }

    /// The mean, or `None` when nothing was added.
    pub fn value(&self) -> Option<f64> {
        self.mean().value()
    }
}

/// How one question was answered across a group.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct QuestionStats {
    /// Σ f over scored answers.
    pub fraction_sum: f64,
    pub scored: u64,
    pub na: u64,
    pub missing: u64,
    pub invalid: u64,
    /// Scored with f < 1; always 0 for a bonus question, which cannot fail.
    pub failed: u64,
}

/// Totals of a group of visits: a location, a region, a period, everything, ...
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    /// Visits read, with or without a score.
    pub visits: u64,
    /// Mean of the visit scores that exist; `n` is how many.
    pub score: Spread,
    /// Visits with at least one critical failure.
    pub critical_visits: u64,
    /// Per section: mean of the visit section scores that exist.
    pub sections: Vec<Mean>,
    pub questions: Vec<QuestionStats>,
    /// Visits per grade band (rubric order), then visits with a score but no band.
    pub grades: Vec<u64>,
    /// Scored visits per 5-point bin: bin `i` holds scores in [5i, 5i + 5) for i < 20,
    /// bin 20 holds 100 (and above, with `bonus_cap: false`). See [`score_bin`].
    pub score_bins: Vec<u64>,
}

/// How many bins [`Group::score_bins`] has: 0-5, 5-10, ..., 95-100, and 100.
pub const SCORE_BINS: usize = 21;

/// The bin of [`Group::score_bins`] a visit score falls in.
pub fn score_bin(score: f64) -> usize {
    // `as` saturates: NaN and negatives land in bin 0, huge values in the last bin.
    ((score / 5.0).floor() as usize).min(SCORE_BINS - 1)
}

impl QuestionStats {
    /// 100 × mean of f over scored answers.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.scored > 0).then(|| 100.0 * (self.fraction_sum / self.scored as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_bins_are_five_points_wide_with_100_on_its_own() {
        let cases = [(0.0, 0), (4.999, 0), (5.0, 1), (12.5, 2), (66.66666666666667, 13), (95.0, 19)];
        for (score, bin) in cases {
            assert_eq!(score_bin(score), bin, "{score}");
        }
        assert_eq!(score_bin(99.99999), 19);
        assert_eq!(score_bin(100.0), 20);
        assert_eq!(score_bin(102.5), 20, "above 100 without bonus_cap");
        assert_eq!(score_bin(-1.0), 0);
        assert_eq!(score_bin(f64::NAN), 0);
        // 110 / 5 = 22 and 1e300 / 5: both past the last bin, so bin 20.
        assert_eq!(score_bin(110.0), 20);
        assert_eq!(score_bin(1e300), 20);
    }

    /// 2, 4 and 9: Σ 15, n 3, mean 5, Σv² 4 + 16 + 81 = 101. Nothing added: no mean.
    #[test]
    fn a_mean_of_its_values() {
        let (mut m, mut spread) = (Mean::default(), Spread::default());
        assert_eq!((m.value(), spread.value()), (None, None));
        for v in [2.0, 4.0, 9.0] {
            m.add(v);
            spread.add(v);
        }
        assert_eq!(m, Mean { sum: 15.0, n: 3 });
        assert_eq!(spread, Spread { sum: 15.0, n: 3, sum_sq: 101.0 });
        assert_eq!((m.value(), spread.value()), (Some(5.0), Some(5.0)));
        assert_eq!(Mean { sum: 7.0, n: 2 }.value(), Some(3.5), "7 / 2");
        assert_eq!(Spread { sum: 7.0, n: 2, sum_sq: 0.0 }.value(), Some(3.5), "7 / 2");
    }

    /// Σf 3 over 4 scored answers: 100 × 3 / 4 = 75; 1 over 1: 100; nothing scored: none.
    #[test]
    fn pass_rates() {
        let q = |fraction_sum, scored| QuestionStats { fraction_sum, scored, na: 2, ..QuestionStats::default() };
        assert_eq!(q(3.0, 4).pass_rate(), Some(75.0));
        assert_eq!(q(1.0, 1).pass_rate(), Some(100.0));
        assert_eq!(q(0.0, 0).pass_rate(), None, "N/A answers alone give no pass rate");
    }
}
