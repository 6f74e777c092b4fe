//! Gates for scheduled jobs: thresholds a run must meet, each with its result, so the
//! exit code and a one-line reason say which one failed.

use serde::Serialize;

use crate::number::write_opt;
use crate::summary::Summary;

/// Scores resting on fewer scored visits than this are small samples, and the location
/// gate does not judge them, unless `--min-visits` says otherwise.
pub const DEFAULT_MIN_VISITS: u64 = 3;

/// The thresholds asked for on the command line (or in a run file).
#[derive(Debug, Clone, Default)]
pub struct Gates {
    /// The overall score must reach this.
    pub fail_under: Option<f64>,
    /// Every location with at least `min_visits` scored visits must reach this.
    pub fail_location_under: Option<f64>,
    pub min_visits: u64,
    /// At most this many data issues.
    pub max_issues: Option<u64>,
    /// No data issue at all.
    pub strict: bool,
}

/// One gate's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    pub gate: &'static str,
    pub threshold: f64,
    pub passed: bool,
    /// Why it failed, in one line; empty when it passed.
    pub reason: String,
}

impl Gates {
    pub fn check(&self, summary: &Summary) -> Vec<GateResult> {
        let mut out = Vec::new();
        let mut push = |gate, threshold, reason: Option<String>| {
            out.push(GateResult { gate, threshold, passed: reason.is_none(), reason: reason.unwrap_or_default() });
        };
        if let Some(min) = self.fail_under {
            let reason = match summary.overall_score() {
                Some(s) if s >= min => None,
                Some(s) => Some(format!("overall score {} is below --fail-under {min}", exact(s))),
                None => Some(format!("no visit has a score, so --fail-under {min} is not met")),
            };
            push("fail_under", min, reason);
        }
        if let Some(min) = self.fail_location_under {
            let below: Vec<String> = summary
                .aggregates
                .ranking()
                .into_iter()
                .filter_map(|(name, g)| {
                    let score = g.score.value().filter(|_| g.score.n >= self.min_visits)?;
                    (score < min).then(|| format!("{name} {}", exact(score)))
                })
                .collect();
            let reason = (!below.is_empty()).then(|| {
                format!(
                    "{} location(s) with {}+ visits below --fail-location-under {min}: {}",
                    below.len(),
                    self.min_visits,
                    below.join(", ")
                )
            });
            push("fail_location_under", min, reason);
        }
        let issues = summary.issues.total();
        if let Some(max) = self.max_issues {
            let reason =
                (issues > max).then(|| format!("{issues} data issues, more than --max-issues {max}; see issues.csv"));
            push("max_issues", max as f64, reason);
        }
        if self.strict {
            let reason = (issues > 0).then(|| format!("--strict and {issues} data issue(s); see issues.csv"));
            push("strict", 0.0, reason);
        }
        out
    }
}

/// A score as a gate reports it: every digit, so 79.99999 is never shown as "80.0 is
/// below 80".
fn exact(score: f64) -> String {
    let mut text = String::new();
    write_opt(&mut text, Some(score));
    text
}
