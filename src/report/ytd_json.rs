//! summary.json's `year_to_date` (docs/scoring.md §19): the months each side covers, and
//! the whole run, each location and each region this year to date against last year's
//! same months, with the visits behind each figure, the change, and `new` for a unit
//! with no scored visit last year. Present only when the run shows a year to date.

use serde::Serialize;

use crate::aggregate::Aggregates;
use crate::year_to_date::{Pair, Span, Totals, YearToDate};

#[derive(Serialize)]
pub(super) struct YtdDoc {
    this_year: SpanDoc,
    last_year: SpanDoc,
    overall: PairDoc,
    locations: Vec<PairDoc>,
    regions: Vec<PairDoc>,
    /// With `fields.levels`: each level, top first, its units by path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    levels: Vec<LevelDoc>,
}

#[derive(Serialize)]
struct LevelDoc {
    level: String,
    units: Vec<PairDoc>,
}

#[derive(Serialize)]
struct SpanDoc {
    /// `YYYY-01`.
    from: String,
    /// The focus month, or the same month a year earlier.
    to: String,
    /// e.g. `Jan-Oct 2026`.
    label: String,
    /// The months of the span that hold a visit, oldest first.
    months_with_visits: Vec<String>,
}

#[derive(Serialize)]
struct PairDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    /// A level's unit: its path from the top level, `North / Leeds area`.
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    this_year: FigureDoc,
    last_year: FigureDoc,
    /// this year − last year, in points; `null` when either has no score.
    change: Option<f64>,
    /// A score this year and no scored visit last year.
    new: bool,
}

#[derive(Serialize)]
struct FigureDoc {
    visits: u64,
    scored_visits: u64,
    score: Option<f64>,
    small_sample: bool,
}

impl YtdDoc {
    pub(super) fn new(y: YearToDate, a: &Aggregates, min_visits: u64) -> YtdDoc {
        let figure = |t: Totals| FigureDoc {
            visits: t.visits,
            scored_visits: t.scored,
            score: t.score(),
            small_sample: t.scored < min_visits,
        };
        let pair = |p: Pair, location: Option<String>, region: Option<String>| PairDoc {
            location,
            region,
            unit: None,
            this_year: figure(p.this),
            last_year: figure(p.last),
            change: p.change(),
            new: p.is_new(),
        };
        let span = |s: &Span, months: Vec<String>| SpanDoc {
            from: s.first.clone(),
            to: s.last.clone(),
            label: s.label(),
            months_with_visits: months,
        };
        YtdDoc {
            this_year: span(&y.this, y.this_months),
            last_year: span(&y.last, y.last_months),
            overall: pair(y.overall, None, None),
            locations: y
                .locations
                .into_iter()
                .map(|(k, p)| {
                    let region = a.location_regions.get(&k).cloned();
                    pair(p, Some(k), region)
                })
                .collect(),
            regions: y.regions.into_iter().map(|(k, p)| pair(p, None, Some(k))).collect(),
            levels: y
                .levels
                .into_iter()
                .map(|(level, units)| LevelDoc {
                    level,
                    units: units.into_iter().map(|(k, p)| PairDoc { unit: Some(k), ..pair(p, None, None) }).collect(),
                })
                .collect(),
        }
    }
}
