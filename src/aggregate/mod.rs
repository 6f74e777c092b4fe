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
use keyed::Interner;
use rustc_hash::FxHashMap;
use tally::{Contribution, Counts, Shape, Sums};

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

/// Groups keyed by text: ids by [`Interner`], sums by id. A group exists once a visit
/// has been added to it. Brief groups (shoppers, channels) keep no question detail and,
/// being outside the (location, region, period) cells, count their own visits.
#[derive(Debug, Clone, Default)]
struct Dimension {
    names: Interner,
    brief: bool,
    groups: Vec<Option<(Sums, Option<Counts>)>>,
}

impl Dimension {
    fn brief() -> Dimension {
        Dimension { brief: true, ..Dimension::default() }
    }

    fn id(&mut self, key: &str) -> u32 {
        self.names.id(key)
    }

    fn add(&mut self, id: u32, shape: &Shape, c: &Contribution) {
        let (i, brief) = (id as usize, self.brief);
        if i >= self.groups.len() {
            self.groups.resize_with(i + 1, || None);
        }
        let (sums, counts) =
            self.groups[i].get_or_insert_with(|| (shape.sums(!brief), brief.then(|| shape.counts(false))));
        sums.add(c);
        if let Some(counts) = counts {
            counts.add(c);
        }
    }

    /// The groups by key, ordered; counts from `counts` by id for groups without their own.
    fn into_map(self, shape: &Shape, counts: &FxHashMap<u32, Counts>) -> BTreeMap<String, Group> {
        let (names, empty) = (&self.names, shape.counts(true));
        self.groups
            .into_iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let (sums, own) = g?;
                let counts = own.as_ref().or_else(|| counts.get(&(i as u32))).unwrap_or(&empty);
                Some((names.key(i as u32).to_string(), shape.group(sums, counts)))
            })
            .collect()
    }
}

/// (location, region, period) ids.
type CellKey = (u32, u32, u32);

/// A (location, region, period) cell: its visits' counts, and where they go in
/// `location_periods` and `region_periods` (found once per cell, not per visit).
#[derive(Debug, Clone)]
struct Cell {
    counts: Counts,
    location_period: usize,
    region_period: usize,
}

/// Every cell, in first-seen order.
#[derive(Debug, Clone, Default)]
struct Cells {
    index: FxHashMap<CellKey, usize>,
    list: Vec<(CellKey, Cell)>,
    /// Per location id, its latest cell: a location's visits nearly always share one
    /// region and period, so this spares the hash lookup.
    latest: Vec<Option<(CellKey, usize)>>,
}

impl Cells {
    /// The cell of `key`, made on first sight with its slots in `lp` and `rp`.
    fn get(&mut self, key: CellKey, lp: &mut Pairs, rp: &mut Pairs, shape: &Shape) -> &mut Cell {
        let (location, region, period) = key;
        let index = match self.latest.get(location as usize).copied().flatten() {
            Some((k, i)) if k == key => i,
            _ => {
                let next = self.list.len();
                let i = *self.index.entry(key).or_insert(next);
                if i == next {
                    let cell = Cell {
                        counts: shape.counts(true),
                        location_period: lp.slot((location, period), shape),
                        region_period: rp.slot((region, period), shape),
                    };
                    self.list.push((key, cell));
                }
                if self.latest.len() <= location as usize {
                    self.latest.resize(location as usize + 1, None);
                }
                self.latest[location as usize] = Some((key, i));
                i
            }
        };
        // `index` is a position in `list` by construction (found or just pushed).
        &mut self.list[index].1
    }
}

/// Sums keyed by two ids, in first-seen order.
#[derive(Debug, Clone, Default)]
struct Pairs {
    index: FxHashMap<(u32, u32), usize>,
    keys: Vec<(u32, u32)>,
    sums: Vec<Sums>,
}

impl Pairs {
    /// The index in `sums` of `key`, created on first use.
    fn slot(&mut self, key: (u32, u32), shape: &Shape) -> usize {
        let next = self.sums.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.keys.push(key);
            self.sums.push(shape.sums(true));
        }
        i
    }

    /// The groups as `a key → b key → group`, ordered.
    fn into_map(
        self,
        a: &Interner,
        b: &Interner,
        shape: &Shape,
        counts: &FxHashMap<(u32, u32), Counts>,
    ) -> BTreeMap<String, BTreeMap<String, Group>> {
        let mut out: BTreeMap<String, BTreeMap<String, Group>> = BTreeMap::new();
        let empty = shape.counts(true);
        for ((ka, kb), sums) in self.keys.into_iter().zip(self.sums) {
            let group = shape.group(sums, counts.get(&(ka, kb)).unwrap_or(&empty));
            out.entry(a.key(ka).to_string()).or_default().insert(b.key(kb).to_string(), group);
        }
        out
    }
}

/// Adds `counts` into the entry of `key`.
fn merge_into<K: std::hash::Hash + Eq>(map: &mut FxHashMap<K, Counts>, key: K, counts: &Counts, shape: &Shape) {
    map.entry(key).or_insert_with(|| shape.counts(true)).merge(counts);
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
        let region = self.regions.id(&visit.region);
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
        if !crate::ingest::date::in_focus(self.focus.as_deref(), &visit.period) {
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
            if crate::ingest::date::in_focus(self.focus.as_deref(), self.periods.names.key(p)) {
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
        self.periods.keys().map(String::as_str).filter(|p| *p != crate::ingest::date::UNKNOWN_PERIOD).collect()
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
    /// Headline groups take visits 2, 3, 4 and 6 (an undated visit counts in the scored
    /// month): overall (80 + 70 + 90 + 60) / 4 = 75; L1 (80 + 90 + 60) / 3, L2 70, no L3;
    /// R1 (80 + 70 + 60) / 3 = 70, R2 90. Per-period groups take every visit: 2026-09
    /// (50 + 40) / 2 = 45, 2026-10 (80 + 70 + 90) / 3 = 80, unknown 60; L1 in 2026-10
    /// (80 + 90) / 2 = 85; R2 in 2026-09 40.
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
        assert_eq!(mean(&a.overall), (4, Some(75.0)));
        assert_eq!(a.overall.grades, [2, 2, 0]);
        assert_eq!(a.overall.questions[0].scored, 4);
        assert_eq!(a.overall.sections[0].value(), Some(75.0));
        assert_eq!(a.locations.keys().collect::<Vec<_>>(), ["L1", "L2"], "L3 was only compared");
        assert_eq!(mean(&a.locations["L1"]), (3, Some((80.0 + 90.0 + 60.0) / 3.0)));
        assert_eq!(mean(&a.locations["L2"]), (1, Some(70.0)));
        assert_eq!(mean(&a.regions["R1"]), (3, Some(70.0)));
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
        assert_eq!(mean(&a.shoppers[""]), (4, Some(75.0)), "shoppers count scored-month visits only");
    }
}
