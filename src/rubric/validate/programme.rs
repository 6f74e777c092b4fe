//! The follow-up keys (SCORING.md §8): `alert_below` a percentage, `actions` counts of 1
//! or more, `ladder` a pass mark with at least one named step (each once) and an optional
//! reset month, `shopper_margin` points from 0 to 100.

use std::collections::HashSet;

use super::Checker;
use crate::rubric::raw::{RawActions, RawLadder};
use crate::rubric::{LadderRule, Programme};

impl Checker<'_> {
    pub(super) fn programme(
        &mut self,
        alert_below: Option<f64>,
        actions: Option<RawActions>,
        ladder: Option<RawLadder>,
        shopper_margin: Option<f64>,
    ) -> Programme {
        if let Some(p) = alert_below {
            self.percent("alert_below", p);
        }
        if let Some(p) = shopper_margin
            && !(0.0..=100.0).contains(&p)
        {
            self.error("shopper_margin", format!("{p} is not a number of points from 0 to 100")).hint(
                "a shopper is flagged when their deviation is at least this far from 0, e.g. `shopper_margin: 5`",
            );
        }
        let actions = actions.unwrap_or_default();
        for (key, n) in [("actions.min_failures", actions.min_failures), ("actions.in_a_row", actions.in_a_row)] {
            if n == Some(0) {
                self.error(key, "0 would make every question an action").hint("use 1 or more, or leave the key out");
            }
        }
        Programme {
            alert_below,
            min_failures: actions.min_failures,
            in_a_row: actions.in_a_row,
            ladder: ladder.and_then(|l| self.ladder(l)),
            shopper_margin,
        }
    }

    fn ladder(&mut self, raw: RawLadder) -> Option<LadderRule> {
        if let Some(p) = raw.pass {
            self.percent("ladder.pass", p);
        }
        let items = raw.steps.unwrap_or_default();
        if items.is_empty() {
            self.error("ladder.steps", "a ladder needs at least one step")
                .hint("list the steps lowest first, e.g. `steps: [warning, final warning, breach]`");
        }
        // Indexed as written: an item that could not be read keeps its place (its error
        // is already reported).
        let mut seen = HashSet::new();
        for (i, step) in items.iter().enumerate() {
            let Some(step) = step else { continue };
            if step.trim().is_empty() {
                self.error(format!("ladder.steps[{i}]"), "a step needs a name")
                    .hint("name it as reports should show it");
            } else if !seen.insert(step.trim().to_lowercase()) {
                self.error(format!("ladder.steps[{i}]"), format!("the step `{step}` is listed twice"))
                    .hint("give each step its own name (names differing only in case read as the same)");
            }
        }
        let steps: Vec<String> = items.into_iter().flatten().collect();
        let reset = raw.reset.map(|r| r.trim().to_string());
        if let Some(r) = &reset
            && !(r.len() == 7 && crate::date::period(&format!("{r}-01"), "%Y-%m-%d").is_some())
        {
            self.error("ladder.reset", format!("`{r}` is not a month written YYYY-MM"))
                .hint("write the month the ladder starts over, e.g. `reset: 2026-07`");
        }
        let steps = steps.into_iter().map(|s| s.trim().to_string()).collect();
        Some(LadderRule { pass: raw.pass?, steps, reset })
    }
}
