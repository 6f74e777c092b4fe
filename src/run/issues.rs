//! The data issues the pipeline itself files: a visit outside the window, one that cannot
//! be placed in it, a visit id seen before.

use crate::ingest::{Input, SCORED_UNKNOWN, Visit};
use crate::issue::{Issue, IssueKind};
use crate::window::Window;

/// Keeps only the issues about the record as a whole (the rows a runaway quote
/// swallowed), so every line stays accounted for when the visit itself is not scored.
pub(super) fn keep_record_issues(issues: &mut Vec<Issue>) {
    issues.retain(|i| i.kind == IssueKind::SwallowedRows);
}

/// The issues of an undated visit in a bounded run: its `bad_date` issue (on `date`, the
/// date column: a `fields.version_date` cell's is dropped, as no version scores the
/// visit), saying the visit cannot be placed in the window and is not scored, and the
/// record's own. Its answers are not this run's to check, as with a visit outside the window.
pub(super) fn not_placed(issues: &mut Vec<Issue>, window: &Window, date: &str) {
    issues.retain(|i| i.kind == IssueKind::SwallowedRows || (i.kind == IssueKind::BadDate && i.column == date));
    for issue in issues.iter_mut().filter(|i| i.kind == IssueKind::BadDate) {
        // Up to what it says of scoring (with rubric versions, which one would have).
        let reason = issue.problem.find(SCORED_UNKNOWN).map_or(issue.problem.as_str(), |at| &issue.problem[..at]);
        issue.problem = format!(
            "{reason}{}, and a visit without a readable date cannot be placed in that window: it is not scored",
            window.described()
        );
    }
}

/// The issues of a visit dated before the first rubric version: its `no_version` issue
/// and the record's own; its answers are not checked, as it is not scored.
pub(super) fn not_versioned(issues: &mut Vec<Issue>) {
    issues.retain(|i| matches!(i.kind, IssueKind::SwallowedRows | IssueKind::NoVersion));
}

/// A visit dated after the `--period` being scored.
pub(super) fn outside_period(input: &Input, visit: &Visit, focus: &str) -> Issue {
    Issue {
        file: input.name.clone(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        column: input.columns.headers[input.columns.date].clone(),
        value: visit.date.clone(),
        kind: IssueKind::OutsidePeriod,
        problem: format!("dated {}, after the period being scored ({focus}); the visit is not scored", visit.period),
    }
}

pub(super) fn duplicate(file: &str, visit: &Visit, column: String, first_file: &str, first_line: u64) -> Issue {
    Issue {
        file: file.to_string(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        column,
        value: visit.visit_id.clone(),
        kind: IssueKind::DuplicateVisitId,
        problem: format!(
            "duplicate visit id, first seen in {first_file} line {first_line}; this visit is still scored"
        ),
    }
}
