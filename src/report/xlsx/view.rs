//! What the summary sheets read from the run, gathered once: the location ranking (so every
//! sheet lists locations in the same order and charts and sparklines can point at rows of
//! other sheets), the periods with a real month, and the rubric's grade and target rules.
//! Every number is taken from the [`Summary`], never recomputed.

use crate::aggregate::{Aggregates, Group};
use crate::focus::{Focus, Headline};
use crate::report::table::display_key;
use crate::rubric::Rubric;
use crate::summary::Summary;

use super::style::{Fills, Styles};

pub struct View<'a> {
    pub summary: &'a Summary,
    pub rubric: &'a Rubric,
    pub agg: &'a Aggregates,
    /// The focus month and window (`None` when no visit has a readable date).
    pub focus: Option<Focus<'a>>,
    /// Locations ranked on their focus-month score, as every sheet lists them.
    pub headlines: Vec<Headline<'a>>,
    /// Periods with a month (`unknown` left out), oldest first.
    pub periods: Vec<&'a str>,
    /// The periods the headline figures are about (the `--period`, else `periods`).
    pub reported: Vec<&'a str>,
    pub styles: Styles,
    /// The colour language's fills for this rubric's grade bands.
    pub fills: Fills,
    /// Year to date against last year's same months, when the run holds both.
    pub ytd: Option<crate::year_to_date::YearToDate>,
}

impl<'a> View<'a> {
    pub fn new(summary: &'a Summary) -> View<'a> {
        let agg = &summary.aggregates;
        View {
            summary,
            rubric: &summary.rubric,
            agg,
            focus: summary.focus(),
            headlines: summary.headlines(),
            periods: summary.dated_periods(),
            reported: summary.reported_periods(),
            styles: Styles::new(),
            fills: Fills::new(&summary.rubric.grades.iter().map(|g| g.name.as_str()).collect::<Vec<_>>()),
            ytd: summary.year_to_date(),
        }
    }

    /// More than one month: the Trend sheet, the change column and sparklines exist.
    pub fn has_trend(&self) -> bool {
        self.periods.len() > 1
    }

    pub fn grade(&self, score: Option<f64>) -> Option<&'a str> {
        score.and_then(|s| self.rubric.grade(s))
    }

    /// A figure's header naming the focus month, `Score 2026-10` (just `Score` when no
    /// visit is dated).
    pub fn now(&self, what: &str) -> String {
        match &self.focus {
            Some(f) => format!("{what} {}", f.label()),
            None => what.to_string(),
        }
    }

    /// The window's label (`Aug-Oct 2026`) when its figures are shown apart from the
    /// focus month's ([`Focus::split`]).
    pub fn window_label(&self) -> Option<String> {
        self.focus.as_ref().filter(|f| f.split()).map(Focus::window_label)
    }

    /// The month before the focus, when the run has one.
    pub fn previous(&self) -> Option<&'a str> {
        self.focus.as_ref().and_then(|f| f.previous)
    }

    /// The whole run in the focus month (the whole run when nothing is dated).
    pub fn overall_now(&self) -> Option<&'a Group> {
        match &self.focus {
            Some(f) => f.overall(),
            None => Some(&self.agg.overall),
        }
    }

    /// A region in the focus month (its whole run when nothing is dated).
    pub fn region_now(&self, name: &str) -> Option<&'a Group> {
        match &self.focus {
            Some(f) => f.region(name),
            None => self.agg.regions.get(name),
        }
    }

    /// A location or region for people: `(blank)` for an empty key.
    pub fn label(key: &str) -> String {
        display_key(key)
    }

    /// The region a location was first seen in.
    pub fn region(&self, location: &str) -> &'a str {
        self.agg.location_regions.get(location).map_or("", String::as_str)
    }

    /// A location's score in one period.
    pub fn period_score(&self, location: &str, period: &str) -> Option<f64> {
        self.agg.location_periods.get(location)?.get(period)?.score.value()
    }
}
