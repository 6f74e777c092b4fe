//! Gates for scheduled jobs: thresholds a run must meet, each with its result, so the
//! exit code and a one-line reason say which one failed.

use serde::Serialize;

use crate::aggregate::Aggregates;
use crate::number::write_opt;

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
    /// No hot alert in the focus month.
    pub fail_on_alert: bool,
    /// No location on the ladder's last step.
    pub fail_on_breach: bool,
}

/// One gate's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    pub gate: &'static str,
    pub threshold: f64,
    /// What was measured, every digit: the overall score (`fail_under`), the lowest score
    /// of the locations judged (`fail_location_under`), the issue count (`max_issues`,
    /// `strict`); `None` when nothing was measured (no score, no location judged).
    pub value: Option<f64>,
    pub passed: bool,
    /// Why it failed, in one line; empty when it passed.
    pub reason: String,
    /// False for a gate that had nothing to judge (no location with `min_visits` scored
    /// visits): it passes, and `note` says why ([`GateResult::not_judged`]).
    pub judged: bool,
    /// Why a gate judged nothing; empty otherwise.
    pub note: String,
}

impl Gates {
    /// Judges the run's scored window (every scored visit; the `--period` month alone with
    /// `--period`): its `aggregates` and its count of data `issues`. Messages name the
    /// period the score `covers` (e.g. `Aug-Oct 2026`).
    pub fn check(&self, aggregates: &Aggregates, issues: u64, covers: &str) -> Vec<GateResult> {
        let mut out = Vec::new();
        let mut push = |gate, threshold, value, reason: Option<String>| {
            let (passed, reason) = (reason.is_none(), reason.unwrap_or_default());
            out.push(GateResult { gate, threshold, value, passed, reason, judged: true, note: String::new() });
        };
        let mut not_judged = None;
        if let Some(min) = self.fail_under {
            let score = aggregates.overall.score.value();
            let reason = match score {
                Some(s) if s >= min => None,
                Some(s) => Some(format!("overall score {} ({covers}) is below --fail-under {min}", below(s, min))),
                None => Some(format!("no visit has a score, so --fail-under {min} is not met")),
            };
            push("fail_under", min, score, reason);
        }
        if let Some(min) = self.fail_location_under {
            let judged: Vec<(&str, f64)> = aggregates
                .ranking()
                .into_iter()
                .filter_map(|(name, g)| Some((name, g.score.value().filter(|_| g.score.n >= self.min_visits)?)))
                .collect();
            let lowest = judged.iter().map(|&(_, s)| s).reduce(f64::min);
            let below: Vec<String> = judged
                .iter()
                .filter(|&&(_, score)| score < min)
                .map(|&(name, score)| format!("{name} {}", below(score, min)))
                .collect();
            let reason = (!below.is_empty()).then(|| {
                format!(
                    "{} with {}+ visits below --fail-location-under {min} ({covers}): {}",
                    crate::number::counted(below.len() as u64, "location", "locations"),
                    self.min_visits,
                    below.join(", ")
                )
            });
            push("fail_location_under", min, lowest, reason);
            // Nothing failed, so it passes, but a job should hear that it judged nothing.
            not_judged = judged.is_empty().then(|| {
                format!(
                    "--fail-location-under {min}: no location has {} or more scored visits ({covers})",
                    self.min_visits
                )
            });
        }
        if let Some(max) = self.max_issues {
            let reason =
                (issues > max).then(|| format!("{issues} data issues, more than --max-issues {max}; see issues.csv"));
            push("max_issues", max as f64, Some(issues as f64), reason);
        }
        if self.strict {
            let reason = (issues > 0).then(|| {
                format!("--strict and {}; see issues.csv", crate::number::counted(issues, "data issue", "data issues"))
            });
            push("strict", 0.0, Some(issues as f64), reason);
        }
        if let (Some(note), Some(gate)) = (not_judged, out.iter_mut().find(|g| g.gate == "fail_location_under")) {
            (gate.judged, gate.note) = (false, note);
        }
        out
    }
}

impl Gates {
    /// Judges the run's follow-up (SCORING.md §8): its hot alerts (`--fail-on-alert`) and
    /// its ladder (`--fail-on-breach`), in the focus month `covers`.
    pub fn check_follow_up(&self, follow_up: &crate::follow_up::FollowUp, covers: &str) -> Vec<GateResult> {
        let mut out = Vec::new();
        let mut push = |gate, value: usize, reason: Option<String>| {
            let (passed, reason) = (reason.is_none(), reason.unwrap_or_default());
            let value = Some(value as f64);
            out.push(GateResult { gate, threshold: 0.0, value, passed, reason, judged: true, note: String::new() });
        };
        if self.fail_on_alert {
            let n = follow_up.alerts.len();
            let reason = (n > 0).then(|| {
                let alerts = crate::number::counted(n as u64, "hot alert", "hot alerts");
                format!("{alerts} ({covers}) and --fail-on-alert; see alerts.csv")
            });
            push("fail_on_alert", n, reason);
        }
        if let (true, Some(ladder)) = (self.fail_on_breach, &follow_up.ladder) {
            let breached: Vec<&str> = ladder
                .locations
                .iter()
                .filter(|l| ladder.rule.is_breach(l.step))
                .map(|l| l.location.as_str())
                .collect();
            let step = ladder.rule.steps.last().map_or("", String::as_str);
            let reason = (!breached.is_empty()).then(|| {
                let n = crate::number::counted(breached.len() as u64, "location", "locations");
                format!(
                    "{n} on the ladder's last step, {step} ({covers}), and --fail-on-breach: {}",
                    breached.join(", ")
                )
            });
            push("fail_on_breach", breached.len(), reason);
        }
        out
    }
}

impl GateResult {
    /// A gate that passed with nothing to judge: its `note` says why.
    pub fn not_judged(&self) -> bool {
        !self.judged
    }
}

/// A score below `threshold` as a message shows it: one decimal, or more where one would
/// not read as below (79.99 against 80 is "79.99", never "80.0"), every digit at worst.
fn below(score: f64, threshold: f64) -> String {
    let one = crate::number::one_decimal(Some(score));
    if one.parse::<f64>().is_ok_and(|v| v < threshold) {
        return one;
    }
    for digits in 2..=6 {
        let text = format!("{score:.digits$}");
        if text.parse::<f64>().is_ok_and(|v| v < threshold) {
            return text;
        }
    }
    let mut text = String::new();
    write_opt(&mut text, Some(score));
    text
}

#[cfg(test)]
mod tests {
    use super::below;

    #[test]
    fn a_score_below_reads_as_below() {
        assert_eq!(below(81.22651184316315, 85.0), "81.2");
        // 79.99 rounds to 80.0 at one decimal, which is not below 80: two decimals.
        assert_eq!(below(79.99, 80.0), "79.99");
        // 79.9996 is 80.000 at three decimals; 79.9996 at four.
        assert_eq!(below(79.9996, 80.0), "79.9996");
        // Closer than six decimals tell: every digit.
        assert_eq!(below(79.99999999, 80.0), "79.99999999");
        assert_eq!(below(56.25, 60.0), "56.3");
    }
}
