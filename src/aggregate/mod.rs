//! Scored visits to group totals: by location, region, period, location × period,
//! shopper, channel, and overall (SCORING.md §4).
//!
//! Memory grows with the number of groups × (sections + questions), never with the
//! number of visits: each visit is added to its groups and forgotten.

mod group;
mod keyed;

use std::collections::BTreeMap;

pub use group::{Group, Mean, QuestionStats, SCORE_BINS, score_bin};
use keyed::Keyed;
use rustc_hash::FxHashMap;

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
    pub shoppers: BTreeMap<String, Group>,
    pub channels: BTreeMap<String, Group>,
}

/// Builds [`Aggregates`] one visit at a time.
#[derive(Debug, Clone)]
pub struct Aggregator {
    overall: Group,
    locations: Keyed,
    /// Per location id: the region id it was first seen in.
    location_regions: Vec<u32>,
    regions: Keyed,
    periods: Keyed,
    /// (location id, period id) → index into `location_period_groups`.
    location_periods: FxHashMap<(u32, u32), usize>,
    location_period_groups: Vec<Group>,
    shoppers: Keyed,
    channels: Keyed,
    template: Group,
    /// The template without question totals, for shoppers and channels.
    brief: Group,
}

impl Aggregator {
    pub fn new(rubric: &Rubric) -> Aggregator {
        let template = Group::new(rubric.sections.len(), rubric.questions.len(), rubric.grades.len());
        Aggregator {
            overall: template.clone(),
            locations: Keyed::default(),
            location_regions: Vec::new(),
            regions: Keyed::default(),
            periods: Keyed::default(),
            location_periods: FxHashMap::default(),
            location_period_groups: Vec::new(),
            shoppers: Keyed::default(),
            channels: Keyed::default(),
            brief: Group::new(rubric.sections.len(), 0, rubric.grades.len()),
            template,
        }
    }

    /// Adds one scored visit to every group it belongs to.
    pub fn add(&mut self, rubric: &Rubric, visit: &Visit, score: &VisitScore) {
        let grade = score.score.and_then(|s| rubric.grade_index(s));
        let t = &self.template;
        self.overall.add(visit, score, grade);
        let location = self.locations.id(&visit.location, t);
        self.locations.groups[location as usize].add(visit, score, grade);
        let region = self.regions.id(&visit.region, t);
        self.regions.groups[region as usize].add(visit, score, grade);
        if location as usize == self.location_regions.len() {
            self.location_regions.push(region);
        }
        let period = self.periods.id(&visit.period, t);
        self.periods.groups[period as usize].add(visit, score, grade);
        let next = self.location_period_groups.len();
        let lp = *self.location_periods.entry((location, period)).or_insert(next);
        if lp == next {
            self.location_period_groups.push(t.clone());
        }
        self.location_period_groups[lp].add(visit, score, grade);
        let t = &self.brief;
        let shopper = self.shoppers.id(&visit.shopper, t);
        self.shoppers.groups[shopper as usize].add(visit, score, grade);
        let channel = self.channels.id(&visit.channel, t);
        self.channels.groups[channel as usize].add(visit, score, grade);
    }

    pub fn finish(self) -> Aggregates {
        let location_regions = self
            .location_regions
            .iter()
            .enumerate()
            .map(|(l, &r)| (self.locations.key(l as u32).to_string(), self.regions.key(r).to_string()))
            .collect();
        let mut location_periods: BTreeMap<String, BTreeMap<String, Group>> = BTreeMap::new();
        let mut cells: Vec<((u32, u32), usize)> = self.location_periods.into_iter().collect();
        cells.sort_unstable();
        let mut groups: Vec<Option<Group>> = self.location_period_groups.into_iter().map(Some).collect();
        for ((l, p), i) in cells {
            if let Some(g) = groups[i].take() {
                location_periods
                    .entry(self.locations.key(l).to_string())
                    .or_default()
                    .insert(self.periods.key(p).to_string(), g);
            }
        }
        Aggregates {
            overall: self.overall,
            location_regions,
            location_periods,
            locations: self.locations.into_map(),
            regions: self.regions.into_map(),
            periods: self.periods.into_map(),
            shoppers: self.shoppers.into_map(),
            channels: self.channels.into_map(),
        }
    }
}

impl Aggregates {
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
