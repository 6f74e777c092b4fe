//! What follow-up needs from the stream, kept as the run reads (one call per visit), so
//! that the pure rules of the sibling modules can run once it ends: the focus month's
//! alerts and failed-answer comments ([`Latest`]), each (location, question)'s failures in
//! a row, the comparable scored visits of each shopper, and each shopper's data issues
//! and disputed visits.
//!
//! Memory: the focus month's alerts and comments, a few bytes per (location, question),
//! and 16 bytes per visit with a shopper for the deviations.

use std::collections::HashMap;

use chrono::Datelike;

use super::Alert;
use super::actions::{Kept, Notes};
use super::alerts::alert;
use super::latest::Latest;
use super::shoppers::{Deviation, Scored, deviations};
use super::streaks::{Key, Streak};
use crate::aggregate::Interner;
use crate::ingest::Visit;
use crate::ingest::answer::Answer;
use crate::rubric::Rubric;
use crate::score::VisitScore;

/// Keeps what follow-up needs while the run streams.
#[derive(Debug)]
pub struct Collector {
    alert_below: Option<f64>,
    /// A corrections file is given: disputed visits are counted.
    disputes: bool,
    /// Input order of the visits seen.
    seq: u64,
    month: Latest<Month>,
    locations: Interner,
    periods: Interner,
    shoppers: Interner,
    streaks: HashMap<(u32, usize), Streak>,
    scored: Vec<Scored>,
    /// Per shopper id: data issues, disputed visits.
    issues: HashMap<u32, u64>,
    disputed: HashMap<u32, u64>,
}

/// The focus month's alerts, and comments on failed answers per (location id, question).
#[derive(Debug, Default)]
struct Month {
    alerts: Vec<Alert>,
    notes: HashMap<(u32, usize), Notes>,
}

/// What a run's stream kept, by name.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// The month the alerts and comments are of (`None`: no visit is dated).
    pub period: Option<String>,
    pub alerts: Vec<Alert>,
    pub kept: Kept,
    /// Every shopper seen on a visit of the run: deviation, data issues, disputed visits.
    pub shoppers: HashMap<String, (Deviation, u64, u64)>,
    /// A corrections file was given (disputed visits are counted).
    pub disputes: bool,
}

impl Collector {
    /// `focus` is the `--period`; `disputes`, a corrections file is given.
    pub fn new(alert_below: Option<f64>, focus: Option<&str>, disputes: bool) -> Collector {
        Collector {
            alert_below,
            disputes,
            seq: 0,
            month: Latest::new(focus),
            locations: Interner::default(),
            periods: Interner::default(),
            shoppers: Interner::default(),
            streaks: HashMap::new(),
            scored: Vec::new(),
            issues: HashMap::new(),
            disputed: HashMap::new(),
        }
    }

    /// A visit the run reports (of its window, not only compared with), read from `file`;
    /// `counts`: it counts in the figures (not void or replaced); `disputed`: a
    /// corrections row names it.
    pub fn visit(
        &mut self,
        rubric: &Rubric,
        file: &str,
        visit: &Visit,
        score: &VisitScore,
        counts: bool,
        disputed: bool,
    ) {
        let shopper = (!visit.shopper.is_empty()).then(|| self.shoppers.id(&visit.shopper));
        if let (Some(s), true, true) = (shopper, disputed, self.disputes) {
            *self.disputed.entry(s).or_default() += 1;
        }
        if !counts {
            return;
        }
        let at = self.order(visit);
        let period = visit.day.map(|_| visit.period.as_str());
        let month = self.month.slot(period);
        let location = (!visit.location.is_empty()).then(|| self.locations.id(&visit.location));
        if let Some(month) = month {
            month.alerts.extend(alert(rubric, self.alert_below, file, visit, score));
            for (i, answer) in visit.answers.iter().enumerate() {
                let comment = visit.comments.get(i).map_or("", |c| c.trim());
                if let Some(l) = location
                    && failed(rubric, i, *answer)
                    && !comment.is_empty()
                {
                    month.notes.entry((l, i)).or_default().add(at, comment);
                }
            }
        }
        let Some(location) = location else { return };
        self.streak(rubric, location, at, visit);
        if let (Some(shopper), Some(score), Some(_)) = (shopper, score.score, visit.day) {
            let period = self.periods.id(&visit.period);
            self.scored.push(Scored { location, period, shopper, score });
        }
    }

    /// A visit of an earlier month read only to compare with (`--period`): its answers
    /// still stand in a row of failures.
    pub fn compared(&mut self, rubric: &Rubric, visit: &Visit, counts: bool) {
        if !counts || visit.location.is_empty() {
            return;
        }
        let at = self.order(visit);
        let location = self.locations.id(&visit.location);
        self.streak(rubric, location, at, visit);
    }

    /// A data issue listed on `visit` (`None`: on no visit).
    pub fn issue(&mut self, visit: Option<&Visit>) {
        if let Some(v) = visit.filter(|v| !v.shopper.is_empty()) {
            *self.issues.entry(self.shoppers.id(&v.shopper)).or_default() += 1;
        }
    }

    /// The visit's place in the order rows of failures are counted in.
    fn order(&mut self, visit: &Visit) -> Key {
        self.seq += 1;
        (visit.day.map_or(i32::MIN, |d| d.num_days_from_ce()), self.seq)
    }

    /// Adds a dated visit's scored answers to its location's rows (an undated visit has no
    /// place in a row).
    fn streak(&mut self, rubric: &Rubric, location: u32, at: Key, visit: &Visit) {
        if visit.day.is_none() {
            return;
        }
        for (i, answer) in visit.answers.iter().enumerate() {
            let Answer::Scored(f) = *answer else { continue };
            if rubric.questions.get(i).is_some_and(|q| !q.bonus) {
                self.streaks.entry((location, i)).or_default().add(at, f >= 1.0);
            }
        }
    }

    pub fn finish(self) -> Collected {
        let (period, Month { alerts, notes }) = self.month.finish();
        let name = |id: u32| self.locations.key(id).to_string();
        let in_a_row = self.streaks.iter().map(|(&(l, q), s)| ((name(l), q), s.in_a_row())).collect();
        let notes = notes.into_iter().map(|((l, q), n)| ((name(l), q), n)).collect();
        let count = self.shoppers.len();
        let found = deviations(&self.scored, count);
        let shoppers = (0..count as u32)
            .map(|id| {
                let d = found.get(id as usize).copied().unwrap_or_default();
                let issues = self.issues.get(&id).copied().unwrap_or(0);
                let disputed = self.disputed.get(&id).copied().unwrap_or(0);
                (self.shoppers.key(id).to_string(), (d, issues, disputed))
            })
            .collect();
        Collected { period, alerts, kept: Kept { in_a_row, notes }, shoppers, disputes: self.disputes }
    }
}

/// Answer `i` is scored and failed (f < 1) on a non-bonus question.
fn failed(rubric: &Rubric, i: usize, answer: Answer) -> bool {
    matches!(answer, Answer::Scored(f) if f < 1.0) && rubric.questions.get(i).is_some_and(|q| !q.bonus)
}
