//! Shopper-integrity checks across visits (the rubric's `checks:`): rotation, future
//! dates, and travel time between two locations on one day. Each finding is a data issue
//! on the visit that breaks the rule; scores are untouched.
//!
//! State grows with shoppers × locations × periods (rotation) and, only when the travel
//! check is on, with the visits that carry a time.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::ingest::{Columns, Visit};
use crate::issue::{Issue, IssueKind};
use crate::rubric::Checks;

pub struct Integrity {
    checks: Checks,
    today: Option<NaiveDate>,
    /// "shopper\u{1f}location\u{1f}period" → visits so far.
    rotation: FxHashMap<String, u64>,
    /// (shopper, date) → that shopper's timed visits that day so far.
    days: FxHashMap<(String, NaiveDate), Vec<Seen>>,
}

/// A timed visit, for the travel-time check.
struct Seen {
    minutes: u32,
    location: String,
    file: usize,
    line: u64,
}

impl Integrity {
    /// `today` is the run date ([`crate::config`] resolves it); `None` turns the
    /// future-date check off.
    pub fn new(checks: &Checks, today: Option<NaiveDate>) -> Integrity {
        Integrity { checks: checks.clone(), today, rotation: FxHashMap::default(), days: FxHashMap::default() }
    }

    /// Checks one visit against the visits before it; pushes what it finds onto `out`.
    pub fn check(&mut self, names: &[String], file: usize, cols: &Columns, visit: &Visit, out: &mut Vec<Issue>) {
        let issue = |col: Option<usize>, value: &str, kind, problem| Issue {
            file: names[file].clone(),
            line: visit.line,
            visit_id: visit.visit_id.clone(),
            column: col.map(|c| cols.headers[c].clone()).unwrap_or_default(),
            value: value.to_string(),
            kind,
            problem,
        };
        if self.checks.future_dates
            && let (Some(day), Some(today)) = (visit.day, self.today)
            && day > today
        {
            let problem = format!("the visit is dated after today ({today}); check the date with the shopper");
            out.push(issue(Some(cols.date), &visit.date, IssueKind::FutureDate, problem));
        }
        if visit.shopper.is_empty() {
            return;
        }
        if let Some(max) = self.checks.max_visits_per_shopper_location {
            let key = format!("{}\u{1f}{}\u{1f}{}", visit.shopper, visit.location, visit.period);
            let n = self.rotation.entry(key).or_insert(0);
            *n += 1;
            if *n > max {
                let problem = format!(
                    "shopper {} has visited {} {} times in {}; the rotation allows {max}",
                    visit.shopper, visit.location, n, visit.period
                );
                out.push(issue(cols.shopper, &visit.shopper, IssueKind::Rotation, problem));
            }
        }
        if let (Some(min), Some(day), Some(at)) = (self.checks.min_minutes_between_locations, visit.day, visit.minutes)
        {
            let seen = self.days.entry((visit.shopper.clone(), day)).or_default();
            let clash = seen.iter().find(|s| s.location != visit.location && u64::from(s.minutes.abs_diff(at)) < min);
            if let Some(Seen { minutes: m, location: loc, file: f, line }) = clash {
                let problem = format!(
                    "shopper {} was at {loc} ({} line {line}) {} minutes away from this visit at {}; the rubric needs {min}",
                    visit.shopper,
                    names[*f],
                    m.abs_diff(at),
                    visit.location
                );
                let time = cols.time.map(|t| cols.headers[t].clone());
                out.push(Issue {
                    column: time.unwrap_or_default(),
                    ..issue(None, &format!("{:02}:{:02}", at / 60, at % 60), IssueKind::TooClose, problem)
                });
            }
            seen.push(Seen { minutes: at, location: visit.location.clone(), file, line: visit.line });
        }
    }
}
