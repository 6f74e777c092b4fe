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
use tally::{Contribution, Shape, Tally};

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
/// A visit is laid out once as a [`Contribution`] and added to each of its groups (two
/// vector additions per group), in input order.
#[derive(Debug, Clone)]
pub struct Aggregator {
    shape: Shape,
    contribution: Contribution,
    overall: Tally,
    locations: Dimension,
    /// Per location id: the region id it was first seen in.
    location_regions: Vec<u32>,
    regions: Dimension,
    periods: Dimension,
    /// (location, period) and (region, period) ids → totals.
    location_periods: Pairs,
    region_periods: Pairs,
    /// With `--period`: the period being scored; visits of other periods only feed the
    /// per-period groups, for comparison.
    focus: Option<String>,
    shoppers: Dimension,
    channels: Dimension,
}

/// Groups keyed by text: ids by [`Interner`], totals by id. A group exists once a visit
/// has been added to it.
#[derive(Debug, Clone, Default)]
struct Dimension {
    names: Interner,
    tallies: Vec<Option<Tally>>,
}

impl Dimension {
    fn id(&mut self, key: &str) -> u32 {
        self.names.id(key)
    }

    fn add(&mut self, id: u32, shape: &Shape, questions: bool, c: &Contribution) {
        let i = id as usize;
        if i >= self.tallies.len() {
            self.tallies.resize_with(i + 1, || None);
        }
        self.tallies[i].get_or_insert_with(|| shape.tally(questions)).add(c);
    }

    fn into_map(self, shape: &Shape) -> BTreeMap<String, Group> {
        let names = &self.names;
        self.tallies
            .into_iter()
            .enumerate()
            .filter_map(|(i, t)| t.map(|t| (names.key(i as u32).to_string(), t.into_group(shape))))
            .collect()
    }
}

/// Groups keyed by two ids, in first-seen order.
#[derive(Debug, Clone, Default)]
struct Pairs {
    index: FxHashMap<(u32, u32), usize>,
    keys: Vec<(u32, u32)>,
    tallies: Vec<Tally>,
}

impl Pairs {
    fn add(&mut self, key: (u32, u32), shape: &Shape, c: &Contribution) {
        let next = self.tallies.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.keys.push(key);
            self.tallies.push(shape.tally(true));
        }
        self.tallies[i].add(c);
    }

    /// The groups as `a key → b key → group`, ordered.
    fn into_map(self, a: &Interner, b: &Interner, shape: &Shape) -> BTreeMap<String, BTreeMap<String, Group>> {
        let mut out: BTreeMap<String, BTreeMap<String, Group>> = BTreeMap::new();
        for ((ka, kb), t) in self.keys.into_iter().zip(self.tallies) {
            out.entry(a.key(ka).to_string()).or_default().insert(b.key(kb).to_string(), t.into_group(shape));
        }
        out
    }
}

impl Aggregator {
    pub fn new(rubric: &Rubric, focus: Option<String>) -> Aggregator {
        let shape = Shape::new(rubric.sections.len(), rubric.questions.len(), rubric.grades.len());
        Aggregator {
            contribution: Contribution::default(),
            overall: shape.tally(true),
            locations: Dimension::default(),
            location_regions: Vec::new(),
            regions: Dimension::default(),
            periods: Dimension::default(),
            location_periods: Pairs::default(),
            region_periods: Pairs::default(),
            focus,
            shoppers: Dimension::default(),
            channels: Dimension::default(),
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
        self.periods.add(period, shape, true, c);
        self.location_periods.add((location, period), shape, c);
        self.region_periods.add((region, period), shape, c);
        if !crate::ingest::date::in_focus(self.focus.as_deref(), &visit.period) {
            return;
        }
        self.overall.add(c);
        self.locations.add(location, shape, true, c);
        self.regions.add(region, shape, true, c);
        let shopper = self.shoppers.id(&visit.shopper);
        self.shoppers.add(shopper, shape, false, c);
        let channel = self.channels.id(&visit.channel);
        self.channels.add(channel, shape, false, c);
    }

    pub fn finish(self) -> Aggregates {
        let shape = &self.shape;
        let location_regions = self
            .location_regions
            .iter()
            .enumerate()
            .map(|(l, &r)| (self.locations.names.key(l as u32).to_string(), self.regions.names.key(r).to_string()))
            .collect();
        Aggregates {
            overall: self.overall.into_group(shape),
            location_regions,
            location_periods: self.location_periods.into_map(&self.locations.names, &self.periods.names, shape),
            region_periods: self.region_periods.into_map(&self.regions.names, &self.periods.names, shape),
            locations: self.locations.into_map(shape),
            regions: self.regions.into_map(shape),
            periods: self.periods.into_map(shape),
            shoppers: self.shoppers.into_map(shape),
            channels: self.channels.into_map(shape),
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
