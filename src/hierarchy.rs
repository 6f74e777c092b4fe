//! The org chart as the reports show it (`fields.levels`): each level's units ranked on
//! their focus-month score, with the change since the previous month, the share of
//! their stores on target and their critical-failure visits, and the stores under each.
//! A view of the [`Summary`]'s level totals ([`crate::aggregate::levels`]), computed
//! once for summary.json, the workbook, the terminal table and the cards.

use crate::aggregate::levels::{Level, PATH_SEPARATOR, Tally, Unit};
use crate::compare::Change;
use crate::summary::Summary;
use crate::target::TargetStatus;

/// A unit's path (or its own name) as people read it: each blank level is `(blank)`,
/// `North / ` is `North / (blank)`, as `(blank)` names a blank location or region.
pub fn shown(path: &str) -> String {
    path.split(PATH_SEPARATOR)
        .map(|cell| if cell.is_empty() { "(blank)" } else { cell })
        .collect::<Vec<_>>()
        .join(PATH_SEPARATOR)
}

/// One level, its units best first.
#[derive(Debug, Clone)]
pub struct LevelView<'a> {
    /// The level's column header, as the rubric writes it (`Area`).
    pub name: &'a str,
    pub units: Vec<UnitView<'a>>,
    /// The lowest level only: each location's unit (path) of its latest visit.
    pub latest: &'a std::collections::BTreeMap<String, String>,
}

/// One unit of a level in the focus month.
#[derive(Debug, Clone)]
pub struct UnitView<'a> {
    /// `North / Leeds area`: the unit's key.
    pub path: &'a str,
    pub unit: &'a Unit,
    /// Its place on focus-month scores; `None` without a scored visit then.
    pub rank: Option<usize>,
    /// Its totals in the focus month; `None` without a visit then.
    pub now: Option<&'a Tally>,
    /// The focus month against the previous one, as for a location.
    pub change: Change,
    /// Its stores with a focus-month score under it, and how many of them reach the
    /// rubric's target there; `None` without a target.
    pub on_target: Option<(u64, u64)>,
    /// The stores reported under it in the focus month, with their totals there, best
    /// first (by score, then name; unscored last).
    pub locations: Vec<(&'a str, &'a Tally)>,
}

impl UnitView<'_> {
    /// The percent (0 to 100, as every share) of its scored stores on target; `None`
    /// without a target or without a scored store.
    ///
    /// (`of >= 0` for `of > 0` is an equivalent mutant: 0 / 0 is NaN, which summary.json
    /// writes as `null` and the workbook as an empty cell, as it does `None`.)
    pub fn on_target_share(&self) -> Option<f64> {
        self.on_target.and_then(|(on, of)| (of > 0).then(|| 100.0 * on as f64 / of as f64))
    }

    /// Fewer scored visits than the run's small-sample size in the focus month.
    pub fn small_sample(&self) -> bool {
        self.change.small_sample
    }
}

/// Best first: by score (highest first), then key; unscored last.
fn best_first<T>(list: &mut [(Option<f64>, &str, T)]) {
    list.sort_by(|a, b| crate::aggregate::best_first((a.0, a.1), (b.0, b.1)));
}

impl Summary {
    /// Every level, top first, its units ranked on the focus month (the whole run when no
    /// visit is dated); empty without `fields.levels`.
    pub fn hierarchy(&self) -> Vec<LevelView<'_>> {
        // Without a dated visit every visit is in the `unknown` period: that is the focus.
        let (focus, previous, steady) = match self.comparison.as_ref() {
            Some(c) => (c.latest_period.as_str(), c.previous_period.as_deref(), c.steady_within),
            None => (crate::date::UNKNOWN_PERIOD, None, 0.0),
        };
        self.aggregates.levels.iter().map(|l| self.level_view(l, focus, previous, steady)).collect()
    }

    fn level_view<'a>(&'a self, level: &'a Level, focus: &str, previous: Option<&str>, steady: f64) -> LevelView<'a> {
        let target = self.rubric.target;
        let min = self.min_visits;
        let mut units: Vec<(Option<f64>, &str, UnitView<'a>)> = level
            .units
            .iter()
            .map(|(path, unit)| {
                let now = unit.periods.get(focus);
                let before = previous.and_then(|p| unit.periods.get(p));
                let small = now.is_none_or(|t| t.score.n < min) || before.is_some_and(|t| t.score.n < min);
                let score = now.and_then(|t| t.score.value());
                let change = Change::new(score, before.and_then(|t| t.score.value()), small, steady);
                let mut locations: Vec<(Option<f64>, &str, &Tally)> = unit
                    .locations
                    .iter()
                    .filter_map(|(l, periods)| periods.get(focus).map(|t| (t.score.value(), l.as_str(), t)))
                    .collect();
                best_first(&mut locations);
                let scored = locations.iter().filter(|l| l.0.is_some()).count() as u64;
                let on = locations.iter().filter(|l| TargetStatus::of(l.0, target) == Some(TargetStatus::On)).count();
                let view = UnitView {
                    path,
                    unit,
                    rank: None,
                    now,
                    change,
                    on_target: target.map(|_| (on as u64, scored)),
                    locations: locations.into_iter().map(|(_, l, t)| (l, t)).collect(),
                };
                (score, path.as_str(), view)
            })
            .collect();
        best_first(&mut units);
        let mut rank = 0;
        let units = units
            .into_iter()
            .map(|(score, _, mut view)| {
                if score.is_some() {
                    rank += 1;
                    view.rank = Some(rank);
                }
                view
            })
            .collect();
        LevelView { name: &level.name, units, latest: &level.latest }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blank_level_is_named_blank() {
        assert_eq!(super::shown("North / "), "North / (blank)");
        assert_eq!(super::shown(" / S3"), "(blank) / S3");
        assert_eq!(super::shown(""), "(blank)");
        assert_eq!(super::shown("North / Leeds area"), "North / Leeds area");
    }
}
