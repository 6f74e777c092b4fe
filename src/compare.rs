//! Period comparison: each location, region, section and question in the latest period
//! against the period before it, with the change and a trend flag. A view of the
//! aggregates, computed once and shown everywhere (summary.json, workbook, table).

use serde::Serialize;

use crate::aggregate::{Aggregates, Group};
use crate::ingest::date::UNKNOWN_PERIOD;
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
}

/// Compares `latest` (the `--period`, else the last dated period) with the period before it.
pub fn compare(
    a: &Aggregates,
    rubric: &Rubric,
    focus: Option<&str>,
    steady: f64,
    min_visits: u64,
) -> Option<Comparison> {
    let dated: Vec<&str> = a.periods.keys().map(String::as_str).filter(|p| *p != UNKNOWN_PERIOD).collect();
    let latest = focus.or(dated.last().copied())?;
    let previous = dated.iter().copied().rfind(|p| *p < latest);
    let pick = |m: &std::collections::BTreeMap<String, Group>, p: Option<&str>| p.and_then(|p| m.get(p)).cloned();
    let change = |now: Option<f64>, before: Option<f64>, small: bool| {
        let delta = now.zip(before).map(|(n, b)| n - b);
        let trend = delta.map(|d| {
            if d > steady {
                Trend::Improved
            } else if d < -steady {
                Trend::Declined
            } else {
                Trend::Steady
            }
        });
        Change { latest: now, previous: before, change: delta, trend, small_sample: small }
    };
    let small = |g: &Option<Group>| g.as_ref().is_none_or(|g| g.score.n < min_visits);
    let groups = |l: Option<Group>, p: Option<Group>| {
        let is_small = small(&l) || (p.is_some() && small(&p));
        change(l.and_then(|g| g.score.value()), p.and_then(|g| g.score.value()), is_small)
    };
    let by = |m: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, Group>>| -> Vec<Named> {
        m.iter()
            .map(|(k, periods)| Named {
                key: k.clone(),
                change: groups(pick(periods, Some(latest)), pick(periods, previous)),
            })
            .collect()
    };
    let (now, before) = (pick(&a.periods, Some(latest)), pick(&a.periods, previous));
    // The same rule as for locations: small in either period.
    let run_small = small(&now) || (before.is_some() && small(&before));
    let sections = rubric
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = |g: &Option<Group>| g.as_ref().and_then(|g| g.sections.get(i)).and_then(|m| m.value());
            Named { key: s.id.clone(), change: change(at(&now), at(&before), run_small) }
        })
        .collect();
    let questions = rubric
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let at = |g: &Option<Group>| g.as_ref().and_then(|g| g.questions.get(i)).and_then(|s| s.pass_rate());
            Named { key: q.id.clone(), change: change(at(&now), at(&before), run_small) }
        })
        .collect();
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
        overall: groups(now.clone(), before.clone()),
        regions: by(&a.region_periods),
        locations,
        sections,
        questions,
        most_improved: rising,
        most_declined: falling,
    })
}
