//! Where a run's stream goes: every scored visit and every data issue, in input order,
//! as the pipeline ([`crate::run`]) reads them. The report formats are sinks (each also
//! has a `finish`, [`crate::report::Report`]); so is `check`'s listing of issues.

use anyhow::Result;

use crate::ingest::Visit;
use crate::issue::Issue;
use crate::score::VisitScore;
use crate::standing::Standing;

/// One visit with its scores, as a sink sees it.
pub struct ScoredVisit<'a> {
    /// The input file as the user named it.
    pub file: &'a str,
    pub visit: &'a Visit,
    pub score: &'a VisitScore,
    pub grade: Option<&'a str>,
    /// Whether it counts, and what corrections made of it; the default without
    /// corrections and re-shops. A sink keeping figures of its own adds only a visit that
    /// counts ([`Standing::counts`]), and lists every one.
    pub marks: Marks<'a>,
}

/// How a visit's listing is marked: its standing, and whether a correction changed it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Marks<'a> {
    /// Only a counted visit is added to any figure; every visit is listed.
    pub standing: Standing<'a>,
    /// An accepted correction changed an answer or voided the visit.
    pub corrected: bool,
    /// The score before corrections (the score itself when none changed it).
    pub score_as_shot: Option<f64>,
    /// The id of the re-shop replacing it, else empty; also for a void visit, whose
    /// standing (void) wins over the re-shop's but whose re-shop is still named.
    pub replaced_by: &'a str,
}

/// Which marks a run's visit listings (visits.csv, the Visits sheet) carry: a corrections
/// file's (`corrected`, `status`, `score as shot`), a re-shop's (`status`, `replaced
/// by`), both, or none (the listings as without either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarkColumns {
    /// `--corrections` is given.
    pub corrections: bool,
    /// The rubric names `fields.replaces`.
    pub reshops: bool,
}

impl MarkColumns {
    /// The marks' visits.csv headers, in order: `corrected, status, score_as_shot,
    /// replaced_by`, each where the run has it (`status` once for either).
    pub fn headers(self) -> Vec<&'static str> {
        self.each(["corrected", "status", "score_as_shot", "replaced_by"]).collect()
    }

    /// The items of `four` (one per mark: corrected, status, score as shot, replaced by)
    /// that the run's listings carry, in order.
    pub fn each<T>(self, four: [T; 4]) -> impl Iterator<Item = T> {
        let (c, r) = (self.corrections, self.reshops);
        four.into_iter().zip([c, c || r, c, r]).filter_map(|(t, on)| on.then_some(t))
    }
}

/// What the stream hands over; each method is a no-op unless a sink wants it.
pub trait Sink {
    /// A visit of the period being scored, before its issues.
    fn visit(&mut self, _visit: &ScoredVisit) -> Result<()> {
        Ok(())
    }

    /// `visit`: the visit the issue is about (read from its row, scored or not), whose
    /// location and shopper the issue lists; `None` for a row that is not a visit.
    fn issue(&mut self, _issue: &Issue, _visit: Option<&Visit>) -> Result<()> {
        Ok(())
    }

    /// A visit of an earlier month read only for comparison (`--period`): not a row of
    /// any report, but part of per-period totals a format keeps of its own.
    fn compared(&mut self, _visit: &ScoredVisit) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::MarkColumns;

    /// `status` is one column for either feature; each feature's own columns only with it.
    #[test]
    fn each_feature_adds_its_own_columns_and_status_once() {
        let cols = |corrections, reshops| MarkColumns { corrections, reshops }.headers();
        assert!(cols(false, false).is_empty());
        assert_eq!(cols(true, false), ["corrected", "status", "score_as_shot"]);
        assert_eq!(cols(false, true), ["status", "replaced_by"]);
        assert_eq!(cols(true, true), ["corrected", "status", "score_as_shot", "replaced_by"]);
    }
}
