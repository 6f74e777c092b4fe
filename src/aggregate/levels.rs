//! The org chart above the location (`fields.levels`, e.g. region → area): per level,
//! each unit's totals over the window, per period, and per location and period (a
//! location under every unit it was reported in, with its visits there).
//!
//! A unit is its parent unit and its own name, so two areas of one name in two regions
//! stay apart, and so do Region `A / B` + Area `C` and Region `A` + Area `B / C`. Reports
//! name it by its path from the top, `North / Leeds`; its parent is the path one level up.
//! Where two units of a level would read as one path (a cell holding ` / `), the second
//! is named with ` (2)` after it, the third ` (3)`, in the order first met. Plain totals (visits,
//! the mean score, critical-failure visits), added visit by visit in input order as the
//! other groups are, apart from the tuned cells of [`super::Aggregator`]: a run without
//! levels never builds one.

use std::collections::BTreeMap;
use std::fmt::Write;

use rustc_hash::FxHashMap;

use super::{Interner, Mean};
use crate::ingest::Visit;
use crate::score::VisitScore;

/// Between the names of a path's levels: `North / Leeds`.
pub const PATH_SEPARATOR: &str = " / ";

/// Between a unit's parent id and its own name in its internal key: no id holds it.
const KEY_SEPARATOR: char = '\u{1f}';

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
    /// Units by (parent id, own name), joined by [`KEY_SEPARATOR`].
    keys: Interner,
    /// Per unit id: its path as reports show it, unique in the level.
    paths: Interner,
    /// Per unit id: its own name and its parent's id.
    units: Vec<(String, Option<u32>)>,
    window: Vec<Tally>,
    /// (unit, period) and (unit, location, period) → their index in `tallies`.
    periods: FxHashMap<(u32, u32), u32>,
    locations: FxHashMap<(u32, u32, u32), u32>,
    tallies: Vec<Tally>,
}

/// Where a location's last visit was filed at one level: nearly always where its next one
/// goes, so most visits are filed with a comparison, without a lookup.
#[derive(Debug, Clone, Copy)]
struct Hint {
    unit: u32,
    period: u32,
    per_period: u32,
    /// Its (unit, location, period) tally, when the visit counted in the window.
    cell: Option<u32>,
}

/// A location met under a second unit of the lowest level: the unit it was first seen
/// under in the window and this visit's (ids, for [`Levels::moved`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub from: u32,
    pub to: u32,
}

/// Builds every level's totals one visit at a time.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    levels: Vec<Building>,
    /// Per location id, per level: its last visit's place.
    hints: Vec<Vec<Hint>>,
    /// Per location id: the lowest unit of its first window visit, and whether its move
    /// has been told.
    first: Vec<Option<(u32, bool)>>,
    /// Per location id: the date and lowest unit of its latest window visit.
    latest: Vec<Option<(Option<chrono::NaiveDate>, u32)>>,
    /// The path being looked up, reused from visit to visit.
    path: String,
}

/// The path a new unit named `cell` under the unit of path `above` is shown by: the
/// two joined by [`PATH_SEPARATOR`], with ` (2)`, ` (3)`… after it when a unit of the
/// level (`paths`) already reads so.
fn unique_path(paths: &Interner, above: Option<&str>, cell: &str) -> String {
    let path = match above {
        Some(a) => format!("{a}{PATH_SEPARATOR}{cell}"),
        None => cell.to_string(),
    };
    let mut shown = path.clone();
    let mut n = 1;
    while paths.contains(&shown) {
        n += 1;
        shown = format!("{path} ({n})");
    }
    shown
}

/// The index of a new tally pushed onto `tallies`.
fn push(tallies: &mut Vec<Tally>) -> u32 {
    tallies.push(Tally::default());
    (tallies.len() - 1) as u32
}

impl Levels {
    /// The levels named by `headers`, top first.
    pub fn new(headers: &[String]) -> Levels {
        let levels = headers.iter().map(|h| Building { name: h.clone(), ..Building::default() }).collect();
        Levels { levels, ..Levels::default() }
    }

    /// Adds a counted visit, filed under location id `location` and period id `period`
    /// (the [`super::Ids`] of the same visit); `in_window`: it counts in the window's
    /// totals, not only per period. Returns its move, the first time a (named) location
    /// shows up under a second unit of the lowest level in the window.
    pub fn add(
        &mut self,
        visit: &Visit,
        score: &VisitScore,
        location: u32,
        period: u32,
        in_window: bool,
    ) -> Option<Move> {
        let l = location as usize;
        if self.hints.len() <= l {
            self.hints.resize(l + 1, Vec::new());
            self.first.resize(l + 1, None);
            self.latest.resize(l + 1, None);
        }
        let hints = &mut self.hints[l];
        let mut parent = None;
        for k in 0..self.levels.len() {
            let (upper, rest) = self.levels.split_at_mut(k);
            let Some(level) = rest.first_mut() else { break };
            let above = upper.last().map(|b| &b.paths);
            let cell = visit.levels.get(k).map_or("", String::as_str);
            let hint = hints.get(k).copied();
            let same = |h: &Hint| level.units.get(h.unit as usize).is_some_and(|(n, p)| n == cell && *p == parent);
            let unit = match hint.filter(same) {
                Some(h) => h.unit,
                None => {
                    self.path.clear();
                    if let Some(p) = parent {
                        // Writing into a String cannot fail.
                        let _ = write!(self.path, "{p}");
                    }
                    self.path.push(KEY_SEPARATOR);
                    self.path.push_str(cell);
                    let unit = level.keys.id(&self.path);
                    if unit as usize == level.units.len() {
                        let above = parent.zip(above).map(|(p, a)| a.key(p));
                        let path = unique_path(&level.paths, above, cell);
                        level.paths.id(&path);
                        level.units.push((cell.to_string(), parent));
                        level.window.push(Tally::default());
                    }
                    unit
                }
            };
            let again = hint.filter(|h| h.unit == unit && h.period == period);
            let tallies = &mut level.tallies;
            let per_period = match again {
                Some(h) => h.per_period,
                None => *level.periods.entry((unit, period)).or_insert_with(|| push(tallies)),
            };
            let cell = match (in_window, again.and_then(|h| h.cell)) {
                (false, _) => None,
                (true, Some(c)) => Some(c),
                (true, None) => Some(*level.locations.entry((unit, location, period)).or_insert_with(|| push(tallies))),
            };
            for i in std::iter::once(per_period).chain(cell) {
                if let Some(t) = tallies.get_mut(i as usize) {
                    t.add(score);
                }
            }
            if in_window && let Some(t) = level.window.get_mut(unit as usize) {
                t.add(score);
            }
            let now = Hint { unit, period, per_period, cell };
            match hints.get_mut(k) {
                Some(h) => *h = now,
                None => hints.push(now),
            }
            parent = Some(unit);
        }
        let unit = parent.filter(|_| in_window)?;
        let latest = &mut self.latest[l];
        if latest.is_none_or(|(day, _)| visit.day >= day) {
            *latest = Some((visit.day, unit));
        }
        match &mut self.first[l] {
            None => {
                self.first[l] = Some((unit, false));
                None
            }
            Some((from, told)) if *from != unit && !*told && !visit.location.is_empty() => {
                *told = true;
                Some(Move { from: *from, to: unit })
            }
            Some(_) => None,
        }
    }

    /// A move's two paths and the index of the highest level where they part.
    pub fn moved(&self, m: Move) -> (&str, &str, usize) {
        let Some(lowest) = self.levels.last() else { return ("", "", 0) };
        // Each unit's ancestors, lowest first: ids one level up at a time.
        let chain = |mut id: Option<u32>| {
            let mut ids = Vec::new();
            for level in self.levels.iter().rev() {
                let Some(u) = id else { break };
                ids.push(u);
                id = level.units.get(u as usize).and_then(|x| x.1);
            }
            ids.reverse();
            ids
        };
        let (a, b) = (chain(Some(m.from)), chain(Some(m.to)));
        let level = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(0);
        (lowest.paths.key(m.from), lowest.paths.key(m.to), level)
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
            let tally = |i: u32| b.tallies.get(i as usize).copied().unwrap_or_default();
            for (&(u, p), &i) in &b.periods {
                if let Some(unit) = units.get_mut(u as usize) {
                    unit.periods.insert(periods.key(p).to_string(), tally(i));
                }
            }
            for (&(u, l, p), &i) in &b.locations {
                if let Some(unit) = units.get_mut(u as usize) {
                    let location = unit.locations.entry(locations.key(l).to_string()).or_default();
                    location.insert(periods.key(p).to_string(), tally(i));
                }
            }
            let units = units.into_iter().enumerate().map(|(i, u)| (b.paths.key(i as u32).to_string(), u)).collect();
            let latest = match k == lowest {
                true => (0..)
                    .zip(&self.latest)
                    .filter_map(|(l, x)| x.map(|(_, u)| (locations.key(l).to_string(), b.paths.key(u).to_string())))
                    .collect(),
                false => BTreeMap::new(),
            };
            done.push(Level { name: b.name, units, latest });
            above = Some(b.paths);
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A visit under `cells` (region, area) at `day` (of 2026-`month`), scored `score`,
    /// with `critical` failures.
    fn visit(location: &str, cells: [&str; 2], month: u32, day: u32) -> Visit {
        Visit {
            location: location.into(),
            levels: cells.iter().map(|c| c.to_string()).collect(),
            day: chrono::NaiveDate::from_ymd_opt(2026, month, day),
            ..Visit::default()
        }
    }

    fn scored(score: Option<f64>, critical_failures: u32) -> VisitScore {
        VisitScore { score, sections: vec![], critical_failures }
    }

    /// Five visits, the window being October only (September is compared with):
    /// 1. L1 North/Leeds 2026-09-10, 40 (comparison only)
    /// 2. L1 North/Leeds 2026-10-06, 70
    /// 3. L1 North/York  2026-10-13, 50 (L1 moved)
    /// 4. L2 North/York  2026-10-20, 90, a critical failure counted, score kept (flag)
    /// 5. L2 North/York  2026-10-21, no score
    ///
    /// By hand: North in October (2-5) has 4 visits, 3 scored, (70 + 50 + 90) / 3 = 70,
    /// 1 critical; in September 40. North / Leeds: October 70 (visit 2), September 40;
    /// North / York: October (50 + 90) / 2 = 70 over 3 visits, 1 critical; no September.
    /// Under York, L1 has its one visit there (50), L2 two (90 over 1 scored). L1's latest
    /// window visit (13 Oct) was under York, and visit 3 is its move (visit 1, of a
    /// compared month, is not the window's).
    #[test]
    fn each_unit_counts_the_visits_reported_under_it() {
        let mut levels = Levels::new(&["Region".to_string(), "Area".to_string()]);
        let (mut locations, mut periods) = (Interner::default(), Interner::default());
        let rows = [
            ("L1", ["North", "Leeds"], 9, 10, Some(40.0), 0, false),
            ("L1", ["North", "Leeds"], 10, 6, Some(70.0), 0, true),
            ("L1", ["North", "York"], 10, 13, Some(50.0), 0, true),
            ("L2", ["North", "York"], 10, 20, Some(90.0), 1, true),
            ("L2", ["North", "York"], 10, 21, None, 0, true),
        ];
        let mut moves = Vec::new();
        for (location, cells, month, day, score, critical, in_window) in rows {
            let l = locations.id(location);
            let p = periods.id(&format!("2026-{month:02}"));
            moves.push(levels.add(&visit(location, cells, month, day), &scored(score, critical), l, p, in_window));
        }
        // L1's first window visit (2) was under Leeds (area id 0); visit 3 under York (1).
        assert_eq!(moves, [None, None, Some(Move { from: 0, to: 1 }), None, None]);
        assert_eq!(levels.moved(Move { from: 0, to: 1 }), ("North / Leeds", "North / York", 1), "the area changed");
        let done = levels.finish(&locations, &periods);
        let names: Vec<&str> = done.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Region", "Area"]);
        let tally = |visits, sum, n, critical_visits| Tally { visits, score: Mean { sum, n }, critical_visits };
        let north = &done[0].units["North"];
        assert_eq!((north.name.as_str(), north.parent.as_deref()), ("North", None));
        assert_eq!(north.window, tally(4, 210.0, 3, 1));
        assert_eq!(north.window.score.value(), Some(70.0));
        assert_eq!(north.periods["2026-09"], tally(1, 40.0, 1, 0));
        assert_eq!(north.periods["2026-10"], north.window);
        let area_keys: Vec<&str> = done[1].units.keys().map(String::as_str).collect();
        assert_eq!(area_keys, ["North / Leeds", "North / York"]);
        let leeds = &done[1].units["North / Leeds"];
        assert_eq!((leeds.name.as_str(), leeds.parent.as_deref()), ("Leeds", Some("North")));
        assert_eq!(leeds.window, tally(1, 70.0, 1, 0));
        assert_eq!(leeds.periods["2026-09"], tally(1, 40.0, 1, 0));
        let york = &done[1].units["North / York"];
        assert_eq!(york.window, tally(3, 140.0, 2, 1));
        assert!(!york.periods.contains_key("2026-09"));
        assert_eq!(york.locations["L1"]["2026-10"], tally(1, 50.0, 1, 0));
        assert_eq!(york.locations["L2"]["2026-10"], tally(2, 90.0, 1, 1));
        assert!(!leeds.locations["L1"].contains_key("2026-09"), "a compared month is not the window's");
        assert!(done[0].latest.is_empty(), "only the lowest level keeps the latest unit");
        assert_eq!(done[1].latest["L1"], "North / York");
        assert_eq!(done[1].latest["L2"], "North / York");
    }

    /// Two areas of one name in two regions stay apart: L1's second visit is under South /
    /// Leeds, a unit of its own (its area's name is its first visit's, its region is not),
    /// and the move of L1 (from North / Leeds, id 0, to South / Leeds, id 1).
    #[test]
    fn an_area_of_the_same_name_in_another_region_is_another_unit() {
        let mut levels = Levels::new(&["Region".to_string(), "Area".to_string()]);
        let (mut locations, mut periods) = (Interner::default(), Interner::default());
        let (l, p) = (locations.id("L1"), periods.id("2026-10"));
        let first = levels.add(&visit("L1", ["North", "Leeds"], 10, 1), &scored(Some(40.0), 0), l, p, true);
        let second = levels.add(&visit("L1", ["South", "Leeds"], 10, 2), &scored(Some(80.0), 0), l, p, true);
        assert_eq!((first, second), (None, Some(Move { from: 0, to: 1 })));
        let done = levels.finish(&locations, &periods);
        let areas: Vec<(&str, Option<f64>)> =
            done[1].units.iter().map(|(k, u)| (k.as_str(), u.window.score.value())).collect();
        assert_eq!(areas, [("North / Leeds", Some(40.0)), ("South / Leeds", Some(80.0))]);
    }

    /// Region `A / B` + Area `C` (S1, 40) and Region `A` + Area `B / C` (S2, 80) are two
    /// areas with two parents, though both read `A / B / C`: the second met is shown as
    /// `A / B / C (2)`. By hand: each area has its one visit, 40 and 80, not one of 60.
    #[test]
    fn a_cell_holding_the_separator_makes_no_unit_of_two() {
        let mut levels = Levels::new(&["Region".to_string(), "Area".to_string()]);
        let (mut locations, mut periods) = (Interner::default(), Interner::default());
        let p = periods.id("2026-10");
        let s1 = locations.id("S1");
        levels.add(&visit("S1", ["A / B", "C"], 10, 1), &scored(Some(40.0), 0), s1, p, true);
        let s2 = locations.id("S2");
        levels.add(&visit("S2", ["A", "B / C"], 10, 1), &scored(Some(80.0), 0), s2, p, true);
        let done = levels.finish(&locations, &periods);
        let areas: Vec<(&str, &str, Option<&str>, Option<f64>)> = done[1]
            .units
            .iter()
            .map(|(k, u)| (k.as_str(), u.name.as_str(), u.parent.as_deref(), u.window.score.value()))
            .collect();
        assert_eq!(
            areas,
            [("A / B / C", "C", Some("A / B"), Some(40.0)), ("A / B / C (2)", "B / C", Some("A"), Some(80.0))]
        );
        assert_eq!(done[1].latest["S2"], "A / B / C (2)");
    }
}
