//! The focus period: the month a report is about, and how every headline figure is
//! labelled.
//!
//! The focus is the `--period`, else the latest dated month of the run. When the run's
//! totals (its *window*: every scored visit, several months without `--period`) cover more
//! than the focus month, the headline of every report is the focus month's figure, beside
//! the previous month's and the change, and the window's figure is shown apart under its
//! own label ("Aug-Oct 2026"). With one month (or `--period`) the window is the focus and
//! there is one figure. A view of the [`Summary`]: every number is taken from its
//! aggregates, never recomputed.

use crate::aggregate::Group;
use crate::compare::Change;
use crate::summary::Summary;

/// The run's focus month and its window.
#[derive(Debug, Clone)]
pub struct Focus<'a> {
    summary: &'a Summary,
    /// The focus month, `YYYY-MM`.
    pub period: &'a str,
    /// The dated month before it, if the run has one.
    pub previous: Option<&'a str>,
    /// The dated months the window's totals cover, oldest first.
    pub window: Vec<&'a str>,
    /// Visits of no readable date the window's totals count too (a run without a window
    /// scores them, in no month); 0 in a bounded run, which does not score them.
    pub undated: u64,
}

/// One location (or region) as the headline shows it.
#[derive(Debug, Clone, Copy)]
pub struct Headline<'a> {
    pub key: &'a str,
    /// Its totals in the focus month (the window's when the window is the focus); `None`
    /// when it has no visit then.
    pub now: Option<&'a Group>,
    /// Its totals over the window; `None` for a location seen only in a compared month.
    pub window: Option<&'a Group>,
    /// Focus month against the previous one, from the run's comparison.
    pub change: Option<&'a Change>,
}

impl<'a> Headline<'a> {
    /// The headline score: the focus month's.
    pub fn score(&self) -> Option<f64> {
        self.now.and_then(|g| g.score.value())
    }

    /// A real location: visits with a blank location are not a store and are never ranked.
    pub fn is_store(&self) -> bool {
        !self.key.is_empty()
    }

    /// No visit in the focus month (a location seen only in other months): listed
    /// unranked, its score `-`, and marked "no visit in <month>".
    pub fn unvisited(&self) -> bool {
        self.now.is_none()
    }

    /// Scored visits behind the headline score.
    pub fn scored(&self) -> u64 {
        self.now.map_or(0, |g| g.score.n)
    }
}

impl Summary {
    /// The run's focus, or `None` when no visit has a readable date.
    pub fn focus(&self) -> Option<Focus<'_>> {
        let c = self.comparison.as_ref()?;
        Some(Focus {
            summary: self,
            period: c.latest_period.as_str(),
            previous: c.previous_period.as_deref(),
            window: self.reported_periods(),
            undated: self.undated_in_window(),
        })
    }
}

impl Summary {
    /// Every location ranked on its headline score: the focus month's ([`Focus::ranking`]),
    /// or the whole run's when no visit has a readable date. Visits with a blank location
    /// come last: they are not a store, so they are listed apart and never ranked.
    pub fn headlines(&self) -> Vec<Headline<'_>> {
        let mut list: Vec<Headline<'_>> = match self.focus() {
            Some(f) => f.ranking(),
            None => self
                .aggregates
                .ranking()
                .into_iter()
                .map(|(key, g)| Headline { key, now: Some(g), window: Some(g), change: None })
                .collect(),
        };
        // A stable sort keeps the ranking's order among the stores.
        list.sort_by_key(|h| !h.is_store());
        list
    }

    /// The stores (every location but the blank one) ranked on their headline score: what
    /// ranks, "3 of 12" and the ranking charts count.
    pub fn stores(&self) -> Vec<Headline<'_>> {
        self.headlines().into_iter().filter(Headline::is_store).collect()
    }
}

impl<'a> Focus<'a> {
    /// The window holds more than the focus month (other months, or visits of no readable
    /// date), so its figures are shown apart.
    pub fn split(&self) -> bool {
        self.undated > 0 || self.window.iter().any(|p| *p != self.period)
    }

    /// The focus month's label, e.g. `2026-10`.
    pub fn label(&self) -> &'a str {
        self.period
    }

    /// The window's label, e.g. `Aug-Oct 2026`, or `Aug-Oct 2026 + undated` when its
    /// totals count visits of no readable date too: the label never claims only months
    /// the figure does not keep to.
    pub fn window_label(&self) -> String {
        crate::window::totals_label(&self.window, self.undated)
    }

    /// The whole run in the focus month; `None` when no visit is in it (a `--period`
    /// month without visits), as for a location or region without one.
    pub fn overall(&self) -> Option<&'a Group> {
        let a = &self.summary.aggregates;
        if self.split() { a.periods.get(self.period) } else { Some(&a.overall).filter(|g| g.visits > 0) }
    }

    /// The whole run in the previous month.
    pub fn previous_overall(&self) -> Option<&'a Group> {
        self.summary.aggregates.periods.get(self.previous?)
    }

    /// A location in the focus month.
    pub fn location(&self, name: &str) -> Option<&'a Group> {
        let a = &self.summary.aggregates;
        if self.split() { a.location_periods.get(name)?.get(self.period) } else { a.locations.get(name) }
    }

    /// A region in the focus month.
    pub fn region(&self, name: &str) -> Option<&'a Group> {
        let a = &self.summary.aggregates;
        if self.split() { a.region_periods.get(name)?.get(self.period) } else { a.regions.get(name) }
    }

    /// A location in the previous month.
    pub fn previous_location(&self, name: &str) -> Option<&'a Group> {
        self.summary.aggregates.location_periods.get(name)?.get(self.previous?)
    }

    /// Every location of the window, ranked on its focus-month score: highest first, then
    /// by name; locations without a focus-month score last (by name). With `--period`, a
    /// location seen only in the months read to compare with is listed too, among the
    /// last (no visit in the focus month, no window figure): its owner must see that it
    /// went unvisited.
    pub fn ranking(&self) -> Vec<Headline<'a>> {
        let s = self.summary;
        let a = &s.aggregates;
        let c = s.comparison.as_ref();
        let compared_only = a.location_periods.keys().filter(|k| !a.locations.contains_key(*k));
        let mut list: Vec<Headline<'a>> = a
            .locations
            .iter()
            .map(|(key, window)| (key, Some(window)))
            .chain(compared_only.map(|key| (key, None)))
            .map(|(key, window)| Headline {
                key: key.as_str(),
                now: self.location(key),
                window,
                change: c.and_then(|c| c.location(key)),
            })
            .collect();
        list.sort_by(|a, b| crate::aggregate::best_first((a.score(), a.key), (b.score(), b.key)));
        list
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::aggregate::Aggregator;
    use crate::ingest::{Visit, answer::Answer};
    use crate::score::VisitScore;
    use crate::summary::Summary;

    /// Visits (location, period, score): Leeds 2026-09 40, Leeds 2026-10 90, York 2026-10
    /// 70, York 2026-10 80, Bath 2026-09 100, Leeds unknown 10. Without `--period` the
    /// window is Sep-Oct: Leeds (40 + 90 + 10) / 3 = 46.67, York 75, Bath 100. The focus is
    /// October: Leeds 90, York (70 + 80) / 2 = 75, no Bath; overall (90 + 70 + 80) / 3 = 80,
    /// September (40 + 100) / 2 = 70.
    fn summary(period: Option<&str>) -> Summary {
        let yaml = "name: T\ngrades:\n  - { name: Good, min: 75 }\n  - { name: Poor, min: 0 }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 100 }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let mut agg = Aggregator::new(&rubric, period.map(str::to_string));
        let visits = [
            ("Leeds", "2026-09", 40.0),
            ("Leeds", "2026-10", 90.0),
            ("York", "2026-10", 70.0),
            ("York", "2026-10", 80.0),
            ("Bath", "2026-09", 100.0),
            ("Leeds", "unknown", 10.0),
        ];
        for (location, p, s) in visits {
            let visit = Visit {
                location: location.into(),
                period: p.into(),
                ..Visit::with_answers(vec![Answer::Scored(s / 100.0)])
            };
            agg.add(&rubric, &visit, &VisitScore { score: Some(s), sections: vec![Some(s)], critical_failures: 0 });
        }
        let aggregates = agg.finish();
        let comparison = crate::compare::compare(&aggregates, &rubric, period, 2.0, 3);
        Summary {
            rubric,
            rubric_file: PathBuf::from("t.yaml"),
            inputs: Vec::new(),
            aggregates,
            issues: Default::default(),
            version_visits: Vec::new(),
            gates: Vec::new(),
            comparison,
            min_visits: 3,
            period: period.map(str::to_string),
            corrections: None,
            reshops: None,
            follow_up: Default::default(),
        }
    }

    #[test]
    fn the_focus_is_the_latest_month_and_the_window_is_shown_apart() {
        let s = summary(None);
        let f = s.focus().unwrap();
        assert_eq!((f.period, f.previous, f.split()), ("2026-10", Some("2026-09"), true));
        assert_eq!(f.window_label(), "Sep-Oct 2026 + undated");
        assert_eq!(f.overall().and_then(|g| g.score.value()), Some(80.0));
        assert_eq!(f.previous_overall().and_then(|g| g.score.value()), Some(70.0));
        let ranked: Vec<(&str, Option<f64>, Option<f64>)> =
            f.ranking().iter().map(|h| (h.key, h.score(), h.window.and_then(|g| g.score.value()))).collect();
        assert_eq!(
            ranked,
            [("Leeds", Some(90.0), Some(140.0 / 3.0)), ("York", Some(75.0), Some(75.0)), ("Bath", None, Some(100.0))]
        );
        let leeds = f.ranking()[0];
        assert_eq!(leeds.scored(), 1);
        assert_eq!(leeds.change.and_then(|c| c.change), Some(50.0));
        assert_eq!(f.previous_location("Bath").and_then(|g| g.score.value()), Some(100.0));
    }

    /// Without `--period` Leeds's undated visit (10) counts in the window's totals, so the
    /// window is labelled with it; the focus month's figures leave it out: October
    /// (90 + 70 + 80) / 3 = 80, the window (40 + 90 + 70 + 80 + 100 + 10) / 6 = 65.
    #[test]
    fn a_window_counting_undated_visits_says_so() {
        let s = summary(None);
        let f = s.focus().unwrap();
        assert_eq!((f.undated, f.window_label()), (1, "Sep-Oct 2026 + undated".to_string()));
        assert_eq!(s.aggregates.overall.score.value(), Some(65.0));
        assert_eq!(f.overall().and_then(|g| g.score.value()), Some(80.0));
        let bounded = summary(Some("2026-10"));
        assert_eq!(bounded.focus().unwrap().undated, 0, "a bounded run does not score them");
    }

    #[test]
    fn with_period_the_window_is_the_focus() {
        let s = summary(Some("2026-10"));
        let f = s.focus().unwrap();
        assert!(!f.split());
        assert_eq!(f.window_label(), "2026-10");
        assert_eq!(f.previous, Some("2026-09"));
        let york = f.location("York").unwrap();
        assert_eq!((york.visits, york.score.value()), (2, Some(75.0)));
        // Bath was visited only in 2026-09, a month read to compare with: it is listed
        // last, with no focus-month or window figure, and its September score (100).
        let ranked: Vec<(&str, Option<f64>, bool)> =
            f.ranking().iter().map(|h| (h.key, h.score(), h.window.is_some())).collect();
        assert_eq!(ranked, [("Leeds", Some(90.0), true), ("York", Some(75.0), true), ("Bath", None, false)]);
        assert_eq!(f.previous_location("Bath").and_then(|g| g.score.value()), Some(100.0));
        assert!(f.ranking()[2].now.is_none());
    }
}
