//! Period comparison: each location, region, section and question in the latest period
//! against the period before it, with the change and a trend flag. A view of the
//! aggregates, computed once and shown everywhere (summary.json, workbook, table).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aggregate::{Aggregates, Group};
use crate::rubric::Rubric;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improved,
    Declined,
    Steady,
}

/// One thing's score in the latest and previous periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub latest: Option<f64>,
    pub previous: Option<f64>,
    /// latest − previous, in points.
    pub change: Option<f64>,
    pub trend: Option<Trend>,
    /// Fewer than the small-sample threshold of scored visits in either period.
    pub small_sample: bool,
}

impl Change {
    /// `now` against `before`: the difference, and steady when within `steady` points.
    pub fn new(now: Option<f64>, before: Option<f64>, small_sample: bool, steady: f64) -> Change {
        let change = now.zip(before).map(|(n, b)| n - b);
        let trend = change.map(|d| {
            if d > steady {
                Trend::Improved
            } else if d < -steady {
                Trend::Declined
            } else {
                Trend::Steady
            }
        });
        Change { latest: now, previous: before, change, trend, small_sample }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub key: String,
    #[serde(flatten)]
    pub change: Change,
}

/// Every comparison of a run with at least one dated period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub latest_period: String,
    pub previous_period: Option<String>,
    /// Changes within ± this many points are steady.
    pub steady_within: f64,
    pub overall: Change,
    pub locations: Vec<Named>,
    pub regions: Vec<Named>,
    pub sections: Vec<Named>,
    /// Pass rates.
    pub questions: Vec<Named>,
    /// Up to three locations with the largest rise (and fall), small samples left out.
    pub most_improved: Vec<Named>,
    pub most_declined: Vec<Named>,
    /// With two or more rubric versions: whether the two periods hold visits scored by
    /// different versions (absent with one rubric file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_change: Option<bool>,
    /// Across a version change, both periods scored on the questions their versions share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub like_for_like: Option<crate::like_for_like::LikeForLike>,
}

impl Comparison {
    /// A location's change; `locations` is in name order, as the aggregates are.
    pub fn location(&self, name: &str) -> Option<&Change> {
        let i = self.locations.binary_search_by(|n| n.key.as_str().cmp(name)).ok()?;
        Some(&self.locations[i].change)
    }
}

/// Compares `latest` (the `--period`, else the last dated period) with the period before it.
pub fn compare<'a>(
    a: &'a Aggregates,
    rubric: &Rubric,
    focus: Option<&str>,
    steady: f64,
    min_visits: u64,
) -> Option<Comparison> {
    let dated = a.dated_periods();
    let latest = focus.or(dated.last().copied())?;
    let previous = dated.iter().copied().rfind(|p| *p < latest);
    let pick = |m: &'a BTreeMap<String, Group>, p: Option<&str>| p.and_then(|p| m.get(p));
    let change = |now: Option<f64>, before: Option<f64>, small: bool| Change::new(now, before, small, steady);
    // Small in either period (a group missing from the latest one counts as small).
    let small = |now: Option<&Group>, before: Option<&Group>| {
        now.is_none_or(|g| g.score.n < min_visits) || before.is_some_and(|g| g.score.n < min_visits)
    };
    let groups = |now: Option<&Group>, before: Option<&Group>| {
        change(now.and_then(|g| g.score.value()), before.and_then(|g| g.score.value()), small(now, before))
    };
    let by = |m: &'a BTreeMap<String, BTreeMap<String, Group>>| -> Vec<Named> {
        m.iter()
            .map(|(k, periods)| Named {
                key: k.clone(),
                change: groups(pick(periods, Some(latest)), pick(periods, previous)),
            })
            .collect()
    };
    let (now, before) = (pick(&a.periods, Some(latest)), pick(&a.periods, previous));
    let run_small = small(now, before);
    // One item per section or question, valued from the run's per-period totals.
    let each = |ids: Vec<&str>, value: &dyn Fn(&Group, usize) -> Option<f64>| -> Vec<Named> {
        let at = |g: Option<&Group>, i: usize| g.and_then(|g| value(g, i));
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| Named { key: id.to_string(), change: change(at(now, i), at(before, i), run_small) })
            .collect()
    };
    let sections = each(rubric.sections.iter().map(|s| s.id.as_str()).collect(), &|g, i| {
        g.sections.get(i).and_then(|m| m.value())
    });
    let questions = each(rubric.questions.iter().map(|q| q.id.as_str()).collect(), &|g, i| {
        g.questions.get(i).and_then(|s| s.pass_rate())
    });
    let locations = by(&a.location_periods);
    let mut moved: Vec<&Named> =
        locations.iter().filter(|n| n.change.change.is_some() && !n.change.small_sample).collect();
    moved.sort_by(|x, y| {
        y.change.change.unwrap_or(0.0).total_cmp(&x.change.change.unwrap_or(0.0)).then(x.key.cmp(&y.key))
    });
    let rising = moved.iter().filter(|n| n.change.change.unwrap_or(0.0) > 0.0).take(3).map(|n| (*n).clone()).collect();
    let falling =
        moved.iter().rev().filter(|n| n.change.change.unwrap_or(0.0) < 0.0).take(3).map(|n| (*n).clone()).collect();
    Some(Comparison {
        latest_period: latest.to_string(),
        previous_period: previous.map(str::to_string),
        steady_within: steady,
        overall: groups(now, before),
        regions: by(&a.region_periods),
        locations,
        sections,
        questions,
        most_improved: rising,
        most_declined: falling,
        version_change: None,
        like_for_like: None,
    })
}
