//! The aggregated result of a run: what every report format is a view of.

use std::path::PathBuf;

use crate::aggregate::Aggregates;
use crate::compare::Comparison;
use crate::gate::GateResult;
use crate::issue::IssueCounts;
use crate::rubric::Rubric;

/// One input file as it was read.
#[derive(Debug, Clone)]
pub struct InputSummary {
    pub file: String,
    /// e.g. `UTF-8 (with BOM)`, `windows-1252`, `UTF-16LE`.
    pub encoding: String,
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
    /// The SHA-256 (hex) of the file's bytes, taken as they were read; `None` when no
    /// report shows it.
    pub sha256: Option<String>,
}

/// Everything a run found, in one value.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rubric: Rubric,
    pub rubric_file: PathBuf,
    pub inputs: Vec<InputSummary>,
    pub aggregates: Aggregates,
    pub issues: IssueCounts,
    /// The run's gates and their results (empty until checked).
    pub gates: Vec<GateResult>,
    /// Latest period against the previous one (`None` until compared, or without dates).
    pub comparison: Option<Comparison>,
    /// Scores resting on fewer scored visits than this are small samples.
    pub min_visits: u64,
    /// `--period`: the month being scored (earlier months are only compared with).
    pub period: Option<String>,
}

impl Summary {
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
}
