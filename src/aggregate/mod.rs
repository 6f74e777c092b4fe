//! Scored visits to group totals: by location, region, period, location × period,
//! shopper, channel, and overall (SCORING.md §4).
//!
//! Memory grows with the number of groups × (sections + questions), never with the
//! number of visits: each visit is added to its groups and forgotten.

mod group;
mod keyed;
pub mod levels;
mod tally;

use std::collections::BTreeMap;

pub use group::{Group, Mean, QuestionStats, SCORE_BINS, Spread, score_bin};
pub use keyed::Interner;
use keyed::{Cell, Cells, Dimension, Pairs, merge_into};
use rustc_hash::FxHashMap;
use tally::{Contribution, Shape, Sums};

use crate::ingest::Visit;
use crate::rubric::Rubric;
use crate::score::VisitScore;

/// Every group total of a run. Maps are ordered by key so every output is deterministic.
#[derive(Debug, Clone)]
pub struct Aggregates {
    pub overall: Group,
    pub locations: BTreeMap<String, Group>,
    /// The region a location was first seen in.
    pub location_regions: BTreeMap<String, String>,
    pub regions: BTreeMap<String, Group>,
    pub periods: BTreeMap<String, Group>,
    /// location → period → totals.
    pub location_periods: BTreeMap<String, BTreeMap<String, Group>>,
    /// region → period → totals.
    pub region_periods: BTreeMap<String, BTreeMap<String, Group>>,
    pub shoppers: BTreeMap<String, Group>,
    pub channels: BTreeMap<String, Group>,
    /// The org chart's levels, top first (`fields.levels`; empty without them).
    pub levels: Vec<levels::Level>,
}

/// Where [`Aggregator::add`] filed a visit: dense ids, each in first-seen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ids {
    pub location: u32,
    pub period: u32,
    /// The (location, period) pair.
    pub location_period: usize,
    /// `None` for a visit of a month read only to compare with (no shopper group).
    pub shopper: Option<u32>,
    /// With `fields.levels`: the location's move, at its first window visit under a
    /// second unit of the lowest level ([`Aggregator::moved`] names it).
    pub moved: Option<levels::Move>,
}

/// Builds [`Aggregates`] one visit at a time.
///
/// A visit is laid out once as a [`Contribution`]. Its floats are added to each of its
/// groups in input order; its counts to its (location, region, period) cell only (and to
/// its shopper and channel), from which the larger groups' counts are summed at the end.
#[derive(Debug, Clone)]
pub struct Aggregator {
    shape: Shape,
    contribution: Contribution,
    overall: Sums,
    locations: Dimension,
    /// Per location id: the region id it was first seen in.
    location_regions: Vec<u32>,
    regions: Dimension,
    periods: Dimension,
    /// (location, period) and (region, period) ids → sums.
    location_periods: Pairs,
    region_periods: Pairs,
    cells: Cells,
    /// With `--period`: the period being scored; visits of other periods only feed the
    /// per-period groups, for comparison.
    focus: Option<String>,
    shoppers: Dimension,
    channels: Dimension,
    /// With `fields.levels`: each level's totals.
    levels: Option<levels::Levels>,
}

impl Aggregator {
    pub fn new(rubric: &Rubric, focus: Option<String>) -> Aggregator {
        let shape = Shape::of(rubric);
        Aggregator {
            contribution: Contribution::default(),
            overall: shape.sums(true),
            locations: Dimension::default(),
            location_regions: Vec::new(),
            regions: Dimension::default(),
            periods: Dimension::default(),
            location_periods: Pairs::default(),
            region_periods: Pairs::default(),
            cells: Cells::default(),
            focus,
            shoppers: Dimension::brief(),
            channels: Dimension::brief(),
            levels: (!rubric.fields.levels.is_empty()).then(|| levels::Levels::new(&rubric.fields.levels)),
            shape,
        }
    }

    /// Adds one scored visit to every group it belongs to; returns the ids it was filed
    /// under, for other per-visit work to key on without hashing the names again.
    pub fn add(&mut self, rubric: &Rubric, visit: &Visit, score: &VisitScore) -> Ids {
        let grade = score.score.and_then(|s| rubric.grade_index(s));
        let (shape, c) = (&self.shape, &mut self.contribution);
        c.fill(shape, visit, score, grade);
        let location = self.locations.id(&visit.location);
        // A location's visits are nearly always in the region its first visit was in.
        let region = self.regions.id_or(&visit.region, self.location_regions.get(location as usize).copied());
        if location as usize == self.location_regions.len() {
            self.location_regions.push(region);
        }
        let period = self.periods.id(&visit.period);
        let (lp, rp) = (&mut self.location_periods, &mut self.region_periods);
        let cell = self.cells.get((location, region, period), lp, rp, shape);
        cell.counts.add(c);
        if let Some(sums) = lp.sums.get_mut(cell.location_period) {
            sums.add(c);
        }
        if let Some(sums) = rp.sums.get_mut(cell.region_period) {
            sums.add(c);
        }
        self.periods.add(period, shape, c);
        let in_focus = crate::window::in_focus(self.focus.as_deref(), &visit.period);
        let moved = self.levels.as_mut().and_then(|l| l.add(visit, score, location, period, in_focus));
        let mut ids = Ids { location, period, location_period: cell.location_period, shopper: None, moved };
        if !in_focus {
            return ids;
        }
        self.overall.add(c);
        self.locations.add(location, shape, c);
        self.regions.add(region, shape, c);
        let shopper = self.shoppers.id(&visit.shopper);
        self.shoppers.add(shopper, shape, c);
        let channel = self.channels.id(&visit.channel);
        self.channels.add(channel, shape, c);
        ids.shopper = Some(shopper);
        ids
    }

    /// The name of location id `id` (of an [`Ids`] returned by [`Aggregator::add`]).
    pub fn location_name(&self, id: u32) -> &str {
        self.locations.names.key(id)
    }

    /// A move's paths (from, to) and the index of the highest level where they part.
    pub fn moved(&self, m: levels::Move) -> (&str, &str, usize) {
        self.levels.as_ref().map_or(("", "", 0), |l| l.moved(m))
    }

    /// The name of shopper id `id` (of an [`Ids`]).
    pub fn shopper_name(&self, id: u32) -> &str {
        self.shoppers.names.key(id)
    }

    pub fn finish(self) -> Aggregates {
        let shape = &self.shape;
        let mut overall = shape.counts(true);
        let (mut locations, mut regions, mut periods) =
            (FxHashMap::default(), FxHashMap::default(), FxHashMap::default());
        let (mut location_periods, mut region_periods) = (FxHashMap::default(), FxHashMap::default());
        for &((l, r, p), Cell { ref counts, .. }) in &self.cells.list {
            merge_into(&mut periods, p, counts, shape);
            merge_into(&mut location_periods, (l, p), counts, shape);
            merge_into(&mut region_periods, (r, p), counts, shape);
            if crate::window::in_focus(self.focus.as_deref(), self.periods.names.key(p)) {
                overall.merge(counts);
                merge_into(&mut locations, l, counts, shape);
                merge_into(&mut regions, r, counts, shape);
            }
        }
        let location_regions = self
            .location_regions
            .iter()
            .enumerate()
            .map(|(l, &r)| (self.locations.names.key(l as u32).to_string(), self.regions.names.key(r).to_string()))
            .collect();
        let periods_names = &self.periods.names;
        let location_periods =
            self.location_periods.into_map(&self.locations.names, periods_names, shape, &location_periods);
        let region_periods = self.region_periods.into_map(&self.regions.names, periods_names, shape, &region_periods);
        let none = FxHashMap::default();
        let levels = self.levels.map(|l| l.finish(&self.locations.names, periods_names)).unwrap_or_default();
        Aggregates {
            levels,
            overall: shape.group(self.overall, &overall),
            location_regions,
            location_periods,
            region_periods,
            locations: self.locations.into_map(shape, &locations),
            regions: self.regions.into_map(shape, &regions),
            periods: self.periods.into_map(shape, &periods),
            shoppers: self.shoppers.into_map(shape, &none),
            channels: self.channels.into_map(shape, &none),
        }
    }
}

impl Aggregates {
    /// Every dated period, oldest first (`unknown` left out; `YYYY-MM` sorts by date).
    pub fn dated_periods(&self) -> Vec<&str> {
        self.periods.keys().map(String::as_str).filter(|p| *p != crate::date::UNKNOWN_PERIOD).collect()
    }

    /// Locations best first: by score (highest first), then name; unscored last.
    pub fn ranking(&self) -> Vec<(&str, &Group)> {
        let mut list: Vec<(&str, &Group)> = self.locations.iter().map(|(k, g)| (k.as_str(), g)).collect();
        list.sort_by(|a, b| best_first((a.1.score.value(), a.0), (b.1.score.value(), b.0)));
        list
    }
}

/// The order of every ranking: scored before unscored, the higher score first, then by
/// name. Each of `a` and `b` is a score and a name.
pub fn best_first(a: (Option<f64>, &str), b: (Option<f64>, &str)) -> std::cmp::Ordering {
    let ((sa, na), (sb, nb)) = (a, b);
    sb.is_some().cmp(&sa.is_some()).then(sb.unwrap_or(0.0).total_cmp(&sa.unwrap_or(0.0))).then(na.cmp(nb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::answer::Answer;

    /// Six visits, scored for `--period 2026-10` (by hand):
    /// 1. L1/R1 2026-09, 50 (comparison only)   4. L1/R2 2026-10, 90
    /// 2. L1/R1 2026-10, 80                      5. L3/R2 2026-09, 40 (comparison only)
    /// 3. L2/R1 2026-10, 70                      6. L1/R1 no date (unknown), 60
    ///
    /// Headline groups take visits 2, 3 and 4 (an undated visit cannot be placed in the
    /// scored month; a run does not even aggregate it, SCORING.md §3): overall
    /// (80 + 70 + 90) / 3 = 80, grades Good 2 (80, 90), Poor 1 (70); L1 (80 + 90) / 2 = 85,
    /// L2 70, no L3; R1 (80 + 70) / 2 = 75, R2 90. Per-period groups take every visit:
    /// 2026-09 (50 + 40) / 2 = 45, 2026-10 (80 + 70 + 90) / 3 = 80, unknown 60; L1 in
    /// 2026-10 (80 + 90) / 2 = 85; R2 in 2026-09 40.
    #[test]
    fn groups_follow_the_scored_period() {
        let yaml = "name: T\ngrades:\n  - { name: Good, min: 75 }\n  - { name: Poor, min: 0 }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 100 }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let mut agg = Aggregator::new(&rubric, Some("2026-10".into()));
        let visits = [
            ("L1", "R1", "2026-09", 50.0),
            ("L1", "R1", "2026-10", 80.0),
            ("L2", "R1", "2026-10", 70.0),
            ("L1", "R2", "2026-10", 90.0),
            ("L3", "R2", "2026-09", 40.0),
            ("L1", "R1", "unknown", 60.0),
        ];
        for (location, region, period, s) in visits {
            let visit = Visit {
                location: location.into(),
                region: region.into(),
                period: period.into(),
                ..Visit::with_answers(vec![Answer::Scored(s / 100.0)])
            };
            let score = VisitScore { score: Some(s), sections: vec![Some(s)], critical_failures: 0 };
            agg.add(&rubric, &visit, &score);
        }
        let a = agg.finish();
        let mean = |g: &Group| (g.visits, g.score.value());
        assert_eq!(mean(&a.overall), (3, Some(80.0)));
        assert_eq!(a.overall.grades, [2, 1, 0]);
        assert_eq!(a.overall.questions[0].scored, 3);
        assert_eq!(a.overall.sections[0].value(), Some(80.0));
        assert_eq!(a.locations.keys().collect::<Vec<_>>(), ["L1", "L2"], "L3 was only compared");
        assert_eq!(mean(&a.locations["L1"]), (2, Some(85.0)));
        assert_eq!(mean(&a.locations["L2"]), (1, Some(70.0)));
        assert_eq!(mean(&a.regions["R1"]), (2, Some(75.0)));
        assert_eq!(mean(&a.regions["R2"]), (1, Some(90.0)));
        assert_eq!(mean(&a.periods["2026-09"]), (2, Some(45.0)));
        assert_eq!(mean(&a.periods["2026-10"]), (3, Some(80.0)));
        assert_eq!(mean(&a.periods["unknown"]), (1, Some(60.0)));
        assert_eq!(mean(&a.location_periods["L1"]["2026-10"]), (2, Some(85.0)));
        assert_eq!(mean(&a.location_periods["L1"]["2026-09"]), (1, Some(50.0)));
        assert_eq!(mean(&a.location_periods["L3"]["2026-09"]), (1, Some(40.0)));
        assert_eq!(mean(&a.region_periods["R2"]["2026-09"]), (1, Some(40.0)));
        assert_eq!(mean(&a.region_periods["R1"]["2026-10"]), (2, Some(75.0)));
        assert_eq!(a.location_regions["L1"], "R1", "the region a location was first seen in");
        assert_eq!(a.location_regions["L3"], "R2");
        assert_eq!(mean(&a.shoppers[""]), (3, Some(80.0)), "shoppers count scored-month visits only");
        assert_eq!(a.dated_periods(), ["2026-09", "2026-10"], "oldest first, unknown left out");
    }

    /// Three sections (so that `2 + s` and `2 * s` differ), four questions:
    /// s1 = a (yes_no, 2 points, critical); s2 = b (scale 0-4, 2 points);
    /// s3 = c (yes_no) and d (yes_no, bonus). Bands Good ≥ 80, Fair ≥ 50 (below 50: no band).
    const FAMILIES: &str = "name: T\ngrades:\n  - { name: Good, min: 80 }\n  - { name: Fair, min: 50 }\nsections:\n  - id: s1\n    questions:\n      - { id: a, type: yes_no, points: 2, critical: true }\n  - id: s2\n    questions:\n      - { id: b, type: scale, min: 0, max: 4, points: 2 }\n  - id: s3\n    questions:\n      - { id: c, type: yes_no }\n      - { id: d, type: yes_no, bonus: true }\n";

    /// A group as its parts: visits, (score Σ, n, Σv²), critical visits, per section (Σ, n),
    /// questions, grades (Good, Fair, no band) and the non-empty score bins.
    fn group(
        visits: u64,
        (sum, n, sum_sq): (f64, u64, f64),
        critical_visits: u64,
        sections: [(f64, u64); 3],
        questions: Vec<QuestionStats>,
        grades: [u64; 3],
        bins: &[(usize, u64)],
    ) -> Group {
        let mut score_bins = vec![0; SCORE_BINS];
        for &(i, k) in bins {
            score_bins[i] = k;
        }
        Group {
            visits,
            score: Spread { sum, n, sum_sq },
            critical_visits,
            sections: sections.iter().map(|&(sum, n)| Mean { sum, n }).collect(),
            questions,
            grades: grades.to_vec(),
            score_bins,
        }
    }

    /// Scored answers (count, Σf, failed), then N/A, missing and invalid counts.
    fn q(scored: u64, fraction_sum: f64, failed: u64, na: u64, missing: u64, invalid: u64) -> QuestionStats {
        QuestionStats { fraction_sum, scored, na, missing, invalid, failed }
    }

    /// Every family of groups, no `--period`, five visits scored by the rubric above
    /// (SCORING.md §3, unweighted: 100 × Σ earned / Σ possible; the bonus d adds to earned
    /// only; zero_visit; bonus_cap caps at 100):
    ///
    /// | visit | loc | region | period  | shopper | channel | a   | b (v)    | c   | d   |
    /// |-------|-----|--------|---------|---------|---------|-----|----------|-----|-----|
    /// | V1    | L1  | R1     | 2026-01 | S1      | web     | yes | 2 (0.5)  | yes | N/A |
    /// | V2    | L1  | R1     | 2026-01 | S2      | phone   | yes | 4 (1)    | no  | yes |
    /// | V3    | L2  | R1     | 2026-02 | S1      | web     | no  | 1 (0.25) | --  | no  |
    /// | V4    | L2  | R2     | 2026-02 | S2      | phone   | --  | bad      | N/A | N/A |
    /// | V5    | L1  | R1     | 2026-02 | S1      | store   | yes | 3 (0.75) | yes | yes |
    ///
    /// (-- missing, bad invalid.) Scores (100 × earned / possible points), sections s1 / s2 / s3:
    /// - V1: (2 + 1 + 1) / 5 = 80 (Good, bin 16); 100 / 50 / 100.
    /// - V2: (2 + 2 + 0 + 1) / 5 = 100 (Good, bin 20); 100 / 100 / 100 × (0 + 1) / 1 = 100.
    /// - V3: a failed, critical: 0 (no band, bin 0; it would be 0.5 / 4 = 12.5); sections
    ///   stay: 0 / 0.5 / 2 = 25 / none (only the bonus scored: nothing possible).
    /// - V4: nothing scored: no score, no sections, no grade, no bin.
    /// - V5: (2 + 1.5 + 1 + 1) / 5 = 110, capped 100 (Good, bin 20); 100 / 75 /
    ///   100 × (1 + 1) / 1 = 200, capped 100.
    ///
    /// Σv² of scores: V1 6400, V2 10000, V3 0, V5 10000. d is a bonus: its 0 in V3 is no
    /// failure. Question counts per visit set are added up in each expectation below.
    #[test]
    fn every_family_of_groups_by_hand() {
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), FAMILIES).unwrap();
        let (yes, no, na, missing) = (Answer::Scored(1.0), Answer::Scored(0.0), Answer::NotApplicable, Answer::Missing);
        let bad = Answer::Invalid(crate::ingest::answer::Invalid::NotAValue);
        let rows = [
            ("L1", "R1", "2026-01", "S1", "web", [yes, Answer::Scored(0.5), yes, na]),
            ("L1", "R1", "2026-01", "S2", "phone", [yes, yes, no, yes]),
            ("L2", "R1", "2026-02", "S1", "web", [no, Answer::Scored(0.25), missing, no]),
            ("L2", "R2", "2026-02", "S2", "phone", [missing, bad, na, na]),
            ("L1", "R1", "2026-02", "S1", "store", [yes, Answer::Scored(0.75), yes, yes]),
        ];
        let mut agg = Aggregator::new(&rubric, None);
        let expected_scores = [Some(80.0), Some(100.0), Some(0.0), None, Some(100.0)];
        for ((location, region, period, shopper, channel, answers), expected) in rows.into_iter().zip(expected_scores) {
            let visit = Visit {
                location: location.into(),
                region: region.into(),
                period: period.into(),
                shopper: shopper.into(),
                channel: channel.into(),
                ..Visit::with_answers(answers.to_vec())
            };
            let score = crate::score::score_visit(&rubric, &visit.answers);
            assert_eq!(score.score, expected, "the scores worked out above");
            agg.add(&rubric, &visit, &score);
        }
        let a = agg.finish();
        // Overall, V1-V5: scores 80 + 100 + 0 + 100 = 280 over 4, Σv² 26400; s1 100 + 100 +
        // 0 + 100 = 300 / 4, s2 50 + 100 + 25 + 75 = 250 / 4, s3 100 × 3 = 300 / 3.
        // a: 1, 1, 0, -, 1 → 4 scored, Σ3, 1 failed, 1 missing; b: 0.5, 1, 0.25, bad, 0.75 →
        // 4, Σ2.5, 3 failed, 1 invalid; c: 1, 0, -, N/A, 1 → 3, Σ2, 1 failed, 1 N/A,
        // 1 missing; d: N/A, 1, 0, N/A, 1 → 3, Σ2, 0 failed (bonus), 2 N/A.
        let all = vec![q(4, 3.0, 1, 0, 1, 0), q(4, 2.5, 3, 0, 0, 1), q(3, 2.0, 1, 1, 1, 0), q(3, 2.0, 0, 2, 0, 0)];
        let overall = group(
            5,
            (280.0, 4, 26400.0),
            1,
            [(300.0, 4), (250.0, 4), (300.0, 3)],
            all,
            [3, 0, 1],
            &[(0, 1), (16, 1), (20, 2)],
        );
        assert_eq!(a.overall, overall);
        // L1 = V1, V2, V5: 280 / 3, Σv² 26400; s1 300 / 3, s2 50 + 100 + 75 = 225 / 3, s3 300 / 3;
        // a 3 × yes; b 0.5 + 1 + 0.75 = 2.25, 2 failed; c 1 + 0 + 1 = 2, 1 failed; d N/A, 1, 1.
        let l1 = vec![q(3, 3.0, 0, 0, 0, 0), q(3, 2.25, 2, 0, 0, 0), q(3, 2.0, 1, 0, 0, 0), q(2, 2.0, 0, 1, 0, 0)];
        let l1 =
            group(3, (280.0, 3, 26400.0), 0, [(300.0, 3), (225.0, 3), (300.0, 3)], l1, [3, 0, 0], &[(16, 1), (20, 2)]);
        // L2 = V3, V4: 0 over 1 (V4 unscored), critical 1; s1 0 / 1, s2 25 / 1, s3 none;
        // a: 0 (failed), missing; b: 0.25 (failed), bad; c: missing, N/A; d: 0 (bonus), N/A.
        let l2 = vec![q(1, 0.0, 1, 0, 1, 0), q(1, 0.25, 1, 0, 0, 1), q(0, 0.0, 0, 1, 1, 0), q(1, 0.0, 0, 1, 0, 0)];
        let l2 = group(2, (0.0, 1, 0.0), 1, [(0.0, 1), (25.0, 1), (0.0, 0)], l2, [0, 0, 1], &[(0, 1)]);
        assert_eq!(a.locations.keys().collect::<Vec<_>>(), ["L1", "L2"]);
        assert_eq!(a.locations["L1"], l1);
        assert_eq!(a.locations["L2"], l2);
        assert_eq!(a.locations["L1"].score.value(), Some(280.0 / 3.0));
        // The region a location was first seen in: L2's V4 is in R2, but V3 came first.
        let first_regions: Vec<(&str, &str)> =
            a.location_regions.iter().map(|(l, r)| (l.as_str(), r.as_str())).collect();
        assert_eq!(first_regions, [("L1", "R1"), ("L2", "R1")]);
        // R1 = V1, V2, V3, V5: overall without V4, which scored nothing (scores, sections and
        // scored answers the same; a loses V4's missing, b its invalid, c its N/A, d one of
        // its two N/A).
        let r1 = vec![q(4, 3.0, 1, 0, 0, 0), q(4, 2.5, 3, 0, 0, 0), q(3, 2.0, 1, 0, 1, 0), q(3, 2.0, 0, 1, 0, 0)];
        let r1 = group(
            4,
            (280.0, 4, 26400.0),
            1,
            [(300.0, 4), (250.0, 4), (300.0, 3)],
            r1,
            [3, 0, 1],
            &[(0, 1), (16, 1), (20, 2)],
        );
        // R2 = V4 alone: a visit, nothing scored.
        let r2 = vec![q(0, 0.0, 0, 0, 1, 0), q(0, 0.0, 0, 0, 0, 1), q(0, 0.0, 0, 1, 0, 0), q(0, 0.0, 0, 1, 0, 0)];
        let r2 = group(1, (0.0, 0, 0.0), 0, [(0.0, 0), (0.0, 0), (0.0, 0)], r2, [0, 0, 0], &[]);
        assert_eq!(a.regions.keys().collect::<Vec<_>>(), ["R1", "R2"]);
        assert_eq!(a.regions["R1"], r1);
        assert_eq!(a.regions["R2"], r2);
        assert_eq!(a.regions["R2"].score.value(), None);
        // 2026-01 = V1, V2: 180 / 2 = 90, Σv² 16400; s1 200 / 2, s2 150 / 2, s3 200 / 2;
        // a 2 × yes; b 0.5 + 1, 1 failed; c 1 + 0, 1 failed; d N/A, 1.
        let jan = vec![q(2, 2.0, 0, 0, 0, 0), q(2, 1.5, 1, 0, 0, 0), q(2, 1.0, 1, 0, 0, 0), q(1, 1.0, 0, 1, 0, 0)];
        let jan =
            group(2, (180.0, 2, 16400.0), 0, [(200.0, 2), (150.0, 2), (200.0, 2)], jan, [2, 0, 0], &[(16, 1), (20, 1)]);
        // 2026-02 = V3, V4, V5: 0 + 100 = 100 / 2, Σv² 10000, critical 1; s1 0 + 100 / 2,
        // s2 25 + 75 / 2, s3 100 / 1; a 0, -, 1; b 0.25, bad, 0.75 (2 failed); c -, N/A, 1;
        // d 0, N/A, 1.
        let feb = vec![q(2, 1.0, 1, 0, 1, 0), q(2, 1.0, 2, 0, 0, 1), q(1, 1.0, 0, 1, 1, 0), q(2, 1.0, 0, 1, 0, 0)];
        let feb =
            group(3, (100.0, 2, 10000.0), 1, [(100.0, 2), (100.0, 2), (100.0, 1)], feb, [1, 0, 1], &[(0, 1), (20, 1)]);
        assert_eq!(a.dated_periods(), ["2026-01", "2026-02"]);
        assert_eq!(a.periods["2026-01"], jan);
        assert_eq!(a.periods["2026-02"], feb);
        assert_eq!(a.periods["2026-02"].score.value(), Some(50.0));
        // L1 × 2026-01 = V1, V2 (= 2026-01); L1 × 2026-02 = V5 alone; L2 × 2026-02 = V3, V4 (= L2).
        let v5 = vec![q(1, 1.0, 0, 0, 0, 0), q(1, 0.75, 1, 0, 0, 0), q(1, 1.0, 0, 0, 0, 0), q(1, 1.0, 0, 0, 0, 0)];
        let v5 = group(1, (100.0, 1, 10000.0), 0, [(100.0, 1), (75.0, 1), (100.0, 1)], v5, [1, 0, 0], &[(20, 1)]);
        assert_eq!(a.location_periods.keys().collect::<Vec<_>>(), ["L1", "L2"]);
        assert_eq!(a.location_periods["L1"].keys().collect::<Vec<_>>(), ["2026-01", "2026-02"]);
        assert_eq!(a.location_periods["L1"]["2026-01"], jan);
        assert_eq!(a.location_periods["L1"]["2026-02"], v5);
        assert_eq!(a.location_periods["L2"].keys().collect::<Vec<_>>(), ["2026-02"]);
        assert_eq!(a.location_periods["L2"]["2026-02"], l2);
        // R1 × 2026-01 = V1, V2 (= 2026-01); R1 × 2026-02 = V3, V5: 2026-02 without V4
        // (c loses an N/A, d its N/A, a its missing, b its invalid); R2 × 2026-02 = V4 (= R2).
        let r1_feb = vec![q(2, 1.0, 1, 0, 0, 0), q(2, 1.0, 2, 0, 0, 0), q(1, 1.0, 0, 0, 1, 0), q(2, 1.0, 0, 0, 0, 0)];
        let r1_feb = group(
            2,
            (100.0, 2, 10000.0),
            1,
            [(100.0, 2), (100.0, 2), (100.0, 1)],
            r1_feb,
            [1, 0, 1],
            &[(0, 1), (20, 1)],
        );
        assert_eq!(a.region_periods.keys().collect::<Vec<_>>(), ["R1", "R2"]);
        assert_eq!(a.region_periods["R1"]["2026-01"], jan);
        assert_eq!(a.region_periods["R1"]["2026-02"], r1_feb);
        assert_eq!(a.region_periods["R2"].keys().collect::<Vec<_>>(), ["2026-02"]);
        assert_eq!(a.region_periods["R2"]["2026-02"], r2);
        // Shoppers and channels keep no question detail. S1 = V1, V3, V5: 80 + 0 + 100 =
        // 180 / 3, Σv² 16400, critical 1; s1 100 + 0 + 100 = 200 / 3, s2 50 + 25 + 75 =
        // 150 / 3, s3 100 + 100 = 200 / 2. S2 = V2, V4: 100 / 1; sections 100 / 1 each.
        let s1 = group(
            3,
            (180.0, 3, 16400.0),
            1,
            [(200.0, 3), (150.0, 3), (200.0, 2)],
            vec![],
            [2, 0, 1],
            &[(0, 1), (16, 1), (20, 1)],
        );
        let s2 = group(2, (100.0, 1, 10000.0), 0, [(100.0, 1), (100.0, 1), (100.0, 1)], vec![], [1, 0, 0], &[(20, 1)]);
        assert_eq!(a.shoppers.keys().collect::<Vec<_>>(), ["S1", "S2"]);
        assert_eq!(a.shoppers["S1"], s1);
        assert_eq!(a.shoppers["S2"], s2);
        assert_eq!(a.shoppers["S1"].score.value(), Some(60.0));
        // web = V1, V3: 80 + 0 = 80 / 2, Σv² 6400, critical 1; s1 100 + 0, s2 50 + 25,
        // s3 100 / 1. phone = V2, V4 (= S2). store = V5 alone.
        let web =
            group(2, (80.0, 2, 6400.0), 1, [(100.0, 2), (75.0, 2), (100.0, 1)], vec![], [1, 0, 1], &[(0, 1), (16, 1)]);
        let store =
            group(1, (100.0, 1, 10000.0), 0, [(100.0, 1), (75.0, 1), (100.0, 1)], vec![], [1, 0, 0], &[(20, 1)]);
        assert_eq!(a.channels.keys().collect::<Vec<_>>(), ["phone", "store", "web"]);
        assert_eq!(a.channels["web"], web);
        assert_eq!(a.channels["phone"], s2);
        assert_eq!(a.channels["store"], store);
        assert_eq!(a.channels["web"].score.value(), Some(40.0));
    }

    /// Best first by score, ties by name; unscored last (by name too).
    #[test]
    fn ranking_by_score_then_name_unscored_last() {
        let scored = |sum: f64, n: u64| Group { score: Spread { sum, n, sum_sq: 0.0 }, ..Group::default() };
        let groups = [
            ("D", scored(50.0, 1)),
            ("B", scored(0.0, 0)),
            ("C", scored(180.0, 2)),
            ("A", scored(100.0, 2)),
            ("E", scored(0.0, 1)),
            ("AA", scored(0.0, 0)),
        ];
        let a = Aggregates {
            overall: Group::default(),
            locations: groups.into_iter().map(|(k, g)| (k.to_string(), g)).collect(),
            location_regions: BTreeMap::new(),
            regions: BTreeMap::new(),
            periods: BTreeMap::new(),
            location_periods: BTreeMap::new(),
            region_periods: BTreeMap::new(),
            shoppers: BTreeMap::new(),
            channels: BTreeMap::new(),
            levels: Vec::new(),
        };
        // C 180 / 2 = 90; A 100 / 2 = 50 and D 50 / 1 = 50 (A before D); E 0 / 1 = 0, a
        // score, ahead of the unscored AA and B.
        let order: Vec<&str> = a.ranking().into_iter().map(|(k, _)| k).collect();
        assert_eq!(order, ["C", "A", "D", "E", "AA", "B"]);
    }
}
