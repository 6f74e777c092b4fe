//! The aggregated result of a run: what every report format is a view of.

use std::path::PathBuf;

use crate::aggregate::Aggregates;
use crate::compare::{Comparison, compare};
use crate::gate::{GateResult, Gates};
use crate::issue::IssueCounts;
use crate::rubric::Rubric;

/// One input file as it was read.
#[derive(Debug, Clone)]
pub struct InputSummary {
    pub file: String,
    /// e.g. `UTF-8 (with BOM)`, `windows-1252`, `UTF-16LE`; `xlsx workbook` for a workbook.
    pub encoding: String,
    /// 0 for a workbook, which has none.
    pub delimiter: u8,
    /// Records after the header.
    pub rows: u64,
    /// Rows read as visits (and scored).
    pub visits: u64,
    /// Visits left out because their period is outside `--since`/`--until`.
    pub outside: u64,
    /// Visits of earlier months read only for comparison (`--period`).
    pub compared: u64,
    /// Visits whose date cannot be read, in a run bounded to periods: they cannot be
    /// placed in the window, so they are not scored (each is a `bad_date` issue).
    pub undated: u64,
    /// Visits dated before the first rubric version's `effective_from`: not scored
    /// (each is a `no_version` issue).
    pub unversioned: u64,
    /// The SHA-256 (hex) of the file's bytes, taken as they were read; `None` when no
    /// report shows it.
    pub sha256: Option<String>,
}

/// A run's re-shops (`fields.replaces`, SCORING.md §7), of the visits it reports (the
/// focus month's with `--period`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReshopCounts {
    /// Visits whose `replaces` cell is not blank.
    pub named: u64,
    /// Visits left out of every figure as replaced by a re-shop.
    pub replaced: u64,
}

/// Everything a run found, in one value.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rubric: Rubric,
    pub rubric_file: PathBuf,
    pub inputs: Vec<InputSummary>,
    pub aggregates: Aggregates,
    pub issues: IssueCounts,
    /// With two or more rubric versions, the visits of the focus window scored by each
    /// (as [`Rubric::versions`]); empty otherwise.
    pub version_visits: Vec<u64>,
    /// The run's gates and their results.
    pub gates: Vec<GateResult>,
    /// The focus period against the previous one (`None` without dated visits).
    pub comparison: Option<Comparison>,
    /// Scores resting on fewer scored visits than this are small samples.
    pub min_visits: u64,
    /// `--period`: the month being scored (earlier months are only compared with).
    pub period: Option<String>,
    /// What a corrections file did (`--corrections`), else `None`.
    pub corrections: Option<crate::audit::CorrectionsReport>,
    /// The re-shops, when the rubric names `fields.replaces`.
    pub reshops: Option<ReshopCounts>,
    /// Alerts, actions, ladders, shopper deviations and the funnel (SCORING.md §8).
    pub follow_up: crate::follow_up::FollowUp,
}

/// What one pass over the inputs produced, before it is judged.
#[derive(Debug, Clone)]
pub struct Streamed {
    pub inputs: Vec<InputSummary>,
    pub aggregates: Aggregates,
    pub issues: IssueCounts,
    pub reshops: Option<ReshopCounts>,
    /// As [`Summary::version_visits`].
    pub version_visits: Vec<u64>,
    /// With two or more rubric versions, the dated visits, for the like-for-like
    /// comparison; `None` where they were not kept (a location's card, whose comparison
    /// then says nothing of versions).
    pub likes: Option<crate::like_for_like::Visits>,
    /// What follow-up kept of the stream (SCORING.md §8); `None` where it was not kept (a
    /// location's card, which shows its part of the chain's).
    pub collected: Option<crate::follow_up::Collected>,
}

/// How a run is judged once it is read.
#[derive(Debug, Clone, Copy)]
pub struct Judging<'a> {
    /// The gates (their `min_visits` is the run's small-sample size too).
    pub gates: &'a Gates,
    /// A change of at most this many points is steady.
    pub steady_within: f64,
    /// The month compared with the one before it: the `--period`, or `None` for the
    /// latest dated one (a report card names the chain's).
    pub focus: Option<&'a str>,
    /// The programme's follow-up rules (alerts, actions, ladder, shopper margin).
    pub rules: &'a crate::follow_up::Rules,
}

impl Summary {
    /// The whole summary of a run: the `streamed` totals, compared period on period and
    /// judged by the gates. `period` is the `--period` the totals keep to.
    pub fn new(
        rubric: Rubric,
        rubric_file: PathBuf,
        period: Option<String>,
        streamed: Streamed,
        judging: Judging<'_>,
    ) -> Summary {
        let Streamed { inputs, aggregates, issues, reshops, version_visits, likes, collected } = streamed;
        let min_visits = judging.gates.min_visits;
        let mut comparison = compare(&aggregates, &rubric, judging.focus, judging.steady_within, min_visits);
        if let (Some(c), Some(likes)) = (comparison.as_mut().filter(|_| rubric.versioned()), likes) {
            let previous = c.previous_period.as_deref();
            let (change, like) =
                previous.map_or((false, None), |p| crate::like_for_like::compare(&rubric, &likes, &c.latest_period, p));
            (c.version_change, c.like_for_like) = (Some(change), like);
        }
        let mut summary = Summary {
            rubric,
            rubric_file,
            inputs,
            aggregates,
            issues,
            version_visits,
            gates: Vec::new(),
            comparison,
            min_visits,
            period,
            corrections: None,
            reshops,
            follow_up: crate::follow_up::FollowUp::default(),
        };
        // Alerts, actions, ladders, shopper deviations and the funnel (SCORING.md §8).
        let c = summary.comparison.as_ref();
        let months = crate::follow_up::Months {
            focus: c.map(|c| c.latest_period.as_str()),
            previous: c.and_then(|c| c.previous_period.as_deref()),
        };
        let periods = summary.dated_periods();
        let (rubric, aggregates) = (&summary.rubric, &summary.aggregates);
        // A card's summary is given its store's part of the chain's afterwards.
        if let Some(collected) = collected {
            let follow_up =
                crate::follow_up::follow_up(rubric, judging.rules, aggregates, months, &periods, collected, min_visits);
            summary.follow_up = follow_up;
        }
        // The totals' own label: `+ undated` when visits of no readable date count in them.
        let periods = summary.reported_periods();
        let covers = match summary.comparison {
            Some(_) => crate::window::totals_label(&periods, summary.undated_in_window()),
            None => crate::window::label(&periods),
        };
        summary.gates = judging.gates.check(&summary.aggregates, summary.issues.total(), &covers);
        let month = summary.follow_up.period.clone().unwrap_or_else(|| covers.clone());
        summary.gates.extend(judging.gates.check_follow_up(&summary.follow_up, &month));
        summary
    }

    /// The comparison across a rubric version change, in words, with its like-for-like
    /// figures (SCORING.md §7); `None` without a version change.
    pub fn version_change_note(&self) -> Option<String> {
        let c = self.comparison.as_ref().filter(|c| c.version_change == Some(true))?;
        let previous = c.previous_period.as_deref().unwrap_or("");
        let head = format!("The rubric version changed between {previous} and {}:", c.latest_period);
        let Some(like) = &c.like_for_like else {
            return Some(format!("{head} the versions share no question, so there is no like-for-like figure."));
        };
        let one = |v: Option<f64>| crate::number::one_decimal(v);
        let change = like.overall.change.map_or_else(
            || "no change figure".to_string(),
            |d| format!("{}{}", if d > 0.0 { "+" } else { "" }, one(Some(d))),
        );
        let n = crate::number::counted(like.shared_questions.len() as u64, "question", "questions");
        Some(format!(
            "{head} like for like (both scored by {}'s version on the {n} they share) {} against {} ({change}).",
            c.latest_period,
            one(like.overall.latest),
            one(like.overall.previous),
        ))
    }

    /// Year to date against the same months last year (docs/scoring.md §19), when the
    /// run holds visits in both; `None` otherwise, and without a dated visit.
    pub fn year_to_date(&self) -> Option<crate::year_to_date::YearToDate> {
        crate::year_to_date::year_to_date(&self.aggregates, &self.comparison.as_ref()?.latest_period)
    }

    pub fn overall_score(&self) -> Option<f64> {
        self.aggregates.overall.score.value()
    }

    pub fn rows(&self) -> u64 {
        self.inputs.iter().map(|i| i.rows).sum()
    }

    pub fn visits(&self) -> u64 {
        self.aggregates.overall.visits
    }

    /// Indexes of the questions by overall pass rate, lowest first; questions nobody
    /// answered last; ties in rubric order. The order every report lists them in.
    pub fn weakest_questions(&self) -> Vec<usize> {
        let stats = &self.aggregates.overall.questions;
        let rate = |i: usize| stats.get(i).and_then(|s| s.pass_rate());
        let mut order: Vec<usize> = (0..self.rubric.questions.len()).collect();
        // A stable sort keeps rubric order for ties.
        order.sort_by(|&a, &b| match (rate(a), rate(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (x, y) => y.is_some().cmp(&x.is_some()),
        });
        order
    }

    /// Every dated period of the run, oldest first (`unknown` left out), comparison
    /// months included: what trends are drawn over.
    pub fn dated_periods(&self) -> Vec<&str> {
        self.aggregates.dated_periods()
    }

    /// The periods the headline figures are about: the `--period`, else every dated one.
    /// Reports name their period range from this.
    pub fn reported_periods(&self) -> Vec<&str> {
        match &self.period {
            Some(p) => vec![p.as_str()],
            None => self.dated_periods(),
        }
    }

    /// Visits of no readable date counted in the run's totals: only without `--period`
    /// (`--since`/`--until` runs do not score them either, so they are not aggregated).
    pub fn undated_in_window(&self) -> u64 {
        let unknown = self.aggregates.periods.get(crate::date::UNKNOWN_PERIOD);
        if self.period.is_some() { 0 } else { unknown.map_or(0, |g| g.visits) }
    }
}
