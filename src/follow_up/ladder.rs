//! Consecutive-failure ladders (SCORING.md §8): each location's periods walked in order,
//! one step up per failed period, back to 0 on a pass or at the rule's `reset` month.

use std::collections::BTreeMap;

use super::{LadderLocation, LadderPeriod, LadderRule, Ladders, Outcome};
use crate::aggregate::Group;

/// Walks every store of `location_periods` (its months' totals) over `periods` (every
/// dated month of the run, oldest first) under `rule`; a month with fewer than
/// `min_visits` scored visits leaves the step as it was.
pub fn ladders(
    rule: &LadderRule,
    periods: &[&str],
    location_periods: &BTreeMap<String, BTreeMap<String, Group>>,
    min_visits: u64,
) -> Ladders {
    let locations = location_periods
        .iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, months)| walk(rule, name, periods, months, min_visits))
        .collect();
    Ladders { rule: rule.clone(), locations }
}

fn walk(
    rule: &LadderRule,
    location: &str,
    periods: &[&str],
    months: &BTreeMap<String, Group>,
    min_visits: u64,
) -> LadderLocation {
    let (mut step, mut streak, mut reset_done) = (0, 0, false);
    let mut walked = Vec::with_capacity(periods.len());
    for &period in periods {
        let reset = !reset_done && rule.reset.as_deref().is_some_and(|r| period >= r);
        if reset {
            (step, streak, reset_done) = (0, 0, true);
        }
        let group = months.get(period);
        let score = group.and_then(|g| g.score.value());
        let scored = group.map_or(0, |g| g.score.n);
        let outcome = match score {
            Some(s) if scored >= min_visits.max(1) => {
                if s < rule.pass {
                    Outcome::Fail
                } else {
                    Outcome::Pass
                }
            }
            _ => Outcome::TooFew,
        };
        match outcome {
            Outcome::Fail => (step, streak) = ((step + 1).min(rule.steps.len()), streak + 1),
            Outcome::Pass => (step, streak) = (0, 0),
            Outcome::TooFew => {}
        }
        walked.push(LadderPeriod { period: period.to_string(), score, scored, outcome, reset, step });
    }
    LadderLocation { location: location.to_string(), step, streak, periods: walked }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::scored_group as month;

    fn rule(reset: Option<&str>) -> LadderRule {
        let steps = ["warning", "final warning", "breach"].map(String::from).to_vec();
        LadderRule { pass: 85.0, steps, reset: reset.map(String::from) }
    }

    fn steps(l: &LadderLocation) -> Vec<(Outcome, usize)> {
        l.periods.iter().map(|p| (p.outcome, p.step)).collect()
    }

    /// Jan (80, 84: mean 82 < 85) fails: step 1. Feb has one visit of 40 with
    /// min_visits 2: too few, step stays 1. Mar (70, 90: 80) fails: step 2. Apr (85, 85:
    /// exactly the pass) passes: back to 0. May (60, 61) fails: 1, streak 1.
    #[test]
    fn a_ladder_climbs_holds_on_too_few_and_resets_on_a_pass() {
        let months = BTreeMap::from([
            ("2026-01".to_string(), month(&[80.0, 84.0])),
            ("2026-02".to_string(), month(&[40.0])),
            ("2026-03".to_string(), month(&[70.0, 90.0])),
            ("2026-04".to_string(), month(&[85.0, 85.0])),
            ("2026-05".to_string(), month(&[60.0, 61.0])),
        ]);
        let periods = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"];
        let all = BTreeMap::from([("Leeds".to_string(), months), (String::new(), BTreeMap::new())]);
        let l = ladders(&rule(None), &periods, &all, 2);
        assert_eq!(l.locations.len(), 1, "a blank location is not a store");
        let leeds = &l.locations[0];
        use Outcome::*;
        assert_eq!(steps(leeds), [(Fail, 1), (TooFew, 1), (Fail, 2), (Pass, 0), (Fail, 1)]);
        assert_eq!((leeds.step, leeds.streak), (1, 1));
        assert_eq!(leeds.periods[0].score, Some(82.0));
        assert_eq!(leeds.periods[1].scored, 1);
        assert_eq!(l.rule.step_name(leeds.step), Some("warning"));
    }

    /// Four failed months climb to the last step and stay there (a breach); a reset at
    /// 2026-03 starts the walk again before March is judged; a month with no visit is
    /// too few.
    #[test]
    fn a_ladder_stops_at_the_last_step_and_a_reset_month_clears_it() {
        let fail = || month(&[50.0]);
        let months = BTreeMap::from([
            ("2026-01".to_string(), fail()),
            ("2026-02".to_string(), fail()),
            ("2026-03".to_string(), fail()),
            ("2026-05".to_string(), fail()),
        ]);
        let periods = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"];
        let all = BTreeMap::from([("York".to_string(), months)]);
        use Outcome::*;
        let plain = ladders(&rule(None), &periods, &all, 1);
        let york = &plain.locations[0];
        assert_eq!(steps(york), [(Fail, 1), (Fail, 2), (Fail, 3), (TooFew, 3), (Fail, 3)]);
        assert_eq!((york.step, york.streak), (3, 4));
        assert!(plain.rule.is_breach(york.step));
        assert_eq!(york.periods[3].score, None);
        let reset = ladders(&rule(Some("2026-03")), &periods, &all, 1);
        let york = &reset.locations[0];
        assert_eq!(steps(york), [(Fail, 1), (Fail, 2), (Fail, 1), (TooFew, 1), (Fail, 2)]);
        let resets: Vec<bool> = york.periods.iter().map(|p| p.reset).collect();
        assert_eq!(resets, [false, false, true, false, false]);
        assert_eq!((york.step, york.streak), (2, 2));
        assert!(!reset.rule.is_breach(york.step));
    }
}
