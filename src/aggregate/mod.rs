//! Scored visits to group totals: by location, region, period, location × period,
//! shopper, channel, and overall (SCORING.md §4).
//!
//! Memory grows with the number of groups × (sections + questions), never with the
//! number of visits: each visit is added to its groups and forgotten.

mod group;
mod keyed;
mod tally;

use std::collections::BTreeMap;

pub use group::{Group, Mean, QuestionStats, SCORE_BINS, score_bin};
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
            shape,
        }
    }

    /// Adds one scored visit to every group it belongs to.
    pub fn add(&mut self, rubric: &Rubric, visit: &Visit, score: &VisitScore) {
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
        if !crate::window::in_focus(self.focus.as_deref(), &visit.period) {
            return;
        }
        self.overall.add(c);
        self.locations.add(location, shape, c);
        self.regions.add(region, shape, c);
        let shopper = self.shoppers.id(&visit.shopper);
        self.shoppers.add(shopper, shape, c);
        let channel = self.channels.id(&visit.channel);
        self.channels.add(channel, shape, c);
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
        Aggregates {
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
        list.sort_by(|a, b| {
            let (sa, sb) = (a.1.score.value(), b.1.score.value());
            sb.is_some().cmp(&sa.is_some()).then(sb.unwrap_or(0.0).total_cmp(&sa.unwrap_or(0.0))).then(a.0.cmp(b.0))
        });
        list
    }
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
    }
}
