//! The months a run reads and the month it scores: `--since`, `--until` and `--period`
//! (SCORING.md §3). Every layer that asks "is this visit in the window?" or "is it the
//! month being scored?" asks here.

use crate::date::UNKNOWN_PERIOD;

/// The periods a run reads (`--since`, `--until`), both inclusive. A visit whose date
/// does not parse (period `unknown`) cannot be placed in such a window: in a bounded run
/// it is not scored, only listed as a `bad_date` issue that says so; without a window it
/// is scored (SCORING.md §3).
#[derive(Debug, Clone, Default)]
pub struct Window {
    pub since: Option<String>,
    pub until: Option<String>,
    /// `--period`: the month being scored; earlier months are read for comparison only.
    pub focus: Option<String>,
    /// The run date (`SOURCE_DATE_EPOCH`, else today, UTC) for the future-date check;
    /// `None`: no such check. [`crate::config`] resolves it once, for the inputs too.
    pub today: Option<chrono::NaiveDate>,
}

impl Window {
    /// The `--period` a visit of `period` is dated after, if it is.
    pub fn after_focus(&self, period: &str) -> Option<&str> {
        self.focus.as_deref().filter(|f| period != UNKNOWN_PERIOD && period > *f)
    }

    /// Whether a visit of `period` is scored and reported (not only compared against).
    pub fn in_focus(&self, period: &str) -> bool {
        in_focus(self.focus.as_deref(), period)
    }

    /// The run is bounded to periods (`--period`, `--since` or `--until`).
    pub fn bounded(&self) -> bool {
        self.focus.is_some() || self.since.is_some() || self.until.is_some()
    }

    /// The window in words, for the issue of a visit that cannot be placed in it. No flag
    /// is named: the window may come from a run file (`period:`) as well as `--period`.
    pub fn described(&self) -> String {
        match (&self.focus, &self.since, &self.until) {
            (Some(f), _, _) => format!("the run scores {f}"),
            (None, Some(s), Some(u)) => format!("the run reads {s} to {u}"),
            (None, Some(s), None) => format!("the run reads {s} on"),
            (None, None, Some(u)) => format!("the run reads up to {u}"),
            (None, None, None) => "the run has no window".to_string(),
        }
    }

    /// Whether a visit of `period` is read at all: inside `--since`..=`--until`. An
    /// undated visit is "inside" here; a bounded run sets it apart before asking.
    pub fn contains(&self, period: &str) -> bool {
        period == UNKNOWN_PERIOD
            || (self.since.as_deref().is_none_or(|s| period >= s) && self.until.as_deref().is_none_or(|u| period <= u))
    }
}

/// Whether a visit of `period` counts as the month being scored when `focus` is set
/// (`--period`). A visit without a date does not: it cannot be placed in the month (the
/// run does not score it at all, SCORING.md §3).
pub fn in_focus(focus: Option<&str>, period: &str) -> bool {
    focus.is_none_or(|f| period == f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(since: Option<&str>, until: Option<&str>, focus: Option<&str>) -> Window {
        let s = |v: Option<&str>| v.map(String::from);
        Window { since: s(since), until: s(until), focus: s(focus), today: None }
    }

    #[test]
    fn since_and_until_are_inclusive_months() {
        let w = window(Some("2026-03"), Some("2026-05"), None);
        let read: Vec<bool> = ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"].map(|p| w.contains(p)).to_vec();
        assert_eq!(read, [false, true, true, true, false]);
        assert!(w.contains(UNKNOWN_PERIOD), "set apart by the caller, not here");
        assert!(window(None, Some("2026-05"), None).contains("1999-01"));
        assert!(!window(Some("2026-03"), None, None).contains("2026-02"));
        assert!(window(None, None, None).contains("2026-02"));
    }

    #[test]
    fn the_focus_month_alone_is_scored() {
        let w = window(None, None, Some("2026-10"));
        assert!(w.in_focus("2026-10") && !w.in_focus("2026-09") && !w.in_focus(UNKNOWN_PERIOD));
        assert_eq!(w.after_focus("2026-11"), Some("2026-10"));
        assert_eq!(w.after_focus("2026-10"), None);
        assert_eq!(w.after_focus("2026-09"), None);
        assert_eq!(w.after_focus(UNKNOWN_PERIOD), None, "undated is not after");
        assert!(window(None, None, None).in_focus("2026-09"), "no --period: every month counts");
    }

    #[test]
    fn bounded_by_any_of_the_three() {
        assert!(!window(None, None, None).bounded());
        assert!(window(Some("2026-01"), None, None).bounded());
        assert!(window(None, Some("2026-01"), None).bounded());
        assert!(window(None, None, Some("2026-01")).bounded());
    }

    #[test]
    fn described_without_naming_a_flag() {
        assert_eq!(window(Some("a"), Some("b"), Some("f")).described(), "the run scores f");
        assert_eq!(window(Some("a"), Some("b"), None).described(), "the run reads a to b");
        assert_eq!(window(Some("a"), None, None).described(), "the run reads a on");
        assert_eq!(window(None, Some("b"), None).described(), "the run reads up to b");
        assert_eq!(window(None, None, None).described(), "the run has no window");
    }
}
