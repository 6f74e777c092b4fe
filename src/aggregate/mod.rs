//! Scored visits to group totals: by location, region, period, location × period,
//! shopper, channel, and overall (SCORING.md §4).
//!
//! Memory grows with the number of groups × (sections + questions), never with the
//! number of visits: each visit is added to its groups and forgotten.

mod group;
mod keyed;

use std::collections::BTreeMap;

pub use group::{Group, Mean, QuestionStats, SCORE_BINS, score_bin};
use keyed::{Keyed, Pairs};

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
#[derive(Debug, Clone)]
pub struct Aggregator {
    overall: Group,
    locations: Keyed,
    /// Per location id: the region id it was first seen in.
    location_regions: Vec<u32>,
    regions: Keyed,
    periods: Keyed,
    location_periods: Pairs,
    region_periods: Pairs,
    /// With `--period`: the period being scored; visits of other periods only feed the
    /// per-period groups, for comparison.
    focus: Option<String>,
    shoppers: Keyed,
    channels: Keyed,
    template: Group,
    /// The template without question totals, for shoppers and channels.
    brief: Group,
}

impl Aggregator {
    pub fn new(rubric: &Rubric, focus: Option<String>) -> Aggregator {
        let template = Group::new(rubric.sections.len(), rubric.questions.len(), rubric.grades.len());
        Aggregator {
            overall: template.clone(),
            locations: Keyed::default(),
            location_regions: Vec::new(),
            regions: Keyed::default(),
            periods: Keyed::default(),
            location_periods: Pairs::default(),
            region_periods: Pairs::default(),
            focus,
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
        let location = self.locations.id(&visit.location, t);
        let region = self.regions.id(&visit.region, t);
        if location as usize == self.location_regions.len() {
            self.location_regions.push(region);
        }
        let period = self.periods.id(&visit.period, t);
        self.periods.groups[period as usize].add(visit, score, grade);
        self.location_periods.group(location, period, t).add(visit, score, grade);
        self.region_periods.group(region, period, t).add(visit, score, grade);
        if !self.in_focus(&visit.period) {
            return;
        }
        self.overall.add(visit, score, grade);
        self.locations.groups[location as usize].add(visit, score, grade);
        self.regions.groups[region as usize].add(visit, score, grade);
        let t = &self.brief;
        let shopper = self.shoppers.id(&visit.shopper, t);
        self.shoppers.groups[shopper as usize].add(visit, score, grade);
        let channel = self.channels.id(&visit.channel, t);
        self.channels.groups[channel as usize].add(visit, score, grade);
    }

    fn in_focus(&self, period: &str) -> bool {
        crate::ingest::date::in_focus(self.focus.as_deref(), period)
    }

    pub fn finish(self) -> Aggregates {
        let location_regions = self
            .location_regions
            .iter()
            .enumerate()
            .map(|(l, &r)| (self.locations.key(l as u32).to_string(), self.regions.key(r).to_string()))
            .collect();
        let location_periods = self.location_periods.into_map(&self.locations, &self.periods);
        let region_periods = self.region_periods.into_map(&self.regions, &self.periods);
        // A location or region known only from comparison months has no headline group.
        let mut locations = self.locations.into_map();
        locations.retain(|_, g| g.visits > 0);
        let mut regions = self.regions.into_map();
        regions.retain(|_, g| g.visits > 0);
        Aggregates {
            overall: self.overall,
            location_regions,
            location_periods,
            region_periods,
            locations,
            regions,
            periods: self.periods.into_map(),
            shoppers: self.shoppers.into_map(),
            channels: self.channels.into_map(),
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
