//! What follow-up needs from the stream, kept as the run reads (one call per visit), so
//! that the pure rules of the sibling modules can run once it ends: the focus month's
//! alerts and failed-answer comments ([`Latest`]), each (location, question)'s failures in
//! a row, the comparable scored visits of each shopper, and each shopper's data issues
//! and disputed visits.
//!
//! Memory: the focus month's alerts (a few hundred bytes each) and comments, 56 bytes per
//! (location, question) plus 8 per failure still in a row, and a few sums per (location,
//! month, shopper).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use chrono::Datelike;

use super::Alert;
use super::actions::{Kept, Notes};
use super::alerts::alert;
use super::latest::Latest;
use super::shoppers::{Deviation, Groups};
use super::streaks::{Key, Streak, key};
use crate::aggregate::{Aggregator, Ids, Interner};
use crate::ingest::Visit;
use crate::ingest::answer::Answer;
use crate::rubric::Rubric;
use crate::score::VisitScore;

/// Keeps what follow-up needs while the run streams.
#[derive(Debug)]
pub struct Collector {
    alert_below: Option<f64>,
    /// The rubric's questions (of the merged view).
    questions: usize,
    /// Per question: not a bonus (bonus questions are never actions). Read here rather
    /// than from the rubric's questions, a cache line apart each.
    counted: Vec<bool>,
    /// A corrections file is given: disputed visits are counted.
    disputes: bool,
    /// Input order of the visits seen.
    seq: u64,
    month: Latest<Month>,
    /// The aggregator's id of the month [`Collector::month`] keeps, once seen: a visit of it
    /// is placed without comparing month names.
    month_id: Option<u32>,
    /// Per (location id, question): at `location × questions + question`, grown as
    /// locations appear (a hash map here cost a lookup per answer).
    streaks: Vec<Streak>,
    /// The scored visits shoppers are compared on.
    scored: Groups,
    /// Shoppers named on issues and disputed visits (ids of this interner, not the
    /// aggregator's: such a visit need not count), and their counts.
    named: Interner,
    issues: FxHashMap<u32, u64>,
    disputed: FxHashMap<u32, u64>,
}

/// The focus month's alerts, and comments on failed answers per (location id, question).
#[derive(Debug, Default)]
struct Month {
    alerts: Vec<Alert>,
    notes: FxHashMap<(u32, usize), Notes>,
}

/// What a run's stream kept, by name.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub alerts: Vec<Alert>,
    pub kept: Kept,
    /// Every shopper seen on a visit of the run: deviation, data issues, disputed visits.
    pub shoppers: HashMap<String, (Deviation, u64, u64)>,
    /// A corrections file was given (disputed visits are counted).
    pub disputes: bool,
}

impl Collector {
    /// For `rubric`'s visits; `focus` is the `--period`; `disputes`, a corrections file is given.
    pub fn new(rubric: &Rubric, alert_below: Option<f64>, focus: Option<&str>, disputes: bool) -> Collector {
        Collector {
            alert_below,
            questions: rubric.questions.len(),
            counted: rubric.questions.iter().map(|q| !q.bonus).collect(),
            disputes,
            seq: 0,
            month: Latest::new(focus),
            month_id: None,
            streaks: Vec::new(),
            scored: Groups::default(),
            named: Interner::default(),
            issues: FxHashMap::default(),
            disputed: FxHashMap::default(),
        }
    }

    /// A visit the run reports (of its window, not only compared with), read from `file`;
    /// `ids`: where the aggregator filed it, `None` when it does not count (void or
    /// replaced); `disputed`: a corrections row names it.
    pub fn visit(
        &mut self,
        rubric: &Rubric,
        file: &str,
        visit: &Visit,
        score: &VisitScore,
        ids: Option<Ids>,
        disputed: bool,
    ) {
        if disputed && self.disputes && !visit.shopper.is_empty() {
            *self.disputed.entry(self.named.id(&visit.shopper)).or_default() += 1;
        }
        let Some(ids) = ids else { return };
        let at = self.order(visit);
        let (located, alert_below, counted) = (!visit.location.is_empty(), self.alert_below, &self.counted);
        if let Some(month) = slot(&mut self.month, &mut self.month_id, visit, ids.period) {
            month.alerts.extend(alert(rubric, alert_below, file, visit, score));
            for (i, (answer, comment)) in visit.answers.iter().zip(&visit.comments).enumerate() {
                let comment = comment.trim();
                let counted = counted.get(i).copied().unwrap_or(false);
                if located && counted && !comment.is_empty() && matches!(answer, Answer::Scored(f) if *f < 1.0) {
                    month.notes.entry((ids.location, i)).or_default().add(at, comment);
                }
            }
        }
        if !located {
            return;
        }
        self.streak(ids.location, at, visit);
        if let (Some(shopper), Some(score), Some(_), false) =
            (ids.shopper, score.score, visit.day, visit.shopper.is_empty())
        {
            self.scored.add(ids.location_period, shopper, score);
        }
    }

    /// A visit of an earlier month read only to compare with (`--period`), filed under
    /// `ids` when it counts: its answers still stand in a row of failures.
    pub fn compared(&mut self, visit: &Visit, ids: Option<Ids>) {
        let Some(ids) = ids.filter(|_| !visit.location.is_empty()) else { return };
        let at = self.order(visit);
        self.streak(ids.location, at, visit);
    }

    /// `n` data issues listed on `visit`.
    pub fn issues(&mut self, visit: &Visit, n: u64) {
        if n > 0 && !visit.shopper.is_empty() {
            *self.issues.entry(self.named.id(&visit.shopper)).or_default() += n;
        }
    }

    /// The visit's place in the order rows of failures are counted in.
    fn order(&mut self, visit: &Visit) -> Key {
        self.seq += 1;
        key(visit.day.map(|d| d.num_days_from_ce()), self.seq)
    }

    /// Adds a dated visit's scored answers to its location's rows (an undated visit has no
    /// place in a row).
    fn streak(&mut self, location: u32, at: Key, visit: &Visit) {
        if visit.day.is_none() {
            return;
        }
        let n = self.questions;
        let first = location as usize * n;
        if self.streaks.len() < first + n {
            self.streaks.resize_with(first + n, Streak::default);
        }
        let row = self.streaks.get_mut(first..first + n).unwrap_or_default();
        for ((&counted, answer), streak) in self.counted.iter().zip(&visit.answers).zip(row) {
            if let (Answer::Scored(f), true) = (*answer, counted) {
                streak.add(at, f >= 1.0);
            }
        }
    }

    /// What was kept, by name: the aggregator names the ids it gave.
    pub fn finish(self, names: &Aggregator) -> Collected {
        // The month kept is the comparison's focus month, which the summary holds.
        let (_, Month { alerts, notes }) = self.month.finish();
        let location = |id: u32| names.location_name(id).to_string();
        let n = self.questions.max(1);
        let in_a_row = (self.streaks.iter().enumerate())
            .filter(|(_, s)| s.in_a_row() > 0)
            .map(|(i, s)| ((location((i / n) as u32), i % n), s.in_a_row()))
            .collect();
        let notes = notes.into_iter().map(|((l, q), n)| ((location(l), q), n)).collect();
        let mut shoppers: HashMap<String, (Deviation, u64, u64)> = HashMap::new();
        for (id, d) in self.scored.deviations().into_iter().enumerate() {
            shoppers.entry(names.shopper_name(id as u32).to_string()).or_default().0 = d;
        }
        for id in 0..self.named.len() as u32 {
            let entry = shoppers.entry(self.named.key(id).to_string()).or_default();
            entry.1 = self.issues.get(&id).copied().unwrap_or(0);
            entry.2 = self.disputed.get(&id).copied().unwrap_or(0);
        }
        Collected { alerts, kept: Kept { in_a_row, notes }, shoppers, disputes: self.disputes }
    }
}

/// Where a visit of the aggregator's month `period` goes in the focus month kept in
/// `month` (the aggregator's id of it in `month_id`, once seen), if it is of it (as far as
/// the run has read).
fn slot<'m>(
    month: &'m mut Latest<Month>,
    month_id: &mut Option<u32>,
    visit: &Visit,
    period: u32,
) -> Option<&'m mut Month> {
    if visit.day.is_none() {
        return month.slot(None);
    }
    if *month_id != Some(period) {
        month.slot(Some(&visit.period))?;
        *month_id = Some(period);
    }
    Some(month.dated())
}
