//! The org chart above the location (`fields.levels`, e.g. region → area): per level,
//! each unit's totals over the window, per period, and per location and period (a
//! location under every unit it was reported in, with its visits there).
//!
//! A unit is named by its path from the top, `North / Leeds`, so two areas of one name in
//! two regions stay apart; its parent is the path one level up. Plain totals (visits,
//! the mean score, critical-failure visits), added visit by visit in input order as the
//! other groups are, apart from the tuned cells of [`super::Aggregator`]: a run without
//! levels never builds one.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{Interner, Mean};
use crate::ingest::Visit;
use crate::score::VisitScore;

/// Between the names of a path's levels: `North / Leeds`.
pub const PATH_SEPARATOR: &str = " / ";

/// The totals of one group of a level.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Visits counted, with or without a score.
    pub visits: u64,
    /// Mean of the visit scores that exist; `n` is how many.
    pub score: Mean,
    /// Visits with at least one critical failure.
    pub critical_visits: u64,
}

impl Tally {
    fn add(&mut self, score: &VisitScore) {
        self.visits += 1;
        if let Some(s) = score.score {
            self.score.add(s);
        }
        self.critical_visits += u64::from(score.critical_failures > 0);
    }
}

/// One unit of a level: an area, a region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unit {
    /// Its own name, as the cell reads (`Leeds`).
    pub name: String,
    /// The path of the unit above it (`North`); `None` at the top level.
    pub parent: Option<String>,
    /// Its totals over the window (the `--period` only, with one).
    pub window: Tally,
    /// period → its totals, every period read (comparison months too).
    pub periods: BTreeMap<String, Tally>,
    /// location → period → the location's totals under this unit.
    pub locations: BTreeMap<String, BTreeMap<String, Tally>>,
}

/// One level: its name (the column header) and its units by path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Level {
    pub name: String,
    pub units: BTreeMap<String, Unit>,
    /// The lowest level only (empty on the others): location → the path of the unit its
    /// latest window visit was under (by date, then input order; undated visits count as
    /// before every dated one).
    pub latest: BTreeMap<String, String>,
}

/// A level while the run streams: units by dense id.
#[derive(Debug, Clone, Default)]
struct Building {
    name: String,
    paths: Interner,
    /// Per unit id: its own name and its parent's id.
    units: Vec<(String, Option<u32>)>,
    window: Vec<Tally>,
    periods: FxHashMap<(u32, u32), Tally>,
    locations: FxHashMap<(u32, u32, u32), Tally>,
}

/// Builds every level's totals one visit at a time.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    levels: Vec<Building>,
    /// Per location id: the date and lowest-level unit id of its latest window visit.
    latest: FxHashMap<u32, (Option<chrono::NaiveDate>, u32)>,
    /// The path being looked up, reused from visit to visit.
    path: String,
}

/// The path of `cells` (a visit's level cells, top first), as units are named.
pub fn path<S: AsRef<str>>(cells: &[S]) -> String {
    cells.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(PATH_SEPARATOR)
}

impl Levels {
    /// The levels named by `headers`, top first.
    pub fn new(headers: &[String]) -> Levels {
        let levels = headers.iter().map(|h| Building { name: h.clone(), ..Building::default() }).collect();
        Levels { levels, latest: FxHashMap::default(), path: String::new() }
    }

    /// Adds a counted visit, filed under location id `location` and period id `period`
    /// (the [`super::Ids`] of the same visit); `in_window`: it counts in the window's
    /// totals, not only per period.
    pub fn add(&mut self, visit: &Visit, score: &VisitScore, location: u32, period: u32, in_window: bool) {
        self.path.clear();
        let mut parent = None;
        for (k, level) in self.levels.iter_mut().enumerate() {
            let cell = visit.levels.get(k).map_or("", String::as_str);
            if k > 0 {
                self.path.push_str(PATH_SEPARATOR);
            }
            self.path.push_str(cell);
            let unit = level.paths.id(&self.path);
            if unit as usize == level.units.len() {
                level.units.push((cell.to_string(), parent));
                level.window.push(Tally::default());
            }
            level.periods.entry((unit, period)).or_default().add(score);
            if in_window {
                if let Some(t) = level.window.get_mut(unit as usize) {
                    t.add(score);
                }
                level.locations.entry((unit, location, period)).or_default().add(score);
            }
            parent = Some(unit);
        }
        if let (Some(unit), true) = (parent, in_window) {
            let last = self.latest.entry(location).or_insert((visit.day, unit));
            if visit.day >= last.0 {
                *last = (visit.day, unit);
            }
        }
    }

    /// Every level's totals, top first; `locations` and `periods` name the ids `add` was
    /// given.
    pub fn finish(self, locations: &Interner, periods: &Interner) -> Vec<Level> {
        let mut done: Vec<Level> = Vec::with_capacity(self.levels.len());
        let mut above: Option<Interner> = None;
        let lowest = self.levels.len().saturating_sub(1);
        for (k, b) in self.levels.into_iter().enumerate() {
            let mut units: Vec<Unit> = b
                .units
                .iter()
                .zip(b.window)
                .map(|((name, parent), window)| Unit {
                    name: name.clone(),
                    parent: parent.zip(above.as_ref()).map(|(p, a)| a.key(p).to_string()),
                    window,
                    ..Unit::default()
                })
                .collect();
            for ((u, p), t) in b.periods {
                if let Some(unit) = units.get_mut(u as usize) {
                    unit.periods.insert(periods.key(p).to_string(), t);
                }
            }
            for ((u, l, p), t) in b.locations {
                if let Some(unit) = units.get_mut(u as usize) {
                    let location = unit.locations.entry(locations.key(l).to_string()).or_default();
                    location.insert(periods.key(p).to_string(), t);
                }
            }
            let units = units.into_iter().enumerate().map(|(i, u)| (b.paths.key(i as u32).to_string(), u)).collect();
            let latest = match k == lowest {
                true => self
                    .latest
                    .iter()
                    .map(|(&l, &(_, u))| (locations.key(l).to_string(), b.paths.key(u).to_string()))
                    .collect(),
                false => BTreeMap::new(),
            };
            done.push(Level { name: b.name, units, latest });
            above = Some(b.paths);
        }
        done
    }
}
