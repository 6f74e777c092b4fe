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

    /// Whether a visit of `period` is one of the run's, scored or compared against: the
    /// visits [`crate::run`] reads, neither set apart as undated in a bounded run nor
    /// outside `--since`..=`--until` (a visit after `--period` is outside `--until`).
    pub fn reads(&self, period: &str) -> bool {
        !(self.bounded() && period == UNKNOWN_PERIOD) && self.contains(period)
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

/// A run of months as people say it: `2026-10` alone, `Aug-Oct 2026` within a year,
/// `Nov 2025-Feb 2026` across years; `no dated visit` for none.
///
/// ```
/// use shopscore::window::label;
/// assert_eq!(label(&["2026-08", "2026-09", "2026-10"]), "Aug-Oct 2026");
/// assert_eq!(label(&["2025-11", "2026-02"]), "Nov 2025-Feb 2026");
/// assert_eq!(label(&[]), "no dated visit");
/// ```
pub fn label(periods: &[&str]) -> String {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else { return "no dated visit".to_string() };
    if first == last {
        return first.to_string();
    }
    match (month(first), month(last)) {
        (Some((y1, m1)), Some((y2, m2))) if y1 == y2 => format!("{m1}-{m2} {y2}"),
        (Some((y1, m1)), Some((y2, m2))) => format!("{m1} {y1}-{m2} {y2}"),
        _ => format!("{first} to {last}"),
    }
}

/// `2026-10` as (`2026`, `Oct`).
fn month(period: &str) -> Option<(&str, &'static str)> {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (year, m) = period.split_once('-')?;
    let m: usize = m.parse().ok()?;
    Some((year, NAMES.get(m.checked_sub(1)?)?))
}

/// The label of totals over `periods` that also count `undated` visits of no readable
/// date: `Aug-Oct 2026 + undated`, so the label never claims only months the figure does
/// not keep to.
pub fn totals_label(periods: &[&str], undated: u64) -> String {
    let months = label(periods);
    if undated > 0 { format!("{months} + undated") } else { months }
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

    /// A run's visits: undated ones only in an unbounded run; months within
    /// `--since`..=`--until` (`--period 2026-10` is `--until 2026-10` too).
    #[test]
    fn the_runs_visits_are_those_it_reads() {
        let open = window(None, None, None);
        assert!(open.reads(UNKNOWN_PERIOD) && open.reads("1999-01"));
        let w = window(Some("2026-09"), Some("2026-10"), Some("2026-10"));
        let read = ["2026-08", "2026-09", "2026-10", "2026-11", UNKNOWN_PERIOD].map(|p| w.reads(p));
        assert_eq!(read, [false, true, true, false, false]);
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

    #[test]
    fn windows_are_named_as_people_say_them() {
        assert_eq!(label(&[]), "no dated visit");
        assert_eq!(label(&["2026-10"]), "2026-10");
        assert_eq!(label(&["2026-08", "2026-09", "2026-10"]), "Aug-Oct 2026");
        assert_eq!(label(&["2025-11", "2026-02"]), "Nov 2025-Feb 2026");
        assert_eq!(label(&["2026-01", "2026-12"]), "Jan-Dec 2026");
        assert_eq!(label(&["2026-00", "2026-13"]), "2026-00 to 2026-13");
    }

    #[test]
    fn totals_with_undated_visits_say_so() {
        assert_eq!(totals_label(&["2026-08", "2026-10"], 0), "Aug-Oct 2026");
        assert_eq!(totals_label(&["2026-08", "2026-10"], 1), "Aug-Oct 2026 + undated");
        assert_eq!(totals_label(&[], 2), "no dated visit + undated");
    }
}
