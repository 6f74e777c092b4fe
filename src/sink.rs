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
    /// Whether it counts in the run's figures; a sink keeping figures of its own adds only
    /// a visit that counts ([`Standing::counts`]), and lists every one.
    pub standing: Standing<'a>,
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
