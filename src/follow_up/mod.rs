//! From scores to action (SCORING.md §8): what a run gives an owner to do. Hot alerts
//! (a focus-month visit with a critical failure or under `alert_below`), action lists
//! (the behaviours each store keeps failing), consecutive-failure ladders (warning, final
//! warning, breach), each shopper's leniency against the others at the same stores, and
//! the funnel limits a store's score is read against.
//!
//! The rules a programme sets are [`Rules`]; what a run found is [`FollowUp`], one value
//! in the [`crate::summary::Summary`] that every report format shows a view of.

pub mod actions;
pub mod alerts;
pub mod collect;
pub mod funnel;
pub mod ladder;
pub mod latest;
pub mod shoppers;
pub mod streaks;

use std::collections::BTreeMap;

use crate::aggregate::{Aggregates, Group};
pub use crate::rubric::LadderRule;
use crate::rubric::Rubric;
pub use collect::{Collected, Collector};

/// What a funnel of a run with no dated visit is labelled.
pub const ALL_VISITS: &str = "all visits";

/// The months follow-up is about: the focus month (`None` when no visit is dated) and
/// the one before it with visits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Months<'a> {
    pub focus: Option<&'a str>,
    pub previous: Option<&'a str>,
}

/// Everything §8 finds in a run under `rules`: from its `aggregates` (every dated month
/// `periods`, oldest first) and what the stream `collected`; `min_visits` is the run's
/// small-sample size.
pub fn follow_up(
    rubric: &Rubric,
    rules: &Rules,
    aggregates: &Aggregates,
    months: Months<'_>,
    periods: &[&str],
    collected: Collected,
    min_visits: u64,
) -> FollowUp {
    let Collected { alerts, kept, shoppers, disputes } = collected;
    let month = |period: Option<&str>| -> BTreeMap<&str, &Group> {
        match period {
            Some(p) => aggregates
                .location_periods
                .iter()
                .filter_map(|(l, months)| months.get(p).map(|g| (l.as_str(), g)))
                .collect(),
            None => aggregates.locations.iter().map(|(l, g)| (l.as_str(), g)).collect(),
        }
    };
    let previous = months.previous.map(|p| month(Some(p))).unwrap_or_default();
    let stores = month(months.focus);
    let actions = actions::actions(rubric, rules, &stores, &previous, kept);
    let ladder = rules.ladder.as_ref().map(|r| ladder::ladders(r, periods, &aggregates.location_periods, min_visits));
    let shoppers = aggregates
        .shoppers
        .iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, g)| {
            let (d, issues, disputed) = shoppers.get(name).copied().unwrap_or_default();
            ShopperDeviation {
                shopper: name.clone(),
                visits: g.visits,
                scored: g.score.n,
                mean: g.score.value(),
                compared: d.compared,
                deviation: d.mean,
                ci95: d.ci95,
                lean: shoppers::lean(&d, rules.shopper_margin),
                issues,
                disputed: disputes.then_some(disputed),
            }
        })
        .collect();
    // Without a dated visit, the funnel of every scored visit of the run.
    let funnel = match months.focus {
        Some(p) => aggregates.periods.get(p).and_then(|m| funnel::funnel(p, m, &stores)),
        None => funnel::funnel(ALL_VISITS, &aggregates.overall, &stores),
    };
    FollowUp {
        rules: rules.clone(),
        period: months.focus.map(str::to_string),
        previous: months.previous.map(str::to_string),
        alerts,
        actions,
        ladder,
        shoppers,
        funnel,
    }
}

/// A group of visits with these scores (and nothing else), for the tests of the modules
/// that read group totals.
#[cfg(test)]
fn scored_group(scores: &[f64]) -> crate::aggregate::Group {
    let mut score = crate::aggregate::Spread::default();
    for &s in scores {
        score.add(s);
    }
    crate::aggregate::Group { visits: scores.len() as u64, score, ..crate::aggregate::Group::default() }
}

/// A programme's follow-up rules, resolved from the rubric and the run (flags and run
/// file override the rubric).
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// A focus-month visit scoring below this is an alert (besides critical failures).
    pub alert_below: Option<f64>,
    /// K: a question failed in at least this many of a location's focus-month visits is
    /// an action.
    pub action_failures: u64,
    /// N: a question failed in each of a location's last N scored answers to it is an action.
    pub action_streak: u64,
    /// The consecutive-failure ladder, when the programme has one.
    pub ladder: Option<LadderRule>,
    /// A shopper is flagged lenient or severe only when their deviation is at least this
    /// many points from 0 (and their interval excludes 0).
    pub shopper_margin: f64,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            alert_below: None,
            action_failures: DEFAULT_ACTION_FAILURES,
            action_streak: DEFAULT_ACTION_STREAK,
            ladder: None,
            shopper_margin: DEFAULT_SHOPPER_MARGIN,
        }
    }
}

/// K's default (SCORING.md §8).
pub const DEFAULT_ACTION_FAILURES: u64 = 2;
/// N's default (SCORING.md §8).
pub const DEFAULT_ACTION_STREAK: u64 = 3;
/// The shopper margin's default, in points.
pub const DEFAULT_SHOPPER_MARGIN: f64 = 5.0;

/// Everything §8 found in a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowUp {
    /// The rules the run applied.
    pub rules: Rules,
    /// The focus month alerts and actions are about; `None` when no visit is dated (then
    /// they are about every scored visit of the run).
    pub period: Option<String>,
    /// The month before it with visits, whose pass rates actions compare with.
    pub previous: Option<String>,
    /// In input order.
    pub alerts: Vec<Alert>,
    /// Per location (name order), most severe first ([`Action`]).
    pub actions: Vec<Action>,
    /// With a `ladder:` rule.
    pub ladder: Option<Ladders>,
    /// With a shopper column: every shopper with a counted visit in the scored window,
    /// by name.
    pub shoppers: Vec<ShopperDeviation>,
    /// The focus month's funnel; `None` with fewer than two scored visits.
    pub funnel: Option<Funnel>,
}

impl FollowUp {
    /// What a store's report card shows of the chain's follow-up: its own alerts, actions
    /// and ladder; never the shoppers' deviations, and no funnel (a chart of the chain).
    pub fn for_location(&self, location: &str) -> FollowUp {
        let ladder = self.ladder.as_ref().map(|l| Ladders {
            rule: l.rule.clone(),
            locations: l.locations.iter().filter(|x| x.location == location).cloned().collect(),
        });
        FollowUp {
            rules: self.rules.clone(),
            period: self.period.clone(),
            previous: self.previous.clone(),
            alerts: self.alerts.iter().filter(|a| a.location == location).cloned().collect(),
            actions: self.actions.iter().filter(|a| a.location == location).cloned().collect(),
            ladder,
            shoppers: Vec::new(),
            funnel: None,
        }
    }
}

/// One hot alert: a counted focus-month visit with a critical failure, or scoring below
/// `alert_below`.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub file: String,
    pub line: u64,
    pub visit_id: String,
    pub location: String,
    pub region: String,
    pub date: String,
    pub shopper: String,
    pub score: Option<f64>,
    /// The visit has a critical failure.
    pub critical: bool,
    /// Its score is below `alert_below`.
    pub below: bool,
    /// What failed: the failed critical questions, then the sections under their pass mark.
    pub failed: Vec<Failed>,
}

/// One failed critical question or section of an alert.
#[derive(Debug, Clone, PartialEq)]
pub enum Failed {
    /// A failed critical question (its index in `rubric.questions`) and the shopper's
    /// comment on it (empty when none).
    Question { question: usize, comment: String },
    /// A section below its pass mark (its index in `rubric.sections`), its score and the
    /// mark (as the visit's rubric version sets it).
    Section { section: usize, score: f64, pass_mark: f64 },
}

/// Which rule listed an action, as the reports name it.
impl Action {
    pub fn rule(&self) -> &'static str {
        match (self.by_failures, self.by_streak) {
            (true, true) => "both",
            (false, true) => "streak",
            _ => "failures",
        }
    }
}

/// One behaviour a location has to fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub location: String,
    /// Its index in `rubric.questions` (never a bonus question).
    pub question: usize,
    /// Failed answers in the focus month, and scored ones.
    pub failed: u64,
    pub scored: u64,
    /// Pass rate (SCORING.md §4) in the focus month, and in the previous month (`None`
    /// when the location has no scored answer to it then).
    pub pass_rate: Option<f64>,
    pub previous_pass_rate: Option<f64>,
    /// The location's latest scored answers to it that failed, in a row (by visit date,
    /// then input order, across the window).
    pub in_a_row: u64,
    /// Listed by the K rule (`failed >= K`), by the N rule (`in_a_row >= N`), or both.
    pub by_failures: bool,
    pub by_streak: bool,
    /// A critical question: most severe, whatever its rate.
    pub critical: bool,
    /// The section's share of the visit score × failure rate (100 − pass rate), in points.
    pub severity: f64,
    /// Comments shoppers wrote on the failed answers of the focus month: the latest
    /// [`MAX_COMMENTS`] by visit date then input order, oldest first; `comments_total` counts all.
    pub comments: Vec<String>,
    pub comments_total: u64,
}

/// Comments an action keeps.
pub const MAX_COMMENTS: usize = 3;

/// Every location's ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct Ladders {
    pub rule: LadderRule,
    /// Every store (non-blank location) of the run, by name.
    pub locations: Vec<LadderLocation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LadderLocation {
    pub location: String,
    /// After the last period: 0 (no step) to `rule.steps.len()` (the last step, a breach).
    pub step: usize,
    /// Failed periods in a row at the end (too-few periods neither break nor extend it).
    pub streak: u64,
    /// The walk, one entry per dated period of the run, oldest first.
    pub periods: Vec<LadderPeriod>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LadderPeriod {
    pub period: String,
    pub score: Option<f64>,
    /// Scored visits of the location in the period.
    pub scored: u64,
    pub outcome: Outcome,
    /// The walk reset the step to 0 at this period, before judging it.
    pub reset: bool,
    /// The step after this period.
    pub step: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// Fewer than `min_visits` scored visits (or none): the step is unchanged.
    TooFew,
}

impl Outcome {
    /// As summary.json writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::TooFew => "too_few",
        }
    }
}

/// One shopper against the others at the same locations (SCORING.md §8).
#[derive(Debug, Clone, PartialEq)]
pub struct ShopperDeviation {
    pub shopper: String,
    /// Counted visits in the scored window, and those with a score.
    pub visits: u64,
    pub scored: u64,
    pub mean: Option<f64>,
    /// Visits with a comparison (another shopper's scored visit at the location that month).
    pub compared: u64,
    /// Mean of the visits' deviations; `None` without a compared visit.
    pub deviation: Option<f64>,
    /// 95% t-interval of the deviation (two or more compared visits).
    pub ci95: Option<(f64, f64)>,
    pub lean: Option<Lean>,
    /// Data issues on their visits.
    pub issues: u64,
    /// Their visits named by a corrections file row; `None` without `--corrections`.
    pub disputed: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    Lenient,
    Severe,
}

impl Lean {
    pub fn as_str(self) -> &'static str {
        match self {
            Lean::Lenient => "lenient",
            Lean::Severe => "severe",
        }
    }
}

/// The focus month's funnel (SCORING.md §8).
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// `YYYY-MM`, or the run's label when no visit is dated.
    pub period: String,
    /// m: the overall score; s: the sample standard deviation of every scored visit score.
    pub mean: f64,
    pub sd: f64,
    /// Every store with a scored visit in the focus month, by name.
    pub points: Vec<FunnelPoint>,
}

pub const Z95: f64 = 1.959964;
pub const Z998: f64 = 3.090232;

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelPoint {
    pub location: String,
    /// Scored visits.
    pub n: u64,
    pub score: f64,
    pub limits95: (f64, f64),
    pub limits998: (f64, f64),
    /// `Some(95.0)` outside the 95% limits only, `Some(99.8)` outside the 99.8% ones too.
    pub outside: Option<f64>,
}

impl Funnel {
    /// m ± z · s / √n, clipped to [0, 100].
    pub fn limits(&self, n: u64, z: f64) -> (f64, f64) {
        self.limits_at(n as f64, z)
    }

    /// [`Funnel::limits`] at any `n > 0`, for drawing the limits as curves.
    pub fn limits_at(&self, n: f64, z: f64) -> (f64, f64) {
        let half = z * self.sd / n.sqrt();
        ((self.mean - half).max(0.0), (self.mean + half).min(100.0))
    }
}
