//! Scored visits to group totals: by location, region, period, location × period,
//! shopper, channel, and overall (SCORING.md §4).
//!
//! Memory grows with the number of groups × (sections + questions), never with the
//! number of visits: each visit is added to its groups and forgotten.

mod group;

use std::collections::BTreeMap;

pub use group::{Group, Mean, QuestionStats};

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
    template: Group,
}

impl Aggregates {
    pub fn new(rubric: &Rubric) -> Aggregates {
        let template = Group::new(rubric.sections.len(), rubric.questions.len(), rubric.grades.len());
        Aggregates {
            overall: template.clone(),
            locations: BTreeMap::new(),
            location_regions: BTreeMap::new(),
            regions: BTreeMap::new(),
            periods: BTreeMap::new(),
            location_periods: BTreeMap::new(),
            shoppers: BTreeMap::new(),
            channels: BTreeMap::new(),
            template,
        }
    }

    /// Adds one scored visit to every group it belongs to.
    pub fn add(&mut self, rubric: &Rubric, visit: &Visit, score: &VisitScore) {
        let grade = score.score.and_then(|s| rubric.grades.iter().position(|g| s >= g.min));
        let t = &self.template;
        self.overall.add(visit, score, grade);
        entry(&mut self.locations, &visit.location, t).add(visit, score, grade);
        if !self.location_regions.contains_key(&visit.location) {
            self.location_regions.insert(visit.location.clone(), visit.region.clone());
        }
        entry(&mut self.regions, &visit.region, t).add(visit, score, grade);
        entry(&mut self.periods, &visit.period, t).add(visit, score, grade);
        let by_period = entry(&mut self.location_periods, &visit.location, &BTreeMap::new());
        entry(by_period, &visit.period, t).add(visit, score, grade);
        entry(&mut self.shoppers, &visit.shopper, t).add(visit, score, grade);
        entry(&mut self.channels, &visit.channel, t).add(visit, score, grade);
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

/// The group under `key`, created from `template` on first use; allocates only then.
fn entry<'a, V: Clone>(map: &'a mut BTreeMap<String, V>, key: &str, template: &V) -> &'a mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), template.clone());
    }
    match map.get_mut(key) {
        Some(g) => g,
        None => unreachable!("inserted above"),
    }
}
