//! Year to date (docs/scoring.md §19): January to the focus month of the focus
//! year, against the same months a year earlier, read off the per-month groups the
//! aggregator already keeps. A pure view of `unit → period → totals` maps, so one call
//! serves locations, regions, the whole run and any other level: any month's totals that
//! can say their visits and their scores ([`MonthTotals`]) will do.
//!
//! A figure is (Σ of its months' score sums, oldest month first) / (Σ of their scored
//! visits): the mean of every scored visit in those months, summed month by month, so
//! the last digit is defined by the months' own sums.

use std::collections::BTreeMap;
use std::ops::Bound::Included;

use crate::aggregate::{Aggregates, Group, Mean};

/// What the year to date reads from one month's totals of a unit.
pub trait MonthTotals {
    /// Visits read, with or without a score.
    fn visits(&self) -> u64;
    /// The sum of the visit scores that exist, and how many.
    fn scores(&self) -> Mean;
}

impl MonthTotals for crate::aggregate::levels::Tally {
    fn visits(&self) -> u64 {
        self.visits
    }

    fn scores(&self) -> Mean {
        self.score
    }
}

impl MonthTotals for Group {
    fn visits(&self) -> u64 {
        self.visits
    }

    fn scores(&self) -> Mean {
        self.score.mean()
    }
}

/// A run of months of one year: January (`YYYY-01`) to `last` (`YYYY-MM`), both included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub first: String,
    pub last: String,
}

impl Span {
    /// Whether `period` (`YYYY-MM`) is one of the span's months; `unknown` never is.
    pub fn holds(&self, period: &str) -> bool {
        period.len() == self.last.len() && period >= self.first.as_str() && period <= self.last.as_str()
    }

    /// `Jan-Oct 2026`, or `2026-01` for January alone (as [`crate::window::label`]).
    pub fn label(&self) -> String {
        crate::window::label(&[self.first.as_str(), self.last.as_str()])
    }
}

/// The year-to-date span of a focus month and the same months a year earlier; `None`
/// when `focus` is not a `YYYY-MM` month.
pub fn spans(focus: &str) -> Option<(Span, Span)> {
    let (year, month) = focus.split_once('-')?;
    let (y, m): (i32, u32) = (year.parse().ok()?, month.parse().ok()?);
    if year.len() != 4 || month.len() != 2 || !(1..=12).contains(&m) || y < 1 {
        return None;
    }
    let span = |y: i32| Span { first: format!("{y:04}-01"), last: format!("{y:04}-{m:02}") };
    Some((span(y), span(y - 1)))
}

/// One unit's totals over a span.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    /// Visits read, with or without a score.
    pub visits: u64,
    /// Visits with a score.
    pub scored: u64,
    /// Σ of the months' score sums, oldest month first.
    pub sum: f64,
}

impl Totals {
    /// `sum / scored`, or `None` without a scored visit.
    pub fn score(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.sum / self.scored as f64)
    }
}

/// The totals of `months` (period → group) over `span`, its months added oldest first.
pub fn totals<T: MonthTotals>(months: &BTreeMap<String, T>, span: &Span) -> Totals {
    let mut t = Totals::default();
    for (_, g) in months
        .range::<str, _>((Included(span.first.as_str()), Included(span.last.as_str())))
        .filter(|(p, _)| span.holds(p))
    {
        let scores = g.scores();
        t.visits += g.visits();
        t.scored += scores.n;
        t.sum += scores.sum;
    }
    t
}

/// A unit's year to date and last year's same months.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pair {
    pub this: Totals,
    pub last: Totals,
}

impl Pair {
    /// This year's score − last year's, when both exist.
    pub fn change(&self) -> Option<f64> {
        self.this.score().zip(self.last.score()).map(|(now, before)| now - before)
    }

    /// Scored this year but not in last year's same months: shown as "new".
    pub fn is_new(&self) -> bool {
        self.this.scored > 0 && self.last.scored == 0
    }
}

/// The pair of `months` over both spans.
pub fn pair<T: MonthTotals>(months: &BTreeMap<String, T>, this: &Span, last: &Span) -> Pair {
    Pair { this: totals(months, this), last: totals(months, last) }
}

/// Every unit of `units` (unit, its period → totals) with a visit in either span, in the
/// order given (a `BTreeMap`'s: by key).
pub fn by_unit<'a, T: MonthTotals + 'a>(
    units: impl IntoIterator<Item = (&'a String, &'a BTreeMap<String, T>)>,
    this: &Span,
    last: &Span,
) -> Vec<(String, Pair)> {
    units
        .into_iter()
        .map(|(key, months)| (key.clone(), pair(months, this, last)))
        .filter(|(_, p)| p.this.visits > 0 || p.last.visits > 0)
        .collect()
}

/// A run's year to date: shown when both the focus year's January..focus month and the
/// same months of the year before hold a visit.
#[derive(Debug, Clone, PartialEq)]
pub struct YearToDate {
    pub this: Span,
    pub last: Span,
    /// The months of each span that hold a visit, oldest first.
    pub this_months: Vec<String>,
    pub last_months: Vec<String>,
    pub overall: Pair,
    pub locations: Vec<(String, Pair)>,
    pub regions: Vec<(String, Pair)>,
    /// Each level of the org chart (`fields.levels`, top first): its name and its units
    /// by path; empty without levels.
    pub levels: Vec<(String, Vec<(String, Pair)>)>,
}

impl YearToDate {
    /// A location's pair, if it had a visit in either span.
    pub fn location(&self, name: &str) -> Option<&Pair> {
        let i = self.locations.binary_search_by(|(k, _)| k.as_str().cmp(name)).ok()?;
        self.locations.get(i).map(|(_, p)| p)
    }

    /// The pair of the unit at `path` on level `level` (its name), if it had a visit in
    /// either span.
    pub fn unit(&self, level: &str, path: &str) -> Option<&Pair> {
        let (_, units) = self.levels.iter().find(|(name, _)| name == level)?;
        let i = units.binary_search_by(|(k, _)| k.as_str().cmp(path)).ok()?;
        units.get(i).map(|(_, p)| p)
    }
}

/// The year to date of focus month `focus`, from the run's per-month groups; `None` when
/// either span holds no visit (or `focus` is not a month).
pub fn year_to_date(a: &Aggregates, focus: &str) -> Option<YearToDate> {
    let (this, last) = spans(focus)?;
    let overall = pair(&a.periods, &this, &last);
    if overall.this.visits == 0 || overall.last.visits == 0 {
        return None;
    }
    // A month's group exists only once a visit is in it.
    let months = |span: &Span| -> Vec<String> { a.periods.keys().filter(|p| span.holds(p)).cloned().collect() };
    Some(YearToDate {
        this_months: months(&this),
        last_months: months(&last),
        locations: by_unit(&a.location_periods, &this, &last),
        regions: by_unit(&a.region_periods, &this, &last),
        levels: a
            .levels
            .iter()
            .map(|l| (l.name.clone(), by_unit(l.units.iter().map(|(k, u)| (k, &u.periods)), &this, &last)))
            .collect(),
        overall,
        this,
        last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Aggregator, Spread};
    use crate::ingest::{Visit, answer::Answer};
    use crate::score::VisitScore;

    /// A month's group of `visits` visits, `n` of them scored, summing to `sum`.
    fn month(visits: u64, n: u64, sum: f64) -> Group {
        Group { visits, score: Spread { sum, n, sum_sq: 0.0 }, ..Group::default() }
    }

    fn months(list: &[(&str, Group)]) -> BTreeMap<String, Group> {
        list.iter().map(|(p, g)| (p.to_string(), g.clone())).collect()
    }

    #[test]
    fn spans_run_from_january_to_the_focus_month() {
        let (this, last) = spans("2026-10").unwrap();
        assert_eq!((this.first.as_str(), this.last.as_str()), ("2026-01", "2026-10"));
        assert_eq!((last.first.as_str(), last.last.as_str()), ("2025-01", "2025-10"));
        assert_eq!((this.label(), last.label()), ("Jan-Oct 2026".to_string(), "Jan-Oct 2025".to_string()));
        let (jan, before) = spans("2026-01").unwrap();
        assert_eq!((jan.label(), before.label()), ("2026-01".to_string(), "2025-01".to_string()));
        // Year 1 has a year before it, 0000; year 0 has none written as four digits.
        let (one, zero) = spans("0001-05").unwrap();
        assert_eq!((one.first.as_str(), zero.first.as_str(), zero.last.as_str()), ("0001-01", "0000-01", "0000-05"));
        for bad in ["unknown", "2026-13", "2026-00", "2026-1", "26-01", "0000-05", ""] {
            assert_eq!(spans(bad), None, "{bad}");
        }
        assert!(this.holds("2026-01") && this.holds("2026-10") && !this.holds("2026-11"));
        assert!(!this.holds("2025-12") && !this.holds("unknown") && !this.holds("2026-1"));
    }

    /// Focus December 2026: Jan-Dec 2026 against Jan-Dec 2025. Months (visits, scored,
    /// sum): 2025-01 (2, 2, 150), 2025-12 (1, 1, 60), 2026-01 (1, 1, 90), 2026-12 (3, 2,
    /// 140), 2027-01 (1, 1, 10) left out, `unknown` (1, 1, 0) left out. This year
    /// (90 + 140) / 3 = 76.67 over 4 visits; last year (150 + 60) / 3 = 70 over 3; change
    /// 230/3 − 70 = 6.67.
    #[test]
    fn a_december_focus_takes_the_whole_year() {
        let m = months(&[
            ("2025-01", month(2, 2, 150.0)),
            ("2025-12", month(1, 1, 60.0)),
            ("2026-01", month(1, 1, 90.0)),
            ("2026-12", month(3, 2, 140.0)),
            ("2027-01", month(1, 1, 10.0)),
            ("unknown", month(1, 1, 0.0)),
        ]);
        let (this, last) = spans("2026-12").unwrap();
        let p = pair(&m, &this, &last);
        assert_eq!(p.this, Totals { visits: 4, scored: 3, sum: 230.0 });
        assert_eq!(p.last, Totals { visits: 3, scored: 3, sum: 210.0 });
        assert_eq!((p.this.score(), p.last.score()), (Some(230.0 / 3.0), Some(70.0)));
        assert_eq!(p.change(), Some(230.0 / 3.0 - 70.0));
        assert!(!p.is_new());
    }

    /// Focus January 2026: January 2026 (1, 1, 80) against January 2025 (2, 2, 100);
    /// December 2025 (1, 1, 0) is in neither. 80 − 100 / 2 = +30.
    #[test]
    fn a_january_focus_takes_january_alone() {
        let m =
            months(&[("2025-01", month(2, 2, 100.0)), ("2025-12", month(1, 1, 0.0)), ("2026-01", month(1, 1, 80.0))]);
        let (this, last) = spans("2026-01").unwrap();
        let p = pair(&m, &this, &last);
        assert_eq!((p.this.visits, p.last.visits, p.change()), (1, 2, Some(30.0)));
    }

    /// Scored this year, none last year: new, no change. Visited last year but unscored:
    /// still new. Not visited this year: neither new nor a change.
    #[test]
    fn no_last_year_score_is_new() {
        let (this, last) = spans("2026-10").unwrap();
        let opened = pair(&months(&[("2026-03", month(2, 2, 150.0))]), &this, &last);
        assert!(opened.is_new());
        assert_eq!((opened.this.score(), opened.change()), (Some(75.0), None));
        let unscored = pair(&months(&[("2025-03", month(1, 0, 0.0)), ("2026-03", month(1, 1, 50.0))]), &this, &last);
        assert!(unscored.is_new() && unscored.change().is_none());
        // Visited this year without a score, never last year: nothing to call new.
        let unscored_only = pair(&months(&[("2026-03", month(2, 0, 0.0))]), &this, &last);
        assert!(!unscored_only.is_new());
        let closed = pair(&months(&[("2025-03", month(1, 1, 50.0))]), &this, &last);
        assert!(!closed.is_new());
        assert_eq!((closed.this.score(), closed.change()), (None, None));
    }

    /// Units with a visit in neither span are left out: Bath has only November 2025.
    #[test]
    fn units_outside_both_spans_are_left_out() {
        let (this, last) = spans("2026-10").unwrap();
        let by: BTreeMap<String, BTreeMap<String, Group>> = [
            ("Bath".to_string(), months(&[("2025-11", month(1, 1, 90.0))])),
            ("York".to_string(), months(&[("2025-10", month(1, 1, 90.0))])),
        ]
        .into_iter()
        .collect();
        let list = by_unit(&by, &this, &last);
        assert_eq!(list.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["York"]);
    }

    /// Another level's shape: units holding their own month totals, not `Group`s. Area
    /// "Leeds" (North): 2025-02 (1 visit, 60), 2026-01 (2 visits, 1 scored, 90): 90
    /// against 60, +30.
    #[test]
    fn any_month_totals_and_any_unit_shape_will_do() {
        struct Tally {
            visits: u64,
            score: Mean,
        }
        impl MonthTotals for Tally {
            fn visits(&self) -> u64 {
                self.visits
            }
            fn scores(&self) -> Mean {
                self.score
            }
        }
        struct Unit {
            periods: BTreeMap<String, Tally>,
        }
        let periods = [
            ("2025-02".to_string(), Tally { visits: 1, score: Mean { sum: 60.0, n: 1 } }),
            ("2026-01".to_string(), Tally { visits: 2, score: Mean { sum: 90.0, n: 1 } }),
        ];
        let units: BTreeMap<String, Unit> =
            [("North / Leeds".to_string(), Unit { periods: periods.into_iter().collect() })].into_iter().collect();
        let (this, last) = spans("2026-03").unwrap();
        let list = by_unit(units.iter().map(|(k, u)| (k, &u.periods)), &this, &last);
        assert_eq!(list.len(), 1);
        let (key, p) = &list[0];
        assert_eq!((key.as_str(), p.this.visits, p.this.scored, p.change()), ("North / Leeds", 2, 1, Some(30.0)));
    }

    /// Months are summed oldest first: 0.1 + 0.2 + 0.3 as (0.1 + 0.2) + 0.3 =
    /// 0.6000000000000001, not 0.1 + (0.2 + 0.3) = 0.6.
    #[test]
    fn months_are_added_oldest_first() {
        let m = months(&[("2026-01", month(1, 1, 0.1)), ("2026-02", month(1, 1, 0.2)), ("2026-03", month(1, 1, 0.3))]);
        let (this, _) = spans("2026-03").unwrap();
        assert_eq!(totals(&m, &this).sum, (0.1 + 0.2) + 0.3);
        assert_ne!(totals(&m, &this).sum, 0.1 + (0.2 + 0.3));
    }

    /// Visits (location, region, period, score), scored for `--period 2026-02`, so
    /// every earlier month is read only to compare with: Leeds/North 2025-01 60, 2025-02
    /// 70, 2026-01 80 (compared only), 2026-02 90; York/North 2026-02 50 (new); Bath/South
    /// 2025-02 40, 2025-12 100 (in neither span). Overall Jan-Feb 2026 (80 + 90 + 50) / 3
    /// = 73.33 against Jan-Feb 2025 (60 + 70 + 40) / 3 = 56.67; Leeds (80 + 90) / 2 = 85
    /// against (60 + 70) / 2 = 65, +20; York new; Bath last year 40, none this year;
    /// North (80 + 90 + 50) / 3 against 65; South none against 40.
    #[test]
    fn compared_months_count_and_a_year_without_the_last_is_not_shown() {
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 100 }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let visits = [
            ("Leeds", "North", "2025-01", 60.0),
            ("Leeds", "North", "2025-02", 70.0),
            ("Bath", "South", "2025-02", 40.0),
            ("Bath", "South", "2025-12", 100.0),
            ("Leeds", "North", "2026-01", 80.0),
            ("Leeds", "North", "2026-02", 90.0),
            ("York", "North", "2026-02", 50.0),
        ];
        let aggregate = |list: &[(&str, &str, &str, f64)]| {
            let mut agg = Aggregator::new(&rubric, Some("2026-02".into()));
            for &(location, region, period, s) in list {
                let visit = Visit {
                    location: location.into(),
                    region: region.into(),
                    period: period.into(),
                    ..Visit::with_answers(vec![Answer::Scored(s / 100.0)])
                };
                agg.add(&rubric, &visit, &VisitScore { score: Some(s), sections: vec![Some(s)], critical_failures: 0 });
            }
            agg.finish()
        };
        let y = year_to_date(&aggregate(&visits), "2026-02").unwrap();
        assert_eq!(
            (y.this_months.as_slice(), y.last_months.as_slice()),
            (&["2026-01".to_string(), "2026-02".to_string()][..], &["2025-01".to_string(), "2025-02".to_string()][..])
        );
        assert_eq!((y.overall.this.score(), y.overall.last.score()), (Some(220.0 / 3.0), Some(170.0 / 3.0)));
        let leeds = y.location("Leeds").unwrap();
        assert_eq!(
            (leeds.this.visits, leeds.this.score(), leeds.last.score(), leeds.change()),
            (2, Some(85.0), Some(65.0), Some(20.0))
        );
        assert!(y.location("York").unwrap().is_new());
        let bath = y.location("Bath").unwrap();
        assert_eq!((bath.this.visits, bath.last.score(), bath.is_new()), (0, Some(40.0), false));
        let regions: Vec<(&str, Option<f64>, Option<f64>)> =
            y.regions.iter().map(|(k, p)| (k.as_str(), p.this.score(), p.last.score())).collect();
        assert_eq!(regions, [("North", Some(220.0 / 3.0), Some(65.0)), ("South", None, Some(40.0))]);
        // Without the year before's January and February, nothing is shown, even with
        // December 2025 in the window.
        let this_year_only: Vec<_> = visits.iter().copied().filter(|v| v.2 >= "2025-03").collect();
        assert_eq!(year_to_date(&aggregate(&this_year_only), "2026-02"), None);
        assert_eq!(year_to_date(&aggregate(&visits), "unknown"), None);
    }
}
