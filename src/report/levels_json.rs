//! summary.json's `levels` (only with `fields.levels`): per level of the org chart, its
//! units ranked on the focus month, each with its change since the previous month, its
//! stores' share on target, its critical-failure visits, its parent and the stores
//! reported under it with their figures there. Numbers carry every digit.

use serde::Serialize;

use crate::aggregate::levels::Tally;
use crate::compare::Trend;
use crate::hierarchy::{LevelView, UnitView};

#[derive(Serialize)]
pub(super) struct LevelDoc<'a> {
    /// The level's column header, as the rubric writes it.
    level: &'a str,
    units: Vec<UnitDoc<'a>>,
}

#[derive(Serialize)]
struct UnitDoc<'a> {
    /// The place on focus-month scores; `null` without a scored visit then.
    rank: Option<usize>,
    /// The unit's path from the top level, `North / Leeds area`: its key.
    unit: &'a str,
    /// Its own name, `Leeds area`.
    name: &'a str,
    /// The path of the unit above it; `null` at the top level.
    parent: Option<&'a str>,
    /// The focus month's figures.
    visits: u64,
    scored_visits: u64,
    score: Option<f64>,
    small_sample: bool,
    previous_score: Option<f64>,
    change: Option<f64>,
    trend: Option<Trend>,
    /// Stores with a focus-month score under the unit, those at or above the rubric's
    /// `target` there, and their share (`null` without a target or a scored store).
    scored_locations: u64,
    on_target_locations: Option<u64>,
    on_target_share: Option<f64>,
    critical_failure_visits: u64,
    /// The window's totals (every month of the run; the `--period` with one).
    window: TallyDoc,
    /// The stores reported under the unit in the focus month, best first.
    locations: Vec<LocationDoc<'a>>,
}

#[derive(Serialize)]
struct TallyDoc {
    visits: u64,
    scored_visits: u64,
    score: Option<f64>,
    critical_failure_visits: u64,
}

impl From<&Tally> for TallyDoc {
    fn from(t: &Tally) -> TallyDoc {
        TallyDoc {
            visits: t.visits,
            scored_visits: t.score.n,
            score: t.score.value(),
            critical_failure_visits: t.critical_visits,
        }
    }
}

#[derive(Serialize)]
struct LocationDoc<'a> {
    location: &'a str,
    #[serde(flatten)]
    figures: TallyDoc,
}

/// The `levels` key: `None` (left out) without levels.
pub(super) fn levels<'a>(views: &[LevelView<'a>]) -> Option<Vec<LevelDoc<'a>>> {
    (!views.is_empty()).then(|| views.iter().map(level).collect())
}

fn level<'a>(v: &LevelView<'a>) -> LevelDoc<'a> {
    LevelDoc { level: v.name, units: v.units.iter().map(unit).collect() }
}

fn unit<'a>(u: &UnitView<'a>) -> UnitDoc<'a> {
    let now = u.now.copied().unwrap_or_default();
    UnitDoc {
        rank: u.rank,
        unit: u.path,
        name: &u.unit.name,
        parent: u.unit.parent.as_deref(),
        visits: now.visits,
        scored_visits: now.score.n,
        score: now.score.value(),
        small_sample: u.small_sample(),
        previous_score: u.change.previous,
        change: u.change.change,
        trend: u.change.trend,
        scored_locations: u
            .on_target
            .map_or_else(|| u.locations.iter().filter(|l| l.1.score.n > 0).count() as u64, |t| t.1),
        on_target_locations: u.on_target.map(|t| t.0),
        on_target_share: u.on_target_share(),
        critical_failure_visits: now.critical_visits,
        window: TallyDoc::from(&u.unit.window),
        locations: u.locations.iter().map(|&(location, t)| LocationDoc { location, figures: t.into() }).collect(),
    }
}
