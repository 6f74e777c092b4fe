//! What a programme asks of its follow-up (SCORING.md §8), as the rubric writes it:
//! `alert_below`, `actions: { min_failures, in_a_row }`, `ladder: { pass, steps, reset }`
//! and `shopper_margin`. A run's flags and run file override each but the ladder, which is
//! the programme's own rule.

/// The rubric's follow-up keys; `None` where not written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Programme {
    pub alert_below: Option<f64>,
    /// `actions.min_failures`: K.
    pub min_failures: Option<u64>,
    /// `actions.in_a_row`: N.
    pub in_a_row: Option<u64>,
    pub ladder: Option<LadderRule>,
    pub shopper_margin: Option<f64>,
}

/// `ladder: { pass: P, steps: [...], reset: YYYY-MM }`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LadderRule {
    /// A period score below this is a failed period.
    pub pass: f64,
    /// Step names, lowest first (step 1 is `steps[0]`); the last one is a breach.
    pub steps: Vec<String>,
    /// `YYYY-MM`: at this period (the first walked period at or after it) the step
    /// returns to 0 before the period is judged.
    pub reset: Option<String>,
}

impl LadderRule {
    /// The name of `step` (1 is `steps[0]`); `None` at 0 (no step).
    pub fn step_name(&self, step: usize) -> Option<&str> {
        step.checked_sub(1).and_then(|i| self.steps.get(i)).map(String::as_str)
    }

    /// `step` is the last one: a breach.
    pub fn is_breach(&self, step: usize) -> bool {
        step > 0 && step == self.steps.len()
    }
}
